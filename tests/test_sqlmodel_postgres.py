"""Generated SQLModel packages on a real PostgreSQL 18.

For every sample: generate, import, ``metadata.create_all`` on a fresh
database, then read the catalog back (never the metadata) and compare it with
what the IR says. The todo sample is also used through ORM sessions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, configure_mappers

from schemac.compiler import ir
from schemac.compiler.naming import quote_ident
from tests.sqlmodel_support import all_schemas, generate, import_generated

NAMES = sorted(all_schemas())

pytestmark = pytest.mark.postgres

_PG_TYPES = {
    "int": "integer",
    "bigint": "bigint",
    "smallint": "smallint",
    "text": "text",
    "bool": "boolean",
    "float": "double precision",
    "date": "date",
    "time": "time without time zone",
    "interval": "interval",
    "datetime": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "uuid": "uuid",
    "json": "json",
    "jsonb": "jsonb",
    "bytes": "bytea",
    "citext": "citext",
    "inet": "inet",
    "cidr": "cidr",
    "tsvector": "tsvector",
}
_ACTIONS = {
    "cascade": "c",
    "set_null": "n",
    "restrict": "r",
    "no_action": "a",
    "set_default": "d",
    None: "a",
}


@dataclass(frozen=True)
class Generated:
    """A sample's IR and its generated, imported package."""

    schema: ir.Schema
    module: ModuleType


@pytest.fixture(scope="session")
def generated_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    """Every sample, generated and imported once per session."""
    out = tmp_path_factory.mktemp("sqlmodel_pg")
    samples = {}
    for name, (schema, source) in all_schemas().items():
        package = f"pg_{name}_models"
        generate(schema, out, package, source)
        module = import_generated(out, package)
        configure_mappers()
        samples[name] = Generated(schema, module)
    return samples


@pytest.fixture
def engine(database_url: URL) -> Iterator[sa.Engine]:
    engine = sa.create_engine(database_url)
    yield engine
    engine.dispose()


def _create(engine: sa.Engine, sample: Generated) -> None:
    with engine.begin() as conn:
        for name in sample.schema.schemas:
            conn.execute(sa.text(f"CREATE SCHEMA {quote_ident(name)}"))
        for name in sample.schema.extensions:
            conn.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {quote_ident(name)}"))
    sample.module.metadata.create_all(engine)


@pytest.mark.parametrize("name", NAMES)
def test_catalog_matches_the_ir(
    name: str, generated_samples: dict[str, Generated], engine: sa.Engine
) -> None:
    sample = generated_samples[name]
    _create(engine, sample)
    with engine.connect() as conn:
        assert _tables(conn) == {
            (m.schema or "public", m.table) for m in sample.schema.models
        }
        for enum in sample.schema.enums:
            assert _enum_labels(conn, enum) == [v.name for v in enum.values]
        for model in sample.schema.models:
            _check_model(conn, sample.schema, model)


def _check_model(conn: sa.Connection, schema: ir.Schema, model: ir.Model) -> None:
    oid = conn.execute(
        sa.text("SELECT to_regclass(:name)::oid"),
        {"name": _qualified(model.schema, model.table)},
    ).scalar_one()
    _check_columns(conn, oid, schema, model)
    _check_constraints(conn, oid, model)
    _check_indexes(conn, oid, model)
    comment = conn.execute(
        sa.text("SELECT obj_description(:o, 'pg_class')"), {"o": oid}
    )
    assert comment.scalar() == model.doc, model.name


def _check_columns(
    conn: sa.Connection, oid: int, schema: ir.Schema, model: ir.Model
) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
            " pg_get_expr(d.adbin, d.adrelid), a.attidentity,"
            " col_description(a.attrelid, a.attnum)"
            " FROM pg_attribute a LEFT JOIN pg_attrdef d"
            " ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            " WHERE a.attrelid = :oid AND a.attnum > 0 AND NOT a.attisdropped"
            " ORDER BY a.attnum"
        ),
        {"oid": oid},
    ).all()
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {c.db_name for c in model.columns}, model.name
    for column in model.columns:
        _, type_, not_null, default, identity, comment = by_name[column.db_name]
        where = f"{model.name}.{column.name}"
        assert type_ == _expected_type(schema, column.type), where
        assert not_null == (not column.nullable or column.primary_key), where
        assert identity == ("a" if column.identity else ""), where
        assert comment == column.doc, where
        _check_default(column, default, where)
        if column.default is not None and column.default.kind == "sql":
            same = sa.text(
                f"SELECT ({default}) IS NOT DISTINCT FROM ({column.default.value})"
            )
            assert conn.execute(same).scalar_one(), where


