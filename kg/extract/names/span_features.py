"""Features of a candidate name that the mention finder knows how to read: the shape of its name
(a head word, capitalised words joined by connectors, words heard apart that the name writes as one)
and its coherence with the other names of its sentences (listed beside names of its kind). The
resolver adds them to its own (:func:`kg.extract.names.entities._features`); the weights are the linker's
(``ontology/weights/linker.json``).
"""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Span

from kg.extract.names.cues import _listed_with, ends_with, mention_cues
from kg.extract.names.candidates import CONNECTORS, name_heads
from kg.extract.names.lexicon import fold, spelled_as
from kg.extract.names.matching import is_word


def mention_features(spans: list[Span], label: str, top_type: str) -> dict[str, float]:
    """``head_word``, ``connected_name``, ``listed``, ``known_near`` and ``name_context``
    of one candidate over its mention spans (see :data:`kg.extract.names.linking.FEATURES`)."""
    n = len(spans)
    if not n:
        return {}
    return {
        "head_word": float(any(_capitalised_head(s) for s in spans)),
        "connected_name": float(any(_connected(s) for s in spans)),
        "listed": float(any(_listed_with(s, _names_of(s), top_type) for s in spans)),
        "known_near": sum(1.0 for s in spans if _known_near(s)) / n,
        "name_context": float(any(name_context(s, top_type) for s in spans)),
    }


def _names_of(span: Span) -> list[Span]:
    """The names the mention finder found in the span's Doc, and the known names it left for the episode
    to decide ('ramp and mercury': each is listed beside the other), but the span itself."""
    found = [*span.doc.spans.get("kg", []), *(s for s in span.doc.spans.get("kg_maybe", []) if s.kb_id_)]
    return [s for s in found if (s.start, s.end) != (span.start, span.end)]


def _capitalised_head(span: Span) -> bool:
    """A head word of an institution or place in a name said with capitals ('Center for Human
    Microbiome Studies', 'Baker library'); in lower case it is a common noun ('the defense department')."""
    return any(t.lower_ in name_heads() for t in span) and not span.text.islower()


def _connected(span: Span) -> bool:
    """Capitalised words joined by a connector: 'Bureau of Labor Statistics', 'Mothers for Peace'."""
    words = [t for t in span if t.is_alpha]
    inner = words[1:-1]
    return (len(words) >= 3 and words[0].text[:1].isupper() and words[-1].text[:1].isupper()
            and any(t.lower_ in CONNECTORS for t in inner)
            and all(t.text[:1].isupper() or t.lower_ in CONNECTORS for t in inner))


def heard_apart(span: Span, label: str) -> bool:
    """Heard as more words than the name has: 'sales force' for Salesforce, 'core weave' for CoreWeave."""
    return len(span.text.split()) > len(label.split()) and span.text.islower()


def heard_joined(span: Span, labels: Sequence[str], words: frozenset[str]) -> bool:
    """Heard as two or three lower-case words, none a function word, that run together spell a one-word
    name of the entry or its plural, a name that is no dictionary word: 'sales force' for Salesforce,
    'core weave' for CoreWeave, 'air tables' for Airtable. Speech-to-text splits a closed compound at
    its parts; a phrase of function words that happens to spell a name ('to go', 'be real', 'all in')
    is no such evidence, nor are letters spelled out."""
    parts = [t for t in span if not t.is_punct]
    if not 2 <= len(parts) <= 3 or not all(t.is_alpha and t.is_lower and not t.is_stop and len(t) > 1 for t in parts):
        return False  # single letters are an acronym spelled out ('q q'), not the parts of a compound
    return any(spelled_as(span.text, label) and " " not in label.strip() and not is_word(fold(label), words)
               for label in labels)


def _known_near(span: Span) -> bool:
    """A lexicon name found exactly in the same sentence: the episode speaks of named things there."""
    return any(s.kb_id_ and s.sent.start == span.sent.start and (s._.kg_match or ("",))[0] == "exact"
               and (s.start, s.end) != (span.start, span.end) for s in span.doc.spans.get("kg", []))


def name_context(span: Span, top_type: str) -> bool:
    """Words right before a mention that use it as a name of ``top_type``: a noun naming its kind
    ('my old company the generalist', 'a fintech startup ramp', 'the podcast X') or a phrase of
    ``name_context`` in ``rules/mentions.json`` ('we drove to whole foods', 'according to the economist',
    'built like notion'). What lets a name said in lower case be told from the phrase."""
    doc = span.doc
    if span.start == span.sent.start:
        return False
    cues = mention_cues()
    before = doc[span.start - 1]
    if before.lower_ in cues["class_nouns"].get(top_type, ()) and before.pos_ == "NOUN":
        return True
    words = tuple(t.lower_ for t in doc[max(span.sent.start, span.start - 3):span.start])
    return ends_with(words, cues["name_context"].get(top_type, ()))
