"""The typed intermediate representation every backend reads.

The IR is what a schema *means*, with every name resolved and every implicit
thing made explicit: primary keys, foreign-key columns, link tables, index and
constraint names. It is dialect-neutral (types are the language's own kinds,
not SQL text) and frozen. Constraint columns are always database column
names; ``Column.name`` is the Python attribute name.

:mod:`schemac.compiler.serialize` turns it into JSON and back, losslessly:
the migration planner stores snapshots of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from schemac.source import NO_SPAN, Span

#: The scalar kinds a column can have; ``enum`` columns name their enum.
TypeKind = Literal[
    "int",
    "bigint",
    "smallint",
    "str",
    "text",
    "bool",
    "float",
    "decimal",
    "date",
    "time",
    "interval",
    "datetime",
    "timestamp",
    "uuid",
    "json",
    "jsonb",
    "bytes",
    "citext",
    "inet",
    "cidr",
    "tsvector",
    "enum",
]

SCALAR_KINDS: tuple[str, ...] = TypeKind.__args__  # type: ignore[attr-defined]

#: Referential actions, as the language spells them.
Action = Literal["cascade", "set_null", "restrict", "no_action", "set_default"]

RelationKind = Literal[
    "many_to_one",  # this model holds the foreign key; the other side is a list
    "one_to_one",  # this model holds a unique foreign key
    "one_to_many",  # reverse of many_to_one: a list of the other model
    "one_to_one_reverse",  # reverse of one_to_one: one optional object
    "many_to_many",  # through a link model
]

DefaultKind = Literal["literal", "enum", "now", "uuid", "uuid7", "sql"]

#: What put a column in a model; the .dbs printer uses it to write the
#: schema back the way a person would.
ColumnOrigin = Literal[
    "field", "relation", "implicit_pk", "timestamps", "soft_delete", "link"
]

Scalar = int | float | str | bool | None
#: A JSON-able example or default value.
JsonValue = Scalar | tuple["JsonValue", ...]


@dataclass(frozen=True, slots=True)
class ColumnType:
    kind: TypeKind
    length: int | None = None  # str(n)
    precision: int | None = None  # decimal(p, s)
    scale: int | None = None
    array: bool = False
    enum: str | None = None  # the enum's name, for kind == "enum"


@dataclass(frozen=True, slots=True)
class Default:
    """A column default; it is both the Python default and the server default.

    ``literal``: ``value`` is the scalar (or a tuple for arrays).
    ``enum``: ``value`` is the member name.
    ``now``/``uuid``/``uuid7``: no value. ``sql``: ``value`` is the expression.
    """

    kind: DefaultKind
    value: JsonValue = None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    db_name: str
    type: ColumnType
    nullable: bool
    default: Default | None = None
    primary_key: bool = False
    identity: bool = False
    auto_now: bool = False
    doc: str | None = None
    example: JsonValue = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    #: The relation whose foreign key this column carries, if any.
    relation: str | None = None
    #: ``"schema.table.column"`` of a table the spec names but never defines.
    references: str | None = None
    origin: ColumnOrigin = "field"
    #: The abstract base that declared this member; None for the model's own.
    base: str | None = None
    was: str | None = None
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class IndexColumn:
    name: str
    desc: bool = False


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    columns: tuple[IndexColumn, ...]
    unique: bool = False
    using: str | None = None
    where: str | None = None
    #: The abstract base that declared this member; None for the model's own.
    base: str | None = None
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class UniqueConstraint:
    name: str
    columns: tuple[str, ...]
    #: The abstract base that declared this member; None for the model's own.
    base: str | None = None
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class CheckConstraint:
    """A CHECK; ``name`` is the full name the database sees."""

    name: str
    expr: str
    #: The abstract base that declared this member; None for the model's own.
    base: str | None = None
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    target: str  # model name
    target_table: str
    target_schema: str | None
    target_columns: tuple[str, ...]
    on_delete: Action | None = None
    on_update: Action | None = None
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Relation:
    """One side of a relationship, as an attribute of its model.

    ``columns`` are the attribute names of the foreign-key columns involved,
    on whichever model holds them (this one for ``many_to_one``/``one_to_one``,
    the target for the reverse kinds, the link model for ``many_to_many``).
    """

    name: str
    kind: RelationKind
    target: str
    back: str
    columns: tuple[str, ...] = ()
    link_model: str | None = None
    nullable: bool = True
    #: The database deletes the other side's rows with this one; the ORM
    #: must agree (cascade delete and passive deletes on the reverse side).
    cascade_delete: bool = False
    #: Declared by the user (True) or inferred as the reverse side (False).
    declared: bool = True
    doc: str | None = None
    #: The abstract base that declared this member; None for the model's own.
    base: str | None = None
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    table: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    schema: str | None = None
    doc: str | None = None
    indexes: tuple[Index, ...] = ()
    uniques: tuple[UniqueConstraint, ...] = ()
    checks: tuple[CheckConstraint, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    relations: tuple[Relation, ...] = ()
    #: Abstract bases this model was declared with, for the .dbs printer.
    bases: tuple[str, ...] = ()
    #: A link table the compiler made for a many-to-many relation.
    is_link: bool = False
    was: str | None = None
    span: Span = NO_SPAN

    @property
    def qualified_table(self) -> str:
        return f"{self.schema}.{self.table}" if self.schema else self.table

    def column(self, db_name: str) -> Column:
        for column in self.columns:
            if column.db_name == db_name:
                return column
        raise KeyError(db_name)


@dataclass(frozen=True, slots=True)
class EnumValue:
    name: str
    was: str | None = None
    doc: str | None = None
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    db_name: str
    values: tuple[EnumValue, ...]
    schema: str | None = None
    doc: str | None = None
    was: str | None = None
    span: Span = NO_SPAN


@dataclass(frozen=True)
class Schema:
    """A whole compiled schema: the root of the IR."""

    models: tuple[Model, ...]
    enums: tuple[Enum, ...] = ()
    #: Abstract bases, lowered like models to keep what they declare, for the
    #: .dbs printer: no table of their own (``table`` only names their
    #: constraints), no implicit key, no reverse relations. Other backends
    #: ignore them; the models that list them hold every inherited member.
    abstracts: tuple[Model, ...] = ()
    #: PostgreSQL extensions the schema needs (``citext``...), sorted.
    extensions: tuple[str, ...] = ()
    #: Input files, as given, the first being the entry point.
    sources: tuple[str, ...] = ()
    doc: str | None = None

    @property
    def schemas(self) -> tuple[str, ...]:
        """PostgreSQL schemas (namespaces) other than the default, sorted."""
        names = {m.schema for m in self.models} | {e.schema for e in self.enums}
        return tuple(sorted(n for n in names if n))

    def model(self, name: str) -> Model:
        """The model called ``name``; raises KeyError if there is none."""
        return self._models_by_name[name]

    def enum(self, name: str) -> Enum:
        """The enum called ``name``; raises KeyError if there is none."""
        return self._enums_by_name[name]

    # Backends look models up by name for every relation; a linear search
    # made rendering quadratic in the number of models. (Schema has no
    # __slots__ so that these can be cached on the frozen instance.)
    @cached_property
    def _models_by_name(self) -> dict[str, Model]:
        return {model.name: model for model in self.models}

    @cached_property
    def _enums_by_name(self) -> dict[str, Enum]:
        return {enum.name: enum for enum in self.enums}
