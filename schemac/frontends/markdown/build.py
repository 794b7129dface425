"""Turn merged drafts into the AST the compiler reads.

This is where the spec's vocabulary becomes the language's: a foreign-key
column ``user_id -> users.id`` becomes a relation field ``user: User``, a
column with listed values an enum, ``created_at``/``updated_at`` the
``timestamps`` mixin, a table whose name is not the default plural of its
model a ``table "..."`` setting. Everything keeps the span of the Markdown
line it came from.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field

from schemac.compiler import ast
from schemac.compiler.checks import RESERVED_ATTRIBUTES, SHADOWED_METHODS
from schemac.compiler.ir import SCALAR_KINDS
from schemac.compiler.lower import REFERENCE_PATTERN
from schemac.compiler.naming import (
    pascal_case,
    plural_table_name,
    singular_snake,
    snake_case,
)
from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown import types
from schemac.frontends.markdown.draft import (
    DefaultGuess,
    DraftColumn,
    DraftEnum,
    DraftTable,
    Form,
    Spec,
    TypeGuess,
)
from schemac.frontends.markdown.names import model_name_for, table_name_for
from schemac.source import Span

_SCALARS = frozenset(SCALAR_KINDS) - {"enum"}
_STRINGISH = frozenset({"str", "text", "enum", "unknown", "citext"})
#: Names SQLModel/pydantic reserve on a model; such columns get another attribute.
#: Field names renamed on the way in, so the compiler neither refuses nor
#: warns about them.
_RESERVED_ATTRS = RESERVED_ATTRIBUTES | SHADOWED_METHODS | {"fields"}


@dataclass
class Model:
    """A table on its way to a ``model`` declaration."""

    draft: DraftTable
    name: str
    table: str
    pk: tuple[str, ...] = ()
    #: Column name → relation target model, for foreign-key columns.
    targets: dict[str, str] = field(default_factory=dict)
    #: Column name → the field name it is written under.
    fields: dict[str, str] = field(default_factory=dict)
    #: Extra list relations (``tags: Tag[]``) from many-to-many sentences,
    #: with the link model the spec defines for them, if any.
    lists: list[tuple[str, str, Span, str | None]] = field(default_factory=list)
    backs: dict[str, str] = field(default_factory=dict)


@dataclass
class Builder:
    spec: Spec
    bag: DiagnosticBag
    path: str
    models: list[Model] = field(default_factory=list)
    by_key: dict[str, Model] = field(default_factory=dict)
    enums: dict[str, ast.EnumDecl] = field(default_factory=dict)
    #: (column name, values) → enum name, so equal value lists share an enum.
    enum_by_values: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)


def name_models(tables: list[DraftTable]) -> list[Model]:
    """A model name and a table name for every table, unique both ways."""
    models: list[Model] = []
    used: set[str] = set()
    for draft in tables:
        table = table_name_for(draft.name, draft.is_table_name)
        name = draft.model_name or model_name_for(draft.name)
        name = _identifier(pascal_case(name)) or "Table"
        if name in _SCALARS or name.lower() in _SCALARS:
            name += "Model"
        base, count = name, 2
        while name in used:
            name, count = f"{base}{count}", count + 1
        used.add(name)
        models.append(Model(draft, name, table))
    return models


def _identifier(text: str) -> str:
    text = re.sub(r"\W", "_", text)
    return text if re.match(r"[^\W\d]", text) else ""


def build_module(
    spec: Spec, models: list[Model], bag: DiagnosticBag, path: str
) -> ast.Module:
    """The AST of the spec, ready for :func:`compile_modules`."""
    builder = Builder(spec, bag, path, models)
    for model in models:
        builder.by_key[model.table] = model
    for draft_enum in spec.enums:
        _declare_enum(builder, draft_enum)
    decls: list[ast.Declaration] = []
    for model in models:
        _plan_keys(model)
    _plan_backs(builder)
    _plan_lists(builder)
    model_decls = [_model_decl(builder, m) for m in models]
    decls.extend(builder.enums.values())
    decls.extend(model_decls)
    return ast.Module(path, (), tuple(decls), doc=spec.doc)


# ---- enums -------------------------------------------------------------------


def _declare_enum(builder: Builder, draft: DraftEnum) -> str:
    name = _identifier(pascal_case(draft.name)) or "Values"
    if any(m.name == name for m in builder.models):
        name += "Kind"
    values = tuple(dict.fromkeys(v for v in draft.values if _identifier(v) == v))
    if name in builder.enums:
        return name
    builder.enums[name] = ast.EnumDecl(
        ast.Name(name, draft.span),
        tuple(ast.EnumValueDecl(ast.Name(v, draft.span)) for v in values),
        None,
        (),
        draft.span,
    )
    return name


#: Column names too generic to name an enum on their own (``status``).
_GENERIC = frozenset(
    [
        "status",
        "type",
        "role",
        "name",
        "source",
        "level",
        "kind",
        "category",
        "state",
        "priority",
        "mode",
        "format",
        "visibility",
        "value",
        "action",
        "result",
    ]
)


def _enum_for(builder: Builder, model: Model, column: DraftColumn) -> str | None:
    """The enum a column's type names or its values define, declared once.

    Equal value lists share one enum. An enum is named after its column
    (``permission_role`` → ``PermissionRole``) unless the name is generic or
    another column of that name lists other values; then the model's name
    comes first (``TaskStatus``).
    """
    values = tuple(v for v in column.enum_values if _identifier(v) == v)
    if len(values) < len(column.enum_values):
        return None  # 'in-progress' can be no enum member: keep the stated type
    if len(values) < 2:
        return _named_enum(builder, model, column)
    key = ("", values)
    if key in builder.enum_by_values:
        return builder.enum_by_values[key]
    name = pascal_case(column.name)
    taken = name in builder.enums or any(m.name == name for m in builder.models)
    if column.name.lower() in _GENERIC or taken or _differs(builder, column, values):
        name = model.name + pascal_case(column.name)
    name = _declare_enum(builder, DraftEnum(name, values, column.span, column.form))
    builder.enum_by_values[key] = name
    return name


def _differs(builder: Builder, column: DraftColumn, values: tuple[str, ...]) -> bool:
    """Another column of the same name lists other values."""
    return any(
        c.name == column.name and c.enum_values and tuple(c.enum_values) != values
        for m in builder.models
        for c in m.draft.columns.values()
    )


def _named_enum(builder: Builder, model: Model, column: DraftColumn) -> str | None:
    candidates = [model.name + pascal_case(column.name), pascal_case(column.name)]
    if column.type is not None and column.type.enum:
        candidates.insert(0, pascal_case(column.type.enum))
    if column.type is not None and column.type.raw:
        candidates.insert(0, pascal_case(column.type.raw))
    for candidate in candidates:
        if candidate in builder.enums:
            return candidate
    # ``from_status: Enum?`` beside ``to_status: Enum(a, b)``: the same values.
    last = column.name.split("_")[-1]
    for other in model.draft.columns.values():
        same = other is not column and other.name.split("_")[-1] == last
        if same and len(other.enum_values) >= 2:
            return _enum_for(builder, model, other)
    return None


# ---- keys and relations ------------------------------------------------------


def _plan_keys(model: Model) -> None:
    draft = model.draft
    pk = draft.primary_key or tuple(c.name for c in draft.columns.values() if c.pk)
    if not pk and "id" in draft.columns:
        pk = ("id",)
    model.pk = tuple(c for c in pk if c in draft.columns)


def resolve_target(builder: Builder, table: str | None) -> Model | None:
    """The model a foreign key's table (or model) name means."""
    if not table:
        return None
    from schemac.frontends.markdown.names import table_key

    key = table_key(table)
    for model in builder.models:
        if table_key(model.table) == key or table_key(model.name) == key:
            return model
    return None


