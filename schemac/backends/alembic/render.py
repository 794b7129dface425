"""Render planner operations as Alembic ``op.*`` calls.

One function per operation kind, looked up in :data:`_RENDERERS`; an
operation without one raises instead of being skipped. Every constraint and
index name is explicit and wrapped in ``op.f()`` so the models' naming
convention, which Alembic applies to ``op`` calls too, does not rename it.
The generated code imports only ``alembic.op``, ``sqlalchemy as sa`` and
``sqlalchemy.dialects.postgresql``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from schemac.backends.alembic.code import (
    Call,
    Comment,
    Kw,
    ListOf,
    Node,
    Statement,
    Stmt,
    With,
    py_str,
)
from schemac.compiler.naming import quote_ident
from schemac.planner import operations as ops
from schemac.planner.defs import ColumnDef, EnumUse, SqlType, TableDef
from schemac.planner.lower import quote_literal

_SIMPLE_TYPES = {
    "int": "sa.Integer()",
    "bigint": "sa.BigInteger()",
    "smallint": "sa.SmallInteger()",
    "text": "sa.Text()",
    "bool": "sa.Boolean()",
    "float": "sa.Double()",
    "date": "sa.Date()",
    "time": "sa.Time()",
    "interval": "sa.Interval()",
    "datetime": "sa.DateTime(timezone=True)",
    "timestamp": "sa.DateTime()",
    "uuid": "sa.Uuid()",
    "json": "sa.JSON()",
    "jsonb": "postgresql.JSONB()",
    "bytes": "sa.LargeBinary()",
    "citext": "postgresql.CITEXT()",
    "inet": "postgresql.INET()",
    "cidr": "postgresql.CIDR()",
    "tsvector": "postgresql.TSVECTOR()",
}

_SQL_TYPES = {
    "int": "integer",
    "bigint": "bigint",
    "smallint": "smallint",
    "text": "text",
    "bool": "boolean",
    "float": "double precision",
    "date": "date",
    "time": "time",
    "interval": "interval",
    "datetime": "timestamp with time zone",
    "timestamp": "timestamp",
    "uuid": "uuid",
    "json": "json",
    "jsonb": "jsonb",
    "bytes": "bytea",
    "citext": "citext",
    "inet": "inet",
    "cidr": "cidr",
    "tsvector": "tsvector",
}


def render_operations(operations: Sequence[ops.Operation]) -> list[Statement]:
    """Statements for ``operations``, with a comment heading each table's run."""
    statements: list[Statement] = []
    current: str | None = None
    for operation in operations:
        label = operation.table_label
        if label != current:
            heading = f"table {label}" if label else _section(operation)
            statements.append(Comment(heading, blank_before=True))
            current = label
        statements.extend(render_operation(operation))
    return statements


def render_operation(operation: ops.Operation) -> list[Statement]:
    """The statements that run one operation."""
    renderer = _RENDERERS.get(type(operation))
    if renderer is None:
        raise TypeError(f"no Alembic rendering for {type(operation).__name__}")
    return renderer(operation)


def _section(operation: ops.Operation) -> str:
    if isinstance(operation, ops.CreateSchema | ops.DropSchema):
        return "schemas"
    if isinstance(operation, ops.CreateExtension | ops.DropExtension):
        return "extensions"
    return "enum types"


# --- SQL and SQLAlchemy spellings ---------------------------------------------


def sql_name(schema: str | None, name: str) -> str:
    """A possibly schema-qualified name, quoted where SQL needs it."""
    quoted = quote_ident(name)
    return f"{quote_ident(schema)}.{quoted}" if schema else quoted


def sql_type(sql: SqlType) -> str:
    """The type as SQL text, for ``USING`` casts."""
    if sql.kind == "enum":
        base = sql_name(sql.enum_schema, sql.enum or "")
    elif sql.kind == "str":
        base = f"varchar({sql.length})" if sql.length else "varchar"
    elif sql.kind == "decimal":
        base = _numeric(sql)
    else:
        base = _SQL_TYPES[sql.kind]
    return base + ("[]" if sql.array else "")


