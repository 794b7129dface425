"""Attribute phrases: "PK", "FK -> users.id", "max 255 chars", "'a' or 'b'"...

:func:`parse_phrase` reads a piece of text with the Lark grammar in
``markdown_phrase.lark`` and returns the :class:`Attrs` it states. The
grammar never rejects prose; ``unknown`` counts the words it did not
understand, so a caller reading a description can accept only phrases that
are wholly understood ("Primary key") and ignore the rest ("Unique
identifier of the user").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import LarkError

from schemac.frontends.markdown import types
from schemac.frontends.markdown.draft import DefaultGuess, FkGuess, TypeGuess
from schemac.grammar import load_parser

#: Longer texts are prose, not phrases; reading them would only cost time.
MAX_PHRASE = 400

_ACTIONS = {
    "cascade": "cascade",
    "setnull": "set_null",
    "restrict": "restrict",
    "noaction": "no_action",
    "setdefault": "set_default",
}


def referential_action(text: str) -> str | None:
    """``SET NULL``, ``set null``, ``SetNull`` -> ``set_null``; None if unknown."""
    return _ACTIONS.get(re.sub(r"[\s_]+", "", text).lower())


@dataclass
class Attrs:
    """What a phrase says about a column; None and False mean "not stated"."""

    type: TypeGuess | None = None
    alt_types: int = 0
    pk: bool = False
    unique: bool = False
    index: bool = False
    nullable: bool | None = None
    default: DefaultGuess | None = None
    fk: FkGuess | None = None
    on_delete: str | None = None
    on_update: str | None = None
    enum: bool = False
    enum_values: tuple[str, ...] = ()
    max_length: int | None = None
    min_length: int | None = None
    auto_inc: bool = False
    known: int = 0
    unknown: int = 0
    words: list[str] = field(default_factory=list)

    @property
    def stated(self) -> bool:
        """The phrase said anything at all about the column."""
        return self.known > 0


def _parser() -> Lark:
    return load_parser("markdown_phrase", lexer="contextual", maybe_placeholders=False)


Item = tuple[str, object]


class _Items(Transformer[Token, list[Item]]):
    """Each rule becomes one ``(kind, value)`` item; the start rule a list."""

    def start(self, children: list[Item]) -> list[Item]:
        return children

    def pk(self, _: list[Token]) -> Item:
        return ("pk", None)

    def fk(self, children: list[object]) -> Item:
        target = next((c for c in children if isinstance(c, tuple)), None)
        if target is not None and target[0].lower() in _NOT_TARGETS:
            target = None  # "Foreign Key Reference", "FK constraint"
        return ("fk", target)

    def target(self, children: list[Token]) -> tuple[str, str | None]:
        return _split_ref(str(children[0]))

    def unique(self, _: list[Token]) -> Item:
        return ("unique", None)

    def index(self, _: list[Token]) -> Item:
        return ("index", None)

    def not_null(self, _: list[Token]) -> Item:
        return ("not_null", None)

    def nullable(self, _: list[Token]) -> Item:
        return ("nullable", None)

    def default(self, children: list[object]) -> Item:
        value = next((c for c in children if isinstance(c, DefaultGuess)), None)
        return ("default", value)

    def string_value(self, children: list[Token]) -> DefaultGuess:
        raw = str(children[0])
        return DefaultGuess("literal", raw[1:-1], raw)

    def number_value(self, children: list[Token]) -> DefaultGuess:
        raw = str(children[0])
        number: int | float = float(raw) if "." in raw else int(raw)
        return DefaultGuess("literal", number, raw)

    def call_value(self, children: list[Token]) -> DefaultGuess:
        raw = str(children[0])
        return DefaultGuess("call", raw.split("(")[0].strip().lower(), raw)

    def json_value(self, children: list[Token]) -> DefaultGuess:
        raw = str(children[0])
        return DefaultGuess("literal", re.sub(r"\s+", "", raw), raw)

    def name_value(self, children: list[Token]) -> DefaultGuess:
        raw = str(children[0])
        return DefaultGuess("ident", raw, raw)

    def max_len(self, children: list[Token]) -> Item:
        return ("max", _first_number(children))

    def min_len(self, children: list[Token]) -> Item:
        return ("min", _first_number(children))

    def range_len(self, children: list[Token]) -> Item:
        low, high = re.findall(r"\d+", str(children[0]))[:2]
        return ("range", (int(low), int(high)))

    def enum(self, children: list[Token]) -> Item:
        if children and children[0].type == "ENUM_CALL":
            inner = str(children[0]).split("(", 1)[1].rstrip(")")
            values = tuple(v.strip(" '\"`") for v in inner.split(","))
            return ("enum", tuple(v for v in values if v))
        return ("enum", ())

    def on_delete(self, children: list[Token]) -> Item:
        return ("on_delete", _action(children))

    def on_update(self, children: list[Token]) -> Item:
        return ("on_update", _action(children))

    def cascade(self, _: list[Token]) -> Item:
        return ("cascade", None)

    def auto_inc(self, _: list[Token]) -> Item:
        return ("auto_inc", None)

    def word(self, children: list[Token]) -> Item:
        args: tuple[int, ...] = ()
        if len(children) > 1:
            args = tuple(int(n) for n in re.findall(r"\d+", str(children[1])))
        return ("word", (str(children[0]), args))

    def string(self, children: list[Token]) -> Item:
        return ("string", str(children[0])[1:-1])

    def number(self, children: list[Token]) -> Item:
        return ("number", str(children[0]))

    def sep(self, children: list[Token]) -> Item:
        return ("sep", str(children[0]).lower() if children else ",")

    def other(self, children: list[Token]) -> Item:
        return ("other", str(children[0]) if children else "")


def _first_number(children: list[Token]) -> int | None:
    for child in children:
        if child.type == "NUMBER" and child.isdigit():
            return int(child)
    return None


def _action(children: list[Token]) -> str | None:
    for child in children:
        if child.type == "ACTION":
            return referential_action(str(child))
    return None


#: Words after "foreign key" that name no table.
_NOT_TARGETS = frozenset(
    [
        "reference",
        "references",
        "referencing",
        "constraint",
        "constraints",
        "relation",
        "relationship",
        "link",
        "field",
        "column",
        "key",
        "id",
        "the",
        "a",
        "an",
        "with",
        "on",
    ]
)


def _split_ref(text: str) -> tuple[str, str | None]:
    """``users.id``/``users(id)``/``(users.id)``/``auth.users.id`` → table, column."""
    text = text.strip().strip("()").strip()
    if "(" in text:
        table, _, column = text.partition("(")
        return table.strip(), column.strip(" )") or None
    parts = text.split(".")
    if len(parts) == 1:
        return parts[0], None
    return ".".join(parts[:-1]), parts[-1]


#: Constraint words of Japanese and Chinese specs, in the grammar's English.
_CJK_WORDS = (
    ("主キー", " primary key "),
    ("主键", " primary key "),
    ("外部キー", " foreign key "),
    ("外键", " foreign key "),
    ("一意制約", " unique "),
    ("一意", " unique "),
    ("唯一", " unique "),
    ("必須", " required "),
    ("必填", " required "),
    ("非空", " not null "),
    ("任意", " optional "),
    ("可空", " nullable "),
    ("\uff08", "("),  # full-width parentheses, comma and colon
    ("\uff09", ")"),
    ("\u3001", ","),
    ("\uff0c", ","),
    ("\uff1a", ":"),
)


def english_marks(text: str) -> str:
    """Full-width punctuation and CJK constraint words in their ASCII form."""
    if text.isascii():
        return text
    for word, english in _CJK_WORDS:
        text = text.replace(word, english)
    return text


def tokenize_items(text: str) -> list[Item]:
    """The items of ``text``; never raises (unreadable text gives no items)."""
    if not text.strip() or len(text) > MAX_PHRASE:
        return []
    text = english_marks(text)
    try:
        tree = _parser().parse(text, on_error=lambda _: True)
    except LarkError:
        return []
    if not isinstance(tree, Tree):
        return []
    return _Items().transform(tree)


def parse_phrase(text: str) -> Attrs:
    """What ``text`` states about a column."""
    return interpret(tokenize_items(text))


def interpret(items: list[Item]) -> Attrs:
    """Fold a list of items into :class:`Attrs`."""
    attrs = Attrs()
    index = 0
    while index < len(items):
        index = _fold(attrs, items, index)
    return attrs


def _fold(attrs: Attrs, items: list[Item], index: int) -> int:
    kind, value = items[index]
    if kind == "word":
        return _fold_word(attrs, items, index)
    if kind == "string":
        return _fold_values(attrs, items, index)
    if kind in ("sep", "other"):
        if kind == "other" and str(value) not in "().:=":
            attrs.unknown += 1
        return index + 1
    if kind == "number":
        attrs.unknown += 1
        return index + 1
    attrs.known += 1
    _apply(attrs, kind, value)
    return index + 1


def _apply(attrs: Attrs, kind: str, value: object) -> None:
    if kind == "pk":
        attrs.pk = True
    elif kind == "fk":
        table, column = value if isinstance(value, tuple) else (None, None)
        attrs.fk = FkGuess(table, column)
    elif kind in ("unique", "index"):
        setattr(attrs, kind, True)
    elif kind == "not_null":
        attrs.nullable = False
    elif kind == "nullable":
        attrs.nullable = True
    elif kind == "default" and isinstance(value, DefaultGuess):
        attrs.default = value
    elif kind == "max" and isinstance(value, int):
        attrs.max_length = value
    elif kind == "min" and isinstance(value, int):
        attrs.min_length = value
    elif kind == "range" and isinstance(value, tuple):
        attrs.min_length, attrs.max_length = value
    elif kind == "enum":
        attrs.enum = True
        if isinstance(value, tuple) and value:
            attrs.enum_values = tuple(str(v) for v in value)
    elif kind == "on_delete" and isinstance(value, str):
        attrs.on_delete = value
    elif kind == "on_update" and isinstance(value, str):
        attrs.on_update = value
    elif kind == "cascade":
        attrs.on_delete = attrs.on_delete or "cascade"
    elif kind == "auto_inc":
        attrs.auto_inc = True


def _fold_word(attrs: Attrs, items: list[Item], index: int) -> int:
    run = _value_run(items, index, "word")
    names = [str(v[0]) if isinstance(v, tuple) else str(v) for v in run[0]]
    if (
        len(names) >= 2
        and run[1] == {"/"}
        and not all(types.map_word(n) for n in names)
    ):
        # pending/in_progress/completed
        attrs.enum_values = attrs.enum_values or tuple(names)
        attrs.known += 1
        return run[2]
    words = []
    j = index
    while j < len(items) and items[j][0] == "word":
        word = items[j][1]
        assert isinstance(word, tuple)
        words.append(str(word[0]))
        j += 1
    found = types.match_type(words)
    if found is None:
        first = items[index][1]
        assert isinstance(first, tuple)
        attrs.words.append(str(first[0]))
        attrs.unknown += 1
        return index + 1
    kind, used = found
    last = items[index + used - 1][1]
    assert isinstance(last, tuple)
    args: tuple[int, ...] = tuple(last[1])
    end = index + used
    if not args and kind in types.SIZED and end < len(items):
        args, end = _loose_args(items, end)
    if attrs.type is None:
        raw = " ".join(words[:used])
        attrs.type = types.make_type(kind, args, raw)
    else:
        attrs.alt_types += 1
    attrs.known += 1
    return end


def _loose_args(items: list[Item], index: int) -> tuple[tuple[int, ...], int]:
    """``VARCHAR 255`` and ``NUMERIC 12,2``: sizes written without parentheses."""
    kind, value = items[index]
    if kind != "number":
        return (), index
    numbers = tuple(int(n) for n in re.findall(r"\d+", str(value)))
    return numbers, index + 1


def _value_run(
    items: list[Item], index: int, kind: str
) -> tuple[list[object], set[str], int]:
    """A run of ``kind`` items joined by separators: values, separators, end."""
    values: list[object] = []
    seps: set[str] = set()
    j = index
    while j < len(items) and items[j][0] == kind:
        values.append(items[j][1])
        if j + 2 < len(items) and items[j + 1][0] == "sep" and items[j + 2][0] == kind:
            seps.add(str(items[j + 1][1]))
            j += 2
            continue
        j += 1
        break
    return values, seps, j


def _fold_values(attrs: Attrs, items: list[Item], index: int) -> int:
    values, _, end = _value_run(items, index, "string")
    texts = tuple(str(v) for v in values)
    if len(texts) >= 2 or attrs.enum:
        attrs.enum_values = attrs.enum_values or texts
        attrs.known += 1
    else:
        attrs.words.append(texts[0])
        attrs.unknown += 1
    return end
