"""Write docs/ontology.md: the classes and properties of ontology/kg.ttl as tables.

    /tmp/venv/bin/python docs/ontology_md.py        # rewrites docs/ontology.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

ROOT = Path(__file__).resolve().parent.parent
KGO = "https://w3id.org/kg/ontology#"
PREFIXES = {KGO: "kgo:", "http://schema.org/": "schema:", "http://www.w3.org/ns/prov#": "prov:",
            "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/2001/XMLSchema#": "xsd:",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:"}


def curie(node) -> str:
    """A prefixed name for an IRI."""
    text = str(node)
    for ns, prefix in PREFIXES.items():
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return f"<{text}>"


def cell(values) -> str:
    """Sorted prefixed names, comma separated, or a dash."""
    return ", ".join(sorted(curie(v) for v in values)) or "—"


def own(g: Graph, kind) -> list[URIRef]:
    """kgo: terms of an OWL kind, sorted."""
    return sorted(s for s in g.subjects(RDF.type, kind) if str(s).startswith(KGO))


def render(g: Graph) -> str:
    """The Markdown page."""
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    lines = ["# The kg ontology", "",
             f"Ontology IRI `{onto}`, version IRI `{g.value(onto, OWL.versionIRI)}` "
             f"(version {g.value(onto, OWL.versionInfo)}). Namespace `kgo:` = `{KGO}`.", "",
             str(g.value(onto, RDFS.comment)), "",
             "Generated from [`ontology/kg.ttl`](../ontology/kg.ttl) by `docs/ontology_md.py`; do not edit by hand. "
             "SHACL shapes for the same terms: [`ontology/shapes.ttl`](../ontology/shapes.ttl) (`kg validate`).", "",
             "## Classes", "", "| class | label | subclass of | comment |", "|---|---|---|---|"]
    for c in own(g, OWL.Class):
        lines.append(f"| `{curie(c)}` | {g.value(c, RDFS.label)} | {cell(g.objects(c, RDFS.subClassOf))} | {g.value(c, RDFS.comment)} |")
    for title, kind in (("Object properties", OWL.ObjectProperty), ("Datatype properties", OWL.DatatypeProperty)):
        lines += ["", f"## {title}", "", "| property | label | domain | range | subproperty of | characteristics | comment |",
                  "|---|---|---|---|---|---|---|"]
        for p in own(g, kind):
            traits = sorted(curie(t).replace("owl:", "") for t in g.objects(p, RDF.type) if t not in (kind,))
            traits = [t.rsplit("#", 1)[-1].rstrip(">") for t in traits]
            lines.append(f"| `{curie(p)}` | {g.value(p, RDFS.label)} | {cell(g.objects(p, RDFS.domain))} | "
                         f"{cell(g.objects(p, RDFS.range))} | {cell(g.objects(p, RDFS.subPropertyOf))} | "
                         f"{', '.join(traits) or '—'} | {g.value(p, RDFS.comment)} |")
    lines += ["", "## Terms used from other vocabularies", "",
              "| term | used for |", "|---|---|",
              "| `rdfs:label`, `skos:prefLabel` | an entity's canonical name; episodes' and speakers' names |",
              "| `skos:hiddenLabel` | the spoken variants a name was heard as (\"Sherman Wu\", \"Open Door\") |",
              "| `rdf:subject`, `rdf:predicate`, `rdf:object` | the triple a `kgo:Assertion` reifies |",
              "| `dcterms:title`, `dcterms:date`, `dcterms:source` | an episode's title, date and transcript file stem |", ""]
    return "\n".join(lines)


def main() -> int:
    """Rewrite docs/ontology.md."""
    g = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    (ROOT / "docs" / "ontology.md").write_text(render(g), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
