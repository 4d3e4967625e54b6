"""The kind a sentence says a name is: 'Facebook is a monopoly', 'Framer is more than a site builder',
'You do Dealbook, a newsletter'.

A name that is the subject of 'be' with a noun of a kind as its predicate, or that a noun of a kind
with an article follows in apposition, is of that kind: the speaker says what it is. The kind nouns
are those of ``ontology/rules/naming.json`` ('a company named X'), with the few of
``ontology/rules/kinds.json`` that describe a company or a product but introduce
no name ('a monopoly', 'a site builder'). Used as a type cue of a name's mention
(:func:`kg.extract.names.features.type_cues`), so for names no lexicon knows and for the sense of a
company-or-product name (:mod:`kg.extract.names.senses`). A relative clause on 'who' after a name
says it is a person's (:func:`who_clause`: 'Jordan, who is my co-founder').
"""

from __future__ import annotations

import json
from functools import lru_cache

from spacy.tokens import Span, Token

from kg.extract.names.candidates import naming_rules
from kg.resources import data_path

ARTICLES = frozenset({"a", "an", "the"})
INDEFINITE = frozenset({"a", "an"})
WHO = frozenset({"who", "whom", "whose"})
MORE_THAN = frozenset({"more", "less", "bigger", "much"})  # 'X is more than a site builder' still says what X is


@lru_cache(maxsize=1)
def kind_nouns() -> dict[str, str]:
    """Noun → the type it gives a name predicated of it: the naming kinds, then those of
    ``rules/kinds.json`` (which win: 'network' alone is a broadcaster, 'social network' a product),
    but its nouns of either a person or a company (``none``: 'an investor')."""
    raw = json.loads(data_path("rules", "kinds.json").read_text(encoding="utf-8"))
    extra = {noun: ty for ty, nouns in raw.items() if ty not in ("description", "none") for noun in nouns}
    kinds = {**naming_rules()["kinds"], **extra}
    return {noun: ty for noun, ty in kinds.items() if noun not in raw["none"]}


def said_kind(span: Span) -> str | None:
    """The type the sentence predicates of ``span``: its kind noun as the predicate of 'be' with the
    name as subject ('Facebook is a monopoly': Organization), or in apposition right after it with an
    indefinite article ('Dealbook, a newsletter': Product); None when it says no kind, or when the
    name has an article or a possessive of its own (a role, not a name)."""
    root = span.root
    if any(c.dep_ in ("det", "poss") and c.i < span.start for c in root.children):
        return None  # 'your CMO should be an engineer': a role, not a name
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be" and root.i < root.head.i:
        noun = _predicate(root.head)
        if noun is not None:
            return _kind(noun)
    appos = next((c for c in root.children if c.dep_ == "appos" and c.i >= span.end), None)
    if appos is not None and _set_off(span, appos) and _has_article(appos, INDEFINITE):
        return _kind(appos)  # (not 'the accountant IDE, the lawyer IDE': a list, not a description)
    return None


def _predicate(verb: Token) -> Token | None:
    """The noun predicated by 'be': its attr ('is a monopoly', 'is my company'), or the object of 'than'
    after a comparative ('is more than a site builder'), with an article."""
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ == "attr" and child.pos_ in ("NOUN", "PROPN") and _has_article(child, possessive=True):
            return child  # 'Seneca is my current company'
        if child.dep_ in ("acomp", "advmod") and child.lower_ in MORE_THAN:
            than = next((c for c in child.children if c.dep_ == "prep" and c.lower_ == "than"), None)
            noun = next((c for c in than.children if c.dep_ == "pobj"), None) if than is not None else None
            if noun is not None and _has_article(noun):
                return noun
    return None


def _has_article(noun: Token, articles: frozenset[str] = ARTICLES, possessive: bool = False) -> bool:
    """The noun has an article of its own ('a newsletter', 'the platform'), or, with ``possessive``, a
    possessive pronoun ('my current company', 'our product'): a description of one thing."""
    return any((c.dep_ == "det" and c.lower_ in articles) or (possessive and c.dep_ == "poss" and c.tag_ == "PRP$")
               for c in noun.children)


def _set_off(span: Span, appos: Token) -> bool:
    """The apposition follows the name after a comma or a dash, nothing else between."""
    between = span.doc[span.end:appos.left_edge.i]
    return len(between) >= 1 and all(t.is_punct and t.text in (",", "-", "—", "–") for t in between)


def _kind(noun: Token) -> str | None:
    """The type of a kind noun, read with the word before it ('social network'), then alone, then its
    compounds ('a payments company': company)."""
    kinds = kind_nouns()
    before = noun.doc[noun.i - 1] if noun.i > 0 else None
    if before is not None and before.dep_ in ("compound", "amod") and f"{before.lower_} {noun.lower_}" in kinds:
        return kinds[f"{before.lower_} {noun.lower_}"]
    for word in (noun.lemma_.lower(), noun.lower_):
        if word in kinds:
            return kinds[word]
    return None


def who_clause(span: Span) -> bool:
    """A relative clause on 'who' follows the name ('Jordan, who is my co-founder'): said of a person."""
    return any(c.dep_ == "relcl" and any(w.lower_ in WHO and w.i < c.i for w in c.children) for c in span.root.children)
