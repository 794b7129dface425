"""Every Markdown case through the SQLModel backend, created on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from schemac.compiler.naming import quote_ident
from schemac.frontends.markdown import compile_markdown
from tests.markdown_support import case_names, spec_path
from tests.sqlmodel_support import generate

pytestmark = pytest.mark.postgres

_CREATE = """
import sys
import sqlalchemy as sa
from sqlalchemy.orm import configure_mappers

sys.path.insert(0, sys.argv[1])
module = __import__(sys.argv[2])
configure_mappers()
engine = sa.create_engine(sys.argv[3])
with engine.begin() as conn:
    for statement in sys.argv[4:]:
        conn.execute(sa.text(statement))
module.metadata.create_all(engine)
print("\\n".join(sorted(sa.inspect(engine).get_table_names())))
"""


@pytest.mark.parametrize("name", case_names())
def test_case_creates_its_tables(name: str, tmp_path: Path, database_url: URL) -> None:
    schema = compile_markdown(spec_path(name)).schema
    assert schema is not None
    package = "md_" + name.split("-")[0] + "_models"
    generate(schema, tmp_path, package, f"{name}.md")
    setup = [f"CREATE SCHEMA {quote_ident(n)}" for n in schema.schemas]
    setup += [
        f"CREATE EXTENSION IF NOT EXISTS {quote_ident(n)}" for n in schema.extensions
    ]
    url = database_url.render_as_string(hide_password=False)
    # A fresh interpreter: generated classes share names (User...) across cases.
    run = subprocess.run(
        [sys.executable, "-c", _CREATE, str(tmp_path), package, url, *setup],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    tables = set(run.stdout.split())
    assert tables == {m.table for m in schema.models if m.schema is None}
