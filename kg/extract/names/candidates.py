"""Names no exact lexicon hit covers whole: candidates the mention finder offers to the episode's linker.

- **Longer names** (:func:`longer_names`): a capitalised name holding a shorter known name and a head
  word of an institution or a place ('University of Minnesota' holds Minnesota, 'Stanford School of
  Medicine' Stanford, 'John Wayne Airport' John Wayne). The longest name wins; its head word types it
  (``ontology/rules/name_heads.json``).
- **Names split by punctuation** (:func:`comma_split_names`): speech-to-text puts a comma inside a
  person's name ('Neville, Madora'): a first name, a comma, a capitalised word that is no dictionary
  word, no first name and no known name.
"""

from __future__ import annotations

import json
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.extract.names.lexicon import fold
from kg.extract.names.cues import _clean_edges, _is_word
from kg.resources import data_path

CONNECTORS = frozenset({"of", "for", "and", "the", "on", "at", "de", "&"})  # inside a long name ('Bureau of Labor Statistics')
MAX_LONG_NAME = 7  # words of a longer name
LONG_NER = frozenset({"ORG", "FAC", "GPE", "LOC", "PERSON", "PRODUCT", "WORK_OF_ART", "NORP", "EVENT"})


@lru_cache(maxsize=1)
def name_heads() -> dict[str, str]:
    """Head words of institution and place names, folded, with the type they give a name."""
    raw = json.loads(data_path("rules", "name_heads.json").read_text(encoding="utf-8"))
    return {word: ty for ty, words in raw.items() if ty != "description" for word in words}


def head_type(span: Span) -> str | None:
    """The type the last head word of ``span`` gives it ('Airport': Place, 'University': Organization)."""
    heads = name_heads()
    return next((heads[t.lower_] for t in reversed(span) if t.lower_ in heads), None)


def _name_shaped(span: Span, head_lower_ok: bool) -> bool:
    """Capitalised words joined by connectors, from two to :data:`MAX_LONG_NAME` words, starting and
    ending on a capitalised word (or, with ``head_lower_ok``, a lower-case head word: 'Baker library')."""
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= MAX_LONG_NAME or words[0].lower_ in CONNECTORS or words[0].is_stop:
        return False
    for i, t in enumerate(words):
        last = i == len(words) - 1
        if t.text[:1].isupper() or t.text[:1].isdigit():
            continue
        if t.lower_ in CONNECTORS and not last:
            continue
        if last and head_lower_ok and t.lower_ in name_heads():
            continue
        return False
    return True


def longer_names(doc: Doc) -> list[Span]:
    """Spans of capitalised names with an institution or place head word: NER's names, and runs of
    capitalised words ending on a head word NER did not see ('Vox Media Podcast Network')."""
    out: dict[tuple[int, int], Span] = {}
    for ent in doc.ents:
        span = _clean_edges(ent) if ent.label_ in LONG_NER else None
        if span is not None and head_type(span) and _name_shaped(span, head_lower_ok=False):
            out[(span.start, span.end)] = span
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            j = i
            while j < sent.end and (doc[j].text[:1].isupper() or doc[j].text[:1].isdigit()) and not doc[j].is_punct:
                j += 1
            if j < sent.end and j > i and doc[j].lower_ in name_heads() and doc[j].is_lower:
                j += 1  # 'Baker library', 'Sonnenburg lab'
            span = doc[i:j]
            if j - i >= 2 and head_type(span) and doc[j - 1].lower_ in name_heads() and _name_shaped(span, head_lower_ok=True):
                if not any(s.start <= i and j <= s.end for s in out.values()):
                    out[(i, j)] = span
            i = max(j, i + 1)
    return sorted(out.values(), key=lambda s: s.start)


def inside_longer(span: Span, longer: list[Span]) -> Span | None:
    """The longer name ``span`` lies inside (and is shorter than), if any."""
    return next((s for s in longer if s.start <= span.start and span.end <= s.end and len(s) > len(span)), None)


def comma_split_names(doc: Doc, taken: list[bool], given: frozenset[str], words: frozenset[str]) -> list[Span]:
    """'Neville, Madora': a capitalised first name, a comma, and a capitalised word that is no dictionary
    word, no first name and not the start of a list of names; nothing of it taken yet."""
    out = []
    for tok in doc[:-2]:
        comma, last = doc[tok.i + 1], doc[tok.i + 2]
        if not (comma.text == "," and tok.is_alpha and last.is_alpha and tok.text[:1].isupper() and last.text[:1].isupper()
                and fold(tok.text) in given and tok.sent.start == last.sent.start):
            continue
        if any(taken[tok.i:tok.i + 3]) or last.text.isupper() or len(last) < 3:
            continue
        if fold(last.text) in given or _is_word(last, words):
            continue
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is not None and (nxt.text == "," or nxt.lower_ in ("and", "or")) and last.i + 2 < len(doc) and doc[last.i + 2].text[:1].isupper():
            continue  # 'Sarah, Madora and Tom': a list of names
        out.append(doc[tok.i:last.i + 1])
    return out


def capitalised_runs(doc: Doc, taken: list[bool], words: frozenset[str], given: frozenset[str],
                     stop: frozenset[str]) -> list[Span]:
    """Capitalised names NER did not see and no lexicon knows ('companies like Ambrook'): maximal runs
    of capitalised words not taken yet, without stop words at their edges. One word is offered only
    inside a sentence and when it is no dictionary word and no first name alone (the first names pass
    weighs those); the episode's linker decides which are names."""
    out = []
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            j = i
            while (j < sent.end and not taken[j] and doc[j].is_alpha and doc[j].text[:1].isupper()
                   and doc[j].lower_ not in {t.lower_ for t in doc[i:j]}):  # 'Ambrook Ambrook' is said twice
                j += 1
            span = _trim_stop(doc[i:j]) if j > i else None
            if span is not None and _offered(span, words, given, stop):
                out.append(span)
            i = max(j, i + 1)
    return out


def _trim_stop(span: Span) -> Span | None:
    """The span without stop words (and 'I') at its edges."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_stop or doc[start].text == "I"):
        start += 1
    while end > start and (doc[end - 1].is_stop or doc[end - 1].text == "I"):
        end -= 1
    return doc[start:end] if end > start else None


def _offered(span: Span, words: frozenset[str], given: frozenset[str], stop: frozenset[str]) -> bool:
    """Whether a capitalised run is worth the linker's weighing: not stop-listed, not too long, one word
    only mid-sentence, no dictionary word, no first name alone; several words not all dictionary words."""
    if fold(span.text) in stop or len(fold(span.text)) < 3 or len(span) > 4:
        return False
    if len(span) == 1:
        tok = span[0]
        return (tok.i != tok.sent.start and not _is_word(tok, words) and fold(tok.text) not in given
                and not (tok.text.isupper() and len(tok) <= 4))
    if span.start == span.sent.start and _is_word(span[0], words) and fold(span[0].text) not in given:
        return False  # 'Thank God', 'Great Guys': a sentence opening on an ordinary word
    return not all(_is_word(t, words) for t in span)
