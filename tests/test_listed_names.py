"""Lists of people run together (kg/extract/names/lists.py): speech-to-text drops the commas of a spoken
list, and a run of capitalised words that holds two names is cut before the known first name that
follows a complete first and last name; a nickname inside one name, or a run that opens on no first
name, is not cut."""

from __future__ import annotations

import pytest

from kg.extract.nlp import load_pipeline

AFTER = " and what they want to build next year, which we talked about for a long while."


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _people(nlp, text: str) -> list[str]:
    doc = nlp(text + AFTER)
    return [s.text for s in doc.spans["kg"] if s.label_ == "Person"]


def test_a_list_said_without_commas_is_cut_into_its_names(nlp):
    people = _people(nlp, "Yesterday afternoon we talked to Dana Reyes Marcus Oduya and Kim Lee about the new project")
    assert "Dana Reyes" in people and "Marcus Oduya" in people
    assert not any(p in people for p in ("Dana Reyes Marcus Oduya", "Reyes Marcus Oduya", "Marcus"))
    # three names run together, the second of them a first name too
    people = _people(nlp, "The episode was produced by Nora Blake Dana Marcus Owen Kessler, who worked on it for months,")
    assert {"Nora Blake", "Dana Marcus", "Owen Kessler"} <= set(people)


def test_a_nickname_inside_one_name_and_runs_without_a_first_name_are_not_cut(nlp):
    # 'Billy' is a form of William: one man with a nickname, not two people
    people = _people(nlp, "The book opens with William Sweet Billy Hartwell, the banker who ran the whole thing")
    assert "Billy Hartwell" not in people and "William Sweet" not in people
    # a title before the name: the run opens on no first name, so it is one person
    people = _people(nlp, "The study was run by Professor Allison Wood Brooks with a small team of students")
    assert "Allison Wood" not in people and "Wood Brooks" not in people
