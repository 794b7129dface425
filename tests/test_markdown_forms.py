"""Each input form the Markdown front-end reads, on small specs."""

from __future__ import annotations

from pathlib import Path

from schemac.backends.dbs import print_dbs
from schemac.compiler import ir
from schemac.diagnostics import Severity
from schemac.frontends.markdown import compile_markdown, compile_markdown_source
from schemac.frontends.markdown.phrases import parse_phrase

SEED = (
    Path(__file__).resolve().parent.parent / "samples" / "seed-markdown" / "schema.md"
)


def _schema(text: str) -> ir.Schema:
    result = compile_markdown_source(text, "spec.md")
    assert result.schema is not None, [d.message for d in result.diagnostics]
    return result.schema


def _dbs(text: str) -> str:
    return print_dbs(_schema(text))


def _column(schema: ir.Schema, model: str, name: str) -> ir.Column:
    return next(c for c in schema.model(model).columns if c.db_name == name)


# ---- the seed examples -------------------------------------------------------


def test_seed_matches_the_templates() -> None:
    result = compile_markdown(SEED)
    schema = result.schema
    assert schema is not None
    assert [m.table for m in schema.models] == ["users", "todos", "tags", "todo_tags"]
    users, todos, link = (
        schema.model("User"),
        schema.model("Todo"),
        schema.model("TodoTag"),
    )
    assert any(u.columns == ("email",) for u in users.uniques)
    assert _column(schema, "User", "email").type == ir.ColumnType("str", 255)
    assert _column(schema, "User", "name").nullable
    assert _column(schema, "User", "is_active").default == ir.Default("literal", True)
    status = _column(schema, "Todo", "status")
    assert status.type.kind == "enum"
    assert schema.enum("TodoStatus").values[1].name == "in_progress"
    assert _column(schema, "Todo", "title").type == ir.ColumnType("str", 255)
    assert _column(schema, "Todo", "description").type == ir.ColumnType("str", 1000)
    (fk,) = todos.foreign_keys
    assert fk.columns == ("user_id",) and fk.target_table == "users"
    assert link.primary_key == ("todo_id", "tag_id")
    assert {f.target_table for f in link.foreign_keys} == {"todos", "tags"}
    assert {c.origin for c in users.columns if c.name.endswith("_at")} == {"timestamps"}
    # "Todos can have many tags": both sides through the spec's own link table,
    # as Template 5's link_model relationships.
    tags = next(r for r in todos.relations if r.name == "tags")
    assert (tags.kind, tags.target, tags.link_model) == (
        "many_to_many",
        "Tag",
        "TodoTag",
    )
    back = next(r for r in schema.model("Tag").relations if r.name == tags.back)
    assert (back.kind, back.target, back.link_model) == (
        "many_to_many",
        "Todo",
        "TodoTag",
    )


# ---- phrases -----------------------------------------------------------------


def test_phrases() -> None:
    fk = parse_phrase("UUID, FK -> users.id, Nullable")
    assert fk.type is not None and fk.type.kind == "uuid"
    assert fk.fk is not None and (fk.fk.table, fk.fk.column) == ("users", "id")
    assert fk.nullable is True
    assert parse_phrase("NUMERIC 12,2").type.args == (12, 2)  # type: ignore[union-attr]
    assert parse_phrase("'business' or 'consumer'").enum_values == (
        "business",
        "consumer",
    )
    assert parse_phrase("pending/in_progress/done").enum_values == (
        "pending",
        "in_progress",
        "done",
    )
    assert parse_phrase("Enum(active, archived)").enum_values == ("active", "archived")
    assert parse_phrase("1-200 chars").max_length == 200
    assert parse_phrase("Unique identifier").unknown == 1


# ---- bullets and tables --------------------------------------------------------


