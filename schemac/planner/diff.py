"""Compare two schema versions and plan the operations between them.

Nothing here touches a database: the old version is the IR snapshot recorded
with the last migration. Renames are only ever taken from ``was=``
declarations; a drop and an add that look like a rename produce a warning
suggesting one, never a silent guess.

The plan is ordered so that every operation finds what it needs:

1. PostgreSQL schemas, extensions, enum types (renamed, created, values
   renamed and added);
2. foreign keys that go away or change;
3. each table in turn: indexes and constraints that go away, renames,
   ``CREATE TABLE``, columns added, altered and dropped, ``DROP TABLE``,
   then the new indexes and constraints;
4. every new foreign key, once every table exists (so cycles work);
5. enum values removed, enum types and schemas dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from schemac.compiler import ir
from schemac.errors import SchemacError
from schemac.planner.defs import (
    CheckDef,
    ColumnDef,
    EnumUse,
    ForeignKeyDef,
    IndexDef,
    TableKey,
    UniqueDef,
    qualified,
)
from schemac.planner.lower import DbEnum, DbSchema, DbTable, lower_schema
from schemac.planner.operations import (
    AddCheck,
    AddColumn,
    AddEnumValue,
    AddForeignKey,
    AddIndex,
    AddUnique,
    AlterColumnComment,
    AlterColumnType,
    AlterDefault,
    AlterNullable,
    AlterTableComment,
    CreateEnum,
    CreateExtension,
    CreateSchema,
    CreateTable,
    DropCheck,
    DropColumn,
    DropEnum,
    DropForeignKey,
    DropIndex,
    DropSchema,
    DropTable,
    DropUnique,
    Operation,
    RemoveEnumValue,
    RenameColumn,
    RenameConstraint,
    RenameEnum,
    RenameEnumValue,
    RenameIndex,
    RenameTable,
)

log = logging.getLogger(__name__)

_EMPTY = DbSchema(tables={}, enums={}, extensions=(), schemas=())


class PlanError(SchemacError):
    """The change cannot be migrated as declared; the message says what to do."""


@dataclass(frozen=True)
class Plan:
    """Ordered operations from one schema version to the next.

    Attributes:
        operations: The upgrade, in the order it must run.
        warnings: Things a person should look at (possible renames...).
    """

    operations: tuple[Operation, ...]
    warnings: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether there is nothing to migrate."""
        return not self.operations

    def reverse(self) -> Plan:
        """The downgrade: every operation reversed, in reverse order."""
        return Plan(tuple(op.reverse() for op in reversed(self.operations)))

    def destructive(self) -> tuple[Operation, ...]:
        """The operations that can lose stored data."""
        return tuple(op for op in self.operations if op.is_destructive())


