"""Line-oriented text transcripts.

- ``markdown``: a time in brackets on every line, ``[HH:MM:SS] SPEAKER_00: text``, with an optional
  markdown header (``# Title``, ``**Podcast:** ...``). Also AssemblyAI-style markdown
  (``**[00:03] SPEAKER_00:** text``), Transistor-style text (``[Speaker 1] [00:00] text``) and
  ``[00:03] Jane Smith: text``; or the time first, bare or in bold or italics, then the voice and a colon
  (``**00:00:03** Jane Smith: text``, ``*00:00:03* **Jane Smith:** text``), where two lines are so. A
  timed line without a label continues the previous speaker.
- ``blocks``: a line naming the voice and the time, then its paragraphs, as Otter (``Jane Smith  0:03``),
  Rev (``Jane Smith (00:03):``), Descript-like and diarized markdown exports (``**Speaker 1** (00:03): ...``,
  ``### SPEAKER_00 [00:03 - 00:09]``, ``Jane Smith - 00:00:03``, ``**Jane Smith** · 00:03``), Word and
  Teams (``00:00:03 Speaker 1``) write them; or a heading
  or a line that is only a voice's name (``### Jane Smith``; ``Jane Smith`` over ``(00:00:03) ...``, as
  podcast sites print transcripts); a paragraph is read a sentence an utterance, so that the speaker
  cues that look at a turn's lines (its last one, a line read one label late) find lines there. Turns
  written as markdown list items or quotes are read as the same lines without the marks.
- ``plain``: no times; ``Name:`` prefixes name the speakers, in bold or not (``**Jane Smith:** text``).
"""

from __future__ import annotations

import re
from collections import Counter

from kg.read.common import (ANONYMOUS, TIMESTAMP, append, looks_like_name, role_labels, seconds, sound_words,
                             speaker_label, unassigned)
from kg.read.episode import Episode

_BOLD = r"(?:\*\*|__)?"
_ANON = r"SPEAKER_[A-Z0-9]+|Speaker\s*[A-Z0-9]+"
_NAME = r"[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}"
# a segment's end after its start ('[00:01:02 - 00:01:09]', '(00:01:02 --> 00:01:09)'), not read
_UNTIL = r"(?:\s*(?:-->|->|–|-|to)\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)?"
TIMED_LINE = re.compile(rf"^\s*{_BOLD}\[{TIMESTAMP}{_UNTIL}\]\s*(?:({_ANON})\s*:\s*)?(.*)$")
_NAMED_TAIL = re.compile(rf"^({_NAME})\s*:{_BOLD}\s+(.*)$")
LABEL_FIRST = re.compile(rf"^\s*{_BOLD}\[([^\]\[]{{1,60}})\]\s*\[{TIMESTAMP}{_UNTIL}\]{_BOLD}\s*:?\s*(.*)$")
# the voice, then its time in brackets or after spaces or a dash or dot ('Jane Smith  0:03', 'Jane Smith (00:03):',
# 'Jane Smith - 00:00:03', '**Jane Smith** · 00:00:03': after a dash or dot only at the line's end), the words
# after it or below
BLOCK_HEAD = re.compile(rf"^\s*(?:#{{1,6}}\s+)?{_BOLD}({_NAME}|{_ANON}){_BOLD}\s*(?:\(\s*{TIMESTAMP}{_UNTIL}\s*\)|\[\s*{TIMESTAMP}{_UNTIL}\s*\]|\s{{1,8}}{TIMESTAMP}|\s*[-–—·•|]\s*{TIMESTAMP}{_UNTIL}(?=\s*:?{_BOLD}\s*$))"
                        rf"\s*:?{_BOLD}\s*(.*)$")
