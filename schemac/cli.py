"""The ``schemac`` command: read settings, run the pipeline, print results.

This is the only module that prints. Problems in the user's input arrive as
:class:`~schemac.errors.SchemacError` and leave as a message and an exit code,
never as a traceback.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path
from typing import Any

import click

from schemac import __version__
from schemac.backends import RenderContext, get_backend
from schemac.build import BuildResult, plan_build
from schemac.cli_convert import convert
from schemac.cli_erd import erd
from schemac.cli_migrate import init, migrate, verify
from schemac.cli_support import (
    check_package,
    handle_errors,
    load_or_exit,
    resolve_schema,
    summarize,
)
from schemac.config import LAYOUTS, Config, load_config
from schemac.errors import SchemacError
from schemac.output import stale_files, write_files
from schemac.pipeline import Loaded

EPILOG = """\b
Examples:
  schemac build schema.dbs                 write ./models/ from schema.dbs
  schemac build spec.md --out app          compile a Markdown spec into app/models/
  schemac build --layout module            one models.py instead of a package
  schemac build --check                    exit 1 if generated files are stale (CI)
  schemac check schema.dbs                 parse and validate only
"""


@click.group(epilog=EPILOG)
@click.version_option(__version__, prog_name="schemac")
@click.option("-v", "--verbose", count=True, help="Log what schemac does (-vv: more).")
def main(verbose: int) -> None:
    """Compile database schema specs to SQLModel models, Alembic migrations
    and ERD diagrams for PostgreSQL."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    tune_gc()


def tune_gc() -> None:
    """Collect garbage less often than Python's default.

    A compile builds hundreds of thousands of small objects (parse trees,
    IR nodes, rendered lines) that live until the run ends. With the default
    thresholds the collector rescans them so often that a 5,000-model schema
    spends more time in it than in parsing; the process is short-lived, so
    collecting less often costs little memory.
    """
    gc.set_threshold(50_000, 20, 100)


@main.command(epilog=EPILOG)
@click.argument("schema", type=click.Path(path_type=Path), required=False)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Output directory [default: .]"
)
@click.option(
    "--package",
    help="Name of the generated package [default: models].",
    callback=check_package,
)
@click.option(
    "--layout", type=click.Choice(LAYOUTS), help="One module per model, or one module."
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if files are stale.",
)
@click.option("--force", is_flag=True, help="Overwrite files schemac did not write.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def build(
    schema: Path | None,
    out: Path | None,
    package: str | None,
    layout: str | None,
    check_only: bool,
    force: bool,
    strict: bool,
) -> None:
    """Generate the SQLModel package (and configured diagrams) from SCHEMA."""
    config = load_config()
    path = resolve_schema(schema, config, "build")
    loaded = load_or_exit(path, strict)
    out_dir = out or config.out
    options: dict[str, Any] = {
        "package": package or config.package,
        "layout": layout or config.layout,
        "erd": dict(config.erd),
    }
    result = plan_build(loaded.schema, RenderContext(str(path), options), out_dir)

    if check_only:
        _report_stale(result, out_dir)
        return
    report = write_files(result.files, out_dir, force=force)
    for orphan in result.orphans:
        orphan.unlink()
    _print_summary(loaded, result, len(report.written), len(report.unchanged))
    _report_pending_migration(loaded, config)


def _report_pending_migration(loaded: Loaded, config: Config) -> None:
    """Say so when an Alembic project exists and lags behind the schema."""
    from schemac.migrations import pending_changes

    try:
        plan = pending_changes(config.migrations_dir(), loaded.schema)
    except SchemacError as exc:
        click.echo(f"note: cannot compare with the migrations: {exc}", err=True)
        return
    if plan is not None:
        count = len(plan.operations)
        click.echo(
            f"note: the schema has changed since the last migration ({count} "
            'operation(s)); run `schemac migrate -m "..."` to write a revision'
        )


def _report_stale(result: BuildResult, out_dir: Path) -> None:
    stale = stale_files(result.files, out_dir) + list(result.orphans)
    if stale:
        for path in stale:
            click.echo(f"stale: {path}", err=True)
        click.echo(
            f"schemac: {len(stale)} generated file(s) out of date; run `schemac build`",
            err=True,
        )
        sys.exit(1)
    click.echo(f"up to date: {len(result.files)} file(s) in {out_dir}")


def _print_summary(
    loaded: Loaded, result: BuildResult, written: int, same: int
) -> None:
    removed = f", {len(result.orphans)} removed" if result.orphans else ""
    click.echo(
        f"schemac: {summarize(loaded)} -> {result.root}: "
        f"{written} file(s) written, {same} unchanged{removed}"
    )


@main.command()
@click.argument("schema", type=click.Path(path_type=Path), required=False)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def check(schema: Path | None, strict: bool) -> None:
    """Parse and validate SCHEMA without writing anything."""
    path = resolve_schema(schema, load_config(), "check")
    loaded = load_or_exit(path, strict)
    click.echo(f"{path}: ok — {summarize(loaded)}")


@main.command("backends")
def list_backends() -> None:
    """List the backends schemac can load."""
    from schemac.backends import available

    for name in available():
        backend = get_backend(name)
        click.echo(f"{name:10} {backend.description}")


main.add_command(convert)
main.add_command(erd)
main.add_command(init)
main.add_command(migrate)
main.add_command(verify)
