"""Writing Python source that ``ruff format`` leaves as it is.

Generated code is not run through a formatter: it is laid out here the way
ruff would lay it out. Expressions are built as small trees of :class:`Call`
nodes (any bracketed list: calls, dicts, lists, tuples) whose leaves are
source strings or :class:`Str` literals. A tree that fits in the line is
written flat; one that does not is exploded one item per line with a trailing
comma, which ruff keeps (a "magic" trailing comma). A string literal too long
for its line becomes a parenthesized implicit concatenation, split at spaces.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: ruff's default line length, which the generated code keeps to.
LINE_LENGTH = 88

_INDENT = "    "


@dataclass(frozen=True, slots=True)
class Str:
    """A string literal, kept as its value so it can be split when long."""

    value: str


@dataclass(frozen=True, slots=True)
class Call:
    """A bracketed, comma-separated list of items.

    Attributes:
        head: What comes before the opening bracket (``"Field"``, ``""``).
        items: The items; each may carry a ``prefix`` via :class:`Item`.
        open: The opening bracket.
        close: The closing bracket.
        explode: Always one item per line (a magic trailing comma).
    """

    head: str
    items: tuple[Item, ...]
    open: str = "("
    close: str = ")"
    explode: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a :class:`Call`: ``prefix`` (``"name="``, ``'"key": '``)
    followed by a value."""

    prefix: str
    value: Node


Node = str | Str | Call


def call(head: str, *args: Node, **kwargs: Node | None) -> Call:
    """A call ``head(*args, **kwargs)``; keyword values of ``None`` are left out."""
    items = [Item("", arg) for arg in args]
    items += [
        Item(f"{key}=", value) for key, value in kwargs.items() if value is not None
    ]
    return Call(head, tuple(items))


def dict_node(entries: Iterable[tuple[str, Node]]) -> Call:
    """A dict literal with string keys, in the order given."""
    items = tuple(Item(f"{py_str(key)}: ", value) for key, value in entries)
    return Call("", items, "{", "}")


def list_node(values: Iterable[Node]) -> Call:
    """A list literal."""
    return Call("", tuple(Item("", value) for value in values), "[", "]")


def tuple_node(values: Iterable[Node], explode: bool = False) -> Call:
    """A tuple literal (a one-item tuple gets its comma)."""
    return Call("", tuple(Item("", value) for value in values), "(", ")", explode)


def flat(node: Node) -> str:
    """``node`` written on one line."""
    if isinstance(node, str):
        return node
    if isinstance(node, Str):
        return py_str(node.value)
    inner = ", ".join(item.prefix + flat(item.value) for item in node.items)
    if node.open == "(" and not node.head and len(node.items) == 1:
        inner += ","
    return f"{node.head}{node.open}{inner}{node.close}"


def render(node: Node, indent: int = 0, lead: str = "", suffix: str = "") -> list[str]:
    """Lines of ``lead + node + suffix`` at ``indent`` levels, ruff-formatted."""
    pad = _INDENT * indent
    line = f"{pad}{lead}{flat(node)}{suffix}"
    exploded = isinstance(node, Call) and node.explode and node.items
    if len(line) <= LINE_LENGTH and not exploded:
        return [line]
    if isinstance(node, str):
        return [line]
    if isinstance(node, Str):
        return _render_long_string(node.value, indent, lead, suffix)
    if not node.items:
        return [line]
    lines = [f"{pad}{lead}{node.head}{node.open}"]
    for item in node.items:
        lines += render(item.value, indent + 1, item.prefix, ",")
    lines.append(f"{pad}{node.close}{suffix}")
    return lines


def _render_long_string(value: str, indent: int, lead: str, suffix: str) -> list[str]:
    pad = _INDENT * indent
    width = LINE_LENGTH - len(_INDENT * (indent + 1)) - 2
    pieces = _split_words(value, max(width, 20))
    if len(pieces) == 1:
        return [f"{pad}{lead}{py_str(value)}{suffix}"]
    body = [f"{pad}{_INDENT}{py_str(piece)}" for piece in pieces]
    return [f"{pad}{lead}(", *body, f"{pad}){suffix}"]


def _split_words(value: str, width: int) -> list[str]:
    """Split ``value`` into pieces of at most ``width`` source characters, at
    spaces, keeping every character (the space stays at a piece's end)."""
    pieces: list[str] = []
    current: str | None = None
    for word in value.split(" "):
        candidate = word if current is None else f"{current} {word}"
        if current and len(py_str(candidate)) - 2 > width:
            pieces.append(current + " ")
            current = word
        else:
            current = candidate
    pieces.append(current or "")
    return [piece for piece in pieces if piece]


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def py_str(value: str) -> str:
    """A Python string literal for ``value``, quoted the way ruff prefers."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    if value.isprintable() and quote not in value and "\\" not in value:
        return quote + value + quote
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return quote + "".join(out) + quote


def py_literal(value: object) -> Node:
    """Source for a JSON-like value (scalars, tuples/lists, dicts)."""
    if isinstance(value, str):
        return Str(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return list_node(py_literal(v) for v in value)
    if isinstance(value, dict):
        return dict_node((str(k), py_literal(v)) for k, v in value.items())
    raise TypeError(f"not a literal: {value!r}")


def docstring(paragraphs: Sequence[str | Sequence[str]], indent: int) -> list[str]:
    """A docstring at ``indent`` levels, wrapped to the line length.

    Args:
        paragraphs: Plain paragraphs (``str``, wrapped) or pre-laid-out blocks
            (a sequence of lines, kept; lines may start with extra indentation
            and are wrapped with a hanging indent).
        indent: Indentation level of the docstring's opening quotes.
    """
    pad = _INDENT * indent
    width = LINE_LENGTH - len(pad)
    lines: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append("")
        if isinstance(paragraph, str):
            lines += textwrap.wrap(_doc_escape(paragraph), width) or [""]
        else:
            for raw in paragraph:
                lines += _wrap_hanging(raw, width)
    if len(lines) == 1 and len(pad) + len(lines[0]) + 6 <= LINE_LENGTH:
        return [f'{pad}"""{_closing_safe(lines[0])}"""']
    if len(pad) + 3 + len(lines[0]) > LINE_LENGTH:
        first = textwrap.wrap(lines[0], width - 3)
        lines = [first[0], *textwrap.wrap(" ".join(first[1:]), width), *lines[1:]]
    out = [f'{pad}"""{lines[0]}']
    out += [f"{pad}{line}".rstrip() for line in lines[1:]]
    out.append(f'{pad}"""')
    return out


def _wrap_hanging(line: str, width: int) -> list[str]:
    stripped = line.lstrip(" ")
    lead = line[: len(line) - len(stripped)]
    return textwrap.wrap(
        _doc_escape(stripped),
        width,
        initial_indent=lead,
        subsequent_indent=lead + _INDENT,
        break_on_hyphens=False,
    ) or [""]


def _doc_escape(text: str) -> str:
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _closing_safe(line: str) -> str:
    # A docstring ending in a quote would close early; ruff adds a space too.
    return line + " " if line.endswith('"') else line
