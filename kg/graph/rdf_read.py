"""kg's RDF read back into the networkx model: the inverse of :mod:`kg.graph.rdf`.

``read_graph(paths)`` takes RDF files written by kg (Turtle, N-Triples, JSON-LD, TriG, N-Quads), one
or many, folders of them, or an Oxigraph store folder made by ``kg load``, and returns the
MultiDiGraph of :mod:`kg.graph.merge` (nodes with label/type/top_type/variants/mentions, edges keyed by
predicate with their evidence, episodes and speakers as graph attributes), so that every kg output
can be rendered by :mod:`kg.graph.view`.

What RDF does not keep is rebuilt as closely as it allows: per-mention rows become ``mentionCount``
placeholder mentions (text = canonical name; the first carries ``firstMentionSecond``); variants come
back sorted, not in order of first use; when one source covers several episodes, an entity's count is
spread over the episodes that mention it. Each source is read on its own and the results merged
(see :func:`merge_graphs`), so per-episode files keep their exact per-episode counts.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.errors import InputError
from kg.model import EpisodeInfo, Evidence, Mention, Speaker
from kg.serve.query import graph_files, load_store
from kg.resources import DEFAULT_BASE, LEXICON_NS, ONTOLOGY_NS

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCT_NS = "http://purl.org/dc/terms/"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDF_TYPE = RDF_NS + "type"
STRUCTURAL = {"Episode", "Speaker", "Assertion", "Evidence"}

Props = dict[str, dict[str, list]]


def read_graph(paths: list[str | Path]) -> nx.MultiDiGraph:
    """The model of every kg RDF source named: files, folders of files, or Oxigraph store folders.

    Raises :class:`InputError` for a missing path, a file that is not RDF or a folder without any.
    """
    graphs = [graph_from_store(store) for store in open_sources(paths)]
    return merge_graphs(graphs)


def open_sources(paths: list[str | Path]) -> list[ox.Store]:
    """One Oxigraph store per source: a store folder is opened read-only, each RDF file is loaded
    into its own in-memory store (so per-file facts, such as mention counts, stay apart)."""
    stores: list[ox.Store] = []
    files: list[str | Path] = []
    for p in map(Path, paths):
        if p.is_dir() and _is_store(p):
            from kg.serve.store import open_store

            stores.append(open_store(p))
        else:
            files.append(p)
    if files:
        stores.extend(load_store([f]) for f in graph_files(files))
    if not stores:
        raise InputError("no RDF files to read")
    return stores


def _is_store(path: Path) -> bool:
    try:
        from kg.serve.store import is_store
    except ImportError:  # pragma: no cover - the store module is optional
        return (path / "CURRENT").is_file()
    return is_store(path)


def properties(store: ox.Store) -> Props:
    """Every triple of a store (all graphs) as subject -> predicate -> sorted distinct objects."""
    props: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for q in store.quads_for_pattern(None, None, None, None):
        props[q.subject.value][q.predicate.value].add(q.object)
    return {s: {p: sorted(objs, key=lambda o: (type(o).__name__, o.value)) for p, objs in ps.items()}
            for s, ps in props.items()}


def _first(props: Props, s: str, p: str):
    values = props.get(s, {}).get(p, [])
    return values[0].value if values else None


def _all(props: Props, s: str, p: str) -> list[str]:
    return [o.value for o in props.get(s, {}).get(p, [])]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def base_of(props: Props) -> str:
    """The namespace the entities were written under, from the episode IRIs (``<base>episode/<stem>``)."""
    for s in sorted(props):
        if f"{ONTOLOGY_NS}Episode" in _all(props, s, RDF_TYPE) and "/episode/" in s:
            return s[: s.rindex("episode/")]
    return DEFAULT_BASE


def entity_key(iri: str, base: str) -> str:
    """The model's key of an entity IRI: the IRI without the base, else its last segment."""
    return iri[len(base):] if iri.startswith(base) and len(iri) > len(base) else _tail(iri)


