"""Apply what the spec says outside its tables, once every table is known.

Index and constraint statements find their table and columns; foreign keys
written without a target (``UUID FK``) get one from the column's name;
relationship sentences and diagram lines add or confirm foreign keys; prose
cascade rules set ``on_delete``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from schemac.compiler.naming import plural_table_name, singular_snake, snake_case
from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown.draft import (
    DraftColumn,
    DraftIndex,
    DraftTable,
    FkGuess,
    Form,
    RelationFact,
    Spec,
    Statement,
)
from schemac.frontends.markdown.names import is_table_style, model_name_for, table_key


class Tables:
    """Merged tables, found by any spelling of their name."""

    def __init__(self, tables: list[DraftTable]) -> None:
        self.tables = tables
        self.keys: dict[str, DraftTable] = {}
        for table in tables:
            self.keys.setdefault(table_key(table.name), table)
            if table.model_name:
                self.keys.setdefault(table_key(table.model_name), table)

    def get(self, name: str | None) -> DraftTable | None:
        if not name:
            return None
        return self.keys.get(table_key(name)) or self.keys.get(
            table_key(name.replace(" ", "_"))
        )


# TODO: index and constraint statements are applied before relationship
# sentences add key columns, so "Index on tasks.project_id" is lost when only a
# sentence ("One project has many tasks") creates ``project_id``.
def resolve_spec(spec: Spec, tables: list[DraftTable], bag: DiagnosticBag) -> None:
    """Apply statements, relations and inferred foreign keys to ``tables``."""
    found = Tables(tables)
    _drop_model_typed(found)
    for statement in spec.statements:
        _statement(found, statement, bag)
    for table in tables:
        _table_fks(table)
        for column in table.columns.values():
            _infer_target(found, table, column)
    for fact in spec.relations:
        if fact.mentions:
            continue
        if fact.many_to_many:
            _many_to_many(found, fact)
        else:
            _one_to_many(found, fact)
    for fact in spec.relations:
        if fact.mentions:
            _cascade(found, fact)
    for table in tables:
        _drop_unresolved(table, bag)


def _drop_model_typed(found: Tables) -> None:
    """Prisma's ``seoMeta SeoMeta?``: a relation's other side, not a column."""
    for table in found.tables:
        for name, column in list(table.columns.items()):
            guess = column.type
            if guess is None or guess.kind != "enum" or not guess.enum:
                continue
            if found.get(guess.enum) is not None and column.form == Form.ORM:
                del table.columns[name]


def _drop_unresolved(table: DraftTable, bag: DiagnosticBag) -> None:
    for column in table.columns.values():
        if column.fk is not None and column.fk.table is None:
            bag.warning(
                f"'{table.name}.{column.name}' is marked as a foreign key but "
                "its target table could not be worked out; it is kept as a "
                "plain column",
                column.span,
                hint="write the target, e.g. `FK -> users.id`",
            )
            column.fk = None


# ---- statements ------------------------------------------------------------


def _statement(found: Tables, statement: Statement, bag: DiagnosticBag) -> None:
    if not statement.columns and statement.name:
        _named_index(found, statement)
        return
    if statement.table is not None:
        table = found.get(statement.table)
        if table is None:
            bag.warning(
                f"'{statement.table}' is not a table of this spec; "
                f"its {statement.kind.replace('_', ' ')} is ignored",
                statement.span,
            )
            return
        targets = [table]
    else:
        targets = [
            t for t in found.tables if all(c in t.columns for c in statement.columns)
        ]
        named = [t for t in targets if statement.name and t.name in statement.name]
        targets = named or targets
    for table in targets:
        _apply(table, statement, bag)


def _named_index(found: Tables, statement: Statement) -> None:
    """An index given by name only, applied where the name spells its columns."""
    assert statement.name is not None
    table = found.get(statement.table) if statement.table else None
    for candidate in [table] if table is not None else found.tables:
        columns = columns_from_index_name(candidate, statement.name)
        if columns:
            _apply(candidate, replace(statement, columns=columns), DiagnosticBag())
            return


# TODO: names that abbreviate columns (``idx_tasks_user_completed`` for
# ``(user_id, completed)``) are ignored rather than guessed.
def columns_from_index_name(table: DraftTable, name: str) -> tuple[str, ...]:
    """``idx_tasks_user_id_created_at`` on ``tasks`` → ``(user_id, created_at)``.

    The name must carry the table's name and then only whole column names;
    anything else (``idx_tasks_user_completed``) gives nothing.
    """
    rest = re.sub(
        r"^(?:idx|ix|index|uq|ux|uk|unique)_|_(?:idx|index|key|uq)$", "", name
    )
    rest = rest.lower()
    names = {table.name.lower(), table_key(table.name)}
    names.add(plural_table_name(model_name_for(table.name)))
    for prefix in sorted(names, key=len, reverse=True):
        if rest.startswith(prefix + "_"):
            rest = rest[len(prefix) + 1 :]
            break
    else:
        return ()
    parts, columns, start = rest.split("_"), [], 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            if "_".join(parts[start:end]) in table.columns:
                columns.append("_".join(parts[start:end]))
                start = end
                break
        else:
            return ()
    return tuple(columns)


def _apply(table: DraftTable, statement: Statement, bag: DiagnosticBag) -> None:
    kind, columns = statement.kind, statement.columns
    if kind == "check":
        table.checks.append((columns[0], statement.name, statement.span))
        return
    missing = [c for c in columns if c not in table.columns]
    if missing:
        bag.warning(
            f"'{table.name}' has no column '{missing[0]}'; this "
            f"{kind.replace('_', ' ')} is ignored",
            statement.span,
        )
        return
    if kind == "pk":
        if not table.primary_key:
            table.primary_key, table.primary_key_span = columns, statement.span
    elif kind == "not_null":
        for name in columns:
            if table.columns[name].nullable is None:
                table.columns[name].nullable = False
    elif kind == "unique" and len(columns) == 1:
        table.columns[columns[0]].unique = True
    elif kind == "unique":
        table.uniques.append((columns, statement.span))
    elif statement.loose and len(columns) == 1 and kind == "index":
        table.columns[columns[0]].index = True
    else:
        table.indexes.append(
            DraftIndex(
                columns,
                statement.span,
                unique=kind == "unique_index",
                name=statement.name,
                desc=statement.desc,
                where=statement.where,
                using=statement.using,
            )
        )


# ---- foreign keys -----------------------------------------------------------


def _table_fks(table: DraftTable) -> None:
    """Table-level ``FOREIGN KEY (a) REFERENCES t(id)`` onto the column."""
    for fk in table.foreign_keys:
        if len(fk.columns) != 1 or fk.columns[0] not in table.columns:
            continue
        column = table.columns[fk.columns[0]]
        target_column = fk.target_columns[0] if fk.target_columns else None
        column.fk = FkGuess(fk.table, target_column, fk.on_delete, fk.on_update)


def _infer_target(found: Tables, table: DraftTable, column: DraftColumn) -> None:
    """A target for ``UUID FK`` columns and for bare ``*_id`` names."""
    fk = column.fk
    if fk is not None and fk.table is not None and _loose_word(found, fk.table, fk):
        fk.table = None  # "references Better Auth user": a word, not a table
    if column.fk is not None and column.fk.table is not None:
        return
    if column.fk is None and not (column.bare and column.name.endswith("_id")):
        return
    target = _target_by_name(found, column)
    if target is None and column.fk is not None:
        target = _person_target(found, column)
    if target is not None:
        if column.fk is None:
            column.fk = FkGuess(target.name, None, inferred=True)
        else:
            column.fk.table = target.name


#: Keys that name a person by role: ``created_by FK``, ``assigned_to FK``.
_PERSON = re.compile(
    r"(?:^|_)(?:by|to)$|^(?:owner|author|creator|assignee|approver|reviewer|"
    r"sender|recipient|receiver|reporter|requester)$"
)


def _person_target(found: Tables, column: DraftColumn) -> DraftTable | None:
    """A foreign key named after what a person does points at the users."""
    stem = re.sub(r"_?id$", "", snake_case(column.name), flags=re.I)
    if not _PERSON.search(stem):
        return None
    for name in ("users", "profiles", "accounts", "members", "employees"):
        table = found.get(name)
        if table is not None:
            return table
    return None


def _loose_word(found: Tables, name: str, fk: FkGuess) -> bool:
    """A target that is no table here, not qualified and not written as one."""
    if found.get(name) is not None or fk.column is not None or "." in name:
        return False
    return not is_table_style(name)


def _target_by_name(found: Tables, column: DraftColumn) -> DraftTable | None:
    stem = re.sub(r"_?id$", "", snake_case(column.name), flags=re.I)
    if not stem:
        return None
    parts = stem.split("_")
    for start in range(len(parts)):
        candidate = found.get("_".join(parts[start:]))
        if candidate is not None:
            return candidate
    for table in found.tables:
        if table_key(table.name).endswith("_" + singular_snake(parts[-1])):
            return table
    if column.doc:
        for word in re.findall(r"[A-Za-z_]+(?:\s+[a-z]+)?", column.doc)[:4]:
            candidate = found.get(word.replace(" ", "_"))
            if candidate is not None:
                return candidate
            candidate = found.get(word.split()[0])
            if candidate is not None:
                return candidate
    return None


# ---- relationship facts -----------------------------------------------------


def _one_to_many(found: Tables, fact: RelationFact) -> None:
    child = found.get(fact.child)
    if child is None:
        return
    if not fact.parent:
        column = child.columns.get(fact.column or "")
        if column is not None and column.fk is not None and fact.on_delete:
            column.fk.on_delete = column.fk.on_delete or fact.on_delete
        return
    parent = found.get(fact.parent)
    if parent is None:
        return
    column = _fk_column(child, parent, fact.column) or _unresolved(child)
    if column is None:
        if fact.sentence and child.form <= Form.TABLE and parent is not child:
            _add_fk_column(child, parent, fact)
        return
    if column.fk is None:
        if column.form >= Form.ORM and not fact.sentence:
            return  # DDL states its foreign keys; a diagram adds none
        column.fk = FkGuess(parent.name, None, inferred=True)
    elif column.fk.table is None:
        column.fk.table = parent.name
    if fact.one_to_one and child.primary_key != (column.name,):
        column.unique = True
    if fact.on_delete and column.fk is not None:
        column.fk.on_delete = column.fk.on_delete or fact.on_delete


def _unresolved(child: DraftTable) -> DraftColumn | None:
    """The one foreign-key column of ``child`` whose target is still unknown."""
    open_fks = [
        c for c in child.columns.values() if c.fk is not None and c.fk.table is None
    ]
    return open_fks[0] if len(open_fks) == 1 else None


def _fk_column(
    child: DraftTable, parent: DraftTable, named: str | None
) -> DraftColumn | None:
    if named:
        return child.columns.get(named)
    for column in child.columns.values():
        target = column.fk.table if column.fk is not None else None
        if target is not None and table_key(target) == table_key(parent.name):
            return column
    stem = table_key(parent.name)
    for name in (f"{stem}_id", f"{snake_case(parent.name)}_id"):
        if name in child.columns:
            return child.columns[name]
    return None


def _add_fk_column(child: DraftTable, parent: DraftTable, fact: RelationFact) -> None:
    name = f"{table_key(parent.name)}_id"
    child.columns[name] = DraftColumn(
        name=name,
        span=fact.span,
        form=Form.PROSE,
        nullable=fact.optional,
        fk=FkGuess(parent.name, None, inferred=True),
    )


def _many_to_many(found: Tables, fact: RelationFact) -> None:
    left, right = found.get(fact.parent), found.get(fact.child)
    if left is None or right is None or left is right:
        return
    link = found.get(fact.via) if fact.via else _link_table(found, left, right)
    if link is not None:
        for target in (left, right):
            column = _fk_column(link, target, None)
            if column is not None and column.fk is None:
                column.fk = FkGuess(target.name, None, inferred=True)
    if any(table_key(t) == table_key(right.name) for t, _, _ in left.many) or any(
        table_key(t) == table_key(left.name) for t, _, _ in right.many
    ):
        return
    left.many.append((right.name, fact.span, link.name if link else None))


def _link_table(
    found: Tables, left: DraftTable, right: DraftTable
) -> DraftTable | None:
    for table in found.tables:
        if table in (left, right):
            continue
        if _fk_column(table, left, None) and _fk_column(table, right, None):
            return table
    return None


def _cascade(found: Tables, fact: RelationFact) -> None:
    mentioned = []
    for word in fact.mentions:
        table = found.get(word.split(".")[0])
        if table is not None and table not in mentioned:
            mentioned.append(table)
    if len(mentioned) < 2:
        return
    for child in mentioned:
        for column in child.columns.values():
            if column.fk is None or column.fk.table is None:
                continue
            parent = found.get(column.fk.table)
            if parent is not None and parent in mentioned and parent is not child:
                column.fk.on_delete = column.fk.on_delete or fact.on_delete
