"""The .dbs parser: one test per construct, checking the AST it builds."""

from __future__ import annotations

import pytest

from schemac.compiler import ast
from schemac.compiler.parser import parse_dbs
from schemac.diagnostics import DiagnosticBag
from schemac.source import SourceFile


def parse(text: str) -> ast.Module:
    bag = DiagnosticBag()
    module = parse_dbs(SourceFile("t.dbs", text), bag)
    assert not bag.items, [d.message for d in bag]
    return module


def only_model(text: str) -> ast.ModelDecl:
    (decl,) = parse(text).declarations
    assert isinstance(decl, ast.ModelDecl)
    return decl


def only_field(line: str) -> ast.FieldDecl:
    (member,) = only_model("model M {\n    " + line + "\n}\n").members
    assert isinstance(member, ast.FieldDecl)
    return member


def test_imports_and_module_doc() -> None:
    module = parse('"Shop."\nimport "a.dbs"\nimport "sub/b.dbs"\n')
    assert module.doc == "Shop."
    assert [i.path for i in module.imports] == ["a.dbs", "sub/b.dbs"]


def test_enum_on_one_line_and_over_several() -> None:
    one, many = parse(
        "enum A { x, y, z }\n"
        'enum B {\n    "Doc."\n    p "first"\n    q was=old,\n    schema sales\n}\n'
    ).declarations
    assert isinstance(one, ast.EnumDecl) and isinstance(many, ast.EnumDecl)
    assert [v.name.text for v in one.values] == ["x", "y", "z"]
    assert many.doc == "Doc."
    assert many.values[0].doc == "first"
    assert many.values[1].was == "old"
    assert [(s.key, s.value) for s in many.settings] == [("schema", "sales")]


def test_enum_was_in_header() -> None:
    (decl,) = parse("enum Tier was=Level { a }\n").declarations
    assert isinstance(decl, ast.EnumDecl)
    assert [(s.key, s.value) for s in decl.settings] == [("was", "Level")]


def test_model_doc_bases_and_was() -> None:
    model = only_model('model Post(Base, Other) was=Article {\n    "Doc."\n}\n')
    assert model.doc == "Doc."
    assert [b.text for b in model.bases] == ["Base", "Other"]
    assert model.members == (ast.Setting("was", "Article", model.members[0].span),)


def test_abstract_model() -> None:
    assert only_model("abstract Base {\n    timestamps\n}\n").abstract


@pytest.mark.parametrize(
    ("text", "name", "args", "array", "nullable"),
    [
        ("int", "int", (), False, False),
        ("str(255)", "str", (255,), False, False),
        ("str(255)?", "str", (255,), False, True),
        ("decimal(10, 2)", "decimal", (10, 2), False, False),
        ("int[]", "int", (), True, False),
        ("Tag[]", "Tag", (), True, False),
        ("User?", "User", (), False, True),
        ("text[]?", "text", (), True, True),
    ],
)
def test_types(
    text: str, name: str, args: tuple[int, ...], array: bool, nullable: bool
) -> None:
    ref = only_field(f"x: {text}").type
    assert (ref.name, ref.args, ref.array, ref.nullable) == (
        name,
        args,
        array,
        nullable,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("-3", -3),
        ("1.5", 1.5),
        ("-2.5e3", -2500.0),
        ('"draft"', "draft"),
        ('"say \\"hi\\""', 'say "hi"'),
        ("true", True),
        ("false", False),
        ("null", None),
    ],
)
def test_literal_defaults(text: str, expected: ast.Scalar) -> None:
    default = only_field(f"x: int = {text}").default
    assert isinstance(default, ast.Literal)
    assert default.value == expected
    assert type(default.value) is type(expected)


def test_identifier_default() -> None:
    default = only_field("x: Status = pending").default
    assert isinstance(default, ast.Ident) and default.name == "pending"


def test_call_and_list_defaults() -> None:
    call = only_field('x: int = sql("1 + 1")').default
    assert isinstance(call, ast.Call)
    assert call.name == "sql" and call.args[0].value == "1 + 1"
    now = only_field("x: datetime = now()").default
    assert isinstance(now, ast.Call) and now.args == ()
    items = only_field("x: int[] = [1, 2, a]").default
    assert isinstance(items, ast.ListValue)
    assert [getattr(i, "value", None) for i in items.items] == [1, 2, None]


