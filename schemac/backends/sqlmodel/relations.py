"""Lowering IR relations to ``Relationship(...)`` attributes.

Each IR relation is one side; both sides are in the IR, so each model writes
its own. SQLAlchemy needs help where the foreign keys alone are ambiguous:
``foreign_keys`` when more than one foreign key joins the two tables,
``remote_side`` on the many-to-one side of a self-relation.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemac.backends import UnsupportedError
from schemac.backends.sqlmodel import pyfmt
from schemac.backends.sqlmodel.context import ModuleContext
from schemac.backends.sqlmodel.pyfmt import Node, Str
from schemac.compiler import ir

_REVERSE = frozenset({"one_to_many", "one_to_one_reverse"})
_TO_ONE = frozenset({"many_to_one", "one_to_one", "one_to_one_reverse"})

_KIND_WORDS = {
    "many_to_one": "many-to-one",
    "one_to_one": "one-to-one",
    "one_to_many": "one-to-many",
    "one_to_one_reverse": "one-to-one",
    "many_to_many": "many-to-many",
}


@dataclass(frozen=True)
class RelationView:
    """One lowered relation: its source lines and what it needs imported.

    Attributes:
        lines: The attribute's source lines.
        target: The class the annotation names (imported under TYPE_CHECKING
            in package layout).
        link_model: The link model, imported for real when there is one.
    """

    lines: tuple[str, ...]
    target: str
    link_model: str | None


def lower_relation(
    model: ir.Model, relation: ir.Relation, ctx: ModuleContext
) -> RelationView:
    """The ``Relationship`` attribute for one side of a relation."""
    target = _model(ctx.schema, relation.target)
    holder, foreign_key = _foreign_key(ctx.schema, model, target, relation)
    kwargs: dict[str, Node] = {"back_populates": Str(relation.back)}
    rel_kwargs: list[tuple[str, Node]] = []

    if relation.link_model:
        kwargs["link_model"] = relation.link_model
        if _link_has_relations(ctx.schema, relation):
            # The link rows carry fields of their own and are written through
            # the link model's relations; this side only reads through them.
            # TODO: a through= link with no fields of its own could stay
            # writable with overlaps= naming the link model's relations.
            rel_kwargs.append(("viewonly", "True"))
        rel_kwargs.extend(_self_link_joins(ctx.schema, model, relation))
    if relation.cascade_delete:
        kwargs["cascade_delete"] = "True"
        kwargs["passive_deletes"] = "True"
    elif (
        foreign_key is not None
        and holder is target
        and foreign_key.on_delete
        in (
            "set_null",
            "cascade",
        )
    ):
        kwargs["passive_deletes"] = "True"
    if foreign_key is not None and _paths_between(model, target) > 1:
        columns = ", ".join(f"{holder.name}.{c}" for c in relation.columns)
        rel_kwargs.append(("foreign_keys", Str(f"[{columns}]")))
    if model.name == target.name and relation.kind in ("many_to_one", "one_to_one"):
        rel_kwargs.append(("remote_side", Str(_remote_side(target, foreign_key))))
    if relation.kind == "one_to_one_reverse":
        rel_kwargs.append(("uselist", "False"))
    if rel_kwargs:
        kwargs["sa_relationship_kwargs"] = pyfmt.dict_node(rel_kwargs)

    annotation = _annotation(relation, ctx)
    node = pyfmt.call(ctx.imports.add("sqlmodel", "Relationship"), **kwargs)
    lines = pyfmt.render(node, 1, f"{relation.name}: {annotation} = ")
    return RelationView(tuple(lines), relation.target, relation.link_model)


def describe_relation(schema: ir.Schema, model: ir.Model, relation: ir.Relation) -> str:
    """A one-line description for the model's docstring."""
    kind = _KIND_WORDS[relation.kind]
    if relation.doc:
        return f"{relation.doc} ({kind})."
    target, this = relation.target, model.name
    if relation.kind in ("many_to_one", "one_to_one"):
        text = f"The {target} this {this} belongs to"
    elif relation.kind == "one_to_one_reverse":
        text = f"The {target} that belongs to this {this}, if any"
    elif relation.kind == "one_to_many":
        text = f"The {target} rows that belong to this {this}"
    else:
        text = f"The {target} rows linked to this {this}"
        if relation.link_model and _link_has_relations(schema, relation):
            text += f", read-only (write {relation.link_model} rows)"
    if relation.cascade_delete:
        text += ", deleted with it"
    return f"{text} ({kind})."


