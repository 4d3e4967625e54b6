"""JSON exports of speech-to-text tools, told apart by their keys, not by the tool's name.

- Whisper / faster-whisper / WhisperX: ``{"segments": [{"start", "end", "text", "speaker"?, "tokens"?}]}``
- podwhisperer-like: ``{"speakers": {"spk_0": "Luciano"}, "segments": [{"speakerLabel": "spk_0", ...}]}``
- AssemblyAI-like: ``{"utterances": [{"speaker": "A", "start": 250, "text"}]}`` (times in milliseconds)
- word lists (WhisperX word level): ``[{"text" or "word", "start", "end", "speaker"}]``, joined into
  utterances at each change of speaker and at sentence ends.
- Deepgram-like: ``{"results": {"utterances": [...]}}`` or ``results.channels[0].alternatives[0].words``
- AWS Transcribe-like: ``{"results": {"items": [{"start_time", "alternatives": [{"content"}], "speaker_label"}]}}``
- text only (OpenAI's transcription API as ``json``): ``{"text": "..."}``, read a sentence an utterance,
  without times or speakers.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kg.errors import InputError
from kg.read.common import append, speaker_label, unassigned
from kg.read.episode import Episode
from kg.read.lines import append_sentences

_TEXT_KEYS = ("text", "transcript", "word", "punctuated_word")
_SPEAKER_KEYS = ("speaker", "speakerLabel", "speaker_label", "speaker_id", "spk")
_SEGMENT_KEYS = ("segments", "utterances", "monologues", "results")
_WORDS_PER_UTTERANCE = 60


def parse_json(source: str, text: str) -> Any:
    """The parsed document; one-line :class:`InputError` for invalid or absurdly nested JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise InputError(f"{source}: JSON nested too deeply to be a transcript") from None
    except ValueError:  # an integer with more digits than Python converts
        raise InputError(f"{source}: invalid JSON (a number with too many digits)") from None


def _speaker_map(data: dict) -> dict[str, str]:
    """label -> name from a ``speakers`` map (dict, or a list of ``{"id"/"label", "name"}``), keyed by
    the label as :func:`_label` spells the segments' speakers (a map's ``"A"`` or ``0`` is ``SPEAKER_A``,
    ``SPEAKER_0``, as the segments' ``"speaker": "A"`` become)."""
    raw = data.get("speakers") or data.get("speaker_names") or {}
    pairs: list[tuple[Any, Any]] = []
    if isinstance(raw, dict):
        pairs = [(k, v) for k, v in raw.items() if isinstance(v, (str, int, float))]
    elif isinstance(raw, list):
        pairs = [(item.get("id", item.get("label", item.get("speaker"))), item["name"]) for item in raw
                 if isinstance(item, dict) and isinstance(item.get("name"), str)]
    return {label: str(name) for key, name in pairs if (label := _label(key)) is not None}


