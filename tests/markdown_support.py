"""Where the Markdown cases live, shared by the Markdown front-end's tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from schemac.compiler import ir
from schemac.compiler.serialize import without_spans

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "markdown"
#: CI keeps ``shared/`` beside the checkout: repository at X/main, corpus at
#: X/shared. The copies in tests/cases/markdown/<stem>/spec.md are used when
#: it is not there.
SHARED = ROOT.parent / "shared" / "cases" / "markdown-specs"


def case_names() -> list[str]:
    """Every case with a reviewed ``expected.dbs``."""
    return sorted(p.parent.name for p in CASES.glob("*/expected.dbs"))


def spec_path(name: str) -> Path:
    """The spec of a case: the shared corpus first, else the copy."""
    shared = SHARED / f"{name}.md"
    return shared if shared.is_file() else CASES / name / "spec.md"


def meaning(schema: ir.Schema) -> Any:
    """What a schema means: no spans, no input file names, indexes unordered."""
    return without_spans(
        replace(
            schema,
            sources=(),
            models=_sorted_indexes(schema.models),
            abstracts=_sorted_indexes(schema.abstracts),
        )
    )


def _sorted_indexes(models: tuple[ir.Model, ...]) -> tuple[ir.Model, ...]:
    return tuple(
        replace(m, indexes=tuple(sorted(m.indexes, key=lambda i: i.name)))
        for m in models
    )
