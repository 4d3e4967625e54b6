"""Real export shapes, each from a short sample in tests/data/formats: picked by content, with speakers.

Every sample is also read renamed to ``.txt`` (exports are often renamed), and the folder of all of
them is built in one ``kg build``.
"""

from __future__ import annotations

import shutil

import pytest

from kg.read.common import split_long
from kg.read import detect_format, read_transcript

from .conftest import DATA

FORMATS = DATA / "formats"
JANE_TOM = {"Jane Smith": "Jane Smith", "Tom Baker": "Tom Baker"}
# a paragraph a turn (Otter, Rev, diarized markdown) is read a sentence an utterance, as a line-level export
JJTTTJ = ["Jane Smith"] * 2 + ["Tom Baker"] * 3 + ["Jane Smith"]
S00_S01 = ["SPEAKER_00"] * 2 + ["SPEAKER_01"] * 3 + ["SPEAKER_00"]

# name, format, speakers line by line, the names the file gives, start of the first and last line
CASES = [
    ("voices.vtt", "vtt", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, 1.0, 3723.0),
    ("youtube-auto.vtt", "vtt", [None, None, None], {}, 0.0, 5.13),
    ("named.srt", "srt", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, 1.0, 11.5),
    ("podwhisperer.json", "json", ["Luciano Mammino", "Eoin Shanaghy", "Luciano Mammino"],
     {"Luciano Mammino": "Luciano Mammino", "Eoin Shanaghy": "Eoin Shanaghy"}, 0.0, 9.3),
    ("transistor.txt", "markdown", ["SPEAKER_1", "SPEAKER_2", "SPEAKER_2", "SPEAKER_1"], {}, 0.0, 62.0),
    ("assemblyai.md", "markdown", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_00"], {}, 3.0, 65.0),
    ("assemblyai-utterances.json", "json", ["SPEAKER_A", "SPEAKER_B"], {}, 0.25, 2.3),
    ("whisper-tokens.json", "json", [None, None, None], {}, 0.0, 6.0),
    ("whisperx-words.json", "json", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_01", "SPEAKER_00"], {}, 0.0, 6.3),
    ("descript.txt", "markdown", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, 3.0, 62.0),
    ("aws-transcribe.json", "json", ["SPK_0", "SPK_1", "SPK_1", "SPK_1"], {}, 0.0, 4.55),
    ("deepgram.json", "json", ["SPEAKER_0", "SPEAKER_1", "SPEAKER_1", "SPEAKER_1"], {}, 0.0, 4.55),
    ("otter.txt", "blocks", JJTTTJ, JANE_TOM, 3.0, 62.0),
    ("rev.txt", "blocks", JJTTTJ, JANE_TOM, 3.0, 3730.0),
    # WhisperX's subtitle and text writers put '[SPEAKER_00]: ' before each segment
    ("whisperx.vtt", "vtt", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_00"], {}, 1.0, 3723.0),
    ("whisperx-segments.srt", "srt", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_00"], {}, 1.0, 11.5),
    # a full name in brackets before the words, without a colon
    ("bracket-names.vtt", "vtt", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, 1.0, 11.5),
    # the voice's label on a line of its own at the top of each cue
    ("label-lines.srt", "srt", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_00"], {}, 1.0, 11.5),
    ("whisperx-speakers.txt", "plain", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_00"], {}, None, None),
    # diarized markdown: the voice in bold or in a heading, its time after it, the words on the line or below
    ("diarized.md", "blocks", ["SPEAKER_1"] * 2 + ["SPEAKER_2"] * 3 + ["SPEAKER_1"], {}, 3.0, 62.0),
    ("headings.md", "blocks", S00_S01, {}, 3.0, 62.0),
    ("bold-names.md", "blocks", JJTTTJ, JANE_TOM, 3.0, 62.0),
    # without times: the name in bold before the words ('**Jane Smith:**', '**Tom Baker**:'), or a heading of its own
    ("bold-labels.md", "plain", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, None, None),
    ("name-headings.md", "blocks", JJTTTJ, JANE_TOM, None, None),
    # the time first, the voice after it, the words below (Word and Teams transcripts)
    ("time-first.txt", "blocks", JJTTTJ, JANE_TOM, 3.0, 62.0),
    # news and script transcripts write the voice in capitals
    ("caps-names.txt", "plain", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, None, None),
    # spreadsheet exports: a header row names the columns (a row without words is skipped)
    ("table.csv", "table", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, 3.0, 62.0),
    ("table-seconds.tsv", "table", ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_00"], {}, 3.0, 62.0),
    ("md-table.md", "table", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, 3.0, 62.0),
    # a line that is only the voice's name over its paragraphs, each with its time (as podcast sites print them)
    ("name-lines.txt", "blocks", JJTTTJ, JANE_TOM, 3.0, 62.0),
    # diarized markdown whose turns are list items or quotes
    ("md-list.md", "blocks", S00_S01, {}, 3.0, 62.0),
    ("md-quote.md", "blocks", JJTTTJ, JANE_TOM, 3.0, 62.0),
    # OpenAI's transcription API as 'json': the text alone, read a sentence a line
    ("openai-text.json", "json", [None] * 4, {}, None, None),
    # a segment's start and end: the start is the utterance's time
    ("ranges.md", "blocks", S00_S01, {}, 3.0, 62.0),
    ("whisper-cli.txt", "markdown", [None, None, None, None], {}, 3.0, 62.0),
    # the time first in bold or italics, the voice and a colon after it; a line with no voice goes on with the last
    ("time-bold.md", "markdown", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, 3.0, 62.0),
    ("time-italic.md", "markdown", ["Jane Smith", "Tom Baker", "Tom Baker", "Jane Smith"], JANE_TOM, 3.0, 62.0),
    # the voice, a dash or a dot, its time; the words below
    ("dash-heads.md", "blocks", JJTTTJ, JANE_TOM, 3.0, 62.0),
    ("dot-heads.md", "blocks", JJTTTJ, JANE_TOM, 3.0, 62.0),
]


@pytest.mark.parametrize("name,fmt,speakers,names,first,last", CASES, ids=[c[0] for c in CASES])
def test_each_export_shape_is_read_with_its_speakers(name, fmt, speakers, names, first, last, tmp_path):
    path = FORMATS / name
    renamed = tmp_path / "export.txt"  # the content decides, not the extension
    shutil.copy(path, renamed)
    for p in (path, renamed):
        assert detect_format(p, p.read_text(encoding="utf-8")) == fmt
        ep = read_transcript(p)
        assert [u.speaker for u in ep.utterances] == speakers
        assert ep.speaker_names == names
        assert (ep.utterances[0].start, ep.utterances[-1].start) == (first, last)
        text = " ".join(u.text for u in ep.utterances)
        assert "Google" in text or "Lambda" in text
        for junk in ("<", "-->", "**", "[", "&amp;", "spk_", "Transcribed by", "#", "---", ": "):
            assert junk not in text, junk


def test_headings_and_times_that_name_no_voice_stay_words(tmp_path):
    """A document's section headings are no voices (none heads two blocks), nor is a caption line of
    one word after its time ('0:05 Right'), one time before a 'Name:' ('**00:12:00** Budget: ...'), or a
    word, a dash and a number ('Revenue - 2:30')."""
    doc = tmp_path / "notes.md"
    doc.write_text("## Introduction\n\nWe met Tom Baker at Google.\n\n## Methods\n\nHe joined Stripe.\n", encoding="utf-8")
    lines = tmp_path / "lines.txt"  # a name alone on a line once, ordinary short lines: no voices
    lines.write_text("Tom Baker\nworked at Google.\nThank you.\nThen he joined Stripe.\nThank you.\n", encoding="utf-8")
    captions = tmp_path / "captions.txt"
    captions.write_text("0:01 so today we talk about Stripe\n0:05 Right\n0:07 and then Google\n0:09 Okay\n"
                        "[Background Music] and Google again\n[Audience Laughs] and Stripe\n[Background Music] the end\n",
                        encoding="utf-8")
    notes = tmp_path / "timed-notes.txt"  # one time before a 'Name:' is a note, and a dash before a number no voice's time
    notes.write_text("**00:12:00** Budget: we cut Google ads.\nRevenue - 2:30 a share at Stripe.\nThen we met again.\n"
                     "Costs - 1:15 for Google.\n", encoding="utf-8")
    for path in (doc, lines, captions, notes):
        assert detect_format(path, path.read_text(encoding="utf-8")) == "plain"
        assert {u.speaker for u in read_transcript(path).utterances} == {None}


def test_vtt_voice_spans_lines_and_entities():
    ep = read_transcript(FORMATS / "voices.vtt")
    assert ep.utterances[1].text == "Thanks, Jane. I worked at Google for six years before I joined Stripe."
    assert ep.utterances[2].text == "It was a big change & a good one."


def test_word_list_is_joined_into_sentences():
    ep = read_transcript(FORMATS / "whisperx-words.json")
    assert [u.text for u in ep.utterances[:3]] == ["Welcome to the show, Tom Baker.", "Thanks.",
                                                   "I worked at Google for six years."]


def test_header_of_markdown_export():
    ep = read_transcript(FORMATS / "assemblyai.md")
    assert ep.title == "Building payments with Tom Baker"
    assert ep.utterances[0].text == "Welcome to the show. My guest today is Tom Baker."


def test_role_and_anonymous_labels_name_nobody(tmp_path):
    path = tmp_path / "roles.txt"
    path.write_text("Host: Welcome to the show.\nGuest: Thanks, I work at Nvidia.\nSpeaker 2: Hi.\nMaría José: Hola.\n",
                    encoding="utf-8")
    ep = read_transcript(path)
    assert [u.speaker for u in ep.utterances] == ["Host", "Guest", "SPEAKER_2", "María José"]
    assert ep.speaker_names == {"María José": "María José"}


def test_long_line_is_cut_into_sentence_sized_pieces(tmp_path):
    sentence = "I worked at Google for six years and then I joined Stripe in Dublin. "
    words = "and then we talked about it again " * 200  # no punctuation at all
    path = tmp_path / "long.txt"
    path.write_text(f"[00:00:01] SPEAKER_00: {sentence * 300}{words}\n[00:00:09] SPEAKER_01: Yes.\n", encoding="utf-8")
    ep = read_transcript(path)
    pieces = [u for u in ep.utterances if u.speaker == "SPEAKER_00"]
    assert len(pieces) > 10
    assert all(len(u.text) <= 1500 for u in ep.utterances)
    assert all(u.text.endswith(".") for u in pieces if "talked" not in u.text)  # at sentence ends where there are some
    assert " ".join(u.text for u in pieces) == f"{sentence * 300}{words}".strip()
    assert all(u.start == 1.0 for u in pieces)


def test_split_long_keeps_every_word():
    text = "word " * 1000 + "x" * 5000
    pieces = split_long(text.strip(), 100)
    assert all(len(p) <= 100 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_rolling_captions_keep_each_line_once():
    ep = read_transcript(FORMATS / "youtube-auto.vtt")
    assert [u.text for u in ep.utterances] == ["welcome back to the show", "today I talk with Tom Baker",
                                               "who worked at Google for six years"]


def test_srt_with_blank_lines_of_spaces(tmp_path):
    path = tmp_path / "spaces.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHost: Hi there.\n  \n2\n00:00:02,000 --> 00:00:03,000\n"
                    "Guest: I work at Nvidia.\n", encoding="utf-8")
    assert [(u.speaker, u.text) for u in read_transcript(path).utterances] == [("Host", "Hi there."),
                                                                              ("Guest", "I work at Nvidia.")]


def test_a_folder_mixing_every_shape_builds_with_its_speakers(tmp_path):
    from click.testing import CliRunner
    from rdflib import Graph, Namespace

    from kg.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(FORMATS), "-o", str(out), "-f", "ttl", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    stems = sorted(p.stem for p in FORMATS.iterdir())
    assert sorted(p.stem for p in out.glob("*.ttl")) == stems
    assert (out / "collection.trig").is_file() and (out / "collection.nq").is_file()
    kgo = Namespace("https://w3id.org/kg/ontology#")
    for name, _, speakers, names, _, _ in CASES:
        g = Graph().parse(out / f"{name.rsplit('.', 1)[0]}.ttl", format="turtle")
        labels = {str(o) for o in g.objects(None, kgo.speakerLabel)}
        assert labels == {s for s in speakers if s is not None}, name
        assert set(names) <= labels


def test_a_segment_diarization_left_unassigned_continues_the_voice_as_not_labelled(tmp_path):
    """WhisperX leaves a segment without a speaker when no voice overlaps it: in its JSON the segment has
    no 'speaker', in its subtitles no '[SPEAKER_xx]: '. It continues the voice before it (one turn, so a
    sentence across it parses whole) but is not labelled, as a markdown line without a label."""
    import json

    segments = [{"start": 0.0, "end": 2.0, "text": " So tell me about", "speaker": "SPEAKER_00"},
                {"start": 2.0, "end": 4.0, "text": " your years at Google."},
                {"start": 4.0, "end": 6.0, "text": " I loved them.", "speaker": "SPEAKER_01"}]
    path = tmp_path / "whisperx.json"
    path.write_text(json.dumps({"segments": segments}), encoding="utf-8")
    ep = read_transcript(path)
    assert [(u.speaker, u.labelled) for u in ep.utterances] == [("SPEAKER_00", True), ("SPEAKER_00", False),
                                                                 ("SPEAKER_01", True)]
    assert ep.turns()[0].text == "So tell me about your years at Google."
    vtt = tmp_path / "whisperx.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\n[SPEAKER_00]: Hi Tom.\n\n"
                   "00:01.000 --> 00:02.000\n[SPEAKER_00]: So tell me about\n\n"
                   "00:02.000 --> 00:04.000\nyour years at Google.\n\n"
                   "00:04.000 --> 00:06.000\n[SPEAKER_01]: I loved them.\n", encoding="utf-8")
    assert [(u.speaker, u.labelled) for u in read_transcript(vtt).utterances] == [
        ("SPEAKER_00", True), ("SPEAKER_00", True), ("SPEAKER_00", False), ("SPEAKER_01", True)]


def test_subtitles_that_label_only_a_change_of_voice_keep_the_cues_after_it_labelled(tmp_path):
    """An SRT that tags a voice only where it changes (a tag never repeats the one before): the cues after
    the tag are that voice's, surely, even when most cues carry a tag."""
    path = tmp_path / "changes.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00] So tell me about\n\n"
                    "2\n00:00:02,000 --> 00:00:03,000\nyour years at Google.\n\n"
                    "3\n00:00:03,000 --> 00:00:04,000\nAnd at Stripe?\n\n"
                    "4\n00:00:04,000 --> 00:00:05,000\n[SPEAKER_01] I loved them.\n\n"
                    "5\n00:00:05,000 --> 00:00:06,000\n[SPEAKER_00] Why?\n\n"
                    "6\n00:00:06,000 --> 00:00:07,000\n[SPEAKER_01] The people.\n", encoding="utf-8")
    assert [(u.speaker, u.labelled) for u in read_transcript(path).utterances] == [
        ("SPEAKER_00", True), ("SPEAKER_00", True), ("SPEAKER_00", True), ("SPEAKER_01", True),
        ("SPEAKER_00", True), ("SPEAKER_01", True)]


def test_a_generic_heading_is_no_title_and_a_rule_between_blocks_drops_nothing():
    """'# Transcript' over a diarized markdown names nothing; a '---' between its blocks is not the end
    of a header (everything above it was speech)."""
    ep = read_transcript(FORMATS / "headings.md")
    assert ep.title is None
    assert [u.text for u in ep.utterances[:2]] == ["Welcome back to the show.", "Today my guest is Tom Baker."]
    assert read_transcript(FORMATS / "diarized.md").title == "Episode 12: Payments"


def test_a_label_that_marks_no_voice_is_no_voice_in_any_shape(tmp_path):
    """Tools mark a segment diarization left without a voice with a label of its own ('SPEAKER_UNKNOWN',
    'Unknown'): it is read as a segment without a label (the voice before goes on, not surely), so a
    self-introduction under it names no voice 'SPEAKER_UNKNOWN' that talks in several places."""
    import json

    md = tmp_path / "diarized.md"
    md.write_text("**SPEAKER_UNKNOWN** (00:00:00): Hi everyone. I'm Jane Smith.\n\n"
                  "**SPEAKER_01** (00:00:05): And I'm Tom Baker.\n\n"
                  "**Unknown** (00:00:09): More words.\n", encoding="utf-8")
    assert [(u.speaker, u.labelled) for u in read_transcript(md).utterances] == [
        (None, False), (None, False), ("SPEAKER_01", True), ("SPEAKER_01", False)]
    lines = tmp_path / "lines.txt"
    lines.write_text("[00:00:00] SPEAKER_00: Hello.\n[00:00:02] SPEAKER_UNKNOWN: Yes.\n", encoding="utf-8")
    assert [(u.speaker, u.labelled, u.text) for u in read_transcript(lines).utterances] == [
        ("SPEAKER_00", True, "Hello."), ("SPEAKER_00", False, "Yes.")]
    vtt = tmp_path / "voices.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Jane Smith>Hi.\n\n"
                   "00:01.000 --> 00:02.000\n<v Unknown>Who?\n", encoding="utf-8")
    assert [u.speaker for u in read_transcript(vtt).utterances] == ["Jane Smith", "Jane Smith"]
    assert read_transcript(vtt).speakers == ["Jane Smith"]
    segments = [{"start": 0.0, "text": " Hi.", "speaker": "SPEAKER_00"},
                {"start": 1.0, "text": " Yes.", "speaker": "UNKNOWN"},
                {"start": 2.0, "text": " Go on.", "speaker": "SPEAKER_01"}]
    js = tmp_path / "x.json"
    js.write_text(json.dumps({"segments": segments}), encoding="utf-8")
    assert [(u.speaker, u.labelled) for u in read_transcript(js).utterances] == [
        ("SPEAKER_00", True), ("SPEAKER_00", False), ("SPEAKER_01", True)]
