from pathlib import Path

import pytest

from schemac.errors import OutputError
from schemac.output import header_lines, is_generated, stale_files, write_files


def _generated(body: str) -> str:
    return "\n".join([*header_lines("schema.dbs"), body, ""])


def test_writes_new_files_and_reports_unchanged(tmp_path: Path) -> None:
    files = {"pkg/a.py": _generated("A = 1"), "pkg/b.py": _generated("B = 2")}

    first = write_files(files, tmp_path)
    second = write_files(files, tmp_path)

    assert sorted(p.name for p in first.written) == ["a.py", "b.py"]
    assert second.written == []
    assert len(second.unchanged) == 2
    assert (tmp_path / "pkg" / "a.py").read_text() == files["pkg/a.py"]


def test_refuses_to_overwrite_a_hand_written_file(tmp_path: Path) -> None:
    mine = tmp_path / "pkg" / "a.py"
    mine.parent.mkdir()
    mine.write_text("# my own code\n")
    files = {"pkg/a.py": _generated("A = 1"), "pkg/b.py": _generated("B = 2")}

    with pytest.raises(OutputError, match="not written by schemac"):
        write_files(files, tmp_path)

    # Nothing at all was written: not even the file that was free.
    assert mine.read_text() == "# my own code\n"
    assert not (tmp_path / "pkg" / "b.py").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


def test_force_overwrites_a_hand_written_file(tmp_path: Path) -> None:
    mine = tmp_path / "a.py"
    mine.write_text("# my own code\n")

    write_files({"a.py": _generated("A = 1")}, tmp_path, force=True)

    assert is_generated(mine)


def test_refuses_paths_outside_the_output_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="outside"):
        write_files({"../escape.py": _generated("")}, tmp_path / "out")
    assert not (tmp_path / "escape.py").exists()


def test_no_staging_directory_is_left_behind(tmp_path: Path) -> None:
    write_files({"a.py": _generated("A = 1")}, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]


def test_stale_files_lists_missing_and_changed(tmp_path: Path) -> None:
    files = {"a.py": _generated("A = 1"), "b.py": _generated("B = 2")}
    write_files({"a.py": files["a.py"], "b.py": _generated("B = 3")}, tmp_path)
    (tmp_path / "a.py").write_text(files["a.py"])

    assert stale_files(files, tmp_path) == [tmp_path / "b.py"]
    assert stale_files({"c.py": "x"}, tmp_path) == [tmp_path / "c.py"]
