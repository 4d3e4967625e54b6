"""The model as RDF in the ontology's terms, and every serialisation of it.

Entities are IRIs under a base namespace (slug of the canonical name). Each relation is stated as a
plain triple (s p o) and reified as a ``kgo:Assertion`` (rdf:subject / rdf:predicate / rdf:object)
whose ``kgo:evidence`` nodes hold quote, utterance index, speaker, second and media link. No blank
nodes: every node has an IRI derived from its content, so output is byte-for-byte reproducible.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .graph import edge_confidence, first_second, mention_count
from .resources import DEFAULT_BASE, ONTOLOGY_NS

KGO = Namespace(ONTOLOGY_NS)
SCHEMA = Namespace("http://schema.org/")
CONTEXT = {
    "kgo": ONTOLOGY_NS, "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "skos": str(SKOS),
    "schema": str(SCHEMA), "prov": str(PROV), "dcterms": str(DCTERMS),
}
RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 3))), datatype=XSD.decimal)


class Namer:
    """IRIs for everything kg writes, under one base namespace."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, key: str) -> URIRef:
        return URIRef(f"{self.base}{key}")

    def episode(self, stem: str) -> URIRef:
        return URIRef(f"{self.base}episode/{stem}")

    def speaker(self, stem: str, label: str) -> URIRef:
        return URIRef(f"{self.base}episode/{stem}/speaker/{label}")

    def assertion(self, s: str, p: str, o: str) -> URIRef:
        return URIRef(f"{self.base}assertion/{_digest(s, p, o)}")

    def evidence(self, stem: str, utterance: int, rule: str, s: str, p: str, o: str) -> URIRef:
        return URIRef(f"{self.base}evidence/{stem}/{utterance}-{_digest(rule, s, p, o)}")


def to_dataset(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Dataset:
    """The model as an RDF dataset: one named graph per episode (its mentions, speakers, facts,
    evidence) and the default graph holding the merged entities."""
    names = Namer(base)
    ds = Dataset()
    for prefix, ns in CONTEXT.items():
        ds.bind(prefix, ns)
    default = ds.default_graph if hasattr(ds, "default_graph") else ds.default_context
    episode_graphs: dict[str, Graph] = {}
    for stem, ep in sorted(g.graph["episodes"].items()):
        eg = ds.graph(names.episode(stem))
        episode_graphs[stem] = eg
        e = names.episode(stem)
        eg.add((e, RDF.type, KGO.Episode))
        if ep.title:
            eg.add((e, DCTERMS.title, Literal(ep.title)))
            eg.add((e, RDFS.label, Literal(ep.title)))
        if ep.show:
            eg.add((e, KGO.show, Literal(ep.show)))
        if ep.date:
            eg.add((e, DCTERMS.date, Literal(ep.date)))
        if ep.media_url:
            eg.add((e, KGO.mediaUrl, URIRef(ep.media_url)))
        eg.add((e, DCTERMS.source, Literal(ep.stem)))
        for label, sp in sorted(g.graph["speakers"].get(stem, {}).items()):
            s = names.speaker(stem, label)
            eg.add((e, KGO.hasSpeaker, s))
            eg.add((s, RDF.type, KGO.Speaker))
            eg.add((s, KGO.speakerLabel, Literal(label)))
            name = g.nodes[sp.person]["label"] if sp.person and sp.person in g else (sp.role or "speaker")
            eg.add((s, RDFS.label, Literal(f"{name} ({label})")))
            if sp.role:
                eg.add((s, KGO.role, Literal(sp.role)))
            if sp.person and sp.person in g:
                eg.add((s, KGO.identifiedAs, names.entity(sp.person)))
                eg.add((s, KGO.confidence, _decimal(sp.confidence)))
                if sp.evidence:
                    eg.add((s, KGO.quote, Literal(sp.evidence)))

    for key in sorted(g.nodes):
        node = g.nodes[key]
        n = names.entity(key)
        default.add((n, RDF.type, KGO[node["type"]]))
        default.add((n, RDFS.label, Literal(node["label"])))
        default.add((n, SKOS.prefLabel, Literal(node["label"])))
        for v in node["variants"]:
            default.add((n, SKOS.hiddenLabel, Literal(v)))
        default.add((n, KGO.mentionCount, Literal(mention_count(g, key))))
        sec = first_second(g, key)
        if sec is not None:
            default.add((n, KGO.firstMentionSecond, _decimal(sec)))
        default.add((n, KGO.matchMethod, Literal(node["method"])))
        default.add((n, KGO.confidence, _decimal(node["confidence"])))
        if node.get("lexicon_key"):
            default.add((n, KGO.lexiconEntry, URIRef(f"https://w3id.org/kg/lexicon/{node['lexicon_key']}")))
        for stem in sorted(node["mentions"]):
            episode_graphs[stem].add((n, KGO.mentionedIn, names.episode(stem)))

    for s, o, pred, data in sorted(g.edges(keys=True, data=True)):
        p = KGO[pred]
        a = names.assertion(s, pred, o)
        default.add((names.entity(s), p, names.entity(o)))
        default.add((a, RDF.type, KGO.Assertion))
        default.add((a, RDF.subject, names.entity(s)))
        default.add((a, RDF.predicate, p))
        default.add((a, RDF.object, names.entity(o)))
        default.add((a, KGO.confidence, _decimal(edge_confidence(data["evidence"]))))
        if data.get("start_year"):
            default.add((a, KGO.startYear, Literal(data["start_year"], datatype=XSD.gYear)))
        if data.get("duration"):
            default.add((a, KGO.duration, Literal(data["duration"])))
        for stem, ev in data["evidence"]:
            eg = episode_graphs[stem]
            ep = g.graph["episodes"][stem]
            v = names.evidence(stem, ev.utterance, ev.rule, s, pred, o)
            eg.add((names.entity(s), p, names.entity(o)))
            eg.add((a, KGO.evidence, v))
            eg.add((v, RDF.type, KGO.Evidence))
            eg.add((v, KGO.quote, Literal(ev.quote)))
            if ev.utterance >= 0:
                eg.add((v, KGO.utteranceIndex, Literal(ev.utterance)))
            else:
                eg.add((v, KGO.fromTitle, Literal(True)))
            eg.add((v, KGO.rule, Literal(ev.rule)))
            eg.add((v, KGO.confidence, _decimal(ev.confidence)))
            eg.add((v, KGO.inEpisode, names.episode(stem)))
            if ev.second is not None:
                eg.add((v, KGO.startSecond, _decimal(ev.second)))
                link = _media_link(ep.media_url, ev.second)
                if link:
                    eg.add((v, KGO.mediaLink, URIRef(link)))
            if ev.speaker:
                eg.add((v, KGO.saidBy, names.speaker(stem, ev.speaker)))
    return ds


def _media_link(url: str | None, second: float) -> str | None:
    if not url:
        return None
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}t={int(second)}s"


