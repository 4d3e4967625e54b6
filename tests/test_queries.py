"""The named queries (ontology/queries/*.rq) on the sample and on a small two-episode collection,
and the SPARQL result formats of `kg query`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.serve.query import load_store, named_queries, named_query, run_query

REQUIRED = {"where-does-person-work", "who-worked-at", "products-of", "asserted-by-speaker", "evidence-for",
            "people-within-two-hops", "entities-by-mentions", "facts-about-said-by-others", "episodes-mentioning"}

# Two episodes shaped like kg's TriG: merged entities and assertions in the default graph, each
# episode's mentions, speakers and evidence in its own named graph. In ep1 the host (unidentified)
# says Ada founded Acme and Ada (the guest) says she used to work at Initech; in ep2 Grace (the
# guest) says she works at Acme, and Bob works at Initech.
COLLECTION = """
@prefix kgo: <https://w3id.org/kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/kg/id/> .

id:ada a kgo:Person ; rdfs:label "Ada Lovelace" ; skos:hiddenLabel "Ada Loveless" ; kgo:mentionCount 5 .
id:grace a kgo:Person ; rdfs:label "Grace Hopper" ; kgo:mentionCount 3 .
id:bob a kgo:Person ; rdfs:label "Bob Builder" ; kgo:mentionCount 1 .
id:acme a kgo:Company ; rdfs:label "Acme" ; kgo:mentionCount 7 .
id:initech a kgo:Company ; rdfs:label "Initech" ; kgo:mentionCount 2 .
id:widget a kgo:SoftwareProduct ; rdfs:label "Widget" ; kgo:mentionCount 2 .

id:ada kgo:founded id:acme ; kgo:formerlyWorkedFor id:initech .
id:grace kgo:worksFor id:acme .
id:bob kgo:worksFor id:initech .
id:acme kgo:develops id:widget .
id:a1 a kgo:Assertion ; rdf:subject id:ada ; rdf:predicate kgo:founded ; rdf:object id:acme ; kgo:confidence 0.9 .
id:a2 a kgo:Assertion ; rdf:subject id:ada ; rdf:predicate kgo:formerlyWorkedFor ; rdf:object id:initech ; kgo:confidence 0.8 .
id:a3 a kgo:Assertion ; rdf:subject id:grace ; rdf:predicate kgo:worksFor ; rdf:object id:acme ; kgo:confidence 0.7 .
id:a4 a kgo:Assertion ; rdf:subject id:bob ; rdf:predicate kgo:worksFor ; rdf:object id:initech ; kgo:confidence 0.6 .
id:a5 a kgo:Assertion ; rdf:subject id:acme ; rdf:predicate kgo:develops ; rdf:object id:widget ; kgo:confidence 0.5 .

id:episode\\/ep1 {
  id:episode\\/ep1 a kgo:Episode ; dcterms:title "Episode one" ; kgo:hasSpeaker id:s10, id:s11 .
  id:s10 a kgo:Speaker ; rdfs:label "host (SPEAKER_00)" ; kgo:speakerLabel "SPEAKER_00" .
  id:s11 a kgo:Speaker ; rdfs:label "Ada Lovelace (SPEAKER_01)" ; kgo:speakerLabel "SPEAKER_01" ; kgo:identifiedAs id:ada .
  id:ada kgo:mentionedIn id:episode\\/ep1 . id:acme kgo:mentionedIn id:episode\\/ep1 . id:initech kgo:mentionedIn id:episode\\/ep1 .
  id:a1 kgo:evidence id:e1 . id:a2 kgo:evidence id:e2 .
  id:e1 a kgo:Evidence ; kgo:quote "Ada founded Acme." ; kgo:saidBy id:s10 ; kgo:startSecond 12.0 ; kgo:inEpisode id:episode\\/ep1 .
  id:e2 a kgo:Evidence ; kgo:quote "I used to work at Initech." ; kgo:saidBy id:s11 ; kgo:startSecond 30.5 ; kgo:inEpisode id:episode\\/ep1 .
}
id:episode\\/ep2 {
  id:episode\\/ep2 a kgo:Episode ; dcterms:title "Episode two" ; kgo:hasSpeaker id:s20 .
  id:s20 a kgo:Speaker ; rdfs:label "Grace Hopper (SPEAKER_00)" ; kgo:speakerLabel "SPEAKER_00" ; kgo:identifiedAs id:grace .
  id:grace kgo:mentionedIn id:episode\\/ep2 . id:acme kgo:mentionedIn id:episode\\/ep2 . id:bob kgo:mentionedIn id:episode\\/ep2 .
  id:initech kgo:mentionedIn id:episode\\/ep2 . id:widget kgo:mentionedIn id:episode\\/ep2 .
  id:a3 kgo:evidence id:e3 . id:a4 kgo:evidence id:e4 . id:a5 kgo:evidence id:e5 .
  id:e3 a kgo:Evidence ; kgo:quote "I work at Acme." ; kgo:saidBy id:s20 ; kgo:startSecond 5.0 ; kgo:inEpisode id:episode\\/ep2 .
  id:e4 a kgo:Evidence ; kgo:quote "Bob is at Initech." ; kgo:saidBy id:s20 ; kgo:startSecond 9.0 ; kgo:inEpisode id:episode\\/ep2 .
  id:e5 a kgo:Evidence ; kgo:quote "Acme makes Widget." ; kgo:saidBy id:s20 ; kgo:startSecond 20.0 ; kgo:inEpisode id:episode\\/ep2 .
}
"""


@pytest.fixture(scope="module")
def sample(sample_dir):
    """The sample's TriG (named graphs) in a store."""
    return load_store([sample_dir / "a16z-sherwin-wu.trig"])


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """The two-episode collection in a store."""
    path = tmp_path_factory.mktemp("collection") / "collection.trig"
    path.write_text(COLLECTION, encoding="utf-8")
    return load_store([path])


