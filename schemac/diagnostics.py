"""Diagnostics: what the compiler tells a user about their input.

Every problem found in an input becomes a :class:`Diagnostic`. They are
collected in a :class:`DiagnosticBag` so one run reports all of them, and a
bag with errors is raised once as :class:`~schemac.errors.InputError`.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from schemac.source import SourceFile, Span


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Related:
    """A second place that belongs to a diagnostic ("first defined here")."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    message: str
    span: Span | None
    hint: str | None = None
    related: tuple[Related, ...] = ()
    code: str | None = None


# TODO: each call sorts the candidates and runs difflib over all of them; a
# spec with thousands of models and an unknown name in each is slow to check.
def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name``, if one is close enough to suggest."""
    pool = sorted(set(candidates))
    folded = {c.lower(): c for c in pool}
    if name.lower() in folded and folded[name.lower()] != name:
        return folded[name.lower()]
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A ``did you mean 'x'?`` hint, or None when nothing is close."""
    best = suggest(name, candidates)
    return f"did you mean '{best}'?" if best else None


@dataclass
class DiagnosticBag:
    """Collects diagnostics in the order they are found."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(
        self,
        message: str,
        span: Span | None,
        hint: str | None = None,
        related: Iterable[Related] = (),
        code: str | None = None,
    ) -> None:
        self.items.append(
            Diagnostic(Severity.ERROR, message, span, hint, tuple(related), code)
        )

    def warning(
        self,
        message: str,
        span: Span | None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        self.items.append(Diagnostic(Severity.WARNING, message, span, hint, (), code))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


#: Source lines longer than this are quoted only around the span.
_MAX_QUOTED = 160


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int]:
    span = diagnostic.span
    if span is None:
        return ("", 0, 0)
    return (span.file, span.line, span.column)


def render(
    diagnostic: Diagnostic,
    sources: dict[str, SourceFile],
    color: bool = False,
) -> str:
    """Render one diagnostic in the ``error: …`` / ``--> file:line:col`` form."""
    label = diagnostic.severity.value
    if color:
        tint = {"error": "31", "warning": "33", "note": "36"}[label]
        label = f"\x1b[1;{tint}m{label}\x1b[0m"
    lines = [f"{label}: {diagnostic.message}"]
    if diagnostic.span is not None:
        lines.extend(_snippet(diagnostic.span, sources))
    for related in diagnostic.related:
        lines.append(f"  note: {related.message}")
        lines.extend(_snippet(related.span, sources))
    if diagnostic.hint:
        lines.append(f"  = help: {diagnostic.hint}")
    return "\n".join(lines)


def _snippet(span: Span, sources: dict[str, SourceFile]) -> list[str]:
    out = [f"  --> {span.file}:{span.line}:{span.column}"]
    source = sources.get(span.file)
    if source is None or span.line < 1:
        return out
    text = source.line(span.line).expandtabs(4)
    gutter = str(span.line)
    pad = " " * len(gutter)
    if span.end_line == span.line:
        width = max(span.end_column - span.column, 1)
    else:
        width = max(len(text) - span.column + 1, 1)
    text, column, width = _clip(text, span.column, width)
    caret = " " * (column - 1) + "^" * width
    out.append(f"  {pad} |")
    out.append(f"  {gutter} | {text}")
    out.append(f"  {pad} | {caret}")
    return out


def _clip(text: str, column: int, width: int) -> tuple[str, int, int]:
    """A long line cut to the part around the span, with the span's new place.

    A minified or generated line can be megabytes long; quoting all of it
    (and a caret row as long) would bury the message.
    """
    if len(text) <= _MAX_QUOTED:
        return text, column, width
    offset = column - 1
    start = max(offset - _MAX_QUOTED // 4, 0)
    end = start + _MAX_QUOTED
    head = "…" if start else ""
    tail = "…" if end < len(text) else ""
    width = max(min(width, end - offset), 1)
    return head + text[start:end] + tail, offset - start + len(head) + 1, width


def render_all(
    diagnostics: Iterable[Diagnostic],
    sources: dict[str, SourceFile],
    color: bool = False,
) -> str:
    """Render many diagnostics, in source order, separated by blank lines."""
    ordered = sorted(diagnostics, key=sort_key)
    return "\n\n".join(render(d, sources, color) for d in ordered)
