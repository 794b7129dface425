"""SQLModel classes in fenced Python, read with :mod:`ast` (never executed).

``class X(SQLModel, table=True)`` is a table: ``__tablename__`` names it,
otherwise SQLModel's default (the class name in lower case) is implied.
Annotations give types and nullability (``Optional[...]``, ``X | None``);
``Field(...)`` and ``sa_column=Column(...)`` give keys, lengths, defaults and
foreign keys. ``class X(str, Enum)`` declares an enum. Fields of non-table
SQLModel base classes are inherited by the table classes that list them.
"""

from __future__ import annotations

import ast as pyast
from collections.abc import Iterable

from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown import types
from schemac.frontends.markdown.draft import (
    DefaultGuess,
    DraftColumn,
    DraftEnum,
    DraftTable,
    FkGuess,
    Form,
    Spec,
    TypeGuess,
)
from schemac.frontends.markdown.phrases import _split_ref
from schemac.source import SourceFile, Span

_PY_TYPES = {
    "int": "int",
    "str": "str",
    "bool": "bool",
    "float": "float",
    # SQLModel maps a plain datetime to TIMESTAMP WITHOUT TIME ZONE.
    "datetime": "timestamp",
    "date": "date",
    "time": "time",
    "timedelta": "interval",
    "UUID": "uuid",
    "Decimal": "decimal",
    "dict": "json",
    "Dict": "json",
    "list": "json",
    "List": "json",
    "Any": "json",
    "bytes": "bytes",
    "EmailStr": "str",
    "HttpUrl": "str",
    "AnyUrl": "str",
}
_SA_TYPES = {
    "String": "str",
    "Unicode": "str",
    "Text": "text",
    "UnicodeText": "text",
    "Integer": "int",
    "BigInteger": "bigint",
    "SmallInteger": "smallint",
    "Boolean": "bool",
    "Float": "float",
    "Numeric": "decimal",
    "DateTime": "datetime",
    "Date": "date",
    "Time": "time",
    "JSON": "json",
    "JSONB": "jsonb",
    "Uuid": "uuid",
    "UUID": "uuid",
    "LargeBinary": "bytes",
    "Interval": "interval",
}
_NOW = {"utcnow", "now", "func.now", "datetime.utcnow", "datetime.now"}


def read_python(
    spec: Spec, text: str, line: int, source: SourceFile, bag: DiagnosticBag
) -> None:
    """Add the SQLModel tables and enums of a Python fence to ``spec``."""
    try:
        tree = pyast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        if "SQLModel" in text:
            bag.warning(
                "could not read this Python block (it is not valid Python); "
                "it was skipped",
                Span.point(source.path, line, 1),
            )
        return
    for node in tree.body:
        if isinstance(node, pyast.ClassDef):
            _class(spec, node, line - 1, source)


def _class(spec: Spec, node: pyast.ClassDef, offset: int, source: SourceFile) -> None:
    bases = [_dotted(b) for b in node.bases]
    span = source.span_of(node.lineno + offset, node.name)
    if any(b.split(".")[-1] in ("Enum", "StrEnum", "IntEnum") for b in bases):
        values = _enum_values(node)
        if values:
            spec.enums.append(DraftEnum(node.name, values, span, Form.ORM))
        return
    table_kw = any(
        k.arg == "table" and isinstance(k.value, pyast.Constant) and k.value.value
        for k in node.keywords
    )
    inherited = [spec.bases[b] for b in bases if b in spec.bases]
    if not table_kw:
        if "SQLModel" in bases or inherited:
            draft = DraftTable(node.name, span, Form.ORM)
            for base in inherited:
                draft.columns.update(base.columns)
            _fields(draft, node, offset, source)
            spec.bases[node.name] = draft
        return
    name = _tablename(node)
    table = DraftTable(
        name=name or node.name.lower(),
        span=span,
        form=Form.ORM,
        is_table_name=True,
        implied_name=name is None,
        model_name=node.name,
        doc=pyast.get_docstring(node),
    )
    for base in inherited:
        for column in base.columns.values():
            table.add(column)
    _fields(table, node, offset, source)
    spec.tables.append(table)


def _tablename(node: pyast.ClassDef) -> str | None:
    for stmt in node.body:
        if isinstance(stmt, pyast.Assign | pyast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, pyast.Assign) else [stmt.target]
            if any(
                isinstance(t, pyast.Name) and t.id == "__tablename__" for t in targets
            ):
                value = stmt.value
                if isinstance(value, pyast.Constant) and isinstance(value.value, str):
                    return value.value
    return None


