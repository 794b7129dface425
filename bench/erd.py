"""Benchmark: ERD generation and Graphviz layout time for synthetic schemas.

Usage: python bench/erd.py [SIZES...] [--timeout SECONDS] [--png DIR]
(default sizes: 50 200 1000; default timeout: 120 s per layout)

Each schema is built directly as IR (no compiler involved): tables of eight
to ten columns, one to three foreign keys to earlier tables, an enum column
on every seventh table, every tenth table in a ``sales`` schema and a link
table for every fifteenth. It prints the time to build the diagram view,
to generate DOT and Mermaid (best of three), and the time Graphviz's ``dot``
takes to lay the DOT out as SVG, run once under a timeout. ``--png DIR``
also writes each PNG there, to look at.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from schemac.backends.erd import ErdOptions, build_diagram, render_text
from schemac.compiler import ir

T = TypeVar("T")


def synthetic_schema(tables: int) -> ir.Schema:
    """A schema of ``tables`` tables with foreign keys, an enum and links."""
    level = ir.Enum(
        "Level", "level", tuple(ir.EnumValue(v) for v in ("low", "medium", "high"))
    )
    models = [_model(i) for i in range(tables)]
    models += [_link(i, models) for i in range(14, tables, 15)]
    return ir.Schema(tuple(models), (level,))


def _column(name: str, kind: str, **extra: object) -> ir.Column:
    nullable = bool(extra.pop("nullable", False))
    return ir.Column(name, name, ir.ColumnType(kind, **extra), nullable)  # type: ignore[arg-type]


def _model(i: int) -> ir.Model:
    schema = "sales" if i % 10 == 3 else None
    columns = [
        ir.Column("id", "id", ir.ColumnType("int"), False, primary_key=True),
        _column("name", "str", length=120),
        _column("note", "text", nullable=True),
        _column("amount", "decimal", precision=12, scale=2),
        _column("active", "bool"),
        _column("created_at", "datetime"),
    ]
    if i % 7 == 6:
        columns.append(_column("level", "enum", enum="Level"))
    fks = []
    for target in sorted({i // 2, i - 1, (i * 7) % max(i, 1)})[: 1 + i % 3]:
        if 0 <= target < i:
            name = f"entity{target}_id"
            columns.append(_column(name, "int", nullable=bool(target % 2)))
            fks.append(
                ir.ForeignKey(
                    f"fk_entity{i}_{name}",
                    (name,),
                    f"Entity{target}",
                    f"entity{target}",
                    "sales" if target % 10 == 3 else None,
                    ("id",),
                )
            )
    return ir.Model(
        f"Entity{i}",
        f"entity{i}",
        tuple(columns),
        ("id",),
        schema=schema,
        doc=f"Synthetic table number {i}.",
        foreign_keys=tuple(fks),
    )


def _link(i: int, models: list[ir.Model]) -> ir.Model:
    first, second = models[i], models[i - 7]
    keys = []
    for model in (first, second):
        keys.append(
            ir.ForeignKey(
                f"fk_link{i}_{model.table}",
                (f"{model.table}_id",),
                model.name,
                model.table,
                model.schema,
                ("id",),
            )
        )
    columns = tuple(
        ir.Column(k.columns[0], k.columns[0], ir.ColumnType("int"), False, True)
        for k in keys
    )
    return ir.Model(
        f"Link{i}",
        f"link{i}",
        columns,
        tuple(c.db_name for c in columns),
        foreign_keys=tuple(keys),
        is_link=True,
    )


def _best(func: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def _layout(dot: str, timeout: float, fmt: str = "svg") -> tuple[str, bytes]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            ["dot", f"-T{fmt}"],
            input=dot.encode(),
            capture_output=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (timed out)", b""
    except subprocess.CalledProcessError as exc:
        return f"failed: {exc.stderr.decode()[:200]}", b""
    return f"{time.perf_counter() - start:8.2f} s", done.stdout


def _measure(size: int, timeout: float, png: Path | None, has_dot: bool) -> str:
    """One line of figures for a schema of ``size`` tables."""
    schema = synthetic_schema(size)
    view_time, diagram = _best(lambda: build_diagram(schema, ErdOptions()))
    dot_time, dot = _best(lambda: render_text(diagram, "dot", "bench.dbs"))
    mmd_time, mmd = _best(lambda: render_text(diagram, "mermaid", "bench.dbs"))
    layout = "skipped: Graphviz's dot is not installed"
    if has_dot:
        layout, _ = _layout(dot, timeout)
    if png is not None:
        png.mkdir(parents=True, exist_ok=True)
        _, image = _layout(dot, timeout, "png")
        (png / f"erd-{size}.png").write_bytes(image)
    return (
        f"{len(diagram.tables):>7} {len(diagram.edges):>6} "
        f"{view_time * 1000:>7.1f}ms {dot_time * 1000:>7.1f}ms "
        f"{mmd_time * 1000:>7.1f}ms {len(dot) / 1024:>8.0f} "
        f"{len(mmd) / 1024:>8.0f}   {layout}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 200, 1000])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--png", type=Path, help="write each layout as PNG here")
    args = parser.parse_args()
    has_dot = shutil.which("dot") is not None

    header = f"{'tables':>7} {'edges':>6} {'view':>9} {'DOT':>9} {'Mermaid':>9}"
    header += f" {'DOT KiB':>8} {'MMD KiB':>8}   dot -Tsvg layout"
    print(header)
    for size in args.sizes:
        print(_measure(size, args.timeout, args.png if has_dot else None, has_dot))


if __name__ == "__main__":
    main()