# a line that is only a voice's name, its words in the paragraphs below ('Lex Fridman' over '(00:00:00) ...')
_BARE_HEAD = re.compile(rf"^\s*({_NAME}|{_ANON})\s*$")
# a paragraph's own time at its start, in brackets ('(00:01:02) Welcome ...'), or a line that is only a time
_PARAGRAPH_TIME = re.compile(rf"^\s*(?:[(\[]{TIMESTAMP}{_UNTIL}[)\]]\s*|{TIMESTAMP}{_UNTIL}\s*$)")
# the time first, the voice after it, the words below ('00:00:05 Speaker 1', as Word and Teams write transcripts)
_TIME_FIRST_HEAD = re.compile(rf"^\s*{_BOLD}\(?{TIMESTAMP}{_UNTIL}\)?\s+{_BOLD}({_NAME}|{_ANON}){_BOLD}\s*:?{_BOLD}\s*$")
# the time first, bare or in bold or italics, then the voice and a colon and the words on the same line
# ('**00:00:03** Jane Smith: text', '*00:00:03* **Jane Smith:** text', '00:00:03 Jane Smith: text')
# (not a subtitle's '00:00:01,000 --> 00:00:04,000': an arrow or a dash after the time is no word)
_TIME_FIRST_LINE = re.compile(rf"^\s*(?:\*\*|__|\*|_)?{TIMESTAMP}{_UNTIL}(?:\*\*|__|\*|_)?\s+(?=[^\s>–—-])(.*)$")
NAME_PREFIX = re.compile(rf"^\s*(?:\[({_ANON})\]\s*:?|(SPEAKER_[A-Z0-9]+)\s*:|\[?({_NAME}|Speaker\s*[A-Z0-9]+)\]?\s*:)\s*")
# a name in brackets before the words, without a colon ('[Jane Smith] text')
_BRACKETED_NAME = re.compile(rf"^\s*\[({_NAME})\]\s+(?=\S)")
# a label in bold, its colon inside or outside the bold ('**Jane Smith:** text', '**Jane Smith**: text')
_BOLD_PREFIX = re.compile(r"^\s*(\*\*|__)([^*:\n]{1,60}?)\s*(?::\s*\1|\1\s*:)\s*")
# a heading or a bold line that is only a voice's name, its words in the paragraphs below (no time)
_UNTIMED_HEAD = re.compile(rf"^\s*(?:#{{1,6}}\s+{_BOLD}|\*\*|__)({_NAME}|{_ANON})\s*:?\s*(?:\*\*|__)?\s*:?\s*$")
_QUOTE_MARK = re.compile(r"^\s*(?:>\s?)+")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(?=\S)")
_WATERMARK = re.compile(r"(?i)^\s*(?:transcribed|transcript|generated) (?:by|with|using) \S+\s*$")
_MARKUP_LINE = re.compile(r"^\s*(?:#{1,6}\s|---+\s*$|\*\*\*+\s*$)")  # a heading or a rule between blocks, not speech
_SENTENCES = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
_HEADER_FIELD = re.compile(r"^\*\*(?P<key>[^*:]+):\*\*\s*(?P<value>.*)$")
_HEADER_KEYS = {"podcast": "show", "show": "show", "date": "date", "video id": "video_id", "video url": "media_url",
                "url": "media_url"}


def unmarked_lines(text: str) -> list[str]:
    """The text's lines without the blockquote and list marks a markdown export may put before each
    turn ('> **Jane Smith** (00:03): ...', '- **SPEAKER_00** (00:03): ...')."""
    return [_LIST_MARK.sub("", _QUOTE_MARK.sub("", line, count=1), count=1) for line in text.splitlines()]


