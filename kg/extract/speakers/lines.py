"""The lines of an episode as the speaker identification reads them (see :mod:`kg.extract.speakers.identify`).

The cue phrases and weights (``ontology/rules/speakers.json``), the phrase tests around a name
("I'm X", "thanks, X"), the body's lines with the voice each belongs to read two ways (as labelled,
and with labels one line late), :func:`voice_of` for the relation extractor, and :class:`Cue`, one
piece of evidence that a voice is a person.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span

from kg.model import Speaker
from kg.resources import data_path
from kg.read import Turn, Utterance

NORMAL, LAG = 0, 1  # how the labels sit against the words: as written, or one line late


@lru_cache(maxsize=1)
def speaker_cues() -> dict:
    """The cue phrases and weights."""
    return json.loads(data_path("rules", "speakers.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- phrases around a name

def plain_words(text: str) -> list[str]:
    """The lower-cased words of ``text`` (apostrophes kept, other punctuation dropped)."""
    return re.sub(r"[^\w' ]+", " ", text.lower().replace("’", "'")).split()


def ends_with(before: str, phrases: list[str], slack: int = 0, not_in_slack: frozenset[str] = frozenset()) -> str | None:
    """The cue phrase that ends ``before``, allowing up to ``slack`` words after it, none of them in
    ``not_in_slack`` ('welcome our first speaker, X', but not 'welcome to the X show')."""
    words = plain_words(before)
    for drop in range(0, slack + 1):
        if drop > len(words) or (drop and words[len(words) - drop] in not_in_slack):
            break
        tail = " " + " ".join(words[: len(words) - drop] if drop else words)
        for phrase in sorted(phrases, key=len, reverse=True):
            if tail.endswith(" " + phrase):
                return phrase
    return None


def starts_with(after: str, phrases: list[str]) -> bool:
    """``after`` (the rest of the sentence after a name) begins with one of the phrases, as whole words."""
    words = " " + " ".join(plain_words(after)) + " "
    return any(words.startswith(" " + phrase + " ") for phrase in phrases)


def in_intro(utt: Utterance, cues: dict) -> bool:
    """The utterance is in the episode's opening, where introductions are made."""
    if utt.start is not None:
        return utt.start <= cues["intro_seconds"]
    return 0 <= utt.index < cues["intro_utterances"]


def _reads_as_name(span: Span) -> bool:
    """The name is not the start of a longer phrase: 'I'm Peter level' names nobody, 'I'm Peter,' does,
    and so does a name a new clause follows without a comma ('I'm at Brit see you next time')."""
    doc = span.doc
    if span.end >= len(doc):
        return True
    nxt = doc[span.end]
    if nxt.pos_ == "VERB" and span.end + 1 < len(doc) and doc[span.end + 1].pos_ == "PRON":
        return True
    return not (nxt.is_alpha and nxt.is_lower and nxt.pos_ in ("NOUN", "ADJ", "VERB"))


def self_cue(span: Span) -> str | None:
    """The cue with which the sentence of the name ``span`` is its speaker saying their own name ("I'm
    X"; a cue of ``self_at_start_only`` only at the start of the sentence: "Hey, it's X"), or None."""
    cues = speaker_cues()
    sent = span.sent
    cue = ends_with(sent.text[:span.start_char - sent.start_char], cues["self"])  # not doc.text: built anew per call
    if cue and _reads_as_name(span) and (cue not in cues["self_at_start_only"] or span.start_char - sent.start_char < 16):
        return cue
    return None


def introduces_self(span: Span) -> bool:
    """The speaker says their own name ``span`` ("I'm X", "Hey, it's X"), wherever in the episode."""
    return self_cue(span) is not None


# ---------------------------------------------------------------- step 1: lines and voices

@dataclass
class Lines:
    """The body's utterances in order, with the voice each belongs to under each reading."""

    order: list[int]  # utterance indexes in order
    voice: dict[int, dict[int, str | None]]  # reading -> utterance index -> label
    sure: dict[int, bool]  # utterance index -> its label is surely its own (see _surely_theirs)
    position: dict[int, int] = field(default_factory=dict)  # utterance index -> its place in ``order``

    def __post_init__(self) -> None:
        self.position = {index: i for i, index in enumerate(self.order)}

    def next_voices(self, reading: int, index: int, count: int = 1, window: int = 20, own: str | None = None) -> list[str]:
        """The next ``count`` distinct voices after ``index`` other than its own (or ``own``, where the
        caller knows better; within ``window`` lines after each)."""
        own = own or self.voice[reading].get(index)
        pos = self.position[index] if index in self.voice[reading] else -1
        found: list[str] = []
        gap = 0
        for i in self.order[pos + 1:]:
            label = self.voice[reading][i]
            gap += 1
            if label is None or label == own or label in found:
                if gap > window:
                    break
                continue
            found.append(label)
            gap = 0
            if len(found) == count:
                break
        return found


def read_lines(turns: list[Turn]) -> Lines:
    """Every body utterance with its voice as labelled and as read with labels one line late."""
    body = [(turn, utt) for turn in turns if not turn.is_header for utt in turn.utterances]
    order = [utt.index for _, utt in body]
    normal = {utt.index: utt.speaker for _, utt in body}
    lag: dict[int, str | None] = {}
    following: str | None = None
    for turn, utt in reversed(body):  # the words of a line are the voice of the next labelled line
        lag[utt.index] = following if following is not None else utt.speaker
        if utt.labelled and utt.speaker is not None:
            following = utt.speaker
    sure = {utt.index: _surely_theirs(turn, utt) for turn, utt in body}
    for index, label in normal.items():  # a line without a label that ends a turn may open the next voice's
        if not sure[index] or label is None:
            normal[index] = lag[index]
    return Lines(order, {NORMAL: normal, LAG: lag}, sure)


def _surely_theirs(turn: Turn, utt: Utterance) -> bool:
    """The line carries the turn's label, or has none but a later line of the same turn carries it:
    a line without a label between two lines of one voice is that voice's. An unlabelled line at the
    end of a turn may be the next voice's."""
    if utt.labelled:
        return True
    return any(u.labelled for u in turn.utterances if u.index > utt.index)


def voice_of(utterance: Utterance, speakers: dict[str, Speaker]) -> str | None:
    """The voice whose words ``utterance`` are: its label, or — in an episode whose labels lag the words
    by a line (see :func:`detect_shift`) — the label of the next labelled line."""
    shifted = next((sp.lines for sp in speakers.values() if sp.lines), None)
    if shifted is not None and utterance.index in shifted:
        return shifted[utterance.index]
    return utterance.speaker


# ---------------------------------------------------------------- cues

@dataclass
class Cue:
    """One piece of evidence that a reading's voice is (or, with a negative weight, is not) a person."""

    reading: int | None  # None: holds under every reading
    label: str
    person: str
    kind: str
    weight: float
    quote: str
    utterance: int
    second: float | None


def utterance_of(turn: Turn, span: Span) -> Utterance:
    """The utterance of ``turn`` that holds the name ``span``."""
    return turn.utterance_at(span.start_char)
