"""The exceptions schemac raises for problems a user can fix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemac.diagnostics import Diagnostic
    from schemac.source import SourceFile


class SchemacError(Exception):
    """Base of every error that is the user's to fix; the CLI prints it plainly."""

    exit_code = 1


class InputError(SchemacError):
    """The input has errors; carries every diagnostic found in the run."""

    exit_code = 2

    def __init__(
        self,
        diagnostics: Sequence[Diagnostic],
        sources: Mapping[str, SourceFile] | None = None,
    ) -> None:
        self.diagnostics = list(diagnostics)
        #: The files the diagnostics point into, to quote their lines.
        self.sources = dict(sources or {})
        count = sum(1 for d in diagnostics if d.severity.value == "error")
        super().__init__(f"{count} error(s) in the input")


class OutputError(SchemacError):
    """Writing the output would lose a user's file, or failed."""


class ConfigError(SchemacError):
    """``[tool.schemac]`` or a command-line option is invalid."""

    exit_code = 2
