"""Diagrams rendered by the real Mermaid library, and the HTML page used,
in headless Chromium.

Needs ``chromium`` (``apt-get install chromium``) and Mermaid from npm
(``cd tests/browser && npm ci``); the tests skip, saying so, without them.
Pages are loaded from ``file://`` and the DOM is dumped after the scripts
ran; each page writes its results into the DOM as JSON.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_erd_helpers import (
    ROOT,
    awkward_schema,
    sample_entries,
    sample_id,
    todo_schema,
)

from schemac.backends.erd import ErdOptions, build_diagram, render_text
from schemac.backends.erd.mermaid import entity_name
from schemac.backends.erd.view import Diagram
from schemac.compiler import ir
from schemac.pipeline import load_schema

MERMAID_JS = ROOT / "tests" / "browser" / "node_modules" / "mermaid" / "dist"
MERMAID_JS = MERMAID_JS / "mermaid.min.js"
_RESULT = re.compile(r'<pre id="erd-test-result">(.*?)</pre>', re.DOTALL)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (apt-get install chromium)")


def run_page(page: Path, budget_ms: int = 30_000) -> Any:
    """Open ``page`` in headless Chromium; return the JSON it wrote."""
    profile = page.parent / "chromium-profile"
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--allow-file-access-from-files",
        f"--virtual-time-budget={budget_ms}",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    match = _RESULT.search(done.stdout)
    assert match, f"the page wrote no result; stderr:\n{done.stderr[-2000:]}"
    return json.loads(html.unescape(match.group(1)))


# --- Mermaid -----------------------------------------------------------------

_MERMAID_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body>
<script src="{mermaid}"></script>
<script>
const diagrams = {diagrams};
async function main() {{
  mermaid.initialize({{ startOnLoad: false, securityLevel: "strict" }});
  const results = {{}};
  for (const [name, text] of Object.entries(diagrams)) {{
    try {{
      const rendered = await mermaid.render("d" + Object.keys(results).length, text);
      results[name] = {{ ok: true, svg: rendered.svg }};
    }} catch (error) {{
      results[name] = {{ ok: false, error: String(error && error.message || error) }};
    }}
  }}
  const pre = document.createElement("pre");
  pre.id = "erd-test-result";
  pre.textContent = JSON.stringify(results);
  document.body.appendChild(pre);
}}
main();
</script></body></html>
"""


def _mermaid_cases() -> dict[str, tuple[ir.Schema, ErdOptions]]:
    cases = {
        sample_id(rel): (load_schema(ROOT / rel).schema, ErdOptions())
        for rel in sample_entries()
    }
    cases["awkward"] = (awkward_schema(), ErdOptions())
    cases["awkward-inline"] = (awkward_schema(), ErdOptions(enums="inline"))
    cases["todo-collapsed"] = (todo_schema(), ErdOptions(collapse_m2m=True))
    return cases


CASES = _mermaid_cases()