def _kgo_types(props: Props, s: str) -> list[str]:
    return sorted(t[len(ONTOLOGY_NS):] for t in _all(props, s, RDF_TYPE) if t.startswith(ONTOLOGY_NS))


def graph_from_store(store: ox.Store) -> nx.MultiDiGraph:
    """The model held by one store (one kg RDF output, or a store of several)."""
    from kg.extract.names.lexicon import class_tree

    return graph_from_properties(properties(store), class_tree())


def graph_from_properties(props: Props, tops: dict[str, str]) -> nx.MultiDiGraph:
    """The model from a subject -> predicate -> objects index, given each class's top type."""
    base = base_of(props)
    g = nx.MultiDiGraph(episodes={}, speakers={}, spread=set())
    episode_stem, speaker_label = _read_episodes(props, g, base)
    entity_iris = _read_entities(props, g, base, tops, episode_stem)
    stated = _read_assertions(props, g, entity_iris, episode_stem, speaker_label)
    _read_plain_facts(props, g, entity_iris, stated)
    return g


def _read_episodes(props: Props, g: nx.MultiDiGraph, base: str) -> tuple[dict[str, str], dict[str, str]]:
    """Put each episode (its stem from ``dcterms:source``, else its IRI) and its speakers into the
    graph's attributes; return episode IRI -> stem and speaker IRI -> label, for the evidence."""
    kgo = ONTOLOGY_NS
    episode_stem: dict[str, str] = {}
    for s in sorted(props):
        if f"{kgo}Episode" in _all(props, s, RDF_TYPE):
            episode_stem[s] = _first(props, s, DCT_NS + "source") or _tail(s)
    speaker_label: dict[str, str] = {}
    for e, stem in sorted(episode_stem.items(), key=lambda kv: kv[1]):
        g.graph["episodes"][stem] = EpisodeInfo(
            stem=stem, source=stem, title=_first(props, e, DCT_NS + "title") or _first(props, e, RDFS_NS + "label"),
            show=_first(props, e, kgo + "show"), date=_first(props, e, DCT_NS + "date"),
            media_url=_first(props, e, kgo + "mediaUrl"))
        speakers: dict[str, Speaker] = {}
        for sp in _all(props, e, kgo + "hasSpeaker"):
            label = _first(props, sp, kgo + "speakerLabel") or _tail(sp)
            speaker_label[sp] = label
            person = _first(props, sp, kgo + "identifiedAs")
            speakers[label] = Speaker(label=label, person=entity_key(person, base) if person else None,
                                      confidence=_float(_first(props, sp, kgo + "confidence")) or 0.0,
                                      evidence=_first(props, sp, kgo + "quote"), role=_first(props, sp, kgo + "role"))
        g.graph["speakers"][stem] = dict(sorted(speakers.items()))
    return episode_stem, speaker_label


def _entity_type(props: Props, s: str, tops: dict[str, str]) -> str | None:
    """The type of an entity node: its most specific kgo class under a top type, else a top type, else any
    non-structural kgo class if it has a mention count. None for a node that is no entity."""
    types = [t for t in _kgo_types(props, s) if t not in STRUCTURAL]
    if not types or not (_all(props, s, ONTOLOGY_NS + "mentionCount") or any(t in tops for t in types)):
        return None
    known = [t for t in types if t in tops]
    return ([t for t in known if tops[t] != t] or known or types)[0]


