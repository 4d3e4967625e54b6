"""A well-known person called by the family name alone ('Trump', 'Obama's', 'President Hoover').

A one-word name no lexicon entry matched, said as a person's family name, is a candidate link to the
lexicon or knowledge-base person of that family name. The evidence, weighed per candidate:

* the **popularity** of each person of that family name (a knowledge-base prior; for a hand-written
  entry, which has none, a base plus a step for each fact the lexicon records on them), the best of
  whom must reach a floor and beat every other by a margin;
* a **title** before it ('President', 'Senator', 'Prime Minister'): a strong cue, and a political
  one sets aside people the lexicon places only outside government;
* how it is **written**: capitalised, NER's person, not an ordinary word nor a first name — or, if it
  is one ('Trump', 'Bush'), at least capitalised mid-sentence and said as a person, or after a title.

A family name carried by a person of the episode is left to the episode's own merge (the resolver's
``_merge_lone_surnames`` runs first); two of the episode's people with that family name make it
ambiguous, and it is left alone. The constants are data (``ontology/rules/famous_surnames.json``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from spacy.tokens import Span

from kg.extract.names.lexicon import Lexicon, LexiconEntry, family_name, fold, given_names
from kg.extract.names.matching import is_word
from kg.extract.names.cues import words_of
from kg.model import Decision, Entity
from kg.resources import data_path

METHOD = "surname"
POSSESSIVE = re.compile(r"['’]s$")


class _Located(Protocol):
    span: Span
    key: str


@dataclass(frozen=True)
class Rules:
    """The constants of the decision (see ``ontology/rules/famous_surnames.json``)."""

    titles: tuple[tuple[str, ...], ...]
    political: frozenset[tuple[str, ...]]
    min_popularity: float
    margin: float
    hand_base: float
    fact_step: float
    fact_cap: int
    score: float
    untitled_kb_popularity: float
    max_untitled_bearers: int
    rivals_only: frozenset[str] = frozenset()  # knowledge-base files whose people make a name ambiguous, never win it


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules file, read once."""
    raw = json.loads(data_path("rules", "famous_surnames.json").read_text(encoding="utf-8"))
    titles = tuple(sorted({tuple(t.split()) for t in raw["titles"]}, key=len, reverse=True))
    return Rules(titles, frozenset(tuple(t.split()) for t in raw["political_titles"]),
                 float(raw["min_popularity"]), float(raw["margin"]), float(raw["hand_base"]),
                 float(raw["fact_step"]), int(raw["fact_cap"]), float(raw["score"]),
                 float(raw["untitled_kb_popularity"]), int(raw["max_untitled_bearers"]),
                 frozenset(raw.get("rivals_only_sources", ())))


def popularity(entry: LexiconEntry, lexicon: Lexicon) -> float:
    """How well known a person is: the knowledge base's prior, or for a hand-written entry a base
    raised by each fact the lexicon records on them (curators record more on the prominent)."""
    if entry.prior is not None:
        return entry.prior
    r = rules()
    facts = len(entry.alt_labels) + len(entry.affiliated_with) + len(entry.formerly_affiliated_with)
    return r.hand_base + r.fact_step * min(r.fact_cap, facts)


def _in_government(entry: LexiconEntry, lexicon: Lexicon) -> bool | None:
    """Whether the lexicon places the person in government (None: it records no affiliation)."""
    orgs = [lexicon.get(k) for k in (*entry.affiliated_with, *entry.formerly_affiliated_with)]
    orgs = [o for o in orgs if o is not None]
    if not orgs:
        return None
    return any(o.type == "GovernmentAgency" for o in orgs)


def title_before(span: Span) -> tuple[str, ...] | None:
    """The title word(s) right before the span, or at its start ('President Hoover'), if any."""
    doc = span.doc
    for title in rules().titles:
        n = len(title)
        before = tuple(t.lower_ for t in doc[max(0, span.start - n):span.start])
        inside = tuple(t.lower_ for t in span[:n]) if len(span) > n else ()
        if title in (before, inside):
            return title
    return None