def ask(store, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of a named query as dicts."""
    table = run_query(store, named_query(name, params))
    return [dict(zip(table.columns, row)) for row in table.rows]


def test_every_required_query_ships_with_a_description():
    queries = named_queries()
    assert REQUIRED <= set(queries)
    for name, path in queries.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 20, name


def test_queries_command_lists_them():
    out = CliRunner().invoke(main, ["queries"]).output
    for name in REQUIRED:
        assert name in out


# ---------------------------------------------------------------- the sample's answers

def test_sherwin_wu_works_at_openai_and_worked_at_opendoor_and_quora(sample):
    rows = ask(sample, "where-does-person-work", person="Sherwin Wu")
    former = {r["employer"] for r in rows if r["status"] == "former"}
    current = {r["employer"] for r in rows if r["status"] == "current"}
    assert {"Opendoor", "Quora"} <= former
    assert "OpenAI" in current
    assert all(0 < float(r["confidence"]) <= 1 for r in rows)


def test_who_worked_at_quora(sample):
    rows = ask(sample, "who-worked-at", org="Quora")
    assert {"person": "Sherwin Wu", "status": "former"}.items() <= next(r for r in rows if r["person"] == "Sherwin Wu").items()


def test_products_of_openai_include_gpt_oss(sample):
    rows = ask(sample, "products-of", org="OpenAI")
    products = {r["product"]: r for r in rows}
    assert "GPT-OSS" in products
    assert products["GPT-OSS"]["type"] in {"AIModel", "AIProduct", "SoftwareProduct", "Product"}


def test_asserted_by_speaker_gives_what_sherwin_said(sample):
    rows = ask(sample, "asserted-by-speaker", person="Sherwin Wu")
    facts = {(r["subject"], r["predicate"].rsplit("#", 1)[-1], r["object"]) for r in rows}
    assert ("Sherwin Wu", "formerlyWorkedFor", "Opendoor") in facts
    assert all(r["quote"] and r["episode"].endswith("/a16z-sherwin-wu") for r in rows)


def test_evidence_for_sherwin_wu_has_quote_speaker_and_second(sample):
    rows = ask(sample, "evidence-for", subject="Sherwin Wu")
    quora = [r for r in rows if r["object"] == "Quora"]
    assert quora, rows
    assert "Sherwin Wu" in quora[0]["speaker"]
    assert float(quora[0]["second"]) > 0
    assert quora[0]["link"].startswith("https://www.youtube.com/watch?v=3x0jhpEj_6o&t=")


def test_people_within_two_hops_of_sherwin_are_people(sample):
    rows = ask(sample, "people-within-two-hops", person="Sherwin Wu")
    people = set(run_query(sample, "SELECT ?l WHERE { ?p a kgo:Person ; rdfs:label ?l }").rows[i][0]
                 for i in range(len(run_query(sample, "SELECT ?l WHERE { ?p a kgo:Person ; rdfs:label ?l }").rows)))
    assert rows and all(r["person"] in people and r["person"] != "Sherwin Wu" and r["hops"] in {"1", "2"} for r in rows)


def test_entities_by_mentions_puts_openai_near_the_top(sample):
    rows = ask(sample, "entities-by-mentions")
    counts = [int(r["mentions"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert "OpenAI" in [r["entity"] for r in rows[:3]]
    assert all(r["episodes"] == "1" for r in rows)


def test_facts_about_sherwin_said_by_others_exclude_his_own_words(sample):
    mine = ask(sample, "asserted-by-speaker", person="Sherwin Wu")
    others = ask(sample, "facts-about-said-by-others", person="Sherwin Wu")
    assert mine and others, "he speaks about himself and is spoken about"
    assert not any(r["speaker"].startswith("Sherwin Wu") for r in others)


def test_facts_about_openai_said_by_others_come_from_people_who_are_not_openai(sample):
    rows = ask(sample, "facts-about-said-by-others", person="OpenAI")
    assert any(r["object"] == "GPT-OSS" for r in rows)


def test_episodes_mentioning_openai_uses_the_episode_graph(sample):
    rows = ask(sample, "episodes-mentioning", entity="OpenAI")
    assert [r["episode"] for r in rows] == ["https://w3id.org/kg/id/episode/a16z-sherwin-wu"]
    assert rows[0]["title"].startswith("How OpenAI Builds")
    assert int(rows[0]["quotes"]) >= 1


# ---------------------------------------------------------------- a collection of two episodes

def test_two_hops_cross_episodes(collection):
    rows = {r["person"]: r for r in ask(collection, "people-within-two-hops", person="Ada Lovelace")}
    assert set(rows) == {"Grace Hopper", "Bob Builder"}
    assert rows["Grace Hopper"]["hops"] == "2" and rows["Grace Hopper"]["via"] == "Acme"
    assert rows["Bob Builder"]["via"] == "Initech"
    assert set(ask(collection, "people-within-two-hops", person="Bob Builder")[0].values()) >= {"Ada Lovelace"}


def test_said_by_others_keeps_only_other_speakers(collection):
    rows = ask(collection, "facts-about-said-by-others", person="Ada Lovelace")
    assert [(r["predicate"].rsplit("#", 1)[-1], r["object"], r["speaker"]) for r in rows] == [
        ("founded", "Acme", "host (SPEAKER_00)")]


def test_who_worked_at_acme_and_initech(collection):
    acme = {(r["person"], r["status"]) for r in ask(collection, "who-worked-at", org="Acme")}
    assert acme == {("Ada Lovelace", "founder"), ("Grace Hopper", "current")}
    initech = {(r["person"], r["status"]) for r in ask(collection, "who-worked-at", org="Initech")}
    assert initech == {("Ada Lovelace", "former"), ("Bob Builder", "current")}


def test_names_are_matched_by_label(collection):
    assert ask(collection, "where-does-person-work", person="Ada Loveless") == []
    assert {r["employer"] for r in ask(collection, "where-does-person-work", person="Ada Lovelace")} == {"Initech"}
    said = ask(collection, "asserted-by-speaker", person="Grace Hopper")
    assert [r["object"] for r in said] == ["Acme", "Initech", "Widget"]


def test_episodes_mentioning_counts_quotes_per_episode(collection):
    rows = ask(collection, "episodes-mentioning", entity="Acme")
    assert [(r["title"], r["quotes"]) for r in rows] == [("Episode two", "2"), ("Episode one", "1")]
    assert [r["title"] for r in ask(collection, "episodes-mentioning", entity="Widget")] == ["Episode two"]


def test_products_and_mentions_in_collection(collection):
    assert [r["product"] for r in ask(collection, "products-of", org="Acme")] == ["Widget"]
    top = ask(collection, "entities-by-mentions")[0]
    assert (top["entity"], top["mentions"], top["episodes"]) == ("Acme", "7", "2")


# ---------------------------------------------------------------- parameters and output formats

def test_missing_and_unknown_parameters_are_one_line_errors():
    with pytest.raises(InputError, match="needs --param person"):
        named_query("where-does-person-work")
    with pytest.raises(InputError, match="no parameter"):
        named_query("entities-by-mentions", {"person": "x"})


def test_a_quote_in_a_parameter_cannot_break_out(sample):
    assert ask(sample, "where-does-person-work", person='x" } ; DROP ALL ; {') == []


def test_cli_sparql_json(sample_dir):
    result = CliRunner().invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.trig"), "-n", "where-does-person-work",
                                       "-p", "person=Sherwin Wu", "--format", "sparql-json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["person", "status", "employer", "confidence"]
    employers = {b["employer"]["value"] for b in data["results"]["bindings"] if b["status"]["value"] == "former"}
    assert {"Opendoor", "Quora"} <= employers
    assert data["results"]["bindings"][0]["confidence"]["datatype"].endswith("#decimal")


def test_cli_sparql_xml(sample_dir):
    result = CliRunner().invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"),
                                       "ASK { ?p kgo:formerlyWorkedFor ?o . ?o rdfs:label \"Quora\" }",
                                       "--format", "sparql-xml"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.output)
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def test_cli_sparql_json_refuses_construct(sample_dir):
    result = CliRunner().invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"),
                                       "CONSTRUCT WHERE { ?s kgo:worksFor ?o }", "--format", "sparql-json"])
    assert result.exit_code == 2
    assert "SELECT or ASK" in result.output
