"""``kg eval``: figures on a hand-made graph, agreement with the reference scorer, the command line."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.evaluate import Score, evaluate, evaluate_files, fold, load_gold, load_graph, top_types
from kg.resources import data_dir, data_path

from .conftest import DATA, SHARED, dev_transcripts

MINI = DATA / "eval-mini.ttl"
MINI_GOLD = DATA / "eval-mini-gold.json"
SCORE_PY = SHARED / "eval" / "score.py"


@pytest.fixture(scope="module")
def mini():
    return evaluate_files([MINI], MINI_GOLD)


@pytest.fixture(scope="module")
def reference():
    """../shared/eval/score.py imported from its path."""
    if not SCORE_PY.is_file():
        pytest.skip(f"no reference scorer: {SCORE_PY} is absent")
    spec = importlib.util.spec_from_file_location("kg_reference_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- (a) a tiny graph whose figures are worked out by hand (see the comments in eval-mini.ttl) -------

def test_fold():
    assert fold("GPT-OSS") == fold("gpt oss") == fold(" GPT  OSS ") == "gptoss"
    assert fold("Mateusz Staniszewski") == fold("Mateusz Staniszewśki")
    assert fold("ACME corp.") == fold("Acme Corp")


def test_score_of():
    assert Score.of(3, 5, 4) == Score(0.6, 0.75, 0.667, 3, 5, 4)
    assert Score.of(0, 0, 0) == Score(0.0, 0.0, 0.0, 0, 0, 0)


def test_top_types_through_subclasses():
    g = load_graph([MINI, data_path("kg.ttl")])
    ex = "https://example.org/"
    from rdflib import URIRef

    assert top_types(g, URIRef(ex + "acme2")) == {"Organization"}  # ex:Startup ⊑ kgo:Company ⊑ kgo:Organization
    assert top_types(g, URIRef(ex + "widget")) == {"Product"}
    assert top_types(g, URIRef(ex + "episode")) == set()


def test_entity_figures(mini):
    # 8 entity nodes, 1 ignored ("Um") -> 7 counted; 6 gold entities; 4 found (Alice, Acme, Widget, Dave)
    assert mini.entities == Score(precision=0.571, recall=0.667, f1=0.615, tp=4, out=7, gold=6)
    assert mini.duplicate_nodes == 1  # "ACME corp." and "Acme" are both Acme Corp
    assert mini.canonical_names == 0.75  # Widget is displayed as "Widgit"
    assert mini.entities_core_recall == 0.667  # Carol Jones (core) is missing
    assert mini.missed_entities == ["Carol Jones", "Paris"]
    assert mini.not_canonically_named == ["Widget"]
    assert mini.spurious_entities == ["Bob (Person)", "Paris (Person, gold says Place)"]


def test_relation_figures(mini):
    # hits: leads (alt predicate), ex:builds (subproperty of develops), colleagueOf reversed (symmetric);
    # founded is optional; Bob's worksFor and memberOf Paris are spurious
    assert mini.relations == Score(precision=0.6, recall=0.75, f1=0.667, tp=3, out=5, gold=4)
    assert mini.relations_core_recall == 1.0
    assert mini.missed_relations == ["Alice Smith colleagueOf Carol Jones"]
    assert mini.spurious_relations == ["?Bob worksFor Acme Corp", "Alice Smith memberOf Paris"]


def test_kg_ontology_is_loaded_by_default():
    without = evaluate_files([MINI], MINI_GOLD, default_ontology_too=False)
    # without kg.ttl, kgo:Company and kgo:SoftwareProduct resolve to no top type
    assert without.entities.tp == 2 and without.missed_entities == ["Acme Corp", "Carol Jones", "Paris", "Widget"]


def test_whole_ontology_folder_adds_no_entities(mini):
    """The lexicon files are skos:Concepts typed through kgo:entityType, not rdf:type."""
    assert evaluate_files([MINI], MINI_GOLD, [data_dir()]).as_dict() == mini.as_dict()


def test_gold_without_optional_parts():
    gold = {"entities": [{"name": "Alice Smith", "type": "Person"}], "relations": []}
    result = evaluate(load_graph([MINI, data_path("kg.ttl")]), gold)
    assert result.entities.tp == 1 and result.entities.out == 8  # nothing is ignored
    assert result.entities_core_recall is None and result.relations_core_recall is None
    assert result.relations.gold == 0 and result.relations.recall == 0.0


@pytest.mark.parametrize("text,message", [
    ("{", "invalid JSON"),
    ("[]", "JSON object"),
    ('{"entities": []}', "'relations' must be a list"),
    ('{"entities": [{"name": "X"}], "relations": []}', "entities[0] needs string fields name, type"),
    ('{"entities": [], "relations": [{"subject": "a", "predicate": "p"}]}', "relations[0] needs"),
])
def test_bad_gold(tmp_path, text, message):
    path = tmp_path / "gold.json"
    path.write_text(text)
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_gold(path)


def test_bad_graph(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_graph([tmp_path / "missing.ttl"])
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle\n")
    with pytest.raises(InputError, match="not valid RDF"):
        load_graph([bad])
    with pytest.raises(InputError, match="not an RDF file"):
        load_graph([MINI_GOLD])


def test_mini_agrees_with_reference(reference, mini):
    graph = reference.load([MINI, data_path("kg.ttl")])
    assert reference.score(graph, json.loads(MINI_GOLD.read_text())) == mini.as_dict()


# --- (b) the dev set: kg eval and ../shared/eval/score.py give the same figures --------------------

DEV = [stem for stem, _, _ in dev_transcripts()] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"no dev set: {SHARED}/gold and {SHARED}/transcripts are absent"))]


@pytest.mark.parametrize("stem", DEV)
def test_dev_set_agrees_with_reference(reference, dev_builds, stem):
    graph_file, gold_file = dev_builds[stem]
    ours = evaluate_files([graph_file], gold_file).as_dict()
    theirs = reference.score(reference.load([graph_file, data_path("kg.ttl")]), json.loads(gold_file.read_text()))
    assert ours == theirs


# --- (c) the command line --------------------------------------------------------------------------

def test_cli_json(mini):
    result = CliRunner().invoke(main, ["eval", str(MINI), str(MINI_GOLD), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == mini.as_dict()


def test_cli_show_errors():
    result = CliRunner().invoke(main, ["eval", str(MINI), str(MINI_GOLD), "--show-errors"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("entities  P=0.571 R=0.667 F1=0.615")
    assert "duplicate nodes=1" in lines[0]
    assert lines[1].startswith("relations P=0.600 R=0.750 F1=0.667")
    for expected in ("missed entities (2):", "  Carol Jones", "spurious entities (2):", "  Bob (Person)",
                     "missed relations (1):", "spurious relations (2):", "  ?Bob worksFor Acme Corp"):
        assert expected in lines
    plain = CliRunner().invoke(main, ["eval", str(MINI), str(MINI_GOLD)])
    assert plain.output.splitlines() == lines[:2]


def test_cli_extra_ontology(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix ex: <https://example.org/> .\n@prefix kgo: <https://w3id.org/kg/ontology#> .\n"
                     "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                     "ex:mentions rdfs:subPropertyOf kgo:uses .\n")
    result = CliRunner().invoke(main, ["eval", str(MINI), str(MINI_GOLD), "--ontology", str(extra), "--json"])
    assert result.exit_code == 0, result.output
    assert "Alice Smith uses ?Bob" in json.loads(result.output)["spurious_relations"]


@pytest.mark.parametrize("args,message", [
    (["missing.ttl", str(MINI_GOLD)], "missing.ttl: no such file"),
    ([str(MINI), "missing.json"], "missing.json: no such file"),
    ([str(MINI), str(MINI)], "invalid JSON"),
    ([str(MINI), str(MINI_GOLD), "--ontology", "nowhere.ttl"], "nowhere.ttl: no such file"),
])
def test_cli_bad_input_is_one_line(args, message):
    result = CliRunner().invoke(main, ["eval", *args])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def _paths(value, path=()):
    """Every path into a JSON value (dict keys and list indexes)."""
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _replaced(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


WRONG = [None, 0, 1.5, True, "x", {}, {"a": 1}, [], [None], [1, 2]]


def test_every_wrong_type_in_a_gold_file_is_one_line_or_scored(tmp_path):
    """Each value of a real gold file replaced by each wrong type (null, numbers, strings, objects,
    lists of non-strings): kg eval scores it or says what is wrong in one line, never a traceback."""
    gold = json.loads(MINI_GOLD.read_text(encoding="utf-8"))
    graph = load_graph([MINI, data_path("kg.ttl")])
    path = tmp_path / "gold.json"
    cases = errors = 0
    for where in list(_paths(gold))[1:]:
        for new in WRONG:
            path.write_text(json.dumps(_replaced(gold, where, new)), encoding="utf-8")
            cases += 1
            try:
                evaluate(graph, load_gold(path))
            except InputError as exc:
                errors += 1
                assert "\n" not in str(exc)
    assert cases > 300 and errors > 100
    path.write_text('{"entities": [{"name": "X", "type": "Person", "surface_forms": null}], "relations": []}')
    result = CliRunner().invoke(main, ["eval", str(MINI), str(path)])
    assert result.exit_code == 2 and "surface_forms must be a list of strings" in result.output
