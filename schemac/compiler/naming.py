"""Names the compiler derives: tables, reverse relations, constraints.

The constraint names here follow :data:`NAMING_CONVENTION` exactly, so the
names stored in the IR are the ones SQLAlchemy's metadata would compute and
the database and the models always agree. Names longer than PostgreSQL's 63
bytes are shortened the same way everywhere (:func:`truncate_name`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

#: The SQLAlchemy naming convention every generated ``MetaData`` uses.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: PostgreSQL's identifier limit, in bytes.
MAX_IDENTIFIER_BYTES = 63

#: Words PostgreSQL reserves (also as function or type names); a column with
#: one of these names must be quoted in hand-written SQL.
SQL_RESERVED = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization binary
    both case cast check collate collation column concurrently constraint create
    cross current_catalog current_date current_role current_schema current_time
    current_timestamp current_user default deferrable desc distinct do else end
    except false fetch for foreign freeze from full grant group having ilike in
    initially inner intersect into is isnull join lateral leading left like
    limit localtime localtimestamp natural not notnull null offset on only or
    order outer overlaps placing primary references returning right select
    session_user similar some symmetric system_user table tablesample then to
    trailing true union unique user using variadic verbose when where window
    with
    """.split()  # noqa: SIM905
)

_IRREGULAR = {
    "person": "people",
    "man": "men",
    "woman": "women",
    "child": "children",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "ox": "oxen",
    "datum": "data",
    "criterion": "criteria",
    "analysis": "analyses",
    "axis": "axes",
    "crisis": "crises",
    "leaf": "leaves",
    "life": "lives",
    "wife": "wives",
    "knife": "knives",
    "half": "halves",
    "shelf": "shelves",
    "hero": "heroes",
    "potato": "potatoes",
    "tomato": "tomatoes",
    "echo": "echoes",
    "quiz": "quizzes",
    "matrix": "matrices",
    "vertex": "vertices",
    "index": "indexes",
}
_SINGULAR = {plural: singular for singular, plural in _IRREGULAR.items()}
_UNCOUNTABLE = frozenset(
    """
    data equipment fish information metadata money news rice series sheep
    species staff feedback software hardware media
    """.split()  # noqa: SIM905
)


def snake_case(name: str) -> str:
    """``TodoTag`` → ``todo_tag``, ``HTTPRequest`` → ``http_request``."""
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return re.sub(r"_+", "_", text).lower().strip("_") or name.lower()


def pascal_case(name: str) -> str:
    """``order_line`` → ``OrderLine``; already-Pascal names stay as they are."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def pluralize(word: str) -> str:
    """The plural of one lowercase English word, by rule and irregulars."""
    if word in _UNCOUNTABLE or not word:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def singularize(word: str) -> str:
    """The singular of one lowercase English word (the inverse of pluralize)."""
    if word in _UNCOUNTABLE or not word:
        return word
    if word in _SINGULAR:
        return _SINGULAR[word]
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if re.search(r"(sses|xes|zes|ches|shes|tuses)$", word):
        return word[:-2]
    if word.endswith("s") and not re.search(r"(ss|us|is)$", word):
        return word[:-1]
    return word


def _split_last(snake: str) -> tuple[str, str]:
    head, _, last = snake.rpartition("_")
    return (head + "_" if head else ""), last


def plural_table_name(model_name: str) -> str:
    """The default table of a model: ``User`` → ``users``, ``Person`` → ``people``."""
    head, last = _split_last(snake_case(model_name))
    return head + pluralize(last)


def singular_snake(name: str) -> str:
    """``Categories`` or ``categories`` → ``category``."""
    head, last = _split_last(snake_case(name))
    return head + singularize(last)


def truncate_name(name: str, limit: int = MAX_IDENTIFIER_BYTES) -> str:
    """``name`` if it fits in ``limit`` bytes, else a prefix plus a short hash.

    The result keeps as much of the name as fits and ends in ``_`` and eight
    hex digits of the SHA-1 of the full name, so it is deterministic and two
    long names that share a prefix still differ.
    """
    raw = name.encode("utf-8")
    if len(raw) <= limit:
        return name
    digest = hashlib.sha1(raw).hexdigest()[:8]
    prefix = raw[: limit - len(digest) - 1].decode("utf-8", errors="ignore")
    return f"{prefix}_{digest}"


def constraint_name(
    kind: str,
    table: str,
    columns: Sequence[str] = (),
    referred_table: str | None = None,
    name: str | None = None,
) -> str:
    """The name :data:`NAMING_CONVENTION` gives a constraint or index.

    Args:
        kind: ``"pk"``, ``"fk"``, ``"uq"``, ``"ix"`` or ``"ck"``.
        table: The table name, without its schema.
        columns: Database column names, for ``fk``/``uq``/``ix``.
        referred_table: The target table of a ``fk``, without its schema.
        name: The constraint's own name, for ``ck``.

    Returns:
        The full name, shortened by :func:`truncate_name` when too long.
    """
    values = {
        "table_name": table,
        "column_0_N_name": "_".join(columns),
        "referred_table_name": referred_table or "",
        "constraint_name": name or "",
    }
    return truncate_name(NAMING_CONVENTION[kind] % values)


def check_name(table: str, name: str) -> str:
    """A CHECK's full name; a ``name`` already starting ``ck_<table>_`` is kept."""
    if name.startswith(f"ck_{table}_"):
        return truncate_name(name)
    return constraint_name("ck", table, name=name)


def quote_ident(name: str) -> str:
    """``name`` as it must appear in SQL: quoted only when it has to be."""
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) and name not in SQL_RESERVED:
        return name
    escaped = name.replace('"', '""')
    return f'"{escaped}"'