def _plan_backs(builder: Builder) -> None:
    """Name the reverse side of relations that would otherwise clash."""
    taken: dict[str, set[str]] = {
        m.name: {snake_case(c) for c in m.draft.columns} for m in builder.models
    }
    for model in builder.models:
        found = [
            (column, target)
            for column in model.draft.columns.values()
            if (target := _fk_target(builder, model, column)) is not None
        ]
        # Two relations to one model each need their own back= (the compiler
        # asks for it), so neither may take the default reverse name.
        shared = {t.name for _, t in found if sum(o is t for _, o in found) > 1}
        for column, target in found:
            model.targets[column.name] = target.name
            relation = _relation_name(column.name, target)
            model.fields[column.name] = relation
            names = taken.setdefault(target.name, set())
            reverse = plural_table_name(model.name)
            if column.unique and not _composite(model):
                reverse = singular_snake(model.name)
            if target is model or reverse in names or target.name in shared:
                reverse = _free_back(target, model, relation, names)
                model.backs[column.name] = reverse
            names.add(reverse)


def _plan_lists(builder: Builder) -> None:
    """Many-to-many relations stated in prose: ``tags: Tag[]`` on one side."""
    for model in builder.models:
        for other, span, via in model.draft.many:
            target = resolve_target(builder, other)
            if target is None or target is model:
                continue
            link = resolve_target(builder, via) if via else None
            name = plural_table_name(target.name)
            if name in model.draft.columns or any(
                n == name for _, n, _, _ in model.lists
            ):
                continue
            model.lists.append((target.name, name, span, link.name if link else None))