def _enum_values(node: pyast.ClassDef) -> tuple[str, ...]:
    values = []
    for stmt in node.body:
        if isinstance(stmt, pyast.Assign) and isinstance(stmt.targets[0], pyast.Name):
            value = stmt.value
            if isinstance(value, pyast.Constant) and isinstance(value.value, str):
                values.append(
                    value.value if value.value.isidentifier() else stmt.targets[0].id
                )
            else:
                values.append(stmt.targets[0].id)
    return tuple(values)


def _fields(
    table: DraftTable, node: pyast.ClassDef, offset: int, source: SourceFile
) -> None:
    for stmt in node.body:
        if isinstance(stmt, pyast.AnnAssign) and isinstance(stmt.target, pyast.Name):
            name = stmt.target.id
            if name.startswith("__"):
                continue
            column = _field(name, stmt, source.span_of(stmt.lineno + offset, name))
            if column is not None:
                table.columns[column.name] = column
        elif isinstance(stmt, pyast.Assign):
            _table_args(
                table, stmt, source.span_of(stmt.lineno + offset, "__table_args__")
            )


def _field(name: str, stmt: pyast.AnnAssign, span: Span) -> DraftColumn | None:
    annotation, nullable = _unwrap(stmt.annotation)
    call = stmt.value if isinstance(stmt.value, pyast.Call) else None
    if call is not None and _dotted(call.func).endswith("Relationship"):
        return None
    type_name = _dotted(annotation) if annotation is not None else ""
    if isinstance(annotation, pyast.Subscript):
        type_name = _dotted(annotation.value)
    if isinstance(annotation, pyast.Constant) or (
        type_name in ("List", "list") and call is None
    ):
        return None
    column = DraftColumn(name=name, span=span, form=Form.ORM, nullable=nullable)
    short = type_name.split(".")[-1]
    kind = _PY_TYPES.get(short)
    column.type = (
        TypeGuess(kind, raw=short) if kind else TypeGuess("enum", enum=short, raw=short)
    )
    if call is not None and _dotted(call.func).endswith("Field"):
        _field_call(column, call)
    elif stmt.value is not None:
        column.default = _literal(stmt.value)
    if column.pk:
        column.nullable = False
    return column


def _unwrap(node: pyast.expr | None) -> tuple[pyast.expr | None, bool]:
    """``Optional[X]``/``X | None`` → (X, True)."""
    if isinstance(node, pyast.Subscript) and _dotted(node.value).endswith("Optional"):
        return node.slice, True
    if isinstance(node, pyast.BinOp) and isinstance(node.op, pyast.BitOr):
        for side, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(side, pyast.Constant) and side.value is None:
                return other, True
    return node, False


def _field_call(column: DraftColumn, call: pyast.Call) -> None:
    for keyword in call.keywords:
        _keyword(column, keyword.arg or "", keyword.value)


def _keyword(column: DraftColumn, key: str, value: pyast.expr) -> None:
    constant = value.value if isinstance(value, pyast.Constant) else None
    if key == "primary_key":
        column.pk = bool(constant)
    elif key in ("unique", "index"):
        setattr(column, key, bool(constant))
    elif key == "nullable" and isinstance(constant, bool):
        column.nullable = constant
    elif key == "foreign_key" and isinstance(constant, str):
        table, target = _split_ref(constant)
        column.fk = FkGuess(table, target)
    elif key == "ondelete" and isinstance(constant, str) and column.fk is not None:
        column.fk.on_delete = constant.lower().replace(" ", "_")
    elif key == "max_length" and isinstance(constant, int):
        column.max_length = constant
        if column.type is not None and column.type.kind == "str":
            column.type = TypeGuess("str", (constant,), raw=column.type.raw)
    elif key in ("ge", "gt") and isinstance(constant, int | float):
        column.minimum = constant
    elif key in ("le", "lt") and isinstance(constant, int | float):
        column.maximum = constant
    elif (key == "default" and constant is not None) or (
        key == "default" and not isinstance(value, pyast.Constant)
    ):
        column.default = _literal(value)
    elif key == "default_factory":
        column.default = _factory(value)
    elif key == "sa_column" and isinstance(value, pyast.Call):
        _sa_column(column, value)
    elif key == "sa_column_kwargs" and isinstance(value, pyast.Dict):
        keys = [k.value for k in value.keys if isinstance(k, pyast.Constant)]
        column.auto_now = column.auto_now or "onupdate" in keys


