"""Lexicon names that are also ordinary words ('lattice', 'cursor', 'agent builder', 'best buy').

The spaCy pass marks their hits ``kg_maybe``; this stage decides which of them the episode uses as
names: where the episode names the entry unmistakably elsewhere and the word stands bare, where its
maker is named close by, or where the linker, weighing all its hits, accepts it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from spacy.tokens import Doc, Span

from kg.extract.names.lexicon import Lexicon, LexiconEntry, fold
from kg.extract.names.linking import Linker, names_of, round_features
from kg.extract.names.located import Located, overlap, second_and_utterance
from kg.model import Decision, Entity, Mention
from kg.extract.names.features import bare, features
from kg.extract.names.senses import senses_of_words, strong_cue
from kg.read import Turn

MAKER_WINDOW = 10  # turns either side in which a product's maker makes its ordinary-word name a name

Hit = tuple[int, Span, bool]  # turn, span, its maker said near


def accept_in_context(turns: list[Turn], docs: list[Doc], lexicon: Lexicon, entities: dict[str, Entity],
                      located: list[Located], linker: Linker) -> list[Decision]:
    """Names that are also ordinary words: an entry the episode names unmistakably elsewhere takes the
    word where it stands bare, without an article or a possessive ('I use cursor' once 'Cursor' was
    said, not 'move your cursor'), or where its maker is named close by or in the title (an Anduril
    episode's 'lattice' is Lattice). Any other entry is weighed by the linker over all its hits: their
    capitals, cues, NER's view, the maker near, repetitions (see :data:`kg.extract.names.linking.FEATURES`)."""
    named = {k for k, e in entities.items() if e.lexicon_key and any(m.method != "header" for m in e.mentions)}
    maker_near = _maker_near(turns, located, named)
    pending: dict[str, list[Hit]] = defaultdict(list)
    held: dict[int, list[Span]] = defaultdict(list)
    for loc in located:
        if not loc.key.startswith("?"):
            held[loc.turn].append(loc.span)
    for t, (turn, doc) in enumerate(zip(turns, docs)):
        for span in doc.spans.get("kg_maybe", []):
            entry = lexicon.get(span.kb_id_)
            if entry is None:
                continue
            near = maker_near([*entry.made_by, *entry.part_of], t)
            whole = fold(span.text) == fold(entry.label) or len(span) > 1  # not a one-word alias ('Max')
            if (near and whole) or (entry.key in named and bare(span) and not _plural_noun(span)):
                take_maybe(turns, t, span, entry, entities, located, held)  # the maker beside it names it
            elif entry.key not in named and (span._.kg_match or ("exact-context",))[0] == "exact-context":
                pending[entry.key].append((t, span, near))  # (words heard like a name count only beside its maker)
    return _weigh_pending(turns, lexicon, entities, located, linker, pending, held)


def _plural_noun(span: Span) -> bool:
    """One plural noun in lower case: English lets it stand bare ('founders today have a harder job'), so
    standing bare says nothing of a name (as it does of 'use cursor'; '11 labs' is a name still)."""
    return len(span) == 1 and span.root.tag_ == "NNS" and span.text.isalpha() and span.text.islower()


def _maker_near(turns: list[Turn], located: list[Located], named: set[str]):
    """A test of whether one of some makers is named near a turn: within :data:`MAKER_WINDOW` turns,
    or anywhere when the title or the show names it."""
    said_in: dict[str, set[int]] = defaultdict(set)
    everywhere: set[str] = set()
    for loc in located:
        if turns[loc.turn].is_header:
            everywhere.add(loc.key)
        said_in[loc.key].add(loc.turn)

    def maker_near(makers: list[str], t: int) -> bool:
        return any(m in named and (m in everywhere or any(abs(t - u) <= MAKER_WINDOW for u in said_in.get(m, ())))
                   for m in makers)

    return maker_near


def _weigh_pending(turns: list[Turn], lexicon: Lexicon, entities: dict[str, Entity], located: list[Located],
                   linker: Linker, pending: dict[str, list[Hit]], held: dict[int, list[Span]]) -> list[Decision]:
    """The linker's verdict on each word-like entry no context settled, over all its hits; an accepted
    entry takes every hit. A company-or-product entry is weighed, and kept, in the sense the usage of
    its hits gives it (:func:`kg.extract.names.senses.senses_of_words`)."""
    decisions: list[Decision] = []
    senses = senses_of_words({k: [(t, s) for t, s, _ in hits] for k, hits in pending.items()}, entities, located, lexicon)
    for key in sorted(pending):
        if key in entities:
            continue  # its maker named it beside some of its hits: the rest stay words
        entry = lexicon.get(key)
        if senses.get(key, entry.top_type) != entry.top_type:  # weighed, and kept, in the sense its usage gives it
            entry = replace(entry, type=senses[key], top_type=senses[key])
        hits = pending[key]
        feats = features([s for _, s, _ in hits], entry.top_type, [t for t, _, _ in hits], turns, entry=entry)
        feats["maker_near"] = sum(float(near) for _, _, near in hits) / len(hits)
        feats["sense_cue"] = float(any(strong_cue(s) == entry.top_type for _, s, _ in hits))
        accepted, score = linker.accepts(feats)
        decisions.append(Decision(entry.label, entry.top_type, key, round(score, 3), accepted, round_features(feats),
                                  names_of([entry.label, *(s.text for _, s, _ in hits)])))
        if accepted:
            for t, span, _ in hits:
                take_maybe(turns, t, span, entry, entities, located, held)
    return decisions


def take_maybe(turns: list[Turn], t: int, span: Span, entry: LexiconEntry, entities: dict[str, Entity],
               located: list[Located], held: dict[int, list[Span]]) -> None:
    """Make a maybe hit a mention of its entry (creating the entity), and drop unknown names inside it.
    ``held`` has the spans of lexicon names by turn: a longer or surer name keeps its words."""
    if any(overlap(other, span) for other in held.get(t, ())):
        return
    held.setdefault(t, []).append(span)
    if entry.key not in entities:
        entities[entry.key] = Entity(entry.key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
    second, utt = second_and_utterance(turns[t], span)
    method, score, _ = span._.kg_match or ("exact-context", 0.7, entry.label)
    entities[entry.key].mentions.append(Mention(span.text, utt, second, method, score))
    located.append(Located(span, t, entry.key))
    _give_way(span, t, utt, entities, located)


def _give_way(span: Span, t: int, utt: int, entities: dict[str, Entity], located: list[Located]) -> None:
    """Unknown names inside a name the episode accepts are part of it ('Max' in 'Max mode'): drop them."""
    for loc in [x for x in located if x.turn == t and x.key.startswith("?") and x.span.start < span.end
                and span.start < x.span.end]:
        located.remove(loc)
        ent = entities.get(loc.key)
        if ent is None:
            continue
        ent.mentions = [m for m in ent.mentions if not (m.utterance == utt and m.text == loc.span.text)]
        if not ent.mentions:
            del entities[loc.key]
