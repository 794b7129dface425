"""Benchmark: parse, compile and SQLModel render time for synthetic schemas.

Usage: python bench/compile.py [SIZES...]   (default: 100 1000 5000)

For each size it writes a ``.dbs`` schema of that many models (every fifth
model points at an earlier one, every tenth carries an enum column) and
prints the time and peak Python memory of each phase. Times are the best of
a few runs; memory is measured in a separate pass with tracemalloc, which
slows the code down and would distort the times. The garbage collector is
tuned as the ``schemac`` command tunes it.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from schemac.backends import RenderContext, get_backend
from schemac.cli import tune_gc
from schemac.compiler.lower import compile_modules
from schemac.compiler.parser import parse_dbs
from schemac.diagnostics import DiagnosticBag
from schemac.source import SourceFile

# TODO: 5,000 models take about 11 s here, against a target of a few seconds;
# most of it is Lark's LALR parse and the SQLModel code layout.


def synthetic_schema(models: int) -> str:
    """A valid .dbs text with ``models`` models."""
    lines = ["enum Level { low, medium, high }", ""]
    for i in range(models):
        lines.append(f"model Entity{i} {{")
        lines.append(f'    "Synthetic model number {i}."')
        lines.append("    name: str(120) index")
        lines.append("    note: text?")
        lines.append("    amount: decimal(12, 2) = 0 min=0")
        lines.append("    active: bool = true")
        if i % 5 == 4:
            lines.append(f"    parent: Entity{i - 4} on_delete=cascade")
        if i % 10 == 9:
            lines.append("    level: Level = low")
        lines.append("    timestamps")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


def _best(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def _peak(func: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run(size: int) -> None:
    source = SourceFile(f"synthetic_{size}.dbs", synthetic_schema(size))
    backend = get_backend("sqlmodel")
    context = RenderContext(source.path, {"package": "models"})

    def parse() -> Any:
        bag = DiagnosticBag()
        module = parse_dbs(source, bag)
        assert not bag.has_errors, list(bag)
        return module

    repeat = 3 if size <= 1000 else 1
    t_parse, module = _best(parse, repeat)

    def lower() -> Any:
        bag = DiagnosticBag()
        schema = compile_modules([module], bag)
        assert not bag.has_errors, list(bag)
        return schema

    t_compile, schema = _best(lower, repeat)
    t_render, files = _best(lambda: backend.render(schema, context), repeat)
    peak = max(
        _peak(parse), _peak(lower), _peak(lambda: backend.render(schema, context))
    )
    total = t_parse + t_compile + t_render
    print(
        f"{size:>6} models  parse {t_parse:7.3f} s  compile {t_compile:7.3f} s  "
        f"render {t_render:7.3f} s  total {total:7.3f} s  "
        f"({total / size * 1000:.2f} ms/model)  files {len(files):>5}  "
        f"peak {peak:7.1f} MiB"
    )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000, 5000]
    tune_gc()  # as the `schemac` command does
    print(f"schemac compile benchmark (Python {sys.version.split()[0]})")
    for size in sizes:
        run(size)


if __name__ == "__main__":
    main()