def _read_entities(props: Props, g: nx.MultiDiGraph, base: str, tops: dict[str, str],
                   episode_stem: dict[str, str]) -> dict[str, str]:
    """Add every entity as a node (key, names, type, match method, lexicon entry) with placeholder
    mentions spread over the episodes that mention it; an entity of several episodes is marked as
    having estimated per-episode counts. Returns entity IRI -> key."""
    kgo = ONTOLOGY_NS
    entity_iris: dict[str, str] = {}
    for s in sorted(props):
        etype = _entity_type(props, s, tops)
        if etype is None:
            continue
        key = entity_key(s, base)
        entity_iris[s] = key
        label = _first(props, s, SKOS_NS + "prefLabel") or _first(props, s, RDFS_NS + "label") or key
        counts = [int(float(c)) for c in _all(props, s, kgo + "mentionCount")]
        stems = sorted(episode_stem.get(e, _tail(e)) for e in _all(props, s, kgo + "mentionedIn"))
        method = _first(props, s, kgo + "matchMethod") or "ner"
        confidence = _float(_first(props, s, kgo + "confidence")) or 0.0
        lexicon = _first(props, s, kgo + "lexiconEntry")
        mentions = spread_mentions(label, max(counts, default=0), stems,
                                   _float(_first(props, s, kgo + "firstMentionSecond")), method, confidence)
        if len(stems) > 1:
            g.graph["spread"].add(key)  # per-episode counts are estimates
        g.add_node(key, label=label, type=etype, top_type=tops.get(etype, etype),
                   lexicon_key=lexicon[len(LEXICON_NS):] if lexicon and lexicon.startswith(LEXICON_NS) else None,
                   mentions=mentions, variants=sorted(set(_all(props, s, SKOS_NS + "hiddenLabel"))),
                   same_as=sorted(set(_all(props, s, OWL_SAME_AS))),
                   method=method, confidence=confidence)
    return entity_iris


def _read_assertions(props: Props, g: nx.MultiDiGraph, entity_iris: dict[str, str], episode_stem: dict[str, str],
                     speaker_label: dict[str, str]) -> set[tuple[str, str, str]]:
    """Add an edge for every kgo assertion between two entities, with its evidence in a stable order;
    return the (subject, predicate, object) keys stated."""
    kgo = ONTOLOGY_NS
    stated: set[tuple[str, str, str]] = set()
    for a in sorted(props):
        if f"{kgo}Assertion" not in _all(props, a, RDF_TYPE):
            continue
        s, p, o = (_first(props, a, RDF_NS + x) for x in ("subject", "predicate", "object"))
        if s not in entity_iris or o not in entity_iris or not p or not p.startswith(kgo):
            continue
        pred = p[len(kgo):]
        evidence = [_read_evidence(props, v, episode_stem, speaker_label) for v in _all(props, a, kgo + "evidence")]
        evidence.sort(key=_evidence_order)
        sk, ok = entity_iris[s], entity_iris[o]
        stated.add((sk, pred, ok))
        g.add_edge(sk, ok, key=pred, predicate=pred, evidence=evidence,
                   start_year=_first(props, a, kgo + "startYear"), duration=_first(props, a, kgo + "duration"))
    return stated


def _read_evidence(props: Props, v: str, episode_stem: dict[str, str],
                   speaker_label: dict[str, str]) -> tuple[str, Evidence]:
    """One evidence node as (episode stem, Evidence); the speaker by its label, else the tail of its IRI."""
    kgo = ONTOLOGY_NS
    ep = _first(props, v, kgo + "inEpisode")
    said = _first(props, v, kgo + "saidBy")
    utterance = _first(props, v, kgo + "utteranceIndex")
    return (episode_stem.get(ep, _tail(ep)) if ep else "", Evidence(
        quote=_first(props, v, kgo + "quote") or "",
        utterance=int(utterance) if utterance is not None else -1,
        second=_float(_first(props, v, kgo + "startSecond")),
        speaker=(speaker_label.get(said) or said.rsplit("/speaker/", 1)[-1]) if said else None,
        rule=_first(props, v, kgo + "rule") or "",
        confidence=_float(_first(props, v, kgo + "confidence")) or 0.0,
        from_ad=_first(props, v, kgo + "fromAd") is not None))


def _read_plain_facts(props: Props, g: nx.MultiDiGraph, entity_iris: dict[str, str],
                      stated: set[tuple[str, str, str]]) -> None:
    """Add the plain kgo triples between entities that no assertion reifies: facts without evidence."""
    kgo = ONTOLOGY_NS
    for s in sorted(entity_iris):
        for p in sorted(props[s]):
            if not p.startswith(kgo):
                continue
            pred = p[len(kgo):]
            for o in props[s][p]:
                if isinstance(o, ox.NamedNode) and o.value in entity_iris:
                    sk, ok = entity_iris[s], entity_iris[o.value]
                    if (sk, pred, ok) not in stated:
                        stated.add((sk, pred, ok))
                        g.add_edge(sk, ok, key=pred, predicate=pred, evidence=[], start_year=None, duration=None)


