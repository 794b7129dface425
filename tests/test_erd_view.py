"""What the diagram shows: selection, markers, cardinalities, options."""

from __future__ import annotations

import pytest
from test_erd_helpers import awkward_schema, todo_schema

from schemac.backends.erd import ErdOptions, build_diagram
from schemac.backends.erd.mermaid import attribute_name, entity_name, type_word
from schemac.backends.erd.options import format_for_suffix, parse_settings
from schemac.backends.erd.view import Diagram, EdgeView
from schemac.errors import ConfigError


def _edge(diagram: Diagram, child: str, column: str) -> EdgeView:
    return next(
        e for e in diagram.edges if e.child == child and e.child_column == column
    )


def test_columns_carry_key_markers_and_nullability() -> None:
    diagram = build_diagram(todo_schema(), ErdOptions())
    users = diagram.table("User")
    assert users.column("id").markers == ("PK",)
    assert users.column("email").markers == ("UQ",)
    assert users.column("name").nullable
    assert diagram.table("TodoTag").column("todo_id").markers == ("PK", "FK")


def test_cardinality_follows_nullability_and_uniqueness() -> None:
    diagram = build_diagram(awkward_schema(), ErdOptions())
    parent = _edge(diagram, "Class", "parent_id")
    assert (parent.parent_end, parent.child_end) == ("zero_or_one", "zero_or_many")
    owner = _edge(diagram, "Profile", "owner_id")  # unique: one-to-one
    assert (owner.parent_end, owner.child_end) == ("one", "zero_or_one")
    assert owner.label == "owner"
    composite = _edge(diagram, "Profile", "region")
    assert composite.label == "region, code"
    assert "area(region, code)" in composite.detail


def test_referenced_but_undefined_table_is_drawn_as_external() -> None:
    diagram = build_diagram(awkward_schema(), ErdOptions())
    external = diagram.table("<auth.accounts>")
    assert external.external and external.schema == "auth"
    assert _edge(diagram, "Profile", "account_id").parent == "<auth.accounts>"


def test_link_table_is_drawn_or_collapsed() -> None:
    drawn = build_diagram(todo_schema(), ErdOptions())
    assert drawn.table("TodoTag").is_link
    assert not any(e.many_to_many for e in drawn.edges)

    collapsed = build_diagram(todo_schema(), ErdOptions(collapse_m2m=True))
    assert "TodoTag" not in {t.key for t in collapsed.tables}
    (m2m,) = [e for e in collapsed.edges if e.many_to_many]
    assert (m2m.parent, m2m.child, m2m.label) == ("Todo", "Tag", "tags")
    assert m2m.parent_end == m2m.child_end == "zero_or_many"


def test_include_exclude_globs_and_links_follow_their_ends() -> None:
    diagram = build_diagram(todo_schema(), ErdOptions(include=("t*",)))
    assert [t.key for t in diagram.tables] == ["Todo", "Tag", "TodoTag"]
    assert all(e.parent != "User" for e in diagram.edges)

    diagram = build_diagram(todo_schema(), ErdOptions(include=("TODOS", "users")))
    assert [t.key for t in diagram.tables] == ["User", "Todo"]

    diagram = build_diagram(todo_schema(), ErdOptions(exclude=("todo_tags",)))
    assert "TodoTag" not in {t.key for t in diagram.tables}


@pytest.mark.parametrize("option", ["include", "exclude"])
def test_pattern_matching_nothing_is_an_error_with_a_hint(option: str) -> None:
    with pytest.raises(ConfigError, match=r"'usres' matches no table.*'users'"):
        build_diagram(todo_schema(), ErdOptions(**{option: ("usres",)}))


def test_excluding_everything_is_an_error() -> None:
    with pytest.raises(ConfigError, match="no table"):
        build_diagram(todo_schema(), ErdOptions(exclude=("*",)))


def test_keys_only_keeps_key_columns_and_their_enums_only() -> None:
    diagram = build_diagram(todo_schema(), ErdOptions(keys_only=True))
    assert [c.name for c in diagram.table("Todo").columns] == ["id", "user_id"]
    assert [c.name for c in diagram.table("User").columns] == ["id", "email"]
    assert diagram.enums == ()


def test_docs_can_be_hidden() -> None:
    shown = build_diagram(todo_schema(), ErdOptions())
    assert shown.table("User").doc == "A person who can sign in."
    hidden = build_diagram(todo_schema(), ErdOptions(docs=False))
    assert hidden.table("User").doc is None
    assert hidden.table("User").column("email").doc is None


def test_enum_styles() -> None:
    nodes = build_diagram(todo_schema(), ErdOptions())
    assert [e.name for e in nodes.enums] == ["todo_status"]
    assert [(u.table, u.column) for u in nodes.enum_uses] == [("Todo", "status")]

    inline = build_diagram(todo_schema(), ErdOptions(enums="inline"))
    assert inline.enums == ()
    status = inline.table("Todo").column("status")
    assert status.enum_values == ("pending", "in_progress", "completed")

    with pytest.raises(ConfigError, match="enum style"):
        ErdOptions(enums="bubbles")


def test_ids_are_unique_and_safe() -> None:
    diagram = build_diagram(awkward_schema(), ErdOptions())
    ids = [t.id for t in diagram.tables] + [e.id for e in diagram.enums]
    ids += [e.id for e in diagram.edges] + [u.id for u in diagram.enum_uses]
    assert len(ids) == len(set(ids))
    assert all(i.replace("_", "").isalnum() and i.isascii() for i in ids)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("decimal(10,2)", "decimal_10_2"),
        ("int[]", "int_array"),
        ("str(20)[]", "str_20_array"),
        ("pk", "pk_"),
        ("?", "unknown"),
    ],
)
def test_mermaid_type_words(text: str, expected: str) -> None:
    assert type_word(text) == expected


def test_mermaid_names() -> None:
    assert entity_name("billing.class") == "billing__class"
    assert entity_name("end") == "end_"
    assert entity_name("2fa codes") == "_2fa_codes"
    assert attribute_name("FK") == "FK_"
    assert attribute_name("end") == "end"


def test_settings_are_checked() -> None:
    settings = parse_settings({"formats": ["mermaid", "svg"], "out": "docs"})
    assert settings.path("mermaid") == "docs/schema.mmd"
    with pytest.raises(ConfigError, match="unknown key"):
        parse_settings({"format": ["svg"]})
    with pytest.raises(ConfigError, match="binary"):
        parse_settings({"formats": ["png"]})
    with pytest.raises(ConfigError, match="unknown ERD format"):
        parse_settings({"formats": ["jpeg"]})
    with pytest.raises(ConfigError, match="keys_only must be true or false"):
        parse_settings({"keys_only": "yes"})
    with pytest.raises(ConfigError, match="include must be a list"):
        parse_settings({"include": "users"})


def test_format_from_suffix() -> None:
    assert format_for_suffix("a/b.SVG") == "svg"
    assert format_for_suffix("x.gv") == "dot"
    assert format_for_suffix("x.mmd") == "mermaid"
    with pytest.raises(ConfigError, match="cannot tell the diagram format"):
        format_for_suffix("x.jpeg")
