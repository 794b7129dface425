"""Prove a project's revisions on a real PostgreSQL.

``verify`` applies every revision from base to head on a throwaway database,
compares the result with the models' metadata the way Alembic's autogenerate
would (types, server defaults, CHECK constraints by name, indexes, foreign
keys, comments: nothing may differ), downgrades to base and checks nothing
is left behind, then upgrades once more.

The models compared are generated fresh from the schema by the SQLModel
backend into a temporary directory (:func:`generated_metadata`), so the check
does not depend on whether ``schemac build`` was run.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import URL

from schemac.compiler import ir
from schemac.migrations.project import Project
from schemac.output import write_files
from schemac.planner.defs import qualified
from schemac.postgres import embedded_server, psycopg_url, scratch_database

log = logging.getLogger(__name__)

#: Options that make the comparison as strict as autogenerate can be.
COMPARE_OPTIONS: dict[str, Any] = {
    "compare_type": True,
    "compare_server_default": True,
    "include_schemas": True,
    "autogenerate_plugins": [
        "alembic.autogenerate.*",
        "alembic.ext.checkconstraint_byname",
    ],
}

_URL_VARIABLES = ("DATABASE_URL_DIRECT", "DIRECT_DATABASE_URL", "DATABASE_URL")


@dataclass
class VerifyReport:
    """What ``verify`` did and what it found wrong."""

    steps: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_project(
    project: Project, metadata: sa.MetaData, database_url: str | URL | None = None
) -> VerifyReport:
    """Upgrade, compare, downgrade, check, upgrade again; report problems.

    Args:
        project: The Alembic project whose revisions are checked.
        metadata: The models' metadata to compare the database with.
        database_url: A server to create a scratch database on; None starts
            an embedded PostgreSQL.
    """
    report = VerifyReport()
    with _server(database_url) as server, scratch_database(server) as url:
        report.steps.append(f"created scratch database {url.database}")
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            _run(project, metadata, engine, url, report)
        finally:
            engine.dispose()
    return report


def _run(
    project: Project,
    metadata: sa.MetaData,
    engine: sa.Engine,
    url: URL,
    report: VerifyReport,
) -> None:
    count = len(list(project.script().walk_revisions()))
    run_alembic(project, metadata, engine, url, "upgrade", "head")
    report.steps.append(f"upgraded base -> head ({count} revision(s))")
    _compare_step(engine, metadata, report, "after upgrade")

    run_alembic(project, metadata, engine, url, "downgrade", "base")
    leftovers = residue(engine)
    report.problems.extend(f"left after downgrade to base: {x}" for x in leftovers)
    report.steps.append(
        "downgraded to base: "
        + ("nothing left behind" if not leftovers else f"{len(leftovers)} left")
    )

    run_alembic(project, metadata, engine, url, "upgrade", "head")
    report.steps.append("upgraded base -> head again")
    _compare_step(engine, metadata, report, "after the second upgrade")


def _compare_step(
    engine: sa.Engine, metadata: sa.MetaData, report: VerifyReport, when: str
) -> None:
    with engine.connect() as connection:
        drift = compare_database(connection, metadata)
    report.problems.extend(f"{when}: {line}" for line in drift)
    report.steps.append(
        f"compared the database with the models {when}: "
        + ("no differences" if not drift else f"{len(drift)} difference(s)")
    )


@contextlib.contextmanager
def _server(database_url: str | URL | None) -> Iterator[URL]:
    if database_url is None:
        with embedded_server() as url:
            yield url
    else:
        yield psycopg_url(database_url)


def run_alembic(
    project: Project,
    metadata: sa.MetaData,
    engine: sa.Engine,
    url: URL,
    action: str,
    target: str,
) -> None:
    """Run an Alembic command on the scratch database, whatever env.py reads."""
    config = project.config()
    config.set_main_option(
        "sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%")
    )
    config.attributes["target_metadata"] = metadata
    with _scratch_environment(url), engine.connect() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, target)
        connection.commit()


@contextlib.contextmanager
def _scratch_environment(url: URL) -> Iterator[None]:
    """Point the URL variables at the scratch database while Alembic runs.

    A project's own env.py may ignore the connection it is handed and read
    ``DATABASE_URL``; it must never reach the real database from here.
    """
    saved = {name: os.environ.get(name) for name in _URL_VARIABLES}
    rendered = url.render_as_string(hide_password=False)
    try:
        for name in _URL_VARIABLES:
            os.environ[name] = rendered
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def compare_database(connection: sa.Connection, metadata: sa.MetaData) -> list[str]:
    """Every difference between the database and ``metadata``, in words."""
    context = MigrationContext.configure(
        connection, opts={**COMPARE_OPTIONS, "target_metadata": metadata}
    )
    with warnings.catch_warnings():
        # A foreign-key cycle (allowed: keys are added after the tables) makes
        # SQLAlchemy warn that it cannot sort the tables; comparing needs no order.
        warnings.filterwarnings(
            "ignore", "Cannot correctly sort tables", sa.exc.SAWarning
        )
        diffs = compare_metadata(context, metadata)
    lines: list[str] = []
    for diff in diffs:
        for item in diff if isinstance(diff, list) else [diff]:
            lines.append(describe_diff(item))
    return lines


def describe_diff(diff: tuple[Any, ...]) -> str:
    """One Alembic autogenerate difference as a sentence naming its table."""
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return _table_presence(kind, diff[1])
    if kind in ("add_column", "remove_column"):
        where = "the models but not the database"
        if kind == "remove_column":
            where = "the database but not the models"
        return f"column {qualified(diff[1], diff[2])}.{diff[3].name} is in {where}"
    if kind.startswith("modify_") and len(diff) >= 7:
        return _modification(diff)
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        return _constraint_presence(kind, diff[1])
    if kind in ("add_fk", "remove_fk"):
        return _constraint_presence(kind, diff[1])
    if kind == "modify_table_comment":
        return f"table {qualified(diff[1], diff[2])}: comment differs"
    return f"difference: {diff!r}"


def _table_presence(kind: str, table: sa.Table) -> str:
    name = qualified(table.schema, table.name)
    if kind == "add_table":
        return f"table {name} is in the models but not the database"
    return f"table {name} is in the database but not the models"


def _modification(diff: tuple[Any, ...]) -> str:
    kind, schema, table, column, _existing, database, models = diff[:7]
    what = kind.removeprefix("modify_")
    label = f"{qualified(schema, table)}.{column}"
    if what == "default":
        database = _default_text(database)
        models = _default_text(models)
    return (
        f"column {label}: {what} is {database} in the database, {models} in the models"
    )


def _default_text(value: Any) -> str:
    arg = getattr(value, "arg", value)
    return str(getattr(arg, "text", arg))


def _constraint_presence(kind: str, item: Any) -> str:
    table = getattr(item, "table", None)
    where = qualified(table.schema, table.name) if table is not None else "?"
    names = ", ".join(c.name for c in getattr(item, "columns", []))
    columns = f" ({names})" if names else ""
    noun = type(item).__name__
    side = (
        "in the models but not the database"
        if kind.startswith("add")
        else "in the database but not the models"
    )
    return f"{noun} {item.name} on {where}{columns} is {side}"


_RESIDUE_SQL = """
SELECT CASE c.relkind WHEN 'i' THEN 'index ' WHEN 'S' THEN 'sequence '
       ELSE 'table ' END || n.nspname || '.' || c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'i', 'S')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND c.relname NOT IN ('alembic_version', 'alembic_version_pkc')
