"""The planner: operation reverses, ordering, renames, refusals (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemac.compiler import compile_files, compile_source, ir
from schemac.planner import PlanError, diff_schemas
from schemac.planner import operations as ops
from schemac.planner.defs import (
    CheckDef,
    ColumnDef,
    EnumDef,
    EnumUse,
    ForeignKeyDef,
    IndexDef,
    SqlType,
    TableDef,
    UniqueDef,
)
from schemac.planner.order import split_operations

ROOT = Path(__file__).resolve().parent.parent
EVOLUTION = sorted((ROOT / "tests" / "evolution").glob("v*.dbs"))
SAMPLES = sorted(
    p for p in (ROOT / "samples").glob("*/*.dbs") if p.stem == p.parent.name
)

INT = SqlType("int")
TEXT = SqlType("text")
COLUMN = ColumnDef("title", SqlType("str", length=200), nullable=False, default="''")
TABLE = TableDef(
    name="posts",
    schema="blog",
    columns=(ColumnDef("id", INT, nullable=False), COLUMN),
    primary_key=("id",),
    pk_name="pk_posts",
    uniques=(UniqueDef("uq_posts_title", ("title",)),),
    checks=(CheckDef("ck_posts_title", "title <> ''"),),
    comment="Posts.",
)
USE = EnumUse("posts", "blog", "status", default="'draft'")
FK = ForeignKeyDef(
    "fk_posts_author_id_authors", ("author_id",), "authors", None, ("id",), "CASCADE"
)

#: One instance of every operation kind.
SAMPLE_OPERATIONS: list[ops.Operation] = [
    ops.CreateSchema("blog"),
    ops.DropSchema("blog"),
    ops.CreateExtension("citext"),
    ops.DropExtension("citext"),
    ops.CreateEnum(EnumDef("status", None, ("draft", "done"))),
    ops.DropEnum(EnumDef("status", None, ("draft", "done"))),
    ops.RenameEnum(None, "status", "post_status"),
    ops.AddEnumValue("status", None, "archived", ("draft", "archived", "done"), (USE,)),
    ops.RemoveEnumValue("status", None, "archived", ("draft", "archived"), (USE,)),
    ops.RenameEnumValue("status", None, "done", "finished"),
    ops.CreateTable(TABLE),
    ops.DropTable(TABLE),
    ops.RenameTable("blog", "posts", "articles"),
    ops.AlterTableComment("posts", "blog", None, "Posts."),
    ops.AddColumn("posts", "blog", COLUMN),
    ops.DropColumn("posts", "blog", COLUMN),
    ops.RenameColumn("posts", "blog", "title", "headline"),
    ops.AlterColumnType(
        "posts", "blog", "title", SqlType("str", 200), TEXT, False, "''", None
    ),
    ops.AlterNullable("posts", "blog", "title", TEXT, True),
    ops.AlterDefault("posts", "blog", "title", TEXT, None, "'x'"),
    ops.AlterColumnComment("posts", "blog", "title", TEXT, False, "old", "new"),
    ops.AddIndex(
        "posts", "blog", IndexDef("ix_posts_title", (("title", True),), using="btree")
    ),
    ops.DropIndex(
        "posts", "blog", IndexDef("ix_posts_title", (("title", False),), where="id > 0")
    ),
    ops.RenameIndex("posts", "blog", "ix_a", "ix_b"),
    ops.AddUnique("posts", "blog", UniqueDef("uq_posts_title", ("title",))),
    ops.DropUnique("posts", "blog", UniqueDef("uq_posts_title", ("title",))),
    ops.AddCheck("posts", "blog", CheckDef("ck_posts_x", "id > 0")),
    ops.DropCheck("posts", "blog", CheckDef("ck_posts_x", "id > 0")),
    ops.AddForeignKey("posts", "blog", FK),
    ops.DropForeignKey("posts", "blog", FK),
    ops.RenameConstraint("posts", "blog", "pk_posts", "pk_articles"),
]


def compile_text(text: str) -> ir.Schema:
    result = compile_source(text, "test.dbs")
    assert result.schema is not None, result.diagnostics
    return result.schema


def test_sample_operations_cover_every_kind() -> None:
    kinds = {type(op) for op in SAMPLE_OPERATIONS}
    assert kinds == set(ops.ALL_OPERATIONS)


@pytest.mark.parametrize("operation", SAMPLE_OPERATIONS, ids=lambda o: type(o).__name__)
def test_reverse_of_reverse_is_identity(operation: ops.Operation) -> None:
    reverse = operation.reverse()
    assert reverse.reverse() == operation
    assert reverse.describe()
    assert hash(operation) == hash(reverse.reverse())


def test_destructive_operations() -> None:
    destructive = {type(op).__name__ for op in SAMPLE_OPERATIONS if op.is_destructive()}
    assert destructive == {
        "DropTable",
        "DropColumn",
        "RemoveEnumValue",
    }
    widening = ops.AlterColumnType(
        "t", None, "c", SqlType("str", 10), SqlType("str", 20), True
    )
    assert not widening.is_destructive()
    assert widening.reverse().is_destructive()


@pytest.mark.parametrize("path", EVOLUTION + SAMPLES, ids=lambda p: p.name)
def test_same_schema_plans_nothing(path: Path) -> None:
    schema = compile_files([path]).schema
    assert schema is not None
    assert diff_schemas(schema, schema).empty


def test_plan_reverse_reverses_each_operation_in_reverse_order() -> None:
    old = compile_files([EVOLUTION[1]]).schema
    new = compile_files([EVOLUTION[2]]).schema
    plan = diff_schemas(old, new)
    backwards = plan.reverse()
    assert list(backwards.operations) == [
        op.reverse() for op in reversed(plan.operations)
    ]


def test_initial_plan_orders_dependencies() -> None:
    schema = compile_files([EVOLUTION[2]]).schema
    kinds = [type(op).__name__ for op in diff_schemas(None, schema).operations]
    assert kinds[0] == "CreateSchema"
    assert kinds.index("CreateExtension") < kinds.index("CreateTable")
    assert kinds.index("CreateEnum") < kinds.index("CreateTable")
    last_table = max(i for i, k in enumerate(kinds) if k == "CreateTable")
    first_fk = min(i for i, k in enumerate(kinds) if k == "AddForeignKey")
    assert first_fk > last_table


def test_foreign_key_cycle_plans_keys_after_tables() -> None:
    schema = compile_files([EVOLUTION[-1]]).schema
    kinds = [type(op).__name__ for op in diff_schemas(None, schema).operations]
    assert kinds[-2:] == ["AddForeignKey", "AddForeignKey"]


def test_drops_run_after_their_users_are_gone() -> None:
    old = compile_files([EVOLUTION[5]]).schema  # v6: mood enum, blog schema gone
    new = compile_files([EVOLUTION[6]]).schema
    kinds = [type(op).__name__ for op in diff_schemas(old, new).operations]
    assert kinds.index("DropColumn") < kinds.index("DropEnum")
    assert kinds[-1] == "DropEnum"


def test_not_null_column_without_default_is_refused() -> None:
    old = compile_text("model Post {\n    title: str(10)\n}\n")
    new = compile_text("model Post {\n    title: str(10)\n    slug: str(10)\n}\n")
    with pytest.raises(PlanError) as caught:
        diff_schemas(old, new)
    message = str(caught.value)
    assert "posts.slug" in message
    assert "give it a default" in message
    assert "make it nullable" in message
    assert "two steps" in message


def test_not_null_column_with_default_is_planned() -> None:
    old = compile_text("model Post {\n    title: str(10)\n}\n")
    new = compile_text('model Post {\n    title: str(10)\n    slug: str(10) = "x"\n}\n')
    (op,) = diff_schemas(old, new).operations
    assert isinstance(op, ops.AddColumn)
    assert op.column.default == "'x'"


def test_drop_and_add_that_look_like_renames_warn() -> None:
    old = compile_text("enum E { a, b }\nmodel Post {\n    title: str(10)?\n}\n")
    new = compile_text("enum E { a, c }\nmodel Article {\n    title: str(10)?\n}\n")
    plan = diff_schemas(old, new)
    assert any("was=Post" in w for w in plan.warnings)
    same_table_old = compile_text("model Post {\n    title: str(10)?\n}\n")
    same_table_new = compile_text("model Post {\n    headline: str(10)?\n}\n")
    warnings = diff_schemas(same_table_old, same_table_new).warnings
    assert any("was=title" in w for w in warnings)
    assert any("was=b" in w for w in plan.warnings)


def test_declared_renames_keep_data() -> None:
    old = compile_text(
        "enum E { a, b }\nmodel Post {\n    title: str(10)?\n    e: E?\n}\n"
    )
    new = compile_text(
        "enum F was=E { a, c was=b }\n"
        "model Article was=Post {\n    headline: str(10)? was=title\n    e: F?\n}\n"
    )
    kinds = [type(op).__name__ for op in diff_schemas(old, new).operations]
    assert kinds == [
        "RenameEnum",
        "RenameEnumValue",
        "RenameTable",
        "RenameConstraint",
        "RenameColumn",
    ]


def test_enum_value_added_in_the_middle_is_placed() -> None:
    old = compile_text("enum E { a, c }\n")
    new = compile_text("enum E { a, b, c }\n")
    (op,) = diff_schemas(old, new).operations
    assert isinstance(op, ops.AddEnumValue)
    assert op.neighbour == ("AFTER", "a")


def test_split_operations_bounds_tables_per_part() -> None:
    models = "\n".join(f"model T{i} {{\n    n: int = 0\n}}" for i in range(25))
    plan = diff_schemas(None, compile_text(models))
    parts = split_operations(plan.operations, max_tables=10)
    assert [len({op.table_label for op in part}) for part in parts] == [10, 10, 5]
    assert [op for part in parts for op in part] == list(plan.operations)
