"""What the episode says about a candidate name: the named features the linker weighs
(:data:`kg.extract.names.linking.FEATURES`), the type cues around a span, and the shapes of a name."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from spacy.tokens import Span

from kg.extract.names.candidates import CONNECTORS, naming_kind
from kg.extract.names.casing import USUAL, Casing, casing_of
from kg.extract.names.framed import FRAMED
from kg.extract.names.kinds import said_kind
from kg.extract.names.lexicon import (Lexicon, LexiconEntry, census_given_names, fold, given_names, name_shapes, short_acronym,
                                      surname_prior)
from kg.extract.names.span_features import heard_apart, heard_joined, mention_features
from kg.extract.names.short_forms import short_form
from kg.extract.names.matching import all_ordinary_words, ordinary_word
from kg.extract.names.qualified import qualified_place
from kg.extract.names.cues import (NER_TYPES, NOUN_TAGS, _after_class_noun, _after_preposition, _has_cue, ends_with,
                                   mention_cues, person_cue, place_address, proper_noun_words, words_of)
from kg.model import Entity
from kg.read import Turn

ORG_WORDS = {"inc", "inc.", "corp", "corporation", "company", "labs", "lab", "capital", "ventures", "partners", "group",
             "university", "institute", "college", "bank", "foundation", "association", "agency", "department",
             "ministry", "council", "fund", "holdings", "technologies", "systems", "studios", "media", "school"}
FEATURE_ORDER = ("bias", "lexicon", "prior", "common_word", "work_title", "phrase_words", "dictionary_word", "given_name",
                 "acronym", "short", "multiword", "long_name", "by_sound", "mentions", "once", "title", "capitalised",
                 "sentence_initial", "lower", "capitalised_rel", "lower_rel", "word_capitalised", "proper_noun",
                 "lexicon_capitalised", "lexicon_lower", "part_of_name", "unknown_once",
                 "one_word_person", "name_words", "surname", "ner", "ner_agrees", "cue", "type_cue", "naming_cue", "place_address", "noun", "bare", "org_word")
WORK_TYPES = frozenset({"MediaWork", "Podcast"})  # titles of books, films, shows: often everyday phrases too


def bare(span: Span) -> bool:
    """A noun with no article, possessive, number or adjective before it, as a name stands ('use
    cursor'; not 'your cursor', 'the entire time', nor the verb in 'getting acquired')."""
    if span.root.pos_ not in ("NOUN", "PROPN"):
        return False
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.pos_ in ("DET", "NUM", "ADJ") or before.tag_ == "PRP$" or before.lower_ in ("'s", "’s")):
        return False
    return not any(t.pos_ in ("DET", "NUM", "ADJ") or t.tag_ == "PRP$" for t in span.root.lefts if t.i < span.start)


def part_of_name(spans: list[Span], label: str) -> float:
    """The share of mentions that say one word of a longer name ('Matrix' for Matrix Partners, 'Theory' for
    Theory Ventures, 'the mission' for Mission District): a capital on that word is evidence of a name,
    but not of this one."""
    def words(text: str) -> list[str]:
        parts = [w for w in re.split(r"[\s-]+", text) if any(c.isalpha() for c in w)]
        return parts[1:] if parts and parts[0].lower() in ("the", "a", "an") else parts

    if len(words(label)) < 2 or not spans:
        return 0.0
    return sum(1.0 for s in spans if len(words(s.text)) == 1) / len(spans)


def _phrase_share(span: Span) -> float:
    """The share of a span's words (past a first article) that are function words or verbs: everyday
    phrases ('the rest is history', 'zero to one') have many, names few ('Best Buy', 'Network School')."""
    words = [t for t in span if t.is_alpha][1 if span[0].lower_ in ("the", "a", "an") else 0:]
    return sum(t.is_stop or t.pos_ in ("VERB", "AUX") for t in words) / len(words) if words else 0.0


