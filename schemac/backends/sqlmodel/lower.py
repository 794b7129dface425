"""Lowering the IR to view models: one per generated module, ready to lay out.

Python makes every decision here (what to import, which constraint goes on a
column and which in ``__table_args__``, how each line wraps); the templates in
``templates/`` only place the prepared pieces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemac.backends import UnsupportedError
from schemac.backends.sqlmodel import pyfmt
from schemac.backends.sqlmodel.context import IMPORTED_NAMES, ModuleContext
from schemac.backends.sqlmodel.conventions import ConventionNames
from schemac.backends.sqlmodel.describe import column_description, model_summary
from schemac.backends.sqlmodel.fields import (
    FieldFlags,
    FieldView,
    lower_field,
    member_name,
)
from schemac.backends.sqlmodel.pyfmt import Node, Str
from schemac.backends.sqlmodel.relations import describe_relation, lower_relation
from schemac.compiler import ir
from schemac.compiler.naming import NAMING_CONVENTION

_FIELD_ONDELETE = {"cascade": "CASCADE", "set_null": "SET NULL", "restrict": "RESTRICT"}
_ACTIONS = {**_FIELD_ONDELETE, "no_action": "NO ACTION", "set_default": "SET DEFAULT"}


@dataclass(frozen=True)
class EnumView:
    """An enum class: its docstring lines and member lines."""

    name: str
    docstring: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True)
class ModelView:
    """A table model class, every part already written as source lines."""

    name: str
    docstring: tuple[str, ...]
    table: tuple[str, ...]
    fields: tuple[FieldView, ...]
    relations: tuple[tuple[str, ...], ...]
    config: tuple[str, ...]


@dataclass
class ModuleView:
    """One generated Python module.

    Attributes:
        path: Relative POSIX path of the file.
        docstring: The module docstring's lines.
        imports: The import block's lines.
        type_checking: Imports needed only by type checkers.
        base: The naming convention's lines when this module defines the base.
        enums: Enum classes defined here.
        models: Table models defined here.
        exports: Names of ``__all__`` (package ``__init__`` only).
    """

    path: str
    docstring: tuple[str, ...]
    imports: list[str] = field(default_factory=list)
    type_checking: list[str] = field(default_factory=list)
    base: tuple[str, ...] = ()
    enums: list[EnumView] = field(default_factory=list)
    models: list[ModelView] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)


def check_names(schema: ir.Schema) -> None:
    """Refuse class names that would shadow what generated modules import."""
    for name in [m.name for m in schema.models] + [e.name for e in schema.enums]:
        if name in IMPORTED_NAMES:
            raise UnsupportedError(
                f"'{name}' is a name the generated models import; rename the "
                "model or enum"
            )


def lower_base(ctx: ModuleContext) -> tuple[str, ...]:
    """Declare what the base code needs; return the naming convention lines."""
    ctx.imports.add("enum")
    ctx.imports.add("datetime", "UTC")
    ctx.imports.add("datetime", "datetime")
    ctx.sa()
    ctx.imports.add("sqlalchemy.orm", "registry")
    ctx.imports.add("sqlmodel", "SQLModel")
    entries = [(key, Str(NAMING_CONVENTION[key])) for key in sorted(NAMING_CONVENTION)]
    node = pyfmt.dict_node(entries)
    return tuple(
        pyfmt.render(
            pyfmt.Call("", node.items, "{", "}", True), 0, "NAMING_CONVENTION = "
        )
    )


def lower_enum(enum: ir.Enum) -> EnumView:
    """An ``enum.StrEnum`` whose members' values are the database labels."""
    doc = enum.doc or f"Values of the PostgreSQL enum type ``{_qualified(enum)}``."
    members = []
    described = [v for v in enum.values if v.doc]
    for value in enum.values:
        members.append(f"    {member_name(value.name)} = {pyfmt.py_str(value.name)}")
    paragraphs: list[str | list[str]] = [doc]
    if described:
        paragraphs.append(
            ["Members:", *(f"    {member_name(v.name)}: {v.doc}" for v in described)]
        )
    return EnumView(enum.name, tuple(pyfmt.docstring(paragraphs, 1)), tuple(members))


