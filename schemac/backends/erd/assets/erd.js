// The ER diagram page: search tables and columns, click a table to show
// its relations. Reads the JSON index the generator wrote next to the SVG;
// SVG node and edge ids come from the DOT source.
(function () {
  "use strict";

  var index = JSON.parse(document.getElementById("erd-index").textContent);
  var search = document.getElementById("erd-search");
  var status = document.getElementById("erd-status");
  var initialStatus = status.textContent;
  var edges = index.edges;
  var selected = null;

  function element(id) { return id ? document.getElementById(id) : null; }

  function allElements() {
    return document.querySelectorAll("#erd-canvas g.node, #erd-canvas g.edge");
  }

  function clear() {
    allElements().forEach(function (el) {
      el.classList.remove("erd-dim", "erd-match", "erd-selected", "erd-related");
    });
    document.querySelectorAll("#erd-canvas text.erd-hit").forEach(function (el) {
      el.classList.remove("erd-hit");
    });
    selected = null;
    status.textContent = initialStatus;
  }

  function dimAll() {
    allElements().forEach(function (el) { el.classList.add("erd-dim"); });
  }

  function mark(el, name) {
    if (el) { el.classList.remove("erd-dim"); el.classList.add(name); }
  }

  function matches(node, query) {
    if (node.name.toLowerCase().indexOf(query) >= 0) { return true; }
    return node.columns.some(function (c) { return c.toLowerCase().indexOf(query) >= 0; });
  }

  function highlightText(el, query) {
    el.querySelectorAll("text").forEach(function (text) {
      if (text.textContent.toLowerCase().indexOf(query) >= 0) { text.classList.add("erd-hit"); }
    });
  }

  function runSearch(raw) {
    clear();
    var query = raw.trim().toLowerCase();
    if (!query) { return []; }
    dimAll();
    var found = index.nodes.filter(function (node) { return matches(node, query); });
    found.forEach(function (node) {
      var el = element(node.id);
      mark(el, "erd-match");
      if (el) { highlightText(el, query); }
    });
    status.textContent = found.length + " of " + index.nodes.length +
      " match “" + raw.trim() + "”" + (found.length ? ": " +
      found.map(function (n) { return n.name; }).join(", ") : "");
    return found.map(function (n) { return n.id; });
  }

  function select(id) {
    clear();
    var node = index.nodes.filter(function (n) { return n.id === id; })[0];
    if (!node) { return []; }
    dimAll();
    selected = id;
    mark(element(id), "erd-selected");
    var neighbours = [];
    edges.forEach(function (edge) {
      if (edge.from !== id && edge.to !== id) { return; }
      mark(element(edge.id), "erd-related");
      var other = edge.from === id ? edge.to : edge.from;
      if (other !== id && neighbours.indexOf(other) < 0) {
        neighbours.push(other);
        mark(element(other), "erd-related");
      }
    });
    var names = index.nodes.filter(function (n) { return neighbours.indexOf(n.id) >= 0; })
      .map(function (n) { return n.name; });
    status.textContent = node.name + ": " + (names.length ?
      "related to " + names.join(", ") : "no relations") + " (Esc to clear)";
    return neighbours;
  }

  index.nodes.forEach(function (node) {
    var el = element(node.id);
    if (!el) { return; }
    el.addEventListener("click", function (event) {
      event.stopPropagation();
      if (selected === node.id) { clear(); } else { search.value = ""; select(node.id); }
    });
  });
  document.getElementById("erd-canvas").addEventListener("click", function () {
    if (selected) { clear(); }
  });
  search.addEventListener("input", function () { runSearch(search.value); });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = document.querySelector("#erd-canvas g.erd-match");
      if (first) { first.scrollIntoView({ block: "center", inline: "center" }); }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { search.value = ""; clear(); }
  });

  // For tests and the browser console.
  window.schemacErd = { search: runSearch, select: select, clear: clear };
})();
