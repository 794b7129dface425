"""Source files and the spans that point into them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a source file; lines and columns count from 1.

    ``end_line``/``end_column`` point one past the last character, as Lark does.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, file: str, line: int, column: int, length: int = 1) -> Span:
        """A span of ``length`` characters on one line."""
        return cls(file, line, column, line, column + max(length, 1))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


#: A span for things the compiler made up (implicit keys, link tables).
NO_SPAN = Span("<generated>", 0, 0, 0, 0)


class BinaryFileError(ValueError):
    """A spec file holds NUL bytes."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The text of one input file, kept so diagnostics can quote it."""

    path: str
    text: str
    # The text split into lines on the first call of line(): readers ask for
    # a line per column they place, and splitting anew each time made a big
    # spec quadratic.
    _lines: list[str] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        """Read ``path`` as UTF-8 text.

        Raises:
            OSError: The file cannot be read.
            UnicodeDecodeError: It is not UTF-8.
            BinaryFileError: It holds NUL bytes, so it is no text file.
        """
        raw = path.read_bytes()
        if b"\x00" in raw:
            raise BinaryFileError("this is a binary file, not text")
        return cls(str(path), raw.decode("utf-8-sig"))

    def span_of(self, line: int, name: str) -> Span:
        """The first ``name`` on line ``line``; the line's start if it is not there."""
        text = self.line(line)
        column = text.find(name) + 1 if name in text else 1
        return Span.point(self.path, line, column, len(name))

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), without its newline."""
        lines = self._lines
        if lines is None:
            lines = self.text.splitlines()
            object.__setattr__(self, "_lines", lines)
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return ""
