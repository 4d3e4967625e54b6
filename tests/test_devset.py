"""Quality on the dev set (../shared/transcripts scored against ../shared/gold with kg eval).

Issue #8 sets the bar: on each dev transcript entity F1 >= 0.80, relation F1 >= 0.50, no duplicate
nodes, core entity recall 1.0 on a16z-sherwin-wu and >= 0.8 on the others. kg meets it on all four
(session 3), so the bar is the floor; a dev transcript added later without a floor of its own is held
to DEFAULT_FLOOR. A change that makes extraction worse than the bar fails here, with the figures.
"""

from __future__ import annotations

import pytest

from kg.evaluate import evaluate_files, load_gold

from .conftest import SHARED, dev_transcripts

BAR = {"entity_f1": 0.80, "relation_f1": 0.50, "core_recall": 0.8, "duplicates": 0}
BAR_CORE_RECALL = {"a16z-sherwin-wu": 1.0}

# Measured on 2026-12-04 (the README has the full table); the bar is the floor of each:
#   a16z-sherwin-wu   entity F1 0.927  relation F1 0.845  core 1.0  duplicates 0
#   a16z-naveen-rao   entity F1 0.889  relation F1 0.933  core 1.0  duplicates 0
#   a16z-elevenlabs   entity F1 0.936  relation F1 0.545  core 1.0  duplicates 0
#   sourcery-anduril  entity F1 0.877  relation F1 0.788  core 1.0  duplicates 0
FLOOR = {
    "a16z-sherwin-wu": {**BAR, "core_recall": 1.0},
    "a16z-naveen-rao": BAR,
    "a16z-elevenlabs": BAR,
    "sourcery-anduril": BAR,
    # The 8 transcripts annotated later (2026-12-06), each held at the figures measured the day it
    # arrived, then raised as issues #18-#20 landed (a ratchet: floors only rise above what landed).
    # Last raised 2026-12-07 (third stop) after the merges and the linker's refit on them (l2 0.15,
    # accept 0.62, chosen by leave-one-out); more-or-less is held at 0.74, above its landed 0.69 but
    # under the 0.75 a branch reached with weights fitted before the other branches' features.
    # Relation floors of more-or-less, my-first-million, pivot and sorkin raised with the sixth pass of #20;
    # all-in, cheeky, pivot and sorkin after the kinds a speaker states ('X is a newsletter') and person shapes,
    # pivot again with the proper-noun words of WordNet (no dictionary words for a name the lexicon knows);
    # cheeky with the seventh pass of #20 ('Jordan, who is my co-founder': the voice's colleague);
    # cheeky and pivot with the senses a plan or price gives (Hulu, HBO Max) and Starlink as SpaceX's product;
    # after the eighth stop's merges: cheeky's relations, pivot ('AT&T', 'Navy seals'), uncapped with
    # the narrow naming frames ('our main competitor was sketch'); uncapped's relations with the ninth
    # stop's 'our main competitor was X' read over the words; more-or-less and my-first-million with a
    # known name said without its plural's 's' ('Apple podcast'); uncapped's relations with the voice that
    # says 'X, my co-founder' founding the organization too; uncapped's entities with the capital a tool writes at
    # every line start read as no name's ('Teams that were distributed', 'To go'); all-in's with spelled letters
    # inside a longer spelling no acronym ('P-E-Y') and 'Casino Knight' no Phil Knight; more-or-less with a
    # person's name used as a company's ('the founder and CEO of Seneca'), sorkin with a relative of the
    # title's person heard as a whole ('my grandfather, Sydney Sorkin').
    "all-in-home-affordability":      {"entity_f1": 0.82, "relation_f1": 0.55, "core_recall": 1.0, "duplicates": 1},
    "cheeky-pint-julia-dewahl":       {"entity_f1": 0.90, "relation_f1": 0.58, "core_recall": 1.0, "duplicates": 0},
    "huberman-justin-sonnenburg":     {"entity_f1": 0.91, "relation_f1": 0.57, "core_recall": 0.66, "duplicates": 0},
    "more-or-less-stuart-landesberg": {"entity_f1": 0.78, "relation_f1": 0.66, "core_recall": 1.0, "duplicates": 0},
    "my-first-million-businesses":    {"entity_f1": 0.79, "relation_f1": 0.53, "core_recall": 0.50, "duplicates": 0},
    "pivot-paramount-warner":         {"entity_f1": 0.87, "relation_f1": 0.54, "core_recall": 1.0, "duplicates": 0},
    "sorkin-1929":                    {"entity_f1": 0.86, "relation_f1": 0.58, "core_recall": 0.8, "duplicates": 1},
    "uncapped-dylan-field":           {"entity_f1": 0.64, "relation_f1": 0.43, "core_recall": 0.6, "duplicates": 0},
}
DEFAULT_FLOOR = {"entity_f1": 0.60, "relation_f1": 0.30, "core_recall": 0.8, "duplicates": 2}

DEV = [stem for stem, _, _ in dev_transcripts()] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"no dev set: {SHARED}/gold and {SHARED}/transcripts are absent"))]