def _composite(model: Model) -> bool:
    return len(model.pk) > 1


def _free_back(target: Model, model: Model, relation: str, names: set[str]) -> str:
    if target is model and relation == "parent":
        candidate = "children"
    else:
        candidate = f"{plural_table_name(model.name)}_as_{relation}"
        if target is model:
            candidate = f"{relation}_of"
    base, count = candidate, 2
    while candidate in names:
        candidate, count = f"{base}_{count}", count + 1
    return candidate


def _fk_target(builder: Builder, model: Model, column: DraftColumn) -> Model | None:
    if column.fk is None:
        return None
    target = resolve_target(builder, column.fk.table)
    if target is None or len(target.pk) > 1:
        return None
    key = target.pk[0] if target.pk else "id"  # no key: the implicit id
    if not target.pk and "id" in target.draft.columns:
        return None
    if column.fk.column and column.fk.column != key:
        return None
    return target


def _relation_name(column: str, target: Model) -> str:
    if column.endswith("_id") and len(column) > 3:
        return column[:-3]
    if column.endswith("Id") and len(column) > 2:
        return column[:-2]
    return column + "_" + singular_snake(target.name)


# ---- models ------------------------------------------------------------------


def _model_decl(builder: Builder, model: Model) -> ast.ModelDecl:
    draft = model.draft
    members: list[ast.Member] = []
    if model.table != plural_table_name(model.name):
        members.append(ast.Setting("table", model.table, draft.span))
    if draft.schema:
        members.append(ast.Setting("schema", draft.schema, draft.span))
    mixin = _timestamps(draft)
    for column in draft.columns.values():
        if mixin and column.name in ("created_at", "updated_at"):
            if column.name == "created_at":
                members.append(ast.Mixin("timestamps", column.span))
            continue
        members.append(_field(builder, model, column))
    for target, field_name, span, through in model.lists:
        members.append(_list_field(field_name, target, span, through))
    members.extend(_statements(model))
    return ast.ModelDecl(
        ast.Name(model.name, draft.span),
        False,
        (),
        draft.doc,
        tuple(members),
        draft.span,
    )


def _timestamps(draft: DraftTable) -> bool:
    """``created_at`` and ``updated_at`` as the mixin makes them."""
    pair = [draft.columns.get("created_at"), draft.columns.get("updated_at")]
    if any(c is None for c in pair):
        return False
    for column in pair:
        assert column is not None
        kind = column.type.kind if column.type else None
        if kind not in (None, "datetime", "timestamps") or column.pk or column.fk:
            return False
        if column.nullable or column.unique or column.index:
            return False
        if column.default is not None and (
            column.default.kind != "call" or column.default.value != "now"
        ):
            return False
        if kind is None and not column.bare and column.form > Form.BULLETS:
            return False
    return True


def _field(builder: Builder, model: Model, column: DraftColumn) -> ast.FieldDecl:
    span = column.span
    name = _field_name(column.name)
    nullable = _nullable(column)
    flags: list[ast.Flag] = []
    options: list[ast.Option] = []
    default: ast.Value | None = None
    is_pk = column.name in model.pk and len(model.pk) == 1
    target = model.targets.get(column.name)
    if target is not None:
        name = model.fields[column.name]
        type_ref = ast.TypeRef(target, (), False, nullable and not is_pk, span)
        if f"{name}_id" != column.name:
            options.append(ast.Option("column", ast.Literal(column.name, span), span))
        _relation_options(model, column, options, span)
    else:
        if name != column.name:
            options.append(ast.Option("column", ast.Literal(column.name, span), span))
        type_ref, kind = _scalar_type(builder, model, column, nullable and not is_pk)
        default = _default(builder, column, kind, type_ref)
        _scalar_options(column, kind, options, span)
        if column.auto_now and kind in ("datetime", "timestamp", "date"):
            flags.append(ast.Flag("auto_now", span))
        external = _external(builder, column, span)
        if external is not None:
            options.append(external)
    if is_pk:
        flags.append(ast.Flag("pk", span))
    if column.unique and not is_pk and not _unique_elsewhere(model, column):
        flags.append(ast.Flag("unique", span))
    elif column.index and not is_pk and target is None:
        flags.append(ast.Flag("index", span))
    return ast.FieldDecl(
        ast.Name(name, span),
        type_ref,
        default,
        tuple(flags),
        tuple(options),
        _doc(column),
        span,
    )