UNION ALL
SELECT 'enum type ' || n.nspname || '.' || t.typname
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1
"""


def residue(engine: sa.Engine) -> list[str]:
    """Tables, indexes, sequences and enum types left in the database."""
    with engine.connect() as connection:
        rows = connection.execute(sa.text(_RESIDUE_SQL)).scalars().all()
    return [str(row) for row in rows]


@contextlib.contextmanager
def generated_metadata(schema: ir.Schema, source: str) -> Iterator[sa.MetaData]:
    """Generate the SQLModel package for ``schema`` and yield its metadata.

    The package gets a unique name and is removed from ``sys.modules`` and
    the disk afterwards, so several schemas can be checked in one process.
    """
    from schemac.backends import RenderContext
    from schemac.backends.sqlmodel import backend

    package = f"schemac_verify_{uuid.uuid4().hex[:10]}"
    context = RenderContext(source, {"package": package, "layout": "package"})
    files = backend.render(schema, context)
    with tempfile.TemporaryDirectory(prefix="schemac-models-") as tmp:
        write_files(files, Path(tmp))
        sys.path.insert(0, tmp)
        try:
            importlib.invalidate_caches()
            module = importlib.import_module(package)
            metadata: sa.MetaData = module.metadata
            yield metadata
        finally:
            sys.path.remove(tmp)
            for name in [n for n in sys.modules if n.split(".")[0] == package]:
                del sys.modules[name]
