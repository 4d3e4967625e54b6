"""Names said as ordinary words, found by the frame they are said in: 'our main competitor was sketch and
then vision', 'did investments in companies like ambrook', "figma's CEO", 'my co-founder evan'.

A naming frame (``ontology/rules/frames.json``) is a phrase right before or right after a name that uses
it as the name of a thing of one kind: a frame says a name is meant, so a name said as a dictionary
word is offered after it. The bare word run it introduces (no article, no stop word, no punctuation, a
few words) is offered to the episode's linker as a candidate typed by the frame, with the items listed
beside it ('competitor was X, Y and then Z'). The linker weighs the candidate (``framed``,
``naming_cue``); nothing here accepts it.
"""

from __future__ import annotations

import json
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.extract.names.candidates import naming_rules
from kg.extract.names.cues import _Found, _is_word, ends_with, mention_cues
from kg.extract.names.lexicon import census_given_names, fold
from kg.resources import data_path

Phrases = tuple[tuple[str, ...], ...]
FRAMED = "framed"  # the method of a candidate a frame introduces


@lru_cache(maxsize=1)
def frame_rules() -> dict:
    """``ontology/rules/frames.json``: phrases as word tuples by side and type, indexed by their last word
    (frames before a name) or their first (frames after it); no class noun of ``rules/mentions.json``
    ('companies') is a name a frame introduces."""
    raw = json.loads(data_path("rules", "frames.json").read_text(encoding="utf-8"))
    frames = {side: {ty: tuple(_words(p) for p in phrases) for ty, phrases in raw[side].items()}
              for side in ("before", "after")}
    class_words = frozenset(w for nouns in mention_cues()["class_nouns"].values() for w in nouns)
    rules = naming_rules()
    by_last: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for side, index, at in (("before", by_last, -1), ("after", by_first, 0)):
        for ty, phrases in frames[side].items():
            for p in phrases:
                index.setdefault(p[at], []).append((p, ty))
    return {"frames": frames, "before_by_last": by_last, "after_by_first": by_first,
            "joiners": tuple(sorted((_words(p) for p in raw["sibling_joiners"]), key=len, reverse=True)),
            "max_words": int(raw["max_words"]), "max_siblings": int(raw["max_siblings"]),
            "run_pos": frozenset(raw["run_pos"]), "end_words": rules["end_words"],
            "not_names": frozenset(fold(w) for w in raw["not_names"]) | class_words | frozenset(rules["kinds"])
            | rules["not_kinds"]}


@lru_cache(maxsize=None)
def _words(phrase: str) -> tuple[str, ...]:
    """A frame phrase as spaCy's English tokenizer splits it ('co-founder': 'co', '-', 'founder')."""
    return tuple(t.lower_ for t in _tokenizer()(phrase))


@lru_cache(maxsize=1)
def _tokenizer():
    """spaCy's rule-based English tokenizer (no model)."""
    import spacy

    return spacy.blank("en").tokenizer


def frame_before(doc: Doc, start: int) -> str | None:
    """The type of the frame right before token ``start`` in its sentence (the longest frame)."""
    if start <= 0:
        return None
    phrases = frame_rules()["before_by_last"].get(doc[start - 1].lower_)
    if not phrases:
        return None
    sent_start = doc[start - 1].sent.start
    words = tuple(t.lower_ for t in doc[max(sent_start, start - 5):start])
    hits = [(len(p), ty) for p, ty in phrases if ends_with(words, (p,))]
    return max(hits)[1] if hits else None


def frame_after(doc: Doc, end: int) -> str | None:
    """The type of the frame right after a run ending at token ``end`` ('X's CEO')."""
    if end <= 0 or end >= len(doc):
        return None
    phrases = frame_rules()["after_by_first"].get(doc[end].lower_)
    if not phrases:
        return None
    words = tuple(t.lower_ for t in doc[end:min(doc[end - 1].sent.end, end + 3)])
    hits = [(len(p), ty) for p, ty in phrases if words[:len(p)] == p]
    return max(hits)[1] if hits else None


