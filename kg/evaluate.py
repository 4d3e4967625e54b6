"""Score a graph against a gold annotation: entity and relation precision, recall and F1.

The contract is the reference scorer's (``../shared/eval/score.py``), so any sane RDF modelling is
judged the same way:

* an **entity** is a subject whose ``rdf:type`` is, directly or through ``rdfs:subClassOf*``, a class
  whose local name is Person, Organization, Product or Place (its *top types*);
* its **names** are its rdfs:label, skos:prefLabel, schema:name, skos:altLabel and skos:hiddenLabel
  values, in that order; the first is its *display name*;
* a **relation** is a triple (entity, p, entity) whose predicate's local name, directly or through
  ``rdfs:subPropertyOf*``, is one of the gold predicates (worksFor, founded, ...).

Names are compared folded (:func:`fold`): case, accents, punctuation and spaces do not count.

An output entity is *found* when one of its names is a gold name (or an ``also_accept`` variant) or a
spoken ``surface_forms`` entry, and the gold type is among its top types; extra nodes for one gold
entity count against precision (*duplicate nodes*). Nodes named in the gold ``ignore`` list count
neither way. *Canonical names* is the share of found entities whose display name is the gold name;
*core recall* counts only core entities found under their gold name. A relation counts when its
predicate is the gold one or one of its ``alt_predicates`` (colleagueOf and competesWith both ways);
``optional_relations`` are neither credited nor held against the graph.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node
from rdflib.util import guess_format

from kg.errors import InputError
from kg.serve.query import graph_files
from kg.resources import data_path

TOP_CLASSES = frozenset({"Person", "Organization", "Product", "Place"})
SYMMETRIC = frozenset({"colleagueOf", "competesWith"})
# Predicates always looked for, besides those the gold file uses.
KNOWN_PREDICATES = frozenset({
    "worksFor", "formerlyWorkedFor", "founded", "leads", "studiedAt", "develops", "acquired", "investedIn",
    "partOf", "competesWith", "uses", "memberOf", "hosts", "mentorOf", "colleagueOf", "deployedAt"})
NAME_PREDICATES = (RDFS.label, SKOS.prefLabel, URIRef("http://schema.org/name"), URIRef("https://schema.org/name"),
                   SKOS.altLabel, SKOS.hiddenLabel)
ERROR_LISTS = ("missed_entities", "not_canonically_named", "spurious_entities", "missed_relations", "spurious_relations")

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 (rounded to 3 places) of ``tp`` hits among ``out`` outputs and ``gold`` items."""

    precision: float
    recall: float
    f1: float
    tp: int
    out: int
    gold: int

    @classmethod
    def of(cls, tp: int, out: int, gold: int) -> Score:
        """The score of ``tp`` correct items out of ``out`` produced and ``gold`` expected."""
        p = tp / out if out else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 3), round(r, 3), round(f, 3), tp, out, gold)


@dataclass
class Evaluation:
    """Everything ``kg eval`` reports; :meth:`as_dict` has the reference scorer's JSON keys."""

    entities: Score
    entities_core_recall: float | None
    canonical_names: float
    duplicate_nodes: int
    relations: Score
    relations_core_recall: float | None
    missed_entities: list[str]
    not_canonically_named: list[str]
    spurious_entities: list[str]
    missed_relations: list[str]
    spurious_relations: list[str]

    def as_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready), keyed like ``score.py --json``."""
        return asdict(self)


def fold(name: str) -> str:
    """A name without case, accents, punctuation or spaces: "GPT-OSS", "gpt oss" and "GPT OSS" fold alike."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z]+", "", text)


def local_name(iri: Node | str) -> str:
    """The last segment of an IRI, after its last ``#``, ``/`` or ``:``."""
    return re.split(r"[#/:]", str(iri))[-1]


# --- loading ---------------------------------------------------------------------------------------

def default_ontology() -> Path:
    """kg's own ontology, so that its subclasses (Company, AIModel, City...) resolve to top types."""
    return data_path("kg.ttl")


