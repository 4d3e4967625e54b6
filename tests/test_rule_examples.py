"""Every relation rule's own examples (``tests/data/rule_examples.json``): sentences that must fire it,
and near misses that must not (negation, hedges, the wrong tense or kind, false friends, a generic 'you').

An example is a few transcript lines said after :data:`INTRO` (SPEAKER_00 is the unnamed host,
SPEAKER_01 is Ali Ghodsi), an optional ``header`` (a title) before it, and a ``fact``
[subject, predicate, object] by label. A "fire" example must produce the fact with evidence of that very
rule; a "not" example must not produce the fact at all, by any rule. An example with ``"xfail": reason``
is a known miss of the rules, run as a strict xfail: once the rules get it right, the test fails until
the mark is removed.
"""

from __future__ import annotations

import json

import pytest

from kg.extract.episode import extract_file
from kg.extract.names.lexicon import symmetric_predicates
from kg.extract.relations.extract import load_rules

from .conftest import DATA

INTRO = "[00:00:01] SPEAKER_00: Welcome to the show. Today we're joined by Ali Ghodsi.\n[00:00:04] SPEAKER_01: Thanks for having me.\n"
EXAMPLES: dict[str, dict[str, list[dict]]] = json.loads((DATA / "rule_examples.json").read_text(encoding="utf-8"))
RULE_IDS = [rule.id for rule in load_rules()[1]]


def _cases(kind: str) -> list:
    """(rule id, example) of every example of one kind, with an id like 'worksFor/self-at-fire-0'."""
    return [pytest.param(rule_id, example, id=f"{rule_id}-{kind}-{i}",
                         marks=[pytest.mark.xfail(reason=example["xfail"], strict=True)] if "xfail" in example else [])
            for rule_id, kinds in EXAMPLES.items() for i, example in enumerate(kinds.get(kind, []))]


def _evidence_rules(tmp_path, example: dict) -> set[str] | None:
    """The rule ids of the evidence for the example's fact (either way round for a symmetric predicate),
    the rules that read the same words as a surer rule's evidence included, or None when the fact is
    not produced."""
    path = tmp_path / "t.txt"
    lines = "".join(f"[00:00:{10 + 2 * i:02d}] {line}\n" for i, line in enumerate(example["lines"]))
    path.write_text(example.get("header", "") + INTRO + lines, encoding="utf-8")
    result = extract_file(str(path))
    subject, predicate, obj = example["fact"]
    wanted = {(subject, obj)} | ({(obj, subject)} if predicate in symmetric_predicates() else set())
    label = {key: entity.label for key, entity in result.entities.items()}
    found = [f for f in result.facts if f.predicate == predicate and (label[f.subject], label[f.object]) in wanted]
    return {rule for f in found for ev in f.evidence for rule in (ev.rule, *ev.also_read_by)} if found else None


def test_every_rule_has_examples_that_fire_and_that_do_not():
    """A rule added without examples, or examples left for a rule that is gone, fails here."""
    missing = [r for r in RULE_IDS if not (EXAMPLES.get(r, {}).get("fire") and EXAMPLES.get(r, {}).get("not"))]
    assert not missing, f"rules without a 'fire' and a 'not' example in rule_examples.json: {missing}"
    assert not set(EXAMPLES) - set(RULE_IDS), f"examples of unknown rules: {sorted(set(EXAMPLES) - set(RULE_IDS))}"


@pytest.mark.parametrize("rule_id,example", _cases("fire"))
def test_example_fires_its_rule(tmp_path, rule_id, example):
    """The fact is produced, and one of its evidences is this rule's."""
    rules = _evidence_rules(tmp_path, example)
    assert rules is not None, f"{example['fact']} not produced"
    assert rule_id in rules, f"{example['fact']} produced, but by {sorted(rules)}"


@pytest.mark.parametrize("rule_id,example", _cases("not"))
def test_near_miss_does_not_fire(tmp_path, rule_id, example):
    """The fact is not produced, by this rule or any other."""
    rules = _evidence_rules(tmp_path, example)
    assert rules is None, f"{example['fact']} produced by {sorted(rules)}"
