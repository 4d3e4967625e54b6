"""The quality bar of issue #8 on the dev set (../shared/transcripts scored against ../shared/gold).

On each dev transcript: entity F1 >= 0.80, relation F1 >= 0.50, no duplicate nodes, and core entity
recall 1.0 on a16z-sherwin-wu (the sample) and >= 0.8 on the others.
"""

from __future__ import annotations

import pytest

from kg.evaluate import evaluate_files, load_gold

from .conftest import SHARED, dev_transcripts

ENTITY_F1 = 0.80
RELATION_F1 = 0.50
CORE_RECALL = {"a16z-sherwin-wu": 1.0}
CORE_RECALL_OTHERS = 0.8

DEV = [stem for stem, _, _ in dev_transcripts()] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"no dev set: {SHARED}/gold and {SHARED}/transcripts are absent"))]


@pytest.mark.parametrize("stem", DEV)
def test_quality_bar(dev_builds, stem):
    graph_file, gold_file = dev_builds[stem]
    r = evaluate_files([graph_file], gold_file)
    core_bar = CORE_RECALL.get(stem, CORE_RECALL_OTHERS)
    measured = (f"{stem}: entity P={r.entities.precision} R={r.entities.recall} F1={r.entities.f1}, "
                f"relation P={r.relations.precision} R={r.relations.recall} F1={r.relations.f1}, "
                f"core entity recall={r.entities_core_recall}, duplicate nodes={r.duplicate_nodes}")
    shortfalls = []
    if r.entities.f1 < ENTITY_F1:
        shortfalls.append(f"entity F1 {r.entities.f1} < {ENTITY_F1}")
    if r.relations.f1 < RELATION_F1:
        shortfalls.append(f"relation F1 {r.relations.f1} < {RELATION_F1}")
    if r.entities_core_recall is not None and r.entities_core_recall < core_bar:
        core = {e["name"] for e in load_gold(gold_file)["entities"] if e.get("tier") == "core"}
        missed = sorted(core & {*r.missed_entities, *r.not_canonically_named})
        shortfalls.append(f"core entity recall {r.entities_core_recall} < {core_bar} "
                          f"(core missed or not under the gold name: {', '.join(missed)})")
    if r.duplicate_nodes:
        shortfalls.append(f"{r.duplicate_nodes} duplicate nodes")
    assert not shortfalls, f"{measured}\n  below the bar: " + "; ".join(shortfalls)
