"""The model as RDF in the ontology's terms, and every serialisation of it.

Entities are IRIs under a base namespace (slug of the canonical name). Each relation is stated as a
plain triple (s p o) and reified as a ``kgo:Assertion`` (rdf:subject / rdf:predicate / rdf:object)
whose ``kgo:evidence`` nodes hold quote, utterance index, speaker, second and media link. No blank
nodes: every node has an IRI derived from its content, so output is byte-for-byte reproducible.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.plugins.serializers.nquads import _nq_row  # rdflib's own row writer: the same bytes as its nquads
from rdflib.term import Node

from kg.graph.iri import Namer, media_iri, media_link, mint
from kg.graph.merge import edge_confidence, first_second, mention_count
from kg.resources import DEFAULT_BASE, LEXICON_NS, ONTOLOGY_NS

KGO = Namespace(ONTOLOGY_NS)
SCHEMA = Namespace("http://schema.org/")
CONTEXT = {
    "kgo": ONTOLOGY_NS, "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "skos": str(SKOS),
    "schema": str(SCHEMA), "prov": str(PROV), "dcterms": str(DCTERMS),
}

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


def _text(value: str) -> Literal:
    """A string literal that any RDF tool reads: a lone surrogate (a byte of a file name or transcript
    that was not UTF-8) becomes U+FFFD, other characters are kept as they are."""
    try:
        value.encode("utf-8")  # fast path: no lone surrogate
    except UnicodeEncodeError:
        value = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)
    return Literal(value)


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 3))), datatype=XSD.decimal)


Quad = tuple[Node, Node, Node, "URIRef | None"]


def quads(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Iterator[Quad]:
    """Every statement of the model's RDF dataset as ``(s, p, o, graph)``: ``graph`` is the episode's
    named graph for its mentions, speakers and evidence, ``None`` (the default graph) for the merged
    entities, the relation triples and their assertions. Each triple is in one graph only, so a query
    over the union of graphs sees each fact once. May repeat a quad; the dataset is the set of them."""
    names = Namer(base)
    media = {stem: media_iri(ep.media_url) for stem, ep in g.graph["episodes"].items()}  # checked once an episode
    for stem, ep in sorted(g.graph["episodes"].items()):
        yield from _episode_quads(g, names, stem, ep, media[stem])
    for key in sorted(g.nodes):
        yield from _entity_quads(g, names, key)
    for s, o, pred, data in sorted(g.edges(keys=True, data=True)):
        yield from _relation_quads(names, s, o, pred, data, media)


def _episode_quads(g: nx.MultiDiGraph, names: Namer, stem: str, ep, media: str | None) -> Iterator[Quad]:
    """An episode in its own named graph: its header (title, show, date, media URL, source file) and
    its speakers, with who each one is when that was found and the cues that said so."""
    e = names.episode(stem)
    eg = e  # the episode's named graph has the episode's IRI
    yield (e, RDF.type, KGO.Episode, eg)
    if ep.title:
        yield (e, DCTERMS.title, _text(ep.title), eg)
        yield (e, RDFS.label, _text(ep.title), eg)
    if ep.show:
        yield (e, KGO.show, _text(ep.show), eg)
    if ep.date:
        yield (e, DCTERMS.date, _text(ep.date), eg)
    if media:
        yield (e, KGO.mediaUrl, URIRef(media), eg)
    yield (e, DCTERMS.source, _text(ep.stem), eg)
    for label, sp in sorted(g.graph["speakers"].get(stem, {}).items()):
        s = names.speaker(stem, label)
        yield (e, KGO.hasSpeaker, s, eg)
        yield (s, RDF.type, KGO.Speaker, eg)
        yield (s, KGO.speakerLabel, _text(label), eg)
        name = g.nodes[sp.person]["label"] if sp.person and sp.person in g else (sp.role or "speaker")
        yield (s, RDFS.label, _text(f"{name} ({label})"), eg)
        if sp.role:
            yield (s, KGO.role, _text(sp.role), eg)
        if sp.person and sp.person in g:
            yield (s, KGO.identifiedAs, names.entity(sp.person), eg)
            yield (s, KGO.confidence, _decimal(sp.confidence), eg)
            if sp.evidence:
                yield (s, KGO.quote, _text(sp.evidence), eg)
            yield from _speaker_cues(names, s, sp, stem, label, media, eg)


def _entity_quads(g: nx.MultiDiGraph, names: Namer, key: str) -> Iterator[Quad]:
    """A merged entity in the default graph (type, names, counts, how it was matched, its lexicon entry
    and Wikidata sameAs), and in each episode's graph that it is mentioned there."""
    node = g.nodes[key]
    n = names.entity(key)
    yield (n, RDF.type, KGO[node["type"]], None)
    yield (n, RDFS.label, _text(node["label"]), None)
    yield (n, SKOS.prefLabel, _text(node["label"]), None)
    for v in node["variants"]:
        yield (n, SKOS.hiddenLabel, _text(v), None)
    yield (n, KGO.mentionCount, Literal(mention_count(g, key)), None)
    sec = first_second(g, key)
    if sec is not None:
        yield (n, KGO.firstMentionSecond, _decimal(sec), None)
    yield (n, KGO.matchMethod, _text(node["method"]), None)
    yield (n, KGO.confidence, _decimal(node["confidence"]), None)
    if node.get("lexicon_key"):
        yield (n, KGO.lexiconEntry, URIRef(mint(LEXICON_NS, node["lexicon_key"])), None)
        for iri in node.get("same_as", ()):
            yield (n, OWL.sameAs, URIRef(iri), None)
    for stem in sorted(node["mentions"]):
        yield (n, KGO.mentionedIn, names.episode(stem), names.episode(stem))


