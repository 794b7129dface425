"""DBML blocks (dbdiagram.io): ``Table x { ... }``, ``Ref: a.b > c.d``, ``enum``.

DBML is line-regular, like Prisma: a column is ``name type [settings]``, the
settings a comma-separated list (``pk``, ``increment``, ``not null``,
``unique``, ``default: 0``, ``ref: > users.id``, ``note: '...'``). Relations
come inline (``ref:``) or as ``Ref:`` lines (``>`` many-to-one, ``<``
one-to-many, ``-`` one-to-one), with ``[delete: cascade]`` settings.
"""

from __future__ import annotations

import re

from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown.draft import (
    DefaultGuess,
    DraftColumn,
    DraftEnum,
    DraftIndex,
    DraftTable,
    FkGuess,
    Form,
    Spec,
    TypeGuess,
)
from schemac.frontends.markdown.names import is_table_style
from schemac.frontends.markdown.phrases import parse_phrase, referential_action
from schemac.source import SourceFile, Span

#: ``Table users``, ``Table "public"."users" as U [headercolor: #fff] {``.
_BLOCK = re.compile(
    r"^\s*(table|enum|ref|tablegroup|project|note)\b\s*"
    r"((?:\"[^\"]+\"|[\w.])+)?[^{]*\{(.*)$",
    re.I,
)
_NAME = r"(?:\"[^\"]+\"|`[^`]+`|[\w]+)"
_COLUMN = re.compile(
    rf"^\s*({_NAME})\s+(\"[^\"]+\"|[\w.]+(?:\s*\([^)]*\))?(?:\[\])?)\s*(\[.*\])?\s*$"
)
#: ``Ref: a.b > c.d [delete: cascade]``, ``Ref name: a.b - c.d``.
_REF = re.compile(
    rf"^\s*(?:ref\s*(?:\w+)?\s*:)?\s*({_NAME}(?:\.{_NAME})+)\s*([<>-]|<>)\s*"
    rf"({_NAME}(?:\.{_NAME})+)\s*(\[.*\])?\s*$",
    re.I,
)
#: A fence holds DBML when it has a ``Table x {`` block.
LOOKS_LIKE = re.compile(r"^\s*table\s+[\w\".]+[^{\n]*\{", re.I | re.M)


def read_dbml(
    spec: Spec, text: str, line: int, source: SourceFile, bag: DiagnosticBag
) -> None:
    """Add the tables, enums and references of a DBML fence to ``spec``."""
    lines = [_strip_comment(t) for t in text.splitlines()]
    tables: dict[str, DraftTable] = {}
    enums = _enum_names(lines)
    refs: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        match = _BLOCK.match(lines[index])
        if match is None:
            if lines[index].strip().lower().startswith("ref"):
                refs.append((line + index, lines[index]))
            index += 1
            continue
        end = _block_end(lines, index)
        body = [(line + i, lines[i]) for i in range(index + 1, end)]
        if end == index:  # ``enum status { open  closed }`` on one line
            inner = match.group(3).rsplit("}", 1)[0]
            body = [(line + index, word) for word in inner.split()]
        kind, name = match.group(1).lower(), _unquote(match.group(2) or "")
        span = source.span_of(line + index, name)
        if kind == "table" and name:
            table = _table(name, body, span, source, enums)
            tables[name.split(".")[-1]] = table
            spec.tables.append(table)
        elif kind == "enum" and name:
            spec.enums.append(_enum(name, body, span))
        elif kind == "ref":
            refs.extend(body)
        index = end + 1
    for number, text_line in refs:
        _ref(tables, text_line, source.span_of(number, "Ref"))


def _strip_comment(text: str) -> str:
    return re.sub(r"\s//.*$|^\s*//.*$", "", text)


def _block_end(lines: list[str], start: int) -> int:
    depth = 0
    for index in range(start, len(lines)):
        depth += lines[index].count("{") - lines[index].count("}")
        if depth <= 0:
            return index
    return len(lines)


def _unquote(name: str) -> str:
    return ".".join(p.strip('"`') for p in re.findall(r"\"[^\"]+\"|`[^`]+`|\w+", name))


def _enum_names(lines: list[str]) -> set[str]:
    return {
        _unquote(m.group(2)).split(".")[-1]
        for m in (_BLOCK.match(t) for t in lines)
        if m is not None and m.group(1).lower() == "enum" and m.group(2)
    }


def _enum(name: str, body: list[tuple[int, str]], span: Span) -> DraftEnum:
    values = []
    for _, text in body:
        word = text.split("[")[0].strip().strip("\"'")
        if re.fullmatch(r"[^\W\d]\w*", word):
            values.append(word)
    return DraftEnum(name.split(".")[-1], tuple(values), span, Form.ORM)


