"""Column bullets: ``- email: string (unique)``, ``- id (int, PK)`` and kin.

A bullet is read in two passes: the Lark grammar in ``markdown_bullet.lark``
finds the column names and their type text and parentheses; the phrase
grammar (:mod:`.phrases`) says what those mean. Bullets that are prose with a
code-marked name first (`` `id`: Primary key (UUID), unique identifier``) are
read by a forgiving fallback that keeps only the phrases it understands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from schemac.frontends.markdown.blocks import plain
from schemac.frontends.markdown.draft import DraftColumn, Form
from schemac.frontends.markdown.phrases import (
    Attrs,
    english_marks,
    parse_phrase,
    tokenize_items,
)
from schemac.grammar import load_parser
from schemac.source import Span

#: Where a column's description starts: `` `id: UUID` - Primary key``.
_DESCRIPTION = re.compile(r"\s+[-\u2013\u2014]+\s+|\s*[\u2013\u2014]\s*")
#: A name marked as code or bold at the start of a bullet.
_MARKED_NAME = re.compile(
    r"^\s*(?:`([^`\s]+)`|\*\*([^*\s]+)\*\*)\s*(?::|[-\u2013\u2014]|\()"
)
MAX_BULLET = 600
#: `` `name TYPE ...` `` as one code span, as a column of a CREATE TABLE.
_SQL_COLUMN = re.compile(r"^\s*`([^\W\d]\w*)\s+([^`]+)`")


@dataclass(frozen=True, slots=True)
class ColumnText:
    """One column of a bullet line, as text."""

    name: str
    nullable_mark: bool
    type_text: str | None
    groups: tuple[str, ...]


def _parser() -> Lark:
    return load_parser("markdown_bullet", propagate_positions=True)


def split_description(text: str) -> tuple[str, str | None]:
    """``head - description`` → ``(head, description)``, outside parentheses."""
    depth = 0
    for match in _DESCRIPTION.finditer(text):
        depth = text[: match.start()].count("(") - text[: match.start()].count(")")
        if depth == 0:
            return text[: match.start()].strip(), text[match.end() :].strip() or None
    return text.strip(), None


def parse_column_texts(text: str) -> list[ColumnText] | None:
    """The columns a bullet head names, or None if it is not a column list."""
    if not text or len(text) > MAX_BULLET:
        return None
    try:
        tree = _parser().parse(text)
    except LarkError:
        return None
    columns = []
    for node in tree.children:
        if isinstance(node, Tree):
            columns.append(_column_text(node, text))
    return columns


def _column_text(node: Tree[Token], text: str) -> ColumnText:
    name = str(node.children[0])
    mark = False
    type_text: str | None = None
    groups: list[str] = []
    for child in node.children[1:]:
        if not isinstance(child, Tree):
            mark = mark or str(child) == "?"
            continue
        piece = text[child.meta.start_pos : child.meta.end_pos]
        if child.data == "spec":
            type_text = piece
        else:
            groups.append(piece[1:-1])
    return ColumnText(name, mark, type_text, tuple(groups))


def column_attrs(column: ColumnText) -> Attrs:
    """What a column's type text and parentheses say, folded together."""
    attrs = parse_phrase(column.type_text or "")
    for group in column.groups:
        merge_attrs(attrs, parse_phrase(group))
    if column.nullable_mark:
        attrs.nullable = True
    return attrs


def merge_attrs(into: Attrs, other: Attrs, with_type: bool = True) -> None:
    """Fold ``other`` into ``into``; what ``into`` already states wins."""
    if with_type and into.type is None:
        into.type = other.type
    into.pk = into.pk or other.pk
    into.unique = into.unique or other.unique
    into.index = into.index or other.index
    if into.nullable is None:
        into.nullable = other.nullable
    into.default = into.default or other.default
    into.fk = into.fk or other.fk
    into.on_delete = into.on_delete or other.on_delete
    into.on_update = into.on_update or other.on_update
    into.enum = into.enum or other.enum
    into.enum_values = into.enum_values or other.enum_values
    into.max_length = into.max_length or other.max_length
    into.min_length = into.min_length or other.min_length
    into.auto_inc = into.auto_inc or other.auto_inc
    into.known += other.known
    into.unknown += other.unknown