@lru_cache(maxsize=4)
def _with_proper_nouns(words: frozenset[str]) -> frozenset[str]:
    """The dictionary words with the words WordNet knows only as one thing's name (built once per word set)."""
    return words | proper_noun_words()


def kept_shape(entity: Entity) -> bool:
    """The shape of an unknown name kg kept before it had a linker (now one feature among others):
    one-word names said twice (but a word WordNet knows as the name of one thing), no short all-capital
    word, places of several words said twice, others than people said twice or with an organization word
    ('Labs', 'University')."""
    words = entity.label.split()
    if len(words) == 1 and (len(entity.mentions) < 2 or words[0].lower() in proper_noun_words()):
        return False  # (a word WordNet knows as another thing's name is weighed, not kept: 'Moore', 'Celsius')
    if all(m.method in ("ner-word", "capitalised", FRAMED) for m in entity.mentions):
        return False
    if entity.label.isupper() and len(entity.label) <= 4:
        return False
    if entity.top_type == "Place" and (len(words) == 1 or len(entity.mentions) < 2):
        return False
    return entity.top_type == "Person" or len(entity.mentions) >= 2 or bool(ORG_WORDS & {w.lower() for w in words})


def shape_votes(label: str, words: frozenset[str] = frozenset(), lexicon: Lexicon | None = None,
                spans: list[Span] | None = None) -> Counter:
    """The types a name's own words give it, as votes (see ``rules/name_shapes.json``): its last word a
    kind of place or organization ('John Wayne Airport' Place, 'Baker Library' Organization), or a
    person's shape (:func:`person_shape`: 'Casey Hennmer'; ``words`` the dictionary words), unless it
    begins a longer name of the ``lexicon`` or its mentions (``spans``) mostly follow 'the' ('the Mona Lisa')."""
    rules = name_shapes()
    parts = [w for w in re.split(r"[\s-]+", label) if any(c.isalpha() for c in w)]
    votes: Counter = Counter()
    if len(parts) < 2:
        return votes
    head = parts[-1].lower().rstrip(".")
    if head in rules["place_heads"]:
        votes["Place"] += rules["head_votes"]
    elif head in rules["organization_heads"]:
        votes["Organization"] += rules["head_votes"]
    elif words and person_shape(parts, words) and not (lexicon and _begins_known_name(parts, lexicon)) and not (
            spans and 2 * sum(s.start > 0 and s.doc[s.start - 1].lower_ == "the" for s in spans) >= len(spans)):
        votes["Person"] += rules["person_votes"]
    return votes


def person_shape(parts: list[str], words: frozenset[str]) -> bool:
    """A first name and a family name: two words written with capitals, the first a Census first name,
    the second no ordinary word and no word of an organization ('Casey Hennmer'; not 'Jordan Energy',
    'Liberty Media'). NER often reads such a name it never saw as an organization."""
    if len(parts) != 2 or not all(p.isalpha() and p[:1].isupper() and not p.isupper() for p in parts):
        return False
    return (fold(parts[0]) in census_given_names() and fold(parts[1]) not in ORG_WORDS
            and not ordinary_word(parts[1], words, person=True))


def _begins_known_name(parts: list[str], lexicon: Lexicon) -> bool:
    """The words begin the longer name of a known thing that is no person ('Martin Marietta' of Martin
    Marietta Materials): a short form of it, not a person's name."""
    return " ".join(fold(p) for p in parts) in _known_name_starts(lexicon)


@lru_cache(maxsize=4)
def _known_name_starts(lexicon: Lexicon) -> frozenset[str]:
    """The first two words (folded, space-joined) of every longer lexicon name of a thing that is no person."""
    starts = set()
    for entry in lexicon.entries.values():
        if entry.top_type == "Person":
            continue
        for label in entry.labels:
            words = label.split()
            if len(words) > 2:
                starts.add(f"{fold(words[0])} {fold(words[1])}")
    return frozenset(starts)


