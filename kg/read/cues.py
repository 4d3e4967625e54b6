"""Subtitle files: WebVTT and SRT cues.

A cue's speaker is a WebVTT voice (``<v Jane Smith>``, ``<v.loud Jane>``), a ``[SPEAKER_00]`` or
``Name:`` prefix, or a ``>> Name:`` / ``- Name:`` turn marker (broadcast captions); a cue without
one continues the previous speaker. Times may have hours or not (``01:02.500 --> ...``). Rolling
captions (YouTube's automatic ones) have each line once.
"""

from __future__ import annotations

import re

from kg.read.common import ANONYMOUS, append, seconds, speaker_label, unassigned
from kg.read.episode import Episode
from kg.read.lines import split_name_prefix

CUE_TIME = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?\s*-->")
_VOICE = re.compile(r"<v(?:\.[^ \t>]*)?[ \t]+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[^>]*>|\{\\[^}]*\}")  # HTML-like tags, word times, {\an8}
_WORD_TIME = re.compile(r"<\d{2}:\d{2}:\d{2}\.\d{3}>")
_TURN_MARK = re.compile(r"^\s*(?:>>+|-)\s*")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&lrm;": "", "&rlm;": ""}


def cue_blocks(text: str) -> list[tuple[float, list[str]]]:
    """Cues of a VTT or SRT file: (start second, text lines); NOTE, STYLE and REGION blocks are skipped."""
    blocks: list[tuple[float, list[str]]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        m = CUE_TIME.match(line)
        if m:
            if current and current[-1].isdigit():  # the next cue's number, after a blank line of spaces
                current.pop()
            h, mi, s, ms = m.groups()
            current = []
            blocks.append((seconds(h, mi, s, ms), current))
        elif not line:
            current = None
        elif current is not None and line.strip():  # a line of spaces does not end a cue (YouTube writes them)
            current.append(line.strip())
    return blocks


def _unescape(text: str) -> str:
    return re.sub(r"&(?:amp|lt|gt|nbsp|lrm|rlm);", lambda m: _ENTITIES[m.group(0)], text)


def _new_lines(blocks: list[tuple[float, list[str]]]) -> list[tuple[float, list[str]]]:
    """Cues of rolling captions (YouTube's automatic ones: word times like ``<00:00:01.280>`` inside the
    text) repeat the previous cue's line above the new one; keep each line once."""
    out, previous = [], set()
    for start, lines in blocks:
        plain = [" ".join(_TAG.sub("", line).split()) for line in lines]
        out.append((start, [line for line, p in zip(lines, plain) if p and p not in previous]))
        previous = set(plain)
    return out


def _cue_speaker(lines: list[str]) -> tuple[str | None, str]:
    """(the label a cue gives its voice or None, its words without tags and label). The label may be
    the cue's first line by itself, an anonymous one ('SPEAKER_00', 'Speaker 1') or a name with a colon."""
    alone = _TAG.sub("", lines[0]).strip().strip("[]").strip() if len(lines) > 1 else ""
    if ANONYMOUS.fullmatch(alone):
        return (None if unassigned(alone) else alone), _TURN_MARK.sub("", _unescape(_TAG.sub("", " ".join(lines[1:]))))
    joined = " ".join(lines)
    voice = _VOICE.search(joined)
    joined = _unescape(_TAG.sub("", joined))
    if voice:
        label = _unescape(voice.group(1))
        return (None if unassigned(label) else label), joined
    label, rest = split_name_prefix(_TURN_MARK.sub("", joined))
    if label and unassigned(label):
        return None, rest
    return (label, rest) if label else (None, joined)


def _labels_every_cue(labels: list[str | None]) -> bool:
    """Whether a file labels each cue: a fifth of its labels at least repeat the label before them."""
    given = [label for label in labels if label]
    repeats = sum(1 for a, b in zip(given, given[1:]) if a == b)
    return bool(given) and repeats >= 0.2 * len(given)


def read_cues(text: str, episode: Episode) -> Episode:
    """Every cue an utterance; its voice, prefix or turn marker names the speaker.

    A cue without a label continues the voice before it. When the file labels every cue (a tool that
    labels each segment, as WhisperX does: a voice's label repeats on its next cues), one without is
    a segment diarization left unassigned: it is kept as not labelled (:attr:`Utterance.labelled`),
    as a markdown line without a label is. A file that tags only a change of voice never repeats a tag.
    """
    speaker = None
    blocks = cue_blocks(text)
    if _WORD_TIME.search(text):
        blocks = _new_lines(blocks)
    cues = [_cue_speaker(lines) for _start, lines in blocks]
    every_cue = _labels_every_cue([label for label, _ in cues])
    for (start, _lines), (label, words) in zip(blocks, cues):
        if label:
            speaker = speaker_label(episode, label)
        append(episode, start, speaker, words, bool(label) or not every_cue)
    return episode


def read_vtt(text: str, episode: Episode) -> Episode:
    """WebVTT: cues with optional ``<v Name>`` voice tags or speaker prefixes."""
    return read_cues(text, episode)


def read_srt(text: str, episode: Episode) -> Episode:
    """SRT: numbered cues; speakers as ``[SPEAKER_00]`` or ``Name:`` prefixes."""
    return read_cues(text, episode)