def load_graph(paths: Iterable[str | Path]) -> Graph:
    """One rdflib graph holding every triple of the RDF files named or found in named folders.

    Quads (TriG, N-Quads) are flattened into the one graph. Raises :class:`InputError` for a
    missing file, a file that is not RDF or a syntax error.
    """
    graph = Graph()
    for path in graph_files(list(paths)):
        fmt = guess_format(str(path))
        try:
            if fmt in ("trig", "nquads"):
                ds = Dataset()
                ds.parse(path, format=fmt)
                for s, p, o, _ in ds.quads((None, None, None, None)):
                    graph.add((s, p, o))
            else:
                graph.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many kinds; any of them means "not valid RDF"
            raise InputError(f"{path}: not valid RDF ({_parse_error(exc)})") from None
    return graph


def _parse_error(exc: Exception) -> str:
    """One short line saying what an rdflib parser disliked."""
    why = getattr(exc, "_why", None)  # notation3.BadSyntax (Turtle, TriG, N-Triples)
    if why is not None:
        return f"{why} at line {getattr(exc, 'lines', 0) + 1}"
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]


def load_gold(path: str | Path) -> dict[str, Any]:
    """A gold annotation file, checked for the fields scoring needs; :class:`InputError` otherwise."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(gold, dict):
        raise InputError(f"{path}: a gold file is a JSON object with 'entities' and 'relations'")
    checks = (("entities", ("name", "type")), ("relations", ("subject", "predicate", "object")),
              ("optional_relations", ("subject", "predicate", "object")))
    for key, fields in checks:
        items = gold.get(key, [] if key == "optional_relations" else None)
        if not isinstance(items, list):
            raise InputError(f"{path}: '{key}' must be a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict) or any(not isinstance(item.get(f), str) for f in fields):
                raise InputError(f"{path}: {key}[{i}] needs string fields {', '.join(fields)}")
            for name in LIST_FIELDS:
                if name in item and not _strings(item[name]):
                    raise InputError(f"{path}: {key}[{i}].{name} must be a list of strings")
    if not _strings(gold.get("ignore", [])):
        raise InputError(f"{path}: 'ignore' must be a list of strings")
    return gold


LIST_FIELDS = ("surface_forms", "also_accept", "alt_predicates")  # optional; lists of strings when given


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# --- reading the graph -----------------------------------------------------------------------------

def _closure(graph: Graph, start: Node, link: URIRef) -> set[Node]:
    """``start`` and everything reachable from it through ``link`` (e.g. rdfs:subClassOf*)."""
    seen: set[Node] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.objects(node, link))
    return seen


def top_types(graph: Graph, node: Node) -> set[str]:
    """The top classes (Person, Organization, Product, Place) ``node`` is an instance of."""
    return {local_name(sup) for cls in graph.objects(node, RDF.type)
            for sup in _closure(graph, cls, RDFS.subClassOf) if local_name(sup) in TOP_CLASSES}


def node_names(graph: Graph, node: Node) -> list[str]:
    """The names of ``node``, display name first (see :data:`NAME_PREDICATES`)."""
    return [str(o) for p in NAME_PREDICATES for o in graph.objects(node, p)]


def entity_nodes(graph: Graph) -> dict[Node, tuple[set[str], list[str]]]:
    """Every entity of the graph: node -> (top types, names)."""
    out: dict[Node, tuple[set[str], list[str]]] = {}
    for node in set(graph.subjects(RDF.type, None)):
        types = top_types(graph, node)
        if types:
            out[node] = (types, node_names(graph, node))
    return out


def base_predicates(graph: Graph, predicate: Node, wanted: frozenset[str] | set[str]) -> set[str]:
    """The wanted local names among ``predicate`` and its rdfs:subPropertyOf* ancestors."""
    return {local_name(p) for p in _closure(graph, predicate, RDFS.subPropertyOf) if local_name(p) in wanted}


# --- scoring ---------------------------------------------------------------------------------------

def _triple(rel: Mapping[str, Any], predicate: str | None = None, swap: bool = False) -> Triple:
    s, o = (rel["object"], rel["subject"]) if swap else (rel["subject"], rel["object"])
    return s, predicate or rel["predicate"], o


def evaluate(graph: Graph, gold: Mapping[str, Any]) -> Evaluation:
    """Score ``graph`` (with its ontology loaded into it) against ``gold`` (see the module docstring)."""
    gold_entities = {e["name"]: e for e in gold["entities"]}
    nodes = entity_nodes(graph)
    match = _match_entities(nodes, gold)
    found, canonically_named = match.found, match.canonically_named
    core = [n for n, e in gold_entities.items() if e.get("tier") == "core"]

    accepted_as, optional = _accepted_relations(gold)
    produced = _produced_relations(graph, nodes, match.node_to_gold,
                                   KNOWN_PREDICATES | {r["predicate"] for r in gold["relations"]})
    hits = {accepted_as[t] for t in produced if t in accepted_as}
    spurious_relations = sorted(t for t in produced if t not in accepted_as and t not in optional)
    gold_relations = {_triple(r) for r in gold["relations"]}
    core_relations = {_triple(r) for r in gold["relations"] if r.get("tier") == "core"}

    return Evaluation(
        entities=Score.of(len(found), len(nodes) - match.ignored, len(gold_entities)),
        entities_core_recall=round(sum(n in canonically_named for n in core) / len(core), 3) if core else None,
        canonical_names=round(len(canonically_named) / len(found), 3) if found else 0.0,
        duplicate_nodes=sum(len(v) - 1 for v in found.values()),
        relations=Score.of(len(hits), len(hits) + len(spurious_relations), len(gold_relations)),
        relations_core_recall=round(len(core_relations & hits) / len(core_relations), 3) if core_relations else None,
        missed_entities=sorted(n for n in gold_entities if n not in found),
        not_canonically_named=sorted(n for n in found if n not in canonically_named),
        spurious_entities=sorted(match.spurious),
        missed_relations=sorted(" ".join(t) for t in gold_relations - hits),
        spurious_relations=[" ".join(t) for t in spurious_relations],
    )


@dataclass
class _EntityMatch:
    """How the graph's entity nodes meet the gold entities."""

    node_to_gold: dict[Node, str] = field(default_factory=dict)  # a node named as a gold entity -> its gold name
    found: dict[str, list[Node]] = field(default_factory=dict)  # gold name -> nodes of the right type
    canonically_named: set[str] = field(default_factory=set)
    spurious: list[str] = field(default_factory=list)
    ignored: int = 0


