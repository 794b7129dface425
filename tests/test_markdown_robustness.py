"""Whatever a file holds, the Markdown front-end answers with diagnostics."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from schemac.diagnostics import Severity
from schemac.frontends.markdown import compile_markdown, compile_markdown_source


def _errors(raw: bytes | str) -> list[str]:
    result = compile_markdown_source(raw, "spec.md")
    return [d.message for d in result.diagnostics if d.severity is Severity.ERROR]


def test_empty_file_says_it_is_empty() -> None:
    assert _errors(b"") == ["this spec defines no table: the file is empty"]


def test_binary_file() -> None:
    assert _errors(bytes(range(256)) * 4) == [
        "this is a binary file, not a Markdown spec"
    ]


def test_not_utf8() -> None:
    errors = _errors("# Tables\n\n## users\n- name: text\n".encode("utf-16"))
    assert errors and ("UTF-8" in errors[0] or "binary" in errors[0])


def test_latin1_text_points_at_the_line() -> None:
    result = compile_markdown_source(b"# Users\n\ncaf\xe9\n", "spec.md")
    (error,) = result.diagnostics
    assert error.span is not None and error.span.line == 3


def test_prose_only_says_why() -> None:
    (error,) = _errors("# Notes\n\nWe will store users somewhere.\n")
    assert "no table definitions were found" in error


@pytest.mark.parametrize(
    "text",
    [
        "```sql\nCREATE TABLE (((\n```\n",
        "```mermaid\nerDiagram\n  A {{{ }\n```\n",
        "```python\nclass X(SQLModel, table=True:\n```\n",
        "```prisma\nmodel X {\n  id String @id @default(\n",
        "| a | b |\n|---|\n| x |\n" * 50,
        "- " * 5000,
        "#" * 10000,
        ">" * 3000 + " x",
        "- a\n" + "  " * 400 + "- b\n",
        "[" * 5000,
        "### users\n- `id` (\n- `x`: (((((\n- : : :\n",
        "### t\n| Column | Type |\n|---|---|\n| `` | |\n| 1abc | int |\n",
    ],
)
def test_malformed_markdown_gives_diagnostics(text: str) -> None:
    result = compile_markdown_source(text, "spec.md")
    assert result.schema is not None or result.diagnostics


def test_five_megabytes(tmp_path: Path) -> None:
    prose = "Notes on this table, which nobody reads. " * 20
    block = (
        "### table_{n}\n\n{prose}\n\n- id: integer (primary key)\n- name: string\n\n"
    )
    text = "".join(block.format(n=n, prose=prose) for n in range(6_000))
    assert len(text) > 5_000_000
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    result = compile_markdown(path)
    assert result.schema is not None
    assert len(result.schema.models) == 6_000


def test_random_bytes_never_raise() -> None:
    rng = random.Random(20240601)
    alphabet = [*"abcdefgh_ |-*`#()[]{}:;,.'\"\n\t>", "```sql\n", "CREATE TABLE "]
    for _ in range(300):
        if rng.random() < 0.3:
            raw: bytes | str = rng.randbytes(rng.randint(0, 400))
        else:
            raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 600)))
        result = compile_markdown_source(raw, "fuzz.md")
        assert result.schema is not None or result.diagnostics


def test_random_spec_fragments_never_raise() -> None:
    rng = random.Random(7)
    spec = Path(__file__).parent / "cases" / "markdown"
    texts = [p.read_text(encoding="utf-8") for p in sorted(spec.glob("*/spec.md"))]
    for _ in range(60):
        source = rng.choice(texts)
        start = rng.randint(0, len(source))
        piece = source[start : start + rng.randint(0, 3000)]
        shuffled = "\n".join(rng.sample(piece.splitlines(), k=len(piece.splitlines())))
        for text in (piece, shuffled):
            result = compile_markdown_source(text, "piece.md")
            assert result.schema is not None or result.diagnostics
