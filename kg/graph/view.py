"""The browser view: one self-contained HTML page to explore a graph, offline, from ``file://``.

pyvis builds the network data (nodes, edges, options); the page itself is kg's own template
(``kg/graph/templates/view.html``, ``view.js``, ``view.css``) with vis-network's JS and CSS inlined from
pyvis's package: no CDN, no Bootstrap, no request leaves the file. Everything the page shows is
in one JSON ``<script type="application/json">`` tag and rendered with ``textContent``, so transcript
words can never become markup. The same graph always gives the same bytes.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kg.graph.merge import edge_confidence, mention_count

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_VERSION = "9.1.2"

COLOURS = {"Person": "#e4572e", "Organization": "#3b8ea5", "Product": "#5c9e31", "Place": "#e0a100"}
SHAPES = {"Person": "dot", "Organization": "square", "Product": "diamond", "Place": "triangle"}
OTHER_COLOURS = ("#8e6c8a", "#6d7b8d", "#b5651d", "#2a9d8f", "#9c6644")
OTHER_SHAPES = ("star", "hexagon", "triangleDown", "ellipse", "box")
EDGE_COLOUR = "#56636e"
FORMER_COLOUR = "#a9b2ba"
LAYOUT_BUDGET_MS = 900  # the page stops laying out after this long, settled or not
LARGE = 300  # nodes above which the page switches to the cheap layout and drawing settings


def is_former(predicate: str) -> bool:
    """True for relations that held in the past (``formerlyWorkedFor``): drawn dashed and pale."""
    return predicate.startswith(("formerly", "former"))


def relation_label(predicate: str) -> str:
    """A predicate in words: ``formerlyWorkedFor`` -> ``formerly worked for``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", predicate).lower()


def clock(second: float | None) -> str:
    """A second of audio as ``HH:MM:SS`` ('' when unknown)."""
    if second is None:
        return ""
    s = int(second)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def media_link(url: str | None, second: float | None) -> str | None:
    """The media URL at ``second`` (``...watch?v=X&t=61s``), or None without an http(s) URL or a second."""
    return _at_second(_http_url(url), second)


def _http_url(url: str | None) -> str | None:
    """The URL when it is an http(s) one (the only kind the page links to), else None."""
    return url if url and re.match(r"https?://", url, re.I) else None


def _at_second(url: str | None, second: float | None) -> str | None:
    """An http(s) URL (checked already) at ``second``; None without either."""
    if not url or second is None:
        return None
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}t={int(second)}s"


def node_size(count: int) -> int:
    """Drawn size of a node with ``count`` mentions: grows with the log of the count, capped."""
    return min(48, round(8 + 6 * math.log2(1 + max(0, count))))


def type_style(top_types: list[str]) -> dict[str, tuple[str, str]]:
    """Colour and vis shape of each top type; types outside the four known ones get spare styles."""
    style = {t: (COLOURS[t], SHAPES[t]) for t in COLOURS}
    spare = [t for t in sorted(set(top_types)) if t not in style]
    for i, t in enumerate(spare):
        style[t] = (OTHER_COLOURS[i % len(OTHER_COLOURS)], OTHER_SHAPES[i % len(OTHER_SHAPES)])
    return style


def speaker_name(g: nx.MultiDiGraph, stem: str, label: str | None) -> str:
    """Who said it: the identified person's canonical name, else the label and role ('SPEAKER_01 (host)')."""
    if not label:
        return ""
    sp = g.graph.get("speakers", {}).get(stem, {}).get(label)
    if sp is None:
        return label
    if sp.person and sp.person in g:
        return g.nodes[sp.person]["label"]
    return f"{label} ({sp.role})" if sp.role else label


