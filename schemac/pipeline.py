"""The front half of every command: read a spec, compile it to the IR.

``.dbs`` files go through the Lark front-end; Markdown files (``.md``,
``.markdown``) through the Markdown reader. Both end in the same compiler.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemac.compiler import ir
from schemac.diagnostics import Diagnostic, Severity
from schemac.errors import InputError
from schemac.source import SourceFile

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


@dataclass(frozen=True)
class Loaded:
    """A compiled schema with the warnings met on the way.

    Attributes:
        schema: The IR.
        diagnostics: Warnings and notes (errors raise instead).
        sources: Every file read, by path, for rendering diagnostics.
    """

    schema: ir.Schema
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile]


def load_schema(path: Path, strict: bool = False) -> Loaded:
    """Compile the spec at ``path`` (``.dbs`` or Markdown) to the IR.

    Args:
        path: The entry file.
        strict: Treat warnings as errors.

    Raises:
        InputError: The input has errors (or warnings, when ``strict``); it
            carries every diagnostic of the run.
    """
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        from schemac.frontends.markdown import compile_markdown

        result = compile_markdown(path)
    else:
        from schemac.compiler import compile_files

        result = compile_files([path])

    diagnostics = list(result.diagnostics)
    if result.schema is not None and not result.schema.models:
        diagnostics.append(_no_tables(path))
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    if strict and any(d.severity is Severity.WARNING for d in diagnostics):
        diagnostics = [_as_error(d) for d in diagnostics]
        failed = True
    if failed or result.schema is None:
        raise InputError(diagnostics, sources=result.sources)
    return Loaded(result.schema, diagnostics, dict(result.sources))


def _no_tables(path: Path) -> Diagnostic:
    hint = (
        "a Markdown spec needs a table, a heading with column bullets, or a "
        "CREATE TABLE block"
        if path.suffix.lower() in MARKDOWN_SUFFIXES
        else "declare one with `model Name { ... }`"
    )
    return Diagnostic(
        Severity.ERROR, f"{path} declares no table", None, hint, code="E000"
    )


def _as_error(diagnostic: Diagnostic) -> Diagnostic:
    if diagnostic.severity is not Severity.WARNING:
        return diagnostic
    from dataclasses import replace

    return replace(diagnostic, severity=Severity.ERROR)