@dataclass
class _Builder:
    """The plan under construction, one list per stage (see the module doc)."""

    pre: list[Operation] = field(default_factory=list)
    fk_drops: list[Operation] = field(default_factory=list)
    tables: list[list[Operation]] = field(default_factory=list)
    fk_adds: list[Operation] = field(default_factory=list)
    post: list[Operation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def plan(self) -> Plan:
        ops = [*self.pre, *self.fk_drops]
        for group in self.tables:
            ops.extend(group)
        ops.extend(self.fk_adds)
        ops.extend(self.post)
        return Plan(tuple(ops), tuple(self.warnings))


def diff_schemas(old: ir.Schema | None, new: ir.Schema) -> Plan:
    """Plan the migration from ``old`` (None: an empty database) to ``new``.

    Raises:
        PlanError: A change cannot be applied as declared, such as a NOT NULL
            column without a default added to an existing table.
    """
    before = lower_schema(old) if old is not None else _EMPTY
    after = lower_schema(new)
    builder = _Builder()

    _diff_namespaces(before, after, builder)
    enum_pairs = _match_enums(before, after, builder)
    _diff_enums(before, after, enum_pairs, builder)
    table_pairs = _match_tables(before, after, builder)
    enum_renames = {old: new for new, old in enum_pairs.items() if old != new}
    _diff_tables(before, after, table_pairs, enum_renames, builder)
    _drop_namespaces(before, after, builder)

    if builder.errors:
        raise PlanError("\n".join(builder.errors))
    return builder.plan()


# --- schemas and extensions ---------------------------------------------------


def _diff_namespaces(before: DbSchema, after: DbSchema, builder: _Builder) -> None:
    for name in after.schemas:
        if name not in before.schemas:
            builder.pre.append(CreateSchema(name))
    for name in after.extensions:
        if name not in before.extensions:
            builder.pre.append(CreateExtension(name))
    for name in before.extensions:
        if name not in after.extensions:
            # An extension may serve more than this schema: keep it.
            log.debug("extension %s no longer needed; left installed", name)


def _drop_namespaces(before: DbSchema, after: DbSchema, builder: _Builder) -> None:
    """Drop schemas last: only once every table and type in them is gone."""
    for name in reversed(before.schemas):
        if name not in after.schemas:
            builder.post.append(DropSchema(name))


# --- enum types ---------------------------------------------------------------

_EnumKey = tuple[str | None, str]


def _match_enums(
    before: DbSchema, after: DbSchema, builder: _Builder
) -> dict[_EnumKey, _EnumKey]:
    """New enum key -> old enum key, for enums that exist on both sides."""
    pairs: dict[_EnumKey, _EnumKey] = {}
    for key, enum in sorted(after.enums.items(), key=_sort_key):
        if key in before.enums:
            pairs[key] = key
            continue
        old_key = _enum_was(before, after, enum)
        if old_key is not None:
            pairs[key] = old_key
    dropped = set(before.enums) - set(pairs.values())
    created = set(after.enums) - set(pairs)
    for old_key in sorted(dropped, key=_key_order):
        for new_key in sorted(created, key=_key_order):
            old_values = set(before.enums[old_key].enum.values)
            if old_values == set(after.enums[new_key].enum.values):
                builder.warnings.append(
                    f"enum type {old_key[1]} is dropped and {new_key[1]} is created "
                    f"with the same values: if it is a rename, declare "
                    f"was={before.enums[old_key].ir_name} on the enum"
                )
    return pairs


def _enum_was(before: DbSchema, after: DbSchema, enum: DbEnum) -> _EnumKey | None:
    if not enum.was:
        return None
    for key, candidate in before.enums.items():
        if candidate.ir_name == enum.was or candidate.enum.name == enum.was:
            if key in after.enums or key[0] != enum.enum.schema:
                return None
            return key
    return None


def _diff_enums(
    before: DbSchema,
    after: DbSchema,
    pairs: dict[_EnumKey, _EnumKey],
    builder: _Builder,
) -> None:
    removes: list[Operation] = []
    for key, new in sorted(after.enums.items(), key=_sort_key):
        old_key = pairs.get(key)
        if old_key is None:
            builder.pre.append(CreateEnum(new.enum))
            continue
        old = before.enums[old_key]
        if old_key != key:
            builder.pre.append(
                RenameEnum(new.enum.schema, old.enum.name, new.enum.name)
            )
        removes.extend(_diff_enum_values(before, after, old, new, builder))
    builder.post.extend(removes)
    matched = set(pairs.values())
    for old_key, old in sorted(before.enums.items(), key=_sort_key):
        if old_key not in matched:
            builder.post.append(DropEnum(old.enum))


def _diff_enum_values(
    before: DbSchema,
    after: DbSchema,
    old: DbEnum,
    new: DbEnum,
    builder: _Builder,
) -> list[Operation]:
    """Rename and add values (into ``builder.pre``); return the removals."""
    name, schema = new.enum.name, new.enum.schema
    current = list(old.enum.values)
    for value in new.enum.values:
        was = new.value_was.get(value)
        if value not in current and was in current:
            current[current.index(was)] = value
            builder.pre.append(RenameEnumValue(name, schema, was, value))

    old_uses = _enum_uses(before, old.key)
    for position, value in enumerate(new.enum.values):
        if value in current:
            continue
        anchor = _anchor(new.enum.values[:position], current)
        current.insert(anchor, value)
        builder.pre.append(AddEnumValue(name, schema, value, tuple(current), old_uses))

    new_uses = _enum_uses(after, new.key)
    removes: list[Operation] = []
    for value in [v for v in current if v not in new.enum.values]:
        removes.append(RemoveEnumValue(name, schema, value, tuple(current), new_uses))
        current.remove(value)
        _warn_value_rename(old, new, value, builder)
    if tuple(current) != new.enum.values:
        # TODO: reorder enum values (needs the same type swap as a removal).
        builder.warnings.append(
            f"enum type {name}: reordering values is not migrated; the database "
            f"keeps the order {', '.join(current)}"
        )
    return removes


def _anchor(preceding: tuple[str, ...], current: list[str]) -> int:
    """Where a new value goes: after the nearest preceding value already there."""
    for value in reversed(preceding):
        if value in current:
            return current.index(value) + 1
    return 0


def _warn_value_rename(old: DbEnum, new: DbEnum, value: str, builder: _Builder) -> None:
    added = [v for v in new.enum.values if v not in old.enum.values]
    if added and not any(new.value_was.get(v) == value for v in added):
        builder.warnings.append(
            f"enum type {new.enum.name}: value '{value}' is removed and "
            f"{', '.join(repr(v) for v in added)} added: if it is a rename, "
            f"declare it with was={value}"
        )


def _enum_uses(db: DbSchema, key: _EnumKey) -> tuple[EnumUse, ...]:
    uses = []
    for table_key, table in sorted(db.tables.items(), key=_sort_key):
        for column in table.table.columns:
            if (column.type.enum_schema, column.type.enum) == key:
                uses.append(
                    EnumUse(
                        table=table_key[1],
                        schema=table_key[0],
                        column=column.name,
                        array=column.type.array,
                        default=column.default,
                    )
                )
    return tuple(uses)


# --- tables -------------------------------------------------------------------


@dataclass(frozen=True)
class _Renames:
    """How old names map to new ones, for comparing definitions."""

    tables: dict[TableKey, TableKey]
    columns: dict[TableKey, dict[str, str]]
    enums: dict[_EnumKey, _EnumKey] = field(default_factory=dict)

    def table(self, schema: str | None, name: str) -> TableKey:
        return self.tables.get((schema, name), (schema, name))

    def column(self, old_table: TableKey, name: str) -> str:
        return self.columns.get(old_table, {}).get(name, name)


def _match_tables(
    before: DbSchema, after: DbSchema, builder: _Builder
) -> dict[TableKey, TableKey]:
    """New table key -> old table key, for tables on both sides."""
    pairs: dict[TableKey, TableKey] = {}
    for key, table in sorted(after.tables.items(), key=_sort_key):
        if key in before.tables:
            pairs[key] = key
            continue
        old_key = _table_was(before, after, table, builder)
        if old_key is not None:
            pairs[key] = old_key
    _warn_table_renames(before, after, pairs, builder)
    return pairs


def _table_was(
    before: DbSchema, after: DbSchema, table: DbTable, builder: _Builder
) -> TableKey | None:
    if not table.was:
        return None
    for key, candidate in before.tables.items():
        if table.was not in (candidate.model, candidate.table.name):
            continue
        if key in after.tables:
            return None
        if key[0] != table.table.schema:
            # TODO: move a table between PostgreSQL schemas (ALTER TABLE SET SCHEMA).
            builder.warnings.append(
                f"table {qualified(*key)} moves to schema {table.table.schema}: "
                "not supported as a rename; it is dropped and created"
            )
            return None
        return key
    return None


def _warn_table_renames(
    before: DbSchema,
    after: DbSchema,
    pairs: dict[TableKey, TableKey],
    builder: _Builder,
) -> None:
    matched = set(pairs.values())
    dropped = [k for k in before.tables if k not in matched]
    created = [k for k in after.tables if k not in pairs]
    for old_key in sorted(dropped, key=_key_order):
        old_columns = {c.name for c in before.tables[old_key].table.columns}
        for new_key in sorted(created, key=_key_order):
            new_columns = {c.name for c in after.tables[new_key].table.columns}
            shared = len(old_columns & new_columns)
            if shared * 5 >= 4 * max(len(old_columns | new_columns), 1):
                builder.warnings.append(
                    f"table {qualified(*old_key)} is dropped and "
                    f"{qualified(*new_key)} created with the same columns: if it "
                    f"is a rename, declare was={before.tables[old_key].model} on "
                    f"model {after.tables[new_key].model}"
                )


def _diff_tables(
    before: DbSchema,
    after: DbSchema,
    pairs: dict[TableKey, TableKey],
    enum_renames: dict[_EnumKey, _EnumKey],
    builder: _Builder,
) -> None:
    renames = _Renames(
        tables={old: new for new, old in pairs.items()},
        columns={
            old: _column_renames(before.tables[old], after.tables[new])
            for new, old in pairs.items()
        },
        enums=enum_renames,
    )
    groups: list[tuple[tuple[str, str], list[Operation]]] = []
    for key, new in after.tables.items():
        old_key = pairs.get(key)
        if old_key is None:
            groups.append((_key_order(key), _create_table(new, builder)))
        else:
            ops = _alter_table(before.tables[old_key], new, renames, builder)
            groups.append((_key_order(key), ops))
    matched = set(pairs.values())
    for old_key, old in before.tables.items():
        if old_key not in matched:
            groups.append((_key_order(old_key), _drop_table(old, builder)))
    builder.tables.extend(ops for _, ops in sorted(groups, key=lambda g: g[0]) if ops)


def _create_table(table: DbTable, builder: _Builder) -> list[Operation]:
    name, schema = table.table.name, table.table.schema
    ops: list[Operation] = [CreateTable(table.table)]
    ops.extend(AddIndex(name, schema, index) for index in table.indexes)
    builder.fk_adds.extend(AddForeignKey(name, schema, fk) for fk in table.foreign_keys)
    return ops


def _drop_table(table: DbTable, builder: _Builder) -> list[Operation]:
    name, schema = table.table.name, table.table.schema
    builder.fk_drops.extend(
        DropForeignKey(name, schema, fk) for fk in table.foreign_keys
    )
    ops: list[Operation] = [DropIndex(name, schema, index) for index in table.indexes]
    ops.append(DropTable(table.table))
    return ops


def _column_renames(old: DbTable, new: DbTable) -> dict[str, str]:
    """Old database column name -> new one, for declared renames."""
    old_names = {c.name for c in old.table.columns}
    new_names = {c.name for c in new.table.columns}
    renames: dict[str, str] = {}
    for column, was in new.column_was.items():
        if column in old_names:
            continue
        source = old.attributes.get(was, was)
        if source in old_names and source not in new_names:
            renames[source] = column
    return renames


def _alter_table(
    old: DbTable, new: DbTable, renames: _Renames, builder: _Builder
) -> list[Operation]:
    """Operations turning table ``old`` into ``new`` (foreign keys aside)."""
    schema, name = new.table.schema, new.table.name
    column_map = renames.columns.get(old.key, {})
    ops: list[Operation] = []

    # Constraints and indexes that go away first, under the old names.
    index_ops = _diff_named(
        old.indexes, new.indexes, lambda i: _map_index(i, column_map)
    )
    unique_ops = _diff_named(
        old.table.uniques, new.table.uniques, lambda u: _map_unique(u, column_map)
    )
    check_ops = _diff_named(old.table.checks, new.table.checks, lambda c: c)
    fk_ops = _diff_named(
        old.foreign_keys,
        new.foreign_keys,
        lambda fk: _map_fk(fk, renames, column_map),
    )
    ops.extend(
        DropIndex(old.table.name, old.table.schema, i) for i in index_ops.dropped
    )
    ops.extend(
        DropUnique(old.table.name, old.table.schema, u) for u in unique_ops.dropped
    )
    ops.extend(
        DropCheck(old.table.name, old.table.schema, c) for c in check_ops.dropped
    )
    builder.fk_drops.extend(
        DropForeignKey(old.table.name, old.table.schema, fk) for fk in fk_ops.dropped
    )

    # Renames: the table, its primary key, its columns, its named things.
    if old.key != new.key:
        ops.append(RenameTable(schema, old.table.name, name))
    if old.table.pk_name != new.table.pk_name:
        ops.append(RenameConstraint(name, schema, old.table.pk_name, new.table.pk_name))
    ops.extend(RenameColumn(name, schema, a, b) for a, b in column_map.items())
    ops.extend(RenameIndex(name, schema, a, b) for a, b in index_ops.renamed)
    for a, b in [*unique_ops.renamed, *check_ops.renamed, *fk_ops.renamed]:
        ops.append(RenameConstraint(name, schema, a, b))

    ops.extend(_diff_columns(old, new, column_map, renames.enums, builder))
    if old.table.comment != new.table.comment:
        ops.append(
            AlterTableComment(name, schema, old.table.comment, new.table.comment)
        )

    ops.extend(AddIndex(name, schema, i) for i in index_ops.added)
    ops.extend(AddUnique(name, schema, u) for u in unique_ops.added)
    ops.extend(AddCheck(name, schema, c) for c in check_ops.added)
    builder.fk_adds.extend(AddForeignKey(name, schema, fk) for fk in fk_ops.added)
    return ops


def _diff_columns(
    old: DbTable,
    new: DbTable,
    column_map: dict[str, str],
    enum_renames: dict[_EnumKey, _EnumKey],
    builder: _Builder,
) -> list[Operation]:
    schema, name = new.table.schema, new.table.name
    old_columns = {
        column_map.get(c.name, c.name): _rename_enum_type(c, enum_renames)
        for c in old.table.columns
    }
    ops: list[Operation] = []
    added = []
    for column in new.table.columns:
        before = old_columns.get(column.name)
        if before is None:
            added.append(column)
            _check_addable(new, column, builder)
            ops.append(AddColumn(name, schema, column))
            continue
        ops.extend(_alter_column(name, schema, before, column, builder))
    new_names = {c.name for c in new.table.columns}
    dropped = [c for n, c in old_columns.items() if n not in new_names]
    ops.extend(DropColumn(name, schema, c) for c in dropped)
    _warn_column_renames(new, dropped, added, builder)
    return ops


def _check_addable(table: DbTable, column: ColumnDef, builder: _Builder) -> None:
    if column.nullable or column.default is not None or column.identity:
        return
    label = f"{qualified(table.table.schema, table.table.name)}.{column.name}"
    builder.errors.append(
        f"cannot add the NOT NULL column {label} without a default: the rows "
        "already in the table would have no value for it. Choose one:\n"
        f"  - give it a default (`{column.name}: ... = <value>`), which fills "
        "existing rows;\n"
        f"  - make it nullable (`{column.name}: ...?`);\n"
        "  - or migrate in two steps: add it nullable, fill it (edit the "
        "revision or run an UPDATE), then make it required in a second migration."
    )


def _alter_column(
    table: str,
    schema: str | None,
    old: ColumnDef,
    new: ColumnDef,
    builder: _Builder,
) -> list[Operation]:
    ops: list[Operation] = []
    column = new.name
    if old.type != new.type:
        ops.append(
            AlterColumnType(
                table,
                schema,
                column,
                old.type,
                new.type,
                new.nullable,
                old.default,
                new.default,
            )
        )
    elif old.default != new.default:
        ops.append(
            AlterDefault(table, schema, column, new.type, old.default, new.default)
        )
    if old.nullable != new.nullable:
        ops.append(AlterNullable(table, schema, column, new.type, new.nullable))
        if not new.nullable:
            builder.warnings.append(
                f"{qualified(schema, table)}.{column} becomes NOT NULL: rows "
                "holding NULL make the upgrade fail; fill them first"
            )
    if old.comment != new.comment:
        ops.append(
            AlterColumnComment(
                table, schema, column, new.type, new.nullable, old.comment, new.comment
            )
        )
    if old.identity != new.identity:
        # TODO: add or drop GENERATED ALWAYS AS IDENTITY on an existing column.
        builder.warnings.append(
            f"{qualified(schema, table)}.{column}: changing identity is not migrated"
        )
    return ops


def _rename_enum_type(
    column: ColumnDef, enum_renames: dict[_EnumKey, _EnumKey]
) -> ColumnDef:
    """``column`` with its enum type under the type's new name, if renamed."""
    key = (column.type.enum_schema, column.type.enum or "")
    if column.type.kind != "enum" or key not in enum_renames:
        return column
    schema, name = enum_renames[key]
    return replace(column, type=replace(column.type, enum=name, enum_schema=schema))


def _warn_column_renames(
    table: DbTable,
    dropped: Iterable[ColumnDef],
    added: Iterable[ColumnDef],
    builder: _Builder,
) -> None:
    added = list(added)
    label = qualified(table.table.schema, table.table.name)
    for gone in dropped:
        for new in added:
            if gone.type == new.type:
                builder.warnings.append(
                    f"column {label}.{gone.name} is dropped and {new.name} added "
                    f"with the same type: if it is a rename, declare "
                    f"`{new.name}: ... was={gone.name}`"
                )


# --- named things: indexes and constraints ------------------------------------


_Named = TypeVar("_Named", IndexDef, UniqueDef, CheckDef, ForeignKeyDef)


@dataclass
class _NamedDiff(Generic[_Named]):
    dropped: list[_Named] = field(default_factory=list)
    added: list[_Named] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)