def _numeric(sql: SqlType) -> str:
    if sql.precision is None:
        return "numeric"
    return f"numeric({sql.precision}, {sql.scale or 0})"


def sa_type(sql: SqlType) -> Node:
    """The SQLAlchemy type expression for a column type."""
    base: Node
    if sql.kind == "enum":
        base = enum_type(sql.enum or "", sql.enum_schema)
    elif sql.kind == "str":
        base = f"sa.String(length={sql.length})" if sql.length else "sa.String()"
    elif sql.kind == "decimal":
        base = _sa_numeric(sql)
    else:
        base = _SIMPLE_TYPES[sql.kind]
    return Call("postgresql.ARRAY", (base,)) if sql.array else base


def _sa_numeric(sql: SqlType) -> str:
    if sql.precision is None:
        return "sa.Numeric()"
    return f"sa.Numeric(precision={sql.precision}, scale={sql.scale or 0})"


def enum_type(name: str, schema: str | None, values: Sequence[str] = ()) -> Call:
    """A ``postgresql.ENUM`` that never creates or drops its type implicitly."""
    args: list[Node] = [py_str(v) for v in values]
    args.append(Kw("name", py_str(name)))
    if schema:
        args.append(Kw("schema", py_str(schema)))
    args.append(Kw("create_type", "False"))
    return Call("postgresql.ENUM", tuple(args))


def _text(sql: str) -> Call:
    return Call("sa.text", (py_str(sql),))


def _name(name: str) -> Call:
    return Call("op.f", (py_str(name),))


def _schema_kw(schema: str | None, key: str = "schema") -> list[Node]:
    return [Kw(key, py_str(schema))] if schema else []


def _execute(sql: str) -> Stmt:
    return Stmt(Call("op.execute", (py_str(sql),)))


def column_node(column: ColumnDef) -> Call:
    """``sa.Column(...)`` for a column definition."""
    # TODO: a lone integer primary key that is also a foreign key becomes
    # SERIAL here (SQLAlchemy's autoincrement="auto" cannot see the key,
    # which is added later); the models would have no sequence.
    args: list[Node] = [py_str(column.name), sa_type(column.type)]
    if column.identity:
        args.append("sa.Identity(always=True)")
    args.append(Kw("nullable", str(column.nullable)))
    if column.default is not None:
        args.append(Kw("server_default", _text(column.default)))
    if column.comment is not None:
        args.append(Kw("comment", py_str(column.comment)))
    return Call("sa.Column", tuple(args))


# --- schemas, extensions, enum types ------------------------------------------


def _create_schema(op: ops.CreateSchema) -> list[Statement]:
    return [_execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(op.name)}")]


def _drop_schema(op: ops.DropSchema) -> list[Statement]:
    return [_execute(f"DROP SCHEMA IF EXISTS {quote_ident(op.name)}")]


def _create_extension(op: ops.CreateExtension) -> list[Statement]:
    return [_execute(f"CREATE EXTENSION IF NOT EXISTS {quote_ident(op.name)}")]


def _drop_extension(op: ops.DropExtension) -> list[Statement]:
    return [_execute(f"DROP EXTENSION IF EXISTS {quote_ident(op.name)}")]


def _create_enum(op: ops.CreateEnum) -> list[Statement]:
    return _enum_statements(op.enum.name, op.enum.schema, op.enum.values, "create")


def _enum_statements(
    name: str, schema: str | None, values: Sequence[str], verb: str
) -> list[Statement]:
    """Create or drop a type explicitly, never as a side effect of a table."""
    variable = f"{name}_enum" if name.isidentifier() else "enum_type"
    return [
        Stmt(enum_type(name, schema, values), target=variable),
        Stmt(Call(f"{variable}.{verb}", ("op.get_bind()", Kw("checkfirst", "False")))),
    ]


def _drop_enum(op: ops.DropEnum) -> list[Statement]:
    return _enum_statements(op.enum.name, op.enum.schema, (), "drop")


def _rename_enum(op: ops.RenameEnum) -> list[Statement]:
    old = sql_name(op.schema, op.old)
    return [_execute(f"ALTER TYPE {old} RENAME TO {quote_ident(op.new)}")]


