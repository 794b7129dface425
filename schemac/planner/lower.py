"""Lower the IR to the database view the planner compares (:mod:`.defs`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemac.compiler import ir
from schemac.compiler.naming import constraint_name
from schemac.planner.defs import (
    CheckDef,
    ColumnDef,
    EnumDef,
    ForeignKeyDef,
    IndexDef,
    SqlType,
    TableDef,
    TableKey,
    UniqueDef,
)

_ACTIONS: dict[str, str | None] = {
    "cascade": "CASCADE",
    "set_null": "SET NULL",
    "restrict": "RESTRICT",
    "set_default": "SET DEFAULT",
    # NO ACTION is PostgreSQL's default and reflects as no action at all.
    "no_action": None,
}

#: Extensions a column type needs on PostgreSQL.
_TYPE_EXTENSIONS = {"citext": "citext"}


@dataclass(frozen=True)
class DbTable:
    """One table as the database sees it, plus the renames its model declares.

    Attributes:
        table: What ``CREATE TABLE`` needs.
        indexes: Indexes, by name.
        foreign_keys: Foreign keys, by name.
        model: The IR model name.
        was: The model's former name, when it declares one.
        attributes: IR attribute name -> database column name.
        column_was: Database column name -> the former name it declares.
    """

    table: TableDef
    indexes: tuple[IndexDef, ...]
    foreign_keys: tuple[ForeignKeyDef, ...]
    model: str
    was: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    column_was: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> TableKey:
        return (self.table.schema, self.table.name)


@dataclass(frozen=True)
class DbEnum:
    """An enum type plus its declared renames (type and values)."""

    enum: EnumDef
    ir_name: str
    was: str | None = None
    value_was: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.enum.schema, self.enum.name)


@dataclass(frozen=True)
class DbSchema:
    """A whole schema as the database sees it."""

    tables: dict[TableKey, DbTable]
    enums: dict[tuple[str | None, str], DbEnum]
    extensions: tuple[str, ...]
    schemas: tuple[str, ...]


def lower_schema(schema: ir.Schema) -> DbSchema:
    """The database view of ``schema``."""
    enums = {e.name: e for e in schema.enums}
    tables = [lower_model(m, enums) for m in schema.models]
    db_enums = [_lower_enum(e) for e in schema.enums]
    needed = set(schema.extensions)
    for model in schema.models:
        for column in model.columns:
            extension = _TYPE_EXTENSIONS.get(column.type.kind)
            if extension:
                needed.add(extension)
    return DbSchema(
        tables={t.key: t for t in tables},
        enums={e.key: e for e in db_enums},
        extensions=tuple(sorted(needed)),
        schemas=schema.schemas,
    )


def lower_model(model: ir.Model, enums: dict[str, ir.Enum]) -> DbTable:
    """The database view of one model."""
    columns = tuple(lower_column(c, enums) for c in model.columns)
    table = TableDef(
        name=model.table,
        schema=model.schema,
        columns=columns,
        primary_key=model.primary_key,
        pk_name=constraint_name("pk", model.table),
        uniques=tuple(UniqueDef(u.name, u.columns) for u in model.uniques),
        checks=tuple(CheckDef(c.name, c.expr) for c in model.checks),
        comment=model.doc,
    )
    return DbTable(
        table=table,
        indexes=tuple(_lower_index(i) for i in model.indexes),
        foreign_keys=tuple(_lower_fk(fk) for fk in model.foreign_keys),
        model=model.name,
        was=model.was,
        attributes={c.name: c.db_name for c in model.columns},
        column_was={c.db_name: c.was for c in model.columns if c.was},
    )


def lower_column(column: ir.Column, enums: dict[str, ir.Enum]) -> ColumnDef:
    """The database view of one column."""
    sql_type = lower_type(column.type, enums)
    return ColumnDef(
        name=column.db_name,
        type=sql_type,
        nullable=column.nullable,
        default=default_sql(column.default),
        identity=column.identity,
        comment=column.doc,
    )


def lower_type(column_type: ir.ColumnType, enums: dict[str, ir.Enum]) -> SqlType:
    """The database view of a column type; enum names become type names."""
    enum_name: str | None = None
    enum_schema: str | None = None
    if column_type.kind == "enum" and column_type.enum:
        enum = enums.get(column_type.enum)
        enum_name = enum.db_name if enum else column_type.enum
        enum_schema = enum.schema if enum else None
    return SqlType(
        kind=column_type.kind,
        length=column_type.length,
        precision=column_type.precision,
        scale=column_type.scale,
        array=column_type.array,
        enum=enum_name,
        enum_schema=enum_schema,
    )


def default_sql(default: ir.Default | None) -> str | None:
    """A column default as the SQL expression of its server default."""
    if default is None:
        return None
    if default.kind == "now":
        return "now()"
    if default.kind == "uuid":
        return "gen_random_uuid()"
    if default.kind == "uuid7":
        return "uuidv7()"
    if default.kind == "sql":
        return str(default.value)
    return literal_sql(default.value)


def literal_sql(value: ir.JsonValue) -> str:
    """A Python literal as SQL text."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple):
        items = ",".join(_array_item(v) for v in value)
        return quote_literal("{" + items + "}")
    return quote_literal(str(value))


def quote_literal(text: str) -> str:
    """``text`` as a single-quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _array_item(value: ir.JsonValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "NULL" if value is None else str(value)


def _lower_index(index: ir.Index) -> IndexDef:
    return IndexDef(
        name=index.name,
        columns=tuple((c.name, c.desc) for c in index.columns),
        unique=index.unique,
        using=index.using,
        where=index.where,
    )


def _lower_fk(fk: ir.ForeignKey) -> ForeignKeyDef:
    return ForeignKeyDef(
        name=fk.name,
        columns=fk.columns,
        ref_table=fk.target_table,
        ref_schema=fk.target_schema,
        ref_columns=fk.target_columns,
        on_delete=_ACTIONS[fk.on_delete] if fk.on_delete else None,
        on_update=_ACTIONS[fk.on_update] if fk.on_update else None,
    )


def _lower_enum(enum: ir.Enum) -> DbEnum:
    return DbEnum(
        enum=EnumDef(enum.db_name, enum.schema, tuple(v.name for v in enum.values)),
        ir_name=enum.name,
        was=enum.was,
        value_was={v.name: v.was for v in enum.values if v.was},
    )
