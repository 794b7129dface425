"""Render a whole Alembic revision file from a plan.

The file is marked as generated (schemac's header) but, unlike the models,
it is meant to be committed and may be edited by hand, for example to add a
data migration: schemac never rewrites a revision once written. The snapshot
it was planned against lives in a JSON file beside it, named by
``schemac_snapshot`` and checked by ``schemac_sha256``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from schemac.backends.alembic.code import LINE_LENGTH, format_statements, py_str
from schemac.backends.alembic.render import render_operations
from schemac.output import GENERATED_MARK
from schemac.planner import Operation

#: How many operations the docstring lists before summarising the rest.
_LISTED = 40


@dataclass(frozen=True)
class RevisionInfo:
    """Everything about a revision but its operations.

    Attributes:
        revision: The revision id.
        down_revision: The parent's id; None for the first revision.
        message: The ``-m`` message.
        created: When it was written (the ``Create Date`` line).
        source: The schema's entry file, for the header.
        snapshot: File name of the IR snapshot beside the revision, if any.
        snapshot_sha256: The snapshot's checksum.
        part: ``"2/3"`` when a large migration is split over revisions.
        warnings: Planner warnings, kept in the docstring for reviewers.
    """

    revision: str
    down_revision: str | None
    message: str
    created: datetime
    source: str
    snapshot: str | None = None
    snapshot_sha256: str | None = None
    part: str | None = None
    warnings: tuple[str, ...] = ()


def render_revision(info: RevisionInfo, operations: Sequence[Operation]) -> str:
    """The source of a revision running ``operations`` (and their reverse)."""
    upgrade = format_statements(render_operations(operations)) or ["    pass"]
    reverse = [op.reverse() for op in reversed(operations)]
    downgrade = format_statements(render_operations(reverse)) or ["    pass"]
    body = "\n".join([*upgrade, *downgrade])
    lines = [
        *_header(info),
        *_docstring(info, operations),
        "",
        *_imports(body),
        "",
        *_identifiers(info),
        "",
        "",
        "def upgrade() -> None:",
        *upgrade,
        "",
        "",
        "def downgrade() -> None:",
        *downgrade,
    ]
    return "\n".join(lines) + "\n"


def _header(info: RevisionInfo) -> list[str]:
    return [
        f"# {GENERATED_MARK} from {info.source} (`schemac migrate`).",
        "# Review it and commit it. Edits are kept: schemac never rewrites a revision;",
        "# it plans the next one from the snapshot named below, not from this code.",
    ]


def _docstring(info: RevisionInfo, operations: Sequence[Operation]) -> list[str]:
    title = _escape(info.message.strip() or "schemac migration")
    if info.part:
        title += f" (part {info.part})"
    lines = [
        f'"""{title}',
        "",
        f"Revision ID: {info.revision}",
        f"Revises: {info.down_revision or ''}".rstrip(),
        f"Create Date: {info.created.isoformat(sep=' ', timespec='seconds')}",
    ]
    if operations:
        lines += ["", "Operations:"]
        for op in operations[:_LISTED]:
            lines += _bullet(op.describe())
        if len(operations) > _LISTED:
            lines.append(f"- ... and {len(operations) - _LISTED} more")
    if info.warnings:
        lines += ["", "Planner warnings:"]
        for warning in info.warnings:
            lines += _bullet(warning)
    lines.append('"""')
    return lines


def _bullet(text: str) -> list[str]:
    return textwrap.wrap(
        _escape(text),
        width=LINE_LENGTH,
        initial_indent="- ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return " ".join(text.split())


def _imports(body: str) -> list[str]:
    lines = []
    if "sa." in body:
        lines.append("import sqlalchemy as sa")
    lines.append("from alembic import op")
    if "postgresql." in body:
        lines.append("from sqlalchemy.dialects import postgresql")
    return lines


def _identifiers(info: RevisionInfo) -> list[str]:
    down = py_str(info.down_revision) if info.down_revision else "None"
    snapshot = py_str(info.snapshot) if info.snapshot else "None"
    checksum = py_str(info.snapshot_sha256) if info.snapshot_sha256 else "None"
    return [
        "# revision identifiers, used by Alembic.",
        f"revision = {py_str(info.revision)}",
        f"down_revision = {down}",
        "branch_labels = None",
        "depends_on = None",
        "",
        "# The schema this revision leads to, for planning the next one offline.",
        f"schemac_snapshot = {snapshot}",
        f"schemac_sha256 = {checksum}",
    ]
