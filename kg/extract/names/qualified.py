"""Places named with a qualifier: a compass or region word before a known place is one place.

'Northern California', 'upstate New York', 'Central London', 'the greater Austin area', 'West Texas':
the qualifier and the known place (a country, state, continent, region or city of the lexicon) are
one Place, named with the qualifier; the known place inside is no mention of its own there. 'The
American West': a people's adjective and a compass word after 'the' name a region too. The words are
data (``ontology/rules/qualified_places.json``); a qualified name the lexicon knows whole ('South
Africa', 'West Virginia') is found whole by the exact pass before this one.
"""

from __future__ import annotations

import json
from functools import lru_cache

from spacy.tokens import Span

from kg.extract.names.cues import _Found
from kg.extract.names.lexicon import Lexicon, fold, name_shapes
from kg.resources import data_path

METHOD = "qualified"
SCORE = 0.9  # a known place and a qualifier: as sure as the known place, less the qualifier's reading


@lru_cache(maxsize=1)
def rules() -> dict[str, frozenset[str]]:
    """``ontology/rules/qualified_places.json``: its word lists as sets (qualifiers and peoples folded)."""
    raw = json.loads(data_path("rules", "qualified_places.json").read_text(encoding="utf-8"))
    return {"qualifiers": frozenset(fold(w) for w in raw["qualifiers"]), "inner_types": frozenset(raw["inner_types"]),
            "compass_regions": frozenset(raw["compass_regions"]), "peoples": frozenset(raw["peoples"])}


def qualified_places(found: _Found, lexicon: Lexicon) -> None:
    """Widen every known place said after a qualifier to the qualified place, and take 'the American
    West' where its words are free."""
    for span in sorted(found.spans, key=lambda s: s.start):
        entry = lexicon.get(span.kb_id_) if span.label_ == "Place" and span.kb_id_ else None
        if entry is None or entry.type not in rules()["inner_types"] or not _qualified(span, found):
            continue
        qualifier = found.doc[span.start - 1]
        _replace(found, span, found.doc[span.start - 1:span.end], f"{_cap(qualifier.text)} {entry.label}")
    _peoples_regions(found)


def qualified_place(span: Span) -> bool:
    """The span was found as a qualified place (a known place inside it: as sure as a place address)."""
    return (span._.kg_match or ("",))[0] == METHOD


def qualified_votes(spans: list[Span]) -> dict[str, int]:
    """A qualified place's known place votes Place as a place head word does ('at West Australia' is
    still a place; ``head_votes`` of ``rules/name_shapes.json``)."""
    if not any(qualified_place(s) for s in spans):
        return {}
    return {"Place": int(name_shapes()["head_votes"])}


def _qualified(place: Span, found: _Found) -> bool:
    """A free qualifier word right before the place in its sentence, and no capitalised word after it
    that would make both part of a longer name ('West Texas Intermediate', 'Southern California Edison')."""
    doc = place.doc
    if place.start <= place.sent.start or found.taken[place.start - 1]:
        return False
    if fold(doc[place.start - 1].text) not in rules()["qualifiers"]:
        return False
    return not _longer_name_after(place, found)


def _longer_name_after(span: Span, found: _Found) -> bool:
    """A capitalised word right after the span, in its sentence, that no found name starts: the span is
    the start of a longer name."""
    doc = span.doc
    if span.end >= span.sent.end:
        return False
    nxt = doc[span.end]
    return nxt.is_alpha and nxt.text[:1].isupper() and nxt.text != "I" and not found.taken[nxt.i]


def _peoples_regions(found: _Found) -> None:
    """'the American West', 'the American South': 'the', a people's adjective, a capitalised compass
    word (free, or a known place: 'the American Midwest')."""
    doc, r = found.doc, rules()
    for tok in doc[1:-1]:
        compass = doc[tok.i + 1]
        if not (tok.text in r["peoples"] and doc[tok.i - 1].lower_ == "the" and compass.text in r["compass_regions"]
                and compass.sent.start == tok.sent.start and not found.taken[tok.i]):
            continue
        whole = doc[tok.i:tok.i + 2]
        if _longer_name_after(whole, found):
            continue
        inner = next((s for s in found.spans if s.start == compass.i), None)
        if inner is not None and (inner.label_ != "Place" or len(inner) != 1):
            continue
        if inner is None and found.taken[compass.i]:
            continue
        _replace(found, inner, whole, whole.text)


def _replace(found: _Found, inner: Span | None, whole: Span, label: str) -> None:
    """The qualified place takes the place of the known place inside it."""
    if inner is not None:
        found.release(inner)
    found.take(whole, "Place", "", (METHOD, SCORE, label))


def _cap(word: str) -> str:
    """A qualifier as written in a name: 'upstate' -> 'Upstate', 'north-east' -> 'North-East'."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