def lower_model(model: ir.Model, ctx: ModuleContext) -> ModelView:
    """The table model class for ``model``."""
    ctx.attributes.update(c.name for c in model.columns)
    ctx.attributes.update(r.name for r in model.relations)
    flags, table_args = _constraints(model, ctx)

    fields = tuple(lower_field(model, c, flags[c.db_name], ctx) for c in model.columns)
    relations = []
    runtime: set[str] = set()
    for relation in model.relations:
        view = lower_relation(model, relation, ctx)
        relations.append(view.lines)
        if view.link_model and view.link_model not in ctx.local_names:
            ctx.imports.add("." + module_name(view.link_model), view.link_model)
            runtime.add(view.link_model)
    # A class the module already imports for real needs no TYPE_CHECKING import.
    for relation in model.relations:
        if relation.target not in ctx.local_names | runtime:
            ctx.imports.add("typing", "TYPE_CHECKING")
            ctx.type_checking.add(relation.target)

    return ModelView(
        name=model.name,
        docstring=tuple(pyfmt.docstring(_docstring(model, ctx), 1)),
        table=_table_lines(model, table_args, ctx),
        fields=fields,
        relations=tuple(relations),
        config=_config_lines(model),
    )


def module_name(model_name: str) -> str:
    """The module a model lives in (package layout): ``TodoTag`` → ``todo_tag``."""
    from schemac.compiler.naming import snake_case

    name = snake_case(model_name)
    return f"{name}_model" if name in ("enums", "_base", "__init__") else name


def type_checking_lines(ctx: ModuleContext) -> list[str]:
    """The ``if TYPE_CHECKING:`` imports collected for ``ctx``, sorted."""
    targets = sorted(ctx.type_checking, key=module_name)
    return [f"from .{module_name(t)} import {t}" for t in targets]


def _docstring(model: ir.Model, ctx: ModuleContext) -> list[str | list[str]]:
    paragraphs: list[str | list[str]] = [model.doc or model_summary(model)]
    attributes = ["Attributes:"]
    for column in model.columns:
        attributes.append(
            f"    {column.name}: {column_description(model, column, ctx.schema)}"
        )
    paragraphs.append(attributes)
    if model.relations:
        lines = ["Relationships:"]
        for relation in model.relations:
            lines.append(
                f"    {relation.name}: {describe_relation(ctx.schema, model, relation)}"
            )
        paragraphs.append(lines)
    return paragraphs


def _table_lines(
    model: ir.Model, table_args: list[Node], ctx: ModuleContext
) -> tuple[str, ...]:
    lines = [f"    __tablename__ = {pyfmt.py_str(model.table)}"]
    options: list[tuple[str, Node]] = []
    if model.schema:
        options.append(("schema", Str(model.schema)))
    if model.doc:
        options.append(("comment", Str(model.doc)))
    if table_args:
        items = [*table_args, *([pyfmt.dict_node(options)] if options else [])]
        node: Node = pyfmt.tuple_node(items, explode=True)
    elif options:
        node = pyfmt.dict_node(options)
    else:
        return tuple(lines)
    lines += pyfmt.render(node, 1, "__table_args__ = ")
    return tuple(lines)


def _config_lines(model: ir.Model) -> tuple[str, ...]:
    # A plain dict, not ConfigDict(...): mypy checks it against SQLModel's own
    # config type, which ConfigDict is not assignable to.
    example = pyfmt.dict_node(
        (c.name, pyfmt.py_literal(c.example)) for c in model.columns
    )
    node = pyfmt.dict_node(
        [("json_schema_extra", pyfmt.dict_node([("example", example)]))]
    )
    return tuple(pyfmt.render(node, 1, "model_config = "))


