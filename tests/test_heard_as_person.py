"""A one-word name said as a person (NER's PERSON, or a person cue) and heard like a company or a product
(kg/extract/names/heard.py, ``type_evidence``): the person counts against the sound match, and evidence
for it makes that up: names of the match's kind around it, or a name that is no ordinary word."""

from __future__ import annotations

import pytest

from kg.extract.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _found(nlp, text: str, word: str) -> list[tuple[str, str]]:
    """(type, lexicon key) of the mentions of ``word``."""
    doc = nlp(text)
    return [(s.label_, s.kb_id_) for s in doc.spans["kg"] if s.text == word]


def test_a_sure_sound_or_names_of_its_kind_around_outweigh_ners_person(nlp):
    # the very sound of the product's name, though NER says a person
    assert _found(nlp, "I assume it's all being done with Grock now. So it's not the old hard code algorithm anymore, "
                       "is it?", "Grock") == [("Product", "grok")]
    # a coined name, no ordinary word, as alike as the bar: a family name seldom sounds like one
    assert _found(nlp, "I would actually push back and say, look at Brax at 13 or 14 billion with all that revenue "
                       "growth.", "Brax") == [("Organization", "brex")]
    # listed beside a company: the company heard differently
    assert _found(nlp, "It's not a criticism of Sierra or Decacon or others, but the whole market is moving fast "
                       "these days.", "Decacon") == [("Organization", "decagon")]


def test_a_name_said_as_a_person_and_only_as_alike_as_the_bar_stays_a_person(nlp):
    # NER's person, people around it and no company, and 'Rabbit' an ordinary word: no company by a sound
    # that only ties the bar
    assert _found(nlp, "By the way, I love Rubit dearly. Nick and Mickey are great, and we talk all the time "
                       "about it.", "Rubit") == [("Person", "")]
    # a person cue before it says the same ('Sutton' sounds like the company Stone, an ordinary word)
    assert _found(nlp, "So my cofounder Sutton and I started working on it in a garage, and we never looked back "
                       "after that.", "Sutton") == [("Person", "")]
