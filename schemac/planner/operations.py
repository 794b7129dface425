"""Migration operations: one small frozen record per kind of change.

Every operation knows its own reverse, so a downgrade is derived from the
upgrade and never written twice: ``op.reverse().reverse() == op`` for every
operation. Operations hold database names only (see :mod:`.defs`) and the
full definition of whatever they remove, so the reverse can rebuild it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from schemac.planner.defs import (
    CheckDef,
    ColumnDef,
    EnumDef,
    EnumUse,
    ForeignKeyDef,
    IndexDef,
    SqlType,
    TableDef,
    UniqueDef,
    qualified,
)


class Operation:
    """Base of every operation."""

    #: Whether running the operation can lose stored data.
    destructive: ClassVar[bool] = False

    def reverse(self) -> Operation:
        """The operation that undoes this one."""
        raise NotImplementedError

    def describe(self) -> str:
        """One line for people: what the operation does."""
        raise NotImplementedError

    @property
    def table_label(self) -> str | None:
        """The qualified table the operation works on, if it is about one."""
        table = getattr(self, "table", None)
        if isinstance(table, TableDef):
            return qualified(table.schema, table.name)
        if isinstance(table, str):
            return qualified(getattr(self, "schema", None), table)
        return None

    def is_destructive(self) -> bool:
        """Whether this particular operation can lose data."""
        return self.destructive


# --- PostgreSQL schemas and extensions ----------------------------------------


@dataclass(frozen=True, slots=True)
class CreateSchema(Operation):
    name: str

    def reverse(self) -> DropSchema:
        return DropSchema(self.name)

    def describe(self) -> str:
        return f"create schema {self.name}"


@dataclass(frozen=True, slots=True)
class DropSchema(Operation):
    name: str

    def reverse(self) -> CreateSchema:
        return CreateSchema(self.name)

    def describe(self) -> str:
        return f"drop schema {self.name}"


@dataclass(frozen=True, slots=True)
class CreateExtension(Operation):
    name: str

    def reverse(self) -> DropExtension:
        return DropExtension(self.name)

    def describe(self) -> str:
        return f"create extension {self.name}"


@dataclass(frozen=True, slots=True)
class DropExtension(Operation):
    name: str

    def reverse(self) -> CreateExtension:
        return CreateExtension(self.name)

    def describe(self) -> str:
        return f"drop extension {self.name}"


# --- enum types ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateEnum(Operation):
    enum: EnumDef

    def reverse(self) -> DropEnum:
        return DropEnum(self.enum)

    def describe(self) -> str:
        values = ", ".join(self.enum.values)
        return (
            f"create enum type {qualified(self.enum.schema, self.enum.name)} ({values})"
        )


@dataclass(frozen=True, slots=True)
class DropEnum(Operation):
    enum: EnumDef

    def reverse(self) -> CreateEnum:
        return CreateEnum(self.enum)

    def describe(self) -> str:
        return f"drop enum type {qualified(self.enum.schema, self.enum.name)}"


@dataclass(frozen=True, slots=True)
class RenameEnum(Operation):
    schema: str | None
    old: str
    new: str

    def reverse(self) -> RenameEnum:
        return RenameEnum(self.schema, self.new, self.old)

    def describe(self) -> str:
        return f"rename enum type {qualified(self.schema, self.old)} to {self.new}"


@dataclass(frozen=True, slots=True)
class AddEnumValue(Operation):
    """Add ``value`` to an enum; ``values`` is the full list once it is added.

    ``uses`` are the columns typed with the enum when the reverse runs: the
    reverse (removing the value) swaps the type under each of them.
    """

    enum: str
    schema: str | None
    value: str
    values: tuple[str, ...]
    uses: tuple[EnumUse, ...] = ()

    def reverse(self) -> RemoveEnumValue:
        return RemoveEnumValue(
            self.enum, self.schema, self.value, self.values, self.uses
        )

    def describe(self) -> str:
        return (
            f"add value '{self.value}' to enum type {qualified(self.schema, self.enum)}"
        )

    @property
    def neighbour(self) -> tuple[str, str] | None:
        """``("AFTER", v)`` or ``("BEFORE", v)`` placing the value, if any."""
        index = self.values.index(self.value)
        if index > 0:
            return ("AFTER", self.values[index - 1])
        if len(self.values) > 1:
            return ("BEFORE", self.values[1])
        return None


@dataclass(frozen=True, slots=True)
class RemoveEnumValue(Operation):
    """Remove ``value`` from an enum whose full list is ``values``.

    PostgreSQL cannot drop an enum label, so the type is swapped: the old
    type is renamed, the new one created, every column in ``uses`` converted
    with ``USING col::text::type`` (its default dropped and restored around
    it) and the old type dropped. Rows holding the value make it fail.
    """

    destructive: ClassVar[bool] = True

    enum: str
    schema: str | None
    value: str
    values: tuple[str, ...]
    uses: tuple[EnumUse, ...] = ()

    def reverse(self) -> AddEnumValue:
        return AddEnumValue(self.enum, self.schema, self.value, self.values, self.uses)

    def describe(self) -> str:
        return (
            f"remove value '{self.value}' from enum type "
            f"{qualified(self.schema, self.enum)} (rows holding it make this fail)"
        )

    @property
    def remaining(self) -> tuple[str, ...]:
        """The values the enum keeps."""
        return tuple(v for v in self.values if v != self.value)


@dataclass(frozen=True, slots=True)
class RenameEnumValue(Operation):
    enum: str
    schema: str | None
    old: str
    new: str

    def reverse(self) -> RenameEnumValue:
        return RenameEnumValue(self.enum, self.schema, self.new, self.old)

    def describe(self) -> str:
        return (
            f"rename value '{self.old}' of enum type "
            f"{qualified(self.schema, self.enum)} to '{self.new}'"
        )


# --- tables -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateTable(Operation):
    table: TableDef

    def reverse(self) -> DropTable:
        return DropTable(self.table)

    def describe(self) -> str:
        return f"create table {qualified(self.table.schema, self.table.name)}"


@dataclass(frozen=True, slots=True)
class DropTable(Operation):
    destructive: ClassVar[bool] = True

    table: TableDef

    def reverse(self) -> CreateTable:
        return CreateTable(self.table)

    def describe(self) -> str:
        label = qualified(self.table.schema, self.table.name)
        return f"drop table {label} (every row of it)"


@dataclass(frozen=True, slots=True)
class RenameTable(Operation):
    schema: str | None
    old: str
    new: str

    def reverse(self) -> RenameTable:
        return RenameTable(self.schema, self.new, self.old)

    def describe(self) -> str:
        return f"rename table {qualified(self.schema, self.old)} to {self.new}"

    @property
    def table_label(self) -> str | None:
        return qualified(self.schema, self.new)


@dataclass(frozen=True, slots=True)
class AlterTableComment(Operation):
    table: str
    schema: str | None
    old: str | None
    new: str | None

    def reverse(self) -> AlterTableComment:
        return AlterTableComment(self.table, self.schema, self.new, self.old)

    def describe(self) -> str:
        return f"change the comment of table {qualified(self.schema, self.table)}"


# --- columns ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddColumn(Operation):
    table: str
    schema: str | None
    column: ColumnDef

    def reverse(self) -> DropColumn:
        return DropColumn(self.table, self.schema, self.column)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"add column {label}.{self.column.name}"


@dataclass(frozen=True, slots=True)
class DropColumn(Operation):
    destructive: ClassVar[bool] = True

    table: str
    schema: str | None
    column: ColumnDef

    def reverse(self) -> AddColumn:
        return AddColumn(self.table, self.schema, self.column)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"drop column {label}.{self.column.name} (its values in every row)"


@dataclass(frozen=True, slots=True)
class RenameColumn(Operation):
    table: str
    schema: str | None
    old: str
    new: str

    def reverse(self) -> RenameColumn:
        return RenameColumn(self.table, self.schema, self.new, self.old)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"rename column {label}.{self.old} to {self.new}"


@dataclass(frozen=True, slots=True)
class AlterColumnType(Operation):
    """Change a column's type; its default is dropped and set around it."""

    table: str
    schema: str | None
    column: str
    old: SqlType
    new: SqlType
    nullable: bool
    old_default: str | None = None
    new_default: str | None = None

    def reverse(self) -> AlterColumnType:
        return AlterColumnType(
            self.table,
            self.schema,
            self.column,
            self.new,
            self.old,
            self.nullable,
            self.new_default,
            self.old_default,
        )

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        narrowing = "" if is_widening(self.old, self.new) else " (narrowing)"
        return (
            f"change type of {label}.{self.column} from {type_label(self.old)} "
            f"to {type_label(self.new)}{narrowing}"
        )

    def is_destructive(self) -> bool:
        return not is_widening(self.old, self.new)


