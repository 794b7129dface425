"""Fenced SQL: ``CREATE TABLE``, ``CREATE INDEX``, ``ALTER TABLE ... ADD
CONSTRAINT`` and ``CREATE TYPE ... AS ENUM``, read with sqlglot.

PostgreSQL is tried first, then MySQL and SQLite. Statements sqlglot cannot
read are reported and skipped; queries (``SELECT``, ``INSERT``...) are
ignored. A ``-- a, b, c`` comment after a text column lists its values.
"""

from __future__ import annotations

import logging
import re
from typing import cast

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown import types
from schemac.frontends.markdown.draft import (
    DefaultGuess,
    DraftColumn,
    DraftEnum,
    DraftFk,
    DraftIndex,
    DraftTable,
    FkGuess,
    Form,
    Spec,
    Statement,
    TypeGuess,
)
from schemac.frontends.markdown.tables import value_list
from schemac.source import SourceFile, Span

log = logging.getLogger(__name__)

DIALECTS = ("postgres", "mysql", "sqlite")
_STATEMENT_START = re.compile(
    r"^\s*(create|alter|insert|select|update|delete|drop|comment|with|grant)\b", re.I
)
_UUID_CALLS = {"gen_random_uuid", "uuid_generate_v4", "uuid", "newid", "uuid4"}
_NOW_CALLS = {"now", "current_timestamp", "getdate", "sysdate", "localtimestamp"}


# TODO: SQL Server pseudo-DDL written without CREATE TABLE (``Users (\n  Id
# UNIQUEIDENTIFIER NOT NULL, ...)`` followed by ``Indexes:`` lines) is not
# read; such a spec ends with "defines no table" (found in the wider corpus).
def read_sql(
    spec: Spec, text: str, line: int, source: SourceFile, bag: DiagnosticBag
) -> None:
    """Add what the SQL in a fence (starting at ``line``) defines to ``spec``."""
    for offset, chunk in _chunks(text):
        statements = _parse(chunk)
        start = line + offset
        if statements is None:
            if re.match(r"^\s*(create|alter)\b", chunk, re.I):
                bag.warning(
                    "could not read this SQL statement; it was skipped",
                    Span.point(source.path, start, 1, len(chunk.split("\n")[0])),
                )
            continue
        for statement in statements:
            _statement(spec, statement, chunk, start, source)


def _chunks(text: str) -> list[tuple[int, str]]:
    """Statements by the line they start on, so one bad one spoils no other."""
    lines = text.splitlines()
    starts = [i for i, ln in enumerate(lines) if _STATEMENT_START.match(ln)]
    if not starts:
        return [(0, text)] if text.strip() else []
    chunks = []
    for index, begin in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        chunks.append((begin, "\n".join(lines[begin:end])))
    return chunks


def _parse(chunk: str) -> list[exp.Expression] | None:
    candidates = [chunk, re.sub(r"\bNULLABLE\b", "NULL", chunk, flags=re.I)]
    quiet = logging.getLogger("sqlglot")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # sqlglot logs what it cannot read; we report it
    try:
        for text in candidates:
            for dialect in DIALECTS:
                parsed = _try(text, dialect)
                if parsed is not None:
                    return parsed
    finally:
        quiet.setLevel(level)
    return None


def _try(text: str, dialect: str) -> list[exp.Expression] | None:
    try:
        parsed = [p for p in sqlglot.parse(text, read=dialect) if p is not None]
    except (SqlglotError, RecursionError, ValueError):
        return None
    for statement in parsed:
        if isinstance(statement, exp.Command) and re.match(
            r"create|alter", str(statement.this), re.I
        ):
            return None  # read as an opaque command: another dialect may do better
    return cast(list[exp.Expression], parsed)


def _statement(
    spec: Spec, statement: exp.Expression, chunk: str, line: int, source: SourceFile
) -> None:
    if isinstance(statement, exp.Create):
        kind = str(statement.args.get("kind") or "").upper()
        if kind == "TABLE":
            _create_table(spec, statement, chunk, line, source)
        elif kind == "INDEX":
            _create_index(spec, statement, line, source)
        elif kind == "TYPE":
            _create_type(spec, statement, line, source)
    elif isinstance(statement, exp.Alter):
        _alter(spec, statement, line, source)


def _line_of(chunk: str, line: int, name: str, after: int = 0) -> int:
    pattern = re.compile(rf"^\s*[`\"\[]?{re.escape(name)}[`\"\]]?\s", re.I)
    for offset, text in enumerate(chunk.splitlines()):
        if offset >= after and pattern.match(text):
            return line + offset
    return line


# ---- CREATE TABLE ----------------------------------------------------------


def _create_table(
    spec: Spec, create: exp.Create, chunk: str, line: int, source: SourceFile
) -> None:
    schema_node = create.this
    table_node = schema_node.this if isinstance(schema_node, exp.Schema) else None
    if not isinstance(table_node, exp.Table):
        return
    name = table_node.name
    table = DraftTable(
        name=name,
        span=source.span_of(line, name),
        form=Form.SQL,
        schema=table_node.db or None,
    )
    for node in schema_node.expressions:
        if isinstance(node, exp.ColumnDef):
            at = _line_of(chunk, line, node.name, 1)
            table.add(_column(node, source.span_of(at, node.name), source.line(at)))
        else:
            _table_constraint(table, node, source.span_of(line, name))
    spec.tables.append(table)