def _spoken_word(span: Span) -> str:
    """The family name as said: the span past a title, without a possessive 's."""
    title = title_before(span)
    tokens = [t for t in span if not t.is_punct and t.lower_ not in ("'s", "’s")]
    if title and len(tokens) > len(title) and tuple(t.lower_ for t in tokens[:len(title)]) == title:
        tokens = tokens[len(title):]
    return POSSESSIVE.sub("", " ".join(t.text for t in tokens))


@dataclass
class Evidence:
    """What the mentions of one candidate say."""

    word: str
    titles: list[tuple[str, ...]]
    capitalised: bool     # every mention capitalised
    mid_sentence: bool    # some mention capitalised away from a sentence start
    ordinary: bool        # an ordinary dictionary word
    first_name: bool      # a known first name ('Andrew', 'Russell'): alone, most likely somebody's first name
    lone: bool            # some mention stands alone, not beside another capitalised word ('Casino Knight')


def gather(spans: list[Span], lexicon: Lexicon) -> Evidence | None:
    """The evidence of a candidate's mentions, or None when they are not one and the same single word."""
    words = {_spoken_word(s) for s in spans}
    if len(words) != 1:
        return None
    word = words.pop()
    if " " in word or len(word) < 3 or not word.isalpha():
        return None
    dictionary = words_of(spans[0].doc)
    return Evidence(
        word=word,
        titles=[t for t in (title_before(s) for s in spans) if t],
        capitalised=word[:1].isupper() and not word.isupper(),
        mid_sentence=any(s.start != s.sent.start for s in spans),
        ordinary=is_word(word.lower(), dictionary),
        first_name=fold(word) in given_names() or fold(word) in lexicon.first_names,
        lone=any(not _beside_capitals(s) for s in spans),
    )


