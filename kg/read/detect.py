"""Which reader a file needs, told by its content (the extension only breaks ties).

Exports are often renamed (``.txt`` for everything), so the first lines decide: a ``WEBVTT`` line,
cue times with ``-->``, a JSON object or list, a CSV or TSV header row naming a text column, then the
shape most lines of the text have.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.read.cues import CUE_TIME
from kg.read.table import header_row
from kg.read.lines import (LABEL_FIRST, TIMED_LINE, block_head, read_header, split_name_prefix, time_first_voice,
                           unmarked_lines, untimed_heads)

_JSON_START = re.compile(r"^\s*(?:\{|\[\s*(?:\{|\]))")
_SRT_START = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")


def detect_format(path: Path, text: str) -> str:
    """Guess the format of a transcript from its first lines (and its extension for a tie)."""
    suffix = Path(path).suffix.lower()
    head = text.lstrip("\ufeff \t\n")[:4000]
    if head.startswith("WEBVTT"):
        return "vtt"
    if _JSON_START.match(head):
        return "json"
    if _SRT_START.match(head):
        return "srt"
    lines = head.splitlines()[:200]
    if header_row(lines) is not None:
        return "table"
    if sum(1 for line in lines[:60] if CUE_TIME.match(line)) >= 1:
        return "srt" if suffix == ".srt" or re.search(r"\d,\d{3}\s*-->", head) else "vtt"
    if suffix == ".json":
        return "json"
    return _text_shape(text)


def _text_shape(text: str) -> str:
    """markdown (a bracketed time per line), blocks (voice-and-time lines over paragraphs) or plain."""
    lines = unmarked_lines(text)
    body = lines[read_header(lines, _Scratch()):][:400]
    timed = sum(1 for line in body[:60] if TIMED_LINE.match(line) or LABEL_FIRST.match(line))
    time_first = sum(1 for line in body[:60] if (voiced := time_first_voice(line)) is not None and voiced[1])
    if timed or time_first >= 2:  # a bare time before a name and a colon is a voice's line where it recurs
        return "markdown"
    heads = sum(1 for line in body if block_head(line) is not None) or len(untimed_heads(body))
    prefixed = sum(1 for line in body if split_name_prefix(line)[0] is not None)
    if heads >= 2 or heads and heads >= prefixed and len(body) <= 4:
        return "blocks"
    return "plain"


class _Scratch:
    """A stand-in Episode for reading a header only to skip it."""

    title = show = date = video_id = media_url = None
