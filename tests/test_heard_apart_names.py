"""Known names that speech-to-text writes otherwise than the lexicon (issue #18): a closed compound heard
as two words ('drop box' for Dropbox), an acronym in other capitals ('DOD' for DoD), a name of several
words in lower case ('federal reserve'). Each is offered to the linker with its evidence as a feature
(``joined_name``, ``lower_compound``), weighed with the rest; the near misses stay words."""

from __future__ import annotations

import pytest

from kg.extract.names.exact import acronym_label
from kg.extract.names.span_features import heard_joined
from kg.extract.nlp import load_pipeline

from .conftest import decision_on as _decision, said as _said


def _labels(result) -> set[str]:
    return {e.label for e in result.entities.values()}


def test_a_closed_compound_heard_as_two_words_is_evidence_of_the_name(tmp_path):
    """'to drop box' runs together into Dropbox, a name no dictionary has; 'a drop box by the door' is
    the same words as a common noun, with an article: no such evidence, and a far lower score."""
    heard = _decision(_said(tmp_path, "We moved all our files to drop box last year."), "Dropbox")
    common = _decision(_said(tmp_path, "We keep a drop box by the front door for the mail."), "Dropbox")
    assert heard.features.get("joined_name") == 1.0 and not heard.features.get("split_word")
    assert not common.features.get("joined_name") and not common.accepted
    assert heard.score > common.score + 0.2


def test_a_closed_compound_beside_a_known_name_is_taken(tmp_path):
    result = _said(tmp_path, "We switched from Google Drive to drop box last year.")
    assert {"Dropbox", "Google Drive"} <= _labels(result)
    assert _decision(result, "Dropbox").features.get("joined_name") == 1.0


def test_a_plural_compound_heard_apart_is_offered_as_written(tmp_path):
    """'air tables': the plural of Airtable heard as two words is the name as written, not a sound-alike."""
    d = _decision(_said(tmp_path, "I think about like air tables maybe, another hard product to build."), "Airtable")
    assert d.features.get("joined_name") == 1.0


def test_function_words_that_spell_a_name_are_no_compound(tmp_path):
    """'to go' spells Togo, but two function words are a phrase: split, not joined, and rejected."""
    d = _decision(_said(tmp_path, "We have to go now, it is late.", "Do you want it to go or to stay?"), "Togo")
    assert d.features.get("split_word") == 1.0 and not d.features.get("joined_name") and not d.accepted


def test_an_acronym_in_capitals_is_its_name_however_the_lexicon_cases_it(tmp_path):
    """'DOD' is DoD, though the entry (also 'Pentagon') is flagged as a word and 'dod' is in WordNet."""
    assert "United States Department of Defense" in _labels(_said(tmp_path, "The DOD said no to the contract."))
    assert "United States Department of Defense" not in _labels(_said(tmp_path, "The dod said no to the contract."))


@pytest.mark.parametrize("label, expected", [("DoD", True), ("PwC", True), ("LLaMA", True), ("OpenAI", False),
                                             ("Box", False), ("Pentagon", False), ("DC", False), ("Navy SEALs", False)])
def test_acronym_labels(label, expected):
    assert acronym_label(label) is expected


def test_a_name_of_several_words_in_lower_case_whose_words_keep_together(tmp_path):
    """'federal reserve' said three times, its words never apart: a name; 'real time', whose words the
    episode says everywhere, is a phrase."""
    fed = _decision(_said(tmp_path, "so the federal reserve raised rates again.",
                          "nobody expected the federal reserve to move so fast.",
                          "then the federal reserve said it would wait."), "Federal Reserve")
    assert fed.features.get("lower_compound") == 1.0 and fed.accepted
    phrase = _decision(_said(tmp_path, "we do it in real time now.",
                             "it took a long time, a very long time, and time is money.",
                             "it is real, and real time data is real money."), "Real Time with Bill Maher")
    assert phrase.features.get("lower_compound", 0.0) <= 0.5 and not phrase.accepted


def test_letters_spelled_out_are_no_compound():
    """'shorting q q' spells the letters of an acronym, not the parts of the name QQ; 'core weave' is CoreWeave."""
    doc = load_pipeline()("He was shorting q q all year while we bought core weave.")
    letters = doc[[t.i for t in doc if t.text == "q"][0]:][:2]
    parts = doc[[t.i for t in doc if t.text == "core"][0]:][:2]
    assert not heard_joined(letters, ["QQ"], frozenset())
    assert heard_joined(parts, ["CoreWeave"], frozenset())


def test_a_name_written_with_an_ampersand_in_one_token_is_found(tmp_path):
    """'AT&T' is one token: found as the lexicon's AT&T; 'M&A' and 'R&D' fold to letters some label has
    ('MA', 'RD') but say an ampersand no such label has: no name."""
    result = _said(tmp_path, "The deal said AT&T could not buy Time Warner.", "We do M&A and R&D in Boston.")
    labels = _labels(result)
    assert "AT&T" in labels
    assert not {"Massachusetts", "RD"} & labels


def test_a_known_name_said_with_its_later_words_in_lower_case_is_found(tmp_path):
    """'our own Navy seals': the first word written as a name where NER sees one, the rest in lower case,
    is the lexicon's Navy SEALs, not the shorter United States Navy inside it."""
    labels = _labels(_said(tmp_path, "You are putting our own Navy seals in harm's way."))
    assert "Navy SEALs" in labels and "United States Navy" not in labels
