"""The syntax tree every front-end produces.

Names here are unresolved: a field's type is just the text the user wrote.
The compiler (:mod:`schemac.compiler.lower`) resolves them and builds the IR.
Front-ends other than ``.dbs`` (the Markdown reader) build these same nodes,
with spans pointing into their own files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemac.source import Span

#: A literal value in a default or an option: int, float, str, bool or None.
Scalar = int | float | str | bool | None


@dataclass(frozen=True, slots=True)
class Name:
    """An identifier as written, with where it was written."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Literal:
    """``= 0``, ``= "draft"``, ``= true``, ``= 1.5``, ``= null``."""

    value: Scalar
    span: Span


@dataclass(frozen=True, slots=True)
class Ident:
    """A bare identifier used as a value (``= pending``, ``on_delete=cascade``)."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """``now()``, ``uuid()``, ``uuid7()``, ``sql("...")``."""

    name: str
    args: tuple[Literal, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ListValue:
    """``[1, 2]`` — used for array defaults and examples."""

    items: tuple[Literal | Ident, ...]
    span: Span


Value = Literal | Ident | Call | ListValue


@dataclass(frozen=True, slots=True)
class TypeRef:
    """``str(255)``, ``decimal(10, 2)``, ``int[]``, ``User?``."""

    name: str
    args: tuple[int, ...]
    array: bool
    nullable: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Flag:
    """A bare word after the type: ``pk``, ``unique``, ``index``..."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Option:
    """``key=value`` after the type, or ``check "expr"``."""

    key: str
    value: Value
    span: Span


@dataclass(frozen=True, slots=True)
class FieldDecl:
    name: Name
    type: TypeRef
    default: Value | None
    flags: tuple[Flag, ...]
    options: tuple[Option, ...]
    doc: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class IndexColumn:
    name: Name
    desc: bool = False


@dataclass(frozen=True, slots=True)
class IndexDecl:
    """``index (a, b desc) unique using gin where "..." name="..."``."""

    columns: tuple[IndexColumn, ...]
    unique: bool
    using: str | None
    where: str | None
    name: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class UniqueDecl:
    """``unique (a, b) name="..."``."""

    columns: tuple[Name, ...]
    name: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class CheckDecl:
    """``check "expr" name="..."`` as a block statement."""

    expr: str
    name: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class PrimaryKeyDecl:
    """``primary_key (a, b)``: a composite primary key stated as a block."""

    columns: tuple[Name, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Setting:
    """``table "name"``, ``schema billing``, ``was "old"`` inside a model."""

    key: str
    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class Mixin:
    """``timestamps`` or ``soft_delete``."""

    name: str
    span: Span


Member = (
    FieldDecl | IndexDecl | UniqueDecl | CheckDecl | PrimaryKeyDecl | Setting | Mixin
)


@dataclass(frozen=True, slots=True)
class ModelDecl:
    name: Name
    abstract: bool
    bases: tuple[Name, ...]
    doc: str | None
    members: tuple[Member, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class EnumValueDecl:
    name: Name
    was: str | None = None
    doc: str | None = None


@dataclass(frozen=True, slots=True)
class EnumDecl:
    name: Name
    values: tuple[EnumValueDecl, ...]
    doc: str | None
    settings: tuple[Setting, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ImportDecl:
    path: str
    span: Span


Declaration = ModelDecl | EnumDecl


@dataclass(frozen=True, slots=True)
class Module:
    """One parsed input file."""

    path: str
    imports: tuple[ImportDecl, ...]
    declarations: tuple[Declaration, ...]
    doc: str | None = None
    #: Front-end specific notes: tables referenced but never defined, keyed
    #: by the referenced name ("auth.users"), mapped to where they appear.
    externals: dict[str, Span] = field(default_factory=dict)
