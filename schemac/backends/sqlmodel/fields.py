"""Lowering one IR column to an annotated ``Field(...)`` class attribute.

The decisions of the type table live here: which Python annotation a column
gets, when SQLModel's own type inference is enough and when an explicit
``sa_type`` is needed, and how a default becomes both a Python default and a
server default.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from schemac.backends import UnsupportedError
from schemac.backends.sqlmodel import pyfmt
from schemac.backends.sqlmodel.context import ModuleContext
from schemac.backends.sqlmodel.pyfmt import Node, Str
from schemac.compiler import ir

#: The package module enums live in (package layout).
ENUMS_MODULE = ".enums"

_STD_NAMES = {
    "Decimal": ("decimal", "Decimal"),
    "date": ("datetime", "date"),
    "time": ("datetime", "time"),
    "timedelta": ("datetime", "timedelta"),
    "datetime": ("datetime", "datetime"),
    "UUID": ("uuid", "UUID"),
}

#: Python type of each kind (before ``list[...]``/``| None``).
_PYTHON_TYPES: dict[str, str] = {
    "int": "int",
    "bigint": "int",
    "smallint": "int",
    "str": "str",
    "text": "str",
    "bool": "bool",
    "float": "float",
    "decimal": "Decimal",
    "date": "date",
    "time": "time",
    "interval": "timedelta",
    "datetime": "datetime",
    "timestamp": "NaiveDatetime",
    "uuid": "UUID",
    "json": "Any",
    "jsonb": "Any",
    "bytes": "bytes",
    "citext": "str",
    "inet": "str",
    "cidr": "str",
    "tsvector": "str",
}

#: ``sa.<name>`` types, for kinds SQLModel would not infer right (or at all
#: inside an ARRAY).
_SA_TYPES: dict[str, str] = {
    "int": "Integer",
    "bigint": "BigInteger",
    "smallint": "SmallInteger",
    "text": "Text",
    "bool": "Boolean",
    "float": "Double",
    "date": "Date",
    "time": "Time",
    "interval": "Interval",
    "uuid": "Uuid",
    "bytes": "LargeBinary",
    "json": "JSON",
}

#: Types from ``sqlalchemy.dialects.postgresql``.
# TODO: inet/cidr are annotated ``str`` as LANGUAGE.md says, but psycopg loads
# them as ipaddress objects; an ``IPvAnyAddress``/``IPvAnyNetwork`` annotation
# would be truthful once the language table allows it.
_PG_TYPES = {"citext": "CITEXT", "inet": "INET", "cidr": "CIDR", "tsvector": "TSVECTOR"}

#: Kinds SQLModel maps correctly from the Python annotation alone.
_INFERRED = frozenset(
    {"int", "str", "bool", "decimal", "date", "time", "interval", "datetime"}
    | {"timestamp", "uuid", "bytes"}
)

#: Literal defaults the IR keeps as text, parsed into Python values here.
_PARSED_LITERALS: dict[str, tuple[str, str]] = {
    "decimal": ("decimal", "Decimal"),
    "uuid": ("uuid", "UUID"),
    "date": ("datetime", "date"),
    "time": ("datetime", "time"),
    "datetime": ("datetime", "datetime"),
    "timestamp": ("datetime", "datetime"),
}

#: Literal defaults make sense for these kinds only.
_LITERAL_KINDS = frozenset(
    {"int", "bigint", "smallint", "str", "text", "bool", "float"}
    | {"citext", "inet", "cidr", "enum"}
)


@dataclass
class FieldFlags:
    """What the model-level analysis decided to express on the column itself.

    Attributes:
        index: ``Field(index=True)`` (with ``unique``: a unique index).
        unique: ``Field(unique=True)``.
        foreign_key: ``Field(foreign_key=..., ondelete=...)`` arguments.
        column_args: Extra ``sa_column_args`` (an explicit ``sa.ForeignKey``).
    """

    index: bool = False
    unique: bool = False
    foreign_key: str | None = None
    ondelete: str | None = None
    column_args: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class FieldView:
    """One lowered column: comment lines and the statement's source lines."""

    comments: tuple[str, ...]
    lines: tuple[str, ...]


