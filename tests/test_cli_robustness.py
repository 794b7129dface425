"""Bad input and awkward output paths end in a message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from schemac.cli import main

SPEC = "model Author {\n    id: int pk\n    name: text\n}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding a valid spec and a plain file in the way."""
    (tmp_path / "ok.dbs").write_text(SPEC, encoding="utf-8")
    (tmp_path / "afile").write_text("not a directory\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    # A handled error leaves through sys.exit; anything else is a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    return result


def test_build_into_a_file_says_it_cannot_write(project: Path) -> None:
    result = run("build", "ok.dbs", "--out", "afile")
    assert result.exit_code == 1
    assert "cannot write" in result.output
    assert (project / "afile").read_text(encoding="utf-8") == "not a directory\n"


def test_build_where_the_package_is_a_file_says_it_cannot_write(
    project: Path,
) -> None:
    (project / "out").mkdir()
    (project / "out" / "models").write_text("", encoding="utf-8")
    result = run("build", "ok.dbs", "--out", "out")
    assert result.exit_code == 1
    assert "cannot write" in result.output


def test_erd_below_a_file_says_it_cannot_write(project: Path) -> None:
    result = run("erd", "ok.dbs", "--out", "afile/erd.mmd")
    assert result.exit_code == 1
    assert "cannot write afile/erd.mmd" in result.output


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("self.dbs", b'import "self.dbs"\n' + SPEC.encode()),
        ("nul.dbs", SPEC.replace("name", "na\x00me").encode()),
        ("latin1.dbs", "model Caf\xe9 {\n    id: int pk\n}\n".encode("latin-1")),
        ("binary.md", b"# Spec\x00\x01\x02"),
        ("title.md", b"# Only a title\n"),
        ("empty.txt", b""),
    ],
)
def test_odd_specs_get_diagnostics(project: Path, name: str, content: bytes) -> None:
    (project / name).write_bytes(content)
    result = run("check", name)
    assert result.exit_code == 2
    assert "error" in result.output
    assert "\x00" not in result.output


def test_a_binary_dbs_is_called_binary(project: Path) -> None:
    (project / "nul.dbs").write_bytes(SPEC.replace("name", "na\x00me").encode())
    assert "binary file" in run("check", "nul.dbs").output


def test_a_directory_as_the_spec_gets_a_diagnostic(project: Path) -> None:
    (project / "specs.dbs").mkdir()
    result = run("check", "specs.dbs")
    assert result.exit_code == 2
    assert "Is a directory" in result.output or "is a directory" in result.output


def test_a_huge_line_is_quoted_only_around_the_error(project: Path) -> None:
    doc = "y" * 100_000
    spec = f'model Author {{\n    id: int pk "{doc}" bogus\n}}\n'
    (project / "long.dbs").write_text(spec, encoding="utf-8")
    result = run("check", "long.dbs")
    assert result.exit_code == 2
    assert "unexpected 'bogus'" in result.output
    assert len(result.output) < 2_000
    quoted = [line for line in result.output.splitlines() if "bogus" in line][-1]
    caret = result.output.splitlines()[result.output.splitlines().index(quoted) + 1]
    assert quoted.startswith("  2 | …")
    assert caret.index("^") == quoted.index("bogus")


@pytest.mark.parametrize("name", ["loop.dbs", "loop.md"])
def test_a_symlink_loop_gets_a_diagnostic(project: Path, name: str) -> None:
    (project / name).symlink_to(name)
    result = run("check", name)
    assert result.exit_code == 2
    assert f"cannot read '{name}'" in result.output


def test_an_import_of_a_symlink_loop_gets_a_diagnostic(project: Path) -> None:
    (project / "loop.dbs").symlink_to("loop.dbs")
    (project / "main.dbs").write_text('import "loop.dbs"\n' + SPEC, encoding="utf-8")
    result = run("check", "main.dbs")
    assert result.exit_code == 2
    assert "cannot read imported file" in result.output


@pytest.mark.parametrize("name", ["missing.md", "missing.dbs"])
def test_markdown_and_dbs_report_a_missing_file_alike(project: Path, name: str) -> None:
    result = run("check", name)
    assert result.exit_code == 2
    assert f"cannot read '{name}': No such file or directory" in result.output
