"""A tiny Python code printer that lays calls out the way ruff format does.

Revisions are rendered as small trees of calls; :func:`format_statements`
prints them within 88 columns: a call that fits stays on one line, else its
arguments go on one indented line, else one per line with a trailing comma.
That is the layout ``ruff format`` produces, so generated revisions pass
``ruff format --check`` without running a formatter at generation time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LINE_LENGTH = 88
INDENT = "    "


@dataclass(frozen=True)
class Call:
    """``func(args...)``; an argument is source text, a Call or a Kw."""

    func: str
    args: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Kw:
    """``name=value``, an argument."""

    name: str
    value: Node


@dataclass(frozen=True)
class ListOf:
    """``[items...]``, an argument."""

    items: tuple[Node, ...]


Node = str | Call | Kw | ListOf


@dataclass(frozen=True)
class Stmt:
    """One statement: an optional ``target = `` and an expression."""

    expr: Node
    target: str | None = None


@dataclass(frozen=True)
class With:
    """A ``with header:`` block."""

    header: str
    body: tuple[Stmt, ...]


@dataclass(frozen=True)
class Comment:
    text: str
    blank_before: bool = field(default=False)


Statement = Stmt | With | Comment


def py_str(text: str) -> str:
    """``text`` as a Python string literal, double-quoted when possible."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        return '"' + literal[1:-1].replace("\\'", "'") + '"'
    return literal


def flat(node: Node) -> str:
    """``node`` on one line."""
    if isinstance(node, str):
        return node
    if isinstance(node, Kw):
        return f"{node.name}={flat(node.value)}"
    if isinstance(node, ListOf):
        return "[" + ", ".join(flat(i) for i in node.items) + "]"
    return f"{node.func}(" + ", ".join(flat(a) for a in node.args) + ")"


def format_statements(statements: list[Statement], depth: int = 1) -> list[str]:
    """Source lines for a block of statements at ``depth`` levels of indent."""
    lines: list[str] = []
    for statement in statements:
        indent = INDENT * depth
        if isinstance(statement, Comment):
            if statement.blank_before and lines:
                lines.append("")
            lines.append(f"{indent}# {statement.text}")
        elif isinstance(statement, With):
            lines.append(f"{indent}with {statement.header}:")
            lines.extend(format_statements(list(statement.body), depth + 1))
        else:
            prefix = f"{statement.target} = " if statement.target else ""
            lines.extend(_layout(statement.expr, indent, prefix, ""))
    return lines


def _layout(node: Node, indent: str, prefix: str, suffix: str) -> list[str]:
    one_line = f"{indent}{prefix}{flat(node)}{suffix}"
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    if isinstance(node, str):
        if prefix or not node.startswith('"'):
            return [one_line]
        return _split_string(node, indent, suffix)
    if isinstance(node, Kw):
        return _layout(node.value, indent, f"{prefix}{node.name}=", suffix)
    if isinstance(node, ListOf):
        opener, closer, items = "[", "]", node.items
    else:
        opener, closer, items = f"{node.func}(", ")", node.args
    inner = indent + INDENT
    hugged = inner + ", ".join(flat(i) for i in items)
    if len(hugged) <= LINE_LENGTH:
        return [f"{indent}{prefix}{opener}", hugged, f"{indent}{closer}{suffix}"]
    lines = [f"{indent}{prefix}{opener}"]
    if len(items) == 1:  # nothing to split at: no trailing comma either
        lines.extend(_layout(items[0], inner, "", ""))
        lines.append(f"{indent}{closer}{suffix}")
        return lines
    for item in items:
        lines.extend(_layout(item, inner, "", ","))
    lines.append(f"{indent}{closer}{suffix}")
    return lines


def _split_string(literal: str, indent: str, suffix: str) -> list[str]:
    """A long double-quoted literal as implicitly concatenated pieces.

    Pieces break after a space, so escapes are never cut; a piece that
    cannot be shortened stays long.
    """
    words = literal[1:-1].split(" ")
    room = LINE_LENGTH - len(indent) - 2 - len(suffix)
    pieces: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) + 1 > room:
            pieces.append(current + " ")
            current = word
        else:
            current = candidate
    pieces.append(current)
    lines = [f'{indent}"{piece}"' for piece in pieces]
    lines[-1] += suffix
    return lines
