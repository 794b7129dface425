"""Lowering the diagram to one self-contained HTML page.

The page inlines the SVG that ``dot`` lays out, its stylesheet and its
script: it opens from disk with no network. A JSON index of tables, columns
and edges lets the script search by table or column name and highlight a
clicked table with its edges and neighbours; the SVG elements carry the ids
the DOT renderer gave them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from schemac.backends.erd.view import Diagram

_ASSETS = resources.files("schemac.backends.erd") / "assets"


def render_html(diagram: Diagram, svg: str, title: str, header: Sequence[str]) -> str:
    """The page showing ``svg`` (the diagram laid out by ``dot``).

    Args:
        diagram: What the SVG draws, for the search index.
        svg: SVG text from ``dot -Tsvg``.
        title: The page title (the schema's file name).
        header: Lines of the generated-file header, placed in a comment.
    """
    template = _environment().get_template("page.html.j2")
    page = template.render(
        title=title,
        header=" ".join(header).replace("--", "- -"),
        doc=diagram.doc,
        svg=Markup(_inline_svg(svg)),
        index=Markup(_script_json(diagram_index(diagram))),
        style=Markup(_asset("erd.css")),
        script=Markup(_asset("erd.js")),
        tables=len(diagram.tables),
    )
    return page if page.endswith("\n") else page + "\n"


def diagram_index(diagram: Diagram) -> dict[str, Any]:
    """What the page's script knows: nodes with their columns, and edges."""
    nodes = [
        {
            "id": table.id,
            "name": table.name,
            "kind": "table",
            "columns": [column.name for column in table.columns],
        }
        for table in diagram.tables
    ]
    nodes += [
        {"id": enum.id, "name": enum.name, "kind": "enum", "columns": list(enum.values)}
        for enum in diagram.enums
    ]
    ids = {t.key: t.id for t in diagram.tables} | {
        f"enum:{e.key}": e.id for e in diagram.enums
    }
    edges = [
        {"id": edge.id, "from": ids[edge.parent], "to": ids[edge.child]}
        for edge in diagram.edges
    ]
    edges += [
        {"id": use.id, "from": ids[f"enum:{use.enum}"], "to": ids[use.table]}
        for use in diagram.enum_uses
    ]
    return {"nodes": nodes, "edges": edges}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("schemac.backends.erd", "assets"),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _inline_svg(svg: str) -> str:
    """The ``<svg>`` element alone: no XML declaration, doctype or comments."""
    start = svg.find("<svg")
    return svg[start:].strip() if start >= 0 else svg


def _script_json(data: dict[str, Any]) -> str:
    """JSON that cannot close its ``<script>`` element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
