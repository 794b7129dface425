"""The compiler: what the IR says for each language construct."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemac.compiler import compile_files, compile_source, ir
from schemac.compiler.naming import (
    NAMING_CONVENTION,
    constraint_name,
    plural_table_name,
    snake_case,
    truncate_name,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def build(text: str) -> ir.Schema:
    result = compile_source(text, "t.dbs")
    assert result.schema is not None, [d.message for d in result.diagnostics]
    return result.schema


@pytest.fixture(scope="module")
def todo() -> ir.Schema:
    result = compile_files([SAMPLES / "todo" / "todo.dbs"])
    assert result.schema is not None and not result.diagnostics
    return result.schema


@pytest.fixture(scope="module")
def shop() -> ir.Schema:
    result = compile_files([SAMPLES / "shop" / "shop.dbs"])
    assert result.schema is not None and not result.diagnostics
    return result.schema


def relation(model: ir.Model, name: str) -> ir.Relation:
    (found,) = [r for r in model.relations if r.name == name]
    return found


# ---- naming ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "table"),
    [
        ("User", "users"),
        ("TodoTag", "todo_tags"),
        ("Category", "categories"),
        ("Person", "people"),
        ("Address", "addresses"),
        ("Status", "statuses"),
        ("HTTPRequest", "http_requests"),
        ("Day", "days"),
    ],
)
def test_plural_table_name(model: str, table: str) -> None:
    assert plural_table_name(model) == table


def test_snake_case() -> None:
    assert [snake_case(n) for n in ("TodoStatus", "userId", "User_Tag")] == [
        "todo_status",
        "user_id",
        "user_tag",
    ]


def test_long_names_are_truncated_deterministically() -> None:
    long = "ix_" + "very_long_table_name_" * 4 + "column"
    short = truncate_name(long)
    assert len(short.encode()) == 63
    assert short.startswith(long[:54]) and short[54] == "_"
    assert short == truncate_name(long)
    assert truncate_name("ix_short") == "ix_short"


def test_constraint_names_follow_the_convention() -> None:
    assert set(NAMING_CONVENTION) == {"ix", "uq", "ck", "fk", "pk"}
    assert constraint_name("pk", "users") == "pk_users"
    assert constraint_name("ix", "todos", ["user_id", "status"]) == (
        "ix_todos_user_id_status"
    )
    assert constraint_name("fk", "todos", ["user_id"], "users") == (
        "fk_todos_user_id_users"
    )
    assert constraint_name("ck", "tags", name="color") == "ck_tags_color"


# ---- the todo sample ------------------------------------------------------------


def test_todo_models_tables_and_implicit_keys(todo: ir.Schema) -> None:
    assert [(m.name, m.table) for m in todo.models] == [
        ("User", "users"),
        ("Todo", "todos"),
        ("Tag", "tags"),
        ("TodoTag", "todo_tags"),
    ]
    user = todo.model("User")
    assert user.columns[0].origin == "implicit_pk"
    assert user.primary_key == ("id",)
    assert user.doc == "A person who can sign in."


def test_todo_enum(todo: ir.Schema) -> None:
    (status,) = todo.enums
    assert status.db_name == "todo_status"
    assert [v.name for v in status.values] == ["pending", "in_progress", "completed"]
    column = todo.model("Todo").column("status")
    assert column.type == ir.ColumnType("enum", enum="TodoStatus")
    assert column.default == ir.Default("enum", "pending")


def test_unique_index_is_one_unique_index(todo: ir.Schema) -> None:
    user = todo.model("User")
    assert user.uniques == ()
    (index,) = user.indexes
    assert (index.name, index.unique) == ("ix_users_email", True)
    assert user.column("email").doc == "Login address"


def test_timestamps(todo: ir.Schema) -> None:
    user = todo.model("User")
    created, updated = user.column("created_at"), user.column("updated_at")
    assert created.type.kind == updated.type.kind == "datetime"
    assert created.default == updated.default == ir.Default("now")
    assert updated.auto_now and not created.auto_now
    assert created.origin == updated.origin == "timestamps"


def test_many_to_one_and_reverse(todo: ir.Schema) -> None:
    todo_model, user = todo.model("Todo"), todo.model("User")
    column = todo_model.column("user_id")
    assert (column.relation, column.nullable, column.type.kind) == (
        "user",
        False,
        "int",
    )
    (fk,) = todo_model.foreign_keys
    assert (fk.name, fk.columns, fk.target_table, fk.on_delete) == (
        "fk_todos_user_id_users",
        ("user_id",),
        "users",
        "cascade",
    )
    forward = relation(todo_model, "user")
    assert (forward.kind, forward.back, forward.columns) == (
        "many_to_one",
        "todos",
        ("user_id",),
    )
    reverse = relation(user, "todos")
    assert (reverse.kind, reverse.declared, reverse.cascade_delete) == (
        "one_to_many",
        False,
        True,
    )


def test_indexes_of_todo(todo: ir.Schema) -> None:
    names = [i.name for i in todo.model("Todo").indexes]
    assert names == [
        "ix_todos_user_id",
        "ix_todos_title",
        "ix_todos_status",
        "ix_todos_user_id_status_created_at",
    ]


def test_implicit_many_to_many(todo: ir.Schema) -> None:
    link = todo.model("TodoTag")
    assert (link.is_link, link.table, link.primary_key) == (
        True,
        "todo_tags",
        ("todo_id", "tag_id"),
    )
    assert {fk.on_delete for fk in link.foreign_keys} == {"cascade"}
    assert all(c.origin == "link" for c in link.columns)
    tags, todos = (
        relation(todo.model("Todo"), "tags"),
        relation(todo.model("Tag"), "todos"),
    )
    assert (tags.kind, tags.link_model, tags.back) == (
        "many_to_many",
        "TodoTag",
        "todos",
    )
    assert (todos.kind, todos.link_model, todos.back) == (
        "many_to_many",
        "TodoTag",
        "tags",
    )


def test_field_check(todo: ir.Schema) -> None:
    (check,) = todo.model("Tag").checks
    assert check.name == "ck_tags_color"
    assert check.expr == "color ~ '^#[0-9A-Fa-f]{6}$'"


def test_every_column_has_an_example(todo: ir.Schema) -> None:
    user = todo.model("User")
    assert user.column("email").example == "user@example.com"
    assert user.column("created_at").example == "2025-01-15T12:00:00Z"
    assert todo.model("Todo").column("status").example == "pending"
    assert todo.model("Todo").column("title").example == "Complete project"


# ---- the shop sample ------------------------------------------------------------


def test_shop_order_is_imports_first_then_links(shop: ir.Schema) -> None:
    names = [m.name for m in shop.models]
    assert names[:3] == ["Customer", "Profile", "Address"]
    assert names[-2:] == ["CustomerProduct", "ProductTag"]
    assert shop.sources[0].endswith("shop.dbs")
    assert shop.doc is not None and shop.doc.startswith("An online shop")


def test_abstract_bases_are_copied(shop: ir.Schema) -> None:
    product = shop.model("Product")
    assert product.bases == ("Audited",)
    names = [c.name for c in product.columns]
    assert {"created_at", "updated_at", "created_by", "deleted_at"} <= set(names)
    assert product.column("deleted_at").origin == "soft_delete"
    assert product.column("deleted_at").nullable


def test_abstract_bases_are_kept_apart_for_the_printer(shop: ir.Schema) -> None:
    assert [a.name for a in shop.abstracts] == ["Timestamped", "Audited"]
    audited = shop.abstracts[1]
    assert audited.bases == ("Timestamped",)
    assert audited.primary_key == ()
    assert [(c.name, c.base) for c in audited.columns] == [
        ("created_at", "Timestamped"),
        ("updated_at", "Timestamped"),
        ("created_by", None),
        ("deleted_at", None),
    ]
    product = shop.model("Product")
    assert [c.base for c in product.columns[:5]] == [
        None,
        "Timestamped",
        "Timestamped",
        "Audited",
        "Audited",
    ]
    assert not {a.name for a in shop.abstracts} & {m.name for m in shop.models}


def test_inherited_constraints_and_relations_name_their_base() -> None:
    schema = build(
        "model User {\n    name: text\n}\n"
        "abstract Owned {\n    owner: User\n    code: int unique\n"
        '    check "code > 0"\n}\n'
        "model Note(Owned) {\n    body: text\n}\n"
    )
    note = schema.model("Note")
    assert relation(note, "owner").base == "Owned"
    assert [(u.name, u.base) for u in note.uniques] == [("uq_notes_code", "Owned")]
    assert [(c.name, c.base) for c in note.checks] == [("ck_notes_1", "Owned")]
    assert relation(schema.model("User"), "notes").base is None
    (owned,) = schema.abstracts
    assert [i.name for i in owned.indexes] == ["ix_owneds_owner_id"]
    assert [r.name for r in schema.model("User").relations] == ["notes"]


def test_an_abstract_base_must_compile_on_its_own() -> None:
    unused = compile_source("abstract Unused {\n    x: Nope\n}\n", "t.dbs")
    assert [d.message for d in unused.diagnostics] == ["unknown type 'Nope'"]
    child_field = compile_source(
        "abstract A {\n    index (y)\n}\nmodel B(A) {\n    y: int\n}\n", "t.dbs"
    )
    assert [d.message for d in child_field.diagnostics] == [
        "model 'A' has no field 'y'"
    ]


def test_uuid_keys_and_defaults(shop: ir.Schema) -> None:
    customer, product = shop.model("Customer"), shop.model("Product")
    assert customer.column("id").default == ir.Default("uuid")
    assert product.column("id").default == ir.Default("uuid7")
    assert shop.model("Review").column("author_id").type.kind == "uuid"


def test_extensions_and_schemas(shop: ir.Schema) -> None:
    assert shop.extensions == ("citext",)
    assert shop.schemas == ("sales",)
    assert shop.model("Order").qualified_table == "sales.orders"
    assert shop.enum("OrderStatus").schema == "sales"


def test_min_max_become_checks(shop: ir.Schema) -> None:
    checks = {c.name: c.expr for c in shop.model("Product").checks}
    assert checks["ck_products_price_min"] == "price >= 0"
    assert checks["ck_products_rating_range"] == "rating >= 0 AND rating <= 5"
    price = shop.model("Product").column("price")
    assert (price.minimum, price.maximum, price.example) == (0, None, "19.99")


def test_block_statements_in_the_ir(shop: ir.Schema) -> None:
    order = shop.model("Order")
    recent = next(i for i in order.indexes if i.name == "ix_orders_recent")
    assert [(c.name, c.desc) for c in recent.columns] == [
        ("customer_id", False),
        ("placed_at", True),
    ]
    assert [u.name for u in order.uniques] == ["uq_orders_customer_id_number"]
    assert "ck_orders_total_positive" in [c.name for c in order.checks]
    live = next(i for i in shop.model("Product").indexes if i.where)
    assert (live.name, live.unique, live.where) == (
        "uq_products_live_sku",
        True,
        "deleted_at is null",
    )
    search = next(i for i in shop.model("Product").indexes if i.name.endswith("search"))
    assert search.using == "gin"
    assert shop.model("Warehouse").table == "depots"
    assert shop.model("Warehouse").checks[0].name == "ck_depots_opening_hours"


def test_unnamed_block_check_is_numbered(shop: ir.Schema) -> None:
    (check,) = shop.model("StockMovement").checks
    assert (check.name, check.expr) == ("ck_stock_movements_1", "delta <> 0")


def test_one_to_one(shop: ir.Schema) -> None:
    forward = relation(shop.model("Profile"), "customer")
    reverse = relation(shop.model("Customer"), "profile")
    assert (forward.kind, reverse.kind) == ("one_to_one", "one_to_one_reverse")
    assert shop.model("Profile").uniques[0].name == "uq_profiles_customer_id"
    assert reverse.cascade_delete


def test_self_relation_with_back(shop: ir.Schema) -> None:
    category = shop.model("Category")
    parent, children = relation(category, "parent"), relation(category, "children")
    assert (parent.target, parent.back, parent.nullable) == (
        "Category",
        "children",
        True,
    )
    assert (children.kind, children.back) == ("one_to_many", "parent")
    (fk,) = category.foreign_keys
    assert fk.on_delete == "set_null"


def test_two_relations_to_one_model(shop: ir.Schema) -> None:
    address = shop.model("Address")
    assert relation(address, "billed_orders").back == "billing_address"
    assert relation(address, "shipped_orders").back == "shipping_address"


def test_declared_one_to_many_side(shop: ir.Schema) -> None:
    lines = relation(shop.model("Order"), "lines")
    assert (lines.kind, lines.declared, lines.target) == (
        "one_to_many",
        True,
        "OrderLine",
    )
    assert relation(shop.model("OrderLine"), "order").back == "lines"


def test_explicit_through(shop: ir.Schema) -> None:
    products = relation(shop.model("Order"), "products")
    orders = relation(shop.model("Product"), "orders")
    assert (products.link_model, products.columns) == ("OrderLine", ("order_id",))
    assert (orders.link_model, orders.columns, orders.declared) == (
        "OrderLine",
        ("product_id",),
        False,
    )
    line = shop.model("OrderLine")
    assert line.primary_key == ("order_id", "product_id")
    assert not line.is_link
    # The key's first column serves lookups; only the second gets an index.
    assert [i.name for i in line.indexes] == ["ix_order_lines_product_id"]


def test_composite_key_reference(shop: ir.Schema) -> None:
    movement = shop.model("StockMovement")
    (fk,) = movement.foreign_keys
    assert fk.columns == ("stock_warehouse_id", "stock_product_id")
    assert fk.target_columns == ("warehouse_id", "product_id")
    assert len(fk.name) == 63
    assert [c.type.kind for c in movement.columns[1:3]] == ["smallint", "uuid"]


def test_column_option_and_renames(shop: ir.Schema) -> None:
    street = shop.model("Address").column("street_line")
    assert (street.name, street.db_name) == ("street", "street_line")
    product = shop.model("Product")
    assert product.was == "Item"
    assert product.column("name").was == "title"
    tier = shop.enum("CustomerTier")
    assert tier.was == "Level"
    assert [v.was for v in tier.values] == [None, "argent", None]


def test_on_update_and_identity(shop: ir.Schema) -> None:
    fk = shop.model("Product").foreign_keys[0]
    assert (fk.on_delete, fk.on_update) == ("restrict", "cascade")
    assert shop.model("Order").column("id").identity


def test_array_and_naive_timestamp(shop: ir.Schema) -> None:
    product, order = shop.model("Product"), shop.model("Order")
    assert product.column("keywords").type == ir.ColumnType("text", array=True)
    assert product.column("sizes").example == (1,)
    assert order.column("placed_at").type.kind == "timestamp"


# ---- smaller cases ----------------------------------------------------------------


def test_pk_on_several_fields_makes_a_composite_key() -> None:
    schema = build("model Pair {\n    a: int pk\n    b: str(5) pk\n}\n")
    assert schema.model("Pair").primary_key == ("a", "b")


def test_relation_to_a_composite_key_uses_one_column_per_key_column() -> None:
    schema = build(
        "model Pair {\n    a: int pk\n    b: int pk\n}\n"
        "model Use {\n    owner: Pair back=uses\n}\n"
    )
    use = schema.model("Use")
    assert [c.name for c in use.columns] == ["id", "owner_a", "owner_b"]


def test_auto_now_field_gets_a_default() -> None:
    column = build("model A1 {\n    seen: datetime auto_now\n}\n").model("A1")
    assert column.column("seen").default == ir.Default("now")


def test_unique_and_index_flags_alone() -> None:
    model = build("model Item {\n    a: int unique\n    b: int index\n}\n").model(
        "Item"
    )
    assert [u.name for u in model.uniques] == ["uq_items_a"]
    assert [(i.name, i.unique) for i in model.indexes] == [("ix_items_b", False)]


def test_list_field_names_the_reverse_of_a_foreign_key() -> None:
    schema = build(
        "model Author {\n    books: Book[]\n}\nmodel Book {\n    author: Author\n}\n"
    )
    assert [m.name for m in schema.models] == ["Author", "Book"]
    books = relation(schema.model("Author"), "books")
    assert (books.kind, books.declared) == ("one_to_many", True)


def test_both_sides_of_many_to_many_declared_make_one_link() -> None:
    schema = build(
        "model Post {\n    tags: Tag[]\n}\nmodel Tag {\n    posts: Post[]\n}\n"
    )
    links = [m.name for m in schema.models if m.is_link]
    assert links == ["PostTag"]
    assert relation(schema.model("Tag"), "posts").declared


def test_self_many_to_many() -> None:
    schema = build("model Person {\n    friends: Person[] back=friend_of\n}\n")
    link = schema.model("PersonFriend")
    assert link.table == "person_friends"
    assert [c.name for c in link.columns] == ["person_id", "friend_id"]


def test_decimal_defaults_keep_their_digits() -> None:
    model = build("model Item {\n    price: decimal(6, 2) = 10.5\n}\n").model("Item")
    assert model.column("price").default == ir.Default("literal", "10.5")


def test_gin_on_a_scalar_needs_btree_gin() -> None:
    schema = build("model Item {\n    code: int\n    index (code) using gin\n}\n")
    assert schema.extensions == ("btree_gin",)


# ---- external references -------------------------------------------------------


def test_references_names_a_table_outside_the_schema() -> None:
    model = build(
        "model Profile {\n"
        '    user_id: uuid unique references="auth.users.id"\n'
        '    org: int? references="orgs.id"\n'
        "}\n"
    ).model("Profile")
    assert model.column("user_id").references == "auth.users.id"
    assert model.column("org").references == "orgs.id"
    assert model.column("org").relation is None
    assert model.foreign_keys == ()
    assert model.relations == ()


@pytest.mark.parametrize(
    "value", ['"users"', '"a.b.c.d"', '"auth.users id"', "users", "1"]
)
def test_references_needs_two_or_three_names(value: str) -> None:
    text = f"model Profile {{\n    user_id: uuid references={value}\n}}\n"
    result = compile_source(text, "t.dbs")
    assert result.schema is None
    (error,) = result.diagnostics
    assert "references=" in error.message
    assert error.span is not None and error.span.column == 30


def test_references_on_a_relation_is_an_error() -> None:
    text = (
        "model User {\n    name: text\n}\n"
        'model Post {\n    author: User references="auth.users.id"\n}\n'
    )
    result = compile_source(text, "t.dbs")
    assert result.schema is None
    (error,) = result.diagnostics
    assert "'author' is a relation to 'User'" in error.message