def test_bullet_shapes() -> None:
    schema = _schema(
        "## `users`\n"
        "- `id` (UUID, PK)\n"
        "- `first_name` (VARCHAR 100), `last_name` (VARCHAR 100)\n"
        "- `created_at, updated_at: Timestamps`\n"
        '- **role**: string (enum: "admin", "member")\n'
        "- parent_id: UUID? FK -> users.id\n"
        "- Unique constraint: `(first_name, last_name)`\n"
    )
    user = schema.model("User")
    assert [c.db_name for c in user.columns][:3] == ["id", "first_name", "last_name"]
    assert _column(schema, "User", "first_name").type.length == 100
    assert schema.enum("UserRole").values[0].name == "admin"
    assert user.foreign_keys[0].columns == ("parent_id",)
    assert user.uniques[0].columns == ("first_name", "last_name")


def test_table_with_spanish_headers_and_yes_no() -> None:
    schema = _schema(
        "### productos\n\n"
        "| Columna | Tipo | Nulo | Por defecto | Descripción |\n"
        "|---|---|---|---|---|\n"
        "| id | SERIAL | No | | Clave |\n"
        "| nombre | VARCHAR(80) | No | | Nombre (único) |\n"
        "| precio | NUMERIC(10,2) | Sí | 0 | |\n"
    )
    assert schema.models[0].table == "productos"
    assert not _column(schema, "Producto", "nombre").nullable
    assert _column(schema, "Producto", "precio").nullable
    assert _column(schema, "Producto", "precio").type == ir.ColumnType(
        "decimal", precision=10, scale=2
    )
    assert schema.models[0].uniques[0].columns == ("nombre",)


def test_django_field_table() -> None:
    schema = _schema(
        "### Author\n\n| Field | Type |\n|---|---|\n"
        "| name | CharField(max_length=80) |\n\n"
        "### Book\n\n| Field | Type |\n|---|---|\n"
        "| title | CharField(max_length=200, unique=True) |\n"
        "| author | ForeignKey(Author, on_delete=models.CASCADE) |\n"
        "| published | DateField(null=True) |\n"
    )
    book = schema.model("Book")
    assert _column(schema, "Book", "title").type == ir.ColumnType("str", 200)
    assert book.foreign_keys[0].on_delete == "cascade"
    assert _column(schema, "Book", "published").nullable


# ---- fenced code ---------------------------------------------------------------


def test_sql_dialects_index_alter_and_enum() -> None:
    schema = _schema(
        "```sql\n"
        "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
        "CREATE TABLE people (id SERIAL PRIMARY KEY, feeling mood NOT NULL,\n"
        "  kind TEXT CHECK (kind IN ('staff', 'guest')),\n"
        "  email VARCHAR(120) UNIQUE)\n"
        "CREATE TABLE `notes` (`id` INT AUTO_INCREMENT PRIMARY KEY,\n"
        "  `person_id` INT NOT NULL, FOREIGN KEY (`person_id`) REFERENCES people(id)"
        " ON DELETE CASCADE) ENGINE=InnoDB;\n"
        "CREATE INDEX ix_notes_person ON notes (person_id, id DESC);\n"
        "ALTER TABLE people ADD CONSTRAINT email_lower CHECK (email = lower(email));\n"
        "```\n"
    )
    assert _column(schema, "Person", "feeling").type.enum == "Mood"
    assert _column(schema, "Person", "kind").type.enum == "PersonKind"
    note = schema.model("Note")
    assert note.foreign_keys[0].on_delete == "cascade"
    assert any(i.name == "ix_notes_person" for i in note.indexes)
    assert schema.model("Person").checks[0].name == "ck_people_email_lower"


def test_sloppy_mermaid() -> None:
    schema = _schema(
        "```mermaid\nerDiagram\n"
        "  AUTHOR ||--o{ POST : writes\n"
        "  POST }o--o{ TAG : tagged\n"
        "  AUTHOR { int id PK  string name }\n"
        '  POST { int id PK  int author_id FK  string title "max 200 chars" }\n'
        "  TAG { int id PK  string label UK }\n"
        "```\n"
    )
    post = schema.model("Post")
    assert post.foreign_keys[0].target_table == "authors"
    assert any(m.is_link for m in schema.models)
    assert schema.model("Tag").uniques[0].columns == ("label",)


