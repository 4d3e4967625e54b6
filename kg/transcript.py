"""Read transcript files into an :class:`Episode` of :class:`Utterance` lines.

One reader per format; :func:`read_transcript` picks one by extension and content. Everything
downstream sees only Episodes: the rest of kg knows nothing of file formats.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import InputError


TITLE_INDEX = -1  # utterance index of the header's title line
SHOW_INDEX = -2  # utterance index of the header's show line


@dataclass(frozen=True)
class Utterance:
    """One transcript line: its position, start second, diarization label and words."""

    index: int
    start: float | None
    speaker: str | None
    text: str
    labelled: bool = True  # False when the line had no label and continues the previous speaker


@dataclass(frozen=True)
class Turn:
    """Consecutive utterances of one speaker, joined so that sentences that run across lines parse whole."""

    speaker: str | None
    text: str
    utterances: tuple[Utterance, ...]
    offsets: tuple[int, ...]  # character offset of each utterance's text within ``text``

    @property
    def is_header(self) -> bool:
        """The turn is a header line (title or show), not speech."""
        return self.speaker is None and self.utterances[0].index < 0

    @property
    def is_title(self) -> bool:
        """The turn is the header's title line."""
        return self.speaker is None and self.utterances[0].index == TITLE_INDEX

    def utterance_at(self, char: int) -> Utterance:
        """The utterance that contains character offset ``char`` of the joined text."""
        chosen = self.utterances[0]
        for offset, utt in zip(self.offsets, self.utterances):
            if offset > char:
                break
            chosen = utt
        return chosen


@dataclass
class Episode:
    """A transcript: header fields (when the file has them) and its utterances."""

    source: str
    stem: str
    title: str | None = None
    show: str | None = None
    date: str | None = None
    video_id: str | None = None
    media_url: str | None = None
    utterances: list[Utterance] = field(default_factory=list)
    # label -> the person's name as the file itself gives it (WebVTT voice tags, a JSON export's speaker
    # map, "Jane Smith:" prefixes); empty when the file only has anonymous labels such as SPEAKER_00
    speaker_names: dict[str, str] = field(default_factory=dict)

    def turns(self) -> list[Turn]:
        """Group consecutive utterances of the same speaker into turns."""
        turns: list[Turn] = []
        group: list[Utterance] = []

        def flush() -> None:
            if not group:
                return
            offsets, parts, pos = [], [], 0
            for utt in group:
                offsets.append(pos)
                parts.append(utt.text)
                pos += len(utt.text) + 1
            turns.append(Turn(group[0].speaker, " ".join(parts), tuple(group), tuple(offsets)))

        for utt in self.utterances:
            if group and utt.speaker != group[-1].speaker:
                flush()
                group = []
            group.append(utt)
        flush()
        return turns

    def header_turns(self) -> list[Turn]:
        """The title and the show name as turns of their own (utterance index :data:`TITLE_INDEX`,
        :data:`SHOW_INDEX`; no speaker):
        headers often name the guests, their companies and the show, and that is evidence too."""
        turns = []
        for index, text in ((TITLE_INDEX, self.title), (SHOW_INDEX, self.show)):
            if text:
                turns.append(Turn(None, text, (Utterance(index, None, None, text),), (0,)))
        return turns

    def media_link(self, second: float | None) -> str | None:
        """The media URL at ``second`` (YouTube style ``&t=61s``), or None without a URL."""
        if not self.media_url:
            return None
        if second is None:
            return self.media_url
        sep = "&" if "?" in self.media_url else "?"
        return f"{self.media_url}{sep}t={int(second)}s"

    @property
    def speakers(self) -> list[str]:
        """Distinct speaker labels in order of first appearance."""
        seen: dict[str, None] = {}
        for utt in self.utterances:
            if utt.speaker is not None:
                seen.setdefault(utt.speaker, None)
        return list(seen)


FORMATS = ("markdown", "vtt", "srt", "json", "plain")

_TIMESTAMP = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
_LINE = re.compile(r"^\s*\[" + _TIMESTAMP + r"\]\s*(?:(SPEAKER_[A-Z0-9]+|Speaker\s*[A-Z0-9]+)\s*:\s*)?(.*)$")
_HEADER_FIELD = re.compile(r"^\*\*(?P<key>[^*:]+):\*\*\s*(?P<value>.*)$")


def _seconds(h: str | None, m: str, s: str, frac: str | None = None) -> float:
    value = int(h or 0) * 3600 + int(m) * 60 + int(s)
    if frac:
        value += int(frac.ljust(3, "0")[:3]) / 1000
    return float(value)


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a transcript") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file, not a transcript")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None