def _field_name(column: str) -> str:
    name = snake_case(column) if not column.islower() else column
    name = re.sub(r"\W", "_", name)
    if keyword.iskeyword(name) or name in _RESERVED_ATTRS:
        name += "_"
    if name.startswith("_"):
        name = "f" + name
    return name


def _unique_elsewhere(model: Model, column: DraftColumn) -> bool:
    return any(cols == (column.name,) for cols, _ in model.draft.uniques)


def _doc(column: DraftColumn) -> str | None:
    if not column.doc:
        return None
    text = " ".join(column.doc.split())
    return text.replace("\\", "/").replace('"', "'")[:300] or None


def _nullable(column: DraftColumn) -> bool:
    if column.type is None and column.name == "deleted_at" and not column.nullable:
        return True  # soft delete: null until deleted
    if column.nullable is not None:
        return column.nullable and not column.pk
    if column.nullable_default is not None:
        return column.nullable_default
    return False


def _relation_options(
    model: Model, column: DraftColumn, options: list[ast.Option], span: Span
) -> None:
    assert column.fk is not None
    for key, action in (
        ("on_delete", column.fk.on_delete),
        ("on_update", column.fk.on_update),
    ):
        if action in ("cascade", "set_null", "restrict", "no_action", "set_default"):
            if action == "set_null" and not _nullable(column):
                continue
            options.append(ast.Option(key, ast.Ident(action, span), span))
    back = model.backs.get(column.name)
    if back is not None:
        options.append(ast.Option("back", ast.Ident(back, span), span))


def _scalar_type(
    builder: Builder, model: Model, column: DraftColumn, nullable: bool
) -> tuple[ast.TypeRef, str]:
    span = column.span
    guess = column.type
    listed = column.enum_values or (
        guess is not None and guess.kind in ("enum", "unknown")
    )
    if listed and (guess is None or guess.kind in _STRINGISH):
        enum = _enum_for(builder, model, column)
        if enum is not None:
            return ast.TypeRef(enum, (), False, nullable, span), "enum"
    if guess is None or guess.kind in ("unknown", "enum"):
        guess = _fallback_type(builder, column)
    kind = "datetime" if guess.kind == "timestamps" else guess.kind
    args: tuple[int, ...] = ()
    if kind == "str":
        length = guess.args[0] if guess.args else column.max_length
        if length:
            args = (length,)
        else:
            kind = "text"  # VARCHAR without a length holds any text
    elif kind == "decimal" and guess.args:
        args = guess.args if len(guess.args) == 2 else (guess.args[0], 0)
    elif kind in ("text",) and column.max_length and guess.guessed:
        kind, args = "str", (column.max_length,)
    return ast.TypeRef(kind, args, guess.array, nullable, span), kind


def _fallback_type(builder: Builder, column: DraftColumn) -> TypeGuess:
    if column.type is not None and column.type.kind == "unknown":
        builder.bag.warning(
            f"unknown type '{column.type.raw}' for column '{column.name}'; using text",
            column.span,
            hint="write a type the language knows, e.g. str(255), int, uuid",
        )
        return TypeGuess("text", raw=column.type.raw)
    if column.type is not None and column.type.kind == "enum":
        builder.bag.warning(
            f"'{column.name}' is an enum but its values are not listed; using text",
            column.span,
        )
        return TypeGuess("text")
    if column.max_length:
        return TypeGuess("str", (column.max_length,), guessed=True)
    guess = types.guess_from_name(column.name, builder.spec.uuid_ids)
    if guess is not None:
        return guess
    if column.name.lower() in _SHORT_TEXT or column.name.lower().endswith(
        ("_name", "name", "email", "_url", "password", "_hash", "slug", "_code")
    ):
        return TypeGuess("str", (255,), guessed=True)
    builder.bag.warning(
        f"no type given for column '{column.name}'; using text",
        column.span,
        hint="write the type after the name, e.g. `name: str(100)`",
    )
    return TypeGuess("text", guessed=True)