def lower_field(
    model: ir.Model, column: ir.Column, flags: FieldFlags, ctx: ModuleContext
) -> FieldView:
    """The class attribute for ``column`` of ``model``."""
    _check_attribute(model, column)
    annotation = _annotation(column, ctx)
    kwargs: dict[str, Node] = {}
    column_kwargs: list[tuple[str, Node]] = []
    column_args = list(flags.column_args)

    server_generated = _default(model, column, ctx, kwargs, column_kwargs)
    if server_generated or _is_autoincrement(model, column):
        annotation = f"{annotation} | None"
        kwargs = {"default": "None", **kwargs}
    elif column.nullable:
        annotation = f"{annotation} | None"
        if "default_factory" not in kwargs:
            kwargs.setdefault("default", "None")
    if column.primary_key:
        kwargs["primary_key"] = "True"
    if flags.foreign_key:
        kwargs["foreign_key"] = Str(flags.foreign_key)
        if flags.ondelete:
            kwargs["ondelete"] = Str(flags.ondelete)
    if server_generated and not column.nullable and not column.primary_key:
        kwargs["nullable"] = "False"
    if flags.unique:
        kwargs["unique"] = "True"
    if flags.index:
        kwargs["index"] = "True"
    kwargs.update(_constraints(column))
    if column.doc:
        kwargs["description"] = Str(column.doc)
    sa_type = _sa_type(column, ctx)
    if sa_type is not None:
        kwargs["sa_type"] = sa_type
    if column.identity:
        column_args.append(f"{ctx.sa()}.Identity(always=True)")
        if not column.primary_key:
            kwargs["nullable"] = "False"
    if column.db_name != column.name:
        column_kwargs.insert(0, ("name", Str(column.db_name)))
    if column.doc:
        column_kwargs.append(("comment", Str(column.doc)))

    if column_args:
        kwargs["sa_column_args"] = pyfmt.list_node(column_args)
    if column_kwargs:
        kwargs["sa_column_kwargs"] = pyfmt.dict_node(column_kwargs)
    return _field_view(column, annotation, kwargs, ctx)


def _field_view(
    column: ir.Column, annotation: str, kwargs: dict[str, Node], ctx: ModuleContext
) -> FieldView:
    comments: tuple[str, ...] = ()
    if column.references:
        comments = (
            f"# References {column.references}, a table this schema does not define,",
            "# so there is no foreign key.",
        )
    lead = f"{column.name}: {annotation}"
    if not kwargs:
        return FieldView(comments, (f"    {lead}",))
    if list(kwargs) == ["default"]:
        return FieldView(
            comments, tuple(pyfmt.render(kwargs["default"], 1, f"{lead} = "))
        )
    node = pyfmt.call(ctx.imports.add("sqlmodel", "Field"), **kwargs)
    return FieldView(comments, tuple(pyfmt.render(node, 1, f"{lead} = ")))


def _check_attribute(model: ir.Model, column: ir.Column) -> None:
    if column.name in RESERVED or column.name.startswith("__"):
        raise UnsupportedError(
            f"{model.name}.{column.name}: '{column.name}' is reserved by "
            "SQLAlchemy/SQLModel as a class attribute; give the field another "
            f'name and keep the column with column="{column.db_name}"'
        )


RESERVED = frozenset({"metadata", "registry", "model_config", "model_fields"})


def python_type(column_type: ir.ColumnType, ctx: ModuleContext) -> str:
    """The annotation of a value of ``column_type`` (without ``| None``)."""
    if column_type.kind == "enum":
        name = _enum_name(column_type)
        inner = ctx.enum_class(name, ENUMS_MODULE)
    elif column_type.kind in ("json", "jsonb"):
        if column_type.array:
            raise UnsupportedError("arrays of json/jsonb are not supported")
        return f"dict[str, {ctx.imports.add('typing', 'Any')}]"
    else:
        inner = _scalar_python_type(column_type.kind, ctx)
    return f"list[{inner}]" if column_type.array else inner


def _scalar_python_type(kind: str, ctx: ModuleContext) -> str:
    name = _PYTHON_TYPES[kind]
    if name in _STD_NAMES:
        module, imported = _STD_NAMES[name]
        return ctx.name(module, imported)
    if name == "NaiveDatetime":
        return ctx.name("pydantic", name)
    return name


def _annotation(column: ir.Column, ctx: ModuleContext) -> str:
    return python_type(column.type, ctx)


def _enum_name(column_type: ir.ColumnType) -> str:
    if not column_type.enum:
        raise UnsupportedError("an enum column without its enum's name")
    return column_type.enum


def _sa_type(column: ir.Column, ctx: ModuleContext) -> Node | None:
    """An explicit ``sa_type``, or None when SQLModel infers the right one."""
    column_type = column.type
    if column_type.array:
        inner = _sa_scalar_type(column_type, ctx)
        return pyfmt.call(f"{ctx.sa()}.ARRAY", inner)
    if column_type.kind in _INFERRED:
        return None
    if column_type.kind == "jsonb":
        mutable = ctx.name("sqlalchemy.ext.mutable", "MutableDict")
        jsonb = ctx.name("sqlalchemy.dialects.postgresql", "JSONB")
        return f"{mutable}.as_mutable({jsonb})"
    return _sa_scalar_type(column_type, ctx)