def seed_layout(g: nx.MultiDiGraph, spacing: float = 40.0) -> dict[str, tuple[int, int]]:
    """Starting positions for a large graph, so the browser needs few physics iterations: each
    connected component as a radial tree (breadth-first from its best-connected entity, one ring per
    depth, a disc of even density, each ring ordered by parent so siblings sit together), components on a spiral round the
    largest. Pure and deterministic: integer coordinates from sorted keys."""
    u = nx.Graph()
    u.add_nodes_from(g.nodes)
    u.add_edges_from((s, o) for s, o in g.edges() if s != o)
    degree = dict(u.degree())
    components = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), c[0]))
    pos: dict[str, tuple[int, int]] = {}
    placed_radius = 0.0
    k = 0
    for comp in components:
        root = min(comp, key=lambda n: (-degree[n], n))
        angle = {root: 0.0}
        layers = [[root]]
        seen = {root}
        while True:
            nxt = []
            for parent in sorted(layers[-1], key=lambda n: angle[n]):
                for child in sorted(u.adj[parent], key=lambda n: (-degree[n], n)):
                    if child not in seen:
                        seen.add(child)
                        angle[child] = angle[parent]
                        nxt.append(child)
            if not nxt:
                break
            layers.append(nxt)
        local: dict[str, tuple[float, float]] = {root: (0.0, 0.0)}
        radius = 0.0
        inside = 1
        for layer in layers[1:]:
            inside += len(layer)  # the disc holding this ring and those within has room for each node
            radius = max(radius + spacing, spacing * math.sqrt(inside))
            for i, n in enumerate(layer):  # layer is ordered by parent angle, so siblings stay together
                a = 2 * math.pi * (i + 0.5) / len(layer)
                angle[n] = a
                local[n] = (radius * math.cos(a), radius * math.sin(a))
        if k == 0:
            cx = cy = 0.0
            placed_radius = radius + spacing
        else:  # the next free spot on a spiral around the first component
            step = radius + spacing
            theta = k * 2.39996  # the golden angle: successive components spread all round
            dist = placed_radius + step + spacing * math.sqrt(k)
            cx, cy = dist * math.cos(theta), dist * math.sin(theta)
        k += 1
        for n, (x, y) in local.items():
            pos[n] = (round(cx + x), round(cy + y))
    return pos


def physics_options(n_nodes: int, n_edges: int) -> dict:
    """vis-network options: a bounded stabilisation (the page turns physics off when it ends), and
    cheaper settings for large graphs so that 2,000 nodes are interactive within seconds."""
    large = n_nodes > LARGE
    options: dict = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1f2328",
                                             "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": EDGE_COLOUR, "highlight": "#1f2328", "hover": "#1f2328", "inherit": False},
            "font": {"size": 11, "face": "system-ui, sans-serif", "color": "#3d4852", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "align": "horizontal"},
            "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.3},
            "selectionWidth": 2,
            "width": 1.4,
        },
        "interaction": {"hover": not large, "tooltipDelay": 200, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "navigationButtons": False, "keyboard": False,
                        "multiselect": False},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "adaptiveTimestep": not large,
            "barnesHut": {"theta": 0.5 if not large else 0.9,
                          "gravitationalConstant": -2600 if not large else -3000,
                          "centralGravity": 0.9 if not large else 0.3,
                          "springLength": 120 if not large else 90, "springConstant": 0.04, "damping": 0.35,
                          "avoidOverlap": 0.6 if not large else 0.0},
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": 400 if not large else 60,
                              "updateInterval": 1000 if not large else 5, "fit": True, "onlyDynamicEdges": False},
        },
    }
    return options


def page_data(g: nx.MultiDiGraph, title: str = "kg") -> dict:
    """Everything the page shows, as plain JSON-able data: built with pyvis, sorted, deterministic.

    Nodes carry their vis look (label, colour, shape, size) and what the side panel shows (type,
    variants, mentions per episode); edges carry their relation, style and every evidence quote with
    speaker, ``HH:MM:SS`` and a media link at that second when the episode has a media URL.
    """
    episodes = g.graph.get("episodes", {})
    media = {stem: _http_url(ep.media_url) for stem, ep in episodes.items()}  # checked once an episode
    style = type_style([g.nodes[k]["top_type"] for k in g.nodes])
    net = Network(directed=True, cdn_resources="in_line")
    counts = _add_nodes(net, g, style, media)
    _add_edges(net, g, media)
    net.options = physics_options(len(net.nodes), len(net.edges))
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    shows = sorted({ep.show for ep in episodes.values() if ep.show})
    return {
        "title": title,
        "subtitle": " · ".join(shows),
        "episodes": [{"id": stem, "title": ep.title or stem, "show": ep.show, "date": ep.date,
                      "mediaUrl": ep.media_url if media[stem] else None}
                     for stem, ep in sorted(episodes.items())],
        "types": [{"name": t, "colour": style[t][0], "shape": style[t][1], "count": counts[t]}
                  for t in sorted(counts, key=lambda t: (list(COLOURS).index(t) if t in COLOURS else 99, t))],
        "styles": {"edge": EDGE_COLOUR, "former": FORMER_COLOUR},
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "layoutBudgetMs": LAYOUT_BUDGET_MS,
    }