def _relation_quads(names: Namer, s: str, o: str, pred: str, data: dict,
                    media: dict[str, str | None]) -> Iterator[Quad]:
    """A fact: the plain triple and its assertion in the default graph (confidence, start year,
    duration), each piece of evidence in its episode's graph."""
    p = KGO[pred]
    a = names.assertion(s, pred, o)
    yield (names.entity(s), p, names.entity(o), None)
    yield (a, RDF.type, KGO.Assertion, None)
    yield (a, RDF.subject, names.entity(s), None)
    yield (a, RDF.predicate, p, None)
    yield (a, RDF.object, names.entity(o), None)
    yield (a, KGO.confidence, _decimal(edge_confidence(data["evidence"])), None)
    if data.get("start_year"):
        yield (a, KGO.startYear, Literal(data["start_year"], datatype=XSD.gYear), None)
    if data.get("duration"):
        yield (a, KGO.duration, _text(data["duration"]), None)
    for stem, ev in data["evidence"]:
        yield from _evidence_quads(names, a, stem, ev, names.evidence(stem, ev.utterance, ev.rule, s, pred, o),
                                   media[stem])


def _evidence_quads(names: Namer, a: URIRef, stem: str, ev, v: URIRef, media: str | None) -> Iterator[Quad]:
    """One piece of evidence of assertion ``a`` in its episode's graph: the quote, where it was said
    (utterance, or the title), by whom, at which second (with a media link there), the rule that read it."""
    eg = names.episode(stem)
    yield (a, KGO.evidence, v, eg)
    yield (v, RDF.type, KGO.Evidence, eg)
    yield (v, KGO.quote, _text(ev.quote), eg)
    if ev.utterance >= 0:
        yield (v, KGO.utteranceIndex, Literal(ev.utterance), eg)
    else:
        yield (v, KGO.fromTitle, Literal(True), eg)
    yield (v, KGO.rule, _text(ev.rule), eg)
    if ev.from_ad:
        yield (v, KGO.fromAd, Literal(True), eg)
    yield (v, KGO.confidence, _decimal(ev.confidence), eg)
    yield (v, KGO.inEpisode, names.episode(stem), eg)
    if ev.second is not None:
        yield (v, KGO.startSecond, _decimal(ev.second), eg)
        if media:
            yield (v, KGO.mediaLink, URIRef(media_link(media, ev.second)), eg)
    if ev.speaker:
        yield (v, KGO.saidBy, names.speaker(stem, ev.speaker), eg)


def _speaker_cues(names: Namer, s: URIRef, sp, stem: str, label: str, media: str | None, eg) -> Iterator[Quad]:
    """The cues that identified a speaker: quote, utterance (or the title / the file), second, kind, weight."""
    for i, cue in enumerate(sp.cues):
        c = names.cue(stem, label, i)
        yield (s, KGO.identificationCue, c, eg)
        yield (c, RDF.type, KGO.IdentificationCue, eg)
        yield (c, KGO.quote, _text(cue.quote), eg)
        yield (c, KGO.rule, Literal(cue.kind), eg)
        yield (c, KGO.weight, _decimal(cue.weight), eg)
        if cue.utterance >= 0:
            yield (c, KGO.utteranceIndex, Literal(cue.utterance), eg)
        if cue.second is not None:
            yield (c, KGO.startSecond, _decimal(cue.second), eg)
            if media:
                yield (c, KGO.mediaLink, URIRef(media_link(media, cue.second)), eg)


def to_dataset(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Dataset:
    """The model as an rdflib Dataset: one named graph per episode (its mentions, speakers, evidence)
    and the default graph holding the merged entities and facts."""
    ds = Dataset()
    for prefix, ns in CONTEXT.items():
        ds.bind(prefix, ns)
    default = ds.default_graph if hasattr(ds, "default_graph") else ds.default_context
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, c in quads(g, base):
        if c is None:
            default.add((s, p, o))
        else:
            if c not in graphs:
                graphs[c] = ds.graph(c)
            graphs[c].add((s, p, o))
    return ds


def nquads(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> str:
    """The model's dataset as sorted N-Quads, written straight from :func:`quads` (no rdflib store:
    a collection of a hundred episodes in a fraction of the time); the same bytes as
    ``serialize(to_dataset(g), "nq")``."""
    rows = {_nq_row((s, p, o), c).rstrip("\n") for s, p, o, c in quads(g, base)}
    return "\n".join(sorted(rows)) + "\n"


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
        lines = sorted(set(line for line in data.split("\n") if line.strip()))  # not splitlines: \x85 may be in a literal
        return "\n".join(lines) + "\n"
    if fmt == "jsonld":
        data = json.loads((flat or flatten(ds)).serialize(format="json-ld", context=CONTEXT, auto_compact=True))
        return json.dumps(_sorted_jsonld(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if fmt == "trig":
        return sorted_trig(serialize(ds, "nq"))
    return (flat or flatten(ds)).serialize(format="turtle")


def sorted_trig(nquads_text: str) -> str:
    """TriG of N-Quads text with graphs, subjects and statements in sorted order (default graph first).

    rdflib's TriG writer orders named graphs by hash, which changes from process to process; this
    writer gives the same bytes for the same quads in any process.
    """
    import pyoxigraph as ox

    quads = list(ox.parse(nquads_text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
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
