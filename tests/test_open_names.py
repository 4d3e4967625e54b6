"""Names no exact lexicon hit covers whole (kg/extract/names/candidates.py): the longer name wins over the known
name inside it, a first name and a family name split by a comma are one name, capitalised names NER
missed are offered to the linker, a family name alone is the one lexicon person of that name (decided by
kg/extract/names/surnames.py); and the
link features (kg/extract/names/span_features.py) that describe them."""

from __future__ import annotations

import pytest

from kg.extract.episode import extract_file
from kg.extract.names.span_features import heard_apart, heard_joined, mention_features
from kg.extract.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _kg(nlp, text: str) -> list[tuple[str, str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_, s._.kg_match[0]) for s in doc.spans["kg"]]


def test_the_longer_name_wins_over_the_known_name_inside_it(nlp):
    found = _kg(nlp, "And this has been observed by other groups, a beautiful study out of University of Minnesota, "
                     "looking at immigrants coming to the country.")
    # (the knowledge base's universities know it too: either way the longer name is the one found)
    assert ("University of Minnesota", "Organization") in [(text, kind) for text, kind, *_ in found]
    assert not any(text == "Minnesota" for text, *_ in found)
    # its head word types it: an airport is a place whatever NER says
    found = _kg(nlp, "We flew into John Wayne Airport yesterday and drove down to the office near the coast.")
    assert ("John Wayne Airport", "Place", "", "ner") in found


def test_a_known_name_with_no_longer_name_around_it_is_kept(nlp):
    found = _kg(nlp, "I went to college in Minnesota and then I moved out to the coast for a job in finance.")
    assert any(text == "Minnesota" and key == "minnesota" for text, _, key, _ in found)


def test_a_name_split_by_a_comma_is_one_name(nlp):
    doc = nlp("I was talking to Dylan, Zarkowski about it the other day and he said it was fine.")
    spans = [s for s in doc.spans["kg"] if "Zarkowski" in s.text]
    assert [(s.text, s.label_, s._.kg_match[2]) for s in spans] == [("Dylan, Zarkowski", "Person", "Dylan Zarkowski")]
    # a list of names stays a list
    doc = nlp("I was talking to Dylan, Zarkowski and Mendeleyev about it the other day and they said it was fine.")
    assert not any(s.text == "Dylan, Zarkowski" for s in doc.spans["kg"])


def test_a_capitalised_name_ner_missed_is_offered_and_a_stutter_is_one_name(nlp):
    found = _kg(nlp, "We did investments in companies like Ambrook Ambrook's amazing company trying to help farmers.")
    assert [f for f in found if f[0] == "Ambrook"] == [("Ambrook", "Organization", "", "capitalised")] * 2


def test_a_family_name_alone_is_the_one_lexicon_person_of_that_name(tmp_path):
    transcript = tmp_path / "t.txt"
    transcript.write_text("[00:00:00] SPEAKER_00: In the end we were told about it in a long speech that Starmer "
                          "gave to the crowd there.\n")
    found = {(e.label, e.top_type, e.lexicon_key, m.method)
             for e in extract_file(str(transcript)).entities.values() for m in e.mentions}
    assert ("Keir Starmer", "Person", "keir-starmer", "surname") in found


def test_link_features_read_the_shape_and_the_company_of_a_name(nlp):
    doc = nlp("Certainly there's the Center for Human Microbiome Studies at Stanford, which is our home base, "
              "and our sales force talks to Adobe and Sketch every week.")
    spans = {s.text: s for s in doc.spans["kg"]}
    center = mention_features([spans["Center for Human Microbiome Studies"]], "Center for Human Microbiome Studies", "Organization")
    assert center["head_word"] == 1.0 and center["connected_name"] == 1.0 and center["known_near"] == 1.0
    assert mention_features([spans["Sketch"]], "Sketch", "Organization")["listed"] == 1.0  # 'Adobe and Sketch'
    assert mention_features([spans["Sketch"]], "Sketch", "Person")["listed"] == 0.0  # beside no person
    sales = doc[[t.i for t in doc if t.text == "sales"][0]:][:2]
    assert heard_apart(sales, "Salesforce") and not heard_apart(sales, "Sales Force One")
    assert heard_joined(sales, ["Salesforce"], frozenset()) and not heard_joined(sales, ["Sales Force One"], frozenset())


def test_a_span_across_a_full_stop_is_no_name(nlp):
    from kg.extract.names.cues import _clean_edges

    doc = nlp("It's not your only asset for B2B. Try Reeve uploads something that is similar to what you want.")
    across = doc.char_span(doc.text.index("B2B"), doc.text.index(" uploads"), alignment_mode="expand")
    assert across is not None and _clean_edges(across) is None
    name = doc.char_span(doc.text.index("Reeve"), doc.text.index(" uploads"))
    assert _clean_edges(name).text == "Reeve"
    assert not any("." in text for text, *_ in _kg(nlp, doc.text))


def test_a_first_name_and_a_name_no_dictionary_has_are_a_person_whatever_ner_guessed(tmp_path):
    """NER reads 'Casey Hennmer' here as an organization; a Census first name and a
    word no dictionary has make a person's name, which outweighs a one-word cue ('at'). 'Jordan Energy'
    (an ordinary word last) keeps NER's type."""
    from kg.extract.names.features import shape_votes
    from kg.extract.names.cues import dictionary_words
    words = dictionary_words(load_pipeline())
    assert shape_votes("Casey Hennmer", words)["Person"] == 2
    assert not shape_votes("Jordan Energy", words) and not shape_votes("Casey Hennmer")
    path = tmp_path / "t.txt"
    path.write_text("[00:00:01] SPEAKER_00: And then Casey Hennmer wrote about it.\n"
                    "[00:00:05] SPEAKER_01: Look at Casey Hennmer.\n", encoding="utf-8")
    assert [d.type for d in extract_file(str(path)).decisions if d.name == "Casey Hennmer"] == ["Person"]