def _add_enum_value(op: ops.AddEnumValue) -> list[Statement]:
    sql = (
        f"ALTER TYPE {sql_name(op.schema, op.enum)} ADD VALUE {quote_literal(op.value)}"
    )
    if op.neighbour:
        where, value = op.neighbour
        sql += f" {where} {quote_literal(value)}"
    # ADD VALUE must commit before anything can use the new value.
    return [With("op.get_context().autocommit_block()", (_execute(sql),))]


def _rename_enum_value(op: ops.RenameEnumValue) -> list[Statement]:
    name = sql_name(op.schema, op.enum)
    old, new = quote_literal(op.old), quote_literal(op.new)
    sql = f"ALTER TYPE {name} RENAME VALUE {old} TO {new}"
    return [_execute(sql)]


def _remove_enum_value(op: ops.RemoveEnumValue) -> list[Statement]:
    """Swap the type: PostgreSQL cannot drop a label from an enum."""
    old_name = f"{op.enum}_old"
    statements: list[Statement] = [
        _execute(
            f"ALTER TYPE {sql_name(op.schema, op.enum)} "
            f"RENAME TO {quote_ident(old_name)}"
        )
    ]
    statements.extend(_enum_statements(op.enum, op.schema, op.remaining, "create"))
    new_type = sql_name(op.schema, op.enum)
    for use in op.uses:
        statements.extend(_convert_use(use, new_type))
    statements.append(_execute(f"DROP TYPE {sql_name(op.schema, old_name)}"))
    return statements


def _convert_use(use: EnumUse, new_type: str) -> list[Statement]:
    table = sql_name(use.schema, use.table)
    column = quote_ident(use.column)
    brackets = "[]" if use.array else ""
    statements: list[Statement] = []
    if use.default is not None:
        statements.append(
            _execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
        )
    statements.append(
        _execute(
            f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {new_type}{brackets} "
            f"USING {column}::text{brackets}::{new_type}{brackets}"
        )
    )
    if use.default is not None:
        statements.append(
            _execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {use.default}"
            )
        )
    return statements


# --- tables and columns ---------------------------------------------------------


def _create_table(op: ops.CreateTable) -> list[Statement]:
    return [Stmt(Call("op.create_table", tuple(_table_args(op.table))))]


def _table_args(table: TableDef) -> list[Node]:
    args: list[Node] = [py_str(table.name)]
    args.extend(column_node(c) for c in table.columns)
    pk = [py_str(c) for c in table.primary_key]
    args.append(
        Call("sa.PrimaryKeyConstraint", (*pk, Kw("name", _name(table.pk_name))))
    )
    for unique in table.uniques:
        columns = [py_str(c) for c in unique.columns]
        args.append(
            Call("sa.UniqueConstraint", (*columns, Kw("name", _name(unique.name))))
        )
    for check in table.checks:
        args.append(
            Call(
                "sa.CheckConstraint",
                (py_str(check.expr), Kw("name", _name(check.name))),
            )
        )
    args.extend(_schema_kw(table.schema))
    if table.comment is not None:
        args.append(Kw("comment", py_str(table.comment)))
    return args


def _drop_table(op: ops.DropTable) -> list[Statement]:
    args = (py_str(op.table.name), *_schema_kw(op.table.schema))
    return [Stmt(Call("op.drop_table", args))]


def _rename_table(op: ops.RenameTable) -> list[Statement]:
    args = (py_str(op.old), py_str(op.new), *_schema_kw(op.schema))
    return [Stmt(Call("op.rename_table", args))]


def _table_comment(op: ops.AlterTableComment) -> list[Statement]:
    existing = Kw("existing_comment", py_str(op.old) if op.old is not None else "None")
    if op.new is None:
        args = (py_str(op.table), existing, *_schema_kw(op.schema))
        return [Stmt(Call("op.drop_table_comment", args))]
    args = (py_str(op.table), py_str(op.new), existing, *_schema_kw(op.schema))
    return [Stmt(Call("op.create_table_comment", args))]


