"""``schemac convert``: a Markdown spec (or any spec) printed as ``.dbs``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from schemac.backends.dbs import print_dbs
from schemac.cli_support import handle_errors, print_diagnostics
from schemac.compiler import ir
from schemac.diagnostics import Severity
from schemac.errors import InputError, SchemacError
from schemac.pipeline import load_schema


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--to",
    "target",
    type=click.Choice(["dbs"]),
    default="dbs",
    show_default=True,
    help="The language to convert to.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of standard output.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
@handle_errors
def convert(spec: Path, target: str, out: Path | None, strict: bool) -> None:
    """Convert SPEC (a Markdown or .dbs spec) to the .dbs language.

    The result goes to standard output (or --out); a summary of what was
    understood and every warning go to standard error.
    """
    try:
        loaded = load_schema(spec, strict=strict)
    except OSError as exc:
        raise SchemacError(f"cannot read {spec}: {exc.strerror or exc}") from exc
    except InputError:
        raise
    text = print_dbs(loaded.schema)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
    print_diagnostics(loaded.diagnostics, loaded.sources)
    warnings = sum(1 for d in loaded.diagnostics if d.severity is Severity.WARNING)
    click.echo(summary(loaded.schema, warnings), err=True)
    sys.stdout.flush()


def summary(schema: ir.Schema, warnings: int) -> str:
    """``converted: 4 tables, 31 columns, 3 relations, 1 enum, 2 warnings``."""
    models = [m for m in schema.models if not m.is_link]
    columns = sum(len(m.columns) for m in models)
    relations = sum(1 for m in schema.models for r in m.relations if r.declared)
    parts = [
        _count(len(models), "table"),
        _count(columns, "column"),
        _count(relations, "relation"),
        _count(len(schema.enums), "enum"),
        _count(warnings, "warning"),
    ]
    return "converted: " + ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
