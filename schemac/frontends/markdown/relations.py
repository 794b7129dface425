"""Relationships and constraints stated outside the column definitions.

Sentences ("One user has many todos", "Each todo belongs to one user",
"Todos can have many tags"), ASCII relationship lines (``users 1──N tasks``,
``User (1) ← (0..*) Profile``, read with ``markdown_relation.lark``), index
and constraint bullets (``tasks.user_id``, ``Unique constraint: (a, b)``)
and prose cascade rules ("Deleting a user should cascade to their tasks").
"""

from __future__ import annotations

import re
from dataclasses import replace

from lark import Lark, Tree
from lark.exceptions import LarkError

from schemac.frontends.markdown.blocks import plain
from schemac.frontends.markdown.draft import DraftTable, RelationFact, Spec, Statement
from schemac.frontends.markdown.phrases import parse_phrase, tokenize_items
from schemac.grammar import load_parser
from schemac.source import Span

_WORD = r"([A-Za-z_][\w]*(?:\s+(?!can\b|may\b|has\b|have\b|must\b)[A-Za-z_][\w]*)?)"
_MANY = r"(?:many|multiple|several|zero or more|one or more|0\.\.\*|1\.\.\*|n)"
_HAS_MANY = re.compile(
    rf"\b(?:one|a|an|each|every)\s+{_WORD}\s+(?:has|have|can have|may have|owns|"
    rf"contains|can contain|holds)\s+(?:\([^)]*\)\s+)?{_MANY}\s+([A-Za-z_]\w*)",
    re.I,
)
_BELONGS = re.compile(
    rf"\b(?:each|every|a|an|one|many|the)?\s*([A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)?)\s+"
    rf"(?:belongs?|must belong|can belong)\s+to\s+(?:exactly\s+)?(?:one|a|an|the|its|"
    rf"a single)?\s*{_WORD}",
    re.I,
)
_PLURAL_MANY = re.compile(
    rf"\b([A-Za-z_]\w*)\s+(?:can|may)\s+(?:have|be applied to|belong to|be assigned"
    rf" to|be linked to|be tagged with|reference)\s+{_MANY}\s+([A-Za-z_]\w*)",
    re.I,
)
_REFERENCES = re.compile(
    r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s+(?:references|->|→|refers to)\s+"
    r"([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?",
    re.I,
)
_NOISE = {"user", "the", "a", "an", "one", "each", "every", "many"}


def parse_sentence(text: str, span: Span) -> list[RelationFact]:
    """The relationships a sentence of prose states."""
    if len(text) > 400:
        return []
    facts: list[RelationFact] = []
    for match in _REFERENCES.finditer(text):
        child, column, parent, _ = match.groups()
        facts.append(RelationFact(parent, child, span, column=column, sentence=True))
    if not facts:
        facts.extend(_sentence_facts(text, span))
        if re.search(r"\b(optional|optionally|nullable|may\s+belong)\b", text, re.I):
            facts = [replace(f, optional=True) for f in facts]
    if re.search(r"cascad", text, re.I) and re.search(r"delet|remov|drop", text, re.I):
        words = tuple(re.findall(r"[A-Za-z_][\w.]*", text))
        facts.append(RelationFact("", "", span, on_delete="cascade", mentions=words))
    return facts


def _sentence_facts(text: str, span: Span) -> list[RelationFact]:
    facts = []
    for match in _HAS_MANY.finditer(text):
        facts.append(
            RelationFact(_last(match.group(1)), match.group(2), span, sentence=True)
        )
    for match in _BELONGS.finditer(text):
        child = _last(match.group(1))
        if child.lower() not in _NOISE or child.lower() == "user":
            facts.append(
                RelationFact(_last(match.group(2)), child, span, sentence=True)
            )
    if not facts:
        for match in _PLURAL_MANY.finditer(text):
            left, right = match.group(1), match.group(2)
            many = left.lower().endswith("s")
            facts.append(
                RelationFact(left, right, span, many_to_many=many, sentence=True)
            )
    return facts


def _last(words: str) -> str:
    """``Provider Config`` → ``Provider_Config``: a spaced name as one word."""
    parts = words.split()
    if len(parts) > 1 and parts[0].lower() in ("one", "a", "an", "each", "the"):
        parts = parts[1:]
    return "_".join(parts)


# ---- ASCII relationship lines ----------------------------------------------


def _relation_parser() -> Lark:
    return load_parser("markdown_relation")


