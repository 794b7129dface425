"""Table and model names as people write them in headings and diagrams."""

from __future__ import annotations

import re

from schemac.compiler.naming import (
    pascal_case,
    plural_table_name,
    singular_snake,
    snake_case,
)

#: Words that make a heading a section of the document, not a table.
SECTION_WORDS = frozenset(
    [
        "overview",
        "introduction",
        "philosophy",
        "principles",
        "notes",
        "note",
        "relationships",
        "relationship",
        "relations",
        "relaciones",
        "relación",
        "indexes",
        "indices",
        "indexing",
        "índices",
        "index",
        "constraints",
        "constraint",
        "enums",
        "enumerations",
        "enum",
        "migrations",
        "migration",
        "security",
        "performance",
        "queries",
        "query",
        "examples",
        "example",
        "sample",
        "setup",
        "decisions",
        "decisiones",
        "future",
        "summary",
        "references",
        "related",
        "changelog",
        "erd",
        "diagram",
        "fields",
        "columns",
        "attributes",
        "campos",
        "columnas",
        "commands",
        "usage",
        "key",
        "tables",
        "tablas",
        "database",
        "schema",
        "design",
        "conventions",
        "validation",
        "considerations",
        "additional",
        "implementation",
        "deferred",
        "planned",
        "próximas",
        "roadmap",
        "glossary",
        "appendix",
        "connection",
        "pattern",
        "patterns",
        "data",
        "retention",
        "strategy",
        "seed",
        "entity",
        "entities",
        "cardinality",
        "rules",
        "triggers",
        "views",
        "functions",
        "policies",
        "permissions_format",
        # how a table is written down, not what it is called
        "column",
        "definition",
        "definitions",
        "specification",
        "specifications",
        "sqlmodel",
        "sql",
        "ddl",
        "representation",
        "structure",
        "clarifications",
        "invariants",
        "integrity",
        "statistics",
        "checklist",
        "testing",
        "configuration",
        "backup",
        "rationale",
        "technology",
        "workflow",
        "optimization",
        "primary",
        "foreign",
        "keys",
        "transitions",
        "transition",
        "lifecycle",
    ]
)

#: Words after a table's name that say which part of it follows:
#: ``Tasks Table Fields``, ``User Model Definition``.
_PARTS = frozenset(
    [
        "fields",
        "columns",
        "attributes",
        "properties",
        "definition",
        "definitions",
        "structure",
        "specification",
        "specifications",
        "details",
        "schema",
    ]
)

#: Words that follow a table's name in a heading and are not part of it.
_SUFFIXES = frozenset(
    [
        "table",
        "tables",
        "model",
        "models",
        "entity",
        "association",
        "junction",
        "schema",
        "collection",
    ]
)


def heading_names(text: str) -> list[str]:
    """The table names a heading or bold line gives (none for section titles).

    ``### users (managed by Better Auth)`` → ``["users"]``;
    ``**Users Table** (Aggregate Root)`` → ``["Users"]``;
    ``## Table: `tasks` `` → ``["tasks"]``; ``3.1 Overview`` → ``[]``.
    """
    text = re.sub(r"\([^)]*\)|\uff08[^\uff09]*\uff09", " ", text)
    text = re.sub(r"[*_`#]{2,}|`", " ", text)
    text = re.sub(r"^\s*[\d.]+\s+", "", text)
    text = re.sub(r"^\s*(table|tabla|model|entity)\s*:\s*", "", text, flags=re.I)
    text = text.split(":")[0].split(" - ")[0].split(" — ")[0]
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    if len(words) == 1 and re.fullmatch(r"[a-z][a-z0-9_]*", words[0]):
        return words  # `notes`, `settings`: written as a table name
    while len(words) > 1 and words[-1].lower() in _PARTS | _SUFFIXES:
        words.pop()
    if not words or any(w.lower().strip(".,") in SECTION_WORDS for w in words):
        return []
    while words and words[-1].lower() in _SUFFIXES:
        words.pop()
    if not words or len(words) > 3:
        return []
    if "&" in words or "and" in words or "y" in words:
        parts = [w for w in words if w not in ("&", "and", "y")]
        return parts if all(_is_name(p) for p in parts) else []
    if not all(_is_name(w) for w in words):
        return []
    if len(words) == 1:
        return words
    return ["_".join(w.lower() for w in words)]


def _is_name(word: str) -> bool:
    return re.fullmatch(r"[^\W\d][\w]*", word) is not None


def table_key(name: str) -> str:
    """A key under which the same table written differently compares equal.

    ``Users``, ``users``, ``User`` and ``USER`` all give ``user``.
    """
    return singular_snake(name.split(".")[-1])


def is_table_style(name: str) -> bool:
    """A name written as a table (lowercase snake or plural), not an entity."""
    if re.fullmatch(r"[a-z][a-z0-9_]*", name):
        return True
    snake = snake_case(name)
    return singular_snake(snake) != snake


def model_name_for(table: str) -> str:
    """``users`` → ``User``, ``inventory_transactions`` → ``InventoryTransaction``."""
    return pascal_case(singular_snake(snake_case(table)))


def table_name_for(name: str, is_table_name: bool) -> str:
    """The database table of a name: kept when it names a table, else plural."""
    if is_table_name:
        return snake_case(name) if not name.islower() else name
    return plural_table_name(model_name_for(name))
