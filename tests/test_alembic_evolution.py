"""A schema walked through eight versions on a real PostgreSQL.

Each step plans offline from the previous snapshot, writes the revision into
a temporary Alembic project, upgrades, compares the database with freshly
generated models (no drift allowed) and writes rows; at the end the chain is
downgraded step by step, each intermediate state compared with its version.
The versions in ``tests/evolution`` together use every operation kind.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from schemac.compiler import compile_files, ir
from schemac.migrations import init_project, write_migration
from schemac.migrations.project import Project
from schemac.migrations.verify import (
    compare_database,
    generated_metadata,
    residue,
    run_alembic,
)
from schemac.planner import diff_schemas
from schemac.planner.operations import ALL_OPERATIONS

EVOLUTION = Path(__file__).parent / "evolution"
VERSIONS = sorted(EVOLUTION.glob("v*.dbs"))
#: The rules this repository selects, applied to what it generates.
RULES = "E,F,W,I,B,UP,SIM,RUF,N,C4,PTH,RET"
CREATED = datetime(2026, 1, 1, tzinfo=UTC)

pytestmark = pytest.mark.postgres


def compile_version(path: Path) -> ir.Schema:
    result = compile_files([path])
    assert result.schema is not None, result.diagnostics
    return result.schema


def assert_no_drift(engine: sa.Engine, schema: ir.Schema, label: str) -> None:
    with generated_metadata(schema, label) as metadata, engine.connect() as conn:
        assert compare_database(conn, metadata) == [], label


def alembic(
    project: Project, engine: sa.Engine, url: URL, action: str, to: str
) -> None:
    run_alembic(project, sa.MetaData(), engine, url, action, to)


def run_sql(engine: sa.Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.begin() as conn:
        result = conn.execute(sa.text(sql))
        return [tuple(row) for row in result] if result.returns_rows else []


#: Rows written (and checked) after upgrading to each version.
STEPS: dict[int, list[str]] = {
    1: [
        "INSERT INTO authors (name, email) VALUES ('Ann', 'ann@example.com')",
        "INSERT INTO posts (author_id, title, body, status, score) "
        "VALUES (1, 'Hello', 'First post', 'active', 5)",
    ],
    2: ["INSERT INTO articles (author_id, headline, body) VALUES (1, 'Two', 'x')"],
    3: ["INSERT INTO blog.tags (label, author_id) VALUES ('Python', 1)"],
    6: ["UPDATE authors SET mood = 'calm'"],
    8: ["UPDATE writers SET featured_id = 1"],
}

CHECKS: dict[int, list[tuple[str, list[tuple[object, ...]]]]] = {
    2: [
        (
            "SELECT headline, status::text, views FROM articles WHERE id = 1",
            [("Hello", "active", 0)],
        )
    ],
    3: [("SELECT count(*) FROM blog.tags WHERE label = 'python'", [(1,)])],
    4: [("SELECT status::text FROM articles WHERE id = 1", [("published",)])],
    5: [
        (
            "SELECT status::text, score FROM articles ORDER BY id",
            [("published", 5), ("draft", 0)],
        )
    ],
    8: [
        (
            "SELECT w.name, a.headline, a.status::text FROM writers w "
            "JOIN articles a ON a.id = w.featured_id",
            [("Ann", "Hello", "published")],
        ),
        ("SELECT count(*) FROM articles WHERE author_id = 1", [(2,)]),
    ],
}


def test_versions_use_every_operation() -> None:
    seen: set[str] = set()
    previous = None
    for path in VERSIONS:
        schema = compile_version(path)
        for op in diff_schemas(previous, schema).operations:
            seen.update({type(op).__name__, type(op.reverse()).__name__})
        previous = schema
    missing = [cls.__name__ for cls in ALL_OPERATIONS if cls.__name__ not in seen]
    assert missing == []
    assert len(VERSIONS) >= 8


def test_schema_evolution(database_url: URL, tmp_path: Path) -> None:
    project = init_project(tmp_path).project
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    schemas: list[ir.Schema] = []
    try:
        for number, path in enumerate(VERSIONS, start=1):
            schema = compile_version(path)
            result = write_migration(
                project,
                schema,
                f"evolution v{number}",
                allow_destructive=True,
                revision_id=f"rev{number:02d}",
                created=CREATED,
                source=path.name,
            )
            assert result.revisions == [f"rev{number:02d}"]
            alembic(project, engine, database_url, "upgrade", "head")
            assert_no_drift(engine, schema, path.name)
            for sql in STEPS.get(number, []):
                run_sql(engine, sql)
            for sql, expected in CHECKS.get(number, []):
                assert run_sql(engine, sql) == expected, (path.name, sql)
            schemas.append(schema)

        for number in range(len(VERSIONS) - 1, -1, -1):
            target = f"rev{number:02d}" if number else "base"
            alembic(project, engine, database_url, "downgrade", target)
            if number:
                assert_no_drift(engine, schemas[number - 1], f"down to v{number}")
        assert residue(engine) == []
    finally:
        engine.dispose()

    _assert_ruff_clean(project)


def _assert_ruff_clean(project: Project) -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    files = [str(p) for p in project.versions.glob("*.py")]
    files.append(str(project.script_location / "env.py"))
    for args in (
        ["check", "--isolated", "--select", RULES],
        ["format", "--check", "--isolated"],
    ):
        done = subprocess.run(
            [ruff, *args, *files], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