def _sa_scalar_type(column_type: ir.ColumnType, ctx: ModuleContext) -> Node:
    kind = column_type.kind
    if kind == "enum":
        return _enum_type(column_type, ctx)
    if kind == "str":
        return (
            f"{ctx.sa()}.String({column_type.length})"
            if column_type.length
            else f"{ctx.sa()}.String"
        )
    if kind == "decimal":
        return f"{ctx.sa()}.Numeric({column_type.precision}, {column_type.scale or 0})"
    if kind == "datetime":
        return f"{ctx.sa()}.DateTime(timezone=True)"
    if kind == "timestamp":
        return f"{ctx.sa()}.DateTime"
    if kind in _PG_TYPES:
        return ctx.name("sqlalchemy.dialects.postgresql", _PG_TYPES[kind])
    if kind in _SA_TYPES:
        return f"{ctx.sa()}.{_SA_TYPES[kind]}"
    raise UnsupportedError(f"no SQLAlchemy type for {kind}[]")


def _enum_type(column_type: ir.ColumnType, ctx: ModuleContext) -> Node:
    enum = ctx.enum(_enum_name(column_type))
    return pyfmt.call(
        f"{ctx.sa()}.Enum",
        ctx.enum_class(enum.name, ENUMS_MODULE),
        name=Str(enum.db_name),
        schema=Str(enum.schema) if enum.schema else None,
        values_callable=ctx.helper("enum_values"),
    )


def _constraints(column: ir.Column) -> dict[str, Node]:
    kwargs: dict[str, Node] = {}
    kind = column.type.kind
    if kind == "str" and column.type.length and not column.type.array:
        kwargs["max_length"] = str(column.type.length)
    if kind == "decimal" and not column.type.array:
        if column.type.precision is not None:
            kwargs["max_digits"] = str(column.type.precision)
        if column.type.scale is not None:
            kwargs["decimal_places"] = str(column.type.scale)
    if column.minimum is not None:
        kwargs["ge"] = repr(column.minimum)
    if column.maximum is not None:
        kwargs["le"] = repr(column.maximum)
    return kwargs


def _is_autoincrement(model: ir.Model, column: ir.Column) -> bool:
    """A lone integer primary key that the database numbers (SERIAL/identity)."""
    if column.identity:
        return True
    return (
        column.primary_key
        and model.primary_key == (column.db_name,)
        and column.type.kind in ("int", "bigint", "smallint")
        and not column.type.array
        and column.relation is None
        and column.default is None
    )


def _default(
    model: ir.Model,
    column: ir.Column,
    ctx: ModuleContext,
    kwargs: dict[str, Node],
    column_kwargs: list[tuple[str, Node]],
) -> bool:
    """Fill the Python and server default; True when only the server has one."""
    default = column.default
    if default is None:
        return False
    if default.kind == "literal":
        _literal_default(column, default.value, ctx, kwargs, column_kwargs)
    elif default.kind == "enum":
        _enum_default(column, default, ctx, kwargs, column_kwargs)
    elif default.kind == "now":
        kwargs["default_factory"] = _now_factory(column, ctx)
        column_kwargs.append(("server_default", f"{ctx.sa()}.func.now()"))
    elif default.kind == "uuid":
        kwargs["default_factory"] = ctx.name("uuid", "uuid4")
        column_kwargs.append(
            ("server_default", f'{ctx.sa()}.text("gen_random_uuid()")')
        )
    elif default.kind == "uuid7":
        # TODO: Python 3.14 has uuid.uuid7(); until the floor is 3.14 the
        # value comes from the server and the attribute is None before flush.
        column_kwargs.append(("server_default", f'{ctx.sa()}.text("uuidv7()")'))
        return True
    elif default.kind == "sql":
        expr = pyfmt.call(f"{ctx.sa()}.text", Str(str(default.value)))
        column_kwargs.append(("server_default", expr))
        return True
    else:
        raise UnsupportedError(f"{model.name}.{column.name}: default {default.kind}")
    if column.auto_now:
        column_kwargs.append(("onupdate", f"{ctx.sa()}.func.now()"))
    return False


def _now_factory(column: ir.Column, ctx: ModuleContext) -> str:
    utc_now = ctx.helper("utc_now")
    kind = column.type.kind
    if column.type.array or kind not in ("datetime", "timestamp", "date", "time"):
        raise UnsupportedError(f"{column.name}: now() needs a date/time column")
    if kind == "datetime":
        return utc_now
    if kind == "timestamp":
        return f"lambda: {utc_now}().replace(tzinfo=None)"
    return f"lambda: {utc_now}().{kind}()"