def description_attrs(text: str | None) -> Attrs:
    """What a free-text description states, reading only clear phrases.

    Parenthesised parts and comma-separated segments are read separately; a
    segment counts only when it starts with something understood, so
    "Primary key" or "unique, 1-50 chars" count and "Status of the task"
    does not. Types named in a description are ignored.
    """
    attrs = Attrs()
    if not text:
        return attrs
    text = english_marks(plain(text))
    inner = re.findall(r"\(([^()]*)\)", text)
    outer = re.sub(r"\([^()]*\)", ",", text)
    for piece in [*inner, *outer.split(",")]:
        items = tokenize_items(piece)
        if not items or items[0][0] in ("word", "other", "number", "string", "sep"):
            continue
        merge_attrs(attrs, parse_phrase(piece), with_type=False)
    return attrs


def prose_column(raw: str) -> tuple[str, Attrs, str] | None:
    """`` `id`: Primary key (UUID/string), unique identifier`` → name, attrs, doc."""
    match = _MARKED_NAME.match(raw)
    if match is None:
        return None
    name = match.group(1) or match.group(2)
    if not re.fullmatch(r"[^\W\d]\w*", name):
        return None
    rest = plain(raw[match.end() - 1 :].lstrip(":-\u2013\u2014 "))
    attrs = Attrs()
    for group in re.findall(r"\(([^()]*)\)", rest):
        merge_attrs(attrs, parse_phrase(group))
    for piece in re.sub(r"\([^()]*\)", ",", rest).split(","):
        items = tokenize_items(piece)
        if items and items[0][0] not in ("word", "other", "number", "string", "sep"):
            merge_attrs(attrs, parse_phrase(piece), with_type=False)
    first = plain(re.split(r"[(,]", rest, maxsplit=1)[0]).strip()
    return name, attrs, first


def read_bullet(
    raw: str, span_of: SpanOf, form: Form = Form.BULLETS
) -> list[DraftColumn] | None:
    """The columns a bullet defines, or None if it defines none.

    Args:
        raw: The bullet's Markdown text.
        span_of: Gives the span of a name on the bullet's line.
        form: The form to record on the drafts.
    """
    head, description = split_description(plain(raw))
    texts = parse_column_texts(head)
    sql_like = _SQL_COLUMN.match(raw)
    if texts is None and sql_like and parse_phrase(sql_like.group(2)).type:
        # `` `token_hash CHAR(64) UNIQUE` ``: a column as SQL writes it
        head = f"{sql_like.group(1)}: {sql_like.group(2)}"
        texts = parse_column_texts(head)
    if texts is None:
        found = prose_column(raw)
        if found is None:
            return None
        name, attrs, doc = found
        if not attrs.stated:
            return None
        column = to_draft(name, attrs, span_of(name), form, doc or None)
        auto_words(column, raw)
        _enum_from_text(column, plain(raw).split(":", 1)[-1])
        return [column]
    columns = _typed_columns(texts, description, span_of, form)
    if columns and len(columns) == 1 and not columns[0].auto_now:
        auto_words(columns[0], head)  # ``(Default: NOW(), On Update: NOW())``
    return columns


def _typed_columns(
    texts: list[ColumnText], description: str | None, span_of: SpanOf, form: Form
) -> list[DraftColumn] | None:
    parsed = _fold_attribute_words([(t, column_attrs(t)) for t in texts])
    if any(t.type_text and not a.stated for t, a in parsed):
        return None  # "Property: quantity_available = ...": a label, not a column
    # ``first_name, last_name: String``: untyped names take the next type.
    shared: Attrs | None = None
    out: list[DraftColumn] = []
    for text, attrs in reversed(parsed):
        if text.type_text is not None or text.groups:
            shared = attrs if text.type_text is not None else shared
        elif shared is not None and len(texts) > 1:
            attrs = shared
        out.append(to_draft(text.name, attrs, span_of(text.name), form, None))
    out.reverse()
    if len(out) == 1 and description:
        _describe(out[0], description)
    return out


