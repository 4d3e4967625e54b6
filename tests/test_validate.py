"""SHACL validation (`kg validate`): the sample conforms in every RDF format; broken graphs are caught
with readable lines and a non-zero exit."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.cli import main
from kg.graph.validate import load_shapes, validate_file

KGO = Namespace("https://w3id.org/kg/ontology#")
ID = Namespace("https://w3id.org/kg/id/")


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq", "jsonld"])
def test_sample_is_valid(sample_dir, fmt):
    report = validate_file(sample_dir / f"a16z-sherwin-wu.{fmt}")
    assert report.conforms, [p.line() for p in report.problems]
    assert report.triples > 600


def test_cli_says_valid_and_exits_0(sample_dir):
    result = CliRunner().invoke(main, ["validate", str(sample_dir / "a16z-sherwin-wu.ttl")])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_shapes_cover_entities_assertions_evidence_episodes_speakers():
    shapes = load_shapes()
    names = {str(s).rsplit("#", 1)[-1] for s in shapes.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape"))}
    assert {"EntityShape", "AssertionShape", "EvidenceShape", "EpisodeShape", "SpeakerShape"} <= names


@pytest.fixture(scope="module")
def broken(sample_dir, tmp_path_factory):
    """The sample with one fault of each kind; the path of the file."""
    g = Graph().parse(sample_dir / "a16z-sherwin-wu.ttl", format="turtle")
    evidence = sorted(g.subjects(RDF.type, KGO.Evidence))[0]
    g.remove((evidence, KGO.quote, None))                                     # evidence without quote
    g.remove((ID["opendoor"], RDFS.label, None))                              # entity without label
    g.set((ID["quora"], KGO.mentionCount, Literal("many")))                   # count is not an integer
    g.remove((ID["sherwin-wu"], KGO.studiedAt, None))                         # assertion without its triple
    g.add((ID["sherwin-wu"], KGO.worksFor, ID["gpt-oss"]))                    # works for a product
    g.add((ID["assertion/bogus"], RDF.type, KGO.Assertion))                   # assertion without anything
    path = tmp_path_factory.mktemp("broken") / "broken.ttl"
    g.serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def broken_output(broken):
    """What `kg validate` prints for the broken graph, and its exit code."""
    result = CliRunner().invoke(main, ["validate", str(broken)])
    return result.exit_code, result.output


def test_broken_graph_exits_1(broken_output):
    code, output = broken_output
    assert code == 1
    assert "INVALID" in output and "Traceback" not in output


@pytest.mark.parametrize("focus,expected", [
    ("evidence/", "kgo:quote"),
    ("opendoor", "exactly one non-empty rdfs:label"),
    ("quora", "kgo:mentionCount"),
    ("assertion/", "is not stated in the graph"),
    ("sherwin-wu kgo:worksFor", "gpt-oss"),
    ("assertion/bogus", "at least one kgo:Evidence"),
])
def test_each_fault_is_one_readable_line(broken_output, focus, expected):
    lines = [line for line in broken_output[1].splitlines() if "Violation:" in line]
    assert any(focus in line and expected in line for line in lines), "\n".join(lines)


def test_bad_graph_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    for path in (bad, tmp_path / "missing.ttl"):
        result = CliRunner().invoke(main, ["validate", str(path)])
        assert result.exit_code == 2
        assert result.output.startswith("kg: ") and len(result.output.strip().splitlines()) == 1
