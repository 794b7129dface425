"""The block structure of a Markdown file: headings, lists, tables and fences.

markdown-it-py does the CommonMark work; this module flattens its token
stream into a short list of :class:`Block` objects that keep the 1-based
line each came from, so every later diagnostic points at the real line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of a paragraph (paragraph lines are read one by one)."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class ListItem:
    """The first paragraph of a list item; ``depth`` counts from 0."""

    text: str
    line: int
    depth: int


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Fence:
    """A fenced or indented code block; ``line`` is its first content line."""

    info: str
    text: str
    line: int


Block = Heading | Paragraph | ListItem | Table | Fence


@dataclass
class _Walker:
    tokens: list[Token]
    blocks: list[Block] = field(default_factory=list)
    pos: int = 0
    depth: int = -1
    item_open: list[bool] = field(default_factory=list)


def parse_blocks(text: str) -> list[Block]:
    """The blocks of ``text`` in document order."""
    md = MarkdownIt("commonmark").enable("table")
    walker = _Walker(md.parse(text))
    while walker.pos < len(walker.tokens):
        _step(walker)
    return walker.blocks


def _step(w: _Walker) -> None:
    token = w.tokens[w.pos]
    kind = token.type
    if kind == "heading_open":
        inline = w.tokens[w.pos + 1]
        w.blocks.append(Heading(int(token.tag[1:]), inline.content, _line(token)))
        w.pos += 3
        return
    if kind in ("bullet_list_open", "ordered_list_open"):
        w.depth += 1
    elif kind in ("bullet_list_close", "ordered_list_close"):
        w.depth -= 1
    elif kind == "list_item_open":
        w.item_open.append(True)
    elif kind == "list_item_close":
        w.item_open.pop()
    elif kind == "inline":
        _inline(w, token)
    elif kind in ("fence", "code_block"):
        w.blocks.append(Fence(token.info.strip(), token.content, _line(token) + 1))
    elif kind == "table_open":
        _table(w)
        return
    w.pos += 1


def _inline(w: _Walker, token: Token) -> None:
    if w.item_open and w.item_open[-1]:
        # The first paragraph of the item is its text; later ones are prose.
        text = " ".join(token.content.splitlines())
        w.blocks.append(ListItem(text, _line(token), max(w.depth, 0)))
        w.item_open[-1] = False
        return
    for offset, line in enumerate(token.content.splitlines()):
        w.blocks.append(Paragraph(line, _line(token) + offset))


def _table(w: _Walker) -> None:
    start = w.tokens[w.pos]
    header: tuple[str, ...] = ()
    rows: list[Row] = []
    cells: list[str] = []
    row_line = _line(start)
    while w.pos < len(w.tokens):
        token = w.tokens[w.pos]
        w.pos += 1
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            cells, row_line = [], _line(token)
        elif token.type == "inline":
            cells.append(token.content.strip())
        elif token.type == "tr_close":
            if not header:
                header = tuple(cells)
            else:
                rows.append(Row(tuple(cells), row_line))
    w.blocks.append(Table(header, tuple(rows), _line(start)))


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


_EMPHASIS = re.compile(r"(\*\*|__|~~)")


def plain(text: str) -> str:
    """``text`` without emphasis markers and backticks, spaces collapsed."""
    text = _EMPHASIS.sub("", text).replace("`", "")
    text = re.sub(r"\\([_*\[\]()#|<>-])", r"\1", text)
    return " ".join(text.split())
