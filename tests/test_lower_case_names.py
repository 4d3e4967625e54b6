"""Known names that speech-to-text writes in lower case ('we drove to whole foods'): offered to the
linker with the words around them as features (``name_context``, ``lower_cue``), never decided by a
name list."""

from __future__ import annotations

from .conftest import decision_on as _decision, said as _said


def test_a_lower_case_name_one_goes_to_is_a_name(tmp_path):
    """'we drove to whole foods': the words before use it as a place of business; the phrase alone
    ('eat whole foods') is weighed the same way and stays words."""
    went = _said(tmp_path, "So after the meeting we drove to whole foods and bought lunch for everyone.")
    d = _decision(went, "Whole Foods Market")
    assert d.features.get("name_context") == 1.0 and d.features.get("lower_cue") == 1.0
    assert d.accepted and "Whole Foods Market" in {e.label for e in went.entities.values()}
    ate = _said(tmp_path, "That was the whole foods thing, eat whole foods and not processed ones.")
    d = _decision(ate, "Whole Foods Market")
    assert not d.features.get("name_context") and not d.accepted
    assert "Whole Foods Market" not in {e.label for e in ate.entities.values()}


def test_a_class_noun_right_before_a_lower_case_name_is_context(tmp_path):
    """'my old company the generalist': the noun naming its kind stands right before the name."""
    result = _said(tmp_path, "Before this I ran my old company the generalist for six years.")
    assert _decision(result, "The Generalist").features.get("name_context") == 1.0


def test_known_names_in_lower_case_listed_together_are_listed(tmp_path):
    """'ramp and mercury': two known names left undecided, each listed beside the other; the listing
    is a feature of both (weighed with the rest: one sentence of ordinary words is not enough here)."""
    result = _said(tmp_path, "For the corporate cards we looked at ramp and mercury before we picked one.")
    for name in ("Ramp", "Mercury"):
        d = _decision(result, name)
        assert d.features.get("listed") == 1.0 and d.features.get("lower_cue") == 1.0, d.features


def test_a_word_modified_before_a_kind_noun_is_no_name_of_that_kind(tmp_path):
    """'the perplexity team' is Perplexity's team, but 'our first time founders' and 'a first-time CEO'
    are kinds of founders and CEOs: 'time' is a piece of the modifier, not the magazine Time, and the
    episode's other 'time's ('over time') stay words."""
    from .conftest import labels_of

    kinds = _said(tmp_path, "And so for us, you know, our first time founders are the best ones.",
                  "He said I'm going to be a first-time CEO, and that changes over time.",
                  "We learned a lot over time.")
    assert "Time" not in labels_of(kinds)
    named = _said(tmp_path, "I met the perplexity team yesterday and they were great.")
    assert "Perplexity" in labels_of(named)


def test_a_word_that_is_a_name_but_for_a_mark_no_one_hears_is_a_word(tmp_path):
    """The lab Humans& written without its ampersand is the word 'humans', capitalised or not; with
    the mark it is the lab."""
    from .conftest import labels_of

    word = _said(tmp_path, "Humans are great, but they're not great if they don't show up, right?",
                 "The robot learns very well from humans.")
    assert "Humans&" not in labels_of(word)
    lab = _said(tmp_path, "The new lab Humans& raised a big seed round last month.")
    assert "Humans&" in labels_of(lab)


def test_a_comma_before_a_clause_s_subject_makes_no_list(tmp_path):
    """'On Twitter, founders didn't like it': the comma ends a phrase and 'founders' is the subject of
    the clause after it, not an item listed beside Twitter (so not the podcast Founders)."""
    from .conftest import labels_of

    result = _said(tmp_path, "People were upset at General Catalyst. And on Twitter, founders didn't like to hear that.")
    assert "Founders" not in labels_of(result)


def test_a_plural_noun_standing_bare_is_no_second_mention_of_a_name(tmp_path):
    """Once the podcast Founders is named ('a podcast called Founders'), a bare 'use cursor' would be it
    again, but a bare plural is ordinary English: 'founders today have a harder job' is no mention."""
    result = _said(tmp_path, "I listen to a podcast called Founders every single week on my runs.",
                   "And founders today have a harder job than founders a decade ago.")
    founders = next(e for e in result.entities.values() if e.label == "Founders")
    assert len(founders.mentions) == 1, founders.mentions