@dataclass(frozen=True, slots=True)
class AlterNullable(Operation):
    table: str
    schema: str | None
    column: str
    type: SqlType
    nullable: bool

    def reverse(self) -> AlterNullable:
        return AlterNullable(
            self.table, self.schema, self.column, self.type, not self.nullable
        )

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        what = "allow NULL in" if self.nullable else "forbid NULL in"
        return f"{what} {label}.{self.column}"


@dataclass(frozen=True, slots=True)
class AlterDefault(Operation):
    table: str
    schema: str | None
    column: str
    type: SqlType
    old: str | None
    new: str | None

    def reverse(self) -> AlterDefault:
        return AlterDefault(
            self.table, self.schema, self.column, self.type, self.new, self.old
        )

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        if self.new is None:
            return f"drop the default of {label}.{self.column}"
        return f"set the default of {label}.{self.column} to {self.new}"


@dataclass(frozen=True, slots=True)
class AlterColumnComment(Operation):
    table: str
    schema: str | None
    column: str
    type: SqlType
    nullable: bool
    old: str | None
    new: str | None

    def reverse(self) -> AlterColumnComment:
        return AlterColumnComment(
            self.table,
            self.schema,
            self.column,
            self.type,
            self.nullable,
            self.new,
            self.old,
        )

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"change the comment of {label}.{self.column}"


