"""The .dbs printer: printing any IR and compiling the text gives the same IR."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from schemac.backends import RenderContext, get_backend
from schemac.backends.dbs import print_dbs
from schemac.compiler import compile_files, compile_source, ir
from schemac.frontends.markdown import compile_markdown
from tests.markdown_support import ROOT, case_names, meaning, spec_path

SAMPLES = sorted((ROOT / "samples").glob("**/*.dbs"))
MARKDOWN_SAMPLES = sorted((ROOT / "samples").glob("**/*.md"))


def _round_trip(schema_text: str) -> None:
    again = compile_source(schema_text, "printed.dbs")
    assert again.schema is not None, [d.message for d in again.diagnostics]
    assert print_dbs(again.schema) == schema_text


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_sample_round_trips(path: Path) -> None:
    result = compile_files([path])
    if result.schema is None:
        pytest.skip("the sample imports files or does not compile on its own")
    text = print_dbs(result.schema)
    again = compile_source(text, "printed.dbs")
    assert again.schema is not None, [d.message for d in again.diagnostics]
    assert meaning(again.schema) == meaning(_flattened(result.schema))


def _flattened(schema: ir.Schema) -> ir.Schema:
    """The IR without abstract base names, which the printer folds in."""
    models = tuple(replace(m, bases=()) for m in schema.models)
    return replace(schema, models=models)


@pytest.mark.parametrize("name", case_names())
def test_markdown_case_round_trips(name: str) -> None:
    result = compile_markdown(spec_path(name))
    assert result.schema is not None
    text = print_dbs(result.schema)
    again = compile_source(text, "printed.dbs")
    assert again.schema is not None, [d.message for d in again.diagnostics]
    assert meaning(again.schema) == meaning(result.schema)
    _round_trip(text)


@pytest.mark.parametrize("path", MARKDOWN_SAMPLES, ids=lambda p: p.name)
def test_markdown_sample_round_trips(path: Path) -> None:
    result = compile_markdown(path)
    assert result.schema is not None
    again = compile_source(print_dbs(result.schema), "printed.dbs")
    assert again.schema is not None
    assert meaning(again.schema) == meaning(result.schema)


def test_folds_implicit_things_back() -> None:
    source = """enum Status { open, closed }

model User {
    email: str(255) unique
    timestamps
}

model Todo {
    user: User on_delete=cascade
    title: str(200) index
    status: Status = open
    soft_delete
    tags: Tag[]
}

model Tag {
    name: str(50) unique
}
"""
    result = compile_source(source)
    assert result.schema is not None
    assert print_dbs(result.schema) == source


def test_keeps_names_checks_and_statements() -> None:
    source = """model Order {
    table "orders_v2"
    number: int min=1
    email: str(100) column="e_mail"
    note: str(200)? check "length(note) > 2"
    unique (number, email) name="uq_custom"
    index (number desc) name="ix_recent"
    check "number < 1000000" name="ck_orders_v2_small"
}
"""
    result = compile_source(source)
    assert result.schema is not None
    text = print_dbs(result.schema)
    assert text == source


def test_backend_renders_schema_dbs() -> None:
    result = compile_source("model A {\n    name: text\n}\n")
    assert result.schema is not None
    files = get_backend("dbs").render(result.schema, RenderContext("a.dbs"))
    assert files == {"schema.dbs": "model A {\n    name: text\n}\n"}
