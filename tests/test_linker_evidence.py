"""Evidence the linker weighs instead of vetoes (issue #18): abbreviated place names, one-word aliases
before a noun, towns named as addresses, a long name said again by its key word, and weights whose
signs follow the features' meaning."""

from __future__ import annotations

import pytest

from kg.extract.episode import Options, extract_file, link_episode, parse_episode
from kg.extract.names.features import naming_cue, type_cues
from kg.extract.names.linking import FEATURES, SURE, Linker, default_linker, fit
from kg.extract.names.short_forms import capitalised_words, key_word, short_form
from kg.extract.nlp import load_pipeline
from kg.read import read_transcript

from .conftest import labels_of


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(0.8, ())


def _result(tmp_path, *lines: str):
    transcript = tmp_path / "t.txt"
    transcript.write_text("".join(f"[00:00:{i:02d}] SPEAKER_0{i % 2}: {line}\n" for i, line in enumerate(lines)))
    return extract_file(str(transcript))


def test_abbreviated_first_words_of_place_names(tmp_path):
    """'St. Petersburg' is the lexicon's Saint Petersburg (not a person 'Petersburg'); 'St. Paul' is GeoNames' Saint Paul."""
    found = labels_of(_result(tmp_path, "We spent a week in St. Petersburg before the war, it was beautiful.",
                              "My sister lives in St. Paul now, she moved there in May."))
    assert {"Saint Petersburg", "Saint Paul"} <= found, found
    assert "Petersburg" not in found and "Paul" not in found


def test_a_one_word_alias_before_a_noun_where_ner_agrees(tmp_path):
    """'Yale students' is Yale University where NER sees an organization there; an acronym before a
    noun ('DC power') stays a word."""
    found = labels_of(_result(tmp_path, "Most of the Yale students I met were interns, and a few Princeton students too.",
                              "We were talking about AC versus DC power in the old days of electricity."))
    assert {"Yale University", "Princeton University"} <= found, found
    assert "Washington, D.C." not in found


def test_a_town_named_as_an_address_is_a_place(tmp_path, nlp):
    """'Lynchburg, Virginia': a word WordNet lists, said as an address, is a town (typed Place, and
    accepted by the sure feature 'place_address'), not dropped as an ordinary word."""
    doc = nlp("We flew into the small airport in Lynchburg, Virginia and drove from there.")
    town = next(t for t in doc if t.text == "Lynchburg")
    assert "Place" in type_cues(doc[town.i:town.i + 1])
    result = _result(tmp_path, "We flew into the small airport in Lynchburg, Virginia and drove from there.")
    places = {e.label: e.top_type for e in result.entities.values()}
    assert places.get("Lynchburg") == "Place", places
    assert "place_address" in SURE and "place_address" in default_linker().sure


def test_a_word_in_lower_case_before_a_town_is_no_address(nlp):
    """An address writes its town with a capital: 'cursor, Windsor, lovable' is a list of names heard
    wrong, so 'cursor' is no town of Windsor even where NER reads it as a place ('Lynchburg, Virginia' is)."""
    from spacy.tokens import Span

    from kg.extract.names.cues import place_address

    def address(words: list[str]) -> bool:
        doc = nlp.make_doc(" ".join(words))
        for i, tok in enumerate(doc):
            tok.is_sent_start = i == 0
        doc.ents = [Span(doc, 2, 3, label="GPE")]
        return place_address(doc[2:3], [Span(doc, 4, 5, label="Place", kb_id="windsor")])

    assert address(["we", "use", "Dayton", ",", "Windsor", "daily"])
    assert not address(["we", "use", "cursor", ",", "Windsor", "daily"])


def test_a_key_word_said_again_is_evidence_and_a_mention(tmp_path, nlp):
    """'a startup called Quillon Robotics' ... 'When I sold Quillon': the key word said alone,
    capitalised, counts for the long name (``short_form``) and becomes its mention once it is accepted
    (a candidate of the word alone joins it)."""
    lines = ["For six years I ran a startup called Quillon Robotics with two friends.",
             "When I sold Quillon in 2022, we had forty people.",
             "These days Quillon makes robot arms for farms."]
    docs = [nlp(line) for line in lines]
    long = next(s for s in docs[0].ents if s.text == "Quillon Robotics")
    assert key_word("Quillon Robotics", "Organization") == "quillon"
    assert key_word("The Lean Startup", "Product") == "lean" and key_word("Acme", "Organization") is None
    assert capitalised_words(docs)["quillon"] == 2  # twice alone (not in its own mention, beside "Robotics")
    assert short_form("Quillon Robotics", "Organization", [long], capitalised_words(docs)) > 0
    assert naming_cue(long)
    transcript = tmp_path / "t.txt"
    transcript.write_text("".join(f"[00:00:{i:02d}] SPEAKER_0{i % 2}: {line}\n" for i, line in enumerate(lines)))
    parsed = parse_episode(read_transcript(transcript))
    result = link_episode(parsed, Options(), Linker({"bias": 30.0}, 0.5))  # accept every candidate
    ent = next((e for e in result.entities.values() if e.label == "Quillon Robotics"), None)
    assert ent is not None, labels_of(result)
    assert sum(m.text == "Quillon" for m in ent.mentions) == 2 and "Quillon" not in labels_of(result)


def test_a_word_beside_capitals_or_a_date_is_no_short_form(nlp):
    """'Gen Z' (a capital after it) and NER's date 'Christmas' are not said alone; a family name that
    is also a word is no key word."""
    docs = [nlp("Now I think Gen Z and Gen Alpha are different."), nlp("We met again at Christmas with the kids.")]
    counts = capitalised_words(docs)
    assert counts["gen"] == 0 and counts["christmas"] == 0
    assert key_word("Eric Christmas", "Person", frozenset({"christmas"})) is None


def test_fitted_weights_keep_the_sign_of_their_meaning():
    """Where a feature that is evidence of a name falls with the label in a small sample (collinear with
    another), the fit holds its weight at 0 instead of letting it count against names."""
    rows = [{"bias": 1.0, "capitalised_rel": 1.0, "multiword": 1.0}] * 6 + [{"bias": 1.0, "capitalised_rel": 1.0}] * 6 \
        + [{"bias": 1.0, "multiword": 1.0}] * 2 + [{"bias": 1.0}] * 2
    labels = [1] * 5 + [0] + [0] * 6 + [1, 1] + [1, 0]
    free = fit(rows, labels, l2=0.1, signs={})
    held = fit(rows, labels, l2=0.1)
    assert free["capitalised_rel"] < 0 <= held["capitalised_rel"] and held["multiword"] > 0
    assert set(held) == set(FEATURES)
