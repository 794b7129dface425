"""What a diagram shows and which files the backend writes.

:class:`ErdOptions` drives every format; :class:`ErdSettings` adds what
``schemac build`` needs (formats, output folder) and is read from the
``[tool.schemac.erd]`` table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from schemac.backends.erd import messages
from schemac.errors import ConfigError

#: Every output format, in the order the help text lists them.
FORMATS: tuple[str, ...] = ("dot", "svg", "png", "pdf", "mermaid", "html")
#: Formats that are bytes, not text: only the CLI writes them.
BINARY_FORMATS = frozenset({"png", "pdf"})
#: Formats that need Graphviz's ``dot`` program.
LAYOUT_FORMATS = frozenset({"svg", "png", "pdf", "html"})

SUFFIXES: dict[str, str] = {
    "dot": ".dot",
    "svg": ".svg",
    "png": ".png",
    "pdf": ".pdf",
    "mermaid": ".mmd",
    "html": ".html",
}
_EXTRA_SUFFIXES = {".gv": "dot", ".mermaid": "mermaid", ".htm": "html"}

#: How enums are drawn: own nodes, value lists in the column, or not at all.
ENUM_STYLES: tuple[str, ...] = ("nodes", "inline", "hide")


@dataclass(frozen=True)
class ErdOptions:
    """What a diagram shows.

    Attributes:
        include: Glob patterns of tables to draw (all when empty).
        exclude: Glob patterns of tables to leave out.
        keys_only: Show only primary-key, foreign-key and unique columns.
        docs: Show table and column docs.
        collapse_m2m: Draw a link table as one many-to-many edge.
        enums: ``nodes``, ``inline`` or ``hide`` (see :data:`ENUM_STYLES`).
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    keys_only: bool = False
    docs: bool = True
    collapse_m2m: bool = False
    enums: str = "nodes"

    def __post_init__(self) -> None:
        if self.enums not in ENUM_STYLES:
            raise ConfigError(
                messages.BAD_ENUM_STYLE.format(
                    known=", ".join(ENUM_STYLES), value=self.enums
                )
            )


@dataclass(frozen=True)
class ErdSettings:
    """The ``[tool.schemac.erd]`` table, checked.

    Attributes:
        options: What the diagrams show.
        formats: Text formats ``schemac build`` writes.
        out: Folder of the diagram files, relative to the build's output.
        name: File name (without suffix) of every diagram file.
    """

    options: ErdOptions = field(default_factory=ErdOptions)
    formats: tuple[str, ...] = ("mermaid",)
    out: str = "erd"
    name: str = "schema"

    def path(self, fmt: str) -> str:
        """The relative POSIX path of the file for ``fmt``."""
        return str(PurePosixPath(self.out) / f"{self.name}{SUFFIXES[fmt]}")


# TODO: no `embed` key yet: `schemac build` writes diagram files only, and
# refreshing a Markdown region is `schemac erd --embed` (write_files would
# refuse the hand-written document anyway).
_BOOL_KEYS = ("keys_only", "docs", "collapse_m2m")
_LIST_KEYS = ("include", "exclude", "formats")
_STR_KEYS = ("out", "name", "enums")
_KNOWN = frozenset(_BOOL_KEYS + _LIST_KEYS + _STR_KEYS)


def parse_settings(table: Mapping[str, Any]) -> ErdSettings:
    """Check ``[tool.schemac.erd]`` and turn it into settings.

    Raises:
        ConfigError: An unknown key, a value of the wrong type, or a format
            ``schemac build`` cannot write.
    """
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise ConfigError(
            messages.UNKNOWN_SETTING.format(
                keys=", ".join(unknown), known=", ".join(sorted(_KNOWN))
            )
        )
    for key in _BOOL_KEYS:
        _expect(table, key, bool, "true or false")
    for key in _LIST_KEYS:
        _expect_strings(table, key)
    for key in _STR_KEYS:
        _expect(table, key, str, "a string")

    formats = tuple(table.get("formats", ("mermaid",)))
    for fmt in formats:
        check_format(fmt)
        if fmt in BINARY_FORMATS:
            raise ConfigError(messages.BINARY_IN_BUILD.format(fmt=fmt))
    options = ErdOptions(
        include=tuple(table.get("include", ())),
        exclude=tuple(table.get("exclude", ())),
        keys_only=table.get("keys_only", False),
        docs=table.get("docs", True),
        collapse_m2m=table.get("collapse_m2m", False),
        enums=table.get("enums", "nodes"),
    )
    return ErdSettings(
        options=options,
        formats=tuple(dict.fromkeys(formats)),
        out=table.get("out", "erd"),
        name=table.get("name", "schema"),
    )


def check_format(fmt: str) -> str:
    """Return ``fmt`` if it is a known format; raise ConfigError otherwise."""
    if fmt not in FORMATS:
        raise ConfigError(
            messages.UNKNOWN_FORMAT.format(fmt=fmt, known=", ".join(FORMATS))
        )
    return fmt


def format_for_suffix(filename: str) -> str:
    """The format a file name's extension stands for.

    Raises:
        ConfigError: The extension is not one the backend writes.
    """
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    by_suffix = {ext: fmt for fmt, ext in SUFFIXES.items()} | _EXTRA_SUFFIXES
    if suffix not in by_suffix:
        raise ConfigError(
            messages.CANNOT_INFER_FORMAT.format(
                path=filename,
                known=", ".join(FORMATS),
                suffixes=", ".join(sorted(by_suffix)),
            )
        )
    return by_suffix[suffix]


def _expect(table: Mapping[str, Any], key: str, kind: type, expected: str) -> None:
    if key in table and not isinstance(table[key], kind):
        raise ConfigError(messages.BAD_SETTING.format(key=key, expected=expected))


def _expect_strings(table: Mapping[str, Any], key: str) -> None:
    value = table.get(key, [])
    if not isinstance(value, list | tuple) or not all(
        isinstance(item, str) for item in value
    ):
        raise ConfigError(
            messages.BAD_SETTING.format(key=key, expected="a list of strings")
        )