_SHORT_TEXT = frozenset(
    [
        "name",
        "title",
        "email",
        "username",
        "slug",
        "color",
        "colour",
        "phone",
        "code",
        "status",
        "role",
        "type",
        "provider",
        "platform",
        "language",
        "theme",
        "currency",
        "country",
        "city",
        "state",
        "locale",
    ]
)


def _scalar_options(
    column: DraftColumn, kind: str, options: list[ast.Option], span: Span
) -> None:
    numeric = kind in ("int", "bigint", "smallint", "float", "decimal")
    if numeric and column.minimum is not None:
        options.append(ast.Option("min", ast.Literal(column.minimum, span), span))
    if numeric and column.maximum is not None:
        options.append(ast.Option("max", ast.Literal(column.maximum, span), span))
    checks = [c for c in column.checks if not c.startswith("min_length:")]
    if checks:
        # One check per field; further ones become block statements.
        options.append(ast.Option("check", ast.Literal(checks[0], span), span))


def _external(builder: Builder, column: DraftColumn, span: Span) -> ast.Option | None:
    """A foreign key to a table the spec never defines: ``references=``.

    The column stays a plain one (the compiler cannot make a foreign key to a
    table it does not know); the option records what it points at.
    """
    if column.fk is None or column.fk.table is None:
        return None
    target = resolve_target(builder, column.fk.table)
    if target is not None and len(target.pk) <= 1:
        what = (
            f"'{column.fk.table}.{column.fk.column}' is not the key of '{target.table}'"
        )
        builder.bag.warning(
            f"foreign key of '{column.name}' not kept: {what}", column.span
        )
        return None
    ref = f"{column.fk.table}.{column.fk.column or 'id'}"
    usable = REFERENCE_PATTERN.fullmatch(ref) is not None
    kept = "with references=, and that table is not created" if usable else ""
    builder.bag.warning(
        f"'{column.name}' refers to '{ref}', which this spec does not define; "
        f"it is kept as a plain column {kept}".rstrip(),
        column.span,
        hint="define the table in the spec to get a foreign key",
    )
    return ast.Option("references", ast.Literal(ref, span), span) if usable else None


# ---- defaults ----------------------------------------------------------------


def _default(
    builder: Builder, column: DraftColumn, kind: str, type_ref: ast.TypeRef
) -> ast.Value | None:
    guess = column.default
    if guess is None:
        return None
    span = column.span
    value = _default_value(builder, guess, kind, type_ref, span)
    dropped = value is None and (guess.kind != "literal" or guess.value is not None)
    if dropped and guess.raw.lower() not in _SILENT_DEFAULTS:
        builder.bag.warning(
            f"default {guess.raw} of '{column.name}' does not fit its type; dropped",
            span,
        )
    return value


#: Defaults that mean "none" or that the database makes up (cuid()).
_SILENT_DEFAULTS = frozenset(
    {"null", "none", "auto", "cuid()", "autoincrement()", "uuid()", "now()"}
)


def _default_value(
    builder: Builder, guess: DefaultGuess, kind: str, type_ref: ast.TypeRef, span: Span
) -> ast.Value | None:
    raw = guess.value
    if guess.kind == "call":
        return _call_default(str(raw), kind, guess.raw, span)
    if guess.kind == "sql":
        return ast.Call("sql", (ast.Literal(str(raw), span),), span)
    text = str(raw) if raw is not None else ""
    lowered = text.lower()
    if lowered in ("null", "none") and guess.kind == "ident":
        return None
    if kind == "bool":
        if lowered in ("true", "false", "1", "0", "yes", "no"):
            return ast.Literal(lowered in ("true", "1", "yes"), span)
        return None
    if kind in ("datetime", "timestamp", "date", "time"):
        if lowered in ("now", "current_timestamp", "current_date", "now()"):
            return ast.Call("now", (), span)
        return ast.Literal(text, span) if guess.kind == "literal" else None
    if kind == "enum":
        values = _enum_values(builder, type_ref.name)
        match = next((v for v in values if v.lower() == lowered), None)
        return ast.Ident(match, span) if match else None
    if kind in ("json", "jsonb"):
        return ast.Call("sql", (ast.Literal(f"'{text}'", span),), span)
    if kind in ("int", "bigint", "smallint"):
        return _number(text, int, span)
    if kind in ("float", "decimal"):
        return _number(text, float, span)
    if kind == "uuid":
        return (
            ast.Literal(text, span) if re.fullmatch(r"[0-9a-fA-F-]{36}", text) else None
        )
    if (
        guess.kind == "ident"
        and kind in ("str", "text")
        and lowered in ("true", "false")
    ):
        return ast.Literal(text, span)
    return ast.Literal(text, span)