def _expected_type(schema: ir.Schema, column_type: ir.ColumnType) -> str:
    kind = column_type.kind
    if kind == "enum":
        enum = schema.enum(column_type.enum or "")
        base = _qualified(enum.schema, enum.db_name) if enum.schema else enum.db_name
    elif kind == "str":
        base = f"character varying({column_type.length})"
    elif kind == "decimal":
        base = f"numeric({column_type.precision},{column_type.scale})"
    else:
        base = _PG_TYPES[kind]
    return base + "[]" if column_type.array else base


def _check_default(column: ir.Column, default: str | None, where: str) -> None:
    expected = column.default
    if expected is None:
        serial = column.primary_key and not column.identity and default is not None
        assert default is None or (serial and default.startswith("nextval(")), where
        return
    assert default is not None, where
    if expected.kind == "now":
        assert default == "now()", where
    elif expected.kind == "uuid":
        assert default == "gen_random_uuid()", where
    elif expected.kind == "uuid7":
        assert default == "uuidv7()", where
    elif expected.kind == "sql":
        pass  # PostgreSQL rewrites expressions; compared by value in the caller
    elif isinstance(expected.value, bool):
        assert default == str(expected.value).lower(), where
    else:
        literal = default.split("::")[0].removeprefix("'").removesuffix("'")
        assert literal.replace("''", "'") == str(expected.value), where


def _check_constraints(conn: sa.Connection, oid: int, model: ir.Model) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT c.conname, c.contype, c.confdeltype, c.confupdtype,"
            " ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)"
            "  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n"
            "  ORDER BY k.i),"
            " c.confrelid::regclass::text"
            " FROM pg_constraint c WHERE c.conrelid = :oid"
        ),
        {"oid": oid},
    ).all()
    by_kind: dict[str, dict[str, Any]] = {"f": {}, "u": {}, "c": {}, "p": {}}
    for name, kind, on_delete, on_update, columns, target in rows:
        if kind in by_kind:
            by_kind[kind][name] = (tuple(columns), on_delete, on_update, target)
    assert set(by_kind["p"]) == {f"pk_{model.table}"}, model.name
    assert next(iter(by_kind["p"].values()))[0] == model.primary_key, model.name

    expected_fks = {
        fk.name: (
            fk.columns,
            _ACTIONS[fk.on_delete],
            _ACTIONS[fk.on_update],
            _qualified(fk.target_schema, fk.target_table),
        )
        for fk in model.foreign_keys
    }
    assert by_kind["f"] == expected_fks, model.name
    expected_uniques = {u.name: u.columns for u in model.uniques}
    assert {k: v[0] for k, v in by_kind["u"].items()} == expected_uniques, model.name
    assert set(by_kind["c"]) == {c.name for c in model.checks}, model.name


def _check_indexes(conn: sa.Connection, oid: int, model: ir.Model) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT i.relname, x.indisunique, am.amname,"
            " pg_get_expr(x.indpred, x.indrelid), pg_get_indexdef(x.indexrelid),"
            " EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
            " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_am am ON am.oid = i.relam WHERE x.indrelid = :oid"
        ),
        {"oid": oid},
    ).all()
    indexes = {row[0]: row for row in rows if not row[5]}  # skip pk/unique backing
    assert set(indexes) == {i.name for i in model.indexes}, model.name
    for index in model.indexes:
        _, unique, method, predicate, definition, _ = indexes[index.name]
        assert unique == index.unique, index.name
        assert method == (index.using or "btree"), index.name
        assert (predicate is not None) == (index.where is not None), index.name
        parts = [
            quote_ident(c.name) + (" DESC" if c.desc else "") for c in index.columns
        ]
        assert definition.endswith(f"({', '.join(parts)})" + _where(predicate)), (
            definition
        )


def _where(predicate: str | None) -> str:
    return f" WHERE {predicate}" if predicate else ""


