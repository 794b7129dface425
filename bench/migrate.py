"""Benchmark: migration planning and rendering against Alembic's autogenerate.

Usage: python bench/migrate.py [SIZES...] [--autogenerate-max N]
(default sizes: 100 1000 5000; autogenerate up to 1000 models)

For each size it compiles a synthetic schema (the shape of
``bench/compile.py``) and a second version in which 10 % of the models
change (a nullable column, a column with a default and its index added). It prints:

- plan/render: ``diff_schemas`` and ``render_revision`` for the initial
  migration and for the change; no database involved;
- autogenerate: Alembic's ``produce_migrations`` (with ``compare_type`` and
  ``compare_server_default``) for the same change, against an embedded
  PostgreSQL already at the first version, which is what ``alembic revision
  --autogenerate`` needs. Setting that database up is not timed.

Alembic at 5,000 models takes over a minute, so it is skipped by default.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa
from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext
from compile import synthetic_schema

from schemac.backends.alembic import RevisionInfo, render_revision
from schemac.compiler import compile_source, ir
from schemac.migrations.verify import COMPARE_OPTIONS, generated_metadata
from schemac.planner import diff_schemas
from schemac.postgres import embedded_server, scratch_database

INFO = RevisionInfo("bench", None, "bench", datetime(2026, 1, 1, tzinfo=UTC), "bench")


def changed_schema(text: str, models: int) -> str:
    """``text`` with every tenth model given a new column and a new index."""
    for i in range(0, models, 10):
        head = f'    "Synthetic model number {i}."\n'
        text = text.replace(
            head, head + "    extra: str(40)?\n    rank: int = 0 index\n", 1
        )
    return text


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def compile_text(text: str) -> ir.Schema:
    schema = compile_source(text, "bench.dbs").schema
    assert schema is not None
    return schema


def plan_and_render(old: ir.Schema | None, new: ir.Schema) -> tuple[float, float, int]:
    plan_s, plan = timed(lambda: diff_schemas(old, new))
    render_s, _ = timed(lambda: render_revision(INFO, plan.operations))
    return plan_s, render_s, len(plan.operations)


def autogenerate(old: ir.Schema, new: ir.Schema) -> tuple[float, int]:
    """Time Alembic's comparison of a database at ``old`` with ``new``."""
    with embedded_server() as server, scratch_database(server) as url:
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with generated_metadata(old, "old.dbs") as metadata:
            tables = metadata.sorted_tables
            for start in range(0, len(tables), 200):  # stay under the lock limit
                with engine.begin() as conn:
                    metadata.create_all(conn, tables=tables[start : start + 200])
        with generated_metadata(new, "new.dbs") as metadata, engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={**COMPARE_OPTIONS, "target_metadata": metadata}
            )
            seconds, script = timed(lambda: produce_migrations(context, metadata))
        engine.dispose()
    changes = sum(len(getattr(op, "ops", [op])) for op in script.upgrade_ops.ops)
    return seconds, changes


def main(argv: list[str]) -> None:
    autogenerate_max = 1000
    if "--autogenerate-max" in argv:
        at = argv.index("--autogenerate-max")
        autogenerate_max = int(argv[at + 1])
        del argv[at : at + 2]
    sizes = [int(a) for a in argv] or [100, 1000, 5000]
    print(
        f"{'models':>7} {'step':<10} {'ops':>6} {'plan s':>8} {'render s':>9}"
        f" {'autogen s':>10}"
    )
    for size in sizes:
        text = synthetic_schema(size)
        old = compile_text(text)
        new = compile_text(changed_schema(text, size))
        plan_s, render_s, count = plan_and_render(None, old)
        print(f"{size:>7} {'initial':<10} {count:>6} {plan_s:>8.3f} {render_s:>9.3f}")
        plan_s, render_s, count = plan_and_render(old, new)
        auto = "skipped"
        if size <= autogenerate_max:
            seconds, changes = autogenerate(old, new)
            auto = f"{seconds:.3f}"
            assert changes >= count // 2, (changes, count)
        print(
            f"{size:>7} {'10% change':<10} {count:>6} {plan_s:>8.3f} {render_s:>9.3f}"
            f" {auto:>10}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
