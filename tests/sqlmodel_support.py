"""Helpers the SQLModel backend's tests share: samples, generation, import."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from schemac.backends import RenderContext
from schemac.backends.sqlmodel import backend
from schemac.compiler import compile_files, ir

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def sample_entries() -> list[Path]:
    """Every sample's entry file: ``samples/<name>/<name>.dbs``."""
    return sorted(
        d / f"{d.name}.dbs"
        for d in SAMPLES.iterdir()
        if (d / f"{d.name}.dbs").is_file()
    )


def compile_sample(entry: Path) -> ir.Schema:
    """The IR of a sample; fails the test on any compile error."""
    result = compile_files([entry])
    assert result.schema is not None, result.diagnostics
    return result.schema


def source_name(entry: Path) -> str:
    """How the header names a sample: relative to the repository."""
    return entry.relative_to(ROOT).as_posix()


def generate(
    schema: ir.Schema, out: Path, package: str, source: str, layout: str = "package"
) -> dict[str, str]:
    """Render ``schema`` and write the files under ``out``."""
    context = RenderContext(source, {"package": package, "layout": layout})
    files = backend.render(schema, context)
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return files


def import_generated(out: Path, package: str) -> ModuleType:
    """Import a generated package (or module) from ``out``."""
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(package)
