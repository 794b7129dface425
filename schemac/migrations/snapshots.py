"""IR snapshots stored beside revisions, and finding the latest one.

Each revision schemac writes names a JSON file beside it
(``<rev>_<slug>.schema.json``) holding the IR it leads to, without source
spans so that moving a line in the spec changes nothing. The revision file
records the snapshot's SHA-256: a snapshot edited by hand is refused rather
than silently planned against. The latest snapshot is found by walking
Alembic's revision chain from the head, never by file time; revisions
written by hand after it are reported, since the planner cannot see them.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from schemac.compiler import ir, serialize
from schemac.errors import SchemacError
from schemac.migrations.project import Project

log = logging.getLogger(__name__)

SNAPSHOT_SUFFIX = ".schema.json"


class SnapshotError(SchemacError):
    """A snapshot is missing, edited or unreadable, or the chain is ambiguous."""


@dataclass(frozen=True)
class Head:
    """Where the next revision goes and what it is planned against.

    Attributes:
        revision: The current head revision id (None: no revisions yet).
        snapshot: The IR recorded by the latest schemac revision, if any.
        snapshot_revision: The revision that recorded it.
        unplanned: Revisions after it that schemac did not write, newest first.
    """

    revision: str | None
    snapshot: ir.Schema | None = None
    snapshot_revision: str | None = None
    unplanned: tuple[str, ...] = ()


def snapshot_text(schema: ir.Schema) -> str:
    """The snapshot file's content for ``schema``."""
    return serialize.dumps(schema, spans=False)


def checksum(text: str) -> str:
    """SHA-256 of a snapshot's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_snapshot(path: Path, expected: str | None) -> ir.Schema:
    """Load the snapshot at ``path``, checking it against ``expected``.

    Raises:
        SnapshotError: It is missing, was edited, or is not a snapshot.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SnapshotError(f"cannot read schema snapshot {path}: {exc}") from exc
    if expected is not None and checksum(text) != expected:
        raise SnapshotError(
            f"schema snapshot {path} was edited (its checksum no longer matches "
            "the revision); restore it from version control"
        )
    try:
        return serialize.loads(text)
    except ValueError as exc:
        raise SnapshotError(f"{path} is not a schemac snapshot: {exc}") from exc


def find_head(project: Project) -> Head:
    """The head revision and the latest snapshot on the chain behind it.

    Raises:
        SnapshotError: The project has several heads, or a snapshot is bad.
    """
    script = project.script()
    heads = script.get_heads()
    if len(heads) > 1:
        raise SnapshotError(
            f"the migrations have {len(heads)} heads ({', '.join(sorted(heads))}): "
            "merge them first (`alembic merge heads`)"
        )
    if not heads:
        return Head(None)
    unplanned: list[str] = []
    for revision in script.walk_revisions():
        name = getattr(revision.module, "schemac_snapshot", None)
        if name:
            expected = getattr(revision.module, "schemac_sha256", None)
            path = Path(revision.path).parent / name
            schema = read_snapshot(path, expected)
            return Head(heads[0], schema, revision.revision, tuple(unplanned))
        if not hasattr(revision.module, "schemac_snapshot"):
            unplanned.append(revision.revision)
    return Head(heads[0], None, None, tuple(unplanned))