def _literal_default(
    column: ir.Column,
    value: ir.JsonValue,
    ctx: ModuleContext,
    kwargs: dict[str, Node],
    column_kwargs: list[tuple[str, Node]],
) -> None:
    kind = column.type.kind
    if kind not in _LITERAL_KINDS and kind not in _PARSED_LITERALS:
        raise UnsupportedError(
            f"{column.name}: a literal default for a {kind} column; "
            'use sql("...") for a server-side expression'
        )
    if column.type.array:
        items = value if isinstance(value, tuple) else (value,)
        kwargs["default_factory"] = (
            f"lambda: {pyfmt.flat(pyfmt.py_literal(list(items)))}" if items else "list"
        )
        column_kwargs.append(("server_default", _array_server_default(items, ctx)))
        return
    if value is None:
        kwargs["default"] = "None"
        return
    if kind in _PARSED_LITERALS:
        kwargs["default"] = _parsed_literal(column, str(value), ctx)
    else:
        kwargs["default"] = pyfmt.py_literal(value)
    column_kwargs.append(("server_default", _server_literal(value, kind, ctx)))


def _parsed_literal(column: ir.Column, value: str, ctx: ModuleContext) -> str:
    """A Python value for a default the IR keeps as text (decimals, dates...)."""
    kind = column.type.kind
    if kind == "decimal":
        return f"{ctx.name('decimal', 'Decimal')}({pyfmt.py_str(value)})"
    if kind == "uuid":
        return f"{ctx.name('uuid', 'UUID')}({pyfmt.py_str(value)})"
    module, name = _PARSED_LITERALS[kind]
    try:
        parsed = getattr(_dt, name).fromisoformat(value)
    except ValueError:
        raise UnsupportedError(
            f"{column.name}: '{value}' is not an ISO {kind}"
        ) from None
    if kind in ("date", "time"):
        # repr gives "datetime.time(8, 0)": the constructor call, qualified.
        return ctx.name(module, name) + repr(parsed).split("(", 1)[1].join(["(", ""])
    return f"{ctx.name(module, name)}.fromisoformat({pyfmt.py_str(value)})"


def _server_literal(value: ir.JsonValue, kind: str, ctx: ModuleContext) -> Node:
    """The server default of a literal: booleans as ``true()``/``false()``,
    numbers as SQL text, everything else as a string SQLAlchemy quotes."""
    if isinstance(value, bool):
        return f"{ctx.sa()}.true()" if value else f"{ctx.sa()}.false()"
    if isinstance(value, int | float) or kind == "decimal":
        return f"{ctx.sa()}.text({pyfmt.py_str(str(value))})"
    text = str(value)
    if "'" in text:
        # Alembic's server-default comparison pastes a plain string into SQL
        # unescaped; quoted SQL text compares (and reads) correctly.
        quoted = "'" + text.replace("'", "''") + "'"
        return pyfmt.call(f"{ctx.sa()}.text", Str(quoted))
    return Str(text)


def _array_server_default(items: tuple[ir.JsonValue, ...], ctx: ModuleContext) -> Node:
    parts = []
    for item in items:
        if isinstance(item, str):
            escaped = item.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'"{escaped}"')
        else:
            parts.append(str(item).lower() if isinstance(item, bool) else str(item))
    literal = "{" + ",".join(parts) + "}"
    return pyfmt.call(f"{ctx.sa()}.text", Str("'" + literal.replace("'", "''") + "'"))


def _enum_default(
    column: ir.Column,
    default: ir.Default,
    ctx: ModuleContext,
    kwargs: dict[str, Node],
    column_kwargs: list[tuple[str, Node]],
) -> None:
    enum = ctx.enum(_enum_name(column.type))
    value = str(default.value)
    if value not in {v.name for v in enum.values}:
        raise UnsupportedError(
            f"{column.name}: '{value}' is not a member of {enum.name}"
        )
    member = f"{ctx.enum_class(enum.name, ENUMS_MODULE)}.{member_name(value)}"
    if column.type.array:
        kwargs["default_factory"] = f"lambda: [{member}]"
        column_kwargs.append(("server_default", _array_server_default((value,), ctx)))
        return
    kwargs["default"] = member
    column_kwargs.append(("server_default", Str(value)))


def member_name(value: str) -> str:
    """The Python member name of an enum value: ``in_progress`` → ``IN_PROGRESS``."""
    name = value.upper()
    if not name.isidentifier():
        raise UnsupportedError(f"enum value '{value}' is not a Python identifier")
    return name
