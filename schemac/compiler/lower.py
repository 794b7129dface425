"""Lowering: from the AST of all modules to the IR.

:func:`compile_modules` is the one entry point. It works in steps:

1. resolve names (enums, models, abstract bases) across all modules;
2. lower enums;
3. flatten each model (bases, mixins, settings) and classify its fields;
4. work out every primary key, following relations that are part of a key;
5. build columns, foreign keys, indexes and constraints, model by model;
6. infer relations: reverse sides, one-to-many lists, many-to-many links;
7. check names that must be unique across the schema;
8. lower each abstract base on its own, for the ``.dbs`` printer.

Front-ends other than ``.dbs`` build the same AST and call this too, so
nothing here depends on how the AST was written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, cast

from schemac.compiler import ast, ir
from schemac.compiler import messages as msg
from schemac.compiler.examples import derive_example
from schemac.compiler.naming import (
    check_name,
    constraint_name,
    quote_ident,
    snake_case,
)
from schemac.compiler.resolve import (
    ENUM_SETTINGS,
    FieldSource,
    ModelPlan,
    Symbols,
    key_span,
    resolve_model,
    resolve_symbols,
)
from schemac.compiler.types import (
    NUMERIC_KINDS,
    SCALAR_TYPES,
    TIME_KINDS,
    ValueMisfitError,
    fit_value,
    lower_default,
    resolve_scalar_type,
    type_hint,
)
from schemac.diagnostics import DiagnosticBag, Related, did_you_mean
from schemac.source import Span

FIELD_FLAGS = ("pk", "unique", "index", "auto_now", "identity")
FIELD_OPTIONS = (
    "min",
    "max",
    "check",
    "column",
    "on_delete",
    "on_update",
    "back",
    "through",
    "example",
    "references",
    "was",
)
RELATION_OPTIONS = frozenset({"on_delete", "on_update", "back", "through"})
SCALAR_ONLY = frozenset({"min", "max", "check", "example", "auto_now", "identity"})
ACTIONS: tuple[str, ...] = ir.Action.__args__  # type: ignore[attr-defined]
#: ``references=``: two or three dot-separated identifiers.
REFERENCE_PATTERN = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*){1,2}")

FieldKind = Literal["scalar", "relation", "list"]


@dataclass
class FieldInfo:
    """One field of a flattened model, with its type resolved."""

    source: FieldSource
    kind: FieldKind
    ctype: ir.ColumnType | None = None
    target: str | None = None
    flags: dict[str, ast.Flag] = field(default_factory=dict)
    options: dict[str, ast.Option] = field(default_factory=dict)

    @property
    def decl(self) -> ast.FieldDecl:
        return self.source.decl

    @property
    def name(self) -> str:
        return self.source.decl.name.text

    @property
    def nullable(self) -> bool:
        return self.source.decl.type.nullable

    def word(self, key: str) -> str | None:
        """The value of option ``key`` as a name or string, if given."""
        option = self.options.get(key)
        if option is None:
            return None
        value = option.value
        if isinstance(value, ast.Ident):
            return value.name
        if isinstance(value, ast.Literal) and isinstance(value.value, str):
            return value.value
        return None


@dataclass(frozen=True)
class KeyColumn:
    """One primary-key column, as a foreign key pointing at it needs it."""

    attr: str
    db_name: str
    ctype: ir.ColumnType


@dataclass
class ModelDraft:
    """A model being built; frozen into :class:`ir.Model` at the end."""

    plan: ModelPlan
    fields: list[FieldInfo]
    primary_key: list[str] = field(default_factory=list)
    columns: list[ir.Column] = field(default_factory=list)
    indexes: list[ir.Index] = field(default_factory=list)
    uniques: list[ir.UniqueConstraint] = field(default_factory=list)
    checks: list[ir.CheckConstraint] = field(default_factory=list)
    foreign_keys: list[ir.ForeignKey] = field(default_factory=list)
    relations: list[ir.Relation] = field(default_factory=list)
    #: Field name -> the database columns it stands for (a relation: its FK).
    field_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    is_link: bool = False

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def table(self) -> str:
        return self.plan.table

    def attribute_names(self) -> set[str]:
        """Every Python attribute the model has so far (fields and columns)."""
        names = {f.name for f in self.fields}
        names.update(c.name for c in self.columns)
        names.update(r.name for r in self.relations)
        return names

    def freeze(self) -> ir.Model:
        """The finished, immutable model."""
        plan = self.plan
        return ir.Model(
            name=plan.name,
            table=plan.table,
            columns=tuple(self.columns),
            primary_key=tuple(self.primary_key),
            schema=plan.schema,
            doc=plan.decl.doc,
            indexes=tuple(self.indexes),
            uniques=tuple(self.uniques),
            checks=tuple(self.checks),
            foreign_keys=tuple(self.foreign_keys),
            relations=tuple(self.relations),
            bases=plan.bases,
            is_link=self.is_link,
            was=plan.was,
            span=plan.decl.name.span,
        )


def compile_modules(modules: Sequence[ast.Module], bag: DiagnosticBag) -> ir.Schema:
    """Lower the modules of one build to a schema.

    Args:
        modules: Every module of the build, imported files first and the
            entry file last; the IR lists enums and models in this order, then
            the link models the compiler made for many-to-many relations. The
            schema's doc is the last module's that has one.
        bag: Receives every problem found; the returned schema is only
            meaningful when the bag has no errors.

    Returns:
        The schema.
    """
    from schemac.compiler import checks, relations

    symbols = resolve_symbols(modules, bag)
    enums = tuple(lower_enum(decl, bag) for decl in symbols.enums.values())
    enum_values = {e.name: tuple(v.name for v in e.values) for e in enums}

    drafts = {
        name: _draft(resolve_model(decl, symbols, bag), symbols, bag)
        for name, decl in symbols.models.items()
    }
    keys = KeyResolver(drafts, bag)
    for draft in drafts.values():
        _ModelLowering(draft, keys, enum_values, bag).run()

    links = relations.infer_relations(drafts, keys, bag)
    models = tuple(d.freeze() for d in [*drafts.values(), *links])
    checks.check_schema(models, enums, bag)
    return ir.Schema(
        models=models,
        enums=enums,
        abstracts=_lower_abstracts(symbols, drafts, enum_values, bag),
        extensions=checks.extensions(models),
        sources=tuple(m.path for m in modules),
        doc=next((m.doc for m in reversed(modules) if m.doc), None),
    )


def _lower_abstracts(
    symbols: Symbols,
    drafts: dict[str, ModelDraft],
    enum_values: dict[str, tuple[str, ...]],
    bag: DiagnosticBag,
) -> tuple[ir.Model, ...]:
    """Each abstract base lowered as a model of its own, for the .dbs printer.

    Its constraint names use the table the base would have if it were a
    model. Problems in a base that a model uses were reported for that model
    already; only the others reach ``bag`` (a base no model uses, a statement
    naming a field the base does not have).
    """
    from schemac.compiler import relations

    scratch = DiagnosticBag()
    bases = {
        name: _draft(resolve_model(decl, symbols, scratch), symbols, scratch)
        for name, decl in symbols.abstracts.items()
    }
    keys = KeyResolver({**drafts, **bases}, scratch)
    for draft in bases.values():
        _ModelLowering(draft, keys, enum_values, scratch).run()
        relations.declare_relations(draft)
    for diagnostic in scratch:
        if diagnostic not in bag.items:
            bag.extend([diagnostic])
    return tuple(draft.freeze() for draft in bases.values())


# ---- enums -----------------------------------------------------------------


def lower_enum(decl: ast.EnumDecl, bag: DiagnosticBag) -> ir.Enum:
    """An enum declaration as IR; reports empty enums and repeated values."""
    values: list[ir.EnumValue] = []
    seen: dict[str, ast.Name] = {}
    for value in decl.values:
        first = seen.get(value.name.text)
        if first is not None:
            bag.error(
                msg.DUPLICATE_VALUE.format(enum=decl.name.text, name=value.name.text),
                value.name.span,
                related=[Related(first.span, msg.FIRST_HERE)],
                code=msg.DUPLICATE,
            )
            continue
        seen[value.name.text] = value.name
        values.append(
            ir.EnumValue(value.name.text, value.was, value.doc, value.name.span)
        )
    if not decl.values:
        bag.error(
            msg.EMPTY_ENUM.format(name=decl.name.text), decl.name.span, code=msg.EMPTY
        )
    settings = _enum_settings(decl, bag)
    return ir.Enum(
        name=decl.name.text,
        db_name=snake_case(decl.name.text),
        values=tuple(values),
        schema=settings.get("schema"),
        doc=decl.doc,
        was=settings.get("was"),
        span=decl.name.span,
    )


def _enum_settings(decl: ast.EnumDecl, bag: DiagnosticBag) -> dict[str, str]:
    settings: dict[str, str] = {}
    for setting in decl.settings:
        if setting.key in ENUM_SETTINGS:
            settings[setting.key] = setting.value
        else:
            bag.error(
                msg.UNKNOWN_SETTING.format(name=setting.key),
                setting.span,
                hint=did_you_mean(setting.key, ENUM_SETTINGS),
                code=msg.UNKNOWN_KEY,
            )
    return settings


# ---- classifying fields ------------------------------------------------------


def _draft(plan: ModelPlan, symbols: Symbols, bag: DiagnosticBag) -> ModelDraft:
    infos = [_classify(source, symbols, bag) for source in plan.fields]
    return ModelDraft(plan, [i for i in infos if i is not None])


def _classify(
    source: FieldSource, symbols: Symbols, bag: DiagnosticBag
) -> FieldInfo | None:
    ref = source.decl.type
    info: FieldInfo
    if ref.name in SCALAR_TYPES:
        ctype = resolve_scalar_type(ref, bag)
        if ctype is None:
            return None
        info = FieldInfo(source, "scalar", ctype)
    elif ref.name in symbols.enums:
        if ref.args:
            bag.error(msg.NO_ARGS.format(name=ref.name), ref.span, code=msg.BAD_TYPE)
        info = FieldInfo(
            source, "scalar", ir.ColumnType("enum", array=ref.array, enum=ref.name)
        )
    elif ref.name in symbols.models:
        info = FieldInfo(source, "list" if ref.array else "relation", target=ref.name)
    elif ref.name in symbols.abstracts:
        bag.error(
            msg.RELATION_TO_ABSTRACT.format(name=ref.name), ref.span, code=msg.RELATION
        )
        return None
    else:
        bag.error(
            msg.UNKNOWN_TYPE.format(name=ref.name),
            ref.span,
            hint=type_hint(ref.name, [*SCALAR_TYPES, *symbols.all_names()]),
            code=msg.UNKNOWN_NAME,
        )
        return None
    _collect_attributes(info, bag)
    return info


def _collect_attributes(info: FieldInfo, bag: DiagnosticBag) -> None:
    for flag in info.decl.flags:
        if flag.name not in FIELD_FLAGS:
            bag.error(
                msg.UNKNOWN_FIELD_FLAG.format(name=flag.name),
                flag.span,
                hint=did_you_mean(flag.name, FIELD_FLAGS + FIELD_OPTIONS),
                code=msg.UNKNOWN_KEY,
            )
        elif _fits_kind(flag.name, info, flag.span, bag):
            info.flags[flag.name] = flag
    for option in info.decl.options:
        span = key_span(option)
        if option.key in FIELD_FLAGS:
            hint = msg.FLAG_WITH_VALUE_HINT.format(
                field=info.name, type=info.decl.type.name, name=option.key
            )
            bag.error(
                msg.FLAG_WITH_VALUE.format(name=option.key),
                span,
                hint=hint,
                code=msg.BAD_VALUE,
            )
            info.flags[option.key] = ast.Flag(option.key, span)
        elif option.key not in FIELD_OPTIONS:
            bag.error(
                msg.UNKNOWN_FIELD_OPTION.format(name=option.key),
                span,
                hint=did_you_mean(option.key, FIELD_OPTIONS + FIELD_FLAGS),
                code=msg.UNKNOWN_KEY,
            )
        elif option.key in info.options:
            bag.error(
                msg.DUPLICATE_ATTR.format(name=option.key), span, code=msg.DUPLICATE
            )
        elif _fits_kind(option.key, info, span, bag):
            info.options[option.key] = option


def _fits_kind(key: str, info: FieldInfo, span: Span, bag: DiagnosticBag) -> bool:
    """Whether a flag or option applies to this kind of field; reports if not."""
    if key == "references" and info.kind != "scalar":
        text = msg.REFERENCES_ON_RELATION.format(field=info.name, target=info.target)
        bag.error(text, span, hint=msg.REFERENCES_HINT, code=msg.BAD_VALUE)
        return False
    if info.kind == "scalar" and key in RELATION_OPTIONS:
        bag.error(msg.NOT_FOR_SCALARS.format(name=key), span, code=msg.BAD_VALUE)
        return False
    if info.kind != "scalar" and key in SCALAR_ONLY:
        bag.error(msg.NOT_FOR_RELATIONS.format(name=key), span, code=msg.BAD_VALUE)
        return False
    list_ok = ("back", "through", "was")
    if info.kind == "list" and key not in list_ok:
        bag.error(msg.NOT_FOR_MANY.format(name=key), span, code=msg.BAD_VALUE)
        return False
    if key == "through" and info.kind != "list":
        text = msg.THROUGH_WITH_SCALAR.format(target=info.target)
        bag.error(text, span, code=msg.BAD_VALUE)
        return False
    return True


# ---- primary keys ------------------------------------------------------------


class KeyResolver:
    """Finds each model's primary-key columns, following keys made of relations."""

    def __init__(self, drafts: dict[str, ModelDraft], bag: DiagnosticBag) -> None:
        self.drafts = drafts
        self.bag = bag
        self._keys: dict[str, list[KeyColumn] | None] = {}
        self._busy: set[str] = set()

    def pk_fields(self, draft: ModelDraft) -> list[FieldInfo]:
        """The fields that form the primary key, as declared (may be empty)."""
        flagged = [f for f in draft.fields if "pk" in f.flags]
        stated = [
            s.decl
            for s in draft.plan.statements
            if isinstance(s.decl, ast.PrimaryKeyDecl)
        ]
        if not stated:
            return flagged
        if flagged or len(stated) > 1:
            span = stated[-1].span if len(stated) > 1 or not flagged else stated[0].span
            self.bag.error(
                msg.PK_TWICE.format(model=draft.name), span, code=msg.PRIMARY_KEY
            )
        by_name = {f.name: f for f in draft.fields}
        out: list[FieldInfo] = []
        for name in stated[0].columns:
            info = by_name.get(name.text)
            if info is None:
                _unknown_field(draft, name, self.bag)
            else:
                out.append(info)
        return out

    def columns(self, model: str) -> list[KeyColumn] | None:
        """The key columns of ``model``, or None when they cannot be known."""
        if model in self._keys:
            return self._keys[model]
        if model in self._busy:
            return None
        self._busy.add(model)
        keys = self._compute(self.drafts[model])
        self._busy.discard(model)
        self._keys[model] = keys
        return keys

    def _compute(self, draft: ModelDraft) -> list[KeyColumn] | None:
        fields = self.pk_fields(draft)
        if not fields:
            return [KeyColumn("id", "id", ir.ColumnType("int"))]
        out: list[KeyColumn] = []
        for info in fields:
            if info.kind == "scalar" and info.ctype is not None:
                db = info.word("column") or info.name
                out.append(KeyColumn(info.name, db, info.ctype))
            elif info.kind == "relation" and info.target is not None:
                target = self.columns(info.target)
                if target is None:
                    return None
                out.extend(fk_key_columns(info, target))
        return out


