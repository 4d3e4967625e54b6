"""Every export of the sample parsed back (rdflib and pyoxigraph), and reproducible to the byte."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Graph, Namespace

from kg.build import build

from .conftest import ALL_FORMATS, SAMPLE

KGO = Namespace("https://w3id.org/kg/ontology#")
OX = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
      "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_triple_formats_parse_back_with_same_triples(sample_dir, fmt, rdflib_format):
    reference = Graph().parse(sample_dir / "a16z-sherwin-wu.ttl", format="turtle")
    g = Graph().parse(sample_dir / f"a16z-sherwin-wu.{fmt}", format=rdflib_format)
    assert len(g) == len(reference) > 100
    assert set(g.subjects(RDF.type, KGO.Assertion)) == set(reference.subjects(RDF.type, KGO.Assertion))


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_quad_formats_have_a_named_graph_per_episode(sample_dir, fmt):
    ds = Dataset()
    ds.parse(sample_dir / f"a16z-sherwin-wu.{fmt}", format={"trig": "trig", "nq": "nquads"}[fmt])
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert "https://w3id.org/kg/id/episode/a16z-sherwin-wu" in names


@pytest.mark.parametrize("fmt", sorted(OX))
def test_every_rdf_format_parses_in_pyoxigraph(sample_dir, fmt):
    quads = list(ox.parse(path=str(sample_dir / f"a16z-sherwin-wu.{fmt}"), format=OX[fmt]))
    assert len(quads) > 100


def test_jsonld_has_context_and_same_entities(sample_dir):
    doc = json.loads((sample_dir / "a16z-sherwin-wu.jsonld").read_text())
    assert doc["@context"]["kgo"] == "https://w3id.org/kg/ontology#"
    g = Graph().parse(sample_dir / "a16z-sherwin-wu.jsonld", format="json-ld")
    ttl = Graph().parse(sample_dir / "a16z-sherwin-wu.ttl")
    q = "SELECT ?e WHERE { ?e <https://w3id.org/kg/ontology#mentionCount> ?n }"
    assert {r[0] for r in g.query(q)} == {r[0] for r in ttl.query(q)}


def test_graphml_opens_in_networkx(sample_dir):
    g = nx.read_graphml(sample_dir / "a16z-sherwin-wu.graphml")
    ttl = Graph().parse(sample_dir / "a16z-sherwin-wu.ttl")
    n_entities = len(set(ttl.subjects(KGO.mentionCount, None)))
    assert g.number_of_nodes() == n_entities > 10
    assert g.number_of_edges() == len(set(ttl.subjects(RDF.type, KGO.Assertion))) > 5
    assert all(d["label"] and d["type"] for _, d in g.nodes(data=True))
    ET.parse(sample_dir / "a16z-sherwin-wu.graphml")


def test_json_node_link(sample_dir):
    data = json.loads((sample_dir / "a16z-sherwin-wu.json").read_text())
    ids = {n["id"] for n in data["nodes"]}
    assert data["links"] and all(link["source"] in ids and link["target"] in ids for link in data["links"])
    assert all(link["evidence"] and link["evidence"][0]["quote"] for link in data["links"])
    assert data["episodes"][0]["media_url"] == "https://www.youtube.com/watch?v=3x0jhpEj_6o"


def test_two_builds_are_byte_identical(sample_dir, tmp_path):
    report = build([SAMPLE], tmp_path, ALL_FORMATS)
    assert not report.failures
    for fmt in ALL_FORMATS:
        a = (sample_dir / f"a16z-sherwin-wu.{fmt}").read_bytes()
        b = (tmp_path / f"a16z-sherwin-wu.{fmt}").read_bytes()
        assert a == b, fmt


def test_no_blank_nodes(sample_dir):
    g = Graph().parse(sample_dir / "a16z-sherwin-wu.ttl")
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_same_bytes_in_processes_with_different_hash_seeds(tmp_path):
    """Nothing may depend on set or dict order that changes from process to process."""
    import os
    import subprocess
    import sys

    from .conftest import DATA

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg", "build", str(DATA / "asr-databricks.txt"), str(DATA / "asr-robotics.txt"),
                        "-o", str(out), "-f", "ttl", "-f", "trig", "-f", "jsonld", "--no-cache", "-q"], check=True, env=env)
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == sorted(p.name for p in outs[1].iterdir()) and "collection.trig" in names
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_direct_nquads_equal_rdflib_serialisation(sample_result):
    """The collection's N-Quads are written straight from the quads, without an rdflib store: they must
    be the very bytes rdflib's own N-Quads writer gives for the same dataset (escapes, literals, order)."""
    from kg.graph.merge import build_graph
    from kg.graph.rdf import nquads, serialize, to_dataset

    g = build_graph([sample_result])
    node = next(iter(g.nodes))
    g.nodes[node]["variants"].append('a "quoted"\\ name\twith\nbreaks and ünïcode')
    direct = nquads(g)
    assert direct == serialize(to_dataset(g), "nq")
    assert "\\n" in direct and '\\"quoted\\"' in direct
