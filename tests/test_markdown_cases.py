"""The real-world Markdown specs: convert output equals the reviewed golden file.

Each ``tests/cases/markdown/<stem>/expected.dbs`` was written by reading the
spec and checked by hand against it. Regenerate candidates with
``SCHEMAC_REGEN=1 pytest tests/test_markdown_cases.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemac.backends.dbs import print_dbs
from schemac.cli import main
from schemac.compiler import compile_source
from schemac.frontends.markdown import compile_markdown
from tests.markdown_support import CASES, case_names, meaning, spec_path

NAMES = case_names()


def test_every_spec_has_a_case() -> None:
    assert len(NAMES) >= 21


@pytest.mark.parametrize("name", NAMES)
def test_convert_matches_golden(name: str) -> None:
    expected = CASES / name / "expected.dbs"
    result = compile_markdown(spec_path(name))
    assert result.schema is not None, [d.message for d in result.diagnostics]
    text = print_dbs(result.schema)
    if os.environ.get("SCHEMAC_REGEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_golden_compiles_to_the_same_ir(name: str) -> None:
    expected = CASES / name / "expected.dbs"
    golden = compile_source(expected.read_text(encoding="utf-8"), str(expected))
    assert golden.schema is not None, [d.message for d in golden.diagnostics]
    result = compile_markdown(spec_path(name))
    assert result.schema is not None
    assert meaning(result.schema) == meaning(golden.schema)


@pytest.mark.parametrize("name", NAMES)
def test_spans_point_into_the_markdown_file(name: str) -> None:
    path = spec_path(name)
    result = compile_markdown(path)
    assert result.schema is not None
    lines = path.read_text(encoding="utf-8").splitlines()
    for model in result.schema.models:
        for column in model.columns:
            if column.span.file != str(path) or column.origin != "field":
                continue
            line = lines[column.span.line - 1]
            assert column.db_name in line or column.name in line, (column, line)


def test_cli_convert_prints_dbs_and_summary(tmp_path: Path) -> None:
    name = NAMES[0]
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(spec_path(name)), "--to", "dbs"])
    assert result.exit_code == 0, result.output
    expected = (CASES / name / "expected.dbs").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert "converted: 2 tables" in result.stderr


def test_cli_convert_out_file(tmp_path: Path) -> None:
    out = tmp_path / "schema.dbs"
    runner = CliRunner()
    result = runner.invoke(
        main, ["convert", str(spec_path(NAMES[0])), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("model ")


def test_cli_strict_turns_warnings_into_errors() -> None:
    spec = spec_path("03-Ali-Hamas--Todo-Chat-Bot")
    runner = CliRunner()
    loose = runner.invoke(main, ["convert", str(spec)])
    assert loose.exit_code == 0
    assert f"{spec}:7:" in loose.stderr
    strict = runner.invoke(main, ["convert", str(spec), "--strict"])
    assert strict.exit_code == 2
    assert "error:" in strict.stderr


def test_cli_no_table_is_an_error_that_says_why(tmp_path: Path) -> None:
    spec = tmp_path / "notes.md"
    spec.write_text("# Notes\n\nNothing about tables here.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(spec)])
    assert result.exit_code == 2
    assert "defines no table" in result.stderr
