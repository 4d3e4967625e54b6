"""A kg markdown transcript rewritten as other speech-to-text tools export it (for scripts/headerless_voices.py).

Every converter takes the text of a dev transcript (``[HH:MM:SS] SPEAKER_xx: text`` lines under a markdown
header) and returns the same conversation in another tool's shape, without the header, with the lines'
times kept:

- ``nohdr``: the header lines dropped.
- ``srt``: SRT cues of 9 words, a ``[SPEAKER_xx]`` tag on each change of speaker.
- ``vtt``: WebVTT as WhisperX writes it: one cue per segment, ``[SPEAKER_xx]: text``, ``MM:SS.mmm`` times.
- ``vttv``: WebVTT with a ``<v SPEAKER_xx>`` voice tag on every cue (Teams, Stream, caption editors).
- ``vttname``: WebVTT whose voice tags are the people's names (``<v Lex Fridman>``), the unnamed ``<v Speaker N>``.
- ``whisper``: OpenAI Whisper JSON, ``{"text", "segments": [{"id", "start", "end", "text"}]}``: no speakers.
- ``whisperx``: WhisperX JSON, a ``speaker`` on each segment.
- ``md``: diarized markdown, one paragraph a turn: ``**SPEAKER_00** (00:01:02): text``.
- ``mdh``: diarized markdown with a heading a turn: ``### SPEAKER_00 [00:01:02]`` then the paragraph.
- ``mdtable``: a markdown table, a row a segment: ``| 00:01:02 | SPEAKER_00 | text |``.
- ``csv``: a spreadsheet export, ``Speaker,Start Time,End Time,Text`` a segment.
- ``word``: Word and Teams transcripts, ``00:01:02 SPEAKER_00`` over each turn's paragraph.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Callable

LINE = re.compile(r"\[(\d+):(\d+):(\d+)\]\s*(?:(\w+):)?\s*(.*)")


def strip_header(text: str) -> str:
    """The transcript without its markdown header lines ('# title', '**Podcast:** ...')."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(("#", "**")))


def segments(text: str) -> list[list]:
    """(second, label or None, words) per timestamped line; continuation lines join the previous one."""
    turns: list[list] = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            h, mi, s, spk, words = m.groups()
            turns.append([int(h) * 3600 + int(mi) * 60 + int(s), spk, words])
        elif turns and line.strip() and not line.startswith(("#", "**", "---")):
            turns[-1][2] += " " + line.strip()
    return turns


def _timed_segments(text: str, carry: bool = False) -> list[tuple[float, float, str | None, str]]:
    """(start, end, speaker, words) per segment; a segment ends where the next starts. A segment the
    diarization left without a label keeps None (as WhisperX writes it), or with ``carry`` the label before."""
    segs, out, speaker = segments(text), [], None
    for i, (t, spk, words) in enumerate(segs):
        speaker = spk or speaker if carry else spk
        end = segs[i + 1][0] if i + 1 < len(segs) else t + 0.4 * len(words.split())
        out.append((float(t), float(max(end, t + 0.5)), speaker, words))
    return out


def _speaker_turns(text: str) -> list[tuple[float, str | None, str]]:
    """(start, speaker, words) per run of segments of one speaker (an unlabelled segment joins the run)."""
    out: list[list] = []
    for start, _end, speaker, words in _timed_segments(text, carry=True):
        if out and out[-1][1] == speaker:
            out[-1][2] += " " + words
        else:
            out.append([start, speaker, words])
    return [tuple(t) for t in out]