def type_cues(span: Span) -> list[str]:
    """The types the words right around ``span`` give it ('at X' Organization, 'use X' Product, 'Dr. X'
    Person; ``type_context`` in ``rules/mentions.json``), or the kind noun it is introduced with or said
    to be ('a company named X'; 'X is a newsletter', twice: two votes, :mod:`kg.extract.names.kinds`)."""
    kind = naming_kind(span)
    if kind:
        return [kind]  # the kind noun the name hangs on says it: 'a company named X' is no person
    kind = said_kind(span)
    if kind:  # what the speaker says it is outweighs a word around another mention ('Dealbook founder')
        return [kind, kind]
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.sent.start, span.start - 3):span.start]]
    after = [t.lower_ for t in doc[span.end:min(span.sent.end, span.end + 3)]]
    out = []
    for ty, sides in _type_context().items():
        if ends_with(before, sides["before"]) or any(
                after[:len(p)] == list(p) for p in sides["after"]):
            out.append(ty)
    if "Place" not in out and place_address(span):
        out.append("Place")  # 'Dayton, Ohio'
    return out


def naming_cue(span: Span) -> bool:
    """Words that introduce the span as a name: the mention finder read it as one
    (:func:`kg.extract.names.candidates.naming_spans`: 'a book called The Lean Startup', "Tim Ferriss'
    book, X"), the finder found it by a naming frame (:mod:`kg.extract.names.framed`: 'our main
    competitor was sketch', 'an app called zenly'), or words right before it, past an article ('a startup called X', 'a guy named X',
    'known as X', 'called the X'; ``naming_before`` in ``rules/mentions.json``)."""
    if (span._.kg_match or ("",))[0] in ("named", FRAMED):
        return True
    start = span.start
    while start > span.sent.start and span.doc[start - 1].lower_ in ("the", "a", "an", "this"):
        start -= 1
    before = tuple(t.lower_ for t in span.doc[max(0, start - 2):start])
    return ends_with(before, mention_cues()["naming_before"])


def _type_context() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    raw = mention_cues().get("type_context_raw") or {}
    return raw


class _Kind:
    """The type of a candidate, shaped like a lexicon entry for the cue tests."""

    def __init__(self, top_type: str):
        self.top_type = self.type = top_type


@lru_cache(maxsize=4)
def first_names_of(lexicon: Lexicon | None) -> frozenset[str]:
    """Common first names and the first names of the lexicon's people, folded: built once per lexicon,
    not once per candidate."""
    return given_names() | (lexicon.first_names if lexicon else frozenset())