def fk_key_columns(info: FieldInfo, target: list[KeyColumn]) -> list[KeyColumn]:
    """The foreign-key columns a relation field adds, one per target key column."""
    override = info.word("column") if len(target) == 1 else None
    return [
        KeyColumn(
            f"{info.name}_{key.attr}",
            override or f"{info.name}_{key.db_name}",
            key.ctype,
        )
        for key in target
    ]


def _unknown_field(draft: ModelDraft, name: ast.Name, bag: DiagnosticBag) -> None:
    known = [f.name for f in draft.fields] + [c.name for c in draft.columns]
    bag.error(
        msg.UNKNOWN_FIELD.format(model=draft.name, name=name.text),
        name.span,
        hint=did_you_mean(name.text, known),
        code=msg.UNKNOWN_NAME,
    )


# ---- one model ---------------------------------------------------------------


class _ModelLowering:
    """Builds the columns, keys, indexes and constraints of one model."""

    def __init__(
        self,
        draft: ModelDraft,
        keys: KeyResolver,
        enum_values: dict[str, tuple[str, ...]],
        bag: DiagnosticBag,
    ) -> None:
        self.draft = draft
        self.keys = keys
        self.enum_values = enum_values
        self.bag = bag
        self.table = draft.table
        self.unnamed_checks = 0
        #: The abstract base of the member being lowered; what it adds gets it.
        self.base: str | None = None

    def run(self) -> None:
        pk_fields = {f.name for f in self.keys.pk_fields(self.draft)}
        # An abstract base without key fields leaves the key to its models.
        abstract = self.draft.plan.decl.abstract
        if not pk_fields and not abstract:
            self._implicit_pk()
        for info in self.draft.fields:
            self.base = info.source.base
            if info.kind == "scalar":
                self._scalar(info, info.name in pk_fields)
            elif info.kind == "relation":
                self._relation_columns(info, info.name in pk_fields)
        for statement in self.draft.plan.statements:
            self.base = statement.base
            self._statement(statement.decl)
        self.base = None
        # Key columns lead, in key order; the rest keep declaration order.
        key = [k.db_name for k in self.keys.columns(self.draft.name) or []]
        if abstract and not pk_fields:
            key = []
        self.draft.primary_key = key
        self.draft.columns.sort(
            key=lambda c: key.index(c.db_name) if c.primary_key else len(key)
        )

    # -- columns --

    def _implicit_pk(self) -> None:
        column = ir.Column(
            name="id",
            db_name="id",
            type=ir.ColumnType("int"),
            nullable=False,
            primary_key=True,
            example=1,
            origin="implicit_pk",
            span=self.draft.plan.decl.name.span,
        )
        self.draft.columns.append(column)
        self.draft.field_columns["id"] = ("id",)

    def _scalar(self, info: FieldInfo, is_pk: bool) -> None:
        assert info.ctype is not None
        decl = info.decl
        ctype = info.ctype
        values = self.enum_values.get(ctype.enum or "", ())
        default = None
        if decl.default is not None:
            default = lower_default(
                decl.default, ctype, info.nullable, values, self.bag
            )
        if "auto_now" in info.flags:
            default = self._auto_now(info, default)
        low, high = self._bounds(info)
        self._check_identity(info, default)
        if is_pk and info.nullable:
            self.bag.error(msg.PK_NULLABLE, decl.type.span, code=msg.PRIMARY_KEY)
        column = ir.Column(
            name=info.name,
            db_name=info.word("column") or info.name,
            type=ctype,
            nullable=info.nullable and not is_pk,
            default=default,
            primary_key=is_pk,
            identity="identity" in info.flags,
            auto_now="auto_now" in info.flags,
            doc=decl.doc,
            minimum=low,
            maximum=high,
            references=self._references(info),
            origin=info.source.origin,
            base=self.base,
            was=info.word("was"),
            span=decl.name.span,
        )
        column = self._with_example(column, info, values)
        self.draft.columns.append(column)
        self.draft.field_columns[info.name] = (column.db_name,)
        self._field_constraints(info, (column.db_name,), is_pk)
        self._value_checks(info, column)

    def _auto_now(
        self, info: FieldInfo, default: ir.Default | None
    ) -> ir.Default | None:
        assert info.ctype is not None
        if info.ctype.kind not in TIME_KINDS - {"time"} or info.ctype.array:
            self.bag.error(
                msg.AUTO_NOW_TYPE, info.flags["auto_now"].span, code=msg.BAD_TYPE
            )
            return default
        # Like Django's auto_now: also set on insert, so NOT NULL holds.
        if default is None and not info.nullable:
            return ir.Default("now")
        return default

    def _check_identity(self, info: FieldInfo, default: ir.Default | None) -> None:
        flag = info.flags.get("identity")
        if flag is None or info.ctype is None:
            return
        if info.ctype.kind not in ("int", "bigint", "smallint") or info.ctype.array:
            self.bag.error(msg.IDENTITY_TYPE, flag.span, code=msg.BAD_TYPE)
        elif info.decl.default is not None:
            self.bag.error(
                msg.IDENTITY_DEFAULT, info.decl.default.span, code=msg.BAD_DEFAULT
            )
        elif info.nullable:
            self.bag.error(
                msg.IDENTITY_NULLABLE, info.decl.type.span, code=msg.BAD_TYPE
            )

    def _references(self, info: FieldInfo) -> str | None:
        """The ``references=`` target: ``table.column`` or ``schema.table.column``."""
        option = info.options.get("references")
        if option is None:
            return None
        # A bare name never matches: it has no dots.
        text = info.word("references")
        if text is not None and REFERENCE_PATTERN.fullmatch(text):
            return text
        self.bag.error(
            msg.BAD_REFERENCE,
            option.value.span,
            hint=msg.BAD_REFERENCE_HINT,
            code=msg.BAD_VALUE,
        )
        return None

    def _bounds(self, info: FieldInfo) -> tuple[int | float | None, int | float | None]:
        assert info.ctype is not None
        bounds: list[int | float | None] = []
        for key in ("min", "max"):
            option = info.options.get(key)
            bounds.append(None if option is None else self._bound(info, option))
        low, high = bounds
        if low is not None and high is not None and low > high:
            self.bag.error(
                msg.MIN_ABOVE_MAX.format(low=low, high=high),
                info.options["min"].value.span,
                code=msg.BAD_VALUE,
            )
        return low, high

    def _bound(self, info: FieldInfo, option: ast.Option) -> int | float | None:
        assert info.ctype is not None
        if info.ctype.kind not in NUMERIC_KINDS or info.ctype.array:
            self.bag.error(
                msg.MIN_MAX_NUMERIC.format(name=option.key),
                key_span(option),
                code=msg.BAD_VALUE,
            )
            return None
        value = option.value
        if (
            not isinstance(value, ast.Literal)
            or isinstance(value.value, bool)
            or (not isinstance(value.value, int | float))
        ):
            self.bag.error(
                msg.EXPECTED_NUMBER.format(name=option.key),
                value.span,
                code=msg.BAD_VALUE,
            )
            return None
        return value.value

    def _with_example(
        self, column: ir.Column, info: FieldInfo, values: tuple[str, ...]
    ) -> ir.Column:
        option = info.options.get("example")
        if option is not None:
            try:
                return replace(
                    column, example=fit_value(option.value, column.type, values)
                )
            except ValueMisfitError as misfit:
                text = misfit.message.replace("default", "example", 1)
                self.bag.error(
                    text, option.value.span, hint=misfit.hint, code=msg.BAD_VALUE
                )
        return replace(column, example=derive_example(column, values))

    # -- relation columns --

    def _relation_columns(self, info: FieldInfo, is_pk: bool) -> None:
        assert info.target is not None
        decl = info.decl
        if decl.default is not None:
            self.bag.error(
                msg.DEFAULT_ON_RELATION, decl.default.span, code=msg.BAD_DEFAULT
            )
        target = self.keys.columns(info.target)
        if target is None:
            self.bag.error(
                msg.FK_TYPE_UNKNOWN.format(name=info.target),
                decl.type.span,
                code=msg.RELATION,
            )
            return
        if "column" in info.options and len(target) != 1:
            self.bag.error(
                msg.COLUMN_OPTION_MANY, info.options["column"].span, code=msg.BAD_VALUE
            )
        if is_pk and info.nullable:
            self.bag.error(msg.PK_NULLABLE, decl.type.span, code=msg.PRIMARY_KEY)
        keys = fk_key_columns(info, target)
        for key in keys:
            self.draft.columns.append(self._fk_column(info, key, is_pk))
        db_names = tuple(k.db_name for k in keys)
        self.draft.field_columns[info.name] = db_names
        self._foreign_key(info, db_names, [k.db_name for k in target])
        self._field_constraints(info, db_names, is_pk, relation=True)

    def _fk_column(self, info: FieldInfo, key: KeyColumn, is_pk: bool) -> ir.Column:
        column = ir.Column(
            name=key.attr,
            db_name=key.db_name,
            type=key.ctype,
            nullable=info.nullable and not is_pk,
            primary_key=is_pk,
            doc=info.decl.doc,
            relation=info.name,
            origin="relation",
            base=self.base,
            was=_renamed_fk(info.word("was"), info.name, key.attr),
            span=info.decl.name.span,
        )
        return replace(column, example=derive_example(column))

    def _foreign_key(
        self, info: FieldInfo, columns: tuple[str, ...], target_columns: list[str]
    ) -> None:
        assert info.target is not None
        target = self.keys.drafts[info.target].plan
        on_delete = self._action(info, "on_delete")
        on_update = self._action(info, "on_update")
        if on_delete == "set_null" and not info.nullable:
            self.bag.error(
                msg.SET_NULL_NOT_NULL,
                info.options["on_delete"].value.span,
                hint=msg.SET_NULL_HINT.format(type=info.target),
                related=[Related(info.decl.type.span, "the relation is declared here")],
                code=msg.BAD_VALUE,
            )
        self.draft.foreign_keys.append(
            ir.ForeignKey(
                name=constraint_name("fk", self.table, columns, target.table),
                columns=columns,
                target=info.target,
                target_table=target.table,
                target_schema=target.schema,
                target_columns=tuple(target_columns),
                on_delete=on_delete,
                on_update=on_update,
                span=info.decl.type.span,
            )
        )

    def _action(self, info: FieldInfo, key: str) -> ir.Action | None:
        option = info.options.get(key)
        if option is None:
            return None
        word = info.word(key)
        if word not in ACTIONS:
            shown = word if word is not None else "this value"
            hint = did_you_mean(word or "", ACTIONS) or msg.BAD_ACTION_HINT.format(
                valid=", ".join(ACTIONS)
            )
            self.bag.error(
                msg.BAD_ACTION.format(value=shown),
                option.value.span,
                hint=hint,
                code=msg.BAD_VALUE,
            )
            return None
        return cast(ir.Action, word)

    # -- indexes and constraints from flags --

    def _field_constraints(
        self,
        info: FieldInfo,
        columns: tuple[str, ...],
        is_pk: bool,
        relation: bool = False,
    ) -> None:
        unique, index = "unique" in info.flags, "index" in info.flags
        span = info.decl.name.span
        if unique and index:
            self._add_index(columns, unique=True, span=span)
        elif unique:
            name = constraint_name("uq", self.table, columns)
            constraint = ir.UniqueConstraint(name, columns, self.base, span)
            self.draft.uniques.append(constraint)
        elif index or (relation and not self._covered_by_pk(columns, is_pk)):
            self._add_index(columns, unique=False, span=span)

    def _covered_by_pk(self, columns: tuple[str, ...], is_pk: bool) -> bool:
        """Whether the key already serves lookups by ``columns`` (a leading part)."""
        if not is_pk:
            return False
        pk = [k.db_name for k in self.keys.columns(self.draft.name) or []]
        return tuple(pk[: len(columns)]) == columns

    def _add_index(
        self,
        columns: tuple[str, ...],
        unique: bool,
        span: Span,
        name: str | None = None,
        desc: tuple[bool, ...] = (),
        using: str | None = None,
        where: str | None = None,
    ) -> None:
        index_columns = tuple(
            ir.IndexColumn(c, bool(desc[i]) if i < len(desc) else False)
            for i, c in enumerate(columns)
        )
        self.draft.indexes.append(
            ir.Index(
                name=name or constraint_name("ix", self.table, columns),
                columns=index_columns,
                unique=unique,
                using=using,
                where=where,
                base=self.base,
                span=span,
            )
        )

    def _value_checks(self, info: FieldInfo, column: ir.Column) -> None:
        col = quote_ident(column.db_name)
        low, high = column.minimum, column.maximum
        name = column.db_name
        span = info.decl.name.span
        if low is not None and high is not None:
            self._add_check(
                f"{name}_range", f"{col} >= {low} AND {col} <= {high}", span
            )
        elif low is not None:
            self._add_check(f"{name}_min", f"{col} >= {low}", span)
        elif high is not None:
            self._add_check(f"{name}_max", f"{col} <= {high}", span)
        check = info.options.get("check")
        if check is not None:
            expr = info.word("check")
            if expr is None:
                self.bag.error(
                    msg.EXPECTED_STRING.format(name="check"),
                    check.value.span,
                    code=msg.BAD_VALUE,
                )
            else:
                self._add_check(name, expr, check.span)

    def _add_check(self, name: str, expr: str, span: Span) -> None:
        full = check_name(self.table, name)
        self.draft.checks.append(ir.CheckConstraint(full, expr, self.base, span))

    # -- block statements --

    def _statement(self, statement: ast.Member) -> None:
        if isinstance(statement, ast.IndexDecl):
            names = tuple(c.name for c in statement.columns)
            columns = self._columns_of(names)
            if columns is None:
                return
            desc = tuple(c.desc for c in statement.columns for _ in self._width(c.name))
            self._add_index(
                columns,
                statement.unique,
                statement.span,
                statement.name,
                desc,
                statement.using,
                statement.where,
            )
        elif isinstance(statement, ast.UniqueDecl):
            columns = self._columns_of(statement.columns)
            if columns is not None:
                name = statement.name or constraint_name("uq", self.table, columns)
                self.draft.uniques.append(
                    ir.UniqueConstraint(name, columns, self.base, statement.span)
                )
        elif isinstance(statement, ast.CheckDecl):
            if statement.name is None:
                # TODO: numbers shift when a check is added above another;
                # a name derived from the expression would be stabler.
                self.unnamed_checks += 1
                name = str(self.unnamed_checks)
            else:
                name = statement.name
            self._add_check(name, statement.expr, statement.span)

    def _width(self, name: ast.Name) -> tuple[str, ...]:
        return self.draft.field_columns.get(name.text, (name.text,))

    def _columns_of(self, names: Sequence[ast.Name]) -> tuple[str, ...] | None:
        """The database columns a statement's field names stand for."""
        by_attr = {c.name: c.db_name for c in self.draft.columns}
        out: list[str] = []
        ok = True
        for name in names:
            if name.text in self.draft.field_columns:
                out.extend(self.draft.field_columns[name.text])
            elif name.text in by_attr:
                out.append(by_attr[name.text])
            elif any(
                f.name == name.text and f.kind == "list" for f in self.draft.fields
            ):
                self.bag.error(
                    msg.INDEX_ON_RELATION_LIST.format(name=name.text),
                    name.span,
                    code=msg.BAD_VALUE,
                )
                ok = False
            else:
                # A field whose type failed to resolve was reported already.
                if not any(
                    f.decl.name.text == name.text for f in self.draft.plan.fields
                ):
                    _unknown_field(self.draft, name, self.bag)
                ok = False
        return tuple(out) if ok else None


def _renamed_fk(was: str | None, field_name: str, attr: str) -> str | None:
    """The previous name of an FK column when its relation field was renamed."""
    if was is None:
        return None
    return was + attr[len(field_name) :]
