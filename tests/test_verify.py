"""``schemac verify`` on every sample, on a tampered revision, on a split plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.engine import URL

from schemac.cli import main
from schemac.compiler import compile_source
from schemac.migrations import init_project, write_migration
from schemac.migrations.verify import generated_metadata, verify_project

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    [
        d / f"{d.name}.dbs"
        for d in (ROOT / "samples").iterdir()
        if (d / f"{d.name}.dbs").is_file()
    ]
    + list((ROOT / "samples").glob("*/*.md"))
)

pytestmark = pytest.mark.postgres


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def server(url: URL) -> str:
    return url.render_as_string(hide_password=False)


@pytest.mark.parametrize("entry", SAMPLES, ids=lambda p: p.parent.name)
def test_verify_passes_on_sample(
    entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_server: URL
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    result = run("migrate", str(entry), "-m", "initial")
    assert result.exit_code == 0, result.output
    result = run("verify", str(entry), "--database-url", server(postgres_server))
    assert result.exit_code == 0, result.output
    assert "no differences" in result.output
    assert "nothing left behind" in result.output


def test_verify_fails_on_a_revision_that_disagrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_server: URL
) -> None:
    monkeypatch.chdir(tmp_path)
    entry = ROOT / "samples" / "todo" / "todo.dbs"
    run("init")
    run("migrate", str(entry), "-m", "initial")
    (revision,) = (tmp_path / "migrations" / "versions").glob("*.py")
    text = revision.read_text()
    edited = text.replace(
        'sa.Column("title", sa.String(length=255), nullable=False)',
        'sa.Column("title", sa.String(length=100), nullable=False)',
    )
    assert edited != text
    revision.write_text(edited)

    result = run("verify", str(entry), "--database-url", server(postgres_server))
    assert result.exit_code == 1
    assert "todos.title" in result.output
    assert "VARCHAR(100)" in result.output and "VARCHAR(255)" in result.output


def test_large_initial_migration_is_split_and_verifies(
    tmp_path: Path, postgres_server: URL
) -> None:
    # A moderate stand-in for the ~1,300-table case that exhausts
    # max_locks_per_transaction: 60 tables split ten per revision.
    models = [f"model Item{i} {{\n    name: str(40) index\n}}" for i in range(59)]
    models.append(
        "model Hub {\n"
        + "\n".join(f"    i{i}: Item{i}?" for i in range(0, 59, 7))
        + "\n}"
    )
    schema = compile_source("\n\n".join(models), "big.dbs").schema
    assert schema is not None
    project = init_project(tmp_path).project
    result = write_migration(project, schema, "initial", max_tables=10)
    assert len(result.revisions) >= 6
    assert len(list(project.versions.glob("*.schema.json"))) == 1
    with generated_metadata(schema, "big.dbs") as metadata:
        report = verify_project(project, metadata, postgres_server)
    assert report.ok, report.problems
    assert (
        f"upgraded base -> head ({len(result.revisions)} revision(s))" in report.steps
    )
