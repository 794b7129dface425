"""Drizzle ORM tables in TypeScript fences: ``pgTable("users", { ... })``.

A column is ``key: type("db_name", { options }).chain()...``: the type
function gives the type (``varchar("name", { length: 255 })``), the chain
the rest (``.primaryKey()``, ``.notNull()``, ``.unique()``, ``.default(x)``,
``.defaultNow()``, ``.references(() => users.id, { onDelete: "cascade" })``).
The optional third argument lists ``unique().on(...)``, ``index().on(...)``
and ``primaryKey(...)``. The text is scanned, never run.
"""

from __future__ import annotations

import re

from schemac.compiler.naming import snake_case
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
from schemac.source import SourceFile

_TABLE = re.compile(
    r"(?:const|let|var)\s+(\w+)\s*=\s*(?:pg|mysql|sqlite)Table\s*\(\s*"
    r"[\"'`]([\w.]+)[\"'`]\s*,\s*\{"
)
_ENUM = re.compile(
    r"(?:const|let|var)\s+(\w+)\s*=\s*(?:pg|mysql)Enum\s*\(\s*[\"'`](\w+)[\"'`]"
    r"\s*,\s*\[([^\]]*)\]"
)
#: A fence holds Drizzle tables when it calls ``pgTable(`` and kin.
LOOKS_LIKE = re.compile(r"\b(?:pg|mysql|sqlite)Table\s*\(")

_TYPES = {
    "text": "text",
    "varchar": "str",
    "char": "str",
    "citext": "citext",
    "integer": "int",
    "int": "int",
    "serial": "int",
    "smallint": "smallint",
    "smallserial": "smallint",
    "tinyint": "smallint",
    "bigint": "bigint",
    "bigserial": "bigint",
    "boolean": "bool",
    "bool": "bool",
    "timestamp": "timestamp",
    "datetime": "timestamp",
    "date": "date",
    "time": "time",
    "interval": "interval",
    "uuid": "uuid",
    "json": "json",
    "jsonb": "jsonb",
    "numeric": "decimal",
    "decimal": "decimal",
    "real": "float",
    "doublePrecision": "float",
    "double": "float",
    "float": "float",
    "bytea": "bytes",
    "blob": "bytes",
    "inet": "inet",
}


