"""Relation inference: both sides of every relationship, and link tables.

A relation field (``owner: User``) already has its foreign-key columns when
this step runs. Here each one gets its :class:`ir.Relation` and the inferred
reverse side on the target. A list field (``tags: Tag[]``) either names the
reverse side of a foreign key the target holds (one-to-many) or is a
many-to-many relation through a link model, implicit or ``through=``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from schemac.compiler import ast, ir
from schemac.compiler import messages as msg
from schemac.compiler.examples import derive_example
from schemac.compiler.lower import FieldInfo, KeyColumn, KeyResolver, ModelDraft
from schemac.compiler.naming import (
    constraint_name,
    pascal_case,
    plural_table_name,
    singular_snake,
    snake_case,
)
from schemac.compiler.resolve import ModelPlan
from schemac.diagnostics import DiagnosticBag, Related
from schemac.source import Span


@dataclass
class _Side:
    """A relation or list field of a model, while its partner is looked for."""

    draft: ModelDraft
    info: FieldInfo
    partner: _Side | None = None

    @property
    def back(self) -> str | None:
        return self.info.word("back")

    @property
    def target(self) -> str:
        assert self.info.target is not None
        return self.info.target

    @property
    def span(self) -> Span:
        return self.info.decl.type.span


def infer_relations(
    drafts: dict[str, ModelDraft], keys: KeyResolver, bag: DiagnosticBag
) -> list[ModelDraft]:
    """Add every relation to ``drafts``; return the link models made on the way."""
    forwards = [
        _Side(d, f)
        for d in drafts.values()
        for f in d.fields
        if f.kind == "relation" and f.name in d.field_columns
    ]
    lists = [_Side(d, f) for d in drafts.values() for f in d.fields if f.kind == "list"]

    _pair_lists_with_keys(lists, forwards)
    _pair_lists(lists)
    ambiguous = _check_ambiguous(forwards, bag)
    for side in forwards:
        if id(side) not in ambiguous:
            _add_foreign_relation(side, drafts, bag)

    links = _Links(drafts, keys, bag)
    for side in lists:
        if side.partner is None or side.partner.info.kind == "list":
            links.add(side)
    return links.made


def declare_relations(draft: ModelDraft) -> None:
    """The relations an abstract base declares, as written: no reverse sides.

    A base has no table, so nothing points back at it and it has no link
    tables; the models that list it get the real relations. A list field is
    recorded as many-to-many, its ``through=`` model, if any, as the link.
    """
    for info in draft.fields:
        if info.kind == "relation" and info.name in draft.field_columns:
            side = _Side(draft, info)
            columns = tuple(c.name for c in draft.columns if c.relation == info.name)
            relation = ir.Relation(
                info.name, _kind(side), side.target, _reverse_name(side), columns
            )
        elif info.kind == "list" and info.target is not None:
            back = info.word("back") or plural_table_name(draft.name)
            relation = ir.Relation(
                info.name, "many_to_many", info.target, back, (), info.word("through")
            )
        else:
            continue
        draft.relations.append(
            replace(
                relation,
                nullable=info.nullable and info.kind == "relation",
                doc=info.decl.doc,
                base=info.source.base,
                span=info.decl.name.span,
            )
        )


# ---- pairing ---------------------------------------------------------------


def _pair_lists_with_keys(lists: list[_Side], forwards: list[_Side]) -> None:
    """Match ``todos: Todo[]`` on User with ``owner: User`` on Todo."""
    for side in lists:
        if side.info.word("through"):
            continue
        candidates = [
            f
            for f in forwards
            if f.partner is None
            and f.draft.name == side.target
            and f.target == side.draft.name
            and f.info is not side.info
        ]
        named = [
            f
            for f in candidates
            if f.back == side.info.name or f.info.name == side.back
        ]
        loose = [f for f in candidates if f.back is None]
        chosen = named or (loose if side.back is None else [])
        if len(chosen) == 1:
            side.partner, chosen[0].partner = chosen[0], side


def _pair_lists(lists: list[_Side]) -> None:
    """Match ``tags: Tag[]`` on Todo with ``todos: Todo[]`` on Tag."""
    for side in lists:
        if side.partner is not None:
            continue
        candidates = [
            o
            for o in lists
            if o is not side
            and o.partner is None
            and o.draft.name == side.target
            and o.target == side.draft.name
            and o.info.word("through") == side.info.word("through")
        ]
        named = [
            o
            for o in candidates
            if o.back == side.info.name or o.info.name == side.back
        ]
        loose = [o for o in candidates if o.back is None and side.back is None]
        chosen = named or loose
        if len(chosen) == 1:
            side.partner, chosen[0].partner = chosen[0], side


def _check_ambiguous(forwards: list[_Side], bag: DiagnosticBag) -> set[int]:
    """Two relations from one model to another need distinct back= names.

    Returns:
        The ids of the sides reported, which get no relation.
    """
    reported: set[int] = set()
    groups: dict[tuple[str, str], list[_Side]] = defaultdict(list)
    for side in forwards:
        groups[(side.draft.name, side.target)].append(side)
    for (model, target), sides in groups.items():
        if len(sides) < 2:
            continue
        names = [_reverse_name(s) for s in sides]
        for side, name in zip(sides, names, strict=True):
            explicit = side.back is not None or side.partner is not None
            if explicit and names.count(name) == 1:
                continue
            others = [o for o in sides if o is not side]
            bag.error(
                msg.AMBIGUOUS_BACK.format(model=model, count=len(sides), target=target),
                side.span,
                hint=msg.AMBIGUOUS_BACK_HINT.format(
                    suggestion=f"{side.info.name}_{plural_table_name(model)}"
                ),
                related=[Related(o.span, msg.ALSO_HERE) for o in others],
                code=msg.RELATION,
            )
            reported.add(id(side))
    return reported


# ---- foreign-key relations ---------------------------------------------------


def _kind(side: _Side) -> ir.RelationKind:
    """``one_to_one`` when the key is unique on its own, else ``many_to_one``."""
    if "unique" in side.info.flags:
        return "one_to_one"
    columns = side.draft.field_columns[side.info.name]
    pk = [c.db_name for c in side.draft.columns if c.primary_key]
    return "one_to_one" if list(columns) == pk else "many_to_one"


def _reverse_name(side: _Side) -> str:
    if side.partner is not None:
        return side.partner.info.name
    if side.back is not None:
        return side.back
    if _kind(side) == "one_to_one":
        return singular_snake(side.draft.name)
    return plural_table_name(side.draft.name)


def _add_foreign_relation(
    side: _Side, drafts: dict[str, ModelDraft], bag: DiagnosticBag
) -> None:
    info, draft = side.info, side.draft
    target = drafts[side.target]
    kind = _kind(side)
    reverse = _reverse_name(side)
    if target is draft and side.partner is None and side.back is None:
        bag.error(
            msg.SELF_NEEDS_BACK.format(model=draft.name),
            side.span,
            hint=msg.SELF_NEEDS_BACK_HINT.format(suggestion=_self_suggestion(info)),
            code=msg.RELATION,
        )
        return
    columns = tuple(c.name for c in draft.columns if c.relation == info.name)
    cascade = _on_delete(draft, info) == "cascade"
    draft.relations.append(
        ir.Relation(
            name=info.name,
            kind=kind,
            target=target.name,
            back=reverse,
            columns=columns,
            nullable=info.nullable,
            declared=True,
            doc=info.decl.doc,
            base=info.source.base,
            span=info.decl.name.span,
        )
    )
    partner = side.partner
    if partner is None and not _free(target, reverse, side, bag):
        return
    target.relations.append(
        ir.Relation(
            name=reverse,
            kind="one_to_one_reverse" if kind == "one_to_one" else "one_to_many",
            target=draft.name,
            back=info.name,
            columns=columns,
            nullable=kind == "one_to_one",
            cascade_delete=cascade,
            declared=partner is not None,
            doc=partner.info.decl.doc if partner else None,
            base=partner.info.source.base if partner else None,
            span=partner.info.decl.name.span if partner else info.decl.name.span,
        )
    )


def _on_delete(draft: ModelDraft, info: FieldInfo) -> str | None:
    columns = draft.field_columns[info.name]
    for fk in draft.foreign_keys:
        if fk.columns == columns:
            return fk.on_delete
    return None


def _self_suggestion(info: FieldInfo) -> str:
    return "children" if info.name == "parent" else f"{info.name}_of"


def _free(target: ModelDraft, name: str, side: _Side, bag: DiagnosticBag) -> bool:
    """Whether ``name`` is still free on ``target``; reports a clash if not."""
    if name not in target.attribute_names():
        return True
    bag.error(
        msg.REVERSE_CLASH.format(
            model=side.draft.name, field=side.info.name, target=target.name, name=name
        ),
        side.span,
        hint=msg.REVERSE_CLASH_HINT,
        code=msg.RELATION,
    )
    return False


# ---- many-to-many --------------------------------------------------------------


class _Links:
    """Makes the many-to-many relations and the link models they need."""

    def __init__(
        self, drafts: dict[str, ModelDraft], keys: KeyResolver, bag: DiagnosticBag
    ) -> None:
        self.drafts = drafts
        self.keys = keys
        self.bag = bag
        self.made: list[ModelDraft] = []
        self._done: set[int] = set()

    def add(self, side: _Side) -> None:
        """Both many-to-many relations of ``side`` (and its partner, if any)."""
        if id(side) in self._done:
            return
        self._done.add(id(side))
        partner = side.partner
        if partner is not None:
            self._done.add(id(partner))
        target = self.drafts[side.target]
        if target is side.draft and partner is None and side.back is None:
            self.bag.error(
                msg.SELF_NEEDS_BACK.format(model=side.draft.name),
                side.span,
                hint=msg.SELF_NEEDS_BACK_HINT.format(suggestion=f"{side.info.name}_of"),
                code=msg.RELATION,
            )
            return
        through = side.info.word("through")
        link = self._explicit(side, through) if through else self._implicit(side)
        if link is None:
            return
        model, mine, theirs = link
        back = (
            partner.info.name
            if partner
            else side.back or plural_table_name(side.draft.name)
        )
        side.draft.relations.append(
            self._relation(side.info, side.target, back, model, mine, True)
        )
        if partner is None and not _free(target, back, side, self.bag):
            return
        info = partner.info if partner else side.info
        target.relations.append(
            replace(
                self._relation(
                    info,
                    side.draft.name,
                    side.info.name,
                    model,
                    theirs,
                    partner is not None,
                ),
                name=back,
            )
        )

    def _relation(
        self,
        info: FieldInfo,
        target: str,
        back: str,
        link: str,
        columns: tuple[str, ...],
        declared: bool,
    ) -> ir.Relation:
        return ir.Relation(
            name=info.name,
            kind="many_to_many",
            target=target,
            back=back,
            columns=columns,
            link_model=link,
            nullable=False,
            declared=declared,
            doc=info.decl.doc if declared else None,
            base=info.source.base if declared else None,
            span=info.decl.name.span,
        )

    def _explicit(
        self, side: _Side, through: str
    ) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
        option = side.info.options["through"]
        link = self.drafts.get(through)
        to_me = [] if link is None else self._fk_fields(link, side.draft.name)
        to_them = [] if link is None else self._fk_fields(link, side.target)
        if side.target == side.draft.name:
            to_me, to_them = to_me[:1], to_me[1:2]
        if link is None or not to_me or not to_them:
            self.bag.error(
                msg.THROUGH_NOT_LINK.format(
                    through=through, a=side.draft.name, b=side.target
                ),
                option.value.span,
                code=msg.RELATION,
            )
            return None
        return link.name, self._attrs(link, to_me[0]), self._attrs(link, to_them[0])

    @staticmethod
    def _fk_fields(link: ModelDraft, target: str) -> list[str]:
        return [
            f.name
            for f in link.fields
            if f.kind == "relation"
            and f.target == target
            and f.name in link.field_columns
        ]

    @staticmethod
    def _attrs(link: ModelDraft, field_name: str) -> tuple[str, ...]:
        return tuple(c.name for c in link.columns if c.relation == field_name)

    def _implicit(
        self, side: _Side
    ) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
        mine = self.keys.columns(side.draft.name)
        theirs = self.keys.columns(side.target)
        if mine is None or theirs is None:
            return None
        source, target = side.draft, self.drafts[side.target]
        name = self._link_name(side)
        left = snake_case(source.name)
        right = snake_case(target.name)
        if right == left:
            right = singular_snake(side.info.name)
        plan = ModelPlan(
            decl=ast.ModelDecl(
                ast.Name(name, side.info.decl.name.span),
                False,
                (),
                f"Links {source.name} and {target.name} (many-to-many).",
                (),
                side.info.decl.span,
            ),
            table=plural_table_name(name),
            schema=source.plan.schema,
            was=None,
            fields=[],
            statements=[],
            bases=(),
        )
        link = ModelDraft(plan, [], is_link=True)
        a = self._link_side(link, left, mine, source)
        b = self._link_side(link, right, theirs, target)
        link.primary_key = [c.db_name for c in link.columns]
        index_columns = tuple(c.db_name for c in link.columns if c.name in b)
        link.indexes.append(
            ir.Index(
                constraint_name("ix", link.table, index_columns),
                tuple(ir.IndexColumn(c) for c in index_columns),
            )
        )
        self.made.append(link)
        return name, a, b

    def _link_name(self, side: _Side) -> str:
        taken = set(self.drafts) | {m.name for m in self.made}
        name = side.draft.name + side.target
        if name in taken or side.draft.name == side.target:
            # ``follows: User[]`` on User: ``UserFollow``, table user_follows.
            name = side.draft.name + pascal_case(singular_snake(side.info.name))
        suffix = 2
        base = name
        while name in taken:
            name, suffix = f"{base}{suffix}", suffix + 1
        return name

    def _link_side(
        self, link: ModelDraft, prefix: str, keys: list[KeyColumn], target: ModelDraft
    ) -> tuple[str, ...]:
        columns: list[str] = []
        for key in keys:
            column = ir.Column(
                name=f"{prefix}_{key.attr}",
                db_name=f"{prefix}_{key.db_name}",
                type=key.ctype,
                nullable=False,
                primary_key=True,
                origin="link",
            )
            link.columns.append(replace(column, example=derive_example(column)))
            columns.append(column.name)
        db_names = tuple(f"{prefix}_{k.db_name}" for k in keys)
        link.foreign_keys.append(
            ir.ForeignKey(
                name=constraint_name("fk", link.table, db_names, target.table),
                columns=db_names,
                target=target.name,
                target_table=target.table,
                target_schema=target.plan.schema,
                target_columns=tuple(k.db_name for k in keys),
                on_delete="cascade",
            )
        )
        return tuple(columns)