def parse_diagram_line(line: str, span: Span) -> list[RelationFact]:
    """``users 1──N tasks``, ``notes *--* hashtags (via note_hashtags)``..."""
    via_match = re.search(r"\(\s*via\s+`?([A-Za-z_]\w*)`?\s*\)", line, re.I)
    core = re.sub(r"\s\(\s*[A-Za-z][^()]*\)\s*$", "", line.strip())
    core = re.sub(r"\s\(\s*[A-Za-z][^()]{3,}\)\s*$", "", core)
    if len(core) > 200 or not core:
        return []
    try:
        tree = _relation_parser().parse(core)
    except LarkError:
        return []
    left, right = str(tree.children[0]), str(tree.children[-1])
    inner = tree.children[1:-1]
    cards = [str(c.children[0]) for c in inner if isinstance(c, Tree)]
    arrow = next((str(c) for c in inner if not isinstance(c, Tree)), "")
    via = via_match.group(1) if via_match else None
    return [_diagram_fact(left, right, cards, arrow, span, via)]


def _diagram_fact(
    left: str, right: str, cards: list[str], arrow: str, span: Span, via: str | None
) -> RelationFact:
    many = [_is_many(c) for c in cards]
    if len(cards) == 2 and all(many):
        return RelationFact(left, right, span, many_to_many=True, via=via)
    if len(cards) == 2 and not any(many):
        return RelationFact(left, right, span, one_to_one=True)
    if len(cards) == 2 and many[0]:
        return RelationFact(right, left, span)
    if not cards and ("→" in arrow or ">" in arrow) and "<" not in arrow:
        return RelationFact(right, left, span)
    return RelationFact(left, right, span)


def _is_many(card: str) -> bool:
    return card.lower() in ("n", "m", "*") or card.endswith(("*", "n", "N"))


# ---- index and constraint statements --------------------------------------

_QUALIFIED = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b")
_GROUP = re.compile(r"\(([^()]*)\)")
_TICKED = re.compile(r"`([^`]+)`")
#: How indexes and constraints are named: ``idx_tasks_user_id``, ``users_pkey``.
_INDEX_NAME = re.compile(
    r"(?:idx|ix|uq|uk|pk|fk|chk|ck|unique|index)_\w+|\w+_(?:idx|index|key|pkey|fkey|uq)",
    re.I,
)
_LABELS = ("composite", "constraint", "recommended", "performance", "create")


def read_statement(
    spec: Spec, table: DraftTable | None, raw: str, span: Span, section: str
) -> bool:
    """Record the index or constraint a bullet states; False if it states none.

    Args:
        spec: Receives the statement.
        table: The table the bullet sits under, if any.
        raw: The bullet's Markdown text.
        span: Its span.
        section: ``indexes``, ``constraints`` or ``table`` (a bullet among
            column bullets, which must start with a keyword to count).
    """
    text = plain(raw)
    if (
        section == "constraints"
        and table is not None
        and _required(spec, table, text, span)
    ):
        return True
    head = re.split(r"\s+[-\u2013\u2014]\s+", text, maxsplit=1)[0]
    qualified = _QUALIFIED.findall(head)
    kinds = _kinds(head, section)
    if section == "table" and not _starts_with_keyword(head):
        return False
    if qualified and not _GROUP.search(head):
        return _qualified(spec, qualified, kinds, head, span, section)
    groups = _column_groups(raw, head)
    if not groups:
        return _named_index(spec, table, raw, head, kinds, span, section)
    target = table.name if table is not None else _leading_table(head)
    kind = kinds[0] if kinds else ("index" if section == "indexes" else "")
    if not kind:
        return section != "table"
    composite = bool(_GROUP.search(head)) or kind == "pk"
    _record(spec, kind, target, groups, composite, span)
    return True


_REQUIRED = re.compile(
    r"^([A-Za-z_][\w ]{0,40}?)\s+(?:is|are|must be)\s+(?:required|mandatory|"
    r"not null)\b",
    re.I,
)


def _required(spec: Spec, table: DraftTable, text: str, span: Span) -> bool:
    """``Password hash is required for all accounts`` → ``password_hash`` not null."""
    match = _REQUIRED.match(text)
    if match is None:
        return False
    name = "_".join(match.group(1).lower().split())
    if name not in table.columns:
        return False
    spec.statements.append(Statement("not_null", table.name, (name,), span))
    return True


# TODO: prose checks ("`title` must not be empty (length > 0)") are not turned
# into CHECK constraints; only "required"/"unique"/"index" statements are read.
def _kinds(text: str, section: str) -> list[str]:
    attrs = parse_phrase(_GROUP.sub(" ", text))
    kinds = []
    if attrs.pk:
        kinds.append("pk")
    if attrs.unique:
        kinds.append("unique")
    if attrs.index and not attrs.unique:
        kinds.append("index")
    if attrs.nullable is False:
        kinds.append("not_null")
    if not kinds and section == "indexes":
        kinds.append("index")
    return kinds