def _match_entities(nodes: dict[Node, tuple[set[str], list[str]]], gold: Mapping[str, Any]) -> _EntityMatch:
    """Decide, node by node, which gold entity it is: by a name that is the gold name or an accepted
    variant, else by a spoken surface form. A node of no gold entity is spurious unless the gold ignores
    it; one of the wrong type is spurious too. A found entity is canonically named when it was found by
    its gold name and its display name is that name (or an accepted variant)."""
    gold_entities = {e["name"]: e for e in gold["entities"]}
    canonical: dict[str, str] = {}  # folded gold name or accepted variant -> gold name
    spoken: dict[str, str] = {}  # folded surface form -> gold name
    for e in gold["entities"]:
        for n in (e["name"], *e.get("also_accept", [])):
            canonical.setdefault(fold(n), e["name"])
        for n in e.get("surface_forms", []):
            spoken.setdefault(fold(n), e["name"])
    ignore = {fold(n) for n in gold.get("ignore", [])}
    match = _EntityMatch()
    for node, (types, names) in nodes.items():
        display, kinds = (names[0] if names else str(node)), "/".join(sorted(types))
        folded = [fold(n) for n in names]
        gold_name = next((canonical[f] for f in folded if f in canonical), None)
        by_gold_name = gold_name is not None
        if gold_name is None:
            gold_name = next((spoken[f] for f in folded if f in spoken), None)
        if gold_name is None:
            if any(f in ignore for f in folded):
                match.ignored += 1
            else:
                match.spurious.append(f"{display} ({kinds})")
            continue
        match.node_to_gold[node] = gold_name
        entry = gold_entities[gold_name]
        if entry["type"] not in types:
            match.spurious.append(f"{display} ({kinds}, gold says {entry['type']})")
            continue
        match.found.setdefault(gold_name, []).append(node)
        accepted = {fold(n) for n in (gold_name, *entry.get("also_accept", []))}
        if by_gold_name and fold(names[0]) in accepted:
            match.canonically_named.add(gold_name)
    return match


