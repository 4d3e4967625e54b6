"""Transcript files in, :class:`Episode` s out: the readers live in :mod:`kg.read`; this module keeps
the names the rest of kg imports (``from kg.transcript import Episode, read_transcript``)."""

from __future__ import annotations

from .read.lines import read_markdown, read_plain
from .read import (FORMATS, MAX_INPUT_BYTES, READERS, SHOW_INDEX, TITLE_INDEX, Episode, Turn, Utterance,
                   detect_format, parse_transcript, read_bytes, read_transcript)

__all__ = ["Episode", "FORMATS", "MAX_INPUT_BYTES", "READERS", "SHOW_INDEX", "TITLE_INDEX", "Turn", "Utterance",
           "detect_format", "parse_transcript", "read_bytes", "read_markdown", "read_plain", "read_transcript"]
