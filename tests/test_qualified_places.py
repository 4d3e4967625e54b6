"""Places named with a qualifier (kg/extract/names/qualified.py, ontology/rules/qualified_places.json): a
compass or region word before a known place is one place named with it, and the known place inside is
no mention of its own there; a qualified name the lexicon knows whole stays the lexicon's."""

from __future__ import annotations

import pytest

from kg.extract.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _places(nlp, text: str) -> list[tuple[str, str, str]]:
    """(text, lexicon key, name) of every Place the mention finder takes."""
    doc = nlp(text)
    return [(s.text, s.kb_id_, s._.kg_match[2]) for s in doc.spans["kg"] if s.label_ == "Place"]


def test_a_qualifier_before_a_known_place_is_one_place(nlp):
    assert _places(nlp, "I grew up in upstate New York on a small lake in a small town.") == [
        ("upstate New York", "", "Upstate New York")]
    assert _places(nlp, "The fires across Northern California and Southern California were terrible this year.") == [
        ("Northern California", "", "Northern California"), ("Southern California", "", "Southern California")]
    assert _places(nlp, "We were driving in Central London and then in central Tokyo last year.") == [
        ("Central London", "", "Central London"), ("central Tokyo", "", "Central Tokyo")]
    # the known place's own name, not its alias, after the qualifier
    assert ("western US", "", "Western United States") in _places(nlp, "Housing in the western US is booming again.")


def test_a_people_and_a_compass_word_name_a_region(nlp):
    assert ("American West", "", "American West") in _places(nlp, "He moved to the American West to fight wildfires.")
    assert ("American Midwest", "", "American Midwest") in _places(nlp, "They farm in the American Midwest now.")


def test_near_misses_keep_the_known_place_alone(nlp):
    # a direction, not a name: 'north of Boston'
    assert _places(nlp, "Houses north of Boston are cheap these days, my friend.") == [("Boston", "boston", "Boston")]
    # a longer name goes on after it: no qualified place inside 'Southern California Edison'
    assert not any(key == "" for _, key, _ in _places(nlp, "Southern California Edison raised its rates again."))
    # a qualified name the lexicon knows whole is the lexicon's
    assert _places(nlp, "I moved from West Virginia to South Africa after college.") == [
        ("West Virginia", "west-virginia", "West Virginia"), ("South Africa", "south-africa", "South Africa")]
    # a people's word and a compass word without 'the' before them are no region ('American South Pacific')
    assert not any(text == "American West" for text, *_ in _places(nlp, "American West coast startups raised a lot."))


def test_a_qualified_place_said_once_is_kept(tmp_path):
    from kg.extract.episode import extract_file

    path = tmp_path / "t.txt"
    path.write_text("[00:00:01] SPEAKER_00: I grew up in upstate New York on a small lake.\n"
                    "[00:00:05] SPEAKER_01: And I spent ten years in Northern California before that.\n")
    labels = {(e.label, e.top_type) for e in extract_file(str(path)).entities.values()}
    assert {("Upstate New York", "Place"), ("Northern California", "Place")} <= labels
    assert not {"New York", "California"} & {label for label, _ in labels}


def test_a_qualified_place_is_not_the_known_place_said_elsewhere(tmp_path):
    from kg.extract.episode import extract_file

    path = tmp_path / "t.txt"
    path.write_text("[00:00:01] SPEAKER_00: Housing in the western US is booming again this year.\n"
                    "[00:00:05] SPEAKER_01: And the US economy as a whole is doing fine, I think.\n")
    entities = {e.label: e for e in extract_file(str(path)).entities.values()}
    assert {"Western United States", "United States"} <= set(entities)
    assert [m.text for m in entities["United States"].mentions] == ["US"]


def test_a_qualified_place_stays_a_place_where_the_words_say_organization(tmp_path):
    from kg.extract.episode import extract_file

    path = tmp_path / "t.txt"
    path.write_text("[00:00:01] SPEAKER_00: We have spoken of big firms in Adelaide at West Australia over the years.\n")
    types = {e.label: e.top_type for e in extract_file(str(path)).entities.values()}
    assert types.get("West Australia") == "Place"
