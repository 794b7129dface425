"""Mermaid ``erDiagram`` blocks, read with ``markdown_mermaid.lark``.

Entities become tables, attributes columns (``PK``, ``FK``, ``UK`` markers,
a quoted comment read like a description); relationship lines become
relationship facts (``A ||--o{ B``: B holds a key to A; ``}o--o{``: many to
many). Entity names written mostly in the plural are kept as table names;
singular ones name models whose tables are the default plural.
"""

from __future__ import annotations

import re

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput

from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown import types
from schemac.frontends.markdown.bullets import description_attrs
from schemac.frontends.markdown.draft import (
    DraftColumn,
    DraftTable,
    FkGuess,
    Form,
    RelationFact,
    Spec,
    TypeGuess,
)
from schemac.frontends.markdown.names import is_table_style
from schemac.grammar import load_parser
from schemac.source import SourceFile, Span


def _parser() -> Lark:
    return load_parser("markdown_mermaid", propagate_positions=True)


def read_mermaid(
    spec: Spec, text: str, line: int, source: SourceFile, bag: DiagnosticBag
) -> None:
    """Add the entities and relationships of an ``erDiagram`` fence to ``spec``."""
    if "erdiagram" not in text.lower():
        return
    try:
        tree = _parser().parse(text.strip("\n") + "\n")
    except UnexpectedInput as error:
        bag.warning(
            f"could not read this Mermaid diagram: {_reason(error)}; it was skipped",
            Span.point(source.path, line + error.line - 1, max(error.column, 1)),
        )
        return
    except LarkError:
        return
    offset = line - 1 + (len(text) - len(text.lstrip("\n")))
    entities: list[Tree[Token]] = [
        n for n in tree.children if isinstance(n, Tree) and n.data == "entity"
    ]
    plural = sum(is_table_style(_name(e.children[0])) for e in entities)
    as_tables = plural * 2 > len(entities)
    for entity in entities:
        spec.tables.append(_entity(entity, offset, source, as_tables))
    for node in tree.children:
        if isinstance(node, Tree) and node.data == "relationship":
            spec.relations.append(_relationship(node, offset, source))


def _reason(error: UnexpectedInput) -> str:
    return f"unexpected text at line {error.line}"


def _name(node: Tree[Token] | Token) -> str:
    token = node.children[0] if isinstance(node, Tree) else node
    return str(token).strip('"')


def _span(source: SourceFile, node: Tree[Token], offset: int, name: str) -> Span:
    line = node.meta.line + offset
    text = source.line(line)
    column = text.find(name) + 1 if name in text else node.meta.column
    return Span.point(source.path, line, column, len(name))


def _entity(
    node: Tree[Token], offset: int, source: SourceFile, as_tables: bool
) -> DraftTable:
    name = _name(node.children[0])
    table = DraftTable(
        name=name.lower() if as_tables else name,
        span=_span(source, node, offset, name),
        form=Form.MERMAID,
        is_table_name=as_tables,
        model_name=None,
    )
    keys: list[str] = []
    for child in node.children[1:]:
        if isinstance(child, Tree) and child.data == "attribute":
            column = _attribute(child, offset, source)
            table.add(column)
            if column.pk:
                keys.append(column.name)
    if len(keys) > 1:
        table.primary_key = tuple(keys)
        for key in keys:
            table.columns[key].pk = False
    return table


def _attribute(node: Tree[Token], offset: int, source: SourceFile) -> DraftColumn:
    type_token, name_token = str(node.children[0]), str(node.children[1])
    column = DraftColumn(
        name=name_token,
        span=_span(source, node, offset, name_token),
        form=Form.MERMAID,
        type=_type(type_token),
    )
    for child in node.children[2:]:
        if isinstance(child, Tree) and child.data == "keys":
            marks = {str(k).upper() for k in child.children}
            column.pk = "PK" in marks
            column.unique = "UK" in marks
            if "FK" in marks:
                column.fk = FkGuess(None)
        elif isinstance(child, Token) and child.type == "STRING":
            comment = str(child).strip('"')
            column.doc = comment or None
            extra = description_attrs(comment)
            column.nullable = extra.nullable
            column.unique = column.unique or extra.unique
            column.max_length = extra.max_length
            if extra.fk is not None and extra.fk.table:
                column.fk = extra.fk
    return column


def _type(text: str) -> TypeGuess:
    # ``text[]``, and ``text_array`` since Mermaid allows no brackets in a type
    array = text.endswith("[]") or text.lower().endswith("_array")
    base = text[:-2] if text.endswith("[]") else text
    base = base[:-6] if array and base.lower().endswith("_array") else base
    match = re.match(r"([A-Za-z_][\w\-]*)\s*(?:\((.*)\))?", base)
    word = match.group(1) if match else base
    args = (
        tuple(int(a) for a in re.findall(r"\d+", match.group(2) or "")) if match else ()
    )
    found = types.match_type(word.replace("-", " ").split())
    if found is None:
        return TypeGuess("unknown", raw=text)
    guess = types.make_type(found[0], args, text)
    return TypeGuess(guess.kind, guess.args, array, raw=text)


def _relationship(node: Tree[Token], offset: int, source: SourceFile) -> RelationFact:
    left, rel, right = (
        _name(node.children[0]),
        str(node.children[1]),
        _name(node.children[2]),
    )
    span = Span.point(source.path, node.meta.line + offset, 1, 1)
    text = source.line(node.meta.line + offset)
    start = len(text) - len(text.lstrip())
    span = Span(source.path, span.line, start + 1, span.line, len(text) + 1)
    compact = rel.replace(" ", "")
    left_card, right_card = compact[:2], compact[-2:]
    left_many = "}" in left_card
    right_many = "{" in right_card
    if left_many and right_many:
        return RelationFact(left, right, span, many_to_many=True)
    if left_many:
        return RelationFact(right, left, span)
    if right_many:
        return RelationFact(left, right, span)
    return RelationFact(left, right, span, one_to_one=True)