def _add_nodes(net: Network, g: nx.MultiDiGraph, style: dict[str, tuple[str, str]],
               media: dict[str, str | None]) -> dict[str, int]:
    """Add each entity as a vis node: its look (colour and shape by top type, size by mentions, a seeded
    place in a large graph) and its side-panel data; return how many entities each top type has."""
    seeds = seed_layout(g) if g.number_of_nodes() > LARGE else {}
    counts: dict[str, int] = defaultdict(int)
    for key in sorted(g.nodes):
        n = g.nodes[key]
        count = mention_count(g, key)
        counts[n["top_type"]] += 1
        colour, shape = style[n["top_type"]]
        size = node_size(count) if shape == "dot" else round(node_size(count) * 0.8)
        place = {"x": seeds[key][0], "y": seeds[key][1]} if seeds else {}
        net.add_node(key, label=n["label"], shape=shape, size=size, **place,
                     color=colour,
                     kgType=n["type"], topType=n["top_type"], mentions=count, variants=list(n["variants"]),
                     episodes=sorted(n["mentions"]), perEpisode=_per_episode(n["mentions"], media))
    return counts


def _per_episode(mentions: dict, media: dict[str, str | None]) -> list[dict]:
    """An entity's mentions per episode: how many, the first second (as a clock and a media link)."""
    out = []
    for stem in sorted(mentions):
        seconds = [m.second for m in mentions[stem] if m.second is not None]
        first = min(seconds) if seconds else None
        out.append({"episode": stem, "count": len(mentions[stem]), "time": clock(first),
                    "link": _at_second(media.get(stem), first)})
    return out


def _add_edges(net: Network, g: nx.MultiDiGraph, media: dict[str, str | None]) -> None:
    """Add each relation as a vis edge with its words, evidence and confidence; several relations between
    the same two entities are bent apart, former ones drawn dashed and pale."""
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    edge_list = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for s, o, _, _ in edge_list:
        pairs[tuple(sorted((s, o)))] += 1
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for i, (s, o, pred, data) in enumerate(edge_list):
        former = is_former(pred)
        evidence = [{"episode": stem, "quote": ev.quote, "speaker": speaker_name(g, stem, ev.speaker),
                     "second": ev.second, "time": clock(ev.second),
                     "link": _at_second(media.get(stem), ev.second),
                     "rule": ev.rule, "confidence": ev.confidence}
                    for stem, ev in data.get("evidence", [])]
        extra: dict = {}
        pair = tuple(sorted((s, o)))
        if pairs[pair] > 1:  # several relations between the same two entities: bend them apart
            seen[pair] += 1
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.15 * seen[pair], 2)}
        if former:
            extra.update(dashes=[6, 4], color={"color": FORMER_COLOUR, "highlight": "#1f2328", "hover": "#1f2328"})
        net.add_edge(s, o, id=f"e{i}", label=relation_label(pred), predicate=pred, former=former,
                     confidence=edge_confidence(data.get("evidence", [])), startYear=data.get("start_year"),
                     duration=data.get("duration"), evidence=evidence,
                     episodes=sorted({e["episode"] for e in evidence}), **extra)


def _json_for_script(data: dict) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left to close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=None)
def _asset(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped in pyvis's package (inlined into every page)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    return _asset(str(lib / "vis-network.min.js")), _asset(str(lib / "vis-network.css"))


def _inline_safe(code: str, tag: str) -> str:
    """Code that cannot end its ``<script>``/``<style>`` element early."""
    return re.sub(rf"</(?={tag})", r"<\\/", code, flags=re.I)


def to_html(g: nx.MultiDiGraph, title: str = "kg") -> str:
    """The page as a string: a typed, searchable, filterable graph with evidence in a side panel."""
    vis_js, vis_css = vis_assets()
    parts = {
        "TITLE": html.escape(title),
        "VIS_CSS": _inline_safe(vis_css, "style"),
        "VIEW_CSS": _inline_safe(_asset(str(TEMPLATES / "view.css")), "style"),
        "VIS_JS": _inline_safe(vis_js, "script"),
        "VIEW_JS": _inline_safe(_asset(str(TEMPLATES / "view.js")), "script"),
        "DATA": _json_for_script(page_data(g, title)),
    }
    template = _asset(str(TEMPLATES / "view.html"))
    # one pass, so that nothing inserted is ever read as a placeholder
    return re.sub(r"@@KG_([A-Z_]+)@@", lambda m: parts[m.group(1)], template)
