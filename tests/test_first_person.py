"""First person in every input format (issue #19, item 4): 'I', 'my', 'we', 'our' said by a voice the
file itself names (a WebVTT voice, an SRT or plain 'Name:' prefix, a JSON segment's speaker or speaker
map, a diarized markdown label, an Otter or Rev block) land on that person and their organization.

Each test writes one small conversation in the shape the tool in question writes it, and builds it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.extract.episode import extract_file
from kg.model import EpisodeResult

Line = tuple[str, float, str]  # (voice, start second, words)

GUEST_SAYS: list[Line] = [
    ("Jane Smith", 1.0, "Welcome back to the show. It is really good to have you here with me today."),
    ("Tom Baker", 5.0, "Thanks for having me, it is great to be here."),
    ("Jane Smith", 9.0, "So tell me what you do these days."),
    ("Tom Baker", 12.0, "I work at Stripe, on the payments infrastructure team."),
    ("Jane Smith", 17.0, "And before that?"),
    ("Tom Baker", 20.0, "Before that, we founded Databricks with a few friends from school."),
    ("Jane Smith", 26.0, "That is a great story, thank you."),
]


def _time(second: float, sep: str = ".") -> str:
    whole = int(second)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}{sep}{round(second % 1 * 1000):03d}"


def vtt(lines: list[Line]) -> str:
    """WebVTT with a voice tag per cue."""
    return "WEBVTT\n\n" + "\n".join(f"{_time(t)} --> {_time(t + 3)}\n<v {who}>{words}</v>\n" for who, t, words in lines)


def srt(lines: list[Line]) -> str:
    """SRT with a 'Name:' prefix per cue."""
    return "\n".join(f"{i}\n{_time(t, ',')} --> {_time(t + 3, ',')}\n{who}: {words}\n"
                     for i, (who, t, words) in enumerate(lines, 1))


def broadcast_srt(lines: list[Line]) -> str:
    """SRT of broadcast captions: '>> NAME:' turn markers in capitals."""
    return "\n".join(f"{i}\n{_time(t, ',')} --> {_time(t + 3, ',')}\n>> {who.upper()}: {words}\n"
                     for i, (who, t, words) in enumerate(lines, 1))


def whisper(lines: list[Line]) -> str:
    """Whisper-style segments whose speaker is the name."""
    return json.dumps({"segments": [{"start": t, "end": t + 3, "text": " " + words, "speaker": who}
                                    for who, t, words in lines]})


def _ids(lines: list[Line], spell: Callable[[int], object]) -> dict[str, object]:
    return {who: spell(i) for i, who in enumerate(dict.fromkeys(who for who, _, _ in lines))}


def whisperx_map(lines: list[Line]) -> str:
    """WhisperX segments labelled SPEAKER_00, with a speaker map naming the labels."""
    ids = _ids(lines, lambda i: f"SPEAKER_{i:02d}")
    return json.dumps({"speakers": {v: k for k, v in ids.items()},
                       "segments": [{"start": t, "end": t + 3, "text": w, "speaker": ids[who]} for who, t, w in lines]})


def assemblyai_map(lines: list[Line]) -> str:
    """AssemblyAI-like utterances (speaker 'A', milliseconds) with a map keyed by the bare letter."""
    ids = _ids(lines, lambda i: "ABCD"[i])
    return json.dumps({"audio_duration": 60, "speakers": {v: k for k, v in ids.items()},
                       "utterances": [{"speaker": ids[who], "start": int(t * 1000), "text": w} for who, t, w in lines]})


def numbered_map(lines: list[Line]) -> str:
    """Segments whose speaker is a number, named by a list of {"id", "name"}."""
    ids = _ids(lines, lambda i: i)
    return json.dumps({"speakers": [{"id": v, "name": k} for k, v in ids.items()],
                       "segments": [{"start": t, "text": w, "speaker": ids[who]} for who, t, w in lines]})


def word_list(lines: list[Line]) -> str:
    """A word-level export (WhisperX words), each word with its voice's name."""
    return json.dumps([{"word": word, "start": t + i * 0.3, "end": t + i * 0.3 + 0.25, "speaker": who}
                       for who, t, words in lines for i, word in enumerate(words.split())])


def markdown(lines: list[Line]) -> str:
    """Diarized markdown: '**[00:00:12] Tom Baker:** words' under a title."""
    return "# A conversation\n\n" + "\n".join(f"**[{_time(t)[:8]}] {who}:** {words}\n" for who, t, words in lines)


def plain(lines: list[Line]) -> str:
    """Plain 'Name: words' lines without times."""
    return "".join(f"{who}: {words}\n" for who, _, words in lines)


def otter(lines: list[Line]) -> str:
    """Otter-style blocks: 'Name  0:12' then the words."""
    return "\n\n".join(f"{who}  {_time(t)[3:8]}\n{words}" for who, t, words in lines) + "\n"


def rev(lines: list[Line]) -> str:
    """Rev-style blocks: 'Name (00:00:12):' then the words."""
    return "\n\n".join(f"{who} ({_time(t)[:8]}):\n{words}" for who, t, words in lines) + "\n"


