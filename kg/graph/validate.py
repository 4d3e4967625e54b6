"""Check graph files against kg's SHACL shapes (``ontology/shapes.ttl``) with pyshacl.

The ontology (``ontology/kg.ttl``) is mixed into the data so that ``sh:class`` follows
``rdfs:subClassOf``: an AILab is an Organization. Each problem becomes one readable line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Namespace, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.resources import DEFAULT_BASE, ONTOLOGY_NS, data_path

SH = Namespace("http://www.w3.org/ns/shacl#")
RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads",
                  ".rdf": "xml", ".owl": "xml"}
SHORT = (("kgo:", ONTOLOGY_NS), ("", DEFAULT_BASE), ("rdf:", str(RDF)),
         ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"), ("skos:", "http://www.w3.org/2004/02/skos/core#"),
         ("dcterms:", "http://purl.org/dc/terms/"), ("xsd:", "http://www.w3.org/2001/XMLSchema#"))


@dataclass(frozen=True, order=True)
class Problem:
    """One SHACL result: severity, the node, the property path, the message and the offending value."""

    severity: str
    focus: str
    path: str
    message: str
    value: str

    def line(self) -> str:
        """The problem as one line of text."""
        where = f"{self.focus} {self.path}".rstrip()
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass
class Report:
    """The outcome of validating one graph file."""

    path: Path
    conforms: bool
    problems: list[Problem]
    triples: int


def read_graph(path: str | Path) -> Graph:
    """All triples of an RDF file as one rdflib graph (named graphs of TriG/N-Quads merged)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: {'not a regular file' if p.exists() else 'no such file'}")
    fmt = RDFLIB_FORMATS.get(p.suffix)
    if fmt is None:
        raise InputError(f"{p}: not an RDF file (expected one of {', '.join(sorted(RDFLIB_FORMATS))})")
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(p, format=fmt)
            g = Graph()
            for s, pr, o, _ in ds.quads((None, None, None, None)):
                g.add((s, pr, o))
            return g
        return Graph().parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InputError(f"{p}: not valid RDF ({first[:160]})") from None


def load_shapes(path: str | Path | None = None) -> Graph:
    """The SHACL shapes graph: kg's own unless another file is given."""
    p = Path(path) if path else data_path("shapes.ttl")
    if not p.is_file():
        raise InputError(f"{p}: no such shapes file")
    try:
        return Graph().parse(p, format="turtle")
    except Exception as exc:
        raise InputError(f"{p}: shapes are not valid Turtle ({str(exc).splitlines()[0][:160]})") from None


def ontology_graph() -> Graph:
    """kg's OWL ontology (for subclass reasoning during validation)."""
    return Graph().parse(data_path("kg.ttl"), format="turtle")


def validate_graph(data: Graph, shapes: Graph, ontology: Graph | None = None) -> tuple[bool, list[Problem]]:
    """Run pyshacl on a graph; whether it conforms and its problems, sorted."""
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                          abort_on_first=False, allow_warnings=True, advanced=True)
    return bool(conforms), sorted(problems_of(results))


def problems_of(results: Graph) -> list[Problem]:
    """The validation results of a pyshacl report graph as :class:`Problem` rows."""
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        out.append(Problem(
            severity=short(severity).replace("sh:", "").split("#")[-1] if severity else "Violation",
            focus=short(results.value(r, SH.focusNode)),
            path=_path_text(results, results.value(r, SH.resultPath)),
            message=str(results.value(r, SH.resultMessage) or short(results.value(r, SH.sourceConstraintComponent))),
            value=short(results.value(r, SH.value)),
        ))
    return out


def validate_file(path: str | Path, shapes_file: str | Path | None = None) -> Report:
    """Validate one graph file against the shapes; a :class:`Report`."""
    data = read_graph(path)
    conforms, problems = validate_graph(data, load_shapes(shapes_file), ontology_graph())
    return Report(Path(path), conforms, problems, len(data))


def short(node: Node | None) -> str:
    """An IRI with kg's prefixes (entities as bare slugs), a literal as its text, nothing as ''."""
    if node is None:
        return ""
    text = str(node)
    if isinstance(node, URIRef):
        for prefix, ns in SHORT:
            if text.startswith(ns):
                return prefix + text[len(ns):]
    return text


def _path_text(results: Graph, path: Node | None) -> str:
    if path is None:
        return ""
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{short(inverse)}"
    return short(path)
