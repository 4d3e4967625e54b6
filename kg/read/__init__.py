"""Read transcript files into an :class:`Episode` of :class:`Utterance` lines.

One module per family of formats (:mod:`.lines`, :mod:`.cues`, :mod:`.jsonfmt`, :mod:`.table`), one that picks
the reader by content (:mod:`.detect`), one that reads bytes safely (:mod:`.source`). Everything
downstream sees only Episodes.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.read.cues import read_srt, read_vtt
from kg.read.detect import detect_format
from kg.read.episode import SHOW_INDEX, TITLE_INDEX, Episode, Turn, Utterance
from kg.read.jsonfmt import read_json
from kg.read.lines import read_blocks, read_markdown, read_plain
from kg.read.source import MAX_INPUT_BYTES, decode, read_bytes
from kg.read.table import read_table

READERS = {"markdown": read_markdown, "blocks": read_blocks, "vtt": read_vtt, "srt": read_srt, "json": read_json,
           "table": read_table, "plain": read_plain}
FORMATS = tuple(READERS)

__all__ = ["Episode", "FORMATS", "MAX_INPUT_BYTES", "READERS", "SHOW_INDEX", "TITLE_INDEX", "Turn", "Utterance",
           "detect_format", "parse_transcript", "read_bytes", "read_markdown", "read_plain", "read_transcript"]


def parse_transcript(path: str | Path, data: bytes, input_format: str | None = None) -> Episode:
    """An Episode from the bytes of the file at ``path`` (read already, e.g. to key a cache).

    ``input_format`` (one of :data:`FORMATS`) overrides detection by content.
    Raises :class:`InputError` with a one-line message on anything unreadable.
    """
    path = Path(path)
    if input_format is not None and input_format not in READERS:
        raise InputError(f"{path}: unknown input format {input_format!r} (choose from {', '.join(FORMATS)})")
    text = decode(path, data)
    fmt = input_format or detect_format(path, text)
    episode = Episode(source=str(path), stem=path.stem)
    try:
        READERS[fmt](text, episode)
    except RecursionError:
        raise InputError(f"{path}: nested too deeply to be a transcript") from None
    if not episode.utterances:
        raise InputError(f"{path}: no transcript lines found (expected '[HH:MM:SS] SPEAKER_00: text' or a known format)")
    return episode


def read_transcript(path: str | Path, input_format: str | None = None, limit: int = MAX_INPUT_BYTES) -> Episode:
    """Read one transcript file (a regular file of at most ``limit`` bytes) into an Episode.

    ``input_format`` (one of :data:`FORMATS`) overrides detection by content.
    Raises :class:`InputError` with a one-line message on anything unreadable.
    """
    return parse_transcript(path, read_bytes(path, limit), input_format)
