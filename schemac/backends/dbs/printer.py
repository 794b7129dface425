"""Print an IR schema as ``.dbs`` text.

The printer reads the IR the way the compiler wrote it: a column's
``origin`` says what put it there, constraint names say whether a flag or a
statement made them. What a flag or a default would recreate is written as
that flag; everything else is written out in full, so the output always
compiles back to the same schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from schemac.compiler import ir
from schemac.compiler.examples import derive_example
from schemac.compiler.naming import (
    check_name,
    constraint_name,
    plural_table_name,
    singular_snake,
)
from schemac.compiler.types import describe_type

INDENT = "    "


def print_dbs(schema: ir.Schema) -> str:
    """The ``.dbs`` source of ``schema``."""
    parts: list[str] = []
    if schema.doc:
        parts.append(_string(schema.doc))
    parts.extend(_enum(enum) for enum in schema.enums)
    parts.extend(_model(schema, model, "abstract") for model in schema.abstracts)
    parts.extend(
        _model(schema, model, "model") for model in schema.models if not model.is_link
    )
    return "\n\n".join(parts) + "\n"


# ---- enums -------------------------------------------------------------------


def _enum(enum: ir.Enum) -> str:
    header = f"enum {enum.name}" + (f" was={_word(enum.was)}" if enum.was else "")
    lines = [f"{header} {{"]
    if enum.doc:
        lines.append(INDENT + _string(enum.doc))
    if enum.schema:
        lines.append(f"{INDENT}schema {enum.schema}")
    plain = not (enum.doc or enum.schema) and not any(v.doc for v in enum.values)
    items = [v.name + (f" was={_word(v.was)}" if v.was else "") for v in enum.values]
    if plain and sum(len(i) + 2 for i in items) + len(header) < 70:
        return f"{header} {{ {', '.join(items)} }}"
    for value in enum.values:
        text = value.name
        if value.was:
            text += f" was={_word(value.was)}"
        if value.doc:
            text += " " + _string(value.doc)
        lines.append(INDENT + text)
    lines.append("}")
    return "\n".join(lines)


# ---- models ------------------------------------------------------------------


@dataclass
class _Model:
    """What is left to print of a model after fields claim their constraints."""

    schema: ir.Schema
    model: ir.Model
    indexes: list[ir.Index] = field(default_factory=list)
    uniques: list[ir.UniqueConstraint] = field(default_factory=list)
    checks: list[ir.CheckConstraint] = field(default_factory=list)
    abstract: bool = False
    #: Key fields carry ``pk`` even in a composite key: a base's key fields
    #: carry it, so a ``primary_key`` statement would declare the key twice.
    key_flags: bool = False

    @property
    def table(self) -> str:
        return self.model.table

    def take_index(self, columns: tuple[str, ...], unique: bool) -> bool:
        name = constraint_name("ix", self.table, columns)
        for index in self.indexes:
            if (
                index.name == name
                and index.unique == unique
                and tuple(c.name for c in index.columns) == columns
                and not any(c.desc for c in index.columns)
                and index.using is None
                and index.where is None
            ):
                self.indexes.remove(index)
                return True
        return False

    def take_unique(self, columns: tuple[str, ...]) -> bool:
        name = constraint_name("uq", self.table, columns)
        for unique in self.uniques:
            if unique.name == name and unique.columns == columns:
                self.uniques.remove(unique)
                return True
        return False

    def take_check(self, name: str) -> ir.CheckConstraint | None:
        full = check_name(self.table, name)
        for check in self.checks:
            if check.name == full:
                self.checks.remove(check)
                return check
        return None


def _model(schema: ir.Schema, model: ir.Model, keyword: str) -> str:
    # What a base declared is printed in that base, not again here.
    state = _Model(
        schema,
        model,
        [i for i in model.indexes if i.base is None],
        [u for u in model.uniques if u.base is None],
        [c for c in model.checks if c.base is None],
        abstract=keyword == "abstract",
        key_flags=bool(_inherited_key(schema, model)),
    )
    lines: list[str] = []
    if model.doc:
        lines.append(_string(model.doc))
    if model.table != plural_table_name(model.name):
        lines.append(f"table {_string(model.table)}")
    if model.schema:
        lines.append(f"schema {model.schema}")
    lines.extend(_members(state))
    lines.extend(_statements(state))
    header = f"{keyword} {model.name}"
    if model.bases:
        header += f"({', '.join(model.bases)})"
    if model.was:
        header += f" was={_word(model.was)}"
    body = "\n".join(INDENT + line for line in lines)
    return f"{header} {{\n{body}\n}}" if lines else f"{header} {{\n}}"


def _members(state: _Model) -> list[str]:
    model = state.model
    lines: list[str] = []
    done: set[str] = set()
    single_pk = len(model.primary_key) == 1 or state.key_flags
    for column in model.columns:
        if column.origin == "implicit_pk" or column.base is not None:
            continue
        if column.origin in ("timestamps", "soft_delete"):
            if column.origin not in done:
                done.add(column.origin)
                lines.append(column.origin)
            continue
        if column.relation is not None:
            if column.relation not in done:
                done.add(column.relation)
                relation = _relation(model, column.relation)
                if relation is not None:
                    lines.append(_relation_line(state, relation, single_pk))
            continue
        lines.append(_scalar_line(state, column, single_pk))
    for relation in model.relations:
        if relation.base is not None:
            continue
        if relation.declared and relation.kind in ("many_to_many", "one_to_many"):
            lines.append(_list_line(state, relation))
        elif relation.declared and relation.kind == "one_to_one_reverse":
            lines.append(f"{relation.name}: {relation.target}?")
    return lines


def _inherited_key(schema: ir.Schema, model: ir.Model) -> tuple[str, ...]:
    """The key columns the model's bases declare, in base order."""
    key: list[str] = []
    for base in schema.abstracts:
        if base.name in model.bases:
            key.extend(base.primary_key)
    return tuple(key)