def test_sqlmodel_and_prisma() -> None:
    schema = _schema(
        "```python\n"
        "class Team(SQLModel, table=True):\n"
        "    __tablename__ = 'teams'\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        "    name: str = Field(max_length=60, unique=True)\n"
        "```\n\n"
        "```prisma\n"
        "model Player {\n"
        "  id     String @id @default(uuid()) @db.Uuid\n"
        "  teamId Int\n"
        "  team   Team @relation(fields: [teamId], references: [id],"
        " onDelete: Cascade)\n"
        "  @@index([teamId])\n"
        "}\n"
        "```\n"
    )
    assert _column(schema, "Team", "name").type == ir.ColumnType("str", 60)
    player = schema.model("Player")
    assert player.foreign_keys[0].on_delete == "cascade"
    assert _column(schema, "Player", "id").default == ir.Default("uuid")


# ---- merging and references -----------------------------------------------------


def test_sql_wins_over_table_with_a_warning() -> None:
    result = compile_markdown_source(
        "### items\n\n| Column | Type |\n|---|---|\n"
        "| id | INTEGER |\n| name | TEXT |\n\n"
        "```sql\nCREATE TABLE items (id INT PRIMARY KEY,"
        " name VARCHAR(40) NOT NULL);\n```\n",
        "spec.md",
    )
    assert result.schema is not None
    assert _column(result.schema, "Item", "name").type == ir.ColumnType("str", 40)
    (warning,) = [d for d in result.diagnostics if d.severity is Severity.WARNING]
    assert "SQL DDL" in warning.message and warning.span is not None
    assert warning.span.line == 6


def test_reference_to_an_undefined_table_is_a_warning_not_an_error() -> None:
    result = compile_markdown_source(
        "### profiles\n- id: uuid (primary key)\n"
        "- user_id: uuid (FK -> auth.users.id)\n",
        "spec.md",
    )
    assert result.schema is not None
    assert not result.schema.model("Profile").foreign_keys
    assert any("auth.users.id" in d.message for d in result.diagnostics)


def test_relationship_sentences_add_the_key_and_cascade() -> None:
    text = _dbs(
        "## users\n- id: integer (primary key)\n\n"
        "## todos\n- id: integer (primary key)\n- title: string (max 100)\n\n"
        "## Relationships\n- Each todo belongs to one user\n"
        "- Deleting a user deletes their todos (cascade)\n"
    )
    assert "user: User on_delete=cascade" in text


# ---- shapes met in the wider corpus (bench/markdown_corpus.py) -------------------


def test_two_keys_to_one_table_each_get_a_back_name() -> None:
    schema = _schema(
        "### users\n| Column | Type |\n|---|---|\n| id | Integer |\n\n"
        "### sessions\n| Column | Type | Notes |\n|---|---|---|\n"
        "| id | Integer | PK |\n"
        "| photographer_id | Integer | FK -> users.id |\n"
        "| client_id | Integer | FK -> users.id |\n"
    )
    session = schema.model("Session")
    assert {f.columns for f in session.foreign_keys} == {
        ("photographer_id",),
        ("client_id",),
    }
    backs = {r.back for r in session.relations if r.target == "User"}
    assert backs == {"sessions_as_photographer", "sessions_as_client"}


