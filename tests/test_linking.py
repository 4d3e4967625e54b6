"""The linker: one fitted scoring function over named features, its explanations, and the dev-set
command that measures it file by file and leave-one-transcript-out."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import main
from kg.extract.episode import extract_file
from kg.extract.names.linking import FEATURES, Linker, default_linker, explain, fit, load_linker


def _said(tmp_path, *lines: str):
    transcript = tmp_path / "t.txt"
    transcript.write_text("".join(f"[00:00:{i:02d}] SPEAKER_0{i % 2}: {line}\n" for i, line in enumerate(lines)))
    return transcript, extract_file(str(transcript))


def test_fit_learns_which_feature_predicts_an_entity():
    rows = [{"bias": 1.0, "capitalised_rel": 1.0, "lower_rel": 0.0}] * 20 + [{"bias": 1.0, "capitalised_rel": 0.0, "lower_rel": 1.0}] * 20
    labels = [1] * 18 + [0] * 2 + [0] * 18 + [1] * 2
    weights = fit(rows, labels, l2=0.1)
    assert weights["capitalised_rel"] > 0 > weights["lower_rel"]
    linker = Linker(weights, 0.5)
    assert linker.accepts({"bias": 1.0, "capitalised_rel": 1.0})[0]
    assert not linker.accepts({"bias": 1.0, "lower_rel": 1.0})[0]
    # what a rule accepted before is a sure feature: accepted whatever the score, and left out of the fit
    assert Linker(weights, 0.5, sure=("kept_shape",)).accepts({"bias": 1.0, "lower_rel": 1.0, "kept_shape": 1.0})[0]
    assert fit(rows + [{"bias": 1.0, "lower_rel": 1.0, "kept_shape": 1.0}] * 30, labels + [1] * 30, l2=0.1) == weights


def test_the_shipped_weights_are_data_with_a_header_and_known_features():
    linker = load_linker()
    assert set(linker.weights) <= set(FEATURES)
    assert linker.header["fitted"] and linker.header["on"]["candidates"] > 0 and 0 < linker.accept < 1
    assert default_linker(0.9).accept == 0.9  # a user moves the threshold without touching the weights


def test_explain_orders_features_by_their_effect():
    rows = explain({"bias": 1.0, "capitalised_rel": 1.0, "lower_rel": 0.0}, Linker({"bias": -0.5, "capitalised_rel": 2.0}))
    assert [r[0] for r in rows] == ["capitalised_rel", "bias"] and rows[0][2] == 2.0


def test_an_unknown_name_is_typed_by_how_the_episode_uses_it(tmp_path):
    """NER's guess gives way to the words around the name: 'at X', 'X's CEO' make an organization."""
    _, result = _said(tmp_path, "I spent four years at Quarnelo before that, it was great.",
                      "The Quarnelo CEO told me Quarnelo employees loved the offsite.",
                      "Honestly Quarnelo was the best job I had, I learned so much at Quarnelo.")
    types = {e.label: e.top_type for e in result.entities.values()}
    assert types.get("Quarnelo") == "Organization", types


def test_a_company_name_used_as_a_product_takes_the_product_sense(tmp_path):
    """Craigslist is a company in the lexicon; 'posted on Craigslist', 'use Craigslist' make it the product here."""
    _, result = _said(tmp_path, "I posted the couch on Craigslist and it sold in a day.",
                      "Everybody I know used to use Craigslist for apartments.",
                      "We listed on Craigslist again the next year.")
    ent = next(e for e in result.entities.values() if e.label == "Craigslist")
    assert ent.top_type == "Product"
    _, other = _said(tmp_path, "Craigslist is a small company, Craigslist employees are few.")
    assert next(e for e in other.entities.values() if e.label == "Craigslist").top_type == "Organization"


def test_decisions_are_kept_and_explained_on_the_command_line(tmp_path):
    transcript, result = _said(tmp_path, "Last year I met Priya Ramaswamy at the conference.",
                               "I think Bob said the same thing.")
    assert all(0.0 <= d.score <= 1.0 and d.features.get("bias") == 1.0 for d in result.decisions)
    # a first name said once, that no one else in the episode has: weighed, and rejected
    assert any(d.name == "Bob" and not d.accepted for d in result.decisions), result.decisions
    assert "Bob" not in {e.label for e in result.entities.values()}
    out = CliRunner().invoke(main, ["entities", str(transcript), "--explain", "bob"])
    assert out.exit_code == 0, out.output
    assert "Bob (Person) rejected" in out.output and "once" in out.output
    missing = CliRunner().invoke(main, ["entities", str(tmp_path / "nope.txt"), "--explain", "X"])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_eval_dev_scores_each_file_and_leaves_one_out(tmp_path):
    transcripts, gold = tmp_path / "t", tmp_path / "g"
    transcripts.mkdir()
    gold.mkdir()
    for stem, org in (("one", "Stripe"), ("two", "Shopify")):
        (transcripts / f"{stem}.txt").write_text(
            f"[00:00:01] SPEAKER_00: I worked at {org} for years with Patrick Collison.\n"
            f"[00:00:05] SPEAKER_01: {org} is a great company.\n")
        (gold / f"{stem}.json").write_text(json.dumps({
            "entities": [{"name": org, "type": "Organization", "tier": "core"},
                         {"name": "Patrick Collison", "type": "Person"}],
            "relations": []}))
    out = CliRunner().invoke(main, ["eval", "--dev", str(transcripts), str(gold)])
    assert out.exit_code == 0, out.output
    assert "leave-one-transcript-out" in out.output and "mean of 2" in out.output
    assert "one" in out.output and "1.00/1.00/1.00" in out.output
    bad = CliRunner().invoke(main, ["eval", "--dev", str(transcripts), str(tmp_path / "none")])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