def _constraints(
    model: ir.Model, ctx: ModuleContext
) -> tuple[dict[str, FieldFlags], list[Node]]:
    """Decide which constraints go on columns; the rest go in ``__table_args__``."""
    names = ConventionNames(model)
    flags = {c.db_name: FieldFlags() for c in model.columns}
    args: list[Node] = []

    for foreign_key in model.foreign_keys:
        args += _foreign_key(foreign_key, names, flags, ctx)
    for unique in model.uniques:
        column = unique.columns[0]
        if len(unique.columns) == 1 and names.unique(column) == unique.name:
            flags[column].unique = True
            continue
        # Constraints name columns as the database does (``column=`` aside).
        cols = [Str(c) for c in unique.columns]
        args.append(
            pyfmt.call(
                f"{ctx.sa()}.UniqueConstraint",
                *cols,
                name=_name("uq", unique.name, ctx),
            )
        )
    for check in model.checks:
        args.append(
            pyfmt.call(
                f"{ctx.sa()}.CheckConstraint",
                Str(check.expr),
                name=_name("ck", check.name, ctx),
            )
        )
    for index in model.indexes:
        if not _index_on_field(index, names, flags):
            args.append(_index(index, ctx))
    return flags, args


def _index_on_field(
    index: ir.Index, names: ConventionNames, flags: dict[str, FieldFlags]
) -> bool:
    if len(index.columns) != 1 or index.columns[0].desc or index.using or index.where:
        return False
    column = index.columns[0].name
    flag = flags[column]
    if flag.index or flag.unique:
        return False
    if names.index(column) != index.name:
        return False
    flag.index = True
    flag.unique = index.unique
    return True


def _index(index: ir.Index, ctx: ModuleContext) -> Node:
    sa = ctx.sa()
    columns: list[Node] = []
    for column in index.columns:
        if column.desc:
            columns.append(
                pyfmt.call(f"{sa}.desc", pyfmt.call(f"{sa}.column", Str(column.name)))
            )
        else:
            columns.append(Str(column.name))
    return pyfmt.call(
        f"{sa}.Index",
        _name("ix", index.name, ctx),
        *columns,
        unique="True" if index.unique else None,
        postgresql_using=Str(index.using) if index.using else None,
        postgresql_where=pyfmt.call(f"{sa}.text", Str(index.where))
        if index.where
        else None,
    )


def _foreign_key(
    foreign_key: ir.ForeignKey,
    names: ConventionNames,
    flags: dict[str, FieldFlags],
    ctx: ModuleContext,
) -> list[Node]:
    prefix = f"{foreign_key.target_schema}." if foreign_key.target_schema else ""
    targets = [
        f"{prefix}{foreign_key.target_table}.{c}" for c in foreign_key.target_columns
    ]
    on_delete = _ACTIONS[foreign_key.on_delete] if foreign_key.on_delete else None
    on_update = _ACTIONS[foreign_key.on_update] if foreign_key.on_update else None
    if len(foreign_key.columns) > 1:
        return [
            pyfmt.call(
                f"{ctx.sa()}.ForeignKeyConstraint",
                pyfmt.list_node(Str(c) for c in foreign_key.columns),
                pyfmt.list_node(Str(t) for t in targets),
                name=_name("fk", foreign_key.name, ctx),
                ondelete=Str(on_delete) if on_delete else None,
                onupdate=Str(on_update) if on_update else None,
            )
        ]
    flag = flags[foreign_key.columns[0]]
    simple = foreign_key.on_update is None and foreign_key.on_delete in (
        None,
        *_FIELD_ONDELETE,
    )
    if (
        simple
        and names.foreign_key(foreign_key.columns[0], foreign_key.target_table)
        == foreign_key.name
    ):
        flag.foreign_key = targets[0]
        flag.ondelete = on_delete
        return []
    flag.column_args.append(
        pyfmt.call(
            f"{ctx.sa()}.ForeignKey",
            Str(targets[0]),
            name=_name("fk", foreign_key.name, ctx),
            ondelete=Str(on_delete) if on_delete else None,
            onupdate=Str(on_update) if on_update else None,
        )
    )
    return []


def _name(kind: str, name: str, ctx: ModuleContext) -> Node:
    """A constraint name as given; wrapped in ``conv`` when the convention
    would otherwise build a name around it."""
    if "%(constraint_name)s" in NAMING_CONVENTION.get(kind, ""):
        return pyfmt.call(ctx.name("sqlalchemy.schema", "conv"), Str(name))
    return Str(name)


def _qualified(enum: ir.Enum) -> str:
    return f"{enum.schema}.{enum.db_name}" if enum.schema else enum.db_name