def _fold_attribute_words(
    parsed: list[tuple[ColumnText, Attrs]],
) -> list[tuple[ColumnText, Attrs]]:
    """``user_id: uuid (FK), required``: "required" qualifies, it is no column."""
    out: list[tuple[ColumnText, Attrs]] = []
    for text, attrs in parsed:
        bare = text.type_text is None and not text.groups
        if out and bare and parse_phrase(text.name).stated:
            merge_attrs(out[-1][1], parse_phrase(text.name))
            continue
        out.append((text, attrs))
    return out


def _describe(column: DraftColumn, description: str) -> None:
    extra = description_attrs(description)
    auto_words(column, description)
    column.doc = description
    column.pk = column.pk or extra.pk
    column.unique = column.unique or extra.unique
    column.index = column.index or extra.index
    if column.nullable is None:
        column.nullable = extra.nullable
    if column.fk is None and extra.fk is not None:
        column.fk = extra.fk
    if column.max_length is None:
        column.max_length = extra.max_length
    _enum_from_text(column, description)


def _enum_from_text(column: DraftColumn, text: str | None) -> None:
    """An ``Enum`` column whose values its description lists."""
    enum = column.type is not None and column.type.kind == "enum"
    if enum and not column.enum_values:
        from schemac.frontends.markdown.tables import described_values

        column.enum_values = described_values(text)


_AUTO_SET = re.compile(
    r"\b(automatic(ally)?\s+(set|generated|filled)|set\s+automatically|"
    r"defaults?\s+to\s+(now|the\s+current\s+time))\b",
    re.I,
)
_AUTO_UPDATE = re.compile(
    r"\b(automatic(ally)?\s+updated|updated\s+automatically|auto[-\s]?updat\w*|"
    r"refreshed\s+on\s+(every\s+)?update)\b|"
    # MySQL's ``ON UPDATE CURRENT_TIMESTAMP``, not a key's ``ON UPDATE CASCADE``
    r"\bon\s+update\b(?!\s+(cascade|restrict|set\b|no\s+action))",
    re.I,
)


def auto_words(column: DraftColumn, text: str | None) -> None:
    """ "automatically set" → ``now()``; "automatically updated" → ``auto_now``."""
    if not text:
        return
    if _AUTO_UPDATE.search(text):
        column.auto_now = True
    elif _AUTO_SET.search(text) and column.default is None:
        from schemac.frontends.markdown.draft import DefaultGuess

        column.default = DefaultGuess("call", "now", "now()")


def to_draft(
    name: str, attrs: Attrs, span: Span, form: Form, doc: str | None
) -> DraftColumn:
    """A draft column from what a phrase stated."""
    column = DraftColumn(
        name=name,
        span=span,
        form=form,
        type=attrs.type,
        nullable=attrs.nullable,
        pk=attrs.pk,
        unique=attrs.unique,
        index=attrs.index,
        default=attrs.default,
        fk=attrs.fk,
        enum_values=attrs.enum_values,
        max_length=attrs.max_length,
        doc=doc,
        bare=not attrs.stated,
    )
    if column.fk is not None:
        column.fk.on_delete = attrs.on_delete
        column.fk.on_update = attrs.on_update
    if attrs.enum and column.type is None:
        from schemac.frontends.markdown.draft import TypeGuess

        column.type = TypeGuess("enum", raw="enum")
    if attrs.min_length:
        column.checks.append(f"min_length:{attrs.min_length}")
    return column


class SpanOf:
    """Finds where a name sits on a given line of the source."""

    def __init__(self, path: str, line: int, text: str) -> None:
        self.path = path
        self.line = line
        self.text = text

    def __call__(self, name: str) -> Span:
        column = self.text.find(name) + 1
        if column <= 0:
            column = len(self.text) - len(self.text.lstrip()) + 1
            return Span.point(self.path, self.line, column, 1)
        return Span.point(self.path, self.line, column, len(name))
