"""An episode's capitalisation habit, measured once, so that the linker reads case as the episode writes it.

Speech-to-text tools write case differently: one writes nearly everything in lower case (then a name in
lower case means little), one capitalises names only (then an ordinary word written with a capital inside
a sentence is strong evidence of a name: 'Tinder for roommates'), one capitalises every line start, even
where a sentence runs on from the line before ('... before making your first million / Give me number
one'). :func:`measure_casing` counts the habit over the episode's Docs; :meth:`Casing.capital_trust` and
:meth:`Casing.lower_trust` say how much a capital, or lower case, still says in it (1 in a transcript that
writes case like the corpus's usual tool, 0 where case says nothing); :meth:`Casing.explained` says how
far a mention's position explains its capital. The features ``capitalised_rel``, ``lower_rel`` and
``sentence_initial`` (:mod:`kg.extract.names.features`) are relative to it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.names.cues import SENTENCE_ENDS, words_of
from kg.extract.names.lexicon import given_names
from kg.extract.names.matching import is_word
from kg.read import Turn

NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "NORP", "EVENT", "WORK_OF_ART"})
PSEUDO = 40  # pseudo-counts toward the usual habit: a short episode's few words say little about its tool
USER_DATA = "kg_casing"


@dataclass(frozen=True)
class Casing:
    """How an episode writes case: three shares, each of tokens where the habit shows."""

    noise: float  # ordinary dictionary words written with a capital where no sentence or line start explains it
    lowering: float  # names (NER's, proper nouns, first names) written all lower case
    line_capitals: float  # line starts that continue a sentence yet start with a capital

    def capital_trust(self) -> float:
        """How much a capital says here, 0..1: the log-odds a capital gives a name over an ordinary word
        (names capitalised / words capitalised) relative to those of the usual habit (:data:`USUAL`)."""
        return _ratio(math.log((1.0 - self.lowering) / self.noise), math.log((1.0 - USUAL.lowering) / USUAL.noise))

    def lower_trust(self) -> float:
        """How much lower case says against a name here, 0..1: the log-odds lower case gives an ordinary word
        over a name, relative to those of the usual habit."""
        return _ratio(math.log((1.0 - self.noise) / self.lowering), math.log((1.0 - USUAL.noise) / USUAL.lowering))

    def explained(self, span: Span, turn: Turn) -> float:
        """How far the span's position explains a capital: 1 at a sentence start, the episode's share of
        capitalised line starts at a line start inside a sentence, else 0."""
        if span.start == span.sent.start:
            return 1.0
        return self.line_capitals if _continues_sentence(span[0], _line_ends(turn)) else 0.0


# The habit of the usual tool, where case says all it can (measured on 75 English episodes of 44 shows,
# 2026-12: noise median 0.0035, 90th percentile 0.007; lowering median 0.027; line capitals median 0.007,
# 90th percentile 0.02, but 0.85-0.89 in 4 episodes of a tool that capitalises every line)
USUAL = Casing(noise=0.006, lowering=0.03, line_capitals=0.03)


def _ratio(value: float, usual: float) -> float:
    """``value / usual`` clipped to 0..1."""
    return min(1.0, max(0.0, value / usual))


def measure_casing(turns: list[Turn], docs: list[Doc]) -> Casing:
    """The capitalisation habit of an episode (its header lines aside), each share drawn toward
    :data:`USUAL` by :data:`PSEUDO` tokens. Noise: ordinary words capitalised inside a sentence and not
    at a line start, the larger share of content words (dictionary words, no first name, outside NER's
    names) and of stop words (which a tool that capitalises every word capitalises too, where NER takes
    the capitalised words for names). Lowering: name tokens (first names, NER names, proper nouns that
    are no dictionary word) written in lower case, outside those positions. Line capitals: line starts
    inside a sentence (no first name, no NER name, not 'I') written with a capital."""
    counts: Counter = Counter()
    firsts = given_names()
    for turn, doc in zip(turns, docs):
        if not turn.is_header:
            counts.update(_doc_counts(doc, turn, words_of(doc), firsts))

    def share(hits: str, total: str, usual: float) -> float:
        return (counts[hits] + PSEUDO * usual) / (counts[total] + PSEUDO)

    noise = max(share("word_caps", "words", USUAL.noise), share("stop_caps", "stops", USUAL.noise))
    return Casing(noise, share("name_lower", "names", USUAL.lowering),
                  share("line_caps", "lines", USUAL.line_capitals))


def _doc_counts(doc: Doc, turn: Turn, words: frozenset[str], firsts: frozenset[str]) -> Counter:
    """The habit's counts over one turn's Doc (see :func:`measure_casing`)."""
    counts: Counter = Counter()
    ends = _line_ends(turn)
    for tok in doc:
        if not tok.is_alpha:
            continue
        name = tok.ent_type_ in NAME_ENTS or tok.lower_ in firsts
        if _continues_sentence(tok, ends) and not name and tok.text != "I":
            counts["lines"] += 1
            counts["line_caps"] += tok.text[:1].isupper()
        if tok.is_sent_start or tok.idx in ends:
            continue
        if tok.is_stop and len(tok) >= 2 and not tok.text.isupper():  # (NER takes capitalised words for names)
            counts["stops"] += 1
            counts["stop_caps"] += tok.text[:1].isupper()
        known = is_word(tok.lower_, words)
        if known and len(tok) >= 3 and not tok.is_stop and not tok.text.isupper() and tok.lower_ not in firsts \
                and tok.ent_type_ not in NAME_ENTS:  # (an acronym's capitals are its spelling: 'CEO')
            counts["words"] += 1
            counts["word_caps"] += tok.text[:1].isupper()
        elif not known and not tok.is_stop and (name or tok.pos_ == "PROPN"):
            counts["names"] += 1
            counts["name_lower"] += tok.text.islower()
    return counts


def _line_ends(turn: Turn) -> dict[int, str]:
    """By the offset of each line of the turn but the first: the last character of the line before it."""
    return {offset: utt.text.rstrip()[-1:] for offset, utt in zip(turn.offsets[1:], turn.utterances)}


def _continues_sentence(tok: Token, ends: dict[int, str]) -> bool:
    """The token starts a line (``ends``: :func:`_line_ends`) that runs on from a line not ending a
    sentence (by its punctuation, whatever the parser made of it)."""
    return tok.idx in ends and ends[tok.idx] not in SENTENCE_ENDS


LINE_STARTS = "kg_line_starts"  # Doc.user_data: offsets of the turn's line starts a capital says nothing at
CAPITALISING_TOOL = 0.5  # share of capitalised line starts inside sentences above which a tool capitalises them all
MIN_LINE_STARTS = 5  # line starts inside sentences needed to tell the habit


def capitalised_line_starts(turns: list[Turn]) -> list[frozenset[int]]:
    """For each turn, the offsets of its line starts that run on from a line not ending a sentence, when
    the episode's tool capitalises such line starts (most are, over :data:`MIN_LINE_STARTS` at least:
    '... it was / Teams that were distributed'); otherwise none. Read from the text alone, before the
    parse, so that the mention finder knows where a capital is the tool's and not the name's."""
    starts: list[frozenset[int]] = []
    capitals = total = 0
    for turn in turns:
        ends = {} if turn.is_header else _line_ends(turn)
        inside = frozenset(offset for offset, end in ends.items() if end not in SENTENCE_ENDS)
        for offset in inside:
            word = turn.text[offset:].split(" ", 1)[0]
            if word and word != "I" and not word.startswith(("I'", "I’")):
                total += 1
                capitals += word[:1].isupper()
        starts.append(inside)
    if total < MIN_LINE_STARTS or capitals < CAPITALISING_TOOL * total:
        return [frozenset()] * len(turns)
    return starts


def capital_explained(span: Span) -> bool:
    """The span starts a sentence, or a line whose capital the tool writes (:func:`capitalised_line_starts`):
    its first capital says nothing of a name."""
    return span.start == span.sent.start or span[0].idx in span.doc.user_data.get(LINE_STARTS, ())


def note_casing(turns: list[Turn], docs: list[Doc]) -> Casing:
    """Measure the episode's habit and keep it on each of its Docs (for :func:`casing_of`)."""
    casing = measure_casing(turns, docs)
    for doc in docs:
        doc.user_data[USER_DATA] = (casing.noise, casing.lowering, casing.line_capitals)
    return casing


def casing_of(doc: Doc) -> Casing:
    """The habit :func:`note_casing` kept on ``doc``'s episode; the usual one when none was measured."""
    kept = doc.user_data.get(USER_DATA)
    return Casing(*kept) if kept else USUAL
