"""Prisma schema blocks: ``model X { ... }`` and ``enum X { ... }``.

Prisma field lines are regular (``name Type? @attr(...)``), so they are read
one line at a time. Relation fields (``author User @relation(fields:
[authorId], references: [id], onDelete: Cascade)``) put a foreign key on the
scalar field they name; list relations (``posts Post[]``) are inferred again
by the compiler and are skipped.
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
from schemac.frontends.markdown.phrases import referential_action
from schemac.source import SourceFile, Span

_SCALARS = {
    "String": "text",
    "Int": "int",
    "BigInt": "bigint",
    "Boolean": "bool",
    "DateTime": "datetime",
    "Float": "float",
    "Decimal": "decimal",
    "Json": "jsonb",
    "Bytes": "bytes",
}
_DB_TYPES = {
    "text": "text",
    "longtext": "text",
    "mediumtext": "text",
    "tinytext": "text",
    "varchar": "str",
    "char": "str",
    "uuid": "uuid",
    "decimal": "decimal",
    "timestamptz": "datetime",
    "timestamp": "timestamp",
    "date": "date",
    "time": "time",
    "smallint": "smallint",
    "integer": "int",
    "bigint": "bigint",
    "jsonb": "jsonb",
    "json": "json",
    "citext": "citext",
    "inet": "inet",
}
_BLOCK = re.compile(r"^\s*(model|enum|type|view)\s+(\w+)\s*\{", re.M)
_FIELD = re.compile(r"^\s*(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$")


def read_prisma(
    spec: Spec, text: str, line: int, source: SourceFile, bag: DiagnosticBag
) -> None:
    """Add the models and enums of a Prisma fence to ``spec``."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = _BLOCK.match(lines[index])
        if match is None:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith("}"):
            end += 1
        body = [(line + i, lines[i]) for i in range(index + 1, end)]
        span = source.span_of(line + index, match.group(2))
        if match.group(1) == "enum":
            _enum(spec, match.group(2), body, span)
        elif match.group(1) == "model":
            spec.tables.append(_model(match.group(2), body, span, source))
        index = end + 1


def _enum(spec: Spec, name: str, body: list[tuple[int, str]], span: Span) -> None:
    values = []
    for _, text in body:
        word = text.split("//")[0].strip().split(" ")[0]
        if re.fullmatch(r"[A-Za-z_]\w*", word):
            values.append(word)
    spec.enums.append(DraftEnum(name, tuple(values), span, Form.ORM))


def _model(
    name: str, body: list[tuple[int, str]], span: Span, source: SourceFile
) -> DraftTable:
    table = DraftTable(name, span, Form.ORM, is_table_name=False, model_name=name)
    relations: list[tuple[int, str]] = []
    for number, text in body:
        text = text.split("//")[0].rstrip()
        if text.strip().startswith("@@"):
            _block_attribute(table, text.strip(), source.span_of(number, "@@"))
            continue
        match = _FIELD.match(text)
        if match is None:
            continue
        relations.append((number, text))
        column = _field(match, source.span_of(number, match.group(1)))
        if column is not None:
            table.columns[column.name] = column
    for _, text in relations:
        _relation(table, text)
    return table


def _field(match: re.Match[str], span: Span) -> DraftColumn | None:
    name, type_name, array, optional, rest = match.groups()
    kind = _SCALARS.get(type_name)
    if kind is None and (array or "@relation" in rest):
        return None  # a relation field; its key is on a scalar field
    if kind is None and not re.search(r"@default|@id|@unique|@map", rest):
        if type_name[0].isupper() and not array:
            guess = TypeGuess("enum", enum=type_name, raw=type_name)
        else:
            return None
    else:
        guess = TypeGuess(
            kind or "enum",
            array=bool(array),
            enum=None if kind else type_name,
            raw=type_name,
        )
    column = DraftColumn(
        name=name, span=span, form=Form.ORM, type=guess, nullable=bool(optional)
    )
    _attributes(column, rest)
    return column


def _attributes(column: DraftColumn, rest: str) -> None:
    if re.search(r"@id\b", rest):
        column.pk, column.nullable = True, False
    if re.search(r"@unique\b", rest):
        column.unique = True
    if "@updatedAt" in rest:
        column.auto_now = True
    default = _call_arg(rest, "@default")
    if default is not None:
        column.default = _default(default)
    db = re.search(r"@db\.(\w+)(?:\(([^)]*)\))?", rest)
    if db is not None and column.type is not None:
        kind = _DB_TYPES.get(db.group(1).lower())
        if kind is not None:
            sizes = tuple(int(n) for n in re.findall(r"\d+", db.group(2) or ""))
            column.type = TypeGuess(kind, sizes, column.type.array, raw=db.group(0))


def _call_arg(text: str, attribute: str) -> str | None:
    """The argument text of ``@default(...)``, parentheses balanced."""
    start = text.find(attribute + "(")
    if start < 0:
        return None
    depth, index = 0, start + len(attribute)
    for position in range(index, len(text)):
        depth += {"(": 1, ")": -1}.get(text[position], 0)
        if depth == 0:
            return text[index + 1 : position].strip()
    return None


def _default(text: str) -> DefaultGuess:
    call = re.fullmatch(r"(\w+)\(\s*\)", text)
    if call is not None:
        return DefaultGuess("call", call.group(1), text)
    if text.startswith('"') and text.endswith('"'):
        return DefaultGuess("literal", text[1:-1], text)
    if re.fullmatch(r"-?\d+", text):
        return DefaultGuess("literal", int(text), text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return DefaultGuess("literal", float(text), text)
    if text in ("true", "false"):
        return DefaultGuess("literal", text == "true", text)
    return DefaultGuess("ident", text, text)


def _relation(table: DraftTable, text: str) -> None:
    args = _call_arg(text, "@relation")
    if args is None:
        return
    match = _FIELD.match(text)
    fields = re.search(r"fields:\s*\[([^\]]*)\]", args)
    refs = re.search(r"references:\s*\[([^\]]*)\]", args)
    if match is None or fields is None:
        return
    names = [n.strip() for n in fields.group(1).split(",") if n.strip()]
    targets = [
        n.strip() for n in (refs.group(1) if refs else "").split(",") if n.strip()
    ]
    on_delete = re.search(r"onDelete:\s*(\w+)", args)
    on_update = re.search(r"onUpdate:\s*(\w+)", args)
    if len(names) != 1 or names[0] not in table.columns:
        return
    column = table.columns[names[0]]
    column.fk = FkGuess(
        match.group(2),
        targets[0] if targets else None,
        referential_action(on_delete.group(1)) if on_delete else None,
        referential_action(on_update.group(1)) if on_update else None,
    )


def _block_attribute(table: DraftTable, text: str, span: Span) -> None:
    match = re.match(r"@@(\w+)\(\s*\[([^\]]*)\]", text)
    if match is None:
        mapped = re.match(r'@@map\(\s*"([^"]+)"', text)
        if mapped:
            table.name, table.is_table_name = mapped.group(1), True
        return
    kind = match.group(1)
    names = tuple(n.strip() for n in match.group(2).split(",") if n.strip())
    if kind == "id":
        table.primary_key, table.primary_key_span = names, span
    elif kind == "unique":
        table.uniques.append((names, span))
    elif kind == "index":
        table.indexes.append(DraftIndex(names, span))