def _relation(model: ir.Model, name: str) -> ir.Relation | None:
    for relation in model.relations:
        if relation.name == name:
            return relation
    return None


# ---- fields ------------------------------------------------------------------


def _scalar_line(state: _Model, column: ir.Column, single_pk: bool) -> str:
    parts = [
        f"{column.name}: {describe_type(column.type)}{'?' if column.nullable else ''}"
    ]
    if column.default is not None:
        parts.append("= " + _default(column.default))
    db = (column.db_name,)
    if column.primary_key and single_pk:
        parts.append("pk")
    if state.take_index(db, unique=True):
        parts += ["unique", "index"]
    elif state.take_unique(db):
        parts.append("unique")
    elif state.take_index(db, unique=False):
        parts.append("index")
    if column.auto_now:
        parts.append("auto_now")
    if column.identity:
        parts.append("identity")
    parts.extend(_bounds(state, column))
    check = state.take_check(column.db_name)
    if check is not None:
        parts.append(f"check {_string(check.expr)}")
    if column.db_name != column.name:
        parts.append(f"column={_string(column.db_name)}")
    if column.references:
        parts.append(f"references={_string(column.references)}")
    if column.example is not None and column.example != _derived(state, column):
        parts.append(f"example={_value(column.example)}")
    if column.was:
        parts.append(f"was={_word(column.was)}")
    if column.doc:
        parts.append(_string(column.doc))
    return " ".join(parts)


def _derived(state: _Model, column: ir.Column) -> ir.JsonValue:
    """The example the compiler would derive, which need not be written."""
    values: tuple[str, ...] = ()
    if column.type.enum is not None:
        enum = next((e for e in state.schema.enums if e.name == column.type.enum), None)
        values = tuple(v.name for v in enum.values) if enum else ()
    return derive_example(replace(column, example=None), values)


def _bounds(state: _Model, column: ir.Column) -> list[str]:
    low, high = column.minimum, column.maximum
    if low is None and high is None:
        return []
    suffix = (
        "range"
        if low is not None and high is not None
        else ("min" if low is not None else "max")
    )
    state.take_check(f"{column.db_name}_{suffix}")
    out = []
    if low is not None:
        out.append(f"min={_number(low)}")
    if high is not None:
        out.append(f"max={_number(high)}")
    return out


def _relation_line(state: _Model, relation: ir.Relation, single_pk: bool) -> str:
    model = state.model
    columns = [c for c in model.columns if c.relation == relation.name]
    db = tuple(c.db_name for c in columns)
    nullable = relation.nullable and not any(c.primary_key for c in columns)
    parts = [f"{relation.name}: {relation.target}{'?' if nullable else ''}"]
    is_pk = bool(columns) and all(c.primary_key for c in columns)
    if is_pk and (state.key_flags or tuple(model.primary_key) == db):
        parts.append("pk")
    if state.take_index(db, unique=True):
        parts += ["unique", "index"]
    elif state.take_unique(db):
        parts.append("unique")
    elif not _covered_by_pk(model, db):
        state.take_index(db, unique=False)
    fk = next((f for f in model.foreign_keys if f.columns == db), None)
    if fk is not None:
        if fk.on_delete:
            parts.append(f"on_delete={fk.on_delete}")
        if fk.on_update:
            parts.append(f"on_update={fk.on_update}")
    if relation.back != _default_back(state.schema, model, relation):
        parts.append(f"back={relation.back}")
    if len(columns) == 1 and fk is not None:
        default_db = f"{relation.name}_{fk.target_columns[0]}"
        if columns[0].db_name != default_db:
            parts.append(f"column={_string(columns[0].db_name)}")
    was = next((c.was for c in columns if c.was), None)
    if was and len(columns) == 1:
        parts.append(f"was={_word(_relation_was(was, fk))}")
    if relation.doc:
        parts.append(_string(relation.doc))
    return " ".join(parts)


