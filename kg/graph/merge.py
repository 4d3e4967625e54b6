"""The in-memory model: a networkx MultiDiGraph of entities and facts, merged across episodes.

Nodes are entity keys (slugs, stable across episodes and runs) with their attributes; edges are
facts keyed by predicate, each carrying its evidence list. Episodes and speakers are kept as graph
attributes. Merging is order-independent: results are sorted by episode stem first.
"""

from __future__ import annotations

import networkx as nx

from kg.model import EpisodeResult


def build_graph(results: list[EpisodeResult]) -> nx.MultiDiGraph:
    """Merge per-episode results into one graph; the same entity key in two episodes is one node."""
    g = nx.MultiDiGraph(episodes={}, speakers={})
    for result in sorted(results, key=lambda r: r.episode.stem):
        ep = result.episode
        g.graph["episodes"][ep.stem] = ep
        g.graph["speakers"][ep.stem] = result.speakers
        for key, ent in sorted(result.entities.items()):
            if key not in g:
                g.add_node(key, label=ent.label, type=ent.type, top_type=ent.top_type, lexicon_key=ent.lexicon_key,
                           same_as=list(ent.same_as),
                           mentions={}, variants=[], method=ent.method, confidence=ent.confidence)
            node = g.nodes[key]
            node["mentions"][ep.stem] = ent.mentions
            for v in ent.variants:
                if v not in node["variants"]:
                    node["variants"].append(v)
            node["confidence"] = max(node["confidence"], ent.confidence)
        for fact in result.facts:
            data = g.get_edge_data(fact.subject, fact.object, key=fact.predicate)
            if data is None:
                g.add_edge(fact.subject, fact.object, key=fact.predicate, predicate=fact.predicate, evidence=[],
                           start_year=fact.start_year, duration=fact.duration)
                data = g.get_edge_data(fact.subject, fact.object, key=fact.predicate)
            data["evidence"].extend((ep.stem, ev) for ev in fact.evidence)
            data["start_year"] = data["start_year"] or fact.start_year
            data["duration"] = data["duration"] or fact.duration
    return g


def mention_count(g: nx.MultiDiGraph, node: str) -> int:
    """Mentions of an entity over all episodes."""
    return sum(len(m) for m in g.nodes[node]["mentions"].values())


def first_second(g: nx.MultiDiGraph, node: str) -> float | None:
    """Second of the entity's first mention in the first episode that mentions it."""
    for stem in sorted(g.nodes[node]["mentions"]):
        seconds = [m.second for m in g.nodes[node]["mentions"][stem] if m.second is not None]
        if seconds:
            return min(seconds)
    return None


def edge_confidence(evidence: list) -> float:
    """Noisy-or of the evidence confidences of an edge."""
    p = 1.0
    for _, ev in evidence:
        p *= 1 - ev.confidence
    return round(1 - p, 3)