def test_representation_headings_do_not_open_tables() -> None:
    schema = _schema(
        "## Tasks Table\n\n```sql\nCREATE TABLE tasks (id SERIAL PRIMARY KEY,"
        " priority VARCHAR(20) DEFAULT 'medium');\n```\n\n"
        "## Column Specifications\n\n| Column | Type | Notes |\n|---|---|---|\n"
        "| id | SERIAL | PK |\n| priority | VARCHAR(20) | low/medium/high |\n\n"
        "**SQLModel Definition**:\n\n## Enum Constraints\n\n### Priority\n"
        "- `low`\n- `medium` (default)\n- `high`\n\n"
        "## Future Schema\n\n```sql\nCREATE TABLE tags (id INT PRIMARY KEY);\n```\n"
    )
    assert [m.table for m in schema.models] == ["tasks"]
    assert [v.name for v in schema.enum("Priority").values] == ["low", "medium", "high"]


def test_table_header_in_an_unknown_language_is_read_by_content() -> None:
    schema = _schema(
        "## 1. subjects\n\n| Medan | Jenis | Kekangan |\n| --- | --- | --- |\n"
        "| id | `SERIAL PRIMARY KEY` | NOT NULL |\n"
        "| nama | `VARCHAR(100)` | NOT NULL |\n\n"
        "### Data Seed\n\n| id | nama |\n| --- | --- |\n| 1 | Matematik |\n"
    )
    assert _column(schema, "Subject", "nama").type == ir.ColumnType("str", 100)
    assert schema.model("Subject").primary_key == ("id",)


def test_japanese_table_doc() -> None:
    schema = _schema(
        "## users\n\n### カラム一覧\n\n| カラム名 | データ型 | 説明 |\n|---|---|---|\n"
        "| id | UUID | 主キー\uff08必須、主キー\uff09 |\n"
        "| email | VARCHAR | メール\uff08必須、一意制約\uff09 |\n\n"
        "## teamMembers\n\nテーブル名: `team_members`\n\n### カラム一覧\n\n"
        "| カラム名 | データ型 | 説明 |\n|---|---|---|\n"
        "| id | UUID | 主キー |\n"
        "| user_id | UUID | ユーザーID\uff08外部キー\uff09\uff08必須\uff09 |\n\n"
        "### インデックス\n\n- `team_members_user_idx`: INDEX (user_id)\n"
    )
    assert schema.model("User").primary_key == ("id",)
    assert not _column(schema, "User", "email").nullable
    member = schema.model("TeamMember")
    assert member.table == "team_members"
    assert member.foreign_keys[0].target_table == "users"


def test_index_names_are_not_columns() -> None:
    result = compile_markdown_source(
        "### users\n| Column | Type |\n|---|---|\n| id | INTEGER |\n"
        "| email | VARCHAR(255) |\n\n**Indexes:**\n"
        "- `idx_users_email`: UNIQUE INDEX on email column for fast lookups\n"
        "- `idx_users_id` - primary key index\n",
        "spec.md",
    )
    assert result.schema is not None
    assert result.schema.model("User").uniques[0].columns == ("email",)
    assert not [d for d in result.diagnostics if d.severity is Severity.WARNING]


def test_enum_values_in_a_bullet_description() -> None:
    schema = _schema(
        "### tickets\n- `id` (UUID, Primary Key): Unique identifier\n"
        "- `status` (Enum): Current status (OPEN, IN_PROGRESS, or CLOSED)\n"
        "- `kind` (Text): Kind of change (e.g., created, closed)\n"
    )
    assert [v.name for v in schema.enum("TicketStatus").values] == [
        "OPEN",
        "IN_PROGRESS",
        "CLOSED",
    ]
    assert _column(schema, "Ticket", "kind").type.kind == "text"


def test_dbml() -> None:
    schema = _schema(
        "```dbml\nenum role { admin  member }\n\n"
        "Table users {\n  id int [pk, increment]\n"
        "  email varchar(100) [unique, not null]\n  role role\n}\n\n"
        "Table posts {\n  id int [pk]\n  user_id int [not null, ref: > users.id]\n"
        "  editor_id int\n  note text\n"
        "  indexes {\n    (user_id, id) [unique]\n  }\n}\n\n"
        "Ref: posts.editor_id > users.id [delete: set null]\n```\n"
    )
    assert not _column(schema, "User", "email").nullable
    assert _column(schema, "User", "role").type.enum == "Role"
    post = schema.model("Post")
    assert {f.columns: f.on_delete for f in post.foreign_keys} == {
        ("user_id",): None,
        ("editor_id",): "set_null",
    }
    assert _column(schema, "Post", "note").nullable
    unique = [[c.name for c in i.columns] for i in post.indexes if i.unique]
    assert unique == [["user_id", "id"]]


