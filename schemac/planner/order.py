"""Split a long plan so that no transaction takes too many locks.

PostgreSQL keeps a lock per table (and per index and sequence) touched by a
transaction until it ends, in a shared table sized by
``max_locks_per_transaction`` (64 by default, times ``max_connections``). A
stock server runs out at roughly 1,300 tables created in one transaction.
Alembic runs each revision in its own transaction
(``transaction_per_migration``), so a large initial migration is split into
several revisions of at most ``max_tables`` tables each.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemac.planner.defs import qualified
from schemac.planner.operations import AddForeignKey, DropForeignKey, Operation

#: Tables one revision may touch; well under what a stock server allows.
DEFAULT_MAX_TABLES = 400


def split_operations(
    operations: Sequence[Operation], max_tables: int = DEFAULT_MAX_TABLES
) -> list[tuple[Operation, ...]]:
    """Consecutive runs of ``operations``, each touching at most ``max_tables``.

    The order is kept, so every dependency still holds: a part only runs
    after the parts before it have committed. Operations that touch no
    table (schemas, extensions, enum types) count for nothing.
    """
    if max_tables < 1:
        raise ValueError("max_tables must be at least 1")
    parts: list[tuple[Operation, ...]] = []
    current: list[Operation] = []
    tables: set[str] = set()
    for operation in operations:
        touched = _touched(operation)
        if current and len(tables | touched) > max_tables:
            parts.append(tuple(current))
            current, tables = [], set()
        tables |= touched
        current.append(operation)
    if current:
        parts.append(tuple(current))
    return parts


def _touched(operation: Operation) -> set[str]:
    """The tables an operation locks: its own, and a foreign key's target."""
    touched = {operation.table_label} if operation.table_label else set()
    if isinstance(operation, AddForeignKey | DropForeignKey):
        fk = operation.foreign_key
        touched.add(qualified(fk.ref_schema, fk.ref_table))
    return touched
