"""``schemac erd`` through click's CliRunner, and the backend ``schemac build`` uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_erd_helpers import ROOT, require_tool, todo_schema

from schemac.backends import RenderContext, get_backend
from schemac.backends.erd.embed import END_MARKER, START_MARKER, replace_region
from schemac.cli import main
from schemac.errors import ConfigError, SchemacError
from schemac.output import is_generated

TODO = str(ROOT / "samples" / "todo" / "todo.dbs")
MARKED = f"# Schema\n\nIntro.\n\n{START_MARKER}\nold\n{END_MARKER}\n\nOutro.\n"


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["erd", *args], env=env)


@pytest.fixture(autouse=True)
def _no_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder so the repository's pyproject.toml is not read."""
    monkeypatch.chdir(tmp_path)


def test_mermaid_to_stdout_by_default() -> None:
    result = _run(TODO)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("erDiagram\n")
    assert "users ||--o{ todos" in result.output


def test_dot_to_stdout() -> None:
    result = _run(TODO, "--format", "dot")
    assert result.exit_code == 0
    assert "digraph schema {" in result.output


@pytest.mark.parametrize(
    ("name", "opening"),
    [("erd.mmd", "erDiagram"), ("erd.dot", "// Generated"), ("erd.gv", "// Gen")],
)
def test_format_is_inferred_from_out(tmp_path: Path, name: str, opening: str) -> None:
    out = tmp_path / "diagrams" / name
    result = _run(TODO, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(opening)
    assert is_generated(out)


@pytest.mark.parametrize(
    ("name", "magic"),
    [("erd.svg", b"<?xml"), ("erd.png", b"\x89PNG"), ("erd.pdf", b"%PDF")],
)
def test_graphviz_formats(tmp_path: Path, name: str, magic: bytes) -> None:
    require_tool("dot")
    out = tmp_path / name
    result = _run(TODO, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert "wrote" in result.output


def test_html_page_is_self_contained(tmp_path: Path) -> None:
    require_tool("dot")
    out = tmp_path / "erd.html"
    assert _run(TODO, "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert is_generated(out)
    assert "<svg" in page and 'id="erd-search"' in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page and "<script src" not in page


def test_explicit_format_wins_over_extension(tmp_path: Path) -> None:
    out = tmp_path / "erd.txt"
    assert _run(TODO, "--format", "mermaid", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("erDiagram")


def test_binary_format_needs_out() -> None:
    result = _run(TODO, "--format", "png")
    assert result.exit_code == 2
    assert "png is a binary format: give --out FILE.png" in result.output
    assert "Traceback" not in result.output


def test_unknown_extension_and_unknown_format(tmp_path: Path) -> None:
    result = _run(TODO, "--out", str(tmp_path / "erd.jpeg"))
    assert result.exit_code == 2
    assert "cannot tell the diagram format" in result.output
    result = _run(TODO, "--format", "jpeg")
    assert result.exit_code == 2
    assert "'jpeg' is not one of" in result.output


def test_unknown_table_in_include_is_a_clean_error() -> None:
    result = _run(TODO, "--include", "usres")
    assert result.exit_code == 2
    assert "--include 'usres' matches no table (did you mean 'users'?)" in result.output
    assert "Traceback" not in result.output


def test_selection_and_display_options() -> None:
    result = _run(
        TODO, "--include", "todo*", "--include", "tags", "--keys-only", "--no-docs"
    )
    assert result.exit_code == 0, result.output
    assert "users {" not in result.output
    assert "title" not in result.output
    assert "todo_tags {" in result.output
    collapsed = _run(TODO, "--collapse-m2m", "--exclude", "users")
    assert "todos }o--o{ tags" in collapsed.output
    assert "todo_tags {" not in collapsed.output


def test_missing_schema_file_is_a_clean_error() -> None:
    result = _run("nowhere.dbs")
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_svg_without_graphviz_explains_how_to_install(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {"PATH": str(empty)}
    result = _run(TODO, "--out", str(tmp_path / "erd.svg"), env=env)
    assert result.exit_code == 1
    assert "apt-get install graphviz" in result.output
    assert "brew install graphviz" in result.output
    assert not (tmp_path / "erd.svg").exists()

    # DOT needs no Graphviz.
    result = _run(TODO, "--format", "dot", env=env)
    assert result.exit_code == 0 and "digraph" in result.output


# --- --embed and --check -----------------------------------------------------


def test_embed_replaces_the_region_and_check_reports_it(tmp_path: Path) -> None:
    doc = tmp_path / "schema.md"
    doc.write_text(MARKED, encoding="utf-8")

    result = _run(TODO, "--embed", str(doc), "--check")
    assert result.exit_code == 1
    assert f"stale: {doc}" in result.output
    assert doc.read_text(encoding="utf-8") == MARKED  # --check writes nothing

    result = _run(TODO, "--embed", str(doc))
    assert result.exit_code == 0, result.output
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Schema\n\nIntro.\n\n" + START_MARKER + "\n```mermaid\n")
    assert text.endswith("```\n" + END_MARKER + "\n\nOutro.\n")
    assert "users ||--o{ todos" in text and "old" not in text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".schema.md")]

    result = _run(TODO, "--embed", str(doc), "--check")
    assert result.exit_code == 0
    assert "up to date" in result.output

    assert _run(TODO, "--embed", str(doc)).output.startswith("up to date")


def test_embed_without_markers_says_what_to_add(tmp_path: Path) -> None:
    doc = tmp_path / "schema.md"
    doc.write_text("# Schema\n", encoding="utf-8")
    result = _run(TODO, "--embed", str(doc))
    assert result.exit_code == 1
    assert "has no start (<!-- schemac:erd:start -->) marker" in result.output
    assert START_MARKER in result.output and END_MARKER in result.output
    assert doc.read_text(encoding="utf-8") == "# Schema\n"


def test_embed_option_conflicts(tmp_path: Path) -> None:
    doc = tmp_path / "schema.md"
    doc.write_text(MARKED, encoding="utf-8")
    result = _run(TODO, "--embed", str(doc), "--format", "dot")
    assert result.exit_code == 2 and "--embed writes a Mermaid block" in result.output
    result = _run(TODO, "--embed", str(doc), "--out", "x.mmd")
    assert result.exit_code == 2 and "either --embed or --out" in result.output
    result = _run(TODO, "--check")
    assert result.exit_code == 2 and "--check needs" in result.output


def test_check_compares_an_out_file(tmp_path: Path) -> None:
    out = tmp_path / "erd.mmd"
    assert _run(TODO, "--out", str(out), "--check").exit_code == 1
    assert _run(TODO, "--out", str(out)).exit_code == 0
    assert _run(TODO, "--out", str(out), "--check").exit_code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no markers", "has no start"),
        (f"{START_MARKER}\n", "has no end"),
        (f"{END_MARKER}\n{START_MARKER}\n", "comes before"),
        (f"{START_MARKER}{START_MARKER}{END_MARKER}", "more than once"),
    ],
)
def test_marker_errors(text: str, message: str) -> None:
    with pytest.raises(SchemacError, match=message):
        replace_region(text, "erDiagram\n", "doc.md")


def test_region_keeps_windows_line_endings() -> None:
    text = f"a\r\n{START_MARKER}\r\n{END_MARKER}\r\nb\r\n"
    replaced = replace_region(text, "erDiagram\n    x {\n    }\n", "doc.md")
    assert replaced.count("\r\n") == replaced.count("\n")
    assert replaced.endswith(f"```\r\n{END_MARKER}\r\nb\r\n")


# --- the backend, as `schemac build` calls it --------------------------------


def test_backend_renders_configured_formats() -> None:
    backend = get_backend("erd")
    assert backend.name == "erd"
    context = RenderContext("todo.dbs", {"formats": ["mermaid", "dot"], "out": "docs"})
    files = backend.render(todo_schema(), context)
    assert sorted(files) == ["docs/schema.dot", "docs/schema.mmd"]
    assert files["docs/schema.mmd"].startswith("erDiagram\n    %% Generated by schemac")


def test_backend_svg_and_html_are_text() -> None:
    require_tool("dot")
    context = RenderContext("todo.dbs", {"formats": ["svg", "html"], "name": "db"})
    files = get_backend("erd").render(todo_schema(), context)
    assert (
        "<svg" in files["erd/db.svg"] and "Generated by schemac" in files["erd/db.svg"]
    )
    assert files["erd/db.html"].startswith("<!DOCTYPE html>\n<!-- Generated by schemac")


def test_backend_rejects_binary_formats() -> None:
    with pytest.raises(ConfigError, match="png is binary"):
        get_backend("erd").render(
            todo_schema(), RenderContext("x", {"formats": ["png"]})
        )


def test_pyproject_settings_are_defaults_for_the_command(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemac.erd]\nkeys_only = true\nexclude = ["users"]\n', encoding="utf-8"
    )
    result = _run(TODO)
    assert result.exit_code == 0, result.output
    assert "users {" not in result.output and "title" not in result.output
    result = _run(TODO, "--all-columns")
    assert "title" in result.output


def test_schemac_erd_is_registered() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert "erd" in result.output


def test_layout_retries_without_merged_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    require_tool("dot")
    from schemac.backends.erd import ErdOptions, build_diagram, render, render_text

    real_layout = render.layout
    calls: list[bool] = []

    def flaky(dot: str, fmt: str) -> bytes:
        calls.append("concentrate=true" in dot)
        if calls[-1]:
            raise SchemacError("dot crashed")
        return real_layout(dot, fmt)

    monkeypatch.setattr(render, "layout", flaky)
    svg = render_text(build_diagram(todo_schema(), ErdOptions()), "svg", "t.dbs")
    assert calls == [True, False]
    assert "<svg" in svg
