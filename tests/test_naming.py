"""Names a speaker introduces (issue #18): 'a book called X', 'it's called X', 'a guy named X', "Tim
Ferriss' book, X". The mention finder reads them off the dependency parse, whole, typed by their kind
noun (``ontology/rules/naming.json``), as candidates for the linker; a known name wins where it covers
them. Each rule's examples (``tests/data/naming_examples.json``) fire, and its near misses do not."""

from __future__ import annotations

import json

import pytest

from kg.extract.episode import link_episode, parse_episode
from kg.extract.names.candidates import naming_rules, naming_spans
from kg.extract.names.features import naming_cue, type_cues
from kg.extract.names.linking import Linker
from kg.extract.nlp import load_pipeline
from kg.read import read_transcript

from .conftest import DATA

EXAMPLES: dict = json.loads((DATA / "naming_examples.json").read_text(encoding="utf-8"))
RULES = [r for r in EXAMPLES if r != "description"]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(0.8, ())


def _named(nlp, sentence: str) -> list[tuple[str, str | None]]:
    return [(span.text, kind) for span, kind in naming_spans(nlp(sentence))]


def _cases(kind: str) -> list:
    return [pytest.param(rule, *example, id=f"{rule}-{kind}-{i}")
            for rule in RULES for i, example in enumerate(EXAMPLES[rule][kind])]


def test_every_naming_rule_has_examples_that_fire_and_near_misses():
    """A rule without both kinds of example fails here; every kind noun type has its rule."""
    assert all(EXAMPLES[r].get("fire") and EXAMPLES[r].get("not") for r in RULES)
    assert {f"kind_{ty}" for ty in set(naming_rules()["kinds"].values())} <= set(RULES)


@pytest.mark.parametrize("rule,sentence,name,kind", _cases("fire"))
def test_a_naming_gives_the_whole_name_with_its_kind(nlp, rule, sentence, name, kind):
    """The name, its whole extent and nothing more, typed by its kind noun (None: no kind noun)."""
    assert (name, kind) in _named(nlp, sentence)


@pytest.mark.parametrize("rule,sentence,words", _cases("not"))
def test_a_near_miss_gives_no_such_name(nlp, rule, sentence, words):
    """A phone call, a concept, a description, a clause run on: no name of these words."""
    assert words not in [text for text, _ in _named(nlp, sentence)]


def _spans(nlp, sentence: str) -> dict[str, tuple[str, str, str]]:
    """The finder's mentions: text -> (type, lexicon key, method)."""
    doc = nlp(sentence)
    return {s.text: (s.label_, s.kb_id_, s._.kg_match[0]) for s in doc.spans["kg"]}


def test_the_finder_offers_a_named_name_whole_and_a_known_name_wins_where_it_covers_it(nlp):
    """'a town called Ashby Falls' is one candidate, a Place, found as named; 'a book called The Lean
    Startup' stays the lexicon's book; 'the History of Rome' (the known name holds the words after the
    article) is the lexicon's show, not a shorter candidate inside it."""
    spans = _spans(nlp, "I grew up in a town called Ashby Falls, and I read a book called The Lean Startup there.")
    assert spans["Ashby Falls"] == ("Place", "", "named"), spans
    assert spans["The Lean Startup"][1] and spans["The Lean Startup"][2] == "exact", spans
    spans = _spans(nlp, "There's a podcast called the History of Rome that I love.")
    assert "History of Rome" not in spans and any(key for _, key, _ in spans.values()), spans


def test_a_named_name_wins_over_a_shorter_known_name_inside(nlp):
    """'a guy named Jordan Blickstein' is a person, not the country Jordan and a stray word; 'a company
    named Corvane Robotics' is not the known Carvana (heard alike) and a word."""
    spans = _spans(nlp, "Then I met a guy named Jordan Blickstein who runs a bakery.")
    assert spans.get("Jordan Blickstein") == ("Person", "", "named"), spans
    assert "Jordan" not in spans
    spans = _spans(nlp, "So I joined a company named Corvane Robotics after college.")
    assert spans.get("Corvane Robotics") == ("Organization", "", "named"), spans


def test_the_naming_cue_and_the_kind_noun_are_evidence(nlp):
    """The linker's naming_cue holds for a name the finder read as named and past an article ('called the
    X'); the kind noun types it over the word 'named' ('a company named X' is no person)."""
    doc = nlp("So I joined a company named Corvane Robotics after college.")
    span = next(s for s in doc.spans["kg"] if s.text == "Corvane Robotics")
    assert naming_cue(span) and type_cues(span) == ["Organization"]
    doc = nlp("Have you heard of the show they called the Quiet Hour?")
    quiet = next((s for s in doc.ents if "Quiet" in s.text), None) or doc[-4:-1]
    assert naming_cue(doc[quiet.end - 2:quiet.end])
    doc = nlp("I met him at the office downtown last week.")
    assert not naming_cue(doc[4:5])


def test_named_names_reach_the_episode_whole_and_typed(tmp_path):
    """Through the whole pipeline (every candidate accepted): the lower-case name after 'it's called' and
    the book in apposition are entities of the right extent and type; no 'him' from a phone call."""
    lines = ["My friend started a company, it's called beyond labs, and they make robots for farms.",
             "Tim Ferriss' book, The Four Hour Chef, changed how I cook.",
             "I called him yesterday about it."]
    path = tmp_path / "t.txt"
    path.write_text("".join(f"[00:00:{i:02d}] SPEAKER_0{i % 2}: {line}\n" for i, line in enumerate(lines)))
    result = link_episode(parse_episode(read_transcript(path)), linker=Linker({"bias": 30.0}, 0.5))
    found = {e.label: e.top_type for e in result.entities.values()}
    assert found.get("beyond labs") == "Organization" and found.get("The Four Hour Chef") == "Product", found
    assert not any(label.lower() == "him" for label in found)