def features(spans: list[Span], top_type: str, turn_ids: list[int], turns: list[Turn], entry: LexiconEntry | None = None,
             label: str = "", lexicon: Lexicon | None = None, capitals: Counter | None = None) -> dict[str, float]:
    """The named features of one candidate over its mentions in the episode (see :data:`kg.extract.names.linking.FEATURES`);
    ``capitals`` counts the words said capitalised in the episode (:func:`kg.extract.names.short_forms.capitalised_words`)."""
    label = entry.label if entry else label
    words_set = words_of(spans[0].doc) if spans else frozenset()
    # the name as heard (the longest form said), not as the lexicon writes it
    heard = max((s.text for s in spans), key=lambda x: (len(x.split()), x)) if spans else label
    words = [w for w in re.split(r"[\s-]+", heard) if any(c.isalpha() for c in w)]
    firsts = first_names_of(lexicon)
    parts = _entry_features(entry)
    # a word WordNet knows only as one thing's name ('Pavlov') is no word where the lexicon knows the name it
    # names; an unknown one is weighed as a word still: 'Moore' (of Moore's law), 'Constantine', 'Indra'
    # are names of other things than the one meant
    shape_set = words_set if entry is not None else _with_proper_nouns(words_set)
    parts.update(_shape_features(label, words, shape_set, firsts, top_type))
    # an unknown name ending on a word that is a common family name ('Jordan Fisher', 'shares of Whitehead')
    parts["surname"] = surname_prior(words[-1]) if words and entry is None else 0.0
    parts.update(_usage_features(spans, top_type, turn_ids, turns, entry))
    parts.update(_case_features(spans, [turns[t] for t in turn_ids], casing_of(spans[0].doc) if spans else USUAL))
    parts["word_capitalised"] = parts["dictionary_word"] * parts["capitalised_rel"]
    parts["lexicon_capitalised"] = parts["lexicon"] * parts["capitalised_rel"]
    parts["lexicon_lower"] = parts["lexicon"] * parts["lower_rel"]
    parts["part_of_name"] = part_of_name(spans, label) if entry else 0.0
    parts["unknown_once"] = (1.0 - parts["lexicon"]) * parts["once"]
    feats = {name: parts[name] for name in FEATURE_ORDER}
    feats[top_type.lower()] = 1.0
    feats.update(mention_features(spans, label, top_type))
    feats["short_form"] = short_form(label, top_type, spans, capitals)
    feats.update(_heard_features(spans, entry, label, words_set, parts["lexicon_lower"], turns))
    # said in lower case, a name needs words that use it as one ('went to X', listed beside a name of its
    # kind); a bare preposition ('for humans') says little: the fit weighs case and context together
    # a name only a naming frame offers ('our main competitor was sketch'): weighed apart from the cues a
    # name found otherwise has, so that the fit need not move the bias for it
    feats["framed"] = sum(1.0 for s in spans if (s._.kg_match or ("",))[0] == FRAMED) / len(spans) if spans else 0.0
    feats["lower_cue"] = feats["lower"] * max(feats.get("listed", 0.0), feats.get("name_context", 0.0), feats["naming_cue"])
    # weighed for people only: a company or product named by words ('Sketch', 'Human Microbiome Project') is
    # said as those words too, and the fit would move the bias to make up for it (on the corpus, junk came in)
    feats["word_said_lower"] = word_said_lower(spans, turns, words, top_type) if entry is None and top_type == "Person" else 0.0
    return feats


def _letter_words(text: str) -> list[str]:
    """The runs of letters of a text ("O'Lunch" two: 'O', 'Lunch')."""
    return re.findall(r"[^\W\d_]+", text)


@lru_cache(maxsize=4)
def _lower_words(texts: tuple[str, ...]) -> Counter:
    """How often each word is written in lower case in the episode."""
    return Counter(w for text in texts for w in _letter_words(text) if w.islower())


def word_said_lower(spans: list[Span], turns: list[Turn], words: list[str], top_type: str) -> float:
    """The share of an unknown name's words (``words``, as heard; past a Census first name in a person's
    name of two words or more; no one-letter word) that the episode also says in lower case outside its
    mentions: the episode uses them as ordinary words, and their capitals here say a sentence heard
    wrong ('Joshua Advice', "Andrew O'Lunch", 'X. Sorry') rather than a name ('Austin Reef')."""
    parts = [w for word in words for w in _letter_words(word)]
    if top_type == "Person" and len(parts) > 1 and fold(parts[0]) in census_given_names():
        parts = parts[1:]
    vocab = spans[0].doc.vocab if spans else None
    parts = [w.lower() for w in parts if len(w) > 1 and not (vocab and vocab[w.lower()].is_stop)]
    if not parts:
        return 0.0
    own = Counter(w for s in spans for w in _letter_words(s.text) if w.islower())
    counts = _lower_words(tuple(t.text for t in turns))
    return sum(1.0 for w in parts if counts.get(w, 0) > own.get(w, 0)) / len(parts)


def _content_words(span: Span) -> list[str]:
    """The words of a span, as said apart, that are no function words: 'federal reserve' two, 'the sun'
    one, 'more or less' and the hyphenated 'real-time' none."""
    vocab = span.doc.vocab
    return [w for w in span.text.lower().split() if w.isalpha() and not vocab[w].is_stop]


