"""Running Graphviz's ``dot`` to lay out a DOT source as SVG, PNG or PDF."""

from __future__ import annotations

import logging

import graphviz

from schemac.backends.erd import messages
from schemac.errors import SchemacError

log = logging.getLogger(__name__)


class GraphvizMissingError(SchemacError):
    """Graphviz's ``dot`` program is not installed (or not on PATH)."""


def layout(dot_source: str, fmt: str) -> bytes:
    """Lay out ``dot_source`` with ``dot`` and return the ``fmt`` output.

    Raises:
        GraphvizMissingError: ``dot`` is not on PATH; the message says how
            to install it.
        SchemacError: ``dot`` failed.
    """
    log.debug("running dot -T%s on %d bytes", fmt, len(dot_source))
    try:
        output: bytes = graphviz.pipe(
            "dot", fmt, dot_source.encode("utf-8"), quiet=True
        )
    except graphviz.ExecutableNotFound as exc:
        raise GraphvizMissingError(messages.GRAPHVIZ_MISSING.format(fmt=fmt)) from exc
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise SchemacError(
            messages.GRAPHVIZ_FAILED.format(detail=detail or exc)
        ) from exc
    return output


def svg_with_header(svg: bytes, header: list[str]) -> str:
    """The SVG text with ``header`` as an XML comment after the declaration."""
    text = svg.decode("utf-8")
    comment = "<!-- " + " ".join(header).replace("--", "- -") + " -->\n"
    declaration, newline, rest = text.partition("\n")
    if declaration.startswith("<?xml"):
        return declaration + newline + comment + rest
    return comment + text