def _tables(conn: sa.Connection) -> set[tuple[str, str]]:
    rows = conn.execute(
        sa.text(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
    )
    return {(schema, table) for schema, table in rows}


def _enum_labels(conn: sa.Connection, enum: ir.Enum) -> list[str]:
    rows = conn.execute(
        sa.text(
            "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
            " JOIN pg_namespace n ON n.oid = t.typnamespace"
            " WHERE t.typname = :name AND n.nspname = :schema ORDER BY e.enumsortorder"
        ),
        {"name": enum.db_name, "schema": enum.schema or "public"},
    )
    return [label for (label,) in rows]


def _qualified(schema: str | None, name: str) -> str:
    return f"{schema}.{name}" if schema else name


def test_todo_relations_work_both_ways(
    generated_samples: dict[str, Generated], engine: sa.Engine
) -> None:
    sample = generated_samples["todo"]
    models = sample.module
    _create(engine, sample)

    with Session(engine) as session:
        urgent = models.Tag(name="urgent", color="#FF0000")
        home = models.Tag(name="home")
        user = models.User(email="ada@example.com", hashed_password="x")
        user.todos = [
            models.Todo(title="Write", tags=[urgent, home]),
            models.Todo(
                title="Read", status=models.TodoStatus.IN_PROGRESS, tags=[home]
            ),
        ]
        session.add(user)
        session.commit()
        user_id = user.id

    with Session(engine) as session:
        user = session.get(models.User, user_id)
        assert user is not None and user.is_active is True
        assert sorted(t.title for t in user.todos) == ["Read", "Write"]
        home = session.scalars(
            sa.select(models.Tag).where(models.Tag.name == "home")
        ).one()
        assert {t.title for t in home.todos} == {"Read", "Write"}
        assert all(t.user is user for t in home.todos)
        assert home.created_at.tzinfo is not None

    with engine.connect() as conn:
        status = conn.execute(
            sa.text("SELECT status::text FROM todos WHERE title = 'Read'")
        )
        assert status.scalar_one() == "in_progress"  # stored by value
        default = conn.execute(
            sa.text("SELECT status::text FROM todos WHERE title = 'Write'")
        )
        assert default.scalar_one() == "pending"

    with Session(engine) as session:
        session.delete(session.get(models.User, user_id))
        session.commit()

    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM todos")).scalar_one() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM todo_tags")).scalar_one() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM tags")).scalar_one() == 2


def test_a_model_linked_to_itself_works_both_ways(
    generated_samples: dict[str, Generated], engine: sa.Engine
) -> None:
    sample = generated_samples["case_self_many_to_many"]
    models = sample.module
    _create(engine, sample)

    with Session(engine) as session:
        ada, bob, cy = (models.Person(name=n) for n in ("ada", "bob", "cy"))
        ada.follows = [bob, cy]
        bob.follows = [cy]
        session.add_all([ada, bob, cy])
        session.commit()

    with Session(engine) as session:
        by_name = {p.name: p for p in session.scalars(sa.select(models.Person))}
        assert sorted(p.name for p in by_name["ada"].follows) == ["bob", "cy"]
        assert sorted(p.name for p in by_name["cy"].followers) == ["ada", "bob"]
        assert by_name["ada"].followers == []

    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT f.name, t.name FROM person_follows l "
                "JOIN people f ON f.id = l.person_id "
                "JOIN people t ON t.id = l.follow_id ORDER BY 1, 2"
            )
        ).all()
    assert [tuple(r) for r in rows] == [("ada", "bob"), ("ada", "cy"), ("bob", "cy")]


def test_todo_updated_at_moves_on_update(
    generated_samples: dict[str, Generated], engine: sa.Engine
) -> None:
    sample = generated_samples["todo"]
    models = sample.module
    _create(engine, sample)
    with Session(engine) as session:
        user = models.User(email="bob@example.com", hashed_password="x")
        session.add(user)
        session.commit()
        before = user.updated_at
        user.name = "Bob"
        session.commit()
        session.refresh(user)
        assert user.updated_at >= before


def test_rows_written_outside_the_orm_get_defaults(
    generated_samples: dict[str, Generated], engine: sa.Engine
) -> None:
    _create(engine, generated_samples["todo"])
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO users (email, hashed_password) VALUES ('c', 'x')")
        )
        row = conn.execute(
            sa.text("SELECT is_active, is_superuser, created_at FROM users")
        ).one()
    assert row[0] is True and row[1] is False and row[2] is not None


@pytest.mark.parametrize("name", NAMES)
def test_alembic_sees_no_difference(
    name: str, generated_samples: dict[str, Generated], engine: sa.Engine
) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    sample = generated_samples[name]
    _create(engine, sample)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_schemas": True,
            },
        )
        diff = compare_metadata(context, sample.module.metadata)
    assert diff == []