def _column(node: exp.ColumnDef, span: Span, text: str) -> DraftColumn:
    column = DraftColumn(name=node.name, span=span, form=Form.SQL, nullable=True)
    kind = node.args.get("kind")
    if isinstance(kind, exp.DataType):
        column.type = sql_type(kind)
    for constraint in node.constraints:
        _column_constraint(column, constraint.args.get("kind"))
    if column.pk:
        column.nullable = False
    comment = " ".join(node.comments or []) or _trailing_comment(text)
    if comment:
        column.doc = comment.strip()
        if column.type is None or column.type.kind in ("str", "text"):
            column.enum_values = value_list(comment)
    return column


def _trailing_comment(text: str) -> str:
    return text.split("--", 1)[1].strip() if "--" in text else ""


def sql_type(kind: exp.DataType) -> TypeGuess | None:
    """The language type of an SQL data type, or None if it has none."""
    dtype = kind.this
    if dtype == exp.DataType.Type.ARRAY and kind.expressions:
        inner = kind.expressions[0]
        element = sql_type(inner) if isinstance(inner, exp.DataType) else None
        if element is None:
            return None
        return TypeGuess(element.kind, element.args, True, raw=kind.sql())
    name = dtype.name.lower() if hasattr(dtype, "name") else str(dtype).lower()
    raw = kind.sql(dialect="postgres")
    if name == "userdefined":
        return TypeGuess("unknown", raw=raw)
    found = types.match_type(name.replace("_", " ").split()) or types.match_type([name])
    if found is None:
        return TypeGuess("unknown", raw=raw)
    args = tuple(
        int(p.this.this)
        for p in kind.expressions
        if isinstance(p, exp.DataTypeParam)
        and isinstance(p.this, exp.Literal)
        and str(p.this.this).isdigit()
    )
    return types.make_type(found[0], args, raw)


def _column_constraint(column: DraftColumn, kind: exp.Expression | None) -> None:
    if isinstance(kind, exp.PrimaryKeyColumnConstraint):
        column.pk = True
    elif isinstance(kind, exp.NotNullColumnConstraint):
        column.nullable = bool(kind.args.get("allow_null"))
    elif isinstance(kind, exp.UniqueColumnConstraint):
        column.unique = True
    elif isinstance(kind, exp.DefaultColumnConstraint):
        column.default = sql_default(kind.this)
    elif isinstance(kind, exp.Reference):
        table, columns = _reference_target(kind)
        actions = _actions(kind)
        column.fk = FkGuess(table, columns[0] if columns else None, *actions)
    elif isinstance(kind, exp.CheckColumnConstraint):
        _check(column, kind.this)


def _reference_target(ref: exp.Reference) -> tuple[str, tuple[str, ...]]:
    target = ref.this
    if isinstance(target, exp.Schema):
        table = target.this
        columns = tuple(e.name for e in target.expressions)
    else:
        table, columns = target, ()
    if isinstance(table, exp.Table):
        name = f"{table.db}.{table.name}" if table.db else table.name
        return name, columns
    return str(table.name if hasattr(table, "name") else table), columns


def _actions(ref: exp.Reference) -> tuple[str | None, str | None]:
    on_delete = on_update = None
    for option in ref.args.get("options") or []:
        words = " ".join(str(option).lower().split())
        match = re.match(r"on (delete|update) (.+)", words)
        if match:
            action = match.group(2).replace(" ", "_")
            if match.group(1) == "delete":
                on_delete = action
            else:
                on_update = action
    return on_delete, on_update


def _check(column: DraftColumn, expr: exp.Expression) -> None:
    if isinstance(expr, exp.Between) and isinstance(expr.this, exp.Column):
        low, high = expr.args.get("low"), expr.args.get("high")
        if _number(low) is not None and _number(high) is not None:
            column.minimum, column.maximum = _number(low), _number(high)
            return
    if isinstance(expr, exp.In) and isinstance(expr.this, exp.Column):
        values = [e for e in expr.expressions if isinstance(e, exp.Literal)]
        if values and all(v.is_string for v in values):
            column.enum_values = tuple(str(v.this) for v in values)
            return
    column.checks.append(expr.sql(dialect="postgres"))


def _number(node: object) -> int | float | None:
    if isinstance(node, exp.Literal) and not node.is_string:
        text = str(node.this)
        try:
            return int(text)
        except ValueError:
            return float(text)
    return None


