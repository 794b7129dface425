"""Building a schema from ``.dbs`` files: read, follow imports, parse, lower."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from schemac.compiler import ast, ir
from schemac.compiler import messages as msg
from schemac.compiler.lower import compile_modules
from schemac.compiler.parser import parse_dbs
from schemac.diagnostics import Diagnostic, DiagnosticBag
from schemac.source import SourceFile

log = logging.getLogger(__name__)


@dataclass
class CompileResult:
    """What one compiler run produced.

    Attributes:
        schema: The IR, or None when there was any error.
        diagnostics: Every error and warning, in the order found.
        sources: Every file read, by the path spans use, for rendering.
    """

    schema: ir.Schema | None
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the run had no errors."""
        return self.schema is not None


def compile_files(paths: Sequence[Path]) -> CompileResult:
    """Compile the ``.dbs`` files at ``paths`` and everything they import.

    Imports are read relative to the importing file; each file is read once.
    The IR lists the declarations of imported files before those of the
    file importing them, and the entry files in the order given.

    Args:
        paths: The entry files.

    Returns:
        The result; its schema is None when there was any error.
    """
    bag = DiagnosticBag()
    loader = _Loader(bag)
    for path in paths:
        loader.load(str(path), (), None)
    return _finish(loader, bag)


def compile_source(text: str, path: str = "<string>") -> CompileResult:
    """Compile ``.dbs`` text that imports nothing (imports are reported)."""
    bag = DiagnosticBag()
    loader = _Loader(bag)
    loader.add(SourceFile(path, text), (), Path(path).resolve())
    return _finish(loader, bag)


def _finish(loader: _Loader, bag: DiagnosticBag) -> CompileResult:
    # Syntax or import errors leave the AST incomplete; lowering it would
    # only add errors that are echoes of the first ones.
    if bag.has_errors:
        return CompileResult(None, list(bag), loader.sources)
    schema = compile_modules(loader.modules, bag)
    schema = replace(schema, sources=tuple(loader.sources))
    if bag.has_errors:
        return CompileResult(None, list(bag), loader.sources)
    return CompileResult(schema, list(bag), loader.sources)


class _Loader:
    """Reads files depth first; a file's imports come before the file."""

    def __init__(self, bag: DiagnosticBag) -> None:
        self.bag = bag
        self.sources: dict[str, SourceFile] = {}
        self.modules: list[ast.Module] = []
        self._done: set[Path] = set()

    def load(
        self, path: str, stack: tuple[Path, ...], via: ast.ImportDecl | None
    ) -> None:
        # realpath, unlike Path.resolve in 3.11, does not raise on a symlink
        # loop; reading the file then reports it.
        key = Path(os.path.realpath(path))
        if key in stack:
            names = [p.name for p in stack[stack.index(key) :]] + [key.name]
            span = via.span if via else None
            self.bag.error(
                msg.IMPORT_CYCLE.format(chain=" -> ".join(names)), span, code=msg.IMPORT
            )
            return
        if key in self._done:
            return
        try:
            source = SourceFile.read(Path(path))
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            template = msg.IMPORT_MISSING if via else msg.ENTRY_MISSING
            self.bag.error(
                template.format(path=path, reason=reason),
                via.span if via else None,
                code=msg.IMPORT,
            )
            return
        self.add(source, stack, key)

    def add(self, source: SourceFile, stack: tuple[Path, ...], key: Path) -> None:
        """Parse ``source`` and load its imports before recording it."""
        log.debug("parsing %s", source.path)
        self._done.add(key)
        self.sources[source.path] = source
        module = parse_dbs(source, self.bag)
        folder = Path(source.path).parent
        for decl in module.imports:
            target = os.path.normpath(folder / decl.path)
            self.load(target, (*stack, key), decl)
        self.modules.append(module)