@pytest.fixture(scope="module")
def mermaid_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every case rendered by Mermaid, in one browser run."""
    if not MERMAID_JS.is_file():
        pytest.skip("Mermaid is not installed: run `npm ci` in tests/browser")
    folder = tmp_path_factory.mktemp("mermaid")
    diagrams = {
        name: render_text(build_diagram(schema, options), "mermaid", f"{name}.dbs")
        for name, (schema, options) in CASES.items()
    }
    page = folder / "mermaid.html"
    page.write_text(
        _MERMAID_PAGE.format(
            mermaid=MERMAID_JS.as_uri(),
            diagrams=json.dumps(diagrams).replace("</", "<\\/"),
        ),
        encoding="utf-8",
    )
    results: dict[str, Any] = run_page(page)
    return results


@pytest.mark.parametrize("name", sorted(CASES))
def test_mermaid_renders_the_diagram(
    name: str, mermaid_results: dict[str, Any]
) -> None:
    result = mermaid_results[name]
    assert result["ok"], f"Mermaid rejected {name}: {result.get('error')}"
    svg = result["svg"]
    assert svg.startswith("<svg") and "Syntax error" not in svg
    schema, options = CASES[name]
    diagram = build_diagram(schema, options)
    for table in diagram.tables:
        assert entity_name(table.name) in svg, table.name


# --- the HTML page -----------------------------------------------------------

_PAGE_TEST = """<script>
(function () {
  function ids(selector) {
    return Array.from(document.querySelectorAll(selector)).map(function (e) {
      return e.id;
    }).sort();
  }
  var out = {};
  var search = document.getElementById("erd-search");
  search.value = "QUERY";
  search.dispatchEvent(new Event("input"));
  out.matches = ids("#erd-canvas g.node.erd-match");
  out.hits = Array.from(document.querySelectorAll("text.erd-hit")).map(function (e) {
    return e.textContent;
  });
  out.undimmed = ids("#erd-canvas g.node:not(.erd-dim)");
  out.searchStatus = document.getElementById("erd-status").textContent;

  document.getElementById("CLICK").dispatchEvent(
    new MouseEvent("click", { bubbles: true }));
  out.searchCleared = search.value === "";
  out.selected = ids("#erd-canvas g.erd-selected");
  out.relatedNodes = ids("#erd-canvas g.node.erd-related");
  out.relatedEdges = ids("#erd-canvas g.edge.erd-related");
  out.undimmedAfterClick = ids("#erd-canvas g:not(.erd-dim).node, " +
    "#erd-canvas g:not(.erd-dim).edge");
  out.clickStatus = document.getElementById("erd-status").textContent;

  document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
  out.leftAfterEscape = ids(".erd-dim, .erd-selected, .erd-related, .erd-match");

  var pre = document.createElement("pre");
  pre.id = "erd-test-result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def _neighbours(diagram: Diagram, node_id: str) -> tuple[set[str], set[str]]:
    ids = {t.key: t.id for t in diagram.tables}
    ids |= {f"enum:{e.key}": e.id for e in diagram.enums}
    links = [(e.id, ids[e.parent], ids[e.child]) for e in diagram.edges]
    links += [(u.id, ids[f"enum:{u.enum}"], ids[u.table]) for u in diagram.enum_uses]
    edges = {eid for eid, a, b in links if node_id in (a, b)}
    nodes = {b if a == node_id else a for eid, a, b in links if eid in edges}
    return nodes - {node_id}, edges


def test_html_page_searches_and_highlights_relations(tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (apt-get install graphviz)")
    rel = ROOT / "samples" / "shop" / "shop.dbs"
    if not rel.exists():
        pytest.skip("the shop sample is not there")
    diagram = build_diagram(load_schema(rel).schema, ErdOptions())
    page_html = render_text(diagram, "html", "samples/shop/shop.dbs")
    orders = next(t for t in diagram.tables if t.name == "sales.orders")
    test_script = _PAGE_TEST.replace("QUERY", "Tracking").replace("CLICK", orders.id)
    page = tmp_path / "erd.html"
    page.write_text(page_html.replace("</body>", test_script + "</body>"), "utf-8")

    out = run_page(page, budget_ms=10_000)

    # Search by column name: only the table with that column, its text marked.
    shipments = next(t for t in diagram.tables if t.name == "sales.shipments")
    assert out["matches"] == [shipments.id]
    assert out["hits"] == ["tracking_number"]
    assert out["undimmed"] == [shipments.id]
    assert "1 of" in out["searchStatus"]

    # Click: the table, its edges and its neighbours stand out; the rest dims.
    nodes, edges = _neighbours(diagram, orders.id)
    assert out["searchCleared"]
    assert out["selected"] == [orders.id]
    assert set(out["relatedNodes"]) == nodes
    assert set(out["relatedEdges"]) == edges
    assert set(out["undimmedAfterClick"]) == nodes | edges | {orders.id}
    assert "customers" in out["clickStatus"]

    # Escape clears every highlight.
    assert out["leftAfterEscape"] == []


def test_html_page_search_by_table_name(tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (apt-get install graphviz)")
    diagram = build_diagram(awkward_schema(), ErdOptions())
    page_html = render_text(diagram, "html", "awkward.dbs")
    area = diagram.table("Area")
    script = _PAGE_TEST.replace("QUERY", "AREA").replace("CLICK", area.id)
    page = tmp_path / "erd.html"
    page.write_text(page_html.replace("</body>", script + "</body>"), "utf-8")

    out = run_page(page, budget_ms=10_000)

    assert out["matches"] == [area.id]
    profile = diagram.table("Profile")
    assert out["relatedNodes"] == [profile.id]
