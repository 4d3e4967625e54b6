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
    and so does a name a new clause follows without a comma ('I'm at Brit see you next time'); a
    possessive before a word makes the name that thing's owner ('This is David's journey'; not "I'm
    Amelia's.", a line heard short)."""
    doc = span.doc
    if span.end >= len(doc):
        return True
    nxt = doc[span.end]
    owned = span.end + (nxt.tag_ == "POS")  # the word after the name, past its possessive
    if (span[-1].tag_ == "POS" or nxt.tag_ == "POS") and owned < len(doc) and doc[owned].is_alpha:
        return False
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


def mid_turn_greeting(span: Span) -> bool:
    """The name ``span`` is said in a greeting ('Hey, it's Molly', 'what's up Sam?': one of ``greetings``
    right before the name or before its self-introduction cue) that opens its sentence, or follows one of
    ``vocative_openers`` and a comma ('... the lesson I learned Alright, what's up Sam?', unpunctuated
    speech), and other words of the same turn come before it: a greeting opens what a voice says, so
    one in the middle of a turn may be the next voice's first words, joined to the turn before by the export."""
    cues = speaker_cues()
    sent = span.sent
    before = sent.text[:span.start_char - sent.start_char].replace("’", "'")
    said = self_cue(span)
    words = plain_words(before)[:-len(said.split())] if said else plain_words(before)
    greeting = next((g for g in cues["greetings"] if " ".join(words[-len(g.split()):]) == g), None)
    if greeting is None or span.start == 0:
        return False
    rest = words[:-len(greeting.split())]
    openers = "|".join(re.escape(o) for o in cues["vocative_openers"])
    if rest and not re.search(rf"\b(?:{openers}),\s*{re.escape(greeting)}\b", before.lower()):
        return False  # 'I said hey Sam' greets inside a clause of its own
    return sent.start > 0 or len(rest) > 1


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


def greeted_by(lines: Lines, reading: int, utt: Utterance, own: str, span: Span) -> tuple[set[str], float]:
    """The voices that may have said the name ``span`` and how much what it says counts for each: its
    line's voice, fully; or, for a greeting in the middle of a turn on a line surely its label's
    (:func:`mid_turn_greeting`), that voice and the next, whose first words an export that writes a label
    only where the voice changes (SRT, diarized markdown) may have joined to the turn before, each at
    ``unlabelled_factor``."""
    if not lines.sure.get(utt.index, True) or not mid_turn_greeting(span):
        return {own}, 1.0
    return {own, *lines.next_voices(reading, utt.index, own=own)[:1]}, speaker_cues()["weights"]["unlabelled_factor"]


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