# --- indexes and constraints --------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddIndex(Operation):
    table: str
    schema: str | None
    index: IndexDef

    def reverse(self) -> DropIndex:
        return DropIndex(self.table, self.schema, self.index)

    def describe(self) -> str:
        return f"create index {self.index.name} on {qualified(self.schema, self.table)}"


@dataclass(frozen=True, slots=True)
class DropIndex(Operation):
    table: str
    schema: str | None
    index: IndexDef

    def reverse(self) -> AddIndex:
        return AddIndex(self.table, self.schema, self.index)

    def describe(self) -> str:
        return f"drop index {self.index.name} on {qualified(self.schema, self.table)}"


@dataclass(frozen=True, slots=True)
class RenameIndex(Operation):
    table: str
    schema: str | None
    old: str
    new: str

    def reverse(self) -> RenameIndex:
        return RenameIndex(self.table, self.schema, self.new, self.old)

    def describe(self) -> str:
        return f"rename index {self.old} to {self.new}"


@dataclass(frozen=True, slots=True)
class AddUnique(Operation):
    table: str
    schema: str | None
    unique: UniqueDef

    def reverse(self) -> DropUnique:
        return DropUnique(self.table, self.schema, self.unique)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"add unique constraint {self.unique.name} on {label}"


@dataclass(frozen=True, slots=True)
class DropUnique(Operation):
    table: str
    schema: str | None
    unique: UniqueDef

    def reverse(self) -> AddUnique:
        return AddUnique(self.table, self.schema, self.unique)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"drop unique constraint {self.unique.name} on {label}"


@dataclass(frozen=True, slots=True)
class AddCheck(Operation):
    table: str
    schema: str | None
    check: CheckDef

    def reverse(self) -> DropCheck:
        return DropCheck(self.table, self.schema, self.check)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"add check constraint {self.check.name} on {label}"


@dataclass(frozen=True, slots=True)
class DropCheck(Operation):
    table: str
    schema: str | None
    check: CheckDef

    def reverse(self) -> AddCheck:
        return AddCheck(self.table, self.schema, self.check)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"drop check constraint {self.check.name} on {label}"


