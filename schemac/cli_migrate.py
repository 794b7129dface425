"""``schemac init``, ``schemac migrate`` and ``schemac verify``.

Thin commands over :mod:`schemac.migrations`: read settings, call the
library, print what happened, set the exit code.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from schemac.cli_support import (
    check_package,
    handle_errors,
    load_or_exit,
    resolve_schema,
)
from schemac.config import Config, load_config
from schemac.migrations import (
    DestructiveChangeError,
    MigrationResult,
    find_project,
    init_project,
    preview_sql,
    write_migration,
)
from schemac.migrations.verify import generated_metadata, verify_project
from schemac.planner.order import DEFAULT_MAX_TABLES

_DIR_HELP = (
    "Directory holding alembic.ini [default: [tool.schemac.migrations] dir, or .]"
)


def _project_dir(given: Path | None, config: Config) -> Path:
    return given if given is not None else config.migrations_dir()


@click.command("init")
@click.option("--dir", "directory", type=click.Path(path_type=Path), help=_DIR_HELP)
@click.option(
    "--package",
    help="The generated models package env.py imports.",
    callback=check_package,
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Directory holding that package [default: [tool.schemac] out].",
)
@handle_errors
def init(directory: Path | None, package: str | None, out: Path | None) -> None:
    """Set up Alembic for the generated models (or adopt an existing setup)."""
    config = load_config()
    root = _project_dir(directory, config)
    report = init_project(root, package or config.package, out or config.out)
    for path in report.written:
        click.echo(f"wrote {path}")
    for path in report.kept:
        click.echo(f"kept  {path} (exists; not overwritten)")
    if report.adopted:
        click.echo(
            "adopted the existing Alembic project: new revisions chain onto its "
            "head. If its revisions already create the schema, record it once "
            "with `schemac migrate --baseline -m baseline`."
        )


@click.command("migrate")
@click.argument("schema", type=click.Path(path_type=Path), required=False)
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option(
    "--allow-destructive",
    is_flag=True,
    help="Write it even if it drops tables, columns or enum values.",
)
@click.option("--sql", is_flag=True, help="Print the SQL it would run; write nothing.")
@click.option(
    "--baseline",
    is_flag=True,
    help="Record SCHEMA as what the existing revisions create (no operations).",
)
@click.option(
    "--max-tables",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_TABLES,
    show_default=True,
    help="Split revisions touching more tables (lock limit).",
)
@click.option("--rev-id", help="Use this revision id instead of the derived one.")
@click.option("--dir", "directory", type=click.Path(path_type=Path), help=_DIR_HELP)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def migrate(
    schema: Path | None,
    message: str,
    allow_destructive: bool,
    sql: bool,
    baseline: bool,
    max_tables: int,
    rev_id: str | None,
    directory: Path | None,
    strict: bool,
) -> None:
    """Write the next Alembic revision: from the last snapshot to SCHEMA."""
    config = load_config()
    path = resolve_schema(schema, config, "migrate")
    loaded = load_or_exit(path, strict)
    project = find_project(_project_dir(directory, config))
    options = {
        "source": str(path),
        "allow_destructive": allow_destructive,
        "baseline": baseline,
        "revision_id": rev_id,
        "max_tables": max_tables,
    }
    try:
        if sql:
            result, text = preview_sql(project, loaded.schema, message, **options)
        else:
            result = write_migration(project, loaded.schema, message, **options)
    except DestructiveChangeError as exc:
        click.echo(f"schemac: refused: {exc}", err=True)
        sys.exit(1)
    _report_migration(result, baseline, quiet_stdout=sql)
    if sql and result.contents:
        click.echo(text, nl=False)


def _report_migration(
    result: MigrationResult, baseline: bool, quiet_stdout: bool
) -> None:
    """Print the plan; to stderr when stdout carries the SQL."""
    for warning in result.plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not result.contents:
        click.echo(
            "no changes: the schema matches the last migration", err=quiet_stdout
        )
        return
    if baseline:
        click.echo("recorded the schema as the baseline (no operations)")
    for operation in result.plan.operations:
        marker = "!" if operation.is_destructive() else "-"
        click.echo(f"  {marker} {operation.describe()}", err=quiet_stdout)
    for path in result.files:
        click.echo(f"wrote {path}")


@click.command("verify")
@click.argument("schema", type=click.Path(path_type=Path), required=False)
@click.option(
    "--database-url",
    envvar="SCHEMAC_VERIFY_DATABASE_URL",
    help="A server to create a scratch database on [default: embedded PostgreSQL].",
)
@click.option("--dir", "directory", type=click.Path(path_type=Path), help=_DIR_HELP)
@handle_errors
def verify(
    schema: Path | None, database_url: str | None, directory: Path | None
) -> None:
    """Apply every revision to a scratch database and compare it with SCHEMA."""
    config = load_config()
    path = resolve_schema(schema, config, "verify")
    loaded = load_or_exit(path)
    project = find_project(_project_dir(directory, config))
    started = datetime.now()
    with generated_metadata(loaded.schema, str(path)) as metadata:
        report = verify_project(project, metadata, database_url)
    for step in report.steps:
        click.echo(f"  {step}")
    seconds = (datetime.now() - started).total_seconds()
    if not report.ok:
        for problem in report.problems:
            click.echo(f"drift: {problem}", err=True)
        click.echo(
            f"schemac: verify failed: {len(report.problems)} problem(s)", err=True
        )
        sys.exit(1)
    click.echo(f"verified: the migrations match {path} ({seconds:.1f}s)")
