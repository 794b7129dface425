"""Lowering the diagram to Graphviz DOT, through the ``graphviz`` package.

Each table is one node whose HTML-like label lists its columns; each column
row has a port on both sides, so an edge leaves the referenced key on the
right and enters the foreign-key column on the left. Ends use crow's-foot
arrowheads. Tables in a PostgreSQL schema share a ``cluster_`` subgraph.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from html import escape

import graphviz

from schemac.backends.erd.view import (
    Cardinality,
    ColumnView,
    Diagram,
    EdgeView,
    EnumUse,
    EnumView,
    TableView,
)

#: Arrow shapes for crow's-foot ends; the first shape sits at the node.
ARROWS: dict[Cardinality, str] = {
    "one": "teetee",
    "zero_or_one": "teeodot",
    "zero_or_many": "crowodot",
    "one_or_many": "crowtee",
}

_FONT = "Helvetica,Arial,sans-serif"
_GRAPH_ATTRS = {
    "rankdir": "LR",
    # Curved splines honour ports (ortho ignores them, so an edge would no
    # longer show which column it starts from).
    "splines": "spline",
    # Merging edges that share an end turns the fan of a much-referenced
    # table into one trunk: a 50-table drawing gets a quarter shorter.
    "concentrate": "true",
    "nodesep": "0.35",
    "ranksep": "1.0",
    "pad": "0.4",
    "fontname": _FONT,
    "fontsize": "12",
    "bgcolor": "white",
}
_NODE_ATTRS = {"shape": "plain", "fontname": _FONT, "fontsize": "11"}
_EDGE_ATTRS = {
    "dir": "both",
    "color": "#4a5a6a",
    "penwidth": "1.2",
    "arrowsize": "0.9",
    "fontname": _FONT,
    "fontsize": "9",
}

_HEADER_COLOR = "#1f4e79"
_LINK_COLOR = "#5b6f82"
_EXTERNAL_COLOR = "#8a8a8a"
_ENUM_COLOR = "#6b4c9a"
_MUTED = "#6a737d"
#: Docs wrap at this many characters and are cut after a few lines; the
#: tooltips keep them whole.
_DOC_WIDTH = 48
_TABLE_DOC_LINES = 3
_COLUMN_DOC_LINES = 2


def render_dot(
    diagram: Diagram, header: Sequence[str], concentrate: bool = True
) -> str:
    """The DOT source of ``diagram``, opening with ``header`` comment lines.

    Args:
        diagram: What to draw.
        header: Comment lines, ``//`` included.
        concentrate: Merge edges that share an end (see ``_GRAPH_ATTRS``).
    """
    graph = build_graph(diagram)
    if not concentrate:
        graph.graph_attr["concentrate"] = "false"
    comments = "".join(f"{line}\n" for line in header)
    source: str = graph.source
    return comments + source


def build_graph(diagram: Diagram) -> graphviz.Digraph:
    """The diagram as a :class:`graphviz.Digraph`, ready to render."""
    graph = graphviz.Digraph("schema", graph_attr=_GRAPH_ATTRS)
    graph.node_attr.update(_NODE_ATTRS)
    graph.edge_attr.update(_EDGE_ATTRS)

    _add_nodes(graph, diagram, schema=None)
    for name in diagram.schemas:
        with graph.subgraph(name=f"cluster_{_slug(name)}") as cluster:
            cluster.attr(
                label=graphviz.escape(name),
                id=f"schema_{_slug(name)}",
                style="rounded,dashed",
                color="#9aa5b1",
                fontcolor="#3b4754",
                labeljust="l",
            )
            _add_nodes(cluster, diagram, schema=name)

    tables = {t.key: t for t in diagram.tables}
    for edge in diagram.edges:
        _add_edge(graph, edge, tables)
    enums = {e.key: e for e in diagram.enums}
    for use in diagram.enum_uses:
        _add_enum_use(graph, use, tables[use.table], enums[use.enum])
    return graph


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)


def _add_nodes(graph: graphviz.Digraph, diagram: Diagram, schema: str | None) -> None:
    for table in diagram.tables:
        if table.schema == schema:
            graph.node(
                table.id,
                label=table_label(table),
                id=table.id,
                tooltip=_table_tooltip(table),
                **{"class": _table_class(table)},
            )
    for enum in diagram.enums:
        if enum.schema == schema:
            graph.node(
                enum.id,
                label=enum_label(enum),
                id=enum.id,
                tooltip=_tooltip(f"enum {enum.name}", enum.doc),
                **{"class": "erd-enum"},
            )


def _table_class(table: TableView) -> str:
    kinds = ["erd-table"]
    if table.is_link:
        kinds.append("erd-link")
    if table.external:
        kinds.append("erd-external")
    return " ".join(kinds)


def _table_tooltip(table: TableView) -> str:
    """The table's doc and its columns' docs, one per line."""
    lines = [f"{table.name}: {table.doc}" if table.doc else table.name]
    lines += [f"{c.name}: {c.doc}" for c in table.columns if c.doc]
    # Each line is escaped on its own; ``\n`` between them is DOT's newline.
    joined: str = graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))
    return joined


def _tooltip(title: str, doc: str | None) -> str:
    text = f"{title}: {doc}" if doc else title
    escaped: str = graphviz.escape(text)
    return escaped


# --- labels ------------------------------------------------------------------


def table_label(table: TableView) -> str:
    """The HTML-like label of a table: a title row, a doc row, column rows."""
    color = _header_color(table)
    rows = [
        f'<tr><td colspan="4" bgcolor="{color}" align="center" cellpadding="6">'
        f'<font color="white"><b>{escape(table.name)}</b></font></td></tr>'
    ]
    if table.doc:
        rows.append(_doc_row(table.doc))
    for column in table.columns:
        rows.append(_column_row(column))
        if column.doc:
            rows.append(_column_doc_row(column.doc))
    if not table.columns:
        rows.append(_muted_row("no columns shown"))
    return _html_table(rows, color, dashed=table.external)


def enum_label(enum: EnumView) -> str:
    """The HTML-like label of an enum: its name and one row per value."""
    rows = [
        f'<tr><td bgcolor="{_ENUM_COLOR}" cellpadding="6">'
        f'<font color="white"><i>enum</i> <b>{escape(enum.name)}</b></font></td></tr>'
    ]
    if enum.doc:
        rows.append(_doc_row(enum.doc, colspan=1))
    rows += [
        f'<tr><td align="left" port="v{index}">{escape(value)}</td></tr>'
        for index, value in enumerate(enum.values, start=1)
    ]
    return _html_table(rows, _ENUM_COLOR, dashed=False)


def _header_color(table: TableView) -> str:
    if table.external:
        return _EXTERNAL_COLOR
    return _LINK_COLOR if table.is_link else _HEADER_COLOR


def _html_table(rows: Iterable[str], color: str, dashed: bool) -> str:
    style = ' style="dashed"' if dashed else ""
    body = "\n".join(rows)
    return (
        f'<<table border="1" cellborder="0" cellspacing="0" cellpadding="3" '
        f'color="{color}"{style}>\n{body}\n</table>>'
    )


def _doc_row(doc: str, colspan: int = 4, lines: int = _TABLE_DOC_LINES) -> str:
    return (
        f'<tr><td colspan="{colspan}" align="left" balign="left">'
        f'<font point-size="9" color="{_MUTED}"><i>{_wrap(doc, lines)}</i></font>'
        "</td></tr>"
    )


def _wrap(text: str, lines: int) -> str:
    """``text`` escaped and broken into at most ``lines`` label lines."""
    wrapped = textwrap.wrap(text, _DOC_WIDTH, max_lines=lines, placeholder=" …")
    return "<br/>".join(escape(line) for line in wrapped)


def _muted_row(text: str) -> str:
    return (
        f'<tr><td colspan="4"><font point-size="9" color="{_MUTED}">'
        f"<i>{escape(text)}</i></font></td></tr>"
    )


def _column_row(column: ColumnView) -> str:
    """A row: key markers (west port), name, type, nullability (east port)."""
    name = escape(column.name)
    if column.primary_key:
        name = f"<b>{name}</b>"
    markers = _small(" ".join(column.markers), _HEADER_COLOR, bold=True)
    null = _small("null" if column.nullable else "", _MUTED)
    return (
        f'<tr><td port="{column.port}_w" align="left">{markers}</td>'
        f'<td align="left">{name}</td>'
        f'<td align="left" balign="left">{_type_cell(column)}</td>'
        f'<td port="{column.port}_e" align="left">{null}</td></tr>'
    )


def _type_cell(column: ColumnView) -> str:
    text = f'<font color="#2f3b47">{escape(column.type)}</font>'
    if not column.enum_values:
        return text
    values = textwrap.wrap(" | ".join(column.enum_values), _DOC_WIDTH // 2)
    listed = "<br/>".join(escape(line) for line in values)
    return f'{text}<br/><font point-size="8" color="{_MUTED}">{listed}</font>'


def _small(text: str, color: str, bold: bool = False) -> str:
    """Small coloured text; nothing for no text (Graphviz rejects empty tags)."""
    if not text:
        return ""
    body = f"<b>{escape(text)}</b>" if bold else escape(text)
    return f'<font point-size="8" color="{color}">{body}</font>'


def _column_doc_row(doc: str) -> str:
    """A column's doc under its row, indented past the key markers."""
    return (
        '<tr><td></td><td colspan="3" align="left" balign="left">'
        f'<font point-size="8" color="{_MUTED}">{_wrap(doc, _COLUMN_DOC_LINES)}</font>'
        "</td></tr>"
    )


