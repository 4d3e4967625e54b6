"""A graph as text in each output format: RDF (Turtle, N-Triples, JSON-LD, TriG, N-Quads), GraphML,
JSON and the HTML page. Used by the collection build and by the per-episode stage in worker processes."""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from kg.graph.exports import to_graphml, to_json
from kg.graph.merge import build_graph
from kg.model import EpisodeResult
from kg.graph.rdf import flatten, nquads, serialize, sorted_trig, to_dataset
from kg.resources import DEFAULT_BASE
from kg.graph.view import to_html


def render(g: nx.MultiDiGraph, fmt: str, base: str = DEFAULT_BASE, title: str = "kg") -> str:
    """One output format of a graph as text."""
    if fmt == "graphml":
        return to_graphml(g)
    if fmt == "json":
        return to_json(g)
    if fmt == "html":
        return to_html(g, title=title)
    return serialize(to_dataset(g, base), fmt)


def render_all(g: nx.MultiDiGraph, formats: Iterable[str], base: str = DEFAULT_BASE, title: str = "kg") -> dict[str, str]:
    """Several output formats of one graph, building its RDF dataset (and flat graph) once for all."""
    out: dict[str, str] = {}
    ds = flat = nq = None
    for fmt in formats:
        if fmt in ("graphml", "json", "html"):
            out[fmt] = render(g, fmt, base, title)
            continue
        if fmt in ("nq", "trig"):
            nq = nq if nq is not None else nquads(g, base)
            out[fmt] = nq if fmt == "nq" else sorted_trig(nq)
            continue
        ds = ds if ds is not None else to_dataset(g, base)
        if fmt in ("ttl", "nt", "jsonld"):
            flat = flat if flat is not None else flatten(ds)
        out[fmt] = serialize(ds, fmt, flat)
    return out


def render_collection(results: list[EpisodeResult], base: str = DEFAULT_BASE) -> dict[str, str]:
    """The collection dataset as TriG and N-Quads: a named graph per episode, merged entities in the default graph."""
    nq = nquads(build_graph(results), base)
    return {"nq": nq, "trig": sorted_trig(nq)}
