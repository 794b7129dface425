"""What the Markdown readers find, before it is merged and turned into an AST.

Every input form (bullets, tables, SQL, Mermaid, SQLModel, Prisma) fills the
same draft objects. A draft keeps *what the author stated*: an attribute left
as None was not stated, so a merge can tell silence from a contradiction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from schemac.source import Span


class Form(enum.IntEnum):
    """Where a draft came from; a higher value wins a conflict (see merge.py)."""

    PROSE = 0
    BULLETS = 1
    TABLE = 2
    MERMAID = 3
    ORM = 4  # SQLModel classes and Prisma models
    SQL = 5

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Form.PROSE: "prose",
    Form.BULLETS: "bullet list",
    Form.TABLE: "Markdown table",
    Form.MERMAID: "Mermaid diagram",
    Form.ORM: "ORM model",
    Form.SQL: "SQL DDL",
}


@dataclass(frozen=True, slots=True)
class TypeGuess:
    """A column type in the language's own terms (``str``, ``decimal``...).

    ``kind`` is a ``.dbs`` scalar type name, ``"enum"`` (with ``enum`` naming
    a declared enum, or None when its values come from the column) or
    ``"timestamps"`` (Laravel's ``created_at, updated_at: Timestamps``).
    """

    kind: str
    args: tuple[int, ...] = ()
    array: bool = False
    enum: str | None = None
    raw: str = ""
    #: The type was guessed from the column name, not written.
    guessed: bool = False


@dataclass(frozen=True, slots=True)
class DefaultGuess:
    """``kind`` is ``literal``, ``ident`` (an enum member), ``call`` or ``sql``."""

    kind: str
    value: str | int | float | bool | None
    raw: str = ""


@dataclass
class FkGuess:
    """A foreign key as written: the target may be a table, a model or a guess."""

    table: str | None
    column: str | None = None
    on_delete: str | None = None
    on_update: str | None = None
    #: Found by a naming convention or a prose sentence, not stated on the column.
    inferred: bool = False


@dataclass
class DraftColumn:
    name: str
    span: Span
    form: Form
    type: TypeGuess | None = None
    nullable: bool | None = None
    pk: bool = False
    unique: bool = False
    index: bool = False
    default: DefaultGuess | None = None
    fk: FkGuess | None = None
    enum_values: tuple[str, ...] = ()
    auto_now: bool = False
    max_length: int | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    checks: list[str] = field(default_factory=list)
    doc: str | None = None
    #: This form stated nothing but the name (names-only field lists).
    bare: bool = False
    #: Nullability the rest of the table implies when this column says none.
    nullable_default: bool | None = None


@dataclass
class DraftIndex:
    columns: tuple[str, ...]
    span: Span
    unique: bool = False
    name: str | None = None
    desc: tuple[bool, ...] = ()
    where: str | None = None
    using: str | None = None


@dataclass
class DraftFk:
    """A table-level foreign key (``FOREIGN KEY (a) REFERENCES t(id)``)."""

    columns: tuple[str, ...]
    table: str
    target_columns: tuple[str, ...]
    span: Span
    on_delete: str | None = None
    on_update: str | None = None


@dataclass
class DraftTable:
    """One table as one form describes it."""

    name: str
    span: Span
    form: Form
    #: The name is a table name as written (``users``), not an entity name
    #: (``User``) whose table is the default plural.
    is_table_name: bool = True
    #: ``name`` was implied (a class without ``__tablename__``), not written.
    implied_name: bool = False
    model_name: str | None = None
    schema: str | None = None
    doc: str | None = None
    columns: dict[str, DraftColumn] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    primary_key_span: Span | None = None
    uniques: list[tuple[tuple[str, ...], Span]] = field(default_factory=list)
    indexes: list[DraftIndex] = field(default_factory=list)
    checks: list[tuple[str, str | None, Span]] = field(default_factory=list)
    foreign_keys: list[DraftFk] = field(default_factory=list)
    #: Many-to-many relations stated in prose: (other table, where stated,
    #: the link table the spec defines for it, if any).
    many: list[tuple[str, Span, str | None]] = field(default_factory=list)

    def add(self, column: DraftColumn) -> DraftColumn:
        """Add ``column``, or fold it into a column of the same name."""
        existing = self.columns.get(column.name)
        if existing is None:
            self.columns[column.name] = column
            return column
        return existing


@dataclass
class DraftEnum:
    name: str
    values: tuple[str, ...]
    span: Span
    form: Form


@dataclass(frozen=True, slots=True)
class RelationFact:
    """A relationship stated outside any table (prose, ASCII diagrams).

    ``child`` holds the foreign key to ``parent``; ``many_to_many`` joins two
    tables through a link table; ``on_delete`` is an action stated in prose.
    """

    parent: str
    child: str
    span: Span
    many_to_many: bool = False
    one_to_one: bool = False
    column: str | None = None
    on_delete: str | None = None
    via: str | None = None
    #: For prose cascade rules: the words of the sentence, to find tables in.
    mentions: tuple[str, ...] = ()
    #: Stated in a sentence ("Each todo belongs to one user"), which may add
    #: the foreign-key column; diagram lines only confirm existing columns.
    sentence: bool = False
    #: The sentence says the relation is optional: the key it adds is nullable.
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Statement:
    """``Index: (a, b)``, ``users.email: UNIQUE``, ``Primary key: (a, b)``...

    ``kind`` is ``pk``, ``unique``, ``index`` or ``not_null``; ``table`` is
    None for a statement that names no table (``- email`` under Indexes):
    it then applies to every table with those columns.
    """

    kind: str
    table: str | None
    columns: tuple[str, ...]
    span: Span
    name: str | None = None
    desc: tuple[bool, ...] = ()
    where: str | None = None
    using: str | None = None
    #: Written by a lower form than SQL (a bullet under "Indexes"); such an
    #: index on a column that has none already is what the author asked.
    loose: bool = True


@dataclass
class Spec:
    """Everything read from one Markdown file."""

    tables: list[DraftTable] = field(default_factory=list)
    enums: list[DraftEnum] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    #: Index and constraint statements, resolved once every table is known.
    statements: list[Statement] = field(default_factory=list)
    #: Non-table SQLModel classes, whose fields table classes inherit.
    bases: dict[str, DraftTable] = field(default_factory=dict)
    #: Prose says ids are UUIDs ("UUID primary keys", "All IDs are UUID").
    uuid_ids: bool = False
    doc: str | None = None
