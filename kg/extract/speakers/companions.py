"""Companions of a self-introduction (see :mod:`kg.extract.speakers.identify`, step 2).

'I'm Madeline here with my co-hosts Eric and Tom': the names introduced with the speaker in the
sentence of their own introduction are other voices than the speaker's. On a line without a label at
a turn's edge the speaker may be either voice, so a companion is neither (see
:func:`kg.extract.speakers.cues.name_cues`; phrases as data in ``ontology/rules/speakers.json``:
'companion', 'companion_reach').
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from kg.extract.names.entities import Located
from kg.model import Entity
from kg.extract.speakers.lines import ends_with, plain_words, speaker_cues
from kg.read import Turn


def companions(turns: list[Turn], located: list[Located], entities: dict[str, Entity],
                lists: dict[tuple[int, int], int]) -> set[tuple[int, int]]:
    """(turn, token) of each name introduced as the speaker's companion in the sentence of their
    self-introduction ('I'm X here with my co-hosts A and B'), with the names listed after it."""
    cues = speaker_cues()
    introduced = {i for i, loc in enumerate(located) if _follows_self_intro(loc.span, cues)}
    heads = {(loc.turn, loc.span.sent.start) for i, loc in enumerate(located) if i in introduced
             and (ent := entities.get(loc.key)) is not None and ent.top_type == "Person"}
    return {(loc.turn, loc.span.start) for i, loc in enumerate(located)
            if (loc.turn, loc.span.sent.start) in heads
            and (i in introduced or lists.get((loc.turn, loc.span.start), 0) > 0)}


def _follows_self_intro(span: Span, cues: dict) -> bool:
    """The name follows a companion phrase ('here with my co-hosts') within ``companion_reach`` words
    of a self-introduced name ('I'm X') earlier in its sentence."""
    sent = span.sent
    before = sent.text[:span.start_char - sent.start_char].replace("’", "'")
    intro = None
    for intro in _self_named(cues).finditer(before):
        pass
    if intro is None:
        return False
    rest = before[intro.end():]
    phrases = [" ".join(plain_words(p)) for p in cues["companion"]]
    return (len(plain_words(rest)) <= cues["companion_reach"]
            and ends_with(rest, phrases, slack=cues["slack"], not_in_slack=frozenset(cues["not_in_slack"])) is not None)


@lru_cache(maxsize=1)
def _self_pattern(said: tuple[str, ...]) -> re.Pattern:
    """The compiled pattern of :func:`_self_named`."""
    alternatives = "|".join(re.escape(c) for c in sorted(said, key=len, reverse=True))
    return re.compile(rf"(?i:\b(?:{alternatives}))\s+[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*")


def _self_named(cues: dict) -> re.Pattern:
    """A self-introduction cue and the capitalised name after it ('I'm Madeline', 'my name is Jo Li')."""
    return _self_pattern(tuple(cues["self"]))
