"""Lowering the diagram to a Mermaid ``erDiagram`` (GitHub, GitLab, docs).

Mermaid's grammar is narrow and has changed between versions, and the
renderers GitHub and GitLab run lag behind. So every name and type is
reduced to ``[A-Za-z_][A-Za-z0-9_]*`` (``decimal(10,2)`` becomes
``decimal_10_2``, ``int[]`` becomes ``int_array``), entity names the lexer
reads as keywords (``end``, ``class``...) and attribute names it reads as
key markers (``pk``...) get a trailing ``_``, and any column name that had
to change keeps its real spelling in the attribute's comment. Comments
never contain a double quote. The result parses for any valid schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from schemac.backends.erd.view import Cardinality, ColumnView, Diagram, TableView

#: Words the erDiagram lexer reads as keywords where an entity name may
#: stand (its rules ignore case). Inside an entity's braces only the key
#: markers are special.
RESERVED = frozenset(
    {
        "erdiagram",
        "to",
        "one",
        "many",
        "only",
        "zero",
        "optionally",
        "style",
        "classdef",
        "class",
        "subgraph",
        "end",
        "direction",
        "u",
        "o",
        "title",
        "acctitle",
        "accdescr",
    }
)
#: Attribute names the lexer takes for key markers.
_KEY_WORDS = frozenset({"pk", "fk", "uk"})

#: Crow's-foot ends: the parent's end is written left of ``--``, the child's
#: right of it.
_LEFT: dict[Cardinality, str] = {
    "one": "||",
    "zero_or_one": "|o",
    "zero_or_many": "}o",
    "one_or_many": "}|",
}
_RIGHT: dict[Cardinality, str] = {
    "one": "||",
    "zero_or_one": "o|",
    "zero_or_many": "o{",
    "one_or_many": "|{",
}
_INDENT = "    "


def render_mermaid(diagram: Diagram, header: Sequence[str]) -> str:
    """The Mermaid source of ``diagram``; ``header`` lines go after the keyword.

    The header follows ``erDiagram`` rather than preceding it because some
    older Mermaid releases do not skip comments before the diagram type.
    """
    names = _entity_names(diagram)
    lines = ["erDiagram", *(f"{_INDENT}{line}" for line in header)]
    if diagram.doc:
        lines.append(f"{_INDENT}%% {_comment_line(diagram.doc)}")
    for table in diagram.tables:
        lines += _entity(table, names[table.key])
    for enum in diagram.enums:
        lines += _enum_entity(names[f"enum:{enum.key}"], enum.name, enum.values)
    for edge in diagram.edges:
        lines.append(
            f"{_INDENT}{names[edge.parent]} "
            f"{_LEFT[edge.parent_end]}--{_RIGHT[edge.child_end]} "
            f'{names[edge.child]} : "{comment_text(edge.label) or "references"}"'
        )
    return "\n".join(lines) + "\n"


def _entity_names(diagram: Diagram) -> dict[str, str]:
    """A unique, grammar-safe entity name for every table and enum key."""
    taken: set[str] = set()
    names = {}
    for key, name in [
        *((t.key, t.name) for t in diagram.tables),
        *((f"enum:{e.key}", e.name) for e in diagram.enums),
    ]:
        names[key] = _unique(entity_name(name), taken)
    return names


def _unique(name: str, taken: set[str]) -> str:
    candidate, counter = name, 2
    while candidate.casefold() in taken:
        candidate, counter = f"{name}_{counter}", counter + 1
    taken.add(candidate.casefold())
    return candidate


def identifier(text: str) -> str:
    """``text`` as a word every Mermaid version accepts."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", text) or "_"
    return f"_{name}" if name[0].isdigit() else name


def entity_name(table: str) -> str:
    """A (schema-qualified) table name as a Mermaid entity name."""
    # TODO: non-ASCII and punctuation in table names are replaced, so the
    # drawing shows `billing__orders`, not `billing.orders`; Mermaid 11's
    # alias syntax (`id["label"]`) would keep them, once GitHub and GitLab
    # run a release that parses it.
    name = identifier(table.replace(".", "__"))
    return f"{name}_" if name.casefold() in RESERVED else name


def attribute_name(text: str) -> str:
    """A column name or enum label as a Mermaid attribute name."""
    name = identifier(text)
    return f"{name}_" if name.casefold() in _KEY_WORDS else name


def type_word(type_text: str) -> str:
    """A column type as one Mermaid word.

    ``decimal(10,2)[]`` becomes ``decimal_10_2_array``.
    """
    text = type_text.replace("[]", " array")
    return attribute_name("_".join(re.findall(r"[A-Za-z0-9_]+", text)) or "unknown")


def comment_text(text: str) -> str:
    """Text safe inside a Mermaid ``"..."`` comment or label."""
    return _comment_line(text).replace('"', "'")


def _comment_line(text: str) -> str:
    # ``%%`` opens a comment and ``#name;`` is read as an entity code.
    flat = " ".join(text.split()).replace("%%", "% %")
    return re.sub(r"#(?=\w+;)", "# ", flat)


def _entity(table: TableView, name: str) -> list[str]:
    lines = []
    if table.doc:
        lines.append(f"{_INDENT}%% {table.name}: {_comment_line(table.doc)}")
    if not table.columns:
        return [*lines, f"{_INDENT}{name} {{", f"{_INDENT}}}"]
    lines.append(f"{_INDENT}{name} {{")
    taken: set[str] = set()
    for column in table.columns:
        lines.append(f"{_INDENT * 2}{_attribute(column, taken)}")
    lines.append(f"{_INDENT}}}")
    return lines


def _attribute(column: ColumnView, taken: set[str]) -> str:
    name = _attribute_name(column.name, taken)
    keys = [marker if marker != "UQ" else "UK" for marker in column.markers]
    notes = []
    if name != column.name:
        notes.append(f"column {column.name}")
    if column.nullable:
        notes.append("nullable")
    if column.enum_values:
        notes.append(f"one of {', '.join(column.enum_values)}")
    if column.doc:
        notes.append(column.doc)
    parts = [type_word(column.type), name]
    if keys:
        parts.append(", ".join(keys))
    if notes:
        parts.append(f'"{comment_text("; ".join(notes))}"')
    return " ".join(parts)


def _attribute_name(text: str, taken: set[str]) -> str:
    return _unique(attribute_name(text), taken)


def _enum_entity(name: str, real_name: str, values: Iterable[str]) -> list[str]:
    lines = [f"{_INDENT}%% enum {real_name}", f"{_INDENT}{name} {{"]
    taken: set[str] = set()
    for value in values:
        word = _attribute_name(value, taken)
        note = f' "{comment_text(value)}"' if word != value else ""
        lines.append(f"{_INDENT * 2}enum {word}{note}")
    lines.append(f"{_INDENT}}}")
    return lines