def _label(value: Any) -> str | None:
    """A segment's speaker as text; a bare letter or number ('A', 0) is an anonymous voice (SPEAKER_A)."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    value = str(value).strip()
    if unassigned(value):
        return None
    return f"SPEAKER_{value.upper()}" if re.fullmatch(r"[A-Za-z]|\d{1,3}", value) else value


def _field(item: dict, keys: tuple[str, ...]) -> Any:
    return next((item[k] for k in keys if item.get(k) is not None), None)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value else None


def _segments(data: Any, depth: int = 0) -> tuple[list, float]:
    """The list of segments (or words) and the factor that turns their times into seconds."""
    if isinstance(data, list):
        return data, 1.0
    if not isinstance(data, dict):
        return [], 1.0
    for key in _SEGMENT_KEYS:
        value = data.get(key)
        if isinstance(value, list) and value and any(isinstance(v, dict) and _field(v, _TEXT_KEYS) for v in value):
            # AssemblyAI gives milliseconds and says so by its audio_duration / audio_url fields
            scale = 0.001 if key == "utterances" and ("audio_url" in data or "audio_duration" in data) else 1.0
            return value, scale
    if isinstance(data.get("items"), list):  # AWS Transcribe: words as items with alternatives
        return _aws_items(data["items"]), 1.0
    if depth < 3:  # Deepgram, AWS: the transcript sits in results / channels[0] / alternatives[0]
        for key in ("results", "channels", "alternatives"):
            inner = data.get(key)
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, dict):
                found = _segments(inner, depth + 1)
                if found[0]:
                    return found
    words = data.get("words")
    return (words, 1.0) if isinstance(words, list) else ([], 1.0)


def _aws_items(items: list) -> list[dict]:
    """AWS Transcribe items as words: ``{"text", "start", "speaker"}``; punctuation joins the word before."""
    words: list[dict] = []
    for item in items:
        alternatives = item.get("alternatives") if isinstance(item, dict) else None
        first = alternatives[0] if isinstance(alternatives, list) and alternatives else None
        content = first.get("content") if isinstance(first, dict) else None
        if not isinstance(content, str):
            continue
        if item.get("type") == "punctuation" and words:
            words[-1]["text"] += content
            continue
        try:
            start = float(item.get("start_time"))
        except (TypeError, ValueError):
            start = None
        words.append({"text": content, "start": start, "speaker": item.get("speaker_label")})
    return words


def read_json(text: str, episode: Episode) -> Episode:
    """A JSON export (see the module docstring)."""
    data = parse_json(episode.source, text)
    segments, scale = _segments(data)
    whole = _field(data, ("text", "transcript")) if isinstance(data, dict) else None
    if not segments and isinstance(whole, str) and whole.strip():
        append_sentences(episode, None, None, whole)
        return episode
    if not segments:
        raise InputError(f"{episode.source}: JSON has no 'segments', 'utterances' or word list")
    names = _speaker_map(data) if isinstance(data, dict) else {}
    if isinstance(data, dict):
        title, url = data.get("title"), data.get("url") or data.get("media_url") or data.get("audio_url")
        episode.title = title if isinstance(title, str) and title.strip() else episode.title
        episode.media_url = url if isinstance(url, str) and url.strip() else episode.media_url
    items = [s for s in segments if isinstance(s, dict) and isinstance(_field(s, _TEXT_KEYS), str)]
    if _is_word_list(items):
        _read_words(items, names, scale, episode)
        return episode
    _read_segments(items, names, scale, episode)
    return episode


def _read_segments(items: list[dict], names: dict[str, str], scale: float, episode: Episode) -> None:
    """Segments as utterances. In a diarized file a segment without a speaker (WhisperX leaves one
    unassigned when no voice overlaps it) continues the voice before it, as not labelled."""
    diarized = any(_field(seg, _SPEAKER_KEYS) is not None for seg in items)
    speaker = None
    for seg in items:
        start = _number(seg.get("start"))
        label = _label(_field(seg, _SPEAKER_KEYS))
        if label is not None or not diarized:
            speaker = speaker_label(episode, label, names.get(label) if label is not None else None)
        append(episode, round(start * scale, 3) if start is not None else None, speaker, _field(seg, _TEXT_KEYS),
               label is not None or not diarized)


def _is_word_list(items: list[dict]) -> bool:
    """Most items hold one word each (a word-level export), not a sentence."""
    if len(items) < 8:
        return False
    single = sum(1 for s in items if len(str(_field(s, _TEXT_KEYS)).split()) <= 1)
    return single >= 0.9 * len(items)


def _read_words(items: list[dict], names: dict[str, str], scale: float, episode: Episode) -> None:
    """Words joined into utterances: a new one at each change of speaker and after a sentence end."""
    words: list[str] = []
    start: float | None = None
    current: str | None = None

    def flush() -> None:
        if words:
            label = speaker_label(episode, current, names.get(current) if current is not None else None)
            append(episode, round(start * scale, 3) if start is not None else None, label, _join(words))
        words.clear()

    for item in items:
        label = _label(_field(item, _SPEAKER_KEYS))
        if words and label != current:
            flush()
        if not words:
            start, current = _number(item.get("start")), label
        words.append(str(_field(item, ("punctuated_word", "text", "word"))))
        if re.search(r"[.!?]['\"”’]?$", words[-1].strip()) or len(words) >= _WORDS_PER_UTTERANCE:
            flush()
    flush()


def _join(words: list[str]) -> str:
    """Words as one text: Whisper words often carry their own leading space."""
    if any(w.startswith(" ") for w in words):
        return "".join(words)
    return " ".join(words)