def _annotation(relation: ir.Relation, ctx: ModuleContext) -> str:
    if relation.kind in _TO_ONE:
        optional = ctx.imports.add("typing", "Optional")
        return f'{optional}["{relation.target}"]'
    return f'list["{relation.target}"]'


def _model(schema: ir.Schema, name: str) -> ir.Model:
    try:
        return schema.model(name)
    except KeyError:
        raise UnsupportedError(f"relation to unknown model '{name}'") from None


def _foreign_key(
    schema: ir.Schema, model: ir.Model, target: ir.Model, relation: ir.Relation
) -> tuple[ir.Model, ir.ForeignKey | None]:
    """The model holding the relation's foreign key, and that key."""
    if relation.kind == "many_to_many":
        return model, None
    holder = model if relation.kind in ("many_to_one", "one_to_one") else target
    other = target if holder is model else model
    db_columns = tuple(_db_name(holder, c) for c in relation.columns)
    for foreign_key in holder.foreign_keys:
        if foreign_key.columns == db_columns and foreign_key.target == other.name:
            return holder, foreign_key
    raise UnsupportedError(
        f"{model.name}.{relation.name}: no foreign key on {holder.name} "
        f"with columns {', '.join(relation.columns) or '(none)'}"
    )


def _db_name(model: ir.Model, attribute: str) -> str:
    for column in model.columns:
        if column.name == attribute:
            return column.db_name
    raise UnsupportedError(f"{model.name} has no column '{attribute}'")


def _paths_between(model: ir.Model, target: ir.Model) -> int:
    """How many foreign keys join the two tables, either way."""
    count = sum(1 for fk in model.foreign_keys if fk.target == target.name)
    if model.name != target.name:
        count += sum(1 for fk in target.foreign_keys if fk.target == model.name)
    return count


def _remote_side(target: ir.Model, foreign_key: ir.ForeignKey | None) -> str:
    if foreign_key is None:
        raise UnsupportedError(f"self-relation on {target.name} without a foreign key")
    by_db = {c.db_name: c.name for c in target.columns}
    names = [f"{target.name}.{by_db[c]}" for c in foreign_key.target_columns]
    return names[0] if len(names) == 1 else "[" + ", ".join(names) + "]"


def _link_has_relations(schema: ir.Schema, relation: ir.Relation) -> bool:
    """Whether the link model has relations of its own (a ``through=`` model),
    which makes this side read-only."""
    link = _model(schema, relation.link_model or "")
    return bool(link.relations)


def _self_link_joins(
    schema: ir.Schema, model: ir.Model, relation: ir.Relation
) -> list[tuple[str, Node]]:
    """``primaryjoin``/``secondaryjoin`` for a model linked to itself.

    With both link foreign keys pointing at one table SQLAlchemy cannot tell
    which is this side's; ``relation.columns`` names the link columns that
    point at this side, the link's other foreign key the far side.
    """
    link = _model(schema, relation.link_model or "")
    keys = [fk for fk in link.foreign_keys if fk.target == model.name]
    if relation.target != model.name or len(keys) < 2:
        return []
    own = tuple(_db_name(link, c) for c in relation.columns)
    near = [fk for fk in keys if fk.columns == own]
    far = [fk for fk in keys if fk.columns != own]
    if len(near) != 1 or len(far) != 1:
        raise UnsupportedError(
            f"{model.name}.{relation.name}: cannot tell which foreign key of "
            f"{link.name} points at this side"
        )
    return [
        ("primaryjoin", Str(_join(model, link, near[0]))),
        ("secondaryjoin", Str(_join(model, link, far[0]))),
    ]


def _join(model: ir.Model, link: ir.Model, foreign_key: ir.ForeignKey) -> str:
    by_db = {c.db_name: c.name for c in model.columns}
    link_by_db = {c.db_name: c.name for c in link.columns}
    terms = [
        f"{model.name}.{by_db[target]} == {link.name}.{link_by_db[column]}"
        for column, target in zip(
            foreign_key.columns, foreign_key.target_columns, strict=True
        )
    ]
    return terms[0] if len(terms) == 1 else "and_(" + ", ".join(terms) + ")"
