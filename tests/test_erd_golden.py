"""Golden DOT and Mermaid for every sample, and SVG that names everything.

Regenerate with ``SCHEMAC_UPDATE_GOLDEN=1 pytest tests/test_erd_golden.py``
and review the diff by eye.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_erd_helpers import (
    ROOT,
    awkward_schema,
    require_tool,
    sample_entries,
    sample_id,
    todo_schema,
)

from schemac.backends.erd import ErdOptions, build_diagram, render_text
from schemac.compiler import ir
from schemac.pipeline import load_schema

GOLDEN = ROOT / "tests" / "golden" / "erd"
UPDATE = os.environ.get("SCHEMAC_UPDATE_GOLDEN") == "1"
SAMPLES = sample_entries()
FORMATS = {"dot": ".dot", "mermaid": ".mmd"}


def _load(rel: Path) -> ir.Schema:
    return load_schema(ROOT / rel).schema


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}: run with SCHEMAC_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from golden"


def test_there_are_samples() -> None:
    assert any(p.suffix == ".dbs" for p in SAMPLES)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("rel", SAMPLES, ids=sample_id)
def test_sample_matches_golden(rel: Path, fmt: str) -> None:
    diagram = build_diagram(_load(rel), ErdOptions())
    text = render_text(diagram, fmt, rel.as_posix())
    _check_golden(f"{sample_id(rel)}{FORMATS[fmt]}", text)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_variants_match_golden(fmt: str) -> None:
    """The awkward schema, and the option variants on the todo schema."""
    variants = {
        "awkward": (awkward_schema(), ErdOptions()),
        "todo-collapsed-keys": (
            todo_schema(),
            ErdOptions(collapse_m2m=True, keys_only=True, docs=False),
        ),
        "todo-inline-enums": (todo_schema(), ErdOptions(enums="inline")),
    }
    for name, (schema, options) in variants.items():
        text = render_text(build_diagram(schema, options), fmt, "hand-built.dbs")
        _check_golden(f"{name}{FORMATS[fmt]}", text)


def _svg_texts(svg: str) -> set[str]:
    root = ET.fromstring(svg)
    return {
        (el.text or "").strip()
        for el in root.iter()
        if el.tag.endswith("}text") and el.text
    }


def _schemas() -> list[tuple[str, ir.Schema]]:
    named = [(sample_id(rel), _load(rel)) for rel in SAMPLES]
    return [*named, ("awkward", awkward_schema()), ("todo", todo_schema())]


@pytest.mark.parametrize("name", [name for name, _ in _schemas()])
def test_dot_lays_out_and_svg_names_every_table_and_column(name: str) -> None:
    require_tool("dot")
    schema = dict(_schemas())[name]
    diagram = build_diagram(schema, ErdOptions())
    dot = render_text(diagram, "dot", f"{name}.dbs")

    # `dot` itself accepts the source ...
    result = subprocess.run(
        ["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr and "Error" not in result.stderr

    # ... and the SVG names every table and every column.
    texts = _svg_texts(render_text(diagram, "svg", f"{name}.dbs"))
    for model in schema.models:
        assert model.qualified_table in texts
        for column in model.columns:
            assert column.db_name in texts, f"{model.table}.{column.db_name}"
    for enum in schema.enums:
        assert {v.name for v in enum.values} <= texts


def test_output_is_the_same_across_hash_seeds() -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from test_erd_helpers import awkward_schema, todo_schema;"
        "from schemac.backends.erd import ErdOptions, build_diagram, render_text;"
        "print(''.join("
        " render_text(build_diagram(s, ErdOptions(collapse_m2m=c)), f, 'x')"
        " for s in (awkward_schema(), todo_schema()) for c in (False, True)"
        " for f in ('dot', 'mermaid')))"
    )
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
