"""Diagnostics: each ``tests/diagnostics/*.dbs`` file is a bad input whose
expected rendered diagnostics sit in a trailing comment block.

Regenerate the blocks with ``SCHEMAC_UPDATE_GOLDEN=1 pytest
tests/test_diagnostics.py``, then read the diff by eye.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from schemac.compiler import compile_files, compile_source
from schemac.compiler import messages as msg
from schemac.diagnostics import Severity, render_all

CASES = Path(__file__).resolve().parent / "diagnostics"
MARKER = "# ---- expected diagnostics ----"
UPDATE = os.environ.get("SCHEMAC_UPDATE_GOLDEN") == "1"


def _split(text: str) -> tuple[str, str | None]:
    head, found, tail = text.partition("\n" + MARKER + "\n")
    if not found:
        return text, None
    expected = "\n".join(line[2:] for line in tail.splitlines())
    return head + "\n", expected


def _render(name: str) -> str:
    result = compile_files([Path(name)])
    assert result.schema is None, "a diagnostics case must fail to compile"
    return render_all(result.diagnostics, result.sources)


@pytest.mark.parametrize("path", sorted(CASES.glob("*.dbs")), ids=lambda p: p.stem)
def test_expected_diagnostics(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES)
    source, expected = _split(path.read_text(encoding="utf-8"))
    if UPDATE:
        # Render the input alone, so the old block cannot change line numbers.
        path.write_text(source, encoding="utf-8")
        actual = _render(path.name)
        block = "\n".join(f"# {line}".rstrip() for line in actual.splitlines())
        path.write_text(f"{source}{MARKER}\n{block}\n", encoding="utf-8")
        return
    assert expected is not None, f"{path.name} has no '{MARKER}' block"
    assert _render(path.name) == expected


def test_every_diagnostic_has_a_code_and_a_span() -> None:
    text = (CASES / "bad_options.dbs").read_text(encoding="utf-8")
    result = compile_source(_split(text)[0], "bad_options.dbs")
    assert result.diagnostics
    for diagnostic in result.diagnostics:
        assert diagnostic.code is not None
        assert diagnostic.span is not None and diagnostic.span.line > 0


def test_errors_mean_no_schema_but_warnings_do_not() -> None:
    warned = compile_source("model Item {\n    order: int\n}\n")
    assert warned.schema is not None
    assert [d.code for d in warned.diagnostics] == [msg.RESERVED_SQL]
    assert warned.diagnostics[0].severity is Severity.WARNING

    failed = compile_source("model Item {\n    order: Nope\n}\n")
    assert failed.schema is None


def test_spans_point_at_the_offending_token() -> None:
    result = compile_source("model Item {\n    x: int = pending\n}\n", "a.dbs")
    (error,) = result.diagnostics
    span = error.span
    assert span is not None
    assert (span.line, span.column, span.end_column) == (2, 14, 21)


def test_several_syntax_errors_are_reported_in_one_run() -> None:
    text = "model A {\n    x:\n    y: int =\n}\nmodel B {\n    z int\n}\n"
    result = compile_source(text, "s.dbs")
    lines = [d.span.line for d in result.diagnostics if d.span]
    assert lines == [2, 3, 6]
    assert all(d.code == msg.SYNTAX for d in result.diagnostics)
