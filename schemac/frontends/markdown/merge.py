"""Merge the drafts of one table written in several forms.

Precedence, highest first: SQL DDL > ORM models (SQLModel classes, Prisma)
> Mermaid ER diagrams > Markdown tables > bullet lists > prose. For every
attribute of a column (type, nullability, default, foreign key...) the
highest form that *states* it wins; a lower form fills only what the higher
ones leave unsaid. When two forms state different things, the higher one is
kept and a warning names both. Table names written explicitly (a heading,
``CREATE TABLE``) win over names implied by a class without ``__tablename__``.
"""

from __future__ import annotations

from dataclasses import replace

from schemac.compiler.naming import snake_case
from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown.draft import DraftColumn, DraftTable, Form, Spec
from schemac.frontends.markdown.names import table_key

PRECEDENCE = "SQL DDL > ORM model > Mermaid diagram > Markdown table > bullet list"


def merge_tables(spec: Spec, bag: DiagnosticBag) -> list[DraftTable]:
    """One draft per table, in the order tables first appear."""
    groups: dict[str, list[DraftTable]] = {}
    for table in spec.tables:
        _settle_nullability(table)
        groups.setdefault(_group_key(table), []).append(table)
    return [_merge_group(group, bag) for group in groups.values()]


def _group_key(table: DraftTable) -> str:
    key = table_key(table.name)
    return f"{table.schema}.{key}" if table.schema else key


def _merge_group(group: list[DraftTable], bag: DiagnosticBag) -> DraftTable:
    ordered = sorted(group, key=lambda t: -t.form)
    named = [t for t in ordered if not t.implied_name] or ordered
    first = named[0]
    merged = replace(
        ordered[0],
        name=first.name,
        span=first.span,
        is_table_name=first.is_table_name,
        implied_name=first.implied_name,
        model_name=next((t.model_name for t in ordered if t.model_name), None),
        doc=next((t.doc for t in ordered if t.doc), None),
        columns={},
        primary_key=next((t.primary_key for t in ordered if t.primary_key), ()),
        uniques=[u for t in ordered for u in t.uniques],
        indexes=[i for t in ordered for i in t.indexes],
        checks=[c for t in ordered for c in t.checks],
        foreign_keys=[f for t in ordered for f in t.foreign_keys],
    )
    merged.primary_key_span = next(
        (t.primary_key_span for t in ordered if t.primary_key), None
    )
    by_key: dict[str, list[DraftColumn]] = {}
    for table in ordered:
        for column in table.columns.values():
            by_key.setdefault(snake_case(column.name), []).append(column)
    for columns in by_key.values():
        column = _merge_column(merged.name, columns, bag)
        merged.columns[column.name] = column
    return merged


def _merge_column(
    table: str, columns: list[DraftColumn], bag: DiagnosticBag
) -> DraftColumn:
    top = columns[0]
    merged = replace(top, checks=list(top.checks))
    for other in columns[1:]:
        _fill(table, merged, other, bag)
    return merged


def _fill(
    table: str, into: DraftColumn, other: DraftColumn, bag: DiagnosticBag
) -> None:
    if other.type is not None and not other.type.guessed:
        _fill_type(table, into, other, bag)
    if other.nullable is not None:
        if into.nullable is None:
            into.nullable = other.nullable
        elif into.nullable != other.nullable and other.form > Form.BULLETS:
            said = "nullable" if into.nullable else "not null"
            other_said = "nullable" if other.nullable else "not null"
            _conflict(table, into, other, "nullability", said, other_said, bag)
    into.default = into.default or other.default
    if into.fk is None and other.fk is not None:
        into.fk = other.fk
    elif into.fk is not None and other.fk is not None:
        into.fk.on_delete = into.fk.on_delete or other.fk.on_delete
        if into.fk.table is None:
            into.fk.table, into.fk.column = other.fk.table, other.fk.column
    into.pk = into.pk or other.pk
    into.unique = into.unique or other.unique
    into.index = into.index or other.index
    into.enum_values = into.enum_values or other.enum_values
    into.auto_now = into.auto_now or other.auto_now
    into.max_length = into.max_length or other.max_length
    into.doc = into.doc or other.doc
    into.nullable_default = (
        into.nullable_default
        if into.nullable_default is not None
        else other.nullable_default
    )
    into.bare = into.bare and other.bare


# TODO: a SQLModel ``datetime`` (SQLModel's TIMESTAMP WITHOUT TIME ZONE) beside
# a DDL ``TIMESTAMPTZ`` warns on every timestamp of many hackathon specs; the
# warning is right but noisy, and nothing groups such repeats yet.
def _fill_type(
    table: str, into: DraftColumn, other: DraftColumn, bag: DiagnosticBag
) -> None:
    assert other.type is not None
    if into.type is None or into.type.guessed or into.type.kind == "unknown":
        into.type = other.type
    elif into.type.kind == other.type.kind and not into.type.args:
        into.type = other.type  # the same type, the other says its size
    elif _disagree(into, other):
        _conflict(table, into, other, "type", _type_text(into), _type_text(other), bag)


_SAME = {"str": "text", "json": "jsonb", "timestamps": "datetime"}


def _disagree(into: DraftColumn, other: DraftColumn) -> bool:
    """Two stated types that are not the same one written two ways."""
    assert into.type is not None and other.type is not None
    if other.type.kind in ("enum", "unknown"):
        return False
    if into.type.kind == other.type.kind and not other.type.args:
        return False
    return _type_text(into) != _type_text(other)


def _type_text(column: DraftColumn) -> str:
    guess = column.type
    if guess is None:
        return "?"
    if not guess.args and guess.kind in _SAME:
        return _SAME[guess.kind]
    args = f"({', '.join(map(str, guess.args))})" if guess.args else ""
    return guess.kind + args


def _conflict(
    table: str,
    kept: DraftColumn,
    dropped: DraftColumn,
    what: str,
    kept_text: str,
    dropped_text: str,
    bag: DiagnosticBag,
) -> None:
    bag.warning(
        f"'{table}.{kept.name}': the {dropped.form.label} says {what} "
        f"{dropped_text}, the {kept.form.label} (line {kept.span.line}) says "
        f"{kept_text}; using {kept_text}",
        dropped.span,
        hint=f"when forms disagree the higher one wins: {PRECEDENCE}",
    )


def _settle_nullability(table: DraftTable) -> None:
    """What an unmarked column means, from the markers the rest of the table uses.

    Only "optional"/"nullable" marks used: unmarked columns are required.
    Only "not null"/"required" marks used: unmarked columns are nullable.
    Both used: unmarked columns with a default or a foreign key are
    required; in bullet lists all unmarked ones are. Neither: required,
    except in lists of bare names, which state nothing.
    """
    if table.form in (Form.SQL, Form.ORM):
        return
    columns = list(table.columns.values())
    said_null = any(c.nullable is True for c in columns)
    said_not_null = any(c.nullable is False and not c.pk for c in columns)
    bare = all(c.bare for c in columns)
    for column in columns:
        if column.nullable is not None:
            continue
        if column.pk:
            column.nullable_default = False
        elif bare:
            column.nullable_default = column.fk is None
        elif said_null and said_not_null:
            column.nullable_default = not (
                column.default is not None
                or column.fk is not None
                or table.form <= Form.BULLETS
            )
        else:
            column.nullable_default = said_not_null and not said_null