def _sa_column(column: DraftColumn, call: pyast.Call) -> None:
    for arg in call.args:
        if isinstance(arg, pyast.Call):
            name = _dotted(arg.func).split(".")[-1]
            if (
                name == "ForeignKey"
                and arg.args
                and isinstance(arg.args[0], pyast.Constant)
            ):
                table, target = _split_ref(str(arg.args[0].value))
                column.fk = FkGuess(table, target)
                for keyword in arg.keywords:
                    if keyword.arg == "ondelete" and isinstance(
                        keyword.value, pyast.Constant
                    ):
                        column.fk.on_delete = (
                            str(keyword.value.value).lower().replace(" ", "_")
                        )
            else:
                _sa_type(column, name, arg.args)
        elif isinstance(arg, pyast.Name | pyast.Attribute):
            _sa_type(column, _dotted(arg).split(".")[-1], [])
    for keyword in call.keywords:
        if keyword.arg == "server_default":
            column.default = _literal(keyword.value)
        else:
            _keyword(column, keyword.arg or "", keyword.value)


def _sa_type(column: DraftColumn, name: str, args: Iterable[pyast.expr]) -> None:
    kind = _SA_TYPES.get(name)
    if kind is None:
        return
    if kind == "datetime" and not any(
        k.arg == "timezone" for k in getattr(args, "keywords", [])
    ):
        kind = "timestamp"
    sizes = tuple(
        a.value
        for a in args
        if isinstance(a, pyast.Constant) and isinstance(a.value, int)
    )
    column.type = types.make_type(kind, sizes, name)


def _factory(value: pyast.expr) -> DefaultGuess | None:
    name = _dotted(value)
    if name.split(".")[-1] in ("utcnow", "now") or name in _NOW:
        return DefaultGuess("call", "now", name + "()")
    if name.split(".")[-1] in ("uuid4", "uuid7", "uuid1"):
        return DefaultGuess("call", "uuid", name + "()")
    if name in ("list", "dict"):
        return DefaultGuess("literal", "[]" if name == "list" else "{}", name + "()")
    return None


def _literal(value: pyast.expr) -> DefaultGuess | None:
    if isinstance(value, pyast.Constant) and isinstance(
        value.value, str | int | float | bool
    ):
        return DefaultGuess("literal", value.value, repr(value.value))
    if isinstance(value, pyast.Attribute):
        # TodoStatus.PENDING or TodoStatus.PENDING.value: the member.
        parts = _dotted(value).split(".")
        member = parts[-2] if parts[-1] == "value" and len(parts) > 2 else parts[-1]
        return DefaultGuess(
            "ident", member.lower() if member.isupper() else member, member
        )
    return None


def _table_args(table: DraftTable, stmt: pyast.Assign, span: Span) -> None:
    if not any(
        isinstance(t, pyast.Name) and t.id == "__table_args__" for t in stmt.targets
    ):
        return
    items = stmt.value.elts if isinstance(stmt.value, pyast.Tuple | pyast.List) else []
    for item in items:
        if not isinstance(item, pyast.Call):
            continue
        kind = _dotted(item.func).split(".")[-1]
        names = [
            a.value
            for a in item.args
            if isinstance(a, pyast.Constant) and isinstance(a.value, str)
        ]
        if kind == "Index" and len(names) >= 2:
            from schemac.frontends.markdown.draft import DraftIndex

            unique = any(
                k.arg == "unique"
                and isinstance(k.value, pyast.Constant)
                and k.value.value
                for k in item.keywords
            )
            table.indexes.append(
                DraftIndex(tuple(names[1:]), span, unique=unique, name=names[0])
            )
        elif kind == "UniqueConstraint" and names:
            table.uniques.append((tuple(names), span))
        elif kind == "PrimaryKeyConstraint" and names:
            table.primary_key, table.primary_key_span = tuple(names), span


def _dotted(node: pyast.expr | None) -> str:
    if isinstance(node, pyast.Name):
        return node.id
    if isinstance(node, pyast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, pyast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, pyast.Call):
        return _dotted(node.func)
    return ""
