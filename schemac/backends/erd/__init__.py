"""The ERD backend: diagrams of the schema for documentation.

It draws the same IR three ways: Graphviz DOT (and the SVG, PNG or PDF
``dot`` lays out from it), Mermaid ``erDiagram`` text that GitHub and GitLab
render, and a self-contained HTML page with search and relation highlighting.
:func:`~schemac.backends.erd.view.build_diagram` decides what is drawn once
for every format.

``schemac build`` calls :data:`backend` with the ``[tool.schemac.erd]``
table as options::

    [tool.schemac.erd]
    formats = ["mermaid", "svg"]   # dot, svg, mermaid, html
    out = "docs/erd"               # folder, relative to the build output
    name = "schema"                # file name without suffix
    include = ["*"]                # glob patterns of tables
    exclude = ["audit_*"]
    keys_only = false
    docs = true
    collapse_m2m = false
    enums = "nodes"                # nodes, inline or hide

PNG and PDF are binary and come only from the ``schemac erd`` command.
"""

from __future__ import annotations

from schemac.backends import RenderContext
from schemac.backends.erd.options import ErdOptions, ErdSettings, parse_settings
from schemac.backends.erd.render import (
    render_binary,
    render_embedded,
    render_text,
    render_texts,
)
from schemac.backends.erd.view import Diagram, build_diagram
from schemac.compiler import ir

__all__ = [
    "Diagram",
    "ErdBackend",
    "ErdOptions",
    "ErdSettings",
    "backend",
    "build_diagram",
    "render_binary",
    "render_embedded",
    "render_text",
    "render_texts",
]


class ErdBackend:
    """Renders the configured diagram formats for ``schemac build``."""

    name = "erd"
    description = "ER diagrams: Graphviz DOT/SVG, Mermaid erDiagram, HTML"

    def render(self, schema: ir.Schema, context: RenderContext) -> dict[str, str]:
        """The diagram files, keyed ``<out>/<name>.<suffix>``.

        Raises:
            ConfigError: The options are invalid (unknown key, binary format,
                a pattern matching no table).
            GraphvizMissingError: svg or html is asked for without Graphviz.
        """
        settings = parse_settings(context.options)
        diagram = build_diagram(schema, settings.options)
        texts = render_texts(diagram, settings.formats, context.source)
        return {settings.path(fmt): text for fmt, text in texts.items()}


backend = ErdBackend()
