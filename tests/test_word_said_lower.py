"""The ``word_said_lower`` feature: the words of an unknown person's name that the episode also says in
lower case elsewhere, as ordinary words ('Joshua Advice' where the speakers ask for advice), which the
linker weighs against the name; a family name the episode never says as a word ('Austin Reef') has none.
Other types are not weighed by it ('Sketch' is a company said as a word too)."""

from __future__ import annotations

import pytest

from kg.extract.episode import extract_file
from kg.extract.names.features import features, word_said_lower
from kg.extract.names.linking import SIGNS, default_linker
from kg.extract.nlp import load_pipeline
from kg.read.episode import Turn


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _turns(*texts: str) -> list[Turn]:
    return [Turn("A", text, (), ()) for text in texts]


def _span(nlp, text: str, name: str):
    doc = nlp(text)
    return next(s for s in doc.spans["kg"] if s.text == name)


SAID = "And then Joshua Advice said that it was basically over for the company and the team."


def test_a_family_name_the_episode_says_as_a_word_counts_and_a_first_name_does_not(nlp):
    span = _span(nlp, SAID, "Joshua Advice")
    turns = _turns(SAID, "My best advice to founders is to talk to users every week.")
    assert word_said_lower([span], turns, ["Joshua", "Advice"], "Person") == 1.0
    # 'joshua' in lower case says nothing: a person's Census first name is not weighed
    turns = _turns(SAID, "joshua was there too.")
    assert word_said_lower([span], turns, ["Joshua", "Advice"], "Person") == 0.0


def test_the_names_own_mentions_and_function_words_do_not_count(nlp):
    text = "We went to the Bureau of Aperiastics yesterday, and the bureau of aperiastics said no."
    doc = nlp(text)
    spans = [doc.char_span(m, m + len("bureau of aperiastics")) for m in (text.index("Bureau"), text.index("bureau"))]
    assert [s.text.lower() for s in spans] == ["bureau of aperiastics"] * 2
    # 'of' is a function word; 'bureau' and 'aperiastics' in lower case are only the name's own mention
    assert word_said_lower(spans, _turns(text), ["Bureau", "of", "Aperiastics"], "Organization") == 0.0
    turns = _turns(text, "Every bureau has its forms.")
    assert word_said_lower(spans, turns, ["Bureau", "of", "Aperiastics"], "Organization") == 0.5


def test_the_feature_is_weighed_against_the_name(nlp):
    """The fit may only give it a negative weight (SIGNS), and the shipped weights do: the same person
    candidate scores lower where the episode says its family name as a word."""
    assert SIGNS["word_said_lower"] == -1 and default_linker().weights["word_said_lower"] < 0
    span = _span(nlp, SAID, "Joshua Advice")
    plain = features([span], "Person", [0], _turns(SAID), label="Joshua Advice")
    said = features([span], "Person", [0, 1], _turns(SAID, "That is good advice."), label="Joshua Advice")
    assert plain["word_said_lower"] == 0.0 and said["word_said_lower"] == 1.0
    as_company = features([span], "Organization", [0, 1], _turns(SAID, "That is good advice."), label="Joshua Advice")
    assert as_company["word_said_lower"] == 0.0
    assert default_linker().score(said) < default_linker().score(plain)


def test_a_name_heard_from_a_sentence_is_rejected_where_its_word_is_said_as_a_word(tmp_path):
    lines = ["So Joshua Advice and knew what they say about the market, it was over.",
             "The best advice I ever got was to ship early and often.",
             "Honestly that advice changed how we built the whole company."]
    transcript = tmp_path / "t.txt"
    transcript.write_text("".join(f"[00:00:{i:02d}] SPEAKER_0{i % 2}: {line}\n" for i, line in enumerate(lines)))
    result = extract_file(str(transcript))
    assert "Joshua Advice" not in {e.label for e in result.entities.values()}
    decision = next(d for d in result.decisions if d.name == "Joshua Advice")
    assert not decision.accepted and decision.features["word_said_lower"] == 1.0
