"""Placeholder."""

from __future__ import annotations

from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown.draft import Spec
from schemac.source import SourceFile


def read_python(
    spec: Spec, text: str, line: int, source: SourceFile, bag: DiagnosticBag
) -> None:
    """Placeholder."""
