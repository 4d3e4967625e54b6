"""Episode coherence: a name of several words said once in full, then by one of its words alone.

Speakers name a company in full once ('a startup called Acme Robotics') and then by its distinctive
word ('when I sold Acme', 'today Acme makes arms'). That word said again, capitalised inside a sentence,
is evidence that the long name is a name (the linker's ``short_form`` feature), and once the long name
is accepted those short mentions are its mentions too (:func:`add_short_forms`).
"""

from __future__ import annotations

import math
from collections import Counter

from spacy.tokens import Doc, Span

from kg.extract.names.cues import words_of
from kg.extract.names.lexicon import fold, given_names
from kg.extract.names.matching import is_word
from kg.extract.names.located import Located, second_and_utterance
from kg.model import Entity, Mention
from kg.read import Turn

MIN_LETTERS = 3  # shorter words are too ambiguous to stand for a longer name
NOT_NAMES = frozenset({"DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE"})


def _alone(tok) -> bool:
    """A capitalised word inside a sentence, standing alone (no capitalised word or hyphen next to it:
    not 'Gen Z', 'Fight Club-style'): the shape of a short form."""
    if not (tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start and not tok.is_stop and tok.pos_ != "INTJ"
            and len(tok) >= MIN_LETTERS and not tok.text.isupper() and tok.ent_type_ not in NOT_NAMES):
        return False  # (NER's 'Christmas' is a date, its 'American' a nationality: no names)
    doc = tok.doc
    before = doc[tok.i - 1] if tok.i > 0 else None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if before is not None and (before.text == "-" or (before.is_alpha and before.text[:1].isupper() and not before.is_sent_start)):
        return False
    return after is None or not (after.text == "-" or after.text[:1].isupper() or after.text[:1].isdigit())


def capitalised_words(docs: list[Doc]) -> Counter:
    """How often each (folded) word is said capitalised inside a sentence, with no capitalised word
    before it, over the episode."""
    counts: Counter = Counter()
    for doc in docs:
        counts.update(fold(t.text) for t in doc if _alone(t))
    return counts


def key_word(label: str, top_type: str, dictionary: frozenset[str] = frozenset()) -> str | None:
    """The word of a multiword name that can stand for it alone: a person's family name, else the first
    word that is no stop word and no first name ('Acme' of 'Acme Robotics', 'Hustle' of 'The Hustle')."""
    words = [w for w in label.split() if w.isalpha()]
    if len(label.split()) < 2 or not words:
        return None
    if top_type == "Person":  # a family name that is a word too ('Christmas', 'Brown') says too little alone
        last = fold(words[-1])
        return last if len(last) >= MIN_LETTERS and not is_word(last, dictionary) else None
    stop = {"the", "a", "an", "of", "and", "for", "new", "great", "big"}
    for w in words:
        f = fold(w)
        if f not in stop and len(f) >= MIN_LETTERS:
            return None if f in given_names() else f
        if f not in stop:
            return None
    return None


def short_form(label: str, top_type: str, spans: list[Span], capitals: Counter | None) -> float:
    """``short_form``: log(1 + times the name's key word is said alone, capitalised, besides the name's own mentions)."""
    word = key_word(label, top_type, words_of(spans[0].doc) if spans else frozenset()) if capitals else None
    if word is None:
        return 0.0
    own = sum(1 for s in spans for t in s if fold(t.text) == word and _alone(t))
    return math.log1p(max(0, capitals[word] - own))


def add_short_forms(key: str, entity: Entity, turns: list[Turn], docs: list[Doc], located: list[Located],
                    entities: dict[str, Entity]) -> int:
    """Make the key word of an accepted multiword name, said alone and capitalised, a mention of it:
    where no other name is, and where it was a name no lexicon knows on its own ('Acme' beside 'Acme
    Robotics'), which joins the long name. Return how many mentions it gained."""
    word = key_word(entity.label, entity.top_type, words_of(docs[0]) if docs else frozenset())
    if word is None:
        return 0
    before = len(entity.mentions)
    _take_over(key, word, entity, turns, located, entities)
    held: dict[int, list[Span]] = {}
    for loc in located:
        held.setdefault(loc.turn, []).append(loc.span)
    for t, doc in enumerate(docs):
        if turns[t].is_header or word not in fold(doc.text):
            continue  # (folding is letter by letter: a token that folds to the word is inside the folded text)
        for tok in doc:
            if fold(tok.text) != word or not _alone(tok):
                continue
            if any(s.start <= tok.i + 1 and tok.i < s.end for s in held.get(t, ())):
                continue  # part of (or right before) a name already found
            span = Span(doc, tok.i, tok.i + 1, label=entity.top_type)
            span._.kg_match = ("short-form", 0.6, entity.label)
            _add(entity, turns[t], span)
            located.append(Located(span, t, key))
    return len(entity.mentions) - before


def _take_over(key: str, word: str, entity: Entity, turns: list[Turn], located: list[Located],
               entities: dict[str, Entity]) -> None:
    """Names no lexicon knows that are the key word alone ('Acme' beside 'Acme Robotics'), accepted or
    not, join the long name."""
    for loc in located:
        if loc.key == key or not loc.key.startswith("?") or fold(loc.span.text) != word:
            continue
        other = entities.get(loc.key)
        if other is not None and fold(other.label) != word:
            continue  # a mention of another, longer name
        if other is None:  # rejected alone: the long name takes the mention
            _add(entity, turns[loc.turn], loc.span)
        loc.key = key
    for other_key in [k for k, e in entities.items() if k != key and k.startswith("?") and fold(e.label) == word]:
        entity.mentions.extend(entities.pop(other_key).mentions)


def _add(entity: Entity, turn: Turn, span: Span) -> None:
    """A short-form mention of the entity at ``span``."""
    second, utt = second_and_utterance(turn, span)
    entity.mentions.append(Mention(span.text, utt, second, "short-form", 0.6))