def flatten(ds: Dataset) -> Graph:
    """All quads of a dataset as one graph (what Turtle, N-Triples and JSON-LD hold)."""
    out = Graph()
    for prefix, ns in CONTEXT.items():
        out.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


def serialize(ds: Dataset, fmt: str, flat: Graph | None = None) -> str:
    """One RDF serialisation (ttl, nt, jsonld, trig, nq) as text, stable for the same input.

    ``flat`` is ``flatten(ds)`` when the caller has it already (several formats of one dataset)."""
    if fmt in ("nt", "nq"):
        data = ((flat or flatten(ds)) if fmt == "nt" else ds).serialize(format=RDF_FORMATS[fmt])
        lines = sorted(set(line for line in data.splitlines() if line.strip()))
        return "\n".join(lines) + "\n"
    if fmt == "jsonld":
        data = json.loads((flat or flatten(ds)).serialize(format="json-ld", context=CONTEXT, auto_compact=True))
        return json.dumps(_sorted_jsonld(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if fmt == "trig":
        return sorted_trig(serialize(ds, "nq"))
    return (flat or flatten(ds)).serialize(format="turtle")


def sorted_trig(nquads: str) -> str:
    """TriG of N-Quads text with graphs, subjects and statements in sorted order (default graph first).

    rdflib's TriG writer orders named graphs by hash, which changes from process to process; this
    writer gives the same bytes for the same quads in any process.
    """
    import pyoxigraph as ox

    quads = list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    quads.sort(key=lambda q: (not isinstance(q.graph_name, ox.DefaultGraph), str(q.graph_name), str(q.subject),
                              str(q.predicate), str(q.object)))
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(CONTEXT)).decode("utf-8")


def _sorted_jsonld(data):
    if isinstance(data, dict):
        out = {k: _sorted_jsonld(v) for k, v in data.items()}
        if "@graph" in out and isinstance(out["@graph"], list):
            out["@graph"] = sorted(out["@graph"], key=lambda n: n.get("@id", ""))
        return out
    if isinstance(data, list):
        items = [_sorted_jsonld(v) for v in data]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return data