WRITERS = {"vtt": (vtt, "vtt"), "srt": (srt, "srt"), "broadcast-srt": (broadcast_srt, "srt"),
           "whisper": (whisper, "json"), "whisperx-map": (whisperx_map, "json"),
           "assemblyai-map": (assemblyai_map, "json"), "numbered-map": (numbered_map, "json"),
           "word-list": (word_list, "json"), "markdown": (markdown, "md"), "plain": (plain, "txt"),
           "otter": (otter, "txt"), "rev": (rev, "txt")}


def extract(tmp_path: Path, shape: str, lines: list[Line]) -> EpisodeResult:
    """Write ``lines`` in ``shape`` and extract the episode."""
    write, ext = WRITERS[shape]
    path = tmp_path / f"talk.{ext}"
    path.write_text(write(lines), encoding="utf-8")
    return extract_file(str(path))


def facts(result: EpisodeResult) -> set[tuple[str, str, str]]:
    """(subject key, predicate, object key) of the result's facts."""
    return {(f.subject, f.predicate, f.object) for f in result.facts}


def named(result: EpisodeResult) -> dict[str, str | None]:
    """Speaker label (folded) -> identified person key."""
    return {label.casefold(): sp.person for label, sp in result.speakers.items()}


@pytest.mark.parametrize("shape", sorted(WRITERS))
def test_i_and_we_of_a_voice_the_file_names_are_that_person(tmp_path, shape):
    """'I work at Stripe' and 'we founded Databricks' said by the voice the file calls Tom Baker are
    Tom Baker's facts, whatever the format; none of them is the host's."""
    result = extract(tmp_path, shape, GUEST_SAYS)
    assert named(result) == {"jane smith": "jane-smith", "tom baker": "tom-baker"}
    found = facts(result)
    assert ("tom-baker", "worksFor", "stripe") in found, found
    assert ("tom-baker", "founded", "databricks") in found, found
    assert not {f for f in found if f[0] == "jane-smith"}, found


@pytest.mark.parametrize("shape", sorted(WRITERS))
def test_my_we_and_our_of_a_voice_the_file_names_are_that_person_and_their_organization(tmp_path, shape):
    """'My first job ... was at Microsoft' is the voice's; 'we acquired' in a later turn is the company the
    voice works for; 'X on our team' works there too."""
    lines = [
        ("Jane Smith", 1.0, "Welcome back to the show. It is really good to have you here with me today."),
        ("Tom Baker", 5.0, "Thanks for having me. I work at Databricks, on the platform team."),
        ("Jane Smith", 9.0, "So what happened last year?"),
        ("Tom Baker", 12.0, "Last year we acquired this company called MosaicML, and our team grew a lot."),
        ("Jane Smith", 18.0, "And before Databricks?"),
        ("Tom Baker", 21.0, "My first job out of college was at Microsoft."),
        ("Tom Baker", 25.0, "Tomasz Nowak on our research team taught me a lot."),
    ]
    found = facts(extract(tmp_path, shape, lines))
    assert ("tom-baker", "worksFor", "databricks") in found, found
    assert ("tom-baker", "formerlyWorkedFor", "microsoft") in found, found
    assert ("databricks", "acquired", "mosaicml") in found, found
    assert any(s != "tom-baker" and p == "worksFor" and o == "databricks" for s, p, o in found), found


FIRST_NAMES = [("Jane", 1.0, "Welcome back to the show. My guest today is Tom Baker."),
               ("Tom", 5.0, "Thanks for having me, Jane, it is great to be here.")] + [
    (who.split()[0], t, words) for who, t, words in GUEST_SAYS[2:]]


@pytest.mark.parametrize("shape", sorted(WRITERS))
def test_a_first_name_the_file_gives_is_the_full_name_the_episode_says(tmp_path, shape):
    """The file calls the voice 'Tom'; the host says 'my guest today is Tom Baker': the voice is Tom
    Baker, and so are its first-person facts."""
    result = extract(tmp_path, shape, FIRST_NAMES)
    assert named(result)["tom"] == "tom-baker"
    found = facts(result)
    assert {("tom-baker", "worksFor", "stripe"), ("tom-baker", "founded", "databricks")} <= found, found


@pytest.mark.parametrize("shape", ["markdown", "whisper"])
def test_a_first_name_the_file_gives_is_the_full_name_of_the_title(tmp_path, shape):
    """Only the title names the guest in full ('..., with Tom Baker'); the voice the file calls 'Tom'
    is Tom Baker."""
    lines = [(who.split()[0], t, words) for who, t, words in GUEST_SAYS]
    write, ext = WRITERS[shape]
    text = write(lines)
    title = "Payments at scale, with Tom Baker"
    if shape == "markdown":
        text = text.replace("# A conversation", f"# {title}")
    else:
        text = json.dumps({"title": title, **json.loads(text)})
    path = tmp_path / f"talk.{ext}"
    path.write_text(text, encoding="utf-8")
    result = extract_file(str(path))
    assert named(result)["tom"] == "tom-baker"
    assert ("tom-baker", "worksFor", "stripe") in facts(result)