def sql_default(node: exp.Expression | None) -> DefaultGuess | None:
    """A column default from its SQL expression."""
    if node is None or isinstance(node, exp.Null):
        return None
    raw = node.sql(dialect="postgres")
    if isinstance(node, exp.Literal):
        if node.is_string:
            return DefaultGuess("literal", str(node.this), raw)
        number = _number(node)
        return DefaultGuess("literal", number, raw)
    if isinstance(node, exp.Neg) and _number(node.this) is not None:
        value = _number(node.this)
        assert value is not None
        return DefaultGuess("literal", -value, raw)
    if isinstance(node, exp.Boolean):
        return DefaultGuess("literal", bool(node.this), raw)
    if isinstance(node, exp.CurrentTimestamp | exp.CurrentDate | exp.CurrentTime):
        return DefaultGuess("call", "now", raw)
    name = _function_name(node)
    if name in _NOW_CALLS:
        return DefaultGuess("call", "now", raw)
    if name in _UUID_CALLS:
        return DefaultGuess("call", "uuid", raw)
    return DefaultGuess("sql", raw, raw)


def _function_name(node: exp.Expression) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.this).lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return ""


def _table_constraint(table: DraftTable, node: exp.Expression, span: Span) -> None:
    name: str | None = None
    if isinstance(node, exp.Constraint):
        name = node.name or None
        for inner in node.expressions:
            _table_constraint_body(table, inner, span, name)
        return
    _table_constraint_body(table, node, span, name)


def _table_constraint_body(
    table: DraftTable, node: exp.Expression, span: Span, name: str | None
) -> None:
    if isinstance(node, exp.PrimaryKey | exp.PrimaryKeyColumnConstraint):
        columns = tuple(_names(node.expressions))
        if columns:
            table.primary_key, table.primary_key_span = columns, span
    elif isinstance(node, exp.UniqueColumnConstraint):
        target = node.this
        columns = tuple(_names(target.expressions if target is not None else []))
        if columns:
            table.uniques.append((columns, span))
    elif isinstance(node, exp.ForeignKey):
        ref = node.args.get("reference")
        if isinstance(ref, exp.Reference):
            target, target_columns = _reference_target(ref)
            on_delete, on_update = _actions(ref)
            table.foreign_keys.append(
                DraftFk(
                    tuple(_names(node.expressions)),
                    target,
                    target_columns,
                    span,
                    on_delete,
                    on_update,
                )
            )
    elif isinstance(node, exp.CheckColumnConstraint):
        table.checks.append((node.this.sql(dialect="postgres"), name, span))


def _names(nodes: list[exp.Expression]) -> list[str]:
    out = []
    for node in nodes:
        if isinstance(node, exp.Ordered):
            node = node.this
        out.append(node.name)
    return [n for n in out if n]


# ---- indexes, types, ALTER -------------------------------------------------


def _create_index(
    spec: Spec, create: exp.Create, line: int, source: SourceFile
) -> None:
    index = create.this
    if not isinstance(index, exp.Index):
        return
    table = index.args.get("table")
    params = index.args.get("params")
    if not isinstance(table, exp.Table) or params is None:
        return
    columns: list[str] = []
    desc: list[bool] = []
    for ordered in params.args.get("columns") or []:
        node = ordered.this if isinstance(ordered, exp.Ordered) else ordered
        while isinstance(node, exp.Collate):
            node = node.this
        if not isinstance(node, exp.Column):
            return  # an expression index; the language cannot say it
        columns.append(node.name)
        desc.append(bool(isinstance(ordered, exp.Ordered) and ordered.args.get("desc")))
    where = params.args.get("where")
    using = params.args.get("using")
    spec.statements.append(
        Statement(
            "unique_index" if create.args.get("unique") else "index",
            table.name,
            tuple(columns),
            source.span_of(line, index.name or table.name),
            name=index.name or None,
            desc=tuple(desc),
            where=where.this.sql(dialect="postgres") if where is not None else None,
            using=str(using.name if hasattr(using, "name") else using).lower()
            if using is not None
            else None,
            loose=False,
        )
    )


def _create_type(spec: Spec, create: exp.Create, line: int, source: SourceFile) -> None:
    kind = create.args.get("expression")
    if not isinstance(kind, exp.DataType) or kind.this != exp.DataType.Type.ENUM:
        return
    values = tuple(str(v.this) for v in kind.expressions if isinstance(v, exp.Literal))
    name = create.this.name
    spec.enums.append(DraftEnum(name, values, source.span_of(line, name), Form.SQL))


def _alter(spec: Spec, alter: exp.Alter, line: int, source: SourceFile) -> None:
    table_node = alter.this
    if not isinstance(table_node, exp.Table):
        return
    draft = DraftTable(table_node.name, source.span_of(line, table_node.name), Form.SQL)
    for action in alter.args.get("actions") or []:
        for node in action.expressions if isinstance(action, exp.AddConstraint) else []:
            _table_constraint(draft, node, draft.span)
    for expr, name, span in draft.checks:
        spec.statements.append(Statement("check", draft.name, (expr,), span, name=name))
    for columns, span in draft.uniques:
        spec.statements.append(Statement("unique", draft.name, columns, span))
    for fk in draft.foreign_keys:
        from schemac.frontends.markdown.draft import RelationFact

        spec.relations.append(
            RelationFact(
                fk.table,
                draft.name,
                fk.span,
                column=fk.columns[0],
                on_delete=fk.on_delete,
            )
        )


__all__ = ["DraftIndex", "read_sql", "sql_default", "sql_type"]
