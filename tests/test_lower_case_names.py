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
