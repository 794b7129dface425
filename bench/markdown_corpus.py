"""Run the Markdown front-end over a folder of real specs and tabulate the result.

Usage: python bench/markdown_corpus.py DIR [-v] [--dbs OUT_DIR]

For every ``*.md`` file in DIR (sorted) it prints one line: tables, columns,
relations (foreign keys), warnings, errors and a status, then the totals:

- ``ok``        compiled, no warning
- ``warn``      compiled, with warnings
- ``error``     did not compile; the first error says why
- ``CRASH``     an exception escaped or was reported as an internal error:
                always a front-end bug

``-v`` prints every diagnostic under its file; ``--dbs`` writes the ``.dbs``
each spec compiled to into OUT_DIR (one file per spec) for reading by eye.
Whether a compiled schema is *faithful* to its spec is a judgement this script
cannot make; it only shows what to read.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from schemac.backends.dbs import print_dbs
from schemac.diagnostics import Diagnostic, Severity
from schemac.frontends.markdown import compile_markdown


@dataclass
class Row:
    """What one spec compiled to."""

    name: str
    tables: int = 0
    columns: int = 0
    relations: int = 0
    warnings: int = 0
    errors: int = 0
    status: str = "ok"
    seconds: float = 0.0
    first_error: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dbs: str | None = None


def run_one(path: Path) -> Row:
    """Compile one spec; never raises."""
    row = Row(path.name)
    start = time.perf_counter()
    try:
        result = compile_markdown(path)
    except Exception:  # the front-end must never raise: that is the bug we count
        row.status = "CRASH"
        row.first_error = traceback.format_exc(limit=3).strip().splitlines()[-1]
        row.seconds = time.perf_counter() - start
        return row
    row.seconds = time.perf_counter() - start
    row.diagnostics = list(result.diagnostics)
    row.warnings = sum(d.severity is Severity.WARNING for d in row.diagnostics)
    errors = [d for d in row.diagnostics if d.severity is Severity.ERROR]
    row.errors = len(errors)
    if any(d.message.startswith("internal error") for d in errors):
        row.status = "CRASH"
    elif result.schema is None:
        row.status = "error"
    elif row.warnings:
        row.status = "warn"
    if errors:
        row.first_error = errors[0].message
    if result.schema is not None:
        schema = result.schema
        row.tables = len(schema.models)
        row.columns = sum(len(m.columns) for m in schema.models)
        row.relations = sum(len(m.foreign_keys) for m in schema.models)
        row.dbs = print_dbs(schema)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--dbs", type=Path, help="write each compiled .dbs here")
    args = parser.parse_args(argv)

    paths = sorted(args.folder.glob("*.md"))
    if not paths:
        print(f"no .md files in {args.folder}", file=sys.stderr)
        return 2
    if args.dbs:
        args.dbs.mkdir(parents=True, exist_ok=True)

    rows = [run_one(p) for p in paths]
    width = max(len(r.name) for r in rows)
    print(f"{'spec':<{width}}  tbl  col  rel  warn  err  status")
    for row in rows:
        print(
            f"{row.name:<{width}}  {row.tables:>3}  {row.columns:>3}  "
            f"{row.relations:>3}  {row.warnings:>4}  {row.errors:>3}  {row.status}"
            + (f"  {row.first_error[:90]}" if row.first_error else "")
        )
        if args.verbose:
            for diagnostic in row.diagnostics:
                line = diagnostic.span.line if diagnostic.span else 0
                print(f"    {diagnostic.severity.value}:{line}: {diagnostic.message}")
        if args.dbs and row.dbs is not None:
            (args.dbs / f"{Path(row.name).stem}.dbs").write_text(row.dbs, "utf-8")

    _totals(rows)
    return 1 if any(r.status == "CRASH" for r in rows) else 0


def _totals(rows: list[Row]) -> None:
    compiled = [r for r in rows if r.status in ("ok", "warn")]
    print()
    print(
        f"files: {len(rows)}  compiled: {len(compiled)} "
        f"({sum(r.status == 'ok' for r in rows)} without warnings)  "
        f"with errors: {sum(r.status == 'error' for r in rows)}  "
        f"crashed: {sum(r.status == 'CRASH' for r in rows)}"
    )
    print(
        f"tables: {sum(r.tables for r in rows)}  "
        f"columns: {sum(r.columns for r in rows)}  "
        f"relations: {sum(r.relations for r in rows)}  "
        f"warnings: {sum(r.warnings for r in rows)}  "
        f"slowest: {max(r.seconds for r in rows):.2f}s"
    )


if __name__ == "__main__":
    sys.exit(main())
