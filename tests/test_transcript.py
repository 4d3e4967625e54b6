"""The readers: every format, header fields, unlabelled lines, turns, bad input."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.read import detect_format, read_transcript

from .conftest import DATA, SAMPLE


def test_sample_header_and_lines():
    ep = read_transcript(SAMPLE)
    assert ep.title.startswith("How OpenAI Builds for 800 Million Weekly Users")
    assert ep.show == "A16z Podcast"
    assert ep.date == "2025-11-28"
    assert ep.video_id == "3x0jhpEj_6o"
    assert ep.media_url == "https://www.youtube.com/watch?v=3x0jhpEj_6o"
    first = ep.utterances[0]
    assert (first.index, first.start, first.text) == (0, 0.0, "We want Chatchy BTS first party up.")
    assert ep.speakers == ["SPEAKER_00", "SPEAKER_01"]


def test_unlabelled_line_continues_previous_speaker():
    ep = read_transcript(SAMPLE)
    # [00:00:08] has no label and follows a SPEAKER_00 line
    utt = next(u for u in ep.utterances if u.start == 8.0)
    assert utt.text.startswith("Yeah, yeah, 10th of the globe")
    assert utt.speaker == "SPEAKER_00"
    mini = read_transcript(DATA / "mini.txt")
    assert [u.speaker for u in mini.utterances] == ["SPEAKER_00", "SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_01", "SPEAKER_01"]


def test_turns_join_lines_and_keep_times():
    ep = read_transcript(DATA / "mini.txt")
    turns = ep.turns()
    assert [t.speaker for t in turns] == ["SPEAKER_00", "SPEAKER_01"]
    last = turns[1]
    assert "So I currently run Databricks, which I co-founded in 2013." in last.text
    assert last.utterance_at(last.text.index("which")).start == 11.0
    assert ep.media_link(61.7) == "https://www.youtube.com/watch?v=abc123&t=61s"


@pytest.mark.parametrize("name,fmt,speakers,first_start", [
    ("talk.vtt", "vtt", ["Lenny Rachitsky", "Dylan Field", "Dylan Field"], 1.0),
    ("talk.srt", "srt", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01"], 1.0),
    ("talk.json", "json", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01"], 0.0),
    ("talk-plain.txt", "plain", ["Host", "Guest", "Guest"], None),
])
def test_other_formats(name, fmt, speakers, first_start):
    path = DATA / name
    ep = read_transcript(path)
    assert detect_format(path, path.read_text()) == fmt
    assert [u.speaker for u in ep.utterances] == speakers
    assert ep.utterances[0].start == first_start
    assert all(u.text and "<" not in u.text and "-->" not in u.text for u in ep.utterances)


def test_srt_timestamps_in_seconds():
    ep = read_transcript(DATA / "talk.srt")
    assert ep.utterances[2].start == 62.0
    assert ep.utterances[2].text == "Before that I was at Google for five years."


def test_input_format_override():
    ep = read_transcript(DATA / "talk-plain.txt", "plain")
    assert len(ep.utterances) == 3
    with pytest.raises(InputError):
        read_transcript(DATA / "talk-plain.txt", "nonsense")


@pytest.mark.parametrize("name,message", [
    ("missing.txt", "no such file"),
    ("empty.txt", "empty file"),
    ("binary.txt", "binary file"),
    ("latin1.txt", "not valid UTF-8"),
    ("header-only.txt", "no transcript lines"),
])
def test_bad_input_is_one_line_error(name, message):
    with pytest.raises(InputError) as info:
        read_transcript(DATA / name)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
