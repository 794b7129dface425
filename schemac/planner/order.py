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

from schemac.planner.operations import Operation

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
        label = operation.table_label
        if label is not None and label not in tables and len(tables) >= max_tables:
            parts.append(tuple(current))
            current, tables = [], set()
        if label is not None:
            tables.add(label)
        current.append(operation)
    if current:
        parts.append(tuple(current))
    return parts
