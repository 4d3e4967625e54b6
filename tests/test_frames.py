"""Names said as ordinary words, found by the frame they are said in (issue #18, classes 1 and 2): 'our
main competitor was X and then Y', 'startups like X', "X's CEO", 'my co-founder X'. The mention finder
offers the bare word run a naming frame (``ontology/rules/frames.json``) introduces, typed by the frame,
with the items listed beside it; the linker weighs it (framed, naming_cue)."""

from __future__ import annotations

import pytest

from kg.extract.names.features import naming_cue
from kg.extract.names.framed import FRAMED, frame_rules
from kg.extract.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(0.8, ())


def _framed(nlp, sentence: str) -> dict[str, tuple[str, str]]:
    """The finder's framed candidates: text -> (type, method)."""
    doc = nlp(sentence)
    return {s.text: (s.label_, s._.kg_match[0]) for s in doc.spans["kg"]
            if s._.kg_match[0] == FRAMED}


def test_a_frame_offers_a_name_said_as_a_word_and_the_items_listed_beside_it(nlp):
    """'competitor was X and then Y': both are companies, though each is a dictionary word in lower case."""
    spans = _framed(nlp, "And our main competitor was sketch and then marvel, for years.")
    assert spans == {"sketch": ("Organization", FRAMED), "marvel": ("Organization", FRAMED)}, spans


def test_a_frame_that_says_what_the_name_is_called_types_it(nlp):
    """'an app called zenly' is a product ('a startup called X' is the naming cues' already: method
    'named'); 'apps like zenly' is
    no frame (on the whole corpus 'tools like X' introduced more kinds than names: 'tools like defects,
    voice clones'), nor is 'switched to' ('use', 'invested in' are said of common nouns as often)."""
    assert _framed(nlp, "Then we built an app called zenly for the school.") == {"zenly": ("Product", FRAMED)}
    assert _framed(nlp, "We compared apps like zenly, Google and quibbler before we built ours.") == {}
    assert _framed(nlp, "Last year we switched to nimblr for all of our billing.") == {}


@pytest.mark.parametrize("sentence", [
    "We invested in companies like this one, and companies like ours.",
    "There are companies like big ones that just buy everything.",
    "Our biggest competitor is ourselves, honestly.",
    "The main competitor was the incumbent in every market.",
    "Use promo code pivot at checkout.",
    "Don't assume that other competitors are idiots, right?",
    "If you don't use pre-training that will not work.",
    "I didn't know how this other competitor was finding success.",
    "The competitor is called out in the report.",
    "I started a firm for my friend in March 2006.",
])
def test_near_misses_offer_nothing(nlp, sentence):
    """Pronouns, articles, stop-listed words and class nouns after a frame are no names."""
    assert _framed(nlp, sentence) == {}


def test_a_person_frame_offers_a_first_name_said_in_lower_case(nlp):
    """'my co-founder evan' is a person; 'my friend said' is no one."""
    doc = nlp("I built it with my co-founder evan in a garage.")
    evan = next(s for s in doc.spans["kg"] if s.text == "evan")
    assert evan.label_ == "Person" and evan._.kg_match == (FRAMED, 0.5, "Evan")
    assert _framed(nlp, "And my friend said it would never work.") == {}


def test_a_name_a_frame_offers_has_the_linker_naming_cue(nlp):
    """'our biggest competitor is quorvex' introduces a name: the linker's naming_cue holds for it."""
    doc = nlp("Back then our biggest competitor is quorvex, for sure.")
    assert naming_cue(next(s for s in doc.spans["kg"] if s.text == "quorvex"))


def test_the_frames_are_data():
    """The frames are rules/frames.json's: 'competitor was', 'companies called'; no class frame
    ('companies like') and no frame said of common nouns ('invested in')."""
    before = frame_rules()["frames"]["before"]
    assert ("competitor", "was") in before["Organization"] and ("companies", "called") in before["Organization"]
    assert ("companies", "like") not in before["Organization"]
    assert not any(("invested", "in") in phrases for phrases in before.values())