def _add_column(op: ops.AddColumn) -> list[Statement]:
    args = (py_str(op.table), column_node(op.column), *_schema_kw(op.schema))
    return [Stmt(Call("op.add_column", args))]


def _drop_column(op: ops.DropColumn) -> list[Statement]:
    args = (py_str(op.table), py_str(op.column.name), *_schema_kw(op.schema))
    return [Stmt(Call("op.drop_column", args))]


def _alter(table: str, schema: str | None, column: str, *kwargs: Kw) -> Stmt:
    args = (py_str(table), py_str(column), *kwargs, *_schema_kw(schema))
    return Stmt(Call("op.alter_column", args))


def _rename_column(op: ops.RenameColumn) -> list[Statement]:
    return [_alter(op.table, op.schema, op.old, Kw("new_column_name", py_str(op.new)))]


def _default_node(default: str | None) -> Node:
    return "None" if default is None else _text(default)


def _alter_type(op: ops.AlterColumnType) -> list[Statement]:
    statements: list[Statement] = []
    if op.old_default is not None:
        statements.append(
            _alter(op.table, op.schema, op.column, Kw("server_default", "None"))
        )
    column = quote_ident(op.column)
    cast = "::text" if op.new.kind == "enum" or op.old.kind == "enum" else ""
    if op.new.array and cast:
        cast += "[]"
    using = f"{column}{cast}::{sql_type(op.new)}"
    statements.append(
        _alter(
            op.table,
            op.schema,
            op.column,
            Kw("type_", sa_type(op.new)),
            Kw("existing_type", sa_type(op.old)),
            Kw("existing_nullable", str(op.nullable)),
            Kw("postgresql_using", py_str(using)),
        )
    )
    if op.new_default is not None:
        statements.append(
            _alter(
                op.table,
                op.schema,
                op.column,
                Kw("server_default", _text(op.new_default)),
            )
        )
    return statements


def _alter_nullable(op: ops.AlterNullable) -> list[Statement]:
    return [
        _alter(
            op.table,
            op.schema,
            op.column,
            Kw("existing_type", sa_type(op.type)),
            Kw("nullable", str(op.nullable)),
        )
    ]


def _alter_default(op: ops.AlterDefault) -> list[Statement]:
    return [
        _alter(
            op.table,
            op.schema,
            op.column,
            Kw("existing_type", sa_type(op.type)),
            Kw("server_default", _default_node(op.new)),
            Kw("existing_server_default", _default_node(op.old)),
        )
    ]


def _alter_comment(op: ops.AlterColumnComment) -> list[Statement]:
    comment = py_str(op.new) if op.new is not None else "None"
    existing = py_str(op.old) if op.old is not None else "None"
    return [
        _alter(
            op.table,
            op.schema,
            op.column,
            Kw("existing_type", sa_type(op.type)),
            Kw("existing_nullable", str(op.nullable)),
            Kw("comment", comment),
            Kw("existing_comment", existing),
        )
    ]


# --- indexes and constraints ------------------------------------------------------


def _add_index(op: ops.AddIndex) -> list[Statement]:
    index = op.index
    columns: list[Node] = [
        _text(f"{quote_ident(c)} DESC") if desc else py_str(c)
        for c, desc in index.columns
    ]
    args: list[Node] = [_name(index.name), py_str(op.table), ListOf(tuple(columns))]
    args.append(Kw("unique", str(index.unique)))
    args.extend(_schema_kw(op.schema))
    if index.using:
        args.append(Kw("postgresql_using", py_str(index.using)))
    if index.where:
        args.append(Kw("postgresql_where", _text(index.where)))
    return [Stmt(Call("op.create_index", tuple(args)))]


def _drop_index(op: ops.DropIndex) -> list[Statement]:
    args = (
        _name(op.index.name),
        Kw("table_name", py_str(op.table)),
        *_schema_kw(op.schema),
    )
    return [Stmt(Call("op.drop_index", args))]