def _run_word(tok, taken: list[bool], words: frozenset[str]) -> bool:
    """A word that may be part of a name said as words: free, a word (not a number), no stop word,
    relative word or pronoun, of a part of speech a name may be read as (or any, for a word that is no
    dictionary word: 'zenly' tagged an adverb)."""
    rules = frame_rules()
    return (not taken[tok.i] and tok.is_alpha and not tok.is_stop and tok.text != "I"
            and tok.tag_ != "VBG"  # 'was finding success': a verb's -ing form, no name
            and (tok.pos_ in rules["run_pos"] or (tok.pos_ in ("ADV", "INTJ") and tok.lower_ not in words))
            and tok.lower_ not in rules["end_words"])


def _run_from(doc: Doc, start: int, taken: list[bool], words: frozenset[str]) -> Span | None:
    """The bare word run starting at ``start`` (within its sentence, at most ``max_words`` words), ending
    on a noun or a proper noun; None where none starts there."""
    if start >= len(doc):
        return None
    sent_end, limit = doc[start].sent.end, frame_rules()["max_words"]
    headed = _to_company_head(doc, start, min(sent_end, start + limit), taken)
    if headed is not None:
        return headed
    end = start
    while end < sent_end and end - start < limit and _run_word(doc[end], taken, words) and (
            doc[end].lower_ not in {t.lower_ for t in doc[start:end]}):  # 'Ambrook Ambrook's' is said twice
        end += 1
    while end > start + 1 and doc[end - 1].pos_ not in ("NOUN", "PROPN", "X") and _is_word(doc[end - 1], words):
        end -= 1
    if end > start and _hyphenated(doc, end):
        return None  # 'use pre-training', 'meta-ads': the first part of a compound, no name
    return doc[start:end] if end > start else None


def _hyphenated(doc: Doc, end: int) -> bool:
    """A hyphen written right after the word before ``end``, another word right after it: a compound."""
    return end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_


def _to_company_head(doc: Doc, start: int, limit: int, taken: list[bool]) -> Span | None:
    """Words up to a company's head word said in lower case ('until labs', 'first round capital';
    ``lower_case_heads`` of ``rules/naming.json``): any free words but pronouns and punctuation are the
    name there, a stop word too."""
    heads = naming_rules()["lower_case_heads"]
    for end in range(start + 1, limit):
        tok = doc[end]
        if taken[end - 1] or not doc[end - 1].is_alpha or doc[end - 1].pos_ in ("PRON", "DET"):
            return None
        if tok.is_lower and tok.lower_ in heads and not taken[end]:
            return doc[start:end + 1]
    return None


def _run_to(doc: Doc, end: int, taken: list[bool], words: frozenset[str]) -> Span | None:
    """The bare word run ending right before ``end`` (an after frame: 'the X app'), not after an
    article's adjective or a possessive: it starts where the words that may be a name start."""
    if end <= 0:
        return None
    sent_start, limit = doc[end - 1].sent.start, frame_rules()["max_words"]
    start = end
    while start > sent_start and end - start < limit and _run_word(doc[start - 1], taken, words):
        start -= 1
    return doc[start:end] if start < end and (doc[end - 1].pos_ in ("NOUN", "PROPN", "X") or not _is_word(doc[end - 1], words)) else None


def _offered(span: Span, stop: frozenset[str]) -> bool:
    """A run worth the linker's weighing: no word a frame introduces as often as a name ('things',
    'companies'), not stop-listed."""
    rules = frame_rules()
    if fold(span.text) in stop or fold(span.text) in rules["not_names"] or len(fold(span.text)) < 2:
        return False
    heads = naming_rules()["lower_case_heads"]
    return not any(fold(t.text) in rules["not_names"] or t.lemma_.lower() in rules["not_names"] for t in span
                   if not (t.i == span.end - 1 and t.i > span.start and t.lower_ in heads))  # 'until labs'


