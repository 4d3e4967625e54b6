"""Mis-shaped long input: a transcript that is one single line (a caption dump, no speaker labels, no
line breaks) is cut into bounded turns at read time, keeps every word, and builds into entities."""

from __future__ import annotations

import re

from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from kg.build import build
from kg.extract.episode import batches
from kg.read.episode import MAX_TURN_CHARS, Episode, Utterance
from kg.read import read_transcript

from .conftest import SAMPLE

TIMED = re.compile(r"^\[[\d:]+\]\s*(?:SPEAKER_\w+:\s*)?(.*)$")


def one_line(tmp_path):
    """The sample's words (times and labels dropped) written as one line without a line break."""
    words = [m.group(1).strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()
             if (m := TIMED.match(line)) and m.group(1).strip()]
    path = tmp_path / "caption-dump.txt"
    path.write_text(" ".join(words), encoding="utf-8")
    return path, " ".join(words)


def test_a_one_line_transcript_is_read_into_bounded_turns_that_keep_every_word(tmp_path):
    path, text = one_line(tmp_path)
    assert len(text) > MAX_TURN_CHARS  # else this test tests nothing
    turns = read_transcript(path).turns()
    assert len(turns) >= 2
    assert all(len(t.text) <= MAX_TURN_CHARS for t in turns)
    assert " ".join(t.text for t in turns) == text
    assert turns[0].text.endswith((".", "?", "!"))  # cut at a sentence end, not mid-sentence


def test_a_one_line_transcript_builds_and_gives_entities(tmp_path):
    path, _ = one_line(tmp_path)
    report = build([str(path)], tmp_path / "out", ("ttl",))
    assert not report.failures, report.failures
    graph = Graph().parse(tmp_path / "out" / "caption-dump.ttl")
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert {"OpenAI", "ChatGPT"} <= labels, sorted(labels)
    assert (None, None, Literal("OpenAI")) in graph


def test_a_long_run_of_one_voice_is_cut_after_a_line_that_ends_a_sentence():
    """A voice's lines (no sentence end on most of them) over MAX_TURN_CHARS: each turn is at most that
    long, the cut falls after a line ending a sentence, and lines, order and seconds are kept."""
    episode = Episode("t.txt", "t")
    line = "and then we kept on talking about the product for a while " * 20
    for i in range(3 * MAX_TURN_CHARS // len(line)):
        text = f"{line}so that was that." if i % 7 == 0 else line.strip()
        episode.utterances.append(Utterance(i, float(i), "SPEAKER_00", text))
    turns = episode.turns()
    assert len(turns) >= 3
    assert all(len(t.text) <= MAX_TURN_CHARS for t in turns)
    assert all(t.utterances[-1].text.endswith(".") for t in turns[:-1])
    assert [u for t in turns for u in t.utterances] == episode.utterances
    assert all(t.utterance_at(len(t.text) - 1) is t.utterances[-1] for t in turns)


def test_batches_are_bounded_in_texts_and_characters_and_keep_order():
    texts = ["a" * 10] * 100 + ["b" * 500] + ["c" * 30] * 5
    out = list(batches(texts, turns=64, chars=200))
    assert [t for b in out for t in b] == texts
    assert all(len(b) <= 64 for b in out)
    assert all(sum(map(len, b)) <= 200 or len(b) == 1 for b in out)
    assert ["b" * 500] in out  # a text longer than the budget goes alone
