"""Non-RDF exports of the model: GraphML (Gephi, yEd) and JSON node-link."""

from __future__ import annotations

import io
import json

import networkx as nx

from kg.graph.merge import edge_confidence, mention_count


def simple_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes (what GraphML can hold), deterministic order."""
    out = nx.MultiDiGraph()
    for key in sorted(g.nodes):
        n = g.nodes[key]
        out.add_node(key, label=n["label"], type=n["type"], top_type=n["top_type"], mentions=mention_count(g, key),
                     variants="; ".join(n["variants"]), method=n["method"])
    for s, o, pred, data in sorted(g.edges(keys=True, data=True)):
        first = data["evidence"][0][1] if data["evidence"] else None
        out.add_edge(s, o, key=pred, predicate=pred, confidence=edge_confidence(data["evidence"]),
                     evidence=len(data["evidence"]), quote=first.quote if first else "",
                     second=first.second if first and first.second is not None else -1.0)
    return out


def to_graphml(g: nx.MultiDiGraph) -> str:
    """GraphML text."""
    buf = io.BytesIO()
    nx.write_graphml(simple_graph(g), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def to_json(g: nx.MultiDiGraph) -> str:
    """JSON node-link: entities, facts with every evidence, episodes and speakers."""
    nodes = []
    for key in sorted(g.nodes):
        n = g.nodes[key]
        nodes.append({"id": key, "label": n["label"], "type": n["type"], "top_type": n["top_type"],
                      "mentions": mention_count(g, key), "variants": n["variants"], "method": n["method"],
                      "confidence": n["confidence"], "episodes": sorted(n["mentions"])})
    links = []
    for s, o, pred, data in sorted(g.edges(keys=True, data=True)):
        links.append({"source": s, "target": o, "predicate": pred, "confidence": edge_confidence(data["evidence"]),
                      "start_year": data.get("start_year"), "duration": data.get("duration"),
                      "evidence": [{"episode": stem, "quote": ev.quote, "utterance": ev.utterance, "second": ev.second,
                                    "speaker": ev.speaker, "rule": ev.rule, "confidence": ev.confidence}
                                   for stem, ev in data["evidence"]]})
    episodes = []
    for stem, ep in sorted(g.graph["episodes"].items()):
        speakers = g.graph["speakers"].get(stem, {})
        episodes.append({"id": stem, "title": ep.title, "show": ep.show, "date": ep.date, "media_url": ep.media_url,
                         "speakers": {label: {"person": sp.person, "confidence": sp.confidence, "role": sp.role,
                                              "evidence": sp.evidence} for label, sp in sorted(speakers.items())}})
    return json.dumps({"directed": True, "multigraph": True, "episodes": episodes, "nodes": nodes, "links": links},
                      indent=2, ensure_ascii=False) + "\n"