def _table(
    name: str,
    body: list[tuple[int, str]],
    span: Span,
    source: SourceFile,
    enums: set[str],
) -> DraftTable:
    schema, _, bare = name.rpartition(".")
    table = DraftTable(bare, span, Form.ORM, is_table_name=is_table_style(bare))
    table.schema = schema or None
    in_indexes = False
    for number, text in body:
        stripped = text.strip()
        if re.match(r"^indexes\s*\{", stripped, re.I):
            in_indexes = True
            continue
        if stripped.startswith("}"):
            in_indexes = False
            continue
        if in_indexes:
            _index(table, stripped, source.span_of(number, stripped[:1]))
            continue
        match = _COLUMN.match(text)
        if match is None:
            continue
        column = _column(match, source.span_of(number, match.group(1)), enums)
        table.columns[column.name] = column
    return table


def _column(match: re.Match[str], span: Span, enums: set[str]) -> DraftColumn:
    name = match.group(1).strip('"`')
    type_text = match.group(2).strip('"')
    settings = _settings(match.group(3) or "")
    column = DraftColumn(name, span, Form.ORM)
    bare_type = type_text.split(".")[-1]
    if bare_type in enums:
        column.type = TypeGuess("enum", enum=bare_type, raw=bare_type)
    else:
        column.type = parse_phrase(type_text).type or TypeGuess(
            "unknown", raw=type_text
        )
    column.pk = "pk" in settings or "primary key" in settings
    # DBML columns are nullable unless marked `not null` (or the key).
    column.nullable = not ("not null" in settings or column.pk)
    column.unique = "unique" in settings
    column.index = "index" in settings
    if "default" in settings:
        column.default = _default(settings["default"])
    if "ref" in settings:
        column.fk = _inline_ref(settings["ref"])
    if "note" in settings:
        column.doc = settings["note"].strip("'\"") or None
    return column


def _settings(text: str) -> dict[str, str]:
    """``[pk, default: 'x', ref: > a.b]`` → ``{"pk": "", "default": "'x'", ...}``."""
    inner = text.strip()[1:-1] if text.strip().startswith("[") else ""
    out: dict[str, str] = {}
    for part in re.findall(r"(?:'[^']*'|\"[^\"]*\"|`[^`]*`|[^,])+", inner):
        key, _, value = part.partition(":")
        out[" ".join(key.lower().split())] = value.strip()
    return out


def _default(value: str) -> DefaultGuess | None:
    if value.startswith("`") and value.endswith("`"):
        expr = value.strip("`")
        call = re.fullmatch(r"(\w+)\(\)", expr)
        if call:
            return DefaultGuess("call", call.group(1), expr)
        return DefaultGuess("sql", expr, expr)
    if value[:1] in "'\"":
        return DefaultGuess("literal", value[1:-1], value)
    return parse_phrase("default " + value).default


def _inline_ref(text: str) -> FkGuess | None:
    match = re.match(r"^\s*([<>-])\s*([\w\".]+)", text)
    if match is None or match.group(1) == "<":
        return None
    return _target(match.group(2))


def _target(text: str) -> FkGuess | None:
    parts = _unquote(text).split(".")
    if len(parts) < 2:
        return None
    return FkGuess(".".join(parts[:-1]), parts[-1])


def _index(table: DraftTable, text: str, span: Span) -> None:
    match = re.match(r"^\(?([^)\[]*)\)?\s*(\[.*\])?$", text)
    if match is None:
        return
    names = tuple(n.strip().strip('"`') for n in match.group(1).split(",") if n.strip())
    if not names or not all(re.fullmatch(r"[^\W\d]\w*", n) for n in names):
        return  # expressions (`lower(email)`) are not read
    settings = _settings(match.group(2) or "")
    if "pk" in settings:
        table.primary_key, table.primary_key_span = names, span
        return
    name = settings.get("name", "").strip("'\"") or None
    unique = "unique" in settings
    table.indexes.append(DraftIndex(names, span, unique=unique, name=name))


def _ref(tables: dict[str, DraftTable], text: str, span: Span) -> None:
    match = _REF.match(text)
    if match is None:
        return
    left, arrow, right = match.group(1), match.group(2), match.group(3)
    if arrow == "<>":
        return  # many-to-many: the link table, if any, carries the keys
    if arrow == "<":
        left, right = right, left
    source_table, _, column = _unquote(left).rpartition(".")
    table = tables.get(source_table.split(".")[-1])
    target = _target(right)
    if table is None or target is None or column not in table.columns:
        return
    settings = _settings(match.group(4) or "")
    target.on_delete = referential_action(settings.get("delete", ""))
    target.on_update = referential_action(settings.get("update", ""))
    table.columns[column].fk = target
