"""Whole-schema checks: names that would break generated code or the database.

These run on the finished models, so they see implicit columns, reverse
relations and link tables too.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Sequence

from schemac.compiler import ir
from schemac.compiler import messages as msg
from schemac.compiler.naming import SQL_RESERVED, constraint_name, snake_case
from schemac.diagnostics import DiagnosticBag, Related
from schemac.source import Span

#: Attribute names SQLModel, SQLAlchemy or pydantic need for themselves.
RESERVED_ATTRIBUTES = frozenset(
    """
    metadata registry model_config model_fields model_computed_fields
    model_extra model_fields_set model_construct model_copy model_dump
    model_dump_json model_json_schema model_parametrized_name model_post_init
    model_rebuild model_validate model_validate_json model_validate_strings
    """.split()  # noqa: SIM905
)

#: Deprecated pydantic methods a field may shadow (it works, with a warning).
SHADOWED_METHODS = frozenset(
    """
    dict json copy schema schema_json construct validate parse_obj parse_raw
    parse_file from_orm update_forward_refs fields
    """.split()  # noqa: SIM905
)

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: Index methods PostgreSQL ships.
INDEX_METHODS = ("btree", "hash", "gist", "spgist", "gin", "brin")


def check_schema(
    models: Sequence[ir.Model], enums: Sequence[ir.Enum], bag: DiagnosticBag
) -> None:
    """Report reserved, clashing and duplicate names across the schema."""
    for model in models:
        _check_type_name(model.name, "model", model.span, bag)
        _check_attributes(model, bag)
        _check_sql_words(model, bag)
        _check_index_methods(model, bag)
    for enum in enums:
        _check_type_name(enum.name, "enum", enum.span, bag)
    clashed = _clashes(
        ((m.qualified_table, m.name, m.span) for m in models),
        msg.TABLE_CLASH,
        "table",
        bag,
    )
    _clashes(
        (
            (e.db_name if not e.schema else f"{e.schema}.{e.db_name}", e.name, e.span)
            for e in enums
        ),
        msg.ENUM_TYPE_CLASH,
        "db",
        bag,
    )
    _check_relation_names(models, bag)
    _check_constraint_names([m for m in models if m.name not in clashed], bag)


def extensions(models: Iterable[ir.Model]) -> tuple[str, ...]:
    """The PostgreSQL extensions the models need, sorted."""
    needed: set[str] = set()
    for model in models:
        kinds = {c.db_name: c.type for c in model.columns}
        if any(t.kind == "citext" for t in kinds.values()):
            needed.add("citext")
        for index in model.indexes:
            types = [kinds[c.name] for c in index.columns if c.name in kinds]
            if index.using in ("gin", "gist") and any(
                not _has_native_operator_class(t, index.using) for t in types
            ):
                needed.add(f"btree_{index.using}")
    return tuple(sorted(needed))


def _has_native_operator_class(ctype: ir.ColumnType, method: str) -> bool:
    if method == "gin":
        return ctype.array or ctype.kind in ("jsonb", "tsvector")
    return ctype.kind in ("tsvector", "inet", "cidr")


# ---- names -------------------------------------------------------------------


def _check_type_name(name: str, what: str, span: Span, bag: DiagnosticBag) -> None:
    if keyword.iskeyword(name):
        bag.error(
            msg.RESERVED_PYTHON.format(name=name, what=what), span, code=msg.RESERVED
        )
    elif name.startswith("_"):
        bag.error(msg.PRIVATE_NAME.format(name=name), span, code=msg.RESERVED)


def _check_attributes(model: ir.Model, bag: DiagnosticBag) -> None:
    spans: dict[str, Span] = {}
    for column in model.columns:
        spans.setdefault(column.name, column.span)
    for relation in model.relations:
        if relation.declared:
            spans.setdefault(relation.name, relation.span)
    for name, span in spans.items():
        _check_attribute(name, span, bag)
    folded: dict[str, str] = {}
    for name in spans:
        key = snake_case(name).replace("_", "")
        first = folded.setdefault(key, name)
        if first != name:
            bag.error(
                msg.FIELD_CLASH.format(a=first, b=name, model=model.name),
                spans[name],
                related=[Related(spans[first], msg.FIRST_HERE)],
                code=msg.NAME_CLASH,
            )
    _check_db_columns(model, bag)


def _check_attribute(name: str, span: Span, bag: DiagnosticBag) -> None:
    if keyword.iskeyword(name):
        bag.error(
            msg.RESERVED_PYTHON.format(name=name, what="field"), span, code=msg.RESERVED
        )
    elif name.startswith("_"):
        bag.error(msg.PRIVATE_NAME.format(name=name), span, code=msg.RESERVED)
    elif name in RESERVED_ATTRIBUTES:
        bag.error(msg.RESERVED_ATTR.format(name=name), span, code=msg.RESERVED)
    elif name in SHADOWED_METHODS:
        bag.warning(msg.SHADOWS_ATTR.format(name=name), span, code=msg.SHADOWS)


def _check_db_columns(model: ir.Model, bag: DiagnosticBag) -> None:
    seen: dict[str, ir.Column] = {}
    for column in model.columns:
        first = seen.setdefault(column.db_name, column)
        if first is not column:
            bag.error(
                msg.DUPLICATE_NAME.format(
                    what="columns", name=column.db_name, where=f"table '{model.table}'"
                ),
                column.span,
                related=[Related(first.span, msg.FIRST_HERE)],
                code=msg.NAME_CLASH,
            )


def _check_sql_words(model: ir.Model, bag: DiagnosticBag) -> None:
    names = [(model.table, model.span)]
    names += [(c.db_name, c.span) for c in model.columns if c.origin == "field"]
    for name, span in names:
        if name.lower() in SQL_RESERVED:
            bag.warning(
                msg.RESERVED_SQL_WORD.format(name=name),
                span,
                hint=msg.RESERVED_SQL_HINT,
                code=msg.RESERVED_SQL,
            )


def _check_index_methods(model: ir.Model, bag: DiagnosticBag) -> None:
    for index in model.indexes:
        if index.using is not None and index.using not in INDEX_METHODS:
            from schemac.diagnostics import did_you_mean

            bag.error(
                msg.USING_UNKNOWN.format(name=index.using),
                index.span,
                hint=did_you_mean(index.using, INDEX_METHODS),
                code=msg.BAD_VALUE,
            )


def _check_relation_names(models: Sequence[ir.Model], bag: DiagnosticBag) -> None:
    for model in models:
        for relation in model.relations:
            if not relation.declared:
                _check_attribute(relation.name, relation.span, bag)


def _clashes(
    items: Iterable[tuple[str, str, Span]], template: str, key: str, bag: DiagnosticBag
) -> set[str]:
    """Report two declarations that end up with the same database name.

    Returns:
        The names of the declarations reported.
    """
    reported: set[str] = set()
    seen: dict[str, tuple[str, Span]] = {}
    for db_name, name, span in items:
        first = seen.setdefault(db_name, (name, span))
        if first[0] == name:
            continue
        values = {"a": first[0], "b": name, key: db_name}
        bag.error(
            template.format(**values),
            span,
            related=[Related(first[1], msg.FIRST_HERE)],
            code=msg.NAME_CLASH,
        )
        reported.add(name)
    return reported


def _check_constraint_names(models: Sequence[ir.Model], bag: DiagnosticBag) -> None:
    """Index-like names share one namespace per PostgreSQL schema."""
    seen: dict[tuple[str, str], Span] = {}
    for model in models:
        schema = model.schema or "public"
        for name, span in _relation_names(model):
            first = seen.get((schema, name))
            if first is None:
                seen[(schema, name)] = span
            else:
                bag.error(
                    msg.DUPLICATE_CONSTRAINT.format(name=name, schema=schema),
                    span,
                    hint=msg.DUPLICATE_CONSTRAINT_HINT,
                    related=[Related(first, msg.FIRST_HERE)],
                    code=msg.DUPLICATE,
                )
        _per_table(model, bag)


def _relation_names(model: ir.Model) -> list[tuple[str, Span]]:
    """Names PostgreSQL keeps in ``pg_class``: the table, its key and indexes."""
    pk = constraint_name("pk", model.table)
    names = [(model.table, model.span), (pk, model.span)]
    names += [(u.name, u.span) for u in model.uniques]
    names += [(i.name, i.span) for i in model.indexes]
    return names


def _per_table(model: ir.Model, bag: DiagnosticBag) -> None:
    seen: dict[str, Span] = {}
    items = [(c.name, c.span) for c in model.checks]
    items += [(f.name, f.span) for f in model.foreign_keys]
    for name, span in items:
        first = seen.get(name)
        if first is None:
            seen[name] = span
        else:
            bag.error(
                msg.DUPLICATE_CONSTRAINT.format(name=name, schema=model.table),
                span,
                hint=msg.DUPLICATE_CONSTRAINT_HINT,
                related=[Related(first, msg.FIRST_HERE)],
                code=msg.DUPLICATE,
            )
