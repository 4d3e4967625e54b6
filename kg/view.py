"""The browser view: a self-contained HTML page (pyvis, vis-network inlined) that works offline."""

from __future__ import annotations

import html
import re

import networkx as nx
from pyvis.network import Network

from .graph import mention_count

COLOURS = {"Person": "#e4572e", "Organization": "#3b8ea5", "Product": "#76b041", "Place": "#f3a712"}
SHAPES = {"Person": "dot", "Organization": "square", "Product": "diamond", "Place": "triangle"}
FORMER = {"formerlyWorkedFor"}


def to_html(g: nx.MultiDiGraph, title: str = "kg") -> str:
    """The page as a string: nodes coloured by type, sized by mentions, edges labelled by relation."""
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    for key in sorted(g.nodes):
        n = g.nodes[key]
        count = mention_count(g, key)
        net.add_node(key, label=n["label"], color=COLOURS[n["top_type"]], shape=SHAPES[n["top_type"]],
                     size=10 + min(30, 3 * count), title=f"{n['type']} · {count} mentions")
    for s, o, pred, data in sorted(g.edges(keys=True, data=True)):
        quote = data["evidence"][0][1].quote if data["evidence"] else ""
        net.add_edge(s, o, label=pred, title=quote, dashes=pred in FORMER, arrows="to")
    net.toggle_physics(True)
    page = net.generate_html(notebook=False)
    page = re.sub(r"<link[^>]+(?:https?:)?//[^>]+>\s*", "", page)
    page = re.sub(r"<script[^>]+src=\"(?:https?:)?//[^\"]+\"[^>]*>\s*</script>\s*", "", page)
    return page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