def _evidence_order(item: tuple[str, Evidence]) -> tuple:
    stem, ev = item
    return (stem, ev.utterance, ev.rule, ev.quote)


def spread_mentions(label: str, count: int, stems: list[str], first: float | None, method: str,
                    score: float) -> dict[str, list[Mention]]:
    """Placeholder mentions adding up to ``count`` over the episodes ``stems`` (at least one each);
    the first episode's first mention carries the first second. No episode: the key ``""``."""
    stems = stems or [""]
    count = max(count, len(stems))
    share, extra = divmod(count, len(stems))
    out: dict[str, list[Mention]] = {}
    for i, stem in enumerate(stems):
        n = share + (1 if i < extra else 0)
        out[stem] = [Mention(text=label, utterance=-1, second=first if i == 0 and j == 0 else None, method=method,
                             score=score) for j in range(n)]
    return out


def merge_graphs(graphs: list[nx.MultiDiGraph]) -> nx.MultiDiGraph:
    """One model from several (order-independent): entities by key; for each episode the mentions
    of a source that counted that entity in that episode alone (else the larger estimate); variants
    and evidence as sets; episodes and speakers united."""
    out = nx.MultiDiGraph(episodes={}, speakers={}, spread=set())
    exact: set[tuple[str, str]] = set()
    for g in graphs:
        for stem, ep in g.graph.get("episodes", {}).items():
            out.graph["episodes"].setdefault(stem, ep)
        for stem, speakers in g.graph.get("speakers", {}).items():
            merged = out.graph["speakers"].setdefault(stem, {})
            for label, sp in speakers.items():
                if label not in merged or (sp.person and not merged[label].person):
                    merged[label] = sp
        for key, data in g.nodes(data=True):
            if key not in out:
                out.add_node(key, **{**data, "mentions": {}, "variants": []})
            node = out.nodes[key]
            is_exact = key not in g.graph.get("spread", ())
            for stem, mentions in data["mentions"].items():
                if (key, stem) in exact and not is_exact:
                    continue
                if (is_exact and (key, stem) not in exact) or len(mentions) > len(node["mentions"].get(stem, [])):
                    node["mentions"][stem] = mentions
                if is_exact:
                    exact.add((key, stem))
            node["variants"] = sorted(set(node["variants"]) | set(data["variants"]))
            node["confidence"] = max(node["confidence"], data["confidence"])
        for s, o, pred, data in g.edges(keys=True, data=True):
            if not out.has_edge(s, o, key=pred):
                out.add_edge(s, o, key=pred, predicate=pred, evidence=[], start_year=None, duration=None)
            edge = out.get_edge_data(s, o, key=pred)
            seen = {_evidence_order(item) for item in edge["evidence"]}
            edge["evidence"].extend(item for item in data["evidence"] if _evidence_order(item) not in seen)
            edge["evidence"].sort(key=_evidence_order)
            edge["start_year"] = edge["start_year"] or data.get("start_year")
            edge["duration"] = edge["duration"] or data.get("duration")
    out.graph["spread"] = {key for key in out if any((key, stem) not in exact for stem in out.nodes[key]["mentions"])}
    out.graph["episodes"] = dict(sorted(out.graph["episodes"].items()))
    out.graph["speakers"] = {stem: dict(sorted(sp.items())) for stem, sp in sorted(out.graph["speakers"].items())}
    return out


def default_title(g: nx.MultiDiGraph) -> str:
    """A page title for a graph: the episode's title, or 'N episodes' / 'kg'."""
    episodes = g.graph.get("episodes", {})
    if len(episodes) == 1:
        ep = next(iter(episodes.values()))
        return ep.title or ep.stem
    return f"{len(episodes)} episodes" if episodes else "kg"
