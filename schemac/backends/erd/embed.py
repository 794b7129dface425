"""Keeping a Mermaid diagram current inside a Markdown document.

The document marks the region with two HTML comments, which Markdown
renderers hide; everything between them is replaced by a fresh fenced
``mermaid`` block. Files are replaced atomically.
"""

from __future__ import annotations

from pathlib import Path

from schemac.backends.erd import messages
from schemac.errors import SchemacError

START_MARKER = "<!-- schemac:erd:start -->"
END_MARKER = "<!-- schemac:erd:end -->"


class EmbedError(SchemacError):
    """The document's markers are missing, repeated or out of order."""


def replace_region(text: str, mermaid: str, path: str) -> str:
    """``text`` with the region between the markers holding ``mermaid``.

    Args:
        text: The document.
        mermaid: The diagram source, ending with a newline.
        path: The document's name, for messages.

    Raises:
        EmbedError: A marker is missing, appears twice, or the end marker
            comes first.
    """
    start, end = _find_markers(text, path)
    newline = "\r\n" if "\r\n" in text else "\n"
    block = newline.join(["", "```mermaid", *mermaid.splitlines(), "```", ""])
    return text[: start + len(START_MARKER)] + block + text[end:]


def _find_markers(text: str, path: str) -> tuple[int, int]:
    for marker in (START_MARKER, END_MARKER):
        count = text.count(marker)
        if count == 0:
            missing = "start" if marker == START_MARKER else "end"
            raise EmbedError(
                messages.MARKERS_MISSING.format(
                    path=path,
                    missing=f"{missing} ({marker})",
                    start=START_MARKER,
                    end=END_MARKER,
                )
            )
        if count > 1:
            raise EmbedError(
                messages.MARKERS_DUPLICATED.format(path=path, marker=marker)
            )
    start, end = text.index(START_MARKER), text.index(END_MARKER)
    if end < start:
        raise EmbedError(
            messages.MARKERS_ORDER.format(path=path, start=START_MARKER, end=END_MARKER)
        )
    return start, end


def embed_file(document: Path, mermaid: str) -> tuple[str, str]:
    """The document's current text and its text with a fresh diagram.

    Raises:
        EmbedError: The markers are not right.
        SchemacError: The document cannot be read.
    """
    try:
        current = document.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemacError(f"cannot read {document}: {exc}") from exc
    return current, replace_region(current, mermaid, str(document))