def read_header(lines: list[str], episode: Episode) -> int:
    """Fill header fields from a leading markdown header; return the index of the first body line."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].lstrip().startswith("# "):
        return 0
    title = lines[i].lstrip()[2:].strip()
    episode.title = title if title and title.casefold() not in role_labels() else None  # '# Transcript' names nothing
    j = i + 1
    while j < len(lines):
        line = lines[j].strip()
        if line.startswith("[") or block_head(line) is not None:  # the body began without a '---' rule
            return j
        if line == "---":
            return j + 1
        m = _HEADER_FIELD.match(line)
        if m and m.group("key").strip().lower() in _HEADER_KEYS:
            setattr(episode, _HEADER_KEYS[m.group("key").strip().lower()], m.group("value").strip() or None)
        j += 1
    return i + 1


def _timed(raw: str) -> tuple[float, str | None, str] | None:
    """(second, label or None, words) of a line with a time in brackets, label first or time first."""
    m = LABEL_FIRST.match(raw)
    if m:
        label, h, mi, s, frac, words = m.groups()
        return seconds(h, mi, s, frac), label, words
    m = TIMED_LINE.match(raw)
    if not m:
        return time_first_voice(raw)
    h, mi, s, frac, label, words = m.groups()
    if not label:
        named = _NAMED_TAIL.match(words.strip())
        if named and looks_like_name(named.group(1)):
            label, words = named.groups()
    return seconds(h, mi, s, frac), label, words


def time_first_voice(raw: str) -> tuple[float, str | None, str] | None:
    """(second, label, words) of a line with its time first, not in brackets, then a voice's name or label
    and a colon, then words (``**00:00:03** Jane Smith: text``), or no name (the voice before goes on:
    label None); None for any other line, and for a time and a name with no words after them (a Word or
    Teams head line, read by :func:`block_head`)."""
    m = _TIME_FIRST_LINE.match(raw)
    if not m:
        return None
    label, words = split_name_prefix(m.group(5))
    if label and not (looks_like_name(label) or re.fullmatch(_ANON, label)):
        label, words = None, m.group(5)
    if not words.strip():
        return None
    return seconds(*m.groups()[:4]), label, words


def _strip_bold(words: str) -> str:
    return re.sub(r"^(?:\*\*|__)\s*", "", words.strip())


def read_markdown(text: str, episode: Episode) -> Episode:
    """Lines with a bracketed time (see the module docstring); other lines are skipped."""
    lines = unmarked_lines(text)
    speaker: str | None = None
    for raw in lines[read_header(lines, episode):]:
        timed = _timed(raw)
        if timed is None:
            continue
        start, label, words = timed
        label = None if unassigned(label) else label
        if label:
            speaker = speaker_label(episode, label)
        append(episode, start, speaker, _strip_bold(words), bool(label))
    return episode


def read_blocks(text: str, episode: Episode) -> Episode:
    """A voice-and-time line (``Jane Smith  0:03``, ``Jane Smith (00:03):``) then its paragraphs, or a
    line that is only a voice's name (:func:`untimed_heads`); a paragraph may begin with its own time
    (``(00:01:02) ...``, or a line of its own)."""
    lines = unmarked_lines(text)
    speaker: str | None = None
    start: float | None = None
    labelled = True
    body = lines[read_header(lines, episode):]
    untimed = untimed_heads(body)
    for raw in body:
        head = block_head(raw) or (untimed.get(raw) and (untimed[raw], None, ""))
        if head is not None:
            label, start, words = head
            labelled = not unassigned(label)  # 'SPEAKER_UNKNOWN': the voice before goes on, not surely
            speaker = speaker_label(episode, label) if labelled else speaker
            append_sentences(episode, start, speaker, words, labelled)
        elif raw.strip() and not _WATERMARK.match(raw) and not _MARKUP_LINE.match(raw):
            own = _PARAGRAPH_TIME.match(raw)
            if own:  # the time in brackets before the words, or on a line of its own
                parts = own.groups()[:4] if own.group(2) is not None else own.groups()[4:8]
                start, raw = seconds(*parts), raw[own.end():]
            append_sentences(episode, start, speaker, _strip_bold(raw), labelled)
    return episode


def append_sentences(episode: Episode, start: float | None, speaker: str | None, text: str,
                     labelled: bool = True) -> None:
    """A paragraph as one utterance a sentence: a turn's lines, as a line-level export has them."""
    for sentence in _SENTENCES.split(text):
        append(episode, start, speaker, sentence, labelled)