def _starts_with_keyword(text: str) -> bool:
    items = tokenize_items(text)
    while items and items[0][0] == "word":
        word = items[0][1]
        if not isinstance(word, tuple) or str(word[0]).lower() not in _LABELS:
            break
        items = items[1:]
    while items and items[0][0] == "other":
        items = items[1:]
    return bool(items) and items[0][0] in ("pk", "unique", "index")


def _column_groups(raw: str, head: str) -> list[tuple[str, ...]]:
    for match in _GROUP.finditer(plain(raw)):
        names = _names(match.group(1))
        if names:
            return [names]
    ticked = [t for t in _TICKED.findall(raw) if re.fullmatch(r"[^\W\d]\w*", t)]
    named = [t for t in ticked if _INDEX_NAME.fullmatch(t)]
    ticked = [t for t in ticked if t not in named]
    if ticked:
        return [(t,) for t in ticked]
    if named:
        # ``idx_users_email`: UNIQUE INDEX on email column``: the name is no column
        found = re.search(r"\bon\s+(?:the\s+)?([^\W\d]\w*)\b", head)
        on = found.group(1) if found else ""
        return [(on,)] if on and on.lower() not in ("the", "a", "an") else []
    if re.fullmatch(r"[^\W\d]\w*", head.strip()):
        if _INDEX_NAME.fullmatch(head.strip()):
            return []
        return [(head.strip(),)]
    after = re.split(r"\bon\b|:", head, maxsplit=1)
    if len(after) == 2:
        names = _names(after[1].replace(" and ", ","))
        return [(n,) for n in names]
    return []


def _named_index(
    spec: Spec,
    table: DraftTable | None,
    raw: str,
    head: str,
    kinds: list[str],
    span: Span,
    section: str,
) -> bool:
    """``- `idx_tasks_user_id` - for filtering``: the columns are in the name.

    The statement keeps no columns; they are read from the name once the
    tables are known (see :func:`resolve.columns_from_index_name`).
    """
    words = [*_TICKED.findall(raw), head.strip().split(" ")[0].strip(":")]
    name = next((w for w in words if _INDEX_NAME.fullmatch(w)), None)
    if section != "indexes" or name is None:
        return False
    kind = kinds[0] if kinds and kinds[0] in ("unique", "index") else "index"
    target = table.name if table is not None else None
    spec.statements.append(Statement(kind, target, (), span, name=name))
    return True


def _names(text: str) -> tuple[str, ...]:
    parts = [p.strip().strip("`'\"") for p in text.split(",")]
    parts = [re.sub(r"\s+(asc|desc)$", "", p, flags=re.I) for p in parts]
    if parts and all(re.fullmatch(r"[^\W\d]\w*", p) for p in parts):
        return tuple(parts)
    return ()


def _leading_table(head: str) -> str | None:
    """``team_members (team_id, user_id)`` → ``team_members``."""
    match = re.match(r"^\s*([A-Za-z_]\w*)\s*\(", head)
    return match.group(1) if match else None


def _qualified(
    spec: Spec,
    pairs: list[tuple[str, str]],
    kinds: list[str],
    head: str,
    span: Span,
    section: str,
) -> bool:
    if re.search(r"foreign\s+key|\bfk\b|references", head, re.I):
        attrs = parse_phrase(head)
        for table, column in pairs[:1]:
            spec.relations.append(
                RelationFact("", table, span, column=column, on_delete=attrs.on_delete)
            )
        return True
    more = _COMPOSITE_REST.match(head[head.find(".".join(pairs[-1])) :])
    if len(pairs) == 1 and more and re.search(r"composite|\band\b", head, re.I):
        # "Composite index on sessions.user_id and is_revoked": one index
        table, column = pairs[0]
        rest = re.sub(r"\band\b", ",", more.group(1), flags=re.I)
        columns = (column, *re.findall(r"[^\W\d]\w*", rest))
        for kind in kinds or ["index"]:
            spec.statements.append(Statement(kind, table, columns, span))
        return True
    for kind in kinds or (["index"] if section == "indexes" else []):
        for table, column in pairs:
            spec.statements.append(Statement(kind, table, (column,), span))
    return True


#: ``sessions.user_id and is_revoked``: the bare names after a qualified one.
_COMPOSITE_REST = re.compile(
    r"^[\w.]+((?:\s*(?:,|\band\b)\s*`?[^\W\d]\w*`?)+)(?=\s|$|\)|\.)", re.I
)


def _record(
    spec: Spec,
    kind: str,
    table: str | None,
    groups: list[tuple[str, ...]],
    composite: bool,
    span: Span,
) -> None:
    if composite:
        columns = tuple(c for group in groups for c in group)
        spec.statements.append(Statement(kind, table, columns, span))
        return
    for group in groups:
        for column in group:
            spec.statements.append(Statement(kind, table, (column,), span))
