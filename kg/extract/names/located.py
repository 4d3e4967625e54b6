"""Shared pieces of entity resolution: a mention span located in its turn, and where an entity is said."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from kg.model import Entity
from kg.read import TITLE_INDEX, Turn


@dataclass
class Located:
    """A mention span of a turn's Doc, with the entity key it resolved to."""

    span: Span
    turn: int
    key: str


def second_and_utterance(turn: Turn, span: Span) -> tuple[float | None, int]:
    """The second and the utterance index at which ``span`` is said in ``turn``."""
    utt = turn.utterance_at(span.start_char)
    return utt.start, utt.index


def overlap(a: Span, b: Span) -> bool:
    """The two spans share a token."""
    return a.start < b.end and b.start < a.end


def first(name: str) -> str:
    """The first word of a name (its first name, for a person)."""
    return name.split()[0] if name.split() else name


def in_title(entity: Entity) -> bool:
    """The episode's title names the entity (written, so its spelling is right)."""
    return any(m.utterance == TITLE_INDEX and m.method != "header" for m in entity.mentions)