def _rename_index(op: ops.RenameIndex) -> list[Statement]:
    old = sql_name(op.schema, op.old)
    return [_execute(f"ALTER INDEX {old} RENAME TO {quote_ident(op.new)}")]


def _add_unique(op: ops.AddUnique) -> list[Statement]:
    columns = ListOf(tuple(py_str(c) for c in op.unique.columns))
    args = (_name(op.unique.name), py_str(op.table), columns, *_schema_kw(op.schema))
    return [Stmt(Call("op.create_unique_constraint", args))]


def _drop_constraint(
    name: str, table: str, schema: str | None, kind: str
) -> list[Statement]:
    args = (_name(name), py_str(table), Kw("type_", py_str(kind)), *_schema_kw(schema))
    return [Stmt(Call("op.drop_constraint", args))]


def _drop_unique(op: ops.DropUnique) -> list[Statement]:
    return _drop_constraint(op.unique.name, op.table, op.schema, "unique")


def _add_check(op: ops.AddCheck) -> list[Statement]:
    args = (
        _name(op.check.name),
        py_str(op.table),
        py_str(op.check.expr),
        *_schema_kw(op.schema),
    )
    return [Stmt(Call("op.create_check_constraint", args))]


def _drop_check(op: ops.DropCheck) -> list[Statement]:
    return _drop_constraint(op.check.name, op.table, op.schema, "check")


def _add_fk(op: ops.AddForeignKey) -> list[Statement]:
    fk = op.foreign_key
    args: list[Node] = [
        _name(fk.name),
        py_str(op.table),
        py_str(fk.ref_table),
        ListOf(tuple(py_str(c) for c in fk.columns)),
        ListOf(tuple(py_str(c) for c in fk.ref_columns)),
    ]
    args.extend(_schema_kw(op.schema, "source_schema"))
    args.extend(_schema_kw(fk.ref_schema, "referent_schema"))
    if fk.on_delete:
        args.append(Kw("ondelete", py_str(fk.on_delete)))
    if fk.on_update:
        args.append(Kw("onupdate", py_str(fk.on_update)))
    return [Stmt(Call("op.create_foreign_key", tuple(args)))]


def _drop_fk(op: ops.DropForeignKey) -> list[Statement]:
    return _drop_constraint(op.foreign_key.name, op.table, op.schema, "foreignkey")


def _rename_constraint(op: ops.RenameConstraint) -> list[Statement]:
    table = sql_name(op.schema, op.table)
    sql = (
        f"ALTER TABLE {table} RENAME CONSTRAINT {quote_ident(op.old)} "
        f"TO {quote_ident(op.new)}"
    )
    return [_execute(sql)]


_RENDERERS: dict[type[Any], Callable[[Any], list[Statement]]] = {
    ops.CreateSchema: _create_schema,
    ops.DropSchema: _drop_schema,
    ops.CreateExtension: _create_extension,
    ops.DropExtension: _drop_extension,
    ops.CreateEnum: _create_enum,
    ops.DropEnum: _drop_enum,
    ops.RenameEnum: _rename_enum,
    ops.AddEnumValue: _add_enum_value,
    ops.RemoveEnumValue: _remove_enum_value,
    ops.RenameEnumValue: _rename_enum_value,
    ops.CreateTable: _create_table,
    ops.DropTable: _drop_table,
    ops.RenameTable: _rename_table,
    ops.AlterTableComment: _table_comment,
    ops.AddColumn: _add_column,
    ops.DropColumn: _drop_column,
    ops.RenameColumn: _rename_column,
    ops.AlterColumnType: _alter_type,
    ops.AlterNullable: _alter_nullable,
    ops.AlterDefault: _alter_default,
    ops.AlterColumnComment: _alter_comment,
    ops.AddIndex: _add_index,
    ops.DropIndex: _drop_index,
    ops.RenameIndex: _rename_index,
    ops.AddUnique: _add_unique,
    ops.DropUnique: _drop_unique,
    ops.AddCheck: _add_check,
    ops.DropCheck: _drop_check,
    ops.AddForeignKey: _add_fk,
    ops.DropForeignKey: _drop_fk,
    ops.RenameConstraint: _rename_constraint,
}
