"""Plan the next migration from the latest snapshot and write it.

:func:`plan_next` is pure planning (no database); :func:`write_migration`
turns the plan into revision files plus the snapshot beside the last one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import logging
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from alembic.migration import MigrationContext
from alembic.operations import Operations

from schemac.backends.alembic import RevisionInfo, render_revision
from schemac.compiler import ir
from schemac.errors import SchemacError
from schemac.migrations.project import Project, find_project
from schemac.migrations.snapshots import (
    SNAPSHOT_SUFFIX,
    Head,
    SnapshotError,
    checksum,
    find_head,
    snapshot_text,
)
from schemac.output import write_files
from schemac.planner import Operation, Plan, diff_schemas
from schemac.planner.order import DEFAULT_MAX_TABLES, split_operations

log = logging.getLogger(__name__)


class DestructiveChangeError(SchemacError):
    """The plan would lose data and ``allow_destructive`` was not given."""

    def __init__(self, operations: Sequence[Operation]) -> None:
        self.operations = tuple(operations)
        lines = "\n".join(f"  - {op.describe()}" for op in self.operations)
        super().__init__(
            "this migration would lose data:\n"
            f"{lines}\n"
            "run again with --allow-destructive if that is what you want"
        )


@dataclass(frozen=True)
class NextPlan:
    """The plan from the latest snapshot to the current schema.

    Attributes:
        plan: The operations and warnings.
        head: The chain the next revision joins.
    """

    plan: Plan
    head: Head


@dataclass
class MigrationResult:
    """What ``write_migration`` did."""

    plan: Plan
    revisions: list[str] = field(default_factory=list)
    #: File name (in the versions directory) -> content, in revision order.
    contents: dict[str, str] = field(default_factory=dict)
    #: The files written.
    files: list[Path] = field(default_factory=list)


def plan_next(project: Project, schema: ir.Schema) -> NextPlan:
    """Plan from the latest snapshot to ``schema``, offline.

    Raises:
        SnapshotError: The chain has revisions but no schemac snapshot (an
            adopted project needs ``--baseline`` first), or several heads.
        PlanError: The change cannot be migrated as declared.
    """
    head = find_head(project)
    if head.revision is not None and head.snapshot is None:
        raise SnapshotError(
            "the existing revisions were not written by schemac, so there is no "
            "schema snapshot to plan from. If they already create this schema, "
            "record it with `schemac migrate SCHEMA --baseline -m baseline`; "
            "then migrate as usual"
        )
    if head.unplanned:
        log.warning(
            "revisions %s were written by hand after the last snapshot; "
            "the planner does not see their changes",
            ", ".join(head.unplanned),
        )
    return NextPlan(diff_schemas(head.snapshot, schema), head)


def pending_changes(project_dir: Path, schema: ir.Schema) -> Plan | None:
    """The plan ``schemac migrate`` would write now, or None if up to date.

    For ``schemac build`` to report "the schema has changed since the last
    migration; run `schemac migrate`". Returns None as well when the
    directory has no Alembic project.
    """
    try:
        project = find_project(project_dir)
    except SchemacError:
        return None
    plan = plan_next(project, schema).plan
    return None if plan.empty else plan


def write_migration(
    project: Project,
    schema: ir.Schema,
    message: str,
    **options: Any,
) -> MigrationResult:
    """Plan and write the next revision(s); nothing when nothing changed.

    Takes the arguments of :func:`render_migration`.

    Raises:
        DestructiveChangeError: Data would be lost and not allowed.
        PlanError, SnapshotError: See :func:`plan_next`.
    """
    result = render_migration(project, schema, message, **options)
    if result.contents:
        report = write_files(result.contents, project.versions)
        result.files = sorted(report.written)
    return result


def preview_sql(
    project: Project, schema: ir.Schema, message: str, **options: Any
) -> tuple[MigrationResult, str]:
    """The SQL the next migration would run, without writing it."""
    result = render_migration(project, schema, message, **options)
    with tempfile.TemporaryDirectory(prefix="schemac-sql-") as tmp:
        paths = []  # contents are in revision order
        for name, text in result.contents.items():
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            if name.endswith(".py"):
                paths.append(path)
        return result, offline_sql(paths)


def render_migration(
    project: Project,
    schema: ir.Schema,
    message: str,
    *,
    source: str = "the schema",
    allow_destructive: bool = False,
    baseline: bool = False,
    revision_id: str | None = None,
    created: datetime | None = None,
    max_tables: int = DEFAULT_MAX_TABLES,
) -> MigrationResult:
    """Plan the next revision(s) and render their files, writing nothing.

    Args:
        project: The Alembic project.
        schema: The current IR.
        message: The revision message.
        source: The schema's entry file, for the header.
        allow_destructive: Go on even if data would be lost.
        baseline: Record ``schema`` as the state of the database with no
            operations (adopting a project whose revisions already create it).
        revision_id: Force the (last) revision id, for tests.
        created: Force the ``Create Date``, for tests.
        max_tables: Split into several revisions beyond this many tables.

    Raises:
        DestructiveChangeError: Data would be lost and not allowed.
        PlanError, SnapshotError: See :func:`plan_next`.
    """
    if baseline:
        head = find_head(project)
        plan = Plan(())
    else:
        planned = plan_next(project, schema)
        head, plan = planned.head, planned.plan
        if plan.empty:
            return MigrationResult(plan)
        destructive = plan.destructive()
        if destructive and not allow_destructive:
            raise DestructiveChangeError(destructive)

    snapshot = snapshot_text(schema)
    digest = checksum(snapshot)
    parts = split_operations(plan.operations, max_tables) or [()]
    result = MigrationResult(plan)
    parent = head.revision
    when = created or datetime.now(UTC).replace(microsecond=0)
    for number, part in enumerate(parts, start=1):
        last = number == len(parts)
        rev = revision_id if last and revision_id else None
        rev = rev or revision_hash(parent, digest, message, number)
        stem = f"{rev}_{slugify(message)}"
        info = RevisionInfo(
            revision=rev,
            down_revision=parent,
            message=message,
            created=when,
            source=source,
            snapshot=f"{stem}{SNAPSHOT_SUFFIX}" if last else None,
            snapshot_sha256=digest if last else None,
            part=f"{number}/{len(parts)}" if len(parts) > 1 else None,
            warnings=plan.warnings if last else (),
        )
        result.contents[f"{stem}.py"] = render_revision(info, part)
        if last:
            result.contents[f"{stem}{SNAPSHOT_SUFFIX}"] = snapshot
        result.revisions.append(rev)
        parent = rev
    return result


def revision_hash(
    parent: str | None, snapshot_sha: str, message: str, part: int
) -> str:
    """A revision id derived from what the revision is.

    The same parent, target schema and message give the same id, so output
    is reproducible; two branches that reach different schemas from one
    parent get different ids.
    """
    seed = f"{parent or ''}\n{snapshot_sha}\n{message}\n{part}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


def slugify(message: str, limit: int = 40) -> str:
    """A file-name-safe slug of a revision message."""
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    return slug[:limit].rstrip("_") or "migration"


def offline_sql(revision_files: Sequence[Path]) -> str:
    """The SQL the upgrade of ``revision_files`` runs, in order, as text.

    Runs each revision's ``upgrade()`` against Alembic's offline (``--sql``)
    context for PostgreSQL; no database and no ``env.py`` are needed.
    """
    buffer = io.StringIO()
    context = MigrationContext.configure(
        dialect_name="postgresql",
        opts={
            "as_sql": True,
            "output_buffer": buffer,
            "literal_binds": True,
            "transactional_ddl": True,
            "transaction_per_migration": True,
        },
    )
    with Operations.context(context):
        for path in revision_files:
            module = _load_module(path)
            buffer.write(f"-- {path.name}\n")
            with context.begin_transaction(_per_migration=True):
                module.upgrade()
    return buffer.getvalue()


def _load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"schemac_rev_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise SchemacError(f"cannot load revision {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