def _stamp(x: float, sep: str = ",", hours: bool = True) -> str:
    h, m, s, ms = int(x // 3600), int(x % 3600 // 60), int(x % 60), int(round((x % 1) * 1000)) % 1000
    return (f"{h:02d}:" if hours or h else "") + f"{m:02d}:{s:02d}{sep}{ms:03d}"


def _hms(x: float) -> str:
    return f"{int(x // 3600):02d}:{int(x % 3600 // 60):02d}:{int(x % 60):02d}"


def to_srt(text: str, cue_words: int = 9) -> str:
    """The transcript as SRT: cues of ``cue_words`` words, a '[LABEL] ' tag where the speaker changes."""
    turns = segments(text)
    out, n, last = [], 0, None
    for i, (t, spk, words_text) in enumerate(turns):
        words = words_text.split()
        nxt = turns[i + 1][0] if i + 1 < len(turns) else t + len(words) * 0.4
        per = max(nxt - t, 0.5) / max(len(words), 1)
        for j in range(0, len(words), cue_words):
            n += 1
            tag = ""
            if spk and spk != last and j == 0:
                tag, last = f"[{spk}] ", spk
            end = t + min(j + cue_words, len(words)) * per
            out.append(f"{n}\n{_stamp(t + j * per)} --> {_stamp(end)}\n{tag}{' '.join(words[j:j + cue_words])}\n")
    return "\n".join(out)


def to_vtt(text: str) -> str:
    """WebVTT as WhisperX writes it: a cue per segment, '[SPEAKER_00]: ' before each cue's words."""
    cues = [f"{_stamp(s, '.', False)} --> {_stamp(e, '.', False)}\n{f'[{spk}]: ' if spk else ''}{words}\n"
            for s, e, spk, words in _timed_segments(text)]
    return "WEBVTT\n\n" + "\n".join(cues)


def to_vtt_voices(text: str, names: dict[str, str] | None = None) -> str:
    """WebVTT with a ``<v Voice>`` tag on every cue; ``names`` maps labels to the names the export gives."""
    names = names or {}
    anonymous = {}
    cues = []
    for s, e, spk, words in _timed_segments(text):
        voice = names.get(spk) or (spk if not names else anonymous.setdefault(spk, f"Speaker {len(anonymous) + 1}"))
        tag = f"<v {voice}>" if spk else ""
        cues.append(f"{_stamp(s, '.')} --> {_stamp(e, '.')}\n{tag}{words}\n")
    return "WEBVTT\n\n" + "\n".join(cues)


def to_whisper(text: str, speakers: bool = False) -> str:
    """Whisper JSON (``speakers``: WhisperX's, a ``speaker`` on each segment)."""
    segs = []
    for i, (s, e, spk, words) in enumerate(_timed_segments(text)):
        seg = {"id": i, "start": s, "end": e, "text": " " + words}
        if speakers and spk:
            seg["speaker"] = spk
        segs.append(seg)
    doc = {"segments": segs, "language": "en"} if speakers else \
        {"text": "".join(s["text"] for s in segs), "segments": segs, "language": "en"}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def to_markdown(text: str) -> str:
    """Diarized markdown: a paragraph a turn, ``**SPEAKER_00** (00:01:02): words`` (the dev labels, so
    that the gold's voices keep their keys; tests/test_readers.py reads ``**Speaker 1**`` too)."""
    return "\n".join(f"**{spk or 'SPEAKER_UNKNOWN'}** ({_hms(start)}): {words}\n"
                     for start, spk, words in _speaker_turns(text))


def to_markdown_headings(text: str) -> str:
    """Diarized markdown: ``### SPEAKER_00 [00:01:02]`` headings, each over its turn's paragraph."""
    out = ["# Transcript\n"]
    for start, spk, words in _speaker_turns(text):
        out.append(f"### {spk or 'SPEAKER_UNKNOWN'} [{_hms(start)}]\n\n{words}\n")
    return "\n".join(out)


def to_csv(text: str) -> str:
    """A spreadsheet export: a header row, then ``Speaker,Start Time,End Time,Text`` a segment."""
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["Speaker", "Start Time", "End Time", "Text"])
    for s, e, spk, words in _timed_segments(text):
        writer.writerow([spk or "", _hms(s), _hms(e), words])
    return rows.getvalue()


def to_markdown_table(text: str) -> str:
    """A markdown table, a row a segment: ``| 00:01:02 | SPEAKER_00 | words |``."""
    rows = ["| Time | Speaker | Text |", "|---|---|---|"]
    rows += [f"| {_hms(s)} | {spk or ''} | {words.replace('|', '/')} |" for s, _e, spk, words in _timed_segments(text)]
    return "\n".join(rows) + "\n"


def to_time_first(text: str) -> str:
    """Word and Teams transcripts: ``00:01:02 SPEAKER_00`` over each turn's paragraph."""
    return "\n".join(f"{_hms(start)} {spk or 'SPEAKER_UNKNOWN'}\n{words}\n" for start, spk, words in _speaker_turns(text))


def gold_voice_names(gold: dict) -> dict[str, str]:
    """label -> the person's name for the gold's named voices ('Jennifer Li (host; ...)' -> 'Jennifer Li')."""
    out = {}
    for label, value in (gold.get("speakers") or {}).items():
        name = re.sub(r"\s*[(\[].*$", "", str(value)).strip()
        if name and not name.upper().startswith(("SPEAKER", "UNKNOWN", "?")) and len(name.split()) <= 4:
            out[label] = name
    return out


# variant -> (file suffix, converter of (text, gold))
VARIANTS: dict[str, tuple[str, Callable[[str, dict], str]]] = {
    "header": (".txt", lambda text, gold: text),
    "nohdr": (".txt", lambda text, gold: strip_header(text)),
    "srt": (".srt", lambda text, gold: to_srt(text)),
    "vtt": (".vtt", lambda text, gold: to_vtt(text)),
    "vttv": (".vtt", lambda text, gold: to_vtt_voices(text)),
    "vttname": (".vtt", lambda text, gold: to_vtt_voices(text, gold_voice_names(gold))),
    "whisper": (".json", lambda text, gold: to_whisper(text)),
    "whisperx": (".json", lambda text, gold: to_whisper(text, speakers=True)),
    "md": (".md", lambda text, gold: to_markdown(text)),
    "mdh": (".md", lambda text, gold: to_markdown_headings(text)),
    "mdtable": (".md", lambda text, gold: to_markdown_table(text)),
    "csv": (".csv", lambda text, gold: to_csv(text)),
    "word": (".txt", lambda text, gold: to_time_first(text)),
}
