"""The database-level view of a schema that the planner compares.

The IR describes what a schema means to a Python programmer (attribute names,
relations, model names); a migration only cares what the database sees. This
module holds small frozen records of exactly that: tables, columns, indexes,
constraints and enum types, each keyed by its database name. Operations carry
these records, so an operation holds everything its reverse needs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SqlType:
    """A column type as the database sees it.

    ``kind`` is the IR's scalar kind; ``enum``/``enum_schema`` name the
    PostgreSQL enum type for ``kind == "enum"``.
    """

    kind: str
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    array: bool = False
    enum: str | None = None
    enum_schema: str | None = None


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """A column; ``default`` is the server default as SQL text."""

    name: str
    type: SqlType
    nullable: bool
    default: str | None = None
    identity: bool = False
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class IndexDef:
    """An index; ``columns`` pairs a column name with its descending flag."""

    name: str
    columns: tuple[tuple[str, bool], ...]
    unique: bool = False
    using: str | None = None
    where: str | None = None


@dataclass(frozen=True, slots=True)
class UniqueDef:
    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckDef:
    name: str
    expr: str


@dataclass(frozen=True, slots=True)
class ForeignKeyDef:
    """A foreign key; actions are SQL words (``CASCADE``, ``SET NULL``...)."""

    name: str
    columns: tuple[str, ...]
    ref_table: str
    ref_schema: str | None
    ref_columns: tuple[str, ...]
    on_delete: str | None = None
    on_update: str | None = None


@dataclass(frozen=True, slots=True)
class TableDef:
    """What ``CREATE TABLE`` needs: everything but indexes and foreign keys.

    Indexes and foreign keys are separate operations so that every table
    exists before any foreign key points at it (cycles work).
    """

    name: str
    schema: str | None
    columns: tuple[ColumnDef, ...]
    primary_key: tuple[str, ...]
    pk_name: str
    uniques: tuple[UniqueDef, ...] = ()
    checks: tuple[CheckDef, ...] = ()
    comment: str | None = None

    def column(self, name: str) -> ColumnDef:
        """The column called ``name``; raises KeyError."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class EnumDef:
    name: str
    schema: str | None
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EnumUse:
    """A column typed with an enum, as it stands when the operation runs."""

    table: str
    schema: str | None
    column: str
    array: bool = False
    default: str | None = None


#: A table's identity: ``(schema, name)``.
TableKey = tuple[str | None, str]


def qualified(schema: str | None, name: str) -> str:
    """``schema.name``, or ``name`` in the default schema."""
    return f"{schema}.{name}" if schema else name
