"""Name resolution: the declarations of a build, and each model's members.

:func:`resolve_symbols` gathers every enum and model of all modules (names
are global across the files of one build) and reports duplicates.
:func:`resolve_model` flattens one model: the members of its abstract bases
first, then its own, with ``timestamps``/``soft_delete`` expanded into fields
and its settings (``table``, ``schema``, ``was``) read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from schemac.compiler import ast, ir
from schemac.compiler import messages as msg
from schemac.compiler.naming import plural_table_name
from schemac.diagnostics import DiagnosticBag, Related, did_you_mean
from schemac.source import Span

MIXINS = ("timestamps", "soft_delete")
MODEL_SETTINGS = ("table", "schema", "was")
ENUM_SETTINGS = ("schema", "was")

Statement = ast.IndexDecl | ast.UniqueDecl | ast.CheckDecl | ast.PrimaryKeyDecl


@dataclass
class Symbols:
    """Every declaration of a build, by name, in declaration order."""

    enums: dict[str, ast.EnumDecl] = field(default_factory=dict)
    models: dict[str, ast.ModelDecl] = field(default_factory=dict)
    abstracts: dict[str, ast.ModelDecl] = field(default_factory=dict)

    def all_names(self) -> list[str]:
        """Names a type reference could mean, for did-you-mean hints."""
        return [*self.enums, *self.models, *self.abstracts]


@dataclass(frozen=True)
class FieldSource:
    """A field of a flattened model, what put it there and which base, if any."""

    decl: ast.FieldDecl
    origin: ir.ColumnOrigin
    base: str | None = None


@dataclass(frozen=True)
class StatementSource:
    """A block statement of a flattened model and the base it came from, if any."""

    decl: Statement
    base: str | None = None


@dataclass
class ModelPlan:
    """One concrete model after its bases, mixins and settings are applied."""

    decl: ast.ModelDecl
    table: str
    schema: str | None
    was: str | None
    fields: list[FieldSource]
    statements: list[StatementSource]
    bases: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.decl.name.text


def resolve_symbols(modules: Sequence[ast.Module], bag: DiagnosticBag) -> Symbols:
    """Collect the enums and models of ``modules``; report names declared twice."""
    symbols = Symbols()
    seen: dict[str, ast.Name] = {}
    for module in modules:
        for decl in module.declarations:
            first = seen.get(decl.name.text)
            if first is not None:
                bag.error(
                    msg.DUPLICATE_DECL.format(name=decl.name.text),
                    decl.name.span,
                    related=[Related(first.span, msg.FIRST_HERE)],
                    code=msg.DUPLICATE,
                )
                continue
            seen[decl.name.text] = decl.name
            if isinstance(decl, ast.EnumDecl):
                symbols.enums[decl.name.text] = decl
            elif decl.abstract:
                symbols.abstracts[decl.name.text] = decl
            else:
                symbols.models[decl.name.text] = decl
    return symbols


def resolve_model(
    decl: ast.ModelDecl, symbols: Symbols, bag: DiagnosticBag
) -> ModelPlan:
    """Flatten ``decl``: base members first, then its own, mixins expanded.

    Abstract models are flattened the same way (their bases' members first).
    """
    plan = ModelPlan(decl, plural_table_name(decl.name.text), None, None, [], [], ())
    plan.bases = tuple(b.text for b in decl.bases)
    seen: dict[str, ast.Name] = {}
    for member, base in _members(decl, symbols, bag, ()):
        if isinstance(member, ast.Setting):
            _apply_setting(plan, member, bag)
        elif isinstance(member, ast.Mixin):
            for source in expand_mixin(member, bag):
                _add_field(plan, replace(source, base=base), seen, bag)
        elif isinstance(member, ast.FieldDecl):
            _add_field(plan, FieldSource(member, "field", base), seen, bag)
        else:
            plan.statements.append(StatementSource(member, base))
    return plan


def _members(
    decl: ast.ModelDecl,
    symbols: Symbols,
    bag: DiagnosticBag,
    chain: tuple[str, ...],
) -> list[tuple[ast.Member, str | None]]:
    """The members of ``decl`` with those of its bases in front, recursively.

    Each comes with the abstract base that declared it (None: ``decl`` itself).
    """
    out: list[tuple[ast.Member, str | None]] = []
    for base in decl.bases:
        parent = symbols.abstracts.get(base.text)
        if parent is None:
            _unknown_base(base, symbols, bag)
        elif base.text in chain or base.text == decl.name.text:
            bag.error(
                msg.BASE_CYCLE.format(name=base.text), base.span, code=msg.NAME_CLASH
            )
        else:
            inherited = _members(parent, symbols, bag, (*chain, decl.name.text))
            # Settings (table, schema, was) belong to one model; not inherited.
            out.extend(
                (member, owner or base.text)
                for member, owner in inherited
                if not isinstance(member, ast.Setting)
            )
    out.extend((member, None) for member in decl.members)
    return out


def _unknown_base(base: ast.Name, symbols: Symbols, bag: DiagnosticBag) -> None:
    if base.text in symbols.models:
        bag.error(
            msg.BASE_NOT_ABSTRACT.format(name=base.text),
            base.span,
            code=msg.UNKNOWN_NAME,
        )
        return
    bag.error(
        msg.UNKNOWN_BASE.format(name=base.text),
        base.span,
        hint=did_you_mean(base.text, symbols.abstracts),
        code=msg.UNKNOWN_NAME,
    )


def _add_field(
    plan: ModelPlan, source: FieldSource, seen: dict[str, ast.Name], bag: DiagnosticBag
) -> None:
    name = source.decl.name
    first = seen.get(name.text)
    if first is not None:
        bag.error(
            msg.DUPLICATE_FIELD.format(model=plan.name, name=name.text),
            name.span,
            related=[Related(first.span, msg.FIRST_HERE)],
            code=msg.DUPLICATE,
        )
        return
    seen[name.text] = name
    plan.fields.append(source)


def expand_mixin(mixin: ast.Mixin, bag: DiagnosticBag) -> list[FieldSource]:
    """The fields ``timestamps`` or ``soft_delete`` stand for."""
    span = mixin.span
    if mixin.name == "timestamps":
        now = ast.Call("now", (), span)
        auto = (ast.Flag("auto_now", span),)
        return [
            FieldSource(_synthetic("created_at", False, now, (), span), "timestamps"),
            FieldSource(_synthetic("updated_at", False, now, auto, span), "timestamps"),
        ]
    if mixin.name == "soft_delete":
        return [
            FieldSource(_synthetic("deleted_at", True, None, (), span), "soft_delete")
        ]
    bag.error(
        msg.UNKNOWN_MIXIN.format(name=mixin.name),
        span,
        hint=did_you_mean(mixin.name, MIXINS),
        code=msg.UNKNOWN_KEY,
    )
    return []


def _synthetic(
    name: str,
    nullable: bool,
    default: ast.Value | None,
    flags: tuple[ast.Flag, ...],
    span: Span,
) -> ast.FieldDecl:
    type_ref = ast.TypeRef("datetime", (), False, nullable, span)
    return ast.FieldDecl(ast.Name(name, span), type_ref, default, flags, (), None, span)


def _apply_setting(plan: ModelPlan, setting: ast.Setting, bag: DiagnosticBag) -> None:
    if setting.key not in MODEL_SETTINGS:
        bag.error(
            msg.UNKNOWN_SETTING.format(name=setting.key),
            setting.span,
            hint=did_you_mean(setting.key, MODEL_SETTINGS + MIXINS),
            code=msg.UNKNOWN_KEY,
        )
    elif setting.key == "table":
        plan.table = setting.value
    elif setting.key == "schema":
        plan.schema = setting.value
    else:
        plan.was = setting.value


def key_span(option: ast.Option) -> Span:
    """The span of an option's key (``on_delete`` in ``on_delete=cascade``)."""
    span = option.span
    return Span(
        span.file, span.line, span.column, span.line, span.column + len(option.key)
    )