def block_head(raw: str) -> tuple[str, float, str] | None:
    """(label, second, words on the same line) of a voice-and-time line, else None."""
    m = BLOCK_HEAD.match(raw)
    if not m:
        first = _TIME_FIRST_HEAD.match(raw)
        # (a name of two words at least: a caption line of one word after its time is no voice: '0:05 Right')
        if first and (re.fullmatch(_ANON, first.group(5)) or (looks_like_name(first.group(5)) and " " in first.group(5))):
            return first.group(5), seconds(*first.groups()[:4]), ""
        return None
    label = m.group(1)
    if not (looks_like_name(label) or re.fullmatch(_ANON, label) or unassigned(label)):
        return None
    times = m.groups()[1:-1]  # four groups (h, m, s, fraction) for each way the time is written
    for k in range(0, len(times), 4):
        if times[k + 1] is not None:
            return label, seconds(*times[k:k + 4]), _strip_bold(m.group(m.re.groups))
    return None


def untimed_heads(lines: list[str]) -> dict[str, str]:
    """Lines that are a heading or a bold line naming a voice and nothing else (``### Jane Smith``,
    ``**SPEAKER_01**``), or a bare line of a full name or an anonymous label (``Jane Smith``,
    ``Speaker 1``) -> the label, when the voices alternate: two labels at least, one of them heading two
    blocks or more (a document's section headings name no voice twice). Empty otherwise."""
    heads: dict[str, str] = {}
    for raw in lines:
        marked = _UNTIMED_HEAD.match(raw)
        m = marked or _BARE_HEAD.match(raw)
        if not m:
            continue
        label = m.group(1)
        if re.fullmatch(_ANON, label) or (looks_like_name(label) and (marked or " " in label)) or (
                marked and label.casefold() in role_labels()):
            heads[raw] = label
    said = Counter(heads[raw] for raw in lines if raw in heads)
    return heads if len(said) >= 2 and max(said.values()) >= 2 else {}


def split_name_prefix(text: str) -> tuple[str | None, str]:
    """(label, rest) of a line that starts with ``[SPEAKER_00]``, ``SPEAKER_00:`` or ``Name:``, the
    label in bold or not (``**Name:**``, ``**Name**:``), or with a full name in brackets (``[Jane Smith]
    text``; not a sound: ``[Background Music]``)."""
    bold = _BOLD_PREFIX.match(text)
    if bold:
        text = f"{bold.group(2)}: {text[bold.end():]}"
    bracketed = _BRACKETED_NAME.match(text)
    if bracketed and _full_name_no_sound(bracketed.group(1)):
        return bracketed.group(1), text[bracketed.end():]
    m = NAME_PREFIX.match(text)
    if not m:
        return None, text
    label = m.group(1) or m.group(2) or m.group(3)
    if m.group(3) and not (looks_like_name(label) or label.casefold() in role_labels() or ANONYMOUS.fullmatch(label)):
        return None, text
    return label.strip(), text[m.end():]


def _full_name_no_sound(label: str) -> bool:
    """Two words or more that look like a person's name, none of them a word captions use for a sound
    (``sound_words`` of ``rules/transcripts.json``: '[Audience Laughs]', '[Background Music]')."""
    words = label.split()
    return len(words) >= 2 and looks_like_name(label) and not any(w.casefold() in sound_words() for w in words)


def read_plain(text: str, episode: Episode) -> Episode:
    """Plain text without times: one utterance per line; ``Name:`` prefixes name the speakers."""
    lines = unmarked_lines(text)
    speaker = None
    for line in lines[read_header(lines, episode):]:
        if not line.strip():
            continue
        label, rest = split_name_prefix(line)
        if label and not unassigned(label):
            speaker = speaker_label(episode, label)
        append(episode, None, speaker, rest, not unassigned(label))
    return episode