def _diff_named(
    old: Iterable[_Named],
    new: Iterable[_Named],
    mapped: Callable[[_Named], _Named],
) -> _NamedDiff[_Named]:
    """Match by name, then by definition under the renames (a rename)."""
    result: _NamedDiff[_Named] = _NamedDiff()
    old_by_name = {item.name: mapped(item) for item in old}
    originals = {item.name: item for item in old}
    new_items = list(new)
    new_names = {item.name for item in new_items}
    unmatched_old = {n: item for n, item in old_by_name.items() if n not in new_names}
    for item in new_items:
        before = old_by_name.get(item.name)
        if before is not None:
            if before != item:
                result.dropped.append(originals[item.name])
                result.added.append(item)
            continue
        twin = _twin(unmatched_old, item)
        if twin is None:
            result.added.append(item)
        else:
            del unmatched_old[twin]
            result.renamed.append((twin, item.name))
    result.dropped.extend(originals[n] for n in unmatched_old)
    return result


def _twin(candidates: dict[str, _Named], item: _Named) -> str | None:
    """The name of a candidate equal to ``item`` but for its name."""
    for name, candidate in candidates.items():
        if replace(candidate, name=item.name) == item:
            return name
    return None


def _map_index(index: IndexDef, columns: dict[str, str]) -> IndexDef:
    mapped = tuple((columns.get(c, c), desc) for c, desc in index.columns)
    return replace(index, columns=mapped)


def _map_unique(unique: UniqueDef, columns: dict[str, str]) -> UniqueDef:
    return replace(unique, columns=tuple(columns.get(c, c) for c in unique.columns))


def _map_fk(
    fk: ForeignKeyDef, renames: _Renames, columns: dict[str, str]
) -> ForeignKeyDef:
    """``fk`` (of an old table) with the new names of everything it names."""
    target = (fk.ref_schema, fk.ref_table)
    new_schema, new_table = renames.table(*target)
    return replace(
        fk,
        columns=tuple(columns.get(c, c) for c in fk.columns),
        ref_schema=new_schema,
        ref_table=new_table,
        ref_columns=tuple(renames.column(target, c) for c in fk.ref_columns),
    )


def _key_order(key: tuple[str | None, str]) -> tuple[str, str]:
    return (key[0] or "", key[1])


def _sort_key(item: tuple[tuple[str | None, str], object]) -> tuple[str, str]:
    return _key_order(item[0])
