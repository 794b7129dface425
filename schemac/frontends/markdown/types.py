"""Type names as people write them, mapped to the language's own types.

Every reader (bullets, tables, SQL, Mermaid, SQLModel, Prisma) ends here, so
``VARCHAR(255)``, ``String``, ``character varying`` and ``str`` all mean the
same thing. A name with no clear mapping is not guessed at: :func:`map_type`
returns None and the caller falls back to ``text`` with a warning.
"""

from __future__ import annotations

from schemac.frontends.markdown.draft import TypeGuess

#: Lower-cased single-word type names → ``.dbs`` type (str means "str or text").
_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ["int", "integer", "int4", "serial", "serial4", "mediumint"], "int"
    ),
    **dict.fromkeys(
        ["bigint", "int8", "bigserial", "serial8", "long", "biginteger"], "bigint"
    ),
    **dict.fromkeys(["smallint", "int2", "smallserial", "tinyint"], "smallint"),
    **dict.fromkeys(
        [
            "varchar",
            "string",
            "str",
            "char",
            "character",
            "nvarchar",
            "nchar",
            "cuid",
            "varchar2",
            "bpchar",
        ],
        "str",
    ),
    **dict.fromkeys(
        ["text", "longtext", "mediumtext", "tinytext", "clob", "ntext", "markdown"],
        "text",
    ),
    **dict.fromkeys(["bool", "boolean", "bit"], "bool"),
    **dict.fromkeys(
        ["float", "double", "real", "float4", "float8", "double_precision", "number"],
        "float",
    ),
    **dict.fromkeys(["decimal", "numeric", "money", "dec"], "decimal"),
    "date": "date",
    **dict.fromkeys(["time", "timetz"], "time"),
    "interval": "interval",
    **dict.fromkeys(
        ["datetime", "timestamptz", "datetimeoffset", "datetime2", "timestamps"],
        "datetime",
    ),
    "timestamp": "timestamp",
    **dict.fromkeys(["uuid", "guid", "uniqueidentifier"], "uuid"),
    "json": "json",
    "jsonb": "jsonb",
    **dict.fromkeys(
        ["bytea", "blob", "binary", "varbinary", "bytes", "longblob"], "bytes"
    ),
    "citext": "citext",
    "inet": "inet",
    "cidr": "cidr",
    "tsvector": "tsvector",
    # Python and TypeScript spellings (SQLModel annotations, Prisma scalars).
    "int_": "int",
    "dict": "json",
    "list": "json",
    "any": "json",
    "object": "json",
}

#: Django model fields (``CharField(max_length=200)``) → ``.dbs`` type.
DJANGO: dict[str, str] = {
    "autofield": "int",
    "bigautofield": "bigint",
    "smallautofield": "smallint",
    "charfield": "str",
    "slugfield": "str",
    "emailfield": "str",
    "urlfield": "str",
    "textfield": "text",
    "integerfield": "int",
    "positiveintegerfield": "int",
    "positivesmallintegerfield": "smallint",
    "smallintegerfield": "smallint",
    "bigintegerfield": "bigint",
    "positivebigintegerfield": "bigint",
    "booleanfield": "bool",
    "nullbooleanfield": "bool",
    "floatfield": "float",
    "decimalfield": "decimal",
    "datefield": "date",
    "timefield": "time",
    "datetimefield": "datetime",
    "durationfield": "interval",
    "uuidfield": "uuid",
    "jsonfield": "jsonb",
    "binaryfield": "bytes",
    "genericipaddressfield": "inet",
    "filefield": "str",
    "imagefield": "str",
}
#: Django's default lengths for the string fields that have one.
DJANGO_LENGTHS = {
    "slugfield": 50,
    "emailfield": 254,
    "urlfield": 200,
    "filefield": 100,
    "imagefield": 100,
}

#: Multi-word spellings, longest first; each is a tuple of lower-cased words.
_PHRASES: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("timestamp", "with", "time", "zone"), "datetime"),
        (("timestamps", "with", "time", "zone"), "datetime"),
        (("timestamp", "without", "time", "zone"), "timestamp"),
        (("timestamp", "tz"), "datetime"),
        (("time", "with", "time", "zone"), "time"),
        (("double", "precision"), "float"),
        (("character", "varying"), "str"),
        (("big", "integer"), "bigint"),
    ],
    key=lambda item: -len(item[0]),
)

#: Types that accept a length or precision written after them.
SIZED = frozenset({"str", "decimal"})


def map_word(word: str) -> str | None:
    """The ``.dbs`` type a single type word means, or None."""
    return _WORDS.get(word.lower().strip("?"))


def match_type(words: list[str]) -> tuple[str, int] | None:
    """The ``.dbs`` type the leading words spell, and how many words it took."""
    lowered = tuple(w.lower() for w in words)
    for phrase, kind in _PHRASES:
        if lowered[: len(phrase)] == phrase:
            return kind, len(phrase)
    single = map_word(lowered[0]) if lowered else None
    if single is not None:
        return single, 1
    return None


def make_type(kind: str, args: tuple[int, ...], raw: str) -> TypeGuess:
    """A :class:`TypeGuess`, dropping arguments a type cannot take."""
    if kind == "str":
        return TypeGuess("str", args[:1], raw=raw)
    if kind == "decimal":
        return TypeGuess("decimal", args[:2], raw=raw)
    if raw.lower().startswith("timestamps"):
        return TypeGuess("timestamps", raw=raw)
    return TypeGuess(kind, raw=raw)


def guess_from_name(name: str, uuid_ids: bool) -> TypeGuess | None:
    """A type for a column whose spec gives none, from its name alone.

    Args:
        name: The column name.
        uuid_ids: The spec says ids are UUIDs.

    Returns:
        A guess marked ``guessed``, or None when the name says nothing.
    """
    lower = name.lower()
    kind: str | None = None
    if lower == "id" or lower.endswith("_id"):
        kind = "uuid" if uuid_ids else "int"
    elif lower.endswith(("_at", "_on")) or lower in ("timestamp",):
        kind = "datetime"
    elif lower.endswith(("_date", "_day")) or lower in ("date", "birthday", "dob"):
        kind = "date"
    elif lower.startswith(("is_", "has_", "can_", "should_", "allow_")) or lower in (
        "completed",
        "active",
        "enabled",
        "verified",
        "deleted",
    ):
        kind = "bool"
    elif lower.endswith(
        ("_count", "_number", "_order", "_seconds", "_minutes")
    ) or lower in ("count", "position", "priority_level", "quantity", "age", "year"):
        kind = "int"
    elif lower in ("price", "amount", "total", "balance", "cost"):
        kind = "decimal"
    elif lower in ("metadata", "settings", "preferences", "data", "payload"):
        kind = "json"
    if kind is None:
        return None
    return TypeGuess(kind, raw="", guessed=True)