def test_flags_options_check_and_doc() -> None:
    field = only_field(
        'price: decimal(10, 2) = 0 unique index min=0 max=10 check "price < 99" '
        'column="amount" example=19.99 was=cost "What it costs"'
    )
    assert [f.name for f in field.flags] == ["unique", "index"]
    assert [o.key for o in field.options] == [
        "min",
        "max",
        "check",
        "column",
        "example",
        "was",
    ]
    assert field.doc == "What it costs"
    check = field.options[2].value
    assert isinstance(check, ast.Literal) and check.value == "price < 99"


def test_relation_options() -> None:
    field = only_field("owner: User? on_delete=set_null on_update=cascade back=items")
    assert {o.key: getattr(o.value, "name", None) for o in field.options} == {
        "on_delete": "set_null",
        "on_update": "cascade",
        "back": "items",
    }


def test_block_statements() -> None:
    model = only_model(
        "model Order {\n"
        '    index (customer, created_at desc) name="ix_orders_recent"\n'
        '    index (email) unique where "deleted_at is null"\n'
        "    index (document) using gin\n"
        "    unique (customer, number) name=uq_x\n"
        '    check "total >= 0" name="ck_orders_total_positive"\n'
        '    table "orders"\n'
        "    schema sales\n"
        "    primary_key (a, b)\n"
        "    timestamps\n"
        "    soft_delete\n"
        "}\n"
    )
    recent, email, document, unique, check, table, schema, pk, ts, sd = model.members
    assert isinstance(recent, ast.IndexDecl)
    assert [(c.name.text, c.desc) for c in recent.columns] == [
        ("customer", False),
        ("created_at", True),
    ]
    assert recent.name == "ix_orders_recent"
    assert isinstance(email, ast.IndexDecl)
    assert email.unique and email.where == "deleted_at is null"
    assert isinstance(document, ast.IndexDecl) and document.using == "gin"
    assert isinstance(unique, ast.UniqueDecl) and unique.name == "uq_x"
    assert isinstance(check, ast.CheckDecl)
    assert (check.expr, check.name) == ("total >= 0", "ck_orders_total_positive")
    assert isinstance(table, ast.Setting) and isinstance(schema, ast.Setting)
    assert [(table.key, table.value), (schema.key, schema.value)] == [
        ("table", "orders"),
        ("schema", "sales"),
    ]
    assert isinstance(pk, ast.PrimaryKeyDecl)
    assert [n.text for n in pk.columns] == ["a", "b"]
    assert isinstance(ts, ast.Mixin) and isinstance(sd, ast.Mixin)
    assert [ts.name, sd.name] == ["timestamps", "soft_delete"]


def test_comments_blank_lines_and_empty_blocks() -> None:
    module = parse(
        "# top\n\nmodel A { }  # trailing\n\n\nmodel B {\n\n    # inside\n"
        "    x: int  # after\n\n}\n# end"
    )
    assert [d.name.text for d in module.declarations] == ["A", "B"]


def test_spans_point_at_tokens() -> None:
    field = only_field("owner: User on_delete=cascade")
    assert (field.name.span.line, field.name.span.column) == (2, 5)
    assert (field.type.span.column, field.type.span.end_column) == (12, 16)
    assert field.options[0].span.column == 17


def test_syntax_error_is_a_diagnostic_not_an_exception() -> None:
    bag = DiagnosticBag()
    module = parse_dbs(SourceFile("t.dbs", "model A {\n    x: \n}\nmodel B { }\n"), bag)
    assert [d.message for d in bag] == [
        "unexpected end of line; expected a type after ':'"
    ]
    assert [d.name.text for d in module.declarations] == ["A", "B"]


def test_unknown_statement_suggests_the_right_one() -> None:
    bag = DiagnosticBag()
    parse_dbs(SourceFile("t.dbs", "model A {\n    indx (a)\n}\n"), bag)
    (error,) = bag.items
    assert error.message == "unknown block statement 'indx'"
    assert error.hint == "did you mean 'index'?"