def test_mermaid_lone_entities_and_array_types_and_person_keys() -> None:
    schema = _schema(
        "```mermaid\nerDiagram\n  USERS\n  TASKS\n  USERS ||--o{ TASKS : owns\n"
        "  USERS { uuid id PK }\n"
        '  TASKS { uuid id PK  text_array photo_urls  uuid created_by FK "NOT NULL" }\n'
        "```\n"
    )
    assert _column(schema, "Task", "photo_urls").type == ir.ColumnType(
        "text", array=True
    )
    assert schema.model("Task").foreign_keys[0].columns == ("created_by",)


def test_plain_fence_with_table_name_and_bullets() -> None:
    schema = _schema(
        "### Tasks Table\n```\ntasks\n"
        "- id (UUID, Primary Key, Default: gen_random_uuid())\n"
        "- title (VARCHAR(255), NOT NULL)\n"
        "- status (VARCHAR(20), CHECK: 'pending', 'in-progress', 'done')\n"
        "- note (TEXT)  -- free text\n```\n"
    )
    task = schema.model("Task")
    assert task.table == "tasks" and task.primary_key == ("id",)
    # 'in-progress' can be no enum member: the column keeps its stated type
    assert _column(schema, "Task", "status").type == ir.ColumnType("str", 20)
    assert _column(schema, "Task", "note").doc == "free text"


def test_words_after_foreign_key_that_name_no_table() -> None:
    result = compile_markdown_source(
        "### tasks\n| Column | Type | Constraints |\n|---|---|---|\n"
        "| id | Integer | PRIMARY KEY |\n"
        "| user_id | String | NOT NULL, Foreign Key Reference |\n",
        "spec.md",
    )
    assert result.schema is not None
    assert not any("Reference" in d.message for d in result.diagnostics)


def test_drizzle_tables() -> None:
    schema = _schema(
        "```ts\nexport const roleEnum = pgEnum('role', ['owner', 'member'])\n"
        'export const orgs = pgTable("organizations", {\n'
        '  id: uuid("id").primaryKey().defaultRandom(),\n'
        '  name: varchar("name", { length: 120 }).notNull().unique(),\n'
        "})\n"
        'export const members = pgTable("memberships", {\n'
        '  id: serial("id").primaryKey(),\n'
        '  orgId: uuid("org_id").notNull()'
        '.references(() => orgs.id, { onDelete: "cascade" }),\n'
        '  role: roleEnum("role").notNull().default("member"),\n'
        '  joinedAt: timestamp("joined_at", { withTimezone: true }).defaultNow(),\n'
        "}, (t) => ({ uniq: unique().on(t.orgId, t.role) }))\n```\n"
    )
    assert _column(schema, "Organization", "name").type == ir.ColumnType("str", 120)
    member = schema.model("Membership")
    assert member.foreign_keys[0].target_table == "organizations"
    assert member.foreign_keys[0].on_delete == "cascade"
    assert _column(schema, "Membership", "role").type.enum == "Role"
    assert _column(schema, "Membership", "joined_at").type.kind == "datetime"
    assert member.uniques[0].columns == ("org_id", "role")


