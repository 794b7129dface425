"""Golden files: the generated code users read, reviewed in diffs.

``tests/golden/sqlmodel/<case>/`` holds the expected files of each case. Run
with ``SCHEMAC_UPDATE_GOLDEN=1`` to rewrite them after a deliberate change,
then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from schemac.backends import RenderContext
from schemac.backends.sqlmodel import backend
from schemac.compiler import compile_source
from tests.sqlmodel_support import CASES, ROOT, compile_sample, source_name

GOLDEN = Path(__file__).resolve().parent / "golden" / "sqlmodel"
UPDATE = os.environ.get("SCHEMAC_UPDATE_GOLDEN") == "1"


def _check(case: str, files: dict[str, str]) -> None:
    directory = GOLDEN / case
    if UPDATE:
        for old in directory.rglob("*.py"):
            old.unlink()
        for rel, text in files.items():
            path = directory / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(directory).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(directory.rglob("*.py"))
    }
    assert expected, f"no golden files for {case}; run with SCHEMAC_UPDATE_GOLDEN=1"
    assert sorted(files) == sorted(expected)
    for rel, text in files.items():
        assert text == expected[rel], f"{case}/{rel} differs from its golden file"


def test_todo_sample() -> None:
    entry = ROOT / "samples" / "todo" / "todo.dbs"
    schema = compile_sample(entry)
    _check("todo", backend.render(schema, RenderContext(source_name(entry))))


@pytest.mark.parametrize("case", sorted(CASES))
def test_construct(case: str) -> None:
    result = compile_source(CASES[case])
    assert result.schema is not None, result.diagnostics
    context = RenderContext(f"{case}.dbs", {"layout": "module"})
    _check(case, backend.render(result.schema, context))