def _relation_was(was: str, fk: ir.ForeignKey | None) -> str:
    suffix = f"_{fk.target_columns[0]}" if fk is not None else "_id"
    return was[: -len(suffix)] if was.endswith(suffix) else was


def _covered_by_pk(model: ir.Model, columns: tuple[str, ...]) -> bool:
    pk = tuple(model.primary_key)
    return bool(columns) and pk[: len(columns)] == columns


def _default_back(schema: ir.Schema, model: ir.Model, relation: ir.Relation) -> str:
    if relation.kind == "one_to_one":
        return singular_snake(model.name)
    return plural_table_name(model.name)


def _list_line(state: _Model, relation: ir.Relation) -> str:
    parts = [f"{relation.name}: {relation.target}[]"]
    if relation.link_model is not None:
        link = next(
            (m for m in state.schema.models if m.name == relation.link_model), None
        )
        if link is not None and not link.is_link:
            parts.append(f"through={relation.link_model}")
    if relation.back != plural_table_name(state.model.name):
        parts.append(f"back={relation.back}")
    if relation.doc:
        parts.append(_string(relation.doc))
    return " ".join(parts)


# ---- statements --------------------------------------------------------------


def _statements(state: _Model) -> list[str]:
    model = state.model
    lines: list[str] = []
    if len(model.primary_key) > 1 and not state.key_flags:
        lines.append(
            f"primary_key ({', '.join(_field_names(model, model.primary_key))})"
        )
    for unique in state.uniques:
        text = f"unique ({', '.join(_field_names(model, unique.columns))})"
        if unique.name != constraint_name("uq", model.table, unique.columns):
            text += f" name={_string(unique.name)}"
        lines.append(text)
    for index in state.indexes:
        lines.append(_index_line(model, index))
    if state.abstract:
        lines.extend(_base_checks(state))
    else:
        for check in state.checks:
            lines.append(f"check {_string(check.expr)} name={_string(check.name)}")
    return lines


def _base_checks(state: _Model) -> list[str]:
    """A base's checks, named relative to the table of each model listing it.

    The compiler numbers unnamed checks in order, a base's before the
    model's own; a check whose name is the next number is written unnamed.
    """
    prefix = f"ck_{state.table}_"
    lines: list[str] = []
    unnamed = 0
    for check in state.model.checks:
        name = check.name.removeprefix(prefix)
        numbered = name == str(unnamed + 1)
        if numbered:
            unnamed += 1
        if check not in state.checks:
            continue
        text = f"check {_string(check.expr)}"
        lines.append(text if numbered else f"{text} name={_string(name)}")
    return lines


def _index_line(model: ir.Model, index: ir.Index) -> str:
    groups = _field_groups(model, tuple(c.name for c in index.columns))
    cols = [
        f"{name} desc" if index.columns[first].desc else name for name, first in groups
    ]
    text = f"index ({', '.join(cols)})"
    if index.unique:
        text += " unique"
    if index.using:
        text += f" using {index.using}"
    if index.where:
        text += f" where {_string(index.where)}"
    columns = tuple(c.name for c in index.columns)
    if index.name != constraint_name("ix", model.table, columns):
        text += f" name={_string(index.name)}"
    return text


def _field_names(model: ir.Model, db_names: tuple[str, ...]) -> list[str]:
    """Field names for database columns: a whole relation goes by its name."""
    return [name for name, _ in _field_groups(model, db_names)]


def _field_groups(model: ir.Model, db_names: tuple[str, ...]) -> list[tuple[str, int]]:
    """Each field a run of columns stands for, with the run's first position."""
    by_db = {c.db_name: c for c in model.columns}
    out: list[tuple[str, int]] = []
    index = 0
    while index < len(db_names):
        column = by_db.get(db_names[index])
        if column is not None and column.relation is not None:
            width = [c.db_name for c in model.columns if c.relation == column.relation]
            if list(db_names[index : index + len(width)]) == width:
                out.append((column.relation, index))
                index += len(width)
                continue
        out.append((column.name if column else db_names[index], index))
        index += 1
    return out


# ---- values ------------------------------------------------------------------


def _default(default: ir.Default) -> str:
    if default.kind in ("now", "uuid", "uuid7"):
        return f"{default.kind}()"
    if default.kind == "sql":
        return f"sql({_string(str(default.value))})"
    if default.kind == "enum":
        return str(default.value)
    return _value(default.value)


def _value(value: ir.JsonValue) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    return _string(value)


def _number(value: int | float) -> str:
    return repr(value)


def _word(text: str) -> str:
    """A name as a value: bare when it is an identifier, else quoted."""
    return text if text.isidentifier() else _string(text)


def _string(text: str) -> str:
    """A double-quoted ``.dbs`` string."""
    return json.dumps(text, ensure_ascii=False)