def test_indexes_given_by_name_only() -> None:
    schema = _schema(
        "### tasks\n| Column | Type |\n|---|---|\n| id | INTEGER |\n"
        "| is_completed | BOOLEAN |\n| created_at | TIMESTAMP |\n\n"
        "**Indexes:**\n- `idx_tasks_is_completed` - Fast status filtering\n"
        "- `idx_tasks_user_completed` - Composite index for common queries\n"
        "- `idx_tasks_created_at`\n"
    )
    assert _column(schema, "Task", "is_completed") is not None
    task = schema.model("Task")
    assert {i.columns[0].name for i in task.indexes} == {
        "is_completed",
        "created_at",
    }


def test_a_spec_without_tables_points_at_linked_files() -> None:
    result = compile_markdown_source(
        "# Database Schema\n\n| Entity | Spec |\n|---|---|\n"
        "| User | [user.md](entities/user.md) |\n",
        "spec.md",
    )
    assert result.schema is None
    (error,) = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert "entities/user.md" in (error.hint or error.message)


def test_optional_relation_sentence_and_composite_index_prose() -> None:
    schema = _schema(
        "### projects\n- id (UUID, Primary Key)\n\n"
        "### tasks\n- id (UUID, Primary Key)\n- is_done (BOOLEAN)\n\n"
        "## Relationships\n"
        "- Projects to Tasks: One-to-Many (One project can have many tasks)"
        " - optional relation\n"
    )
    assert _column(schema, "Task", "project_id").nullable
    schema = _schema(
        "### sessions\n- id (UUID, Primary Key)\n- user_id (UUID)\n"
        "- is_revoked (BOOLEAN)\n\n"
        "## Indexes\n- Composite index on sessions.user_id and is_revoked\n"
    )
    (index,) = schema.model("Session").indexes
    assert [c.name for c in index.columns] == ["user_id", "is_revoked"]


def test_on_update_current_timestamp_is_auto_now() -> None:
    schema = _schema(
        "### users\n- `id`: UUID (Primary Key)\n"
        "- `updated_at`: TIMESTAMP (Default: CURRENT_TIMESTAMP,"
        " On Update: CURRENT_TIMESTAMP)\n"
    )
    assert _column(schema, "User", "updated_at").auto_now


def test_a_spec_that_is_python_source() -> None:
    schema = _schema(
        "from sqlmodel import SQLModel, Field\n\n"
        "# 1. USER MODEL\n"
        "class User(SQLModel, table=True):\n"
        "    id: str = Field(primary_key=True)\n\n"
        "# 2. TASK MODEL\n"
        "class Task(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        '    user_id: str = Field(foreign_key="user.id")\n'
    )
    assert [m.table for m in schema.models] == ["user", "task"]
    assert schema.model("Task").foreign_keys[0].target_table == "user"


def test_sql_like_code_span_bullets_and_loose_fk_words() -> None:
    result = compile_markdown_source(
        "## `refresh_tokens`\n\nImportant columns:\n\n"
        "- `token_hash CHAR(64) UNIQUE`\n- `payload JSONB`\n\n"
        "### tasks\n| Column | Type | Constraints |\n|---|---|---|\n"
        "| id | INTEGER | PRIMARY KEY |\n"
        "| user_id | UUID | FOREIGN KEY (references Better Auth user) |\n",
        "spec.md",
    )
    schema = result.schema
    assert schema is not None
    assert _column(schema, "RefreshToken", "token_hash").type == ir.ColumnType(
        "str", 64
    )
    assert _column(schema, "RefreshToken", "payload").type.kind == "jsonb"
    assert _column(schema, "Task", "user_id").references is None


def test_constraint_summaries_and_views_are_no_tables() -> None:
    schema = _schema(
        "### users\n| Column | Type |\n|---|---|\n| id | UUID |\n\n"
        "## Constraints\n\n### Primary Keys\n\n| Table | Column | Type |\n"
        "|---|---|---|\n| users | id | UUID |\n\n"
        "## VIEW\n\n### v_users\n\n| カラム | 型 | 説明 |\n|---|---|---|\n"
        "| id | string | ID |\n"
    )
    assert [m.table for m in schema.models] == ["users"]
