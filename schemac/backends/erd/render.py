"""One entry point per kind of output: text formats and binary images."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import PurePath

from schemac.backends.erd.dot import render_dot
from schemac.backends.erd.html import render_html
from schemac.backends.erd.layout import GraphvizMissingError, layout, svg_with_header
from schemac.backends.erd.mermaid import render_mermaid
from schemac.backends.erd.options import BINARY_FORMATS, check_format
from schemac.backends.erd.view import Diagram
from schemac.errors import SchemacError
from schemac.output import GENERATED_MARK, header_lines

log = logging.getLogger(__name__)

#: Mermaid's default ``maxTextSize``; GitHub and GitLab refuse larger
#: diagrams (the CLI warns past it).
MERMAID_MAX_TEXT = 50_000


def render_text(diagram: Diagram, fmt: str, source: str) -> str:
    """``diagram`` as a text format: dot, svg, mermaid or html.

    Args:
        diagram: What to draw.
        fmt: The format.
        source: The schema's entry file as the user named it, for headers.

    Raises:
        ConfigError: ``fmt`` is unknown or binary.
        GraphvizMissingError: svg or html without Graphviz installed.
    """
    return render_texts(diagram, [fmt], source)[fmt]


def render_texts(
    diagram: Diagram, formats: Sequence[str], source: str
) -> dict[str, str]:
    """``diagram`` in each of ``formats``, keyed by format.

    The DOT text and the SVG that ``dot`` lays out from it are made once and
    shared: svg and html together run Graphviz once, not twice.

    Raises:
        ConfigError: A format is unknown or binary.
        GraphvizMissingError: svg or html without Graphviz installed.
    """
    for fmt in formats:
        check_format(fmt)
        if fmt in BINARY_FORMATS:
            raise ValueError(f"{fmt} is binary: use render_binary")
    texts: dict[str, str] = {}
    if "mermaid" in formats:
        texts["mermaid"] = render_mermaid(diagram, header_lines(source, "%%"))
    if {"dot", "svg", "html"} & set(formats):
        texts["dot"] = render_dot(diagram, header_lines(source, "//"))
    if {"svg", "html"} & set(formats):
        svg = _layout(diagram, texts["dot"], "svg")
        texts["svg"] = svg_with_header(svg, _plain_header(source))
    if "html" in formats:
        name = PurePath(source).name
        texts["html"] = render_html(diagram, texts["svg"], name, _plain_header(source))
    return {fmt: texts[fmt] for fmt in formats}


def render_binary(diagram: Diagram, fmt: str) -> bytes:
    """``diagram`` laid out by ``dot`` as PNG or PDF (no header fits there).

    Raises:
        GraphvizMissingError: Graphviz is not installed.
    """
    return _layout(diagram, render_dot(diagram, []), fmt)


def render_embedded(diagram: Diagram, source: str, document: str) -> str:
    """Mermaid for a Markdown region, its comments naming how to refresh it."""
    header = [
        f"%% {GENERATED_MARK} from {source}.",
        f"%% Do not edit by hand: run `schemac erd {source} --embed {document}`.",
    ]
    return render_mermaid(diagram, header)


def _layout(diagram: Diagram, dot: str, fmt: str) -> bytes:
    """Lay out ``dot``; if Graphviz fails, try once more without merged edges.

    Edge concentration is the part of ``dot`` most prone to crash on
    unusual graphs, and the drawing is still correct without it.
    """
    try:
        return layout(dot, fmt)
    except GraphvizMissingError:
        raise
    except SchemacError:
        log.debug("dot failed with concentrate=true; retrying without")
        return layout(render_dot(diagram, [], concentrate=False), fmt)


def _plain_header(source: str) -> list[str]:
    return [line.strip() for line in header_lines(source, "")]