def _number(text: str, kind: type, span: Span) -> ast.Literal | None:
    try:
        value = kind(text)
    except ValueError:
        return None
    return ast.Literal(value, span)


def _call_default(name: str, kind: str, raw: str, span: Span) -> ast.Value | None:
    lowered = name.lower().split(".")[-1]
    if lowered in ("now", "current_timestamp", "utcnow", "getdate", "sysdate"):
        if kind in ("datetime", "timestamp", "date"):
            return ast.Call("now", (), span)
        return None
    if lowered in ("uuid", "uuid4", "gen_random_uuid", "uuid_generate_v4"):
        return ast.Call("uuid", (), span) if kind == "uuid" else None
    if lowered in ("cuid", "autoincrement", "cuid2", "nanoid", "dbgenerated"):
        return None
    return ast.Call("sql", (ast.Literal(raw, span),), span)


def _enum_values(builder: Builder, name: str) -> tuple[str, ...]:
    decl = builder.enums.get(name)
    return tuple(v.name.text for v in decl.values) if decl else ()


# ---- statements --------------------------------------------------------------


def _statements(model: Model) -> list[ast.Member]:
    draft = model.draft
    out: list[ast.Member] = []
    if len(model.pk) > 1:
        span = draft.primary_key_span or draft.span
        out.append(ast.PrimaryKeyDecl(tuple(_names(model, model.pk, span)), span))
    seen: set[tuple[str, ...]] = {model.pk}
    for columns, span in draft.uniques:
        if len(columns) > 1 and columns not in seen and _known(model, columns):
            seen.add(columns)
            out.append(ast.UniqueDecl(tuple(_names(model, columns, span)), None, span))
    for index in draft.indexes:
        if not _known(model, index.columns) or _redundant(
            model, index.columns, index.unique
        ):
            continue
        key = ("ix" if not index.unique else "uq", *index.columns)
        if key in seen:
            continue
        seen.add(key)
        desc = index.desc or tuple(False for _ in index.columns)
        named = _names(model, index.columns, index.span)
        index_columns = tuple(
            ast.IndexColumn(name, d) for name, d in zip(named, desc, strict=False)
        )
        out.append(
            ast.IndexDecl(
                index_columns,
                index.unique,
                index.using,
                index.where,
                index.name,
                index.span,
            )
        )
    for expr, name, span in draft.checks:
        out.append(ast.CheckDecl(expr, name, span))
    for column in draft.columns.values():
        extra = [c for c in column.checks if not c.startswith("min_length:")][1:]
        out.extend(ast.CheckDecl(expr, None, column.span) for expr in extra)
    return out


def _known(model: Model, columns: tuple[str, ...]) -> bool:
    return bool(columns) and all(c in model.draft.columns for c in columns)


def _redundant(model: Model, columns: tuple[str, ...], unique: bool) -> bool:
    """An index the model has anyway: on its key, a unique or a relation column."""
    if columns == model.pk[: len(columns)]:
        return True
    if any(u == columns for u, _ in model.draft.uniques):
        return True
    if len(columns) == 1:
        column = model.draft.columns[columns[0]]
        if column.unique or column.pk:
            return True
        if not unique and columns[0] in model.targets:
            return True
    return False


def _names(model: Model, columns: tuple[str, ...], span: Span) -> list[ast.Name]:
    return [ast.Name(model.fields.get(c, _field_name(c)), span) for c in columns]


def _list_field(
    name: str, target: str, span: Span, through: str | None
) -> ast.FieldDecl:
    options = (
        (ast.Option("through", ast.Ident(through, span), span),) if through else ()
    )
    return ast.FieldDecl(
        ast.Name(name, span),
        ast.TypeRef(target, (), True, False, span),
        None,
        (),
        options,
        None,
        span,
    )
