"""The diagram every format draws: tables, enums and edges, decided once.

:func:`build_diagram` reads the IR and the options and makes every decision
a format shares (which tables, which columns, key markers, cardinalities,
labels, stable ids); the DOT, Mermaid and HTML renderers only lay it out.
Everything keeps the schema's declaration order, so output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from schemac.backends.erd.options import ErdOptions
from schemac.backends.erd.select import select_models
from schemac.compiler import ir

#: How many rows one end of an edge stands for (crow's-foot notation).
Cardinality = Literal["one", "zero_or_one", "zero_or_many", "one_or_many"]


@dataclass(frozen=True)
class ColumnView:
    """One row of a table box.

    Attributes:
        name: The database column name.
        type: The type as the schema language spells it (``str(255)``).
        nullable: Whether the column accepts NULL.
        primary_key: Part of the primary key.
        foreign_key: Part of a foreign key.
        unique: Unique on its own (constraint or index), not being the key.
        doc: The column's doc, when docs are shown.
        enum: The enum's key when the enum is drawn as its own box.
        enum_values: The enum's labels when they are listed in the column
            (the ``inline`` enum style).
        port: A name for the row, unique within its table.
    """

    name: str
    type: str
    nullable: bool
    primary_key: bool = False
    foreign_key: bool = False
    unique: bool = False
    doc: str | None = None
    enum: str | None = None
    enum_values: tuple[str, ...] = ()
    port: str = ""

    @property
    def markers(self) -> tuple[str, ...]:
        """``PK``, ``FK`` and ``UQ``, those that apply, in that order."""
        flags = (
            ("PK", self.primary_key),
            ("FK", self.foreign_key),
            ("UQ", self.unique),
        )
        return tuple(name for name, on in flags if on)


@dataclass(frozen=True)
class TableView:
    """A table box.

    Attributes:
        key: The model's name (unique in the schema); external tables use
            ``"<schema.table>"``.
        id: A stable identifier made of ``[A-Za-z0-9_]``, for DOT and the DOM.
        name: The table name as shown (schema-qualified when not default).
        schema: The PostgreSQL schema, if not the default one.
        doc: The table's doc, when docs are shown.
        columns: The rows, in declaration order.
        is_link: A link table the compiler made for a many-to-many relation.
        external: A table the spec references but does not define.
    """

    key: str
    id: str
    name: str
    schema: str | None
    doc: str | None
    columns: tuple[ColumnView, ...]
    is_link: bool = False
    external: bool = False

    def column(self, name: str) -> ColumnView:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


@dataclass(frozen=True)
class EnumView:
    """An enum box.

    Attributes:
        key: The enum's name in the schema.
        id: A stable identifier, as for tables.
        name: The database type name (schema-qualified when not default).
        schema: The PostgreSQL schema, if not the default one.
        values: The labels, in declaration order.
        doc: The enum's doc, when docs are shown.
    """

    key: str
    id: str
    name: str
    schema: str | None
    values: tuple[str, ...]
    doc: str | None = None


@dataclass(frozen=True)
class EdgeView:
    """A relationship between two tables, drawn from parent to child.

    The parent holds the referenced key; the child holds the foreign key.
    A collapsed many-to-many edge has two tables of equal standing; the
    first is called the parent.

    Attributes:
        id: A stable identifier, as for tables.
        parent: Key of the referenced table.
        parent_column: The referenced column (the edge's parent port).
        child: Key of the table holding the foreign key.
        child_column: The first foreign-key column (the edge's child port).
        parent_end: How many parent rows one child row has.
        child_end: How many child rows one parent row has.
        label: The relation's name, or the foreign-key columns.
        detail: A one-line description (``todos.user_id -> users.id``).
        many_to_many: A collapsed link table.
    """

    id: str
    parent: str
    parent_column: str
    child: str
    child_column: str
    parent_end: Cardinality
    child_end: Cardinality
    label: str
    detail: str
    many_to_many: bool = False


@dataclass(frozen=True)
class EnumUse:
    """A column typed by an enum drawn as its own box.

    Attributes:
        id: A stable identifier, as for tables.
        table: Key of the table.
        column: The column's name.
        enum: Key of the enum.
    """

    id: str
    table: str
    column: str
    enum: str


@dataclass(frozen=True)
class Diagram:
    """Everything a renderer draws."""

    tables: tuple[TableView, ...]
    enums: tuple[EnumView, ...] = ()
    edges: tuple[EdgeView, ...] = ()
    enum_uses: tuple[EnumUse, ...] = ()
    doc: str | None = None

    def table(self, key: str) -> TableView:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    @property
    def schemas(self) -> tuple[str, ...]:
        """PostgreSQL schemas with something drawn in them, sorted."""
        names = {t.schema for t in self.tables} | {e.schema for e in self.enums}
        return tuple(sorted(n for n in names if n))


def build_diagram(schema: ir.Schema, options: ErdOptions) -> Diagram:
    """Decide what to draw for ``schema``.

    Raises:
        ConfigError: An include/exclude pattern matches no table.
    """
    ids = _Ids()
    models = select_models(schema, options.include, options.exclude)
    collapsed = _collapsible(models, options)
    shown = tuple(m for m in models if m.name not in collapsed)

    tables = [_table(schema, model, options, ids) for model in shown]
    enums = _enums(schema, tables, options, ids)
    enum_keys = {e.key for e in enums}
    edges, externals = _fk_edges(schema, shown, tables, ids)
    edges += _m2m_edges(schema, [m for m in models if m.name in collapsed], ids)

    return Diagram(
        tables=(*tables, *externals),
        enums=enums,
        edges=tuple(edges),
        enum_uses=_enum_uses(tables, enum_keys, ids),
        doc=schema.doc if options.docs else None,
    )


class _Ids:
    """Hands out unique ``[A-Za-z0-9_]`` identifiers in a stable order."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def make(self, prefix: str, *parts: str) -> str:
        base = "_".join((prefix, *(_slug(part) for part in parts)))
        candidate, counter = base, 2
        while candidate in self._taken:
            candidate, counter = f"{base}_{counter}", counter + 1
        self._taken.add(candidate)
        return candidate


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "x"


def one_line(text: str | None) -> str | None:
    """``text`` with its whitespace runs collapsed to single spaces."""
    if text is None:
        return None
    return " ".join(text.split()) or None


# --- tables and columns ------------------------------------------------------


def _table(
    schema: ir.Schema, model: ir.Model, options: ErdOptions, ids: _Ids
) -> TableView:
    fk_columns = {name for fk in model.foreign_keys for name in fk.columns}
    unique_sets = _unique_sets(model)
    columns = []
    for index, column in enumerate(model.columns, start=1):
        view = ColumnView(
            name=column.db_name,
            type=type_text(schema, column.type),
            nullable=column.nullable,
            primary_key=column.primary_key or column.db_name in model.primary_key,
            foreign_key=column.db_name in fk_columns or column.references is not None,
            unique=frozenset({column.db_name}) in unique_sets,
            doc=one_line(column.doc) if options.docs else None,
            enum=column.type.enum if options.enums == "nodes" else None,
            enum_values=_inline_values(schema, column.type, options),
            port=f"c{index}",
        )
        if not options.keys_only or view.markers:
            columns.append(view)
    return TableView(
        key=model.name,
        id=ids.make("t", model.qualified_table),
        name=model.qualified_table,
        schema=model.schema,
        doc=one_line(model.doc) if options.docs else None,
        columns=tuple(columns),
        is_link=model.is_link,
    )


def _unique_sets(model: ir.Model) -> set[frozenset[str]]:
    """Column sets the database keeps unique (partial indexes do not count)."""
    sets = {frozenset(u.columns) for u in model.uniques}
    sets |= {
        frozenset(c.name for c in index.columns)
        for index in model.indexes
        if index.unique and index.where is None
    }
    return sets


# TODO: types are shown as the schema language spells them (`str(255)`);
# an option to show PostgreSQL types (`varchar(255)`) would suit database
# readers better, once the SQL type mapping is shared by the backends.
def type_text(schema: ir.Schema, column_type: ir.ColumnType) -> str:
    """The type as the schema language writes it, e.g. ``decimal(10,2)[]``.

    Enum columns show the enum's database type name.
    """
    kind = column_type.kind
    if kind == "enum":
        enum = _find_enum(schema, column_type.enum)
        text = enum.db_name if enum else column_type.enum or "enum"
    elif kind == "str" and column_type.length is not None:
        text = f"str({column_type.length})"
    elif kind == "decimal" and column_type.precision is not None:
        scale = "" if column_type.scale is None else f",{column_type.scale}"
        text = f"decimal({column_type.precision}{scale})"
    else:
        text = kind
    return f"{text}[]" if column_type.array else text


def _find_enum(schema: ir.Schema, name: str | None) -> ir.Enum | None:
    try:
        return schema.enum(name or "")
    except KeyError:
        return None


def _inline_values(
    schema: ir.Schema, column_type: ir.ColumnType, options: ErdOptions
) -> tuple[str, ...]:
    enum = _find_enum(schema, column_type.enum)
    if options.enums != "inline" or enum is None:
        return ()
    return tuple(value.name for value in enum.values)


# --- enums -------------------------------------------------------------------


def _enums(
    schema: ir.Schema,
    tables: Iterable[TableView],
    options: ErdOptions,
    ids: _Ids,
) -> tuple[EnumView, ...]:
    """Enums drawn as boxes: those a shown column uses, and, when the whole
    schema is drawn, those no column uses."""
    if options.enums != "nodes":
        return ()
    used = {c.enum for t in tables for c in t.columns if c.enum}
    everything = not (options.include or options.exclude or options.keys_only)
    used_anywhere = {c.type.enum for m in schema.models for c in m.columns}
    return tuple(
        EnumView(
            key=enum.name,
            id=ids.make("e", _qualified(enum.schema, enum.db_name)),
            name=_qualified(enum.schema, enum.db_name),
            schema=enum.schema,
            values=tuple(v.name for v in enum.values),
            doc=one_line(enum.doc) if options.docs else None,
        )
        for enum in schema.enums
        if enum.name in used or (everything and enum.name not in used_anywhere)
    )


def _enum_uses(
    tables: Iterable[TableView], enum_keys: set[str], ids: _Ids
) -> tuple[EnumUse, ...]:
    return tuple(
        EnumUse(
            ids.make("u", table.name, column.name), table.key, column.name, column.enum
        )
        for table in tables
        for column in table.columns
        if column.enum in enum_keys and column.enum is not None
    )


def _qualified(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


# --- foreign-key edges -------------------------------------------------------


# TODO: an edge to a table that --include/--exclude hides is dropped; a
# small stub box for the hidden neighbour would show the reference still
# exists.
def _fk_edges(
    schema: ir.Schema,
    models: tuple[ir.Model, ...],
    tables: list[TableView],
    ids: _Ids,
) -> tuple[list[EdgeView], tuple[TableView, ...]]:
    """Edges of the drawn tables' foreign keys, and the external tables."""
    drawn = {m.name for m in models}
    views = {t.key: t for t in tables}
    externals: dict[str, TableView] = {}
    edges = []
    for model in models:
        for fk in model.foreign_keys:
            target = _fk_target(schema, fk, externals, ids)
            if target is None or (target not in drawn and target not in externals):
                continue
            if not _has_port(views.get(model.name), fk.columns[0]):
                continue  # keys_only hides nothing a FK uses; defensive
            edges.append(_fk_edge(schema, model, fk, target, ids))
        edges += _reference_edges(model, externals, ids)
    return edges, tuple(externals.values())


def _has_port(table: TableView | None, column: str) -> bool:
    return table is not None and any(c.name == column for c in table.columns)


def _fk_target(
    schema: ir.Schema,
    fk: ir.ForeignKey,
    externals: dict[str, TableView],
    ids: _Ids,
) -> str | None:
    """The key of the table ``fk`` points at; external ones are created."""
    try:
        return schema.model(fk.target).name
    except KeyError:
        pass
    name = _qualified(fk.target_schema, fk.target_table)
    return _external(externals, name, fk.target_schema, fk.target_columns, ids)


def _external(
    externals: dict[str, TableView],
    name: str,
    schema: str | None,
    columns: Iterable[str],
    ids: _Ids,
) -> str:
    key = f"<{name}>"
    known = externals.get(key)
    names = dict.fromkeys(c.name for c in known.columns) if known else {}
    names.update(dict.fromkeys(columns))
    externals[key] = TableView(
        key=key,
        id=known.id if known else ids.make("x", name),
        name=name,
        schema=schema,
        doc=None,
        columns=tuple(
            ColumnView(name, "?", nullable=False, port=f"c{i}")
            for i, name in enumerate(names, start=1)
        ),
        external=True,
    )
    return key


def _fk_edge(
    schema: ir.Schema, model: ir.Model, fk: ir.ForeignKey, target: str, ids: _Ids
) -> EdgeView:
    columns = [model.column(name) for name in fk.columns]
    relation = next((c.relation for c in columns if c.relation), None)
    pk = {c.db_name for c in model.columns if c.primary_key} or set(model.primary_key)
    unique = frozenset(fk.columns) in _unique_sets(model) or set(fk.columns) == pk
    target_name = _target_name(schema, fk)
    return EdgeView(
        id=ids.make("r", model.qualified_table, fk.name),
        parent=target,
        parent_column=fk.target_columns[0],
        child=model.name,
        child_column=fk.columns[0],
        parent_end="zero_or_one" if any(c.nullable for c in columns) else "one",
        child_end="zero_or_one" if unique else "zero_or_many",
        label=relation or ", ".join(fk.columns),
        detail=(
            f"{model.qualified_table}({', '.join(fk.columns)}) -> "
            f"{target_name}({', '.join(fk.target_columns)})"
        ),
    )


def _target_name(schema: ir.Schema, fk: ir.ForeignKey) -> str:
    try:
        return schema.model(fk.target).qualified_table
    except KeyError:
        return _qualified(fk.target_schema, fk.target_table)


def _reference_edges(
    model: ir.Model, externals: dict[str, TableView], ids: _Ids
) -> list[EdgeView]:
    """Edges for ``references`` columns no foreign key already covers."""
    covered = {name for fk in model.foreign_keys for name in fk.columns}
    edges = []
    for column in model.columns:
        if column.references is None or column.db_name in covered:
            continue
        *prefix, target_column = column.references.split(".")
        target_schema = prefix[0] if len(prefix) > 1 else None
        name = ".".join(prefix) or target_column
        key = _external(externals, name, target_schema, [target_column], ids)
        edges.append(
            EdgeView(
                id=ids.make("r", model.qualified_table, column.db_name),
                parent=key,
                parent_column=target_column,
                child=model.name,
                child_column=column.db_name,
                parent_end="zero_or_one" if column.nullable else "one",
                child_end="zero_or_many",
                label=column.relation or column.db_name,
                detail=f"{model.qualified_table}({column.db_name}) -> "
                f"{column.references}",
            )
        )
    return edges


# --- many-to-many ------------------------------------------------------------


def _collapsible(models: tuple[ir.Model, ...], options: ErdOptions) -> set[str]:
    """Link tables to draw as one edge: compiler-made, two ends, both drawn."""
    if not options.collapse_m2m:
        return set()
    drawn = {m.name for m in models}
    return {
        m.name
        for m in models
        if m.is_link
        and len(m.foreign_keys) == 2
        and all(fk.target in drawn for fk in m.foreign_keys)
    }


def _m2m_edges(
    schema: ir.Schema, links: Iterable[ir.Model], ids: _Ids
) -> list[EdgeView]:
    edges = []
    for link in links:
        first, second = link.foreign_keys
        edges.append(
            EdgeView(
                id=ids.make("m", link.qualified_table),
                parent=first.target,
                parent_column=first.target_columns[0],
                child=second.target,
                child_column=second.target_columns[0],
                parent_end="zero_or_many",
                child_end="zero_or_many",
                label=_m2m_label(schema, link),
                detail=(
                    f"{_target_name(schema, first)} <-> "
                    f"{_target_name(schema, second)} through {link.qualified_table}"
                ),
                many_to_many=True,
            )
        )
    return edges


def _m2m_label(schema: ir.Schema, link: ir.Model) -> str:
    """The declared relation's name (``tags``), else the link table's."""
    for model in schema.models:
        for relation in model.relations:
            if (
                relation.kind == "many_to_many"
                and relation.link_model == link.name
                and relation.declared
            ):
                return relation.name
    return link.table
