"""The seed's todo example evolving as a user would, through the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.engine import URL

from schemac.cli import main

ROOT = Path(__file__).resolve().parent.parent
TODO = (ROOT / "samples" / "todo" / "todo.dbs").read_text()

pytestmark = pytest.mark.postgres


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def revisions(project: Path) -> list[Path]:
    return sorted((project / "migrations" / "versions").glob("*.py"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def insert_after(path: Path, prefix: str, line: str) -> None:
    """Add ``line`` after the first line starting with ``prefix``."""
    lines = path.read_text().splitlines()
    at = next(i for i, text in enumerate(lines) if text.startswith(prefix))
    lines.insert(at + 1, line)
    path.write_text("\n".join(lines) + "\n")


def remove_line(path: Path, prefix: str) -> None:
    lines = path.read_text().splitlines()
    path.write_text("\n".join(x for x in lines if not x.startswith(prefix)) + "\n")


def test_todo_example_evolves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_server: URL
) -> None:
    monkeypatch.chdir(tmp_path)
    schema = tmp_path / "todo.dbs"
    schema.write_text(TODO)

    result = run("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "alembic.ini").is_file()
    assert (tmp_path / "migrations" / "env.py").is_file()
    assert run("migrate", "todo.dbs", "-m", "initial").exit_code == 0
    assert len(revisions(tmp_path)) == 1

    # Nothing changed: a message, exit 0, nothing written.
    result = run("migrate", "todo.dbs", "-m", "nothing")
    assert result.exit_code == 0
    assert "no changes" in result.output
    assert len(revisions(tmp_path)) == 1

    # A priority enum on todos.
    edit(schema, "model Todo {", "enum Priority { low, medium, high }\n\nmodel Todo {")
    insert_after(schema, "    due_date:", "    priority: Priority = medium")
    result = run("migrate", "todo.dbs", "-m", "add priority to todos")
    assert result.exit_code == 0, result.output
    assert "create enum type priority" in result.output
    assert "add column todos.priority" in result.output

    # Rename name to display_name, declared.
    edit(schema, "    name: str(255)?", "    display_name: str(255)? was=name")
    result = run("migrate", "todo.dbs", "-m", "rename name to display_name")
    assert "rename column users.name to display_name" in result.output

    # A projects table with a foreign key from todos.
    edit(
        schema, "model Tag {", "model Project {\n    title: str(100)\n}\n\nmodel Tag {"
    )
    insert_after(schema, "    title: str(255) index", "    project: Project?")
    result = run("migrate", "todo.dbs", "-m", "projects")
    assert result.exit_code == 0, result.output
    assert "create table projects" in result.output
    assert "add foreign key fk_todos_project_id_projects" in result.output

    # A value added to an enum; previewed as SQL first (nothing written).
    edit(
        schema,
        "enum Priority { low, medium, high }",
        "enum Priority { low, medium, high, urgent }",
    )
    count = len(revisions(tmp_path))
    result = run("migrate", "todo.dbs", "-m", "urgent", "--sql")
    assert result.exit_code == 0
    assert "ALTER TYPE priority ADD VALUE 'urgent' AFTER 'high';" in result.output
    assert len(revisions(tmp_path)) == count
    assert run("migrate", "todo.dbs", "-m", "urgent priority").exit_code == 0

    # Dropping a column is refused, listing what would be lost, until allowed.
    remove_line(schema, "    description:")
    result = run("migrate", "todo.dbs", "-m", "drop description")
    assert result.exit_code == 1
    assert "drop column todos.description" in result.output
    assert "--allow-destructive" in result.output
    result = run("migrate", "todo.dbs", "-m", "drop description", "--allow-destructive")
    assert result.exit_code == 0, result.output
    assert len(revisions(tmp_path)) == 6

    # The chain is found through Alembic, not file times.
    heads = [
        re.search(r'down_revision = "?(\w+)', p.read_text())
        for p in revisions(tmp_path)
    ]
    assert sum(1 for h in heads if h and h.group(1) == "None") == 1

    url = postgres_server.render_as_string(hide_password=False)
    result = run("verify", "todo.dbs", "--database-url", url)
    assert result.exit_code == 0, result.output
    assert "verified" in result.output


def test_not_null_without_default_explains_choices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    schema = tmp_path / "todo.dbs"
    schema.write_text(TODO)
    run("init")
    run("migrate", "todo.dbs", "-m", "initial")
    insert_after(schema, "    hashed_password:", "    phone: str(20)")
    result = run("migrate", "todo.dbs", "-m", "phone")
    assert result.exit_code == 1
    assert "users.phone" in result.output
    assert "give it a default" in result.output


def test_existing_alembic_project_is_adopted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "todo.dbs").write_text(TODO)
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = db\n")
    (tmp_path / "db" / "versions").mkdir(parents=True)
    (tmp_path / "db" / "env.py").write_text("# my own env.py\n")
    (tmp_path / "db" / "versions" / "0001_mine.py").write_text(
        'revision = "0001"\ndown_revision = None\n\n\ndef upgrade():\n    pass\n\n\n'
        "def downgrade():\n    pass\n"
    )
    result = run("init")
    assert result.exit_code == 0
    assert "adopted" in result.output
    assert (tmp_path / "alembic.ini").read_text() == "[alembic]\nscript_location = db\n"
    assert (tmp_path / "db" / "env.py").read_text() == "# my own env.py\n"

    result = run("migrate", "todo.dbs", "-m", "first")
    assert result.exit_code == 1
    assert "--baseline" in result.output
    assert run("migrate", "todo.dbs", "-m", "baseline", "--baseline").exit_code == 0
    baseline = [
        p for p in revisions(tmp_path.joinpath("db").parent) if "baseline" in p.name
    ]
    assert baseline == []  # versions live under db/, not migrations/
    made = sorted((tmp_path / "db" / "versions").glob("*_baseline.py"))
    assert len(made) == 1
    assert 'down_revision = "0001"' in made[0].read_text()
    assert "no changes" in run("migrate", "todo.dbs", "-m", "again").output


def test_pending_changes_for_build(tmp_path: Path) -> None:
    from schemac.compiler import compile_source
    from schemac.migrations import init_project, pending_changes, write_migration

    def schema_of(text: str):  # type: ignore[no-untyped-def]
        return compile_source(text, "todo.dbs").schema

    before = schema_of(TODO)
    assert pending_changes(tmp_path, before) is None  # no project: nothing to say
    project = init_project(tmp_path).project
    assert pending_changes(tmp_path, before) is not None
    write_migration(project, before, "initial")
    assert pending_changes(tmp_path, before) is None
    after = schema_of(
        TODO.replace("model Tag {", "model Note {\n    body: text\n}\n\nmodel Tag {")
    )
    plan = pending_changes(tmp_path, after)
    assert plan is not None
    assert [op.describe() for op in plan.operations] == ["create table notes"]
