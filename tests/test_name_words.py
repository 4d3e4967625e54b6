"""Person names whose words are dictionary words or places (issue #18): the Census name lists
(ontology/lexicon/surname_words.txt, given_names_census.txt, built by scripts/build_name_words.py), the
mention finder offering such names to the linker instead of dropping them, the exact pass giving way to
a person NER sees ('Sydney Kaplan' is no city), and the ``surname`` feature the linker weighs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.extract.names.features import features
from kg.extract.names.lexicon import census_given_names, given_names, surname_prior, surname_ranks, surname_words
from kg.extract.nlp import load_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import build_name_words  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _kg(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans["kg"]]


def test_the_surname_list_is_census_names_that_are_dictionary_words_in_rank_order():
    ranks = surname_ranks()
    assert ranks["smith"] == 1 and ranks["fisher"] < ranks["whitehead"] < 1000
    assert list(ranks.values()) == sorted(ranks.values()) and max(ranks.values()) <= build_name_words.SURNAME_RANK
    assert surname_words() == frozenset(ranks) and "advice" not in ranks
    # a prior falling with the rank; no prior for a word that is no family name
    assert surname_prior("Smith") == 1.0 > surname_prior("Fisher") > surname_prior("Whitehead") > 0.0 == surname_prior("advice")
    # the Census first names are many more than the hand list of common ones, and hold it mostly
    assert len(census_given_names()) > 2 * len(given_names()) and "sydney" in census_given_names() - given_names()


def test_the_build_keeps_dictionary_words_up_to_the_rank():
    rows = [("smith", 1.0, 1), ("mcallister", 1.1, 2), ("salt", 1.2, 30_000), ("mills", 1.3, 40)]
    words = frozenset({"smith", "salt", "mill"})
    # 'mills' is a word by its inflection ('mill' + 's'), as the mention finder tests words
    assert build_name_words.surname_lines(rows, words, rank=10_000) == ["smith 1", "mills 40"]
    male, female = [("john", 3.0, 1), ("zeke", 95.0, 900)], [("mary", 2.0, 1), ("lola", 91.0, 3000)]
    assert build_name_words.given_lines([male, female], share=90.0) == ["john mary"]


def test_the_build_keeps_family_names_rare_as_words_at_any_rank():
    """'merton' (rank 31,515) is a word WordNet lists for a famous man, rare in speech; 'salt' and 'smith'
    are said often as words; 'mcallister' is no dictionary word."""
    pytest.importorskip("wordfreq")
    rows = [("smith", 1.0, 1), ("mcallister", 1.1, 2), ("salt", 1.2, 49_632), ("merton", 1.3, 31_515)]
    words = frozenset({"smith", "salt", "merton"})
    assert build_name_words.rare_lines(rows, words) == ["merton"]


def test_a_first_name_and_a_capitalised_dictionary_word_ner_sees_as_a_person_is_offered(nlp):
    found = _kg(nlp, "I was at dinner with Jordan Fisher and his wife, and we talked about the market all night.")
    assert ("Jordan Fisher", "Person", "") in found
    # any capitalised word after a first name is the linker's to weigh, not the finder's to drop
    doc = nlp("And then Joshua Advice said that it was basically over for the company and the team.")
    # offered as a name with dictionary words: never accepted by its shape alone (kept_shape), only by the linker
    assert [(s.text, s.label_, s._.kg_match[0]) for s in doc.spans["kg"]] == [("Joshua Advice", "Person", "ner-word")]
    # but not in Title Case, where NER sees people everywhere
    doc = nlp("Joshua Advice Said It Was Over")
    assert not any(s.text == "Joshua Advice" for s in doc.spans["kg"])


def test_a_place_or_company_inside_a_person_ner_sees_gives_way_to_the_person(nlp):
    found = _kg(nlp, "Last year my grandfather Sydney Kaplan ran a small bank in the city with his two brothers.")
    assert ("Sydney Kaplan", "Person", "") in found and not any(text == "Sydney" for text, *_ in found)
    found = _kg(nlp, "So last week we talked to Austin Stone about the deal and what it means for us.")
    assert ("Austin Stone", "Person", "") in found
    # the place said as a place is still the place
    found = _kg(nlp, "We flew to Sydney and then to Austin for the conference in the spring.")
    assert ("Sydney", "Place", "sydney") in found


def test_a_common_family_name_said_as_a_name_mid_sentence_is_offered(nlp):
    found = _kg(nlp, "Shares of Whitehead rose ten percent after the earnings call last week, which surprised everyone.")
    assert ("Whitehead", "Organization", "") in found
    # a dictionary word that is no common family name is still not offered
    found = _kg(nlp, "Shares of Lantern rose ten percent after the earnings call last week, which surprised everyone.")
    assert not any(text == "Lantern" for text, *_ in found)  # NER sees an organization there too
    # nor the family name of a lexicon person, which the family-name pass weighs ('Booker': Cory Booker)
    found = _kg(nlp, "I think that retailers like Booker are doing this in a really interesting way these days.")
    assert not any(text == "Booker" and key == "" for text, _, key in found)


def test_the_surname_feature_is_the_census_prior_of_an_unknown_names_last_word(nlp):
    doc = nlp("I was at dinner with Jordan Fisher and his wife, and we talked about the market all night.")
    span = next(s for s in doc.spans["kg"] if s.text == "Jordan Fisher")
    assert features([span], "Person", [], [])["surname"] == surname_prior("Fisher") > 0.5
    doc = nlp("Last year my grandfather Sydney Kaplan ran a small bank in the city with his two brothers.")
    span = next(s for s in doc.spans["kg"] if s.text == "Sydney Kaplan")
    assert features([span], "Person", [], [])["surname"] == 0.0  # 'Kaplan' is no dictionary word