def _beside_capitals(span: Span) -> bool:
    """A capitalised word right before or after the span (not a title, nor a sentence's first unless it is
    the name's compound: 'Casino Knight'): the word is part of a longer name, not a family name said alone."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > span.sent.start else None
    if before is not None and before.i == span.sent.start and not (before.dep_ == "compound" and span.start <= before.head.i < span.end):
        before = None  # a sentence's first is capitalised anyway, unless it modifies the name ('Casino Knight')
    after = doc[span.end] if span.end < span.sent.end else None
    # a number word is no part of a person's name ('Three Obamas')
    return any(t is not None and t.is_alpha and t.text[:1].isupper() and t.text != "I" and not t.like_num
               for t in (before, after)) \
        and title_before(span) is None


def choose(ev: Evidence, entity_type: str, lexicon: Lexicon) -> tuple[LexiconEntry | None, dict[str, float]]:
    """The person the family name stands for, or None; and the evidence weighed (for ``--explain``)."""
    r = rules()
    if not ev.capitalised or not ev.lone:
        return None, {"not_capitalised": float(not ev.capitalised), "in_longer_name": float(not ev.lone)}
    if not ev.titles and (ev.first_name or (ev.ordinary and not (entity_type == "Person" and ev.mid_sentence))):
        return None, {"first_name": float(ev.first_name), "ordinary_word": float(ev.ordinary)}
    people = list(lexicon.people_by_surname.get(fold(ev.word), ()))
    if not ev.titles and len(people) > r.max_untitled_bearers:
        return None, {"bearers": float(len(people))}  # a common family name: alone it names no one in particular
    if any(t in r.political for t in ev.titles):
        # a political title sets aside people the lexicon places only outside government, and those known
        # only by their whole name (rivals only: 'Les Paul' is no rival of 'Senator Paul')
        people = [p for p in people if _in_government(p, lexicon) is not False and p.source not in r.rivals_only]
    if not people:
        return None, {"no_person": 1.0}
    ranked = sorted(((popularity(p, lexicon), p.key, p) for p in people), key=lambda x: (-x[0], x[1]))
    best, runner = ranked[0][0], (ranked[1][0] if len(ranked) > 1 else 0.0)
    weighed = {"popularity": best, "runner_up": runner, "title_word": float(bool(ev.titles)),
               "ordinary_word": float(ev.ordinary), "first_name": float(ev.first_name), "mid_sentence": float(ev.mid_sentence)}
    # with no title, a person known only to the knowledge base must be famous beyond the show's world
    floor = r.min_popularity if ev.titles or ranked[0][2].prior is None else r.untitled_kb_popularity
    if best < floor or best - runner < r.margin - 1e-9:
        return None, weighed  # not well known enough, or another of that family name is as well known
    if ranked[0][2].source in r.rivals_only:
        return None, {**weighed, "rival_only": 1.0}  # known by the whole name: 'Zola' alone is no evidence of Émile Zola
    return ranked[0][2], weighed


def link_famous_surnames(entities: dict[str, Entity], lexicon: Lexicon, redirect: dict[str, str],
                         located: list[_Located]) -> tuple[dict[str, str], list[Decision]]:
    """Map unknown one-word names that are a well-known person's family name to that person (adding
    the person's entity); return the redirects and a decision for each candidate weighed."""
    taken = Counter(family_name(e.label) for k, e in entities.items()
                    if e.top_type == "Person" and k not in redirect)
    spans: dict[str, list[Span]] = {}
    for loc in located:
        if loc.key.startswith("?") and loc.key not in redirect:
            spans.setdefault(loc.key, []).append(loc.span)
    out: dict[str, str] = {}
    decisions: list[Decision] = []
    for key in sorted(spans):
        ent = entities.get(key)
        if ent is None or ent.top_type not in ("Person", "Organization"):
            continue
        ev = gather(spans[key], lexicon)
        if ev is None or taken.get(fold(ev.word)):
            continue  # not one word, or a person of the episode carries it (the episode's merge decides)
        entry, weighed = choose(ev, ent.top_type, lexicon)
        if entry is None and not _plausible(ev, lexicon):
            continue  # not a family name of anyone known: nothing to explain
        decisions.append(Decision(ev.word, "Person", entry.key if entry else "", rules().score if entry else 0.0,
                                  entry is not None, {k: round(v, 3) for k, v in weighed.items() if v},
                                  [ev.word, *(f"{' '.join(t)} {ev.word}" for t in ev.titles[:1])]))
        if entry is None:
            continue
        if entry.key not in entities:
            entities[entry.key] = Entity(entry.key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
        out[key] = entry.key
        for m in ent.mentions:
            m.method, m.score = METHOD, rules().score
    decisions += _titled_names_of_things(entities, lexicon, located)
    return out, decisions


def _titled_names_of_things(entities: dict[str, Entity], lexicon: Lexicon, located: list[_Located]) -> list[Decision]:
    """A one-word alias of a thing that a title makes a person ('President Hoover', not the Hoover
    Institution): the titled mention moves to the well-known person of that family name."""
    decisions: list[Decision] = []
    for loc in located:
        ent = entities.get(loc.key)
        if (ent is None or loc.key.startswith("?") or ent.top_type == "Person" or len(loc.span) != 1
                or not title_before(loc.span)):
            continue
        ev = gather([loc.span], lexicon)
        entry, weighed = choose(ev, "Person", lexicon) if ev else (None, {})
        if entry is None:
            continue
        decisions.append(Decision(ev.word, "Person", entry.key, rules().score, True,
                                  {k: round(v, 3) for k, v in weighed.items() if v},
                                  [ev.word, f"{' '.join(ev.titles[0])} {ev.word}"]))
        person = entities.setdefault(entry.key, Entity(entry.key, entry.label, entry.type, entry.top_type,
                                                       lexicon_key=entry.key))
        moved = [m for m in ent.mentions if m.text == loc.span.text and m.method != "header"][:1]
        for m in moved:
            ent.mentions.remove(m)
            m.method, m.score = METHOD, rules().score
            person.mentions.append(m)
        loc.key = entry.key
        if not ent.mentions:
            del entities[ent.key]
    return decisions


def _plausible(ev: Evidence, lexicon: Lexicon) -> bool:
    """Some known person has this family name (a rejection worth explaining)."""
    return bool(lexicon.people_by_surname.get(fold(ev.word)))