# --- edges -------------------------------------------------------------------


def _add_edge(
    graph: graphviz.Digraph, edge: EdgeView, tables: dict[str, TableView]
) -> None:
    parent, child = tables[edge.parent], tables[edge.child]
    classes = f"erd-edge erd-from-{parent.id} erd-to-{child.id}"
    if edge.many_to_many:
        classes += " erd-m2m"
    attrs = {
        "id": edge.id,
        "class": classes,
        "arrowtail": ARROWS[edge.parent_end],
        "arrowhead": ARROWS[edge.child_end],
        "tooltip": graphviz.escape(f"{edge.label}: {edge.detail}"),
    }
    if edge.many_to_many:
        attrs.update(style="dashed", label=graphviz.escape(edge.label))
    graph.edge(
        _port(parent, edge.parent_column, "e"),
        _port(child, edge.child_column, "w"),
        **attrs,
    )


def _port(table: TableView, column: str, side: str) -> str:
    """``node:port:compass`` for a column row, or the node when it is hidden."""
    try:
        port = table.column(column).port
    except KeyError:
        return table.id
    return f"{table.id}:{port}_{side}:{side}"


def _add_enum_use(
    graph: graphviz.Digraph, use: EnumUse, table: TableView, enum: EnumView
) -> None:
    graph.edge(
        enum.id,
        _port(table, use.column, "w"),
        id=use.id,
        arrowhead="none",
        arrowtail="none",
        style="dotted",
        color=_ENUM_COLOR,
        tooltip=graphviz.escape(f"{table.name}.{use.column}: enum {enum.name}"),
        **{"class": f"erd-edge erd-enum-use erd-from-{enum.id} erd-to-{table.id}"},
    )