@dataclass(frozen=True, slots=True)
class AddForeignKey(Operation):
    table: str
    schema: str | None
    foreign_key: ForeignKeyDef

    def reverse(self) -> DropForeignKey:
        return DropForeignKey(self.table, self.schema, self.foreign_key)

    def describe(self) -> str:
        fk = self.foreign_key
        return (
            f"add foreign key {fk.name} on {qualified(self.schema, self.table)} "
            f"-> {qualified(fk.ref_schema, fk.ref_table)}"
        )


@dataclass(frozen=True, slots=True)
class DropForeignKey(Operation):
    table: str
    schema: str | None
    foreign_key: ForeignKeyDef

    def reverse(self) -> AddForeignKey:
        return AddForeignKey(self.table, self.schema, self.foreign_key)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"drop foreign key {self.foreign_key.name} on {label}"


@dataclass(frozen=True, slots=True)
class RenameConstraint(Operation):
    table: str
    schema: str | None
    old: str
    new: str

    def reverse(self) -> RenameConstraint:
        return RenameConstraint(self.table, self.schema, self.new, self.old)

    def describe(self) -> str:
        label = qualified(self.schema, self.table)
        return f"rename constraint {self.old} on {label} to {self.new}"


# --- type helpers -------------------------------------------------------------

_INTEGER_RANK = {"smallint": 0, "int": 1, "bigint": 2}
_STRINGS = frozenset({"str", "text", "citext"})


def type_label(sql_type: SqlType) -> str:
    """A short readable type, as the schema language spells it."""
    if sql_type.kind == "enum":
        base = sql_type.enum or "enum"
    elif sql_type.kind == "str" and sql_type.length:
        base = f"str({sql_type.length})"
    elif sql_type.kind == "decimal" and sql_type.precision is not None:
        base = f"decimal({sql_type.precision}, {sql_type.scale or 0})"
    else:
        base = sql_type.kind
    return base + ("[]" if sql_type.array else "")


def is_widening(old: SqlType, new: SqlType) -> bool:
    """Whether every value of ``old`` fits ``new`` unchanged."""
    if old == new:
        return True
    if old.array != new.array:
        return False
    if old.kind in _INTEGER_RANK and new.kind in _INTEGER_RANK:
        return _INTEGER_RANK[old.kind] <= _INTEGER_RANK[new.kind]
    if old.kind in _STRINGS and new.kind in _STRINGS:
        return _string_widens(old, new)
    if old.kind == new.kind == "decimal":
        return _decimal_widens(old, new)
    if old.kind == "enum" and new.kind in {"text", "citext"}:
        return True
    return old.kind == new.kind == "float"


def _string_widens(old: SqlType, new: SqlType) -> bool:
    if new.kind != "str" or new.length is None:
        return True
    if old.kind != "str" or old.length is None:
        return False
    return old.length <= new.length


def _decimal_widens(old: SqlType, new: SqlType) -> bool:
    if new.precision is None:
        return True
    if old.precision is None:
        return False
    old_scale, new_scale = old.scale or 0, new.scale or 0
    return new_scale >= old_scale and new.precision - new_scale >= (
        old.precision - old_scale
    )


#: Every operation class, for tests and renderers that must cover them all.
ALL_OPERATIONS: tuple[type[Operation], ...] = (
    CreateSchema,
    DropSchema,
    CreateExtension,
    DropExtension,
    CreateEnum,
    DropEnum,
    RenameEnum,
    AddEnumValue,
    RemoveEnumValue,
    RenameEnumValue,
    CreateTable,
    DropTable,
    RenameTable,
    AlterTableComment,
    AddColumn,
    DropColumn,
    RenameColumn,
    AlterColumnType,
    AlterNullable,
    AlterDefault,
    AlterColumnComment,
    AddIndex,
    DropIndex,
    RenameIndex,
    AddUnique,
    DropUnique,
    AddCheck,
    DropCheck,
    AddForeignKey,
    DropForeignKey,
    RenameConstraint,
)
