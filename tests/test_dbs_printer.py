"""The .dbs printer: printing any IR and compiling the text gives the same IR."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from schemac.backends import RenderContext, get_backend
from schemac.backends.dbs import print_dbs
from schemac.compiler import compile_files, compile_source
from schemac.frontends.markdown import compile_markdown
from tests.markdown_support import ROOT, case_names, meaning, spec_path

MARKDOWN_SAMPLES = sorted((ROOT / "samples").glob("**/*.md"))
_IMPORT = re.compile(r'^import\s+"([^"]+)"', re.MULTILINE)


def _entries() -> list[Path]:
    """Each sample's entry file: the ``.dbs`` files no other sample file imports.

    The others are parts of a multi-file build, printed as part of it.
    """
    files = sorted((ROOT / "samples").glob("**/*.dbs"))
    imported = {
        (path.parent / name).resolve()
        for path in files
        for name in _IMPORT.findall(path.read_text(encoding="utf-8"))
    }
    return [path for path in files if path.resolve() not in imported]


def _round_trip(schema_text: str) -> None:
    again = compile_source(schema_text, "printed.dbs")
    assert again.schema is not None, [d.message for d in again.diagnostics]
    assert print_dbs(again.schema) == schema_text


@pytest.mark.parametrize(
    "path", _entries(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_sample_round_trips(path: Path) -> None:
    result = compile_files([path])
    assert result.schema is not None, [d.message for d in result.diagnostics]
    text = print_dbs(result.schema)
    again = compile_source(text, "printed.dbs")
    assert again.schema is not None, [d.message for d in again.diagnostics]
    assert meaning(again.schema) == meaning(result.schema)
    _round_trip(text)


def test_entries_include_the_multi_file_shop() -> None:
    names = [p.relative_to(ROOT).as_posix() for p in _entries()]
    assert "samples/shop/shop.dbs" in names
    assert "samples/shop/customers.dbs" not in names


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


ABSTRACT_BASES = """enum Status { open, closed }

abstract Keyed {
    id: uuid = uuid() pk
}

abstract Owned(Keyed) {
    "Something a user owns."
    owner: User on_delete=cascade
    status: Status = open index
    score: int = 0 min=0 max=10
    code: str(20) unique check "code <> ''"
    timestamps
    labels: Label[]
    index (owner, created_at desc)
    check "score < 100"
    check "status <> 'closed' or score > 0" name="closed_scored"
}

abstract Unused {
    note: text?
}

abstract Numbered {
    number: int pk
}

model User {
    name: text
}

model Label {
    name: str(50) unique
}

model Note(Owned) {
    body: text
    check "length(body) > 0" name="ck_notes_2"
}

model Task(Owned) {
    title: str(200)
}

model Line(Numbered) {
    user: User pk
    text: text
}
"""


def test_abstract_bases_print_once_and_round_trip() -> None:
    result = compile_source(ABSTRACT_BASES)
    assert result.schema is not None, [d.message for d in result.diagnostics]
    assert print_dbs(result.schema) == ABSTRACT_BASES
    again = compile_source(print_dbs(result.schema))
    assert again.schema is not None
    assert meaning(again.schema) == meaning(result.schema)


def test_inherited_members_are_not_repeated() -> None:
    result = compile_source(ABSTRACT_BASES)
    assert result.schema is not None
    text = print_dbs(result.schema)
    assert text.count("timestamps") == 1
    assert text.count("owner: User") == 1
    assert "model Line(Numbered) {\n    user: User pk\n" in text


def test_backend_renders_schema_dbs() -> None:
    result = compile_source("model A {\n    name: text\n}\n")
    assert result.schema is not None
    files = get_backend("dbs").render(result.schema, RenderContext("a.dbs"))
    assert files == {"schema.dbs": "model A {\n    name: text\n}\n"}