def _accepted_relations(gold: Mapping[str, Any]) -> tuple[dict[Triple, Triple], set[Triple]]:
    """Which output triples count for which gold relation (its predicate or an alternative, both ways
    for a symmetric one), and which are optional: neither credited nor held against the graph."""
    accepted_as: dict[Triple, Triple] = {}  # an accepted (s, p, o) -> the gold relation it stands for
    for r in gold["relations"]:
        for p in (r["predicate"], *r.get("alt_predicates", [])):
            accepted_as[_triple(r, p)] = _triple(r)
            if p in SYMMETRIC:
                accepted_as[_triple(r, p, swap=True)] = _triple(r)
    optional: set[Triple] = set()
    for r in gold.get("optional_relations", []):
        optional.add(_triple(r))
        if r["predicate"] in SYMMETRIC:
            optional.add(_triple(r, swap=True))
    return accepted_as, optional


def _produced_relations(graph: Graph, nodes: dict[Node, tuple[set[str], list[str]]], node_to_gold: dict[Node, str],
                        wanted: frozenset[str] | set[str]) -> set[Triple]:
    """The graph's relations between entities as (subject, wanted predicate, object), each end named by its
    gold entity, or by '?' and its display name when it is none."""
    def as_gold(node: Node) -> str:
        return node_to_gold.get(node) or f"?{(nodes[node][1] or [str(node)])[0]}"

    produced: set[Triple] = set()
    for s, p, o in graph:
        if s in nodes and o in nodes:
            for base in base_predicates(graph, p, wanted):
                produced.add((as_gold(s), base, as_gold(o)))
    return produced


def evaluate_files(graph_paths: Iterable[str | Path], gold_path: str | Path,
                   ontologies: Iterable[str | Path] = (), default_ontology_too: bool = True) -> Evaluation:
    """Load graph files (plus kg's ontology and any others) and a gold file, and score them."""
    graph_paths = list(graph_paths)
    if not graph_paths:
        raise InputError("give a GRAPH file to evaluate")
    gold = load_gold(gold_path)
    extra = [default_ontology()] if default_ontology_too else []
    return evaluate(load_graph([*graph_paths, *extra, *ontologies]), gold)


def format_report(result: Evaluation, show_errors: bool = False) -> str:
    """The two summary lines of an evaluation, and with ``show_errors`` what was missed and what is spurious."""
    e, r = result.entities, result.relations
    lines = [
        f"entities  P={e.precision:.3f} R={e.recall:.3f} F1={e.f1:.3f}  ({e.tp} found of {e.gold}, {e.out} nodes)"
        f"  core recall={format_figure(result.entities_core_recall)}  canonical names={result.canonical_names:.3f}"
        f"  duplicate nodes={result.duplicate_nodes}",
        f"relations P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f}  ({r.tp} found of {r.gold}, {r.out} output)"
        f"  core recall={format_figure(result.relations_core_recall)}",
    ]
    if show_errors:
        for key in ERROR_LISTS:
            items = getattr(result, key)
            lines.append("")
            lines.append(f"{key.replace('_', ' ')} ({len(items)}):")
            lines.extend(f"  {item}" for item in items)
    return "\n".join(lines) + "\n"


def format_figure(value: float | None) -> str:
    """A figure to three places, or "n/a" when there is none (no core entities, say)."""
    return "n/a" if value is None else f"{value:.3f}"