@pytest.mark.parametrize("stem", DEV)
def test_dev_quality_holds(dev_builds, stem):
    graph_file, gold_file = dev_builds[stem]
    r = evaluate_files([graph_file], gold_file)
    floor = FLOOR.get(stem, DEFAULT_FLOOR)
    measured = (f"{stem}: entity P={r.entities.precision} R={r.entities.recall} F1={r.entities.f1}, "
                f"relation P={r.relations.precision} R={r.relations.recall} F1={r.relations.f1}, "
                f"core entity recall={r.entities_core_recall}, duplicate nodes={r.duplicate_nodes} "
                f"(issue #8 bar: {BAR}, core {BAR_CORE_RECALL.get(stem, BAR['core_recall'])})")
    shortfalls = []
    if r.entities.f1 < floor["entity_f1"]:
        shortfalls.append(f"entity F1 {r.entities.f1} < {floor['entity_f1']}")
    if r.relations.f1 < floor["relation_f1"]:
        shortfalls.append(f"relation F1 {r.relations.f1} < {floor['relation_f1']}")
    if r.entities_core_recall is not None and r.entities_core_recall < floor["core_recall"]:
        core = {e["name"] for e in load_gold(gold_file)["entities"] if e.get("tier") == "core"}
        missed = sorted(core & {*r.missed_entities, *r.not_canonically_named})
        shortfalls.append(f"core entity recall {r.entities_core_recall} < {floor['core_recall']} "
                          f"(core missed or not under the gold name: {', '.join(missed)})")
    if r.duplicate_nodes > floor["duplicates"]:
        shortfalls.append(f"{r.duplicate_nodes} duplicate nodes > {floor['duplicates']}")
    assert not shortfalls, f"{measured}\n  below the floor: " + "; ".join(shortfalls)


def test_sample_meets_the_issue_bars_where_they_are_met(dev_builds):
    """The sample against issues #3 and #4, both met: relations P >= 0.85, R >= 0.70, core 1.0 (#4);
    entities P >= 0.90, R >= 0.90, core 1.0, canonical names >= 0.90, no duplicates (#3)."""
    if "a16z-sherwin-wu" not in dev_builds:
        pytest.skip("the sample's gold annotation is absent")
    graph_file, gold_file = dev_builds["a16z-sherwin-wu"]
    r = evaluate_files([graph_file], gold_file)
    measured = (f"entity P={r.entities.precision} R={r.entities.recall} canonical={r.canonical_names} "
                f"relation P={r.relations.precision} R={r.relations.recall}")
    assert r.relations.precision >= 0.85 and r.relations.recall >= 0.70 and r.relations_core_recall == 1.0, measured
    assert r.entities.precision >= 0.90 and r.entities_core_recall == 1.0 and r.canonical_names >= 0.90, measured
    assert r.duplicate_nodes == 0, measured
    assert r.entities.recall >= 0.90, measured


# Speakers (issue #19): of the voices the gold names, how many the graphs identify with that person, and
# how many with someone else (or a voice the gold leaves unnamed). Measured 2026-12-06: 9 right, 2 wrong
# before the assignment, 25 right and 0 wrong after (issue #19); 29 right and 0 wrong with the show's hosts
# expected (a first name spelled another way, a turn handed over by name, elimination among several hosts, an
# outro under a label of its own); the floor is today's figure (a ratchet: right only rises, wrong only falls).
SPEAKERS_RIGHT_FLOOR = 29
SPEAKERS_WRONG_CEILING = 0


def _speaker_tally(graph_file, gold_file) -> tuple[int, int, int]:
    """(right, wrong, named by the gold) for one dev transcript, by the contract of score.py."""
    import json
    import re

    from rdflib import Graph, URIRef

    from kg.extract.names.lexicon import fold

    kgo = "https://w3id.org/kg/ontology#"
    g = Graph().parse(graph_file)
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    people = {fold(e["name"]) for e in gold["entities"] if e["type"] == "Person"}
    got = {}
    for sp, label in g.subject_objects(URIRef(kgo + "speakerLabel")):
        person = g.value(sp, URIRef(kgo + "identifiedAs"))
        if person is not None:
            got[str(label)] = fold(str(g.value(person, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))))
    right = wrong = named = 0
    for label, who in gold["speakers"].items():
        name = fold(re.split(r"\s*\(", who)[0])
        if name in people:
            named += 1
            right += got.get(label) == name
            wrong += label in got and got[label] != name
        else:
            wrong += label in got
    return right, wrong, named


def test_dev_speakers_are_named_right(dev_builds):
    """Across the dev set, at least SPEAKERS_RIGHT_FLOOR voices are named right and at most
    SPEAKERS_WRONG_CEILING wrong."""
    tallies = {stem: _speaker_tally(*files) for stem, files in dev_builds.items()}
    right = sum(r for r, _, _ in tallies.values())
    wrong = sum(w for _, w, _ in tallies.values())
    measured = ", ".join(f"{stem} {r}/{n} w{w}" for stem, (r, w, n) in sorted(tallies.items()))
    assert right >= SPEAKERS_RIGHT_FLOOR and wrong <= SPEAKERS_WRONG_CEILING, measured
