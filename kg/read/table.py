"""Transcripts as tables: CSV, TSV or a markdown table with a header row, a row an utterance.

Spreadsheet exports of transcription services name their columns, not always alike: the words under
``text`` (``transcript``, ``content``, ``utterance``...), the voice under ``speaker`` (``speaker name``,
``name``...), the start under ``start`` (``start time``, ``timestamp``...) in seconds or as
``[HH:]MM:SS[.mmm]``. The column names are data in ``ontology/rules/transcripts.json`` (``table_columns``).
"""

from __future__ import annotations

import csv
import re

from kg.errors import InputError
from kg.read.common import TIMESTAMP, append, rules, seconds, speaker_label, unassigned
from kg.read.episode import Episode
from kg.read.lines import read_header

_TIME = re.compile(rf"^\s*{TIMESTAMP}\s*$")
_DELIMITERS = "\t,;|"
_RULE_ROW = re.compile(r"^[\s|:-]+$")  # a markdown table's line under its header


def _cells_of_pipes(line: str) -> str:
    """A markdown table's row without the pipes at its ends ('| a | b |' -> ' a | b ')."""
    line = line.strip()
    return line[1:-1] if line.startswith("|") and line.endswith("|") and len(line) > 1 else line


def table_header(line: str) -> tuple[str, dict[str, int]] | None:
    """(delimiter, column role -> index) of a table's header row that names a text column and a voice
    or time column, else None."""
    line = _cells_of_pipes(line)
    for delimiter in _DELIMITERS:
        if delimiter not in line:
            continue
        cells = [c.strip().strip('"').strip().casefold() for c in next(csv.reader([line], delimiter=delimiter))]
        roles: dict[str, int] = {}
        for role, names in rules()["table_columns"].items():
            found = next((i for i, c in enumerate(cells) if c in names), None)
            if found is not None:
                roles[role] = found
        if "text" in roles and ("speaker" in roles or "start" in roles):
            return delimiter, roles
    return None


def header_row(lines: list[str], within: int = 20) -> tuple[int, str, dict[str, int]] | None:
    """The table's header row among the first lines (a markdown title or blank lines may come before
    it): its index, delimiter and column roles (:func:`table_header`), else None."""
    for i, line in enumerate(lines[:within]):
        if line.strip() and not line.lstrip().startswith("#"):
            head = table_header(line)
            return (i, *head) if head is not None else None
    return None


def _start(cell: str | None) -> float | None:
    """Seconds of a time cell: a number of seconds or ``[HH:]MM:SS[.mmm]``; None when it is neither."""
    if not cell or not cell.strip():
        return None
    m = _TIME.match(cell)
    if m:
        return seconds(*m.groups())
    try:
        value = float(cell.strip())
    except ValueError:
        return None
    return value if value >= 0 else None


def read_table(text: str, episode: Episode) -> Episode:
    """A CSV, TSV or markdown table transcript (see the module docstring), under an optional markdown
    title; rows without words are skipped."""
    lines = text.lstrip("\ufeff").splitlines()
    start = read_header(lines, episode)
    head = header_row(lines[start:])
    if head is None:
        return episode
    first, delimiter, roles = head
    first += start
    body = lines[first + 1:]
    if delimiter == "|":
        body = [_cells_of_pipes(line) for line in body if not _RULE_ROW.match(line)]
    try:
        rows = list(csv.reader(body, delimiter=delimiter))
    except csv.Error as exc:  # a field past the csv module's limit, a NUL byte
        raise InputError(f"{episode.source}: unreadable table ({exc})") from None
    speaker = None
    for row in rows:
        cell = lambda role: row[roles[role]] if role in roles and roles[role] < len(row) else None  # noqa: E731
        words = cell("text")
        if not words or not words.strip():
            continue
        label = (cell("speaker") or "").strip() or None
        label = None if unassigned(label) else label
        if label is not None:
            speaker = speaker_label(episode, label)
        append(episode, _start(cell("start")), speaker, words, label is not None or "speaker" not in roles)
    return episode
