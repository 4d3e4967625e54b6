"""What every reader shares: times, speaker labels and names, and adding an utterance safely.

A label the file gives is kept as the voice's label. When it is a person's name (a ``<v Jane Smith>``
voice, a ``Jane Smith:`` prefix, a speaker map's value), the name is the label, so that it reaches
the graph as the speaker's label, and :attr:`Episode.speaker_names` records it. Anonymous labels
(``SPEAKER_00``, ``Speaker 1``, ``spk_0``) are written as ``SPEAKER_00``, ``SPEAKER_1``, ``SPK_0``;
role labels (``Host``, ``Guest``) stay as they are and name nobody.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from kg.resources import data_path
from kg.read.episode import Episode, Utterance

TIMESTAMP = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
ANONYMOUS = re.compile(r"(?i)(?:speaker|spk|spkr)[\s_-]*(?:\d{1,3}|[a-z])|s\d{1,2}|speaker_[a-z0-9]+")
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？…])[\"'”’)\]]*\s+")


@lru_cache(maxsize=1)
def rules() -> dict:
    """The readers' data: role labels and the longest utterance (``ontology/rules/transcripts.json``)."""
    return json.loads(data_path("rules", "transcripts.json").read_text(encoding="utf-8"))


def seconds(h: str | None, m: str, s: str, frac: str | None = None) -> float:
    """Seconds of an ``[H:]MM:SS[.mmm]`` time split into its parts."""
    value = int(h or 0) * 3600 + int(m) * 60 + int(s)
    if frac:
        value += int(frac.ljust(3, "0")[:3]) / 1000
    return float(value)


@lru_cache(maxsize=4096)
def normalise_label(label: str) -> str:
    """An anonymous diarization label in one spelling: ``Speaker 1`` -> ``SPEAKER_1``."""
    return re.sub(r"\s+", "_", label.strip()).upper()


@lru_cache(maxsize=1)
def role_labels() -> frozenset[str]:
    """Labels that name a role, not a person ('Host', 'Guest'), folded; from ontology/rules/transcripts.json."""
    return frozenset(r.casefold() for r in rules()["role_labels"])


@lru_cache(maxsize=1)
def sound_words() -> frozenset[str]:
    """Words captions put in brackets for a sound, not a voice ('[Audience Laughs]'), folded; from
    ontology/rules/transcripts.json."""
    return frozenset(w.casefold() for w in rules()["sound_words"])


@lru_cache(maxsize=1)
def _unassigned() -> frozenset[str]:
    return frozenset(r.casefold() for r in rules()["unassigned_labels"])


def unassigned(label: str | None) -> bool:
    """The label marks a segment diarization left without a voice ('SPEAKER_UNKNOWN', 'Unknown'): such
    a segment has no label (it continues the voice before it), it is no voice of its own."""
    return label is not None and re.sub(r"\s+", " ", str(label)).strip().casefold() in _unassigned()


def looks_like_name(label: str) -> bool:
    """One to four capitalised words, not a role word ('Host') nor an anonymous label ('Speaker 2')."""
    words = label.split()
    if not 1 <= len(words) <= 4 or ANONYMOUS.fullmatch(label.strip()):
        return False
    if label.strip().casefold() in role_labels():
        return False
    return all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words)


def speaker_label(episode: Episode, raw: str | None, name: str | None = None) -> str | None:
    """The label of a voice the file calls ``raw`` (and, when the file has a speaker map, ``name``).

    A person's name becomes the label and is recorded in ``episode.speaker_names``; a name in capitals
    is written as a name ('JANE SMITH' -> 'Jane Smith'), save a short one ('JFK').
    """
    if raw is None:
        return None
    raw = re.sub(r"\s+", " ", str(raw)).strip()
    name = re.sub(r"\s+", " ", str(name)).strip() if name is not None else None
    if name and not ANONYMOUS.fullmatch(name):  # a speaker map's value is the name the file gives the voice
        if name.casefold() not in role_labels() and len(name.split()) <= 4:
            episode.speaker_names[name] = name
        return name
    if not raw:
        return None
    if ANONYMOUS.fullmatch(raw) or raw.startswith("SPEAKER_"):
        return normalise_label(raw)
    if raw.isupper() and (" " in raw or len(raw) > 4):  # 'JANE SMITH:', as news and script transcripts write voices
        raw = raw.title()
    if looks_like_name(raw):
        episode.speaker_names[raw] = raw
    return raw


def split_long(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters: at sentence ends where it has them,
    else at the last space before the limit, else hard."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        if len(sentence) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.extend(_hard_cut(sentence, limit))
            continue
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return [p for p in pieces if p]


def _hard_cut(sentence: str, limit: int) -> list[str]:
    """A sentence longer than ``limit`` in pieces, each cut at its last space (or at the limit)."""
    pieces, pos = [], 0
    while len(sentence) - pos > limit:
        cut = sentence.rfind(" ", pos + limit // 2, pos + limit + 1)
        cut = cut if cut > pos else pos + limit
        pieces.append(sentence[pos:cut].strip())
        pos = cut
    pieces.append(sentence[pos:].strip())
    return pieces


def append(episode: Episode, start: float | None, speaker: str | None, text: str, labelled: bool = True) -> None:
    """Add one utterance (whitespace collapsed; nothing for empty text); a very long one is cut into pieces."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return
    for piece in split_long(text, rules()["max_utterance_chars"]):
        episode.utterances.append(Utterance(len(episode.utterances), start, speaker, piece, labelled))
