"""Hand-built IR schemas for the ERD tests (no compiler needed).

``todo_schema`` mirrors ``samples/todo``; ``awkward_schema`` collects every
name and type that trips diagram syntaxes: quotes, HTML, Mermaid keywords,
``decimal(10,2)``, arrays, schema-qualified tables, self and one-to-one
relations, a composite foreign key and a table the spec only references.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from schemac.compiler import ir


def col(
    name: str,
    kind: str = "int",
    *,
    nullable: bool = False,
    pk: bool = False,
    db_name: str | None = None,
    relation: str | None = None,
    **type_args: object,
) -> ir.Column:
    """A column; ``type_args`` go to :class:`ir.ColumnType`."""
    doc = type_args.pop("doc", None)
    references = type_args.pop("references", None)
    return ir.Column(
        name=name,
        db_name=db_name or name,
        type=ir.ColumnType(kind, **type_args),  # type: ignore[arg-type]
        nullable=nullable,
        primary_key=pk,
        relation=relation,
        doc=doc,  # type: ignore[arg-type]
        references=references,  # type: ignore[arg-type]
    )


def fk(
    name: str,
    columns: tuple[str, ...],
    target: str,
    table: str,
    target_columns: tuple[str, ...] = ("id",),
    schema: str | None = None,
) -> ir.ForeignKey:
    return ir.ForeignKey(name, columns, target, table, schema, target_columns)


def todo_schema() -> ir.Schema:
    """users, todos, tags and the todo_tags link table, with an enum."""
    status = ir.Enum(
        "TodoStatus",
        "todo_status",
        tuple(ir.EnumValue(v) for v in ("pending", "in_progress", "completed")),
    )
    users = ir.Model(
        "User",
        "users",
        (
            col("id", pk=True),
            col("email", "str", length=255, doc="Login address"),
            col("name", "str", length=255, nullable=True),
            col("created_at", "datetime"),
        ),
        ("id",),
        doc="A person who can sign in.",
        uniques=(ir.UniqueConstraint("uq_users_email", ("email",)),),
        relations=(ir.Relation("todos", "one_to_many", "Todo", "user", ("user",)),),
    )
    todos = ir.Model(
        "Todo",
        "todos",
        (
            col("id", pk=True),
            col("user", db_name="user_id", relation="user"),
            col("title", "str", length=255),
            col("status", "enum", enum="TodoStatus"),
            col("due_date", "datetime", nullable=True),
        ),
        ("id",),
        doc="A unit of work owned by one user.",
        foreign_keys=(fk("fk_todos_user_id_users", ("user_id",), "User", "users"),),
        relations=(
            ir.Relation("user", "many_to_one", "User", "todos", ("user",)),
            ir.Relation("tags", "many_to_many", "Tag", "todos", link_model="TodoTag"),
        ),
    )
    tags = ir.Model(
        "Tag",
        "tags",
        (col("id", pk=True), col("name", "str", length=50)),
        ("id",),
        uniques=(ir.UniqueConstraint("uq_tags_name", ("name",)),),
        relations=(
            ir.Relation(
                "todos",
                "many_to_many",
                "Todo",
                "tags",
                link_model="TodoTag",
                declared=False,
            ),
        ),
    )
    link = ir.Model(
        "TodoTag",
        "todo_tags",
        (
            col("todo", db_name="todo_id", pk=True),
            col("tag", db_name="tag_id", pk=True),
        ),
        ("todo_id", "tag_id"),
        foreign_keys=(
            fk("fk_todo_tags_todo_id_todos", ("todo_id",), "Todo", "todos"),
            fk("fk_todo_tags_tag_id_tags", ("tag_id",), "Tag", "tags"),
        ),
        is_link=True,
    )
    return ir.Schema((users, todos, tags, link), (status,))


def awkward_schema() -> ir.Schema:
    """Every name and type that is hard to draw, in one valid schema."""
    kind = ir.Enum(
        "Kind",
        "end",  # a Mermaid keyword as a type name
        tuple(ir.EnumValue(v) for v in ("pk", "in-progress", "class", "1st")),
        doc='Kinds, "quoted" & <b>bold</b>',
    )
    klass = ir.Model(
        "Class",
        "class",
        (
            col("id", pk=True),
            col("pk", "text", doc='The "pk" column; 100% %% #amp; <odd>'),
            col("price", "decimal", precision=10, scale=2),
            col("ratio", "decimal", precision=5),
            col("scores", "int", array=True),
            col("labels", "str", length=20, array=True, nullable=True),
            col("kind", "enum", enum="Kind"),
            col("parent", db_name="parent_id", nullable=True, relation="parent"),
            col("prénom", "str", length=40, nullable=True),
            col("end", "bool"),
        ),
        ("id",),
        schema="billing",
        doc='A table named <class> with "quotes" and a back\\slash \\N',
        foreign_keys=(
            fk(
                "fk_class_parent_id_class",
                ("parent_id",),
                "Class",
                "class",
                schema="billing",
            ),
        ),
    )
    profile = ir.Model(
        "Profile",
        "user-profile",
        (
            col("id", pk=True),
            col("owner", db_name="owner_id", relation="owner"),
            col("region", "str", length=2),
            col("code", "str", length=8),
            col("account", db_name="account_id", references="auth.accounts.id"),
        ),
        ("id",),
        uniques=(ir.UniqueConstraint("uq_profile_owner", ("owner_id",)),),
        foreign_keys=(
            fk("fk_profile_owner", ("owner_id",), "Class", "class", schema="billing"),
            fk(
                "fk_profile_area",
                ("region", "code"),
                "Area",
                "area",
                ("region", "code"),
            ),
        ),
    )
    area = ir.Model(
        "Area",
        "area",
        (
            col("region", "str", length=2, pk=True),
            col("code", "str", length=8, pk=True),
            col("one", "json", nullable=True),
        ),
        ("region", "code"),
    )
    numbered = ir.Model(
        "Numbered",
        "2fa codes",
        (col("id", "uuid", pk=True), col("to", "interval")),
        ("id",),
        schema="auth",
    )
    return ir.Schema((klass, profile, area, numbered), (kind,))


# --- samples and tools -------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
_IMPORT = re.compile(r'^\s*import\s+"([^"]+)"', re.MULTILINE)


def sample_entries() -> list[Path]:
    """Every sample's entry file: ``.dbs`` files no other sample file imports,
    and Markdown specs (READMEs aside), relative to the repository root."""
    dbs = sorted(SAMPLES.rglob("*.dbs"))
    imported = {
        (path.parent / name).resolve()
        for path in dbs
        for name in _IMPORT.findall(path.read_text(encoding="utf-8"))
    }
    entries = [p for p in dbs if p.resolve() not in imported]
    entries += [
        p for p in sorted(SAMPLES.rglob("*.md")) if p.name.lower() != "readme.md"
    ]
    return [p.relative_to(ROOT) for p in entries]


def sample_id(path: Path) -> str:
    """``samples/shop/shop.dbs`` -> ``shop-shop``: a golden file stem."""
    parts = path.relative_to("samples").with_suffix("").parts
    return "-".join(parts)


def require_tool(name: str) -> str:
    """The path of executable ``name``, or skip the test saying why."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"`{name}` is not installed (apt-get install {name})")
    return found