def _read_header(lines: list[str], episode: Episode) -> int:
    """Fill header fields from a leading markdown header; return the index of the first body line."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].lstrip().startswith("# "):
        return 0
    episode.title = lines[i].lstrip()[2:].strip() or None
    keys = {"podcast": "show", "show": "show", "date": "date", "video id": "video_id", "video url": "media_url", "url": "media_url"}
    j = i + 1
    while j < len(lines):
        line = lines[j].strip()
        if line.startswith("["):
            return j
        if line == "---":
            return j + 1
        m = _HEADER_FIELD.match(line)
        if m and m.group("key").strip().lower() in keys:
            setattr(episode, keys[m.group("key").strip().lower()], m.group("value").strip() or None)
        j += 1
    return i + 1


@lru_cache(maxsize=4096)
def _normalise_label(label: str | None) -> str | None:
    if label is None:
        return None
    return re.sub(r"\s+", "_", label.strip()).upper()


def read_markdown(text: str, episode: Episode) -> Episode:
    """The bracketed-timestamp format: optional markdown header, then ``[HH:MM:SS] SPEAKER_NN: text``.

    A timestamped line without a label continues the previous speaker.
    """
    lines = text.splitlines()
    start = _read_header(lines, episode)
    speaker: str | None = None
    for raw in lines[start:]:
        m = _LINE.match(raw)
        if not m:
            continue
        h, mi, s, frac, label, words = m.groups()
        words = words.strip()
        if label:
            speaker = _normalise_label(label)
        if not words:
            continue
        episode.utterances.append(Utterance(len(episode.utterances), _seconds(h, mi, s, frac), speaker, words, bool(label)))
    return episode


def read_transcript(path: str | Path, input_format: str | None = None) -> Episode:
    """Read one transcript file into an Episode.

    ``input_format`` (one of :data:`FORMATS`) overrides detection by extension and content.
    Raises :class:`InputError` with a one-line message on anything unreadable.
    """
    path = Path(path)
    text = _decode(path)
    fmt = input_format or detect_format(path, text)
    episode = Episode(source=str(path), stem=path.stem)
    reader = READERS.get(fmt)
    if reader is None:
        raise InputError(f"{path}: unknown input format {fmt!r} (choose from {', '.join(FORMATS)})")
    reader(text, episode)
    if not episode.utterances:
        raise InputError(f"{path}: no transcript lines found (expected '[HH:MM:SS] SPEAKER_00: text' or a known format)")
    return episode


def detect_format(path: Path, text: str) -> str:
    """Guess the format of a transcript from its extension and first lines."""
    suffix = path.suffix.lower()
    head = text.lstrip()[:2000]
    if suffix == ".vtt" or head.startswith("WEBVTT"):
        return "vtt"
    if suffix == ".json" or head.startswith("{") or head.startswith("["):
        if head.startswith("{") or suffix == ".json":
            return "json"
    if suffix == ".srt" or re.match(r"^\d+\s*\n\s*\d{2}:\d{2}:\d{2}[,.]\d{3}\s*-->", head):
        return "srt"
    if any(_LINE.match(line) for line in head.splitlines()[:60]):
        return "markdown"
    return "plain"


_VTT_CUE = re.compile(r"^\s*(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})\s*-->")
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]+>")
_NAME_PREFIX = re.compile(r"^\s*(?:\[(SPEAKER_[A-Z0-9]+)\]|(SPEAKER_[A-Z0-9]+)\s*:|([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})\s*:)\s*")


def _split_speaker(text: str) -> tuple[str | None, str]:
    m = _NAME_PREFIX.match(text)
    if not m:
        return None, text
    label = m.group(1) or m.group(2) or m.group(3)
    return label.strip(), text[m.end():]


def _cue_blocks(text: str) -> list[tuple[float, list[str]]]:
    """Cues of a VTT or SRT file: (start second, text lines)."""
    blocks: list[tuple[float, list[str]]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        m = _VTT_CUE.match(line)
        if m:
            h, mi, s, ms = m.groups()
            current = []
            blocks.append((_seconds(h, mi, s, ms), current))
        elif not line.strip():
            current = None
        elif current is not None:
            current.append(line.strip())
    return blocks


def _append(episode: Episode, start: float | None, speaker: str | None, text: str) -> None:
    text = re.sub(r"\s+", " ", text).strip()
    if text:
        episode.utterances.append(Utterance(len(episode.utterances), start, speaker, text))


def _read_cues(text: str, episode: Episode, voices: bool) -> Episode:
    """Cues of a subtitle file: a ``<v Name>`` voice (WebVTT) or a ``[SPEAKER_00]`` / ``Name:`` prefix
    names the speaker; a cue without one continues the previous speaker."""
    speaker = None
    for start, lines in _cue_blocks(text):
        joined = " ".join(lines)
        voice = _VOICE.search(joined) if voices else None
        joined = _TAG.sub("", joined)
        if voice:
            speaker = voice.group(1).strip()
        else:
            label, rest = _split_speaker(joined)
            if label:
                speaker, joined = label, rest
        _append(episode, start, speaker, joined)
    return episode


def read_vtt(text: str, episode: Episode) -> Episode:
    """WebVTT: cues with optional ``<v Name>`` voice tags or speaker prefixes."""
    return _read_cues(text, episode, voices=True)


def read_srt(text: str, episode: Episode) -> Episode:
    """SRT: numbered cues; speakers as ``[SPEAKER_00]`` or ``Name:`` prefixes."""
    return _read_cues(text, episode, voices=False)


def read_json(text: str, episode: Episode) -> Episode:
    """WhisperX / faster-whisper JSON: ``{"segments": [{"start", "text", "speaker"}]}`` or a bare list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{episode.source}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list):
        raise InputError(f"{episode.source}: JSON has no 'segments' list")
    if isinstance(data, dict):
        episode.title = data.get("title") or episode.title
        episode.media_url = data.get("url") or data.get("media_url") or episode.media_url
    for seg in segments:
        if not isinstance(seg, dict) or not isinstance(seg.get("text"), str):
            continue
        start = seg.get("start")
        start = float(start) if isinstance(start, (int, float)) else None
        speaker = seg.get("speaker")
        _append(episode, start, str(speaker) if speaker is not None else None, seg["text"])
    return episode


def read_plain(text: str, episode: Episode) -> Episode:
    """Plain text without timestamps: one utterance per paragraph line; ``Name:`` prefixes become speakers."""
    lines = text.splitlines()
    start = _read_header(lines, episode)
    speaker = None
    for line in lines[start:]:
        if not line.strip():
            continue
        label, rest = _split_speaker(line)
        if label:
            speaker = label
        _append(episode, None, speaker, rest if label else line)
    return episode


READERS = {"markdown": read_markdown, "vtt": read_vtt, "srt": read_srt, "json": read_json, "plain": read_plain}