@lru_cache(maxsize=4)
def _episode_words(texts: tuple[str, ...]) -> Counter:
    """How often each word (lower case) is said in the episode."""
    return Counter(w for text in texts for w in re.findall(r"[a-z]+", text.lower()))


def _cohesion(spans: list[Span], turns: list[Turn]) -> float:
    """How far a name's words keep together in the episode: for its most cohesive content word, the
    share of the episode's uses of it that are inside the name's mentions. 1 for 'federal reserve' where
    'reserve' is said only in it; little for 'real time', whose words are said everywhere. A name's
    words keep together; an everyday phrase's are said apart too."""
    counts = _episode_words(tuple(t.text for t in turns))
    inside = Counter(w for s in spans for w in set(_content_words(s)))
    return max((min(1.0, k / counts[w]) if counts.get(w) else 1.0 for w, k in inside.items()), default=0.0)


def _determined(span: Span) -> bool:
    """An article, a possessive or a number right before the span, as before a common noun ('their head
    space', 'a black rock', 'our sales force'); a name stands without one ('moved to drop box')."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and (before.pos_ in ("DET", "NUM") or before.tag_ in ("PRP$", "POS", "CD"))


def _heard_features(spans: list[Span], entry: LexiconEntry | None, label: str, words: frozenset[str],
                    lexicon_lower: float, turns: list[Turn]) -> dict[str, float]:
    """How a name was heard: as the parts of a closed compound, with no article or possessive before it
    (``joined_name``: 'moved to drop box'; not 'their head space', 'a black rock'), as more
    words than the name has otherwise (``split_word``: 'to go' for Togo), and, a lexicon name said in
    lower case, as two or more content words (``lower_compound``: 'federal reserve', 'home depot'; not
    'the sun', 'on purpose', whose lower case says what a word's does)."""
    n = len(spans)
    if not n:
        return {"joined_name": 0.0, "split_word": 0.0, "lower_compound": 0.0}
    joined = [entry is not None and heard_joined(s, entry.labels, words) for s in spans]
    compounds = sum(1.0 for s in spans if len(_content_words(s)) >= 2 and not heard_apart(s, label)) if lexicon_lower else 0.0
    return {
        "joined_name": sum(1.0 for s, j in zip(spans, joined) if j and not _determined(s)) / n,
        "split_word": sum(1.0 for s, j in zip(spans, joined) if not j and heard_apart(s, label)) / n,
        # the episode's word counts are read only for a lexicon name said as a compound in lower case
        "lower_compound": lexicon_lower * _cohesion(spans, turns) * compounds / n if compounds else 0.0,
    }


def _entry_features(entry: LexiconEntry | None) -> dict[str, float]:
    """What the lexicon says of the candidate's entry, if it has one: known, how popular, a word too, a title."""
    return {
        "bias": 1.0,
        "lexicon": float(entry is not None),
        "prior": float(getattr(entry, "prior", None) or 0.0),
        "common_word": float(bool(entry is not None and entry.common_word)),
        "work_title": float(entry is not None and entry.type in WORK_TYPES),
    }


def _shape_features(label: str, words: list[str], words_set: frozenset, firsts: frozenset, top_type: str) -> dict[str, float]:
    """How the name itself looks: dictionary words, a given name, an acronym, short, long."""
    # a person's full name is read past its first name, and a family name rare as a word is no word
    # there ('Robert Merton'); a first name alone may be a word ('Will', 'Hope')
    person = top_type == "Person" and len(words) > 1
    return {
        "dictionary_word": float(all_ordinary_words(words, words_set, person)),
        "given_name": float(len(words) == 1 and fold(label) in firsts),
        "acronym": float(short_acronym(label)),
        "short": float(len(fold(label)) <= 3),
        "multiword": float(len(words) >= 2),
        "long_name": float(len(words) >= 3),
        "one_word_person": float(top_type == "Person" and len(words) == 1),
        "name_words": float(bool(words) and all(fold(w) in firsts or not ordinary_word(w, words_set, person) for w in words)),
        "org_word": float(bool(ORG_WORDS & {w.lower() for w in words})),
    }


def written_capitalised(span: Span) -> bool:
    """Every word of the span written with a capital, but connectors inside it ('Bureau of Labor
    Statistics' is written as a name; ``CONNECTORS`` of :mod:`kg.extract.names.candidates`)."""
    words = [t for t in span if t.is_alpha]
    return bool(words) and all(t.text[:1].isupper() or (t.lower_ in CONNECTORS and 0 < k < len(words) - 1)
                               for k, t in enumerate(words))


def _case_features(spans: list[Span], turns: list[Turn], casing: Casing) -> dict[str, float]:
    """How the mentions are written, as written (``capitalised``, ``lower``) and relative to the episode's
    habit (:mod:`kg.extract.names.casing`): a capital its position does not explain (a sentence start, a
    line start where the episode capitalises those), weighed by how much a capital says in the episode;
    lower case weighed by how much it says there. ``turns`` are the spans' turns."""
    n = len(spans)
    if not n:
        return dict.fromkeys(("capitalised", "sentence_initial", "lower", "capitalised_rel", "lower_rel"), 0.0)
    explained = [casing.explained(s, turn) for s, turn in zip(spans, turns)]
    capitals = [float(written_capitalised(s)) for s in spans]
    lower = sum(1.0 for s in spans if s.text.islower()) / n
    return {
        "capitalised": sum(c for c, s in zip(capitals, spans) if s.start != s.sent.start) / n,
        "sentence_initial": sum(explained) / n,
        "lower": lower,
        "capitalised_rel": casing.capital_trust() * sum(c * (1.0 - e) for c, e in zip(capitals, explained)) / n,
        "lower_rel": casing.lower_trust() * lower,
    }


def _ner_types(s: Span) -> set[str]:
    """The kg types of the NER spans that overlap ``s``."""
    return {NER_TYPES[e.label_] for e in s.doc.ents if e.label_ in NER_TYPES and e.start < s.end and s.start < e.end}


def _usage_features(spans: list[Span], top_type: str, turn_ids: list[int], turns: list[Turn],
                    entry: LexiconEntry | None) -> dict[str, float]:
    """How the episode says the name: how often, where, capitalised or not, NER's view, cues around it."""
    kind = entry or _Kind(top_type)
    n = len(spans)

    def share(test) -> float:
        return sum(1.0 for s in spans if test(s)) / n if n else 0.0

    span_ner = [_ner_types(s) for s in spans]
    return {
        "phrase_words": sum(_phrase_share(s) for s in spans) / n if n else 0.0,
        "by_sound": share(lambda s: (s._.kg_match or ("",))[0] in ("sound-context", "sound", "spelling")),
        "mentions": math.log1p(n),
        "once": float(n == 1),
        "title": float(any(turns[t].is_header for t in turn_ids)),
        "proper_noun": share(lambda s: all(t.pos_ == "PROPN" for t in s if t.is_alpha)),
        "ner": sum(1.0 for t in span_ner if t) / n if n else 0.0,
        "ner_agrees": sum(1.0 for t in span_ner if top_type in t) / n if n else 0.0,
        "cue": float(any(_has_cue(s, kind) or _after_class_noun(s, kind) or _after_preposition(s, kind)
                         or (top_type == "Person" and person_cue(s)) for s in spans)),
        "type_cue": float(any(top_type in type_cues(s) for s in spans)),
        "naming_cue": float(any(naming_cue(s) for s in spans)),
        "place_address": float(top_type == "Place" and any(place_address(s) or qualified_place(s) for s in spans)),
        "noun": share(lambda s: s[-1].pos_ in NOUN_TAGS),
        "bare": share(bare),
    }
