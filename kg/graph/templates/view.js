/* kg's browser view: a vis-network graph with a legend, filters, search and an evidence panel.
 * All data comes from the JSON in #kg-data; every text is set with textContent, never parsed as markup.
 * When the layout has settled, physics stops and window.kg = {network, nodes, edges, ready: true}. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var episodeById = {};
  data.episodes.forEach(function (ep) { episodeById[ep.id] = ep; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function safeLink(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // --- heading -------------------------------------------------------------------------
  document.getElementById("title").textContent = data.title;
  var sub = [];
  if (data.episodes.length === 1) {
    var only = data.episodes[0];
    if (only.show) sub.push(only.show);
    if (only.date) sub.push(only.date);
  } else {
    if (data.subtitle) sub.push(data.subtitle);
    sub.push(plural(data.episodes.length, "episode", "episodes"));
  }
  document.getElementById("subtitle").textContent = sub.join(" · ");

  // --- the network ---------------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var kg = { network: network, nodes: nodes, edges: edges, data: data, ready: false };
  window.kg = kg;

  function markReady() {
    if (kg.ready) return;
    network.setOptions({ physics: false });
    kg.ready = true;
    kg.readyAt = window.performance ? performance.now() : null;
    document.getElementById("loading").hidden = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (data.nodes.length === 0) {
    markReady();
  } else {
    network.once("stabilizationIterationsDone", function () {
      fitBesideLegend();
      markReady();
    });
    // a time budget for the layout, so that a large graph on a slow machine still becomes usable
    var started = performance.now();
    network.on("stabilizationProgress", function () {
      if (performance.now() - started > data.layoutBudgetMs && network.physics) network.physics.targetIterations = 0;
    });
  }

  /** Fit the graph, then, if the legend covers part of it, shift it (and shrink it if need be) beside the legend. */
  function fitBesideLegend() {
    network.fit({ animation: false });
    var pos = network.getPositions();
    var ids = Object.keys(pos);
    if (!ids.length) return;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    ids.forEach(function (id) {
      minX = Math.min(minX, pos[id].x); maxX = Math.max(maxX, pos[id].x);
      minY = Math.min(minY, pos[id].y); maxY = Math.max(maxY, pos[id].y);
    });
    var legend = document.getElementById("filters");
    var width = container.clientWidth;
    var covered = legend.offsetLeft + legend.offsetWidth + 12;
    var margin = 60;
    if (width < 2 * covered || network.canvasToDOM({ x: minX, y: minY }).x - margin >= covered) return;
    var scale = network.getScale();
    var fits = Math.min(1, (width - covered - 2 * margin) / Math.max(1, (maxX - minX) * scale));
    network.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, scale: scale * fits,
                     offset: { x: covered / 2, y: 0 }, animation: false });
  }

  /** DOM coordinates of a node's centre (tests click there). */
  kg.nodePoint = function (id) {
    return network.canvasToDOM(network.getPositions([id])[id]);
  };
  /** DOM coordinates of the middle of an edge as drawn (curved edges included). */
  kg.edgePoint = function (id) {
    var e = network.body.edges[id];
    var p = null;
    if (e && e.edgeType && e.edgeType.getPoint) {
      try { p = e.edgeType.getPoint(0.5); } catch (err) { p = null; }
    }
    if (!p || isNaN(p.x)) {
      var item = edgeById[id];
      var pos = network.getPositions([item.from, item.to]);
      p = { x: (pos[item.from].x + pos[item.to].x) / 2, y: (pos[item.from].y + pos[item.to].y) / 2 };
    }
    return network.canvasToDOM(p);
  };

  // --- legend and filters --------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function swatch(shape, colour) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    var s;
    if (shape === "dot" || shape === "ellipse") {
      s = document.createElementNS(SVG, "circle");
      s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6");
    } else if (shape === "square" || shape === "box") {
      s = document.createElementNS(SVG, "rect");
      s.setAttribute("x", "2"); s.setAttribute("y", "2"); s.setAttribute("width", "12"); s.setAttribute("height", "12");
    } else {
      s = document.createElementNS(SVG, "polygon");
      var pts = {
        diamond: "8,1 15,8 8,15 1,8",
        triangle: "8,1 15,14 1,14",
        triangleDown: "1,2 15,2 8,15",
        star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6",
        hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"
      };
      s.setAttribute("points", pts[shape] || pts.diamond);
    }
    s.setAttribute("fill", colour);
    svg.appendChild(s);
    return svg;
  }
  function lineSwatch(colour, dashed) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "10"); svg.setAttribute("aria-hidden", "true");
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "25"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", colour); l.setAttribute("stroke-width", "2");
    if (dashed) l.setAttribute("stroke-dasharray", "5,3");
    svg.appendChild(l);
    return svg;
  }

  var typeList = document.getElementById("type-filter");
  data.types.forEach(function (t) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = t.name; box.setAttribute("data-type", t.name);
    box.addEventListener("change", applyFilters);
    label.appendChild(box);
    label.appendChild(swatch(t.shape, t.colour));
    label.appendChild(el("span", t.name, "name"));
    li.appendChild(label);
    li.appendChild(el("span", t.count, "count"));
    typeList.appendChild(li);
  });
  var edgeLegend = document.getElementById("edge-legend");
  [[data.styles.edge, false, "current relation"], [data.styles.former, true, "former relation"]].forEach(function (r) {
    var li = el("li");
    li.appendChild(lineSwatch(r[0], r[1]));
    li.appendChild(el("span", r[2], "name"));
    edgeLegend.appendChild(li);
  });
  var episodeList = document.getElementById("episode-filter");
  var epCounts = {};
  data.nodes.forEach(function (n) { n.episodes.forEach(function (s) { epCounts[s] = (epCounts[s] || 0) + 1; }); });
  data.episodes.forEach(function (ep) {
    var li = el("li");
    var label = el("label");
    label.title = ep.title;
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = ep.id; box.setAttribute("data-episode", ep.id);
    box.addEventListener("change", applyFilters);
    label.appendChild(box);
    label.appendChild(el("span", ep.title, "name"));
    li.appendChild(label);
    li.appendChild(el("span", epCounts[ep.id] || 0, "count"));
    episodeList.appendChild(li);
  });
  if (data.episodes.length < 2) document.getElementById("episode-box").hidden = true;

  function checkedValues(list) {
    var out = {};
    list.querySelectorAll("input[type=checkbox]").forEach(function (b) { if (b.checked) out[b.value] = true; });
    return out;
  }
  function anyIn(items, set) {
    if (!items.length) return true; // nothing to filter on (e.g. a graph read without episodes)
    for (var i = 0; i < items.length; i++) if (set[items[i]]) return true;
    return false;
  }
  var shown = {};
  var shownEdge = {};
  function applyFilters() {
    var types = checkedValues(typeList);
    var eps = checkedValues(episodeList);
    var nodeUpdates = [];
    var visible = 0;
    data.nodes.forEach(function (n) {
      var show = !!types[n.topType] && anyIn(n.episodes, eps);
      if (show) visible++;
      if (shown[n.id] !== show) nodeUpdates.push({ id: n.id, hidden: !show });
      shown[n.id] = show;
    });
    var edgeUpdates = [];
    var visibleEdges = 0;
    data.edges.forEach(function (e) {
      var show = shown[e.from] && shown[e.to] && anyIn(e.episodes, eps);
      if (show) visibleEdges++;
      if (shownEdge[e.id] !== show) edgeUpdates.push({ id: e.id, hidden: !show });
      shownEdge[e.id] = show;
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    document.getElementById("stats").textContent =
      (visible === data.nodes.length ? plural(visible, "entity", "entities")
        : visible + " of " + plural(data.nodes.length, "entity", "entities")) + " · " +
      (visibleEdges === data.edges.length ? plural(visibleEdges, "fact", "facts")
        : visibleEdges + " of " + plural(data.edges.length, "fact", "facts"));
  }
  data.nodes.forEach(function (n) { shown[n.id] = true; });
  data.edges.forEach(function (e) { shownEdge[e.id] = true; });
  applyFilters();

  // --- side panel ----------------------------------------------------------------------
  var help = document.getElementById("panel-help");
  var body = document.getElementById("panel-body");
  function clearPanel() {
    body.textContent = "";
    body.hidden = true;
    help.hidden = false;
    body.removeAttribute("data-node");
    body.removeAttribute("data-edge");
  }
  function openPanel() {
    body.textContent = "";
    body.hidden = false;
    help.hidden = true;
    document.getElementById("panel").scrollTop = 0;
  }
  function timeLink(time, link) {
    if (!time) return null;
    var url = safeLink(link);
    if (!url) return el("span", time, "time");
    var a = el("a", time, "time");
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    a.title = "Play from " + time;
    return a;
  }
  function factButton(e) {
    var b = el("button", null, "fact");
    b.type = "button";
    b.appendChild(document.createTextNode(byId[e.from].label + " "));
    b.appendChild(el("span", e.label, "rel" + (e.former ? " former" : "")));
    b.appendChild(document.createTextNode(" " + byId[e.to].label));
    b.appendChild(el("span", " · " + plural(e.evidence.length, "quote", "quotes"), "muted"));
    b.addEventListener("click", function () { selectEdge(e.id); });
    return b;
  }

  function showNode(id) {
    var n = byId[id];
    if (!n) return;
    openPanel();
    body.setAttribute("data-node", id);
    var type = data.types.filter(function (t) { return t.name === n.topType; })[0];
    body.appendChild(el("h2", n.label, "node-label"));
    var kind = el("div", null, "kind");
    if (type) kind.appendChild(swatch(type.shape, type.colour));
    kind.appendChild(el("span", n.kgType === n.topType ? n.kgType : n.kgType + " (" + n.topType + ")", "node-type"));
    body.appendChild(kind);
    var kv = el("dl", null, "facts-kv");
    kv.appendChild(el("dt", "Mentions"));
    kv.appendChild(el("dd", n.mentions, "node-mentions"));
    n.perEpisode.forEach(function (pe) {
      if (!pe.time) return;
      var ep = episodeById[pe.episode];
      kv.appendChild(el("dt", "First heard"));
      var dd = el("dd");
      dd.appendChild(timeLink(pe.time, pe.link));
      if (data.episodes.length > 1 && ep) dd.appendChild(el("span", " in " + ep.title, "muted"));
      kv.appendChild(dd);
    });
    body.appendChild(kv);
    body.appendChild(el("h3", "Heard as"));
    if (n.variants.length) {
      var chips = el("ul", null, "chips variants");
      n.variants.forEach(function (v) { chips.appendChild(el("li", v)); });
      body.appendChild(chips);
    } else {
      body.appendChild(el("p", "Only by its canonical name.", "muted variants"));
    }
    if (data.episodes.length > 1) {
      body.appendChild(el("h3", "Episodes"));
      var eps = el("ul", null, "facts");
      n.perEpisode.forEach(function (pe) {
        var ep = episodeById[pe.episode];
        eps.appendChild(el("li", (ep ? ep.title : pe.episode) + " · " + plural(pe.count, "mention", "mentions")));
      });
      body.appendChild(eps);
    }
    var facts = data.edges.filter(function (e) { return e.from === id || e.to === id; });
    body.appendChild(el("h3", "Facts (" + facts.length + ")"));
    if (facts.length) {
      var ul = el("ul", null, "facts node-facts");
      facts.forEach(function (e) { var li = el("li"); li.appendChild(factButton(e)); ul.appendChild(li); });
      body.appendChild(ul);
    } else {
      body.appendChild(el("p", "No relation to another entity was stated.", "muted"));
    }
  }

  function showEdge(id) {
    var e = edgeById[id];
    if (!e) return;
    openPanel();
    body.setAttribute("data-edge", id);
    var h = el("h2", null, "edge-title");
    h.appendChild(document.createTextNode(byId[e.from].label + " "));
    h.appendChild(el("span", e.label, "rel" + (e.former ? " former" : "")));
    h.appendChild(document.createTextNode(" " + byId[e.to].label));
    body.appendChild(h);
    body.appendChild(el("div", e.former ? "A former relation" : "A current relation", "kind"));
    var kv = el("dl", null, "facts-kv");
    kv.appendChild(el("dt", "Confidence"));
    kv.appendChild(el("dd", Math.round(e.confidence * 100) + "%"));
    if (e.startYear) { kv.appendChild(el("dt", "Since")); kv.appendChild(el("dd", e.startYear)); }
    if (e.duration) { kv.appendChild(el("dt", "For")); kv.appendChild(el("dd", e.duration)); }
    body.appendChild(kv);
    body.appendChild(el("h3", "Evidence (" + e.evidence.length + ")"));
    var list = el("ul", null, "evidence");
    e.evidence.forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("blockquote", "\u201c" + ev.quote + "\u201d", "quote"));
      var who = el("div", null, "who");
      who.appendChild(document.createTextNode("\u2014 " + (ev.speaker || "from the episode title")));
      var t = timeLink(ev.time, ev.link);
      if (t) { who.appendChild(document.createTextNode(" at ")); who.appendChild(t); }
      var ep = episodeById[ev.episode];
      if (data.episodes.length > 1 && ep) who.appendChild(document.createTextNode(" · " + ep.title));
      li.appendChild(who);
      li.appendChild(el("div", "rule " + ev.rule + " · " + Math.round(ev.confidence * 100) + "%", "rule"));
      list.appendChild(li);
    });
    body.appendChild(list);
    var ends = el("p");
    [e.from, e.to].forEach(function (nid) {
      var b = el("button", byId[nid].label, "fact");
      b.type = "button";
      b.style.display = "inline-block";
      b.addEventListener("click", function () { focusNode(nid); });
      ends.appendChild(b);
    });
    body.appendChild(ends);
  }

  function selectEdge(id) {
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    showEdge(id);
  }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }
  kg.showNode = showNode;
  kg.showEdge = showEdge;
  kg.focusNode = focusNode;

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else clearPanel();
  });

  // --- search --------------------------------------------------------------------------
  var names = document.getElementById("names");
  var labels = data.nodes.map(function (n) { return n.label; }).sort(function (a, b) { return a.localeCompare(b); });
  labels.forEach(function (l) { var o = document.createElement("option"); o.value = l; names.appendChild(o); });
  var search = document.getElementById("search");
  var status = document.getElementById("search-status");

  function fold(s) { return String(s).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); }
  /** The best node for a query: exact name, exact heard-as, then name prefix, name substring, heard-as substring. */
  function find(query) {
    var q = fold(query.trim());
    if (!q) return null;
    var tests = [
      function (n) { return fold(n.label) === q; },
      function (n) { return n.variants.some(function (v) { return fold(v) === q; }); },
      function (n) { return fold(n.label).indexOf(q) === 0; },
      function (n) { return fold(n.label).indexOf(q) >= 0; },
      function (n) { return n.variants.some(function (v) { return fold(v).indexOf(q) >= 0; }); }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hits = data.nodes.filter(tests[i]);
      if (hits.length) {
        hits.sort(function (a, b) { return (b.mentions - a.mentions) || a.label.localeCompare(b.label); });
        var visibleHits = hits.filter(function (n) { return shown[n.id]; });
        return visibleHits.length ? visibleHits[0] : { hidden: hits[0] };
      }
    }
    return null;
  }
  kg.find = find;
  function runSearch() {
    var hit = find(search.value);
    if (!search.value.trim()) { status.textContent = ""; return; }
    if (!hit) { status.textContent = "No entity matches \u201c" + search.value.trim() + "\u201d"; return; }
    if (hit.hidden) { status.textContent = hit.hidden.label + " is hidden by a filter"; return; }
    status.textContent = "";
    focusNode(hit.id);
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runSearch(); } });
  search.addEventListener("change", runSearch);
  search.addEventListener("input", function () {
    // picking an entry of the list completes the name exactly: focus it at once
    var q = fold(search.value.trim());
    if (q && data.nodes.some(function (n) { return fold(n.label) === q; })) runSearch();
    else status.textContent = "";
  });
})();