def read_drizzle(
    spec: Spec, text: str, line: int, source: SourceFile, bag: DiagnosticBag
) -> None:
    """Add the tables and enums a Drizzle fence declares to ``spec``."""
    enums: dict[str, str] = {}
    for match in _ENUM.finditer(text):
        values = tuple(re.findall(r"[\"'`](\w+)[\"'`]", match.group(3)))
        enums[match.group(1)] = match.group(2)
        span = source.span_of(line + text[: match.start()].count("\n"), match.group(2))
        spec.enums.append(DraftEnum(match.group(2), values, span, Form.ORM))
    variables = {m.group(1): m.group(2) for m in _TABLE.finditer(text)}
    for match in _TABLE.finditer(text):
        body_start = match.end() - 1
        body_end = _closing(text, body_start)
        number = line + text[: match.start()].count("\n")
        table = DraftTable(
            match.group(2), source.span_of(number, match.group(2)), Form.ORM
        )
        keys: dict[str, str] = {}
        for offset, entry in _entries(text, body_start + 1, body_end):
            entry_line = line + text[:offset].count("\n")
            column = _column(entry, source, entry_line, enums, variables)
            if column is not None:
                keys[entry.split(":", 1)[0].strip()] = column.name
                table.columns[column.name] = column
        call_end = _closing(text, text.rfind("(", match.start(), match.end()))
        _extras(table, text[body_end + 1 : call_end], keys)
        spec.tables.append(table)


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start`` (or the end)."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    depth, quote = 0, ""
    for index in range(start, len(text)):
        char = text[index]
        if quote:
            quote = "" if char == quote and text[index - 1] != "\\" else quote
        elif char in "\"'`":
            quote = char
        elif char in pairs:
            depth += 1
        elif char in pairs.values():
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _entries(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The top-level ``key: value`` entries of an object literal."""
    out: list[tuple[int, str]] = []
    depth, quote, begin = 0, "", start
    for index in range(start, end + 1):
        char = text[index] if index < end else ","
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            entry = re.sub(r"//[^\n]*", "", text[begin:index]).strip()
            if entry:
                out.append(
                    (
                        begin
                        + len(text[begin:index])
                        - len(text[begin:index].lstrip()),
                        entry,
                    )
                )
            begin = index + 1
    return out


def _column(
    entry: str,
    source: SourceFile,
    line: int,
    enums: dict[str, str],
    variables: dict[str, str],
) -> DraftColumn | None:
    match = re.match(r"^[\"']?(\w+)[\"']?\s*:\s*(\w+)\s*\(", entry)
    if match is None:
        return None
    key, function = match.group(1), match.group(2)
    args_end = _closing(entry, match.end() - 1)
    args, chain = entry[match.end() : args_end], entry[args_end + 1 :]
    named = re.match(r"\s*[\"'`](\w+)[\"'`]", args)
    name = named.group(1) if named else snake_case(key)
    column = DraftColumn(name, source.span_of(line, name), Form.ORM)
    column.type = _type(function, args, enums)
    if column.type is None:
        return None
    calls = dict(_calls(chain))
    column.pk = "primaryKey" in calls
    column.nullable = not ("notNull" in calls or column.pk)
    column.unique = "unique" in calls
    column.default = _default(calls)
    column.auto_now = "$onUpdate" in calls or "$onUpdateFn" in calls
    if "array" in calls:
        guess = column.type
        column.type = TypeGuess(guess.kind, guess.args, True, guess.enum, guess.raw)
    values = re.search(r"enum\s*:\s*\[([^\]]*)\]", args)
    if values:
        column.enum_values = tuple(re.findall(r"[\"'`](\w+)[\"'`]", values.group(1)))
    if "references" in calls:
        column.fk = _reference(calls["references"], variables)
    return column


def _type(function: str, args: str, enums: dict[str, str]) -> TypeGuess | None:
    if function in enums:
        return TypeGuess("enum", enum=enums[function], raw=enums[function])
    kind = _TYPES.get(function)
    if kind is None:
        return None
    numbers = dict(re.findall(r"(length|precision|scale)\s*:\s*(\d+)", args))
    if kind == "str":
        length = int(numbers.get("length", 0))
        return (
            TypeGuess("str", (length,), raw=function)
            if length
            else TypeGuess("text", raw=function)
        )
    if kind == "decimal" and "precision" in numbers:
        found = (int(numbers["precision"]), int(numbers.get("scale", 0)))
        return TypeGuess("decimal", found, raw=function)
    if kind == "timestamp" and re.search(r"withTimezone\s*:\s*true", args):
        kind = "datetime"
    return TypeGuess(kind, raw=function)


def _calls(chain: str) -> list[tuple[str, str]]:
    """``.notNull().default("x")`` → ``[("notNull", ""), ("default", '"x"')]``."""
    out: list[tuple[str, str]] = []
    index = 0
    while True:
        match = re.compile(r"\s*\.\s*(\$?\w+)\s*(?:<[^>]*>)?\s*\(").match(chain, index)
        if match is None:
            return out
        end = _closing(chain, match.end() - 1)
        out.append((match.group(1), chain[match.end() : end].strip()))
        index = end + 1


def _default(calls: dict[str, str]) -> DefaultGuess | None:
    if "defaultNow" in calls:
        return DefaultGuess("call", "now", "now()")
    if "defaultRandom" in calls:
        return DefaultGuess("call", "gen_random_uuid", "gen_random_uuid()")
    value = calls.get("default")
    if value is None:
        return None
    if value[:1] in "\"'`":
        return DefaultGuess("literal", value[1:-1], value)
    if value in ("true", "false"):
        return DefaultGuess("literal", value == "true", value)
    if re.fullmatch(r"-?\d+", value):
        return DefaultGuess("literal", int(value), value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return DefaultGuess("literal", float(value), value)
    sql = re.fullmatch(r"sql\s*`([^`]*)`", value)
    if sql:
        return DefaultGuess("sql", sql.group(1), sql.group(1))
    return None


def _reference(args: str, variables: dict[str, str]) -> FkGuess | None:
    target = re.search(r"=>\s*(\w+)\s*\.\s*(\w+)", args)
    if target is None:
        return None
    table = variables.get(target.group(1), snake_case(target.group(1)))
    column = snake_case(target.group(2))
    fk = FkGuess(table, column)
    for key, field in (("onDelete", "on_delete"), ("onUpdate", "on_update")):
        action = re.search(rf"{key}\s*:\s*[\"'`]([\w ]+)[\"'`]", args)
        if action:
            setattr(fk, field, referential_action(action.group(1)))
    return fk


def _extras(table: DraftTable, text: str, keys: dict[str, str]) -> None:
    """``unique().on(t.a, t.b)``, ``index("n").on(t.a)``, ``primaryKey(...)``."""
    span = table.span
    for kind, name, columns in re.findall(
        r"\b(unique|uniqueIndex|index)\s*\(\s*(?:[\"'`](\w+)[\"'`])?\s*\)\s*\.\s*on\s*"
        r"\(([^)]*)\)",
        text,
    ):
        names = tuple(
            keys.get(k, snake_case(k)) for k in re.findall(r"\.(\w+)", columns)
        )
        if not names:
            continue
        if kind == "unique":
            table.uniques.append((names, span))
        else:
            unique = kind == "uniqueIndex"
            table.indexes.append(
                DraftIndex(names, span, unique=unique, name=name or None)
            )
    primary = re.search(r"\bprimaryKey\s*\(([^)]*)\)", text)
    if primary:
        names = tuple(
            keys.get(k, snake_case(k)) for k in re.findall(r"\.(\w+)", primary.group(1))
        )
        if names:
            table.primary_key, table.primary_key_span = names, span
