"""The path a user takes after schemac: plain ``alembic`` with DATABASE_URL."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlalchemy.engine import URL

from schemac.cli import main

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.postgres


def _schemac(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _alembic(project: Path, url: URL, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=url.render_as_string(hide_password=False))
    env.pop("DATABASE_URL_DIRECT", None)
    env.pop("DIRECT_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_alembic_command_migrates_with_database_url(
    tmp_path: Path, database_url: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(ROOT / "samples" / "todo" / "todo.dbs", tmp_path / "todo.dbs")
    monkeypatch.chdir(tmp_path)
    _schemac("build", "todo.dbs", "--out", "app")
    _schemac("init", "--out", "app")
    _schemac("migrate", "todo.dbs", "-m", "initial")
    # The URL a user copies from a dashboard names another driver.
    plain = database_url.set(drivername="postgresql")

    upgraded = _alembic(tmp_path, plain, "upgrade", "head")
    assert upgraded.returncode == 0, upgraded.stderr
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
        assert {"users", "todos", "tags", "todo_tags", "alembic_version"} <= tables

        checked = _alembic(tmp_path, plain, "check")
        assert checked.returncode == 0, checked.stdout + checked.stderr

        downgraded = _alembic(tmp_path, plain, "downgrade", "base")
        assert downgraded.returncode == 0, downgraded.stderr
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()


def test_dropping_a_schema_with_its_enum_migrates_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    schema = tmp_path / "shop.dbs"
    schema.write_text(
        "model User { name: str(50) }\n"
        "enum Mood {\n    happy\n    sad\n    schema sales\n}\n"
        "model Visit {\n    mood: Mood\n    schema sales\n}\n"
    )
    _schemac("init")
    _schemac("migrate", "shop.dbs", "-m", "first")
    schema.write_text("model User { name: str(50) }\n")
    _schemac("migrate", "shop.dbs", "-m", "drop sales", "--allow-destructive")

    revision = next(tmp_path.glob("migrations/versions/*_drop_sales.py")).read_text()
    upgrade = revision[revision.index("def upgrade") : revision.index("def downgrade")]
    assert upgrade.index('name="mood"') < upgrade.index("DROP SCHEMA")
    # verify upgrades, downgrades to base and upgrades again on PostgreSQL.
    _schemac("verify", "shop.dbs")