def _person_run(doc: Doc, start: int, taken: list[bool]) -> Span | None:
    """A person's name a person frame introduces in lower case ('my co-founder evan'): a first name,
    and a family name that is no dictionary word after it if one follows. Capitalised names are the
    first-names pass's."""
    if (start >= len(doc) or taken[start] or not doc[start].is_lower or doc[start].is_stop
            or fold(doc[start].text) not in census_given_names()):  # 'my friend in March': no name
        return None
    end = start + 1
    if end < doc[start].sent.end and not taken[end] and doc[end].is_alpha and not doc[end].is_stop and doc[end].pos_ == "PROPN":
        end += 1
    return doc[start:end]


def _siblings(doc: Doc, after: int, found: _Found, words: frozenset[str], stop: frozenset[str]) -> list[Span]:
    """The items listed after the one ending at ``after``: joiner words ('and then', ',') and a bare word
    run, up to ``max_siblings``; a name another pass took is an item too, and the list goes on past it."""
    rules = frame_rules()
    out: list[Span] = []
    pos = after
    for _ in range(rules["max_siblings"]):
        step = _joiner_at(doc, pos)
        if not step:
            break
        pos += step
        taken_here = next((s for s in found.spans if s.start == pos), None)
        if taken_here is not None:
            pos = taken_here.end
            continue
        run = _run_from(doc, pos, found.taken, words)
        if run is None or not _offered(run, stop):
            break
        out.append(run)
        pos = run.end
    return out


def _joiner_at(doc: Doc, pos: int) -> int:
    """How many tokens of list joiners start at ``pos`` (', and then': three), within the sentence."""
    n = 0
    while pos + n < len(doc) and doc[pos + n].sent.start == doc[pos].sent.start:
        words = tuple(t.lower_ for t in doc[pos + n:pos + n + 3])
        match = next((j for j in frame_rules()["joiners"] if words[:len(j)] == j), None)
        if match is None:
            break
        n += len(match)
    return n


def framed_spans(found: _Found, words: frozenset[str], stop: frozenset[str]) -> list[tuple[Span, str]]:
    """The names naming frames introduce in ``found``'s Doc that no other pass took, each with the type of
    its frame: the run a frame before or after gives, and the items listed beside it."""
    doc, taken = found.doc, found.taken
    out: list[tuple[Span, str]] = []
    for tok in doc:
        ty = frame_before(doc, tok.i) if tok.i > tok.sent.start else None
        if ty is not None:
            run = _person_run(doc, tok.i, taken) if ty == "Person" else _run_from(doc, tok.i, taken, words)
            if run is not None and (ty == "Person" or _offered(run, stop)):
                out.append((run, ty))
            if ty != "Person":
                item_end = run.end if run is not None else next((s.end for s in found.spans if s.start == tok.i), None)
                if item_end is not None:
                    out.extend((s, ty) for s in _siblings(doc, item_end, found, words, stop))
        after = frame_after(doc, tok.i) if tok.i > tok.sent.start else None
        if after is not None and after != "Person":
            run = _run_to(doc, tok.i, taken, words)
            if run is not None and _offered(run, stop):
                out.append((run, after))
    return _distinct(out)


def _distinct(spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Each run once, the first found (the longest at the same start), none overlapping one kept before it."""
    kept: list[tuple[Span, str]] = []
    for span, ty in sorted(spans, key=lambda x: (x[0].start, -len(x[0]))):
        if not any(k.start < span.end and span.start < k.end for k, _ in kept):
            kept.append((span, ty))
    return kept


def take_framed(found: _Found, words: frozenset[str], stop: frozenset[str]) -> None:
    """Take the names naming frames introduce as candidates typed by their frame (method 'framed'); a name
    said in lower case is labelled with capitals."""
    for span, ty in framed_spans(found, words, stop):
        if not found.free(span.start, span.end):
            continue
        label = " ".join(w[:1].upper() + w[1:] for w in span.text.split()) if span.text.islower() else span.text
        found.take(span, ty, "", (FRAMED, 0.5, label))
