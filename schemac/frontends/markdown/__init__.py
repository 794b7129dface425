"""The Markdown front-end: database specs as people write them, to the AST.

:func:`compile_markdown` reads a file and returns a
:class:`~schemac.compiler.build.CompileResult`, like the ``.dbs`` compiler;
:func:`parse_markdown` stops at the :class:`~schemac.compiler.ast.Module`.
See ``docs/markdown.md`` for the forms understood and the precedence rules.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from schemac.compiler import ast
from schemac.compiler import messages as msg
from schemac.compiler.build import CompileResult
from schemac.diagnostics import Diagnostic, DiagnosticBag, Severity
from schemac.frontends.markdown.blocks import Block, Fence, parse_blocks
from schemac.frontends.markdown.build import build_module, name_models
from schemac.frontends.markdown.document import read_document
from schemac.frontends.markdown.merge import merge_tables
from schemac.frontends.markdown.resolve import resolve_spec
from schemac.source import SourceFile, Span

log = logging.getLogger(__name__)

#: Files larger than this are not read (they are not specs).
MAX_BYTES = 20 * 1024 * 1024

__all__ = ["compile_markdown", "compile_markdown_source", "parse_markdown"]


def parse_markdown(source: SourceFile, bag: DiagnosticBag) -> ast.Module:
    """The AST of a Markdown spec; problems go to ``bag``, nothing raises."""
    empty = ast.Module(source.path, (), ())
    try:
        blocks = _as_code(source.text) or parse_blocks(source.text)
        spec = read_document(source, blocks, bag)
        tables = merge_tables(spec, bag)
        resolve_spec(spec, tables, bag)
        models = name_models(tables)
        if not models:
            _no_tables(source, bag)
            return empty
        return build_module(spec, models, bag, source.path)
    except RecursionError:
        bag.error("the file nests too deeply to read", _start(source))
    except Exception as exc:  # a reader bug must not become a traceback
        log.exception("internal error reading %s", source.path)
        bag.error(
            f"internal error while reading this spec ({type(exc).__name__}); "
            "please report it",
            _start(source),
        )
    return empty


def compile_markdown(path: Path) -> CompileResult:
    """Read and compile the Markdown spec at ``path``; never raises for bad input.

    A file that cannot be read is an error diagnostic, as for a ``.dbs`` file.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = msg.ENTRY_MISSING.format(path=path, reason=reason)
        diagnostic = Diagnostic(Severity.ERROR, message, None, code=msg.IMPORT)
        return CompileResult(None, [diagnostic], {})
    return compile_markdown_source(raw, str(path))


def compile_markdown_source(raw: bytes | str, path: str) -> CompileResult:
    """Compile Markdown given as bytes or text, as :func:`compile_markdown` does."""
    from schemac.compiler.lower import compile_modules

    bag = DiagnosticBag()
    source = _decode(raw, path, bag)
    if source is None:
        return CompileResult(None, list(bag), {})
    sources = {path: source}
    module = parse_markdown(source, bag)
    if bag.has_errors or not module.declarations:
        return CompileResult(None, list(bag), sources)
    schema = compile_modules([module], bag)
    if bag.has_errors:
        return CompileResult(None, list(bag), sources)
    return CompileResult(schema, list(bag), sources)


def _decode(raw: bytes | str, path: str, bag: DiagnosticBag) -> SourceFile | None:
    if isinstance(raw, str):
        return SourceFile(path, raw)
    where = Span.point(path, 1, 1)
    if len(raw) > MAX_BYTES:
        bag.error(
            f"the file is {len(raw)} bytes; specs over {MAX_BYTES} are not read", where
        )
        return None
    if b"\x00" in raw[:8192]:
        bag.error("this is a binary file, not a Markdown spec", where)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bag.error(
            "the file is not UTF-8 text",
            Span.point(path, line, 1),
            hint="save it as UTF-8",
        )
        return None
    return SourceFile(path, text)


def _start(source: SourceFile) -> Span:
    return Span.point(source.path, 1, 1)


def _no_tables(source: SourceFile, bag: DiagnosticBag) -> None:
    hint = None
    if not source.text.strip():
        reason = "the file is empty"
    else:
        reason = (
            "no table definitions were found: no column lists under a table "
            "heading, no column tables, no CREATE TABLE, erDiagram, SQLModel, "
            "Prisma, DBML or Drizzle blocks"
        )
        linked = _linked_specs(source.text)
        if linked:
            hint = "the definitions may be in the files it links to: " + ", ".join(
                linked[:5]
            )
    bag.error(f"this spec defines no table: {reason}", _start(source), hint=hint)


#: A "spec" that is a source file with no Markdown around it.
_CODE = (
    ("python", re.compile(r"^class\s+\w+\s*\([^)]*\)\s*:", re.M)),
    ("sql", re.compile(r"^\s*create\s+table\b", re.I | re.M)),
    ("prisma", re.compile(r"^\s*model\s+\w+\s*\{", re.M)),
)


def _as_code(text: str) -> list[Block] | None:
    """The whole file as one fence, when it is source code with no Markdown."""
    if "```" in text or "~~~" in text:
        return None
    imports = re.search(r"^(from\s+[\w.]+\s+import|import\s+\w+)", text, re.M)
    if imports and _CODE[0][1].search(text):
        return [Fence("python", text, 1)]  # its ``# comments`` are no headings
    if re.search(r"^#{1,6}\s|^\s*\|", text, re.M):
        return None
    for info, pattern in _CODE[1:]:
        if pattern.search(text):
            return [Fence(info, text, 1)]
    return None


def _linked_specs(text: str) -> list[str]:
    """The Markdown files a document links to (``[user](entities/user.md)``)."""
    found = re.findall(r"\]\(([^)\s#]+\.md)(?:#[^)]*)?\)", text)
    return list(dict.fromkeys(found))
