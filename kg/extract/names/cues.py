"""Rules of the mention finder that read the words around a span: the cue words of
``ontology/rules/mentions.json``, the stop lists, the dictionary words, and small token tests
(capitals, word shape, naming cues, lists). Shared by :mod:`kg.extract.names.finder`, :mod:`kg.extract.names.exact`,
:mod:`kg.extract.names.heard` and the episode resolver.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.names.lexicon import Lexicon, LexiconEntry, fold
from kg.extract.names.matching import NUMBER_WORDS, is_word, sound_key
from kg.resources import data_path

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place", "PRODUCT": "Product"}
ORG_SUFFIXES = ("labs", "lab", "inc", "corp", "corporation", "company", "technologies", "ai", "hq", "app")
MAX_NGRAM = 5
CROSS_TYPE_SCORE = 0.9
INFLECTED_VERB_TAGS = frozenset({"VBD", "VBN", "VBZ", "VBG"})
CONTEXT_WINDOW = 8  # tokens around a candidate where other names count as its context
NOUN_TAGS = ("NOUN", "PROPN", "X", "NUM")  # a name used as a name: 'with Turing, discover how' is a verb
MAX_LIST_GAP = 3  # tokens between two items of a list (', and')
LONGER_NAME_SCORE = 0.9  # a name and the next word heard as a longer name of something else at least this alike
OTHER_NAME_SIMILARITY = 0.75  # below it, two common first names are two names ('Bob', 'Boris'), not spellings of one
MAX_CUE_GAP = 2  # describing words inside a person cue ('on our research team')
HEARD_FIRST_NAME_SPELLING = 75  # rapidfuzz ratio a word must reach, besides its sound, to be heard as a first name


@lru_cache(maxsize=1)
def mention_cues() -> dict:
    """The context cues of ``ontology/rules/mentions.json``: word lists as frozensets, by type."""
    raw = json.loads(data_path("rules", "mentions.json").read_text(encoding="utf-8"))
    by_type = {k: {t: frozenset(words) for t, words in raw[k].items()} for k in ("cue_after", "cue_before", "class_nouns")}
    return {**by_type,
            "cue_before_capitalised": frozenset(raw["cue_before_capitalised"]),
            "kb_cue_before": {t: frozenset(words) for t, words in raw.get("kb_cue_before", {}).items()},
            "kb_title_before": {t: frozenset(words) for t, words in raw.get("kb_title_before", {}).items()},
            "class_links": tuple(tuple(link.split()) for link in raw["class_links"]),
            "name_abbreviations": dict(raw.get("name_abbreviations", {})),
            "naming_before": tuple(tuple(p.split()) for p in raw.get("naming_before", ())),
            "list_joiners": frozenset(w for phrase in raw["list_joiners"] for w in phrase.split()),
            "person_said_once": {side: tuple(tuple(p.split()) for p in phrases)
                                 for side, phrases in raw.get("person_said_once", {}).items()},
            "type_context_raw": {ty: {side: tuple(tuple(_cue_words(p)) for p in phrases) for side, phrases in sides.items()}
                                 for ty, sides in raw.get("type_context", {}).items()},
            "name_context": {ty: tuple(tuple(_cue_words(p)) for p in sides.get("before", ()))
                             for ty, sides in raw.get("name_context", {}).items()}}


def _cue_words(phrase: str) -> list[str]:
    """A cue phrase as spaCy tokenizes it: "'s ceo" is ["'s", "ceo"], "dr." one token."""
    return [w for w in phrase.split()]


if not Span.has_extension("kg_match"):
    Span.set_extension("kg_match", default=None)
_WORDS_OF_VOCAB: dict[int, frozenset[str]] = {}  # the dictionary words each pipeline's finder uses


def words_of(doc: Doc) -> frozenset[str]:
    """The dictionary words of the mention finder that read ``doc`` (empty if none did)."""
    return _WORDS_OF_VOCAB.get(id(doc.vocab), frozenset())


@lru_cache(maxsize=1)
def not_entities() -> frozenset[str]:
    """Folded names that are never entities (generic acronyms, concepts, filler)."""
    lines = data_path("stopwords", "not_entities.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line) for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def not_entity_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Stop-list lines of several words ('Fortune 500'), as folded words, by their first word: such a
    phrase is no mention of anything, not even of a name inside it."""
    lines = data_path("stopwords", "not_entities.txt").read_text(encoding="utf-8").splitlines()
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for line in lines:
        words = tuple(fold(w) for w in line.split())
        if len(words) > 1 and not line.startswith("#"):
            by_first.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(phrases, key=len, reverse=True)) for first, phrases in by_first.items()}


def word_index(nlp: Language) -> frozenset[str]:
    """The lemmatizer's word index of the pinned pipeline (from WordNet, lower case), as it is: it also
    holds proper nouns ('israel', 'hitler', 'google'). Empty for a pipeline without one."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    words: set[str] = set()
    for values in table.values():
        words.update(values)
    return frozenset(words)


@lru_cache(maxsize=1)
def proper_noun_words() -> frozenset[str]:
    """Words WordNet knows only as the names of single things ('hitler', 'pavlov', 'klein'; built by
    ``scripts/build_proper_words.py`` into ``ontology/lexicon/proper_noun_words.txt``)."""
    lines = data_path("lexicon", "proper_noun_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def dictionary_words(nlp: Language, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Ordinary English words: the lemmatizer's word index of the pinned pipeline (:func:`word_index`)
    less the words WordNet knows only as names of single things (:func:`proper_noun_words`: 'hitler',
    'mussolini'), and less the single-word lexicon names not flagged as common words ('israel', 'google').
    """
    words = set(word_index(nlp))
    if not words:
        return frozenset()
    words -= proper_noun_words()
    if lexicon is not None:
        for entry in lexicon.entries.values():
            if not entry.common_word and " " not in entry.label and entry.prior is None:
                words.discard(entry.label.lower())
    return frozenset(words)


def _wordlike(token) -> bool:
    """A word, a number, letters and digits run together ('GPT4', '4o', 'GPD5'), or such parts joined
    by hyphens or dots in one token ('GPT-4', 'Coca-Cola', 'Booking.com')."""
    return token.is_alpha or token.like_num or token.text.isalnum() or bool(_JOINED.fullmatch(token.text))


_JOINED = re.compile(r"[^\W_]+(?:[-.][^\W_]+)+")


def _has_digit(token) -> bool:
    return token.like_num or any(c.isdigit() for c in token.text)


def _capitalised(token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit()



def _is_word(token, words: frozenset[str]) -> bool:
    """An ordinary English word (or its inflection), or a stop word."""
    return is_word(token.lower_, words) or token.lemma_.lower() in words or token.is_stop


def _has_cue(span: Span, entry: LexiconEntry, after_too: bool = True) -> bool:
    """A word next to the span that says it names a thing of the entry's kind ('perplexity team',
    'called harmonic'); with ``after_too`` False only a word before counts."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in ("'s", "’s") and span.end + 1 < len(doc):
        after = doc[span.end + 1].lower_
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    cues = mention_cues()
    kinds = (entry.top_type, entry.type)
    # 'a scale company' is a kind of company; 'the perplexity team' is Perplexity's; 'first time founders'
    # and 'a first-time CEO' are kinds of founders too, the span a piece of the modifier of the noun after it
    kind_of = before in ("a", "an") or _modified(span)
    return any((after_too and after in cues["cue_after"].get(k, ()) and not kind_of) or before in cues["cue_before"].get(k, ())
               for k in kinds)


def _modified(span: Span) -> bool:
    """A word right before the span modifies it, or a hyphen joins it to one ('first time founders',
    'first-time CEO', 'long time partner'): the span is then part of a compound modifier, not a name."""
    if span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    return prev.text in ("-", "–") or (prev.dep_ in ("amod", "nummod", "advmod", "compound")
                                       and span.start <= prev.head.i < span.end)



def _name_word(token) -> bool:
    """A capitalised word inside a sentence that is no stop word: a piece of a name."""
    return token.is_alpha and token.text[:1].isupper() and not token.is_sent_start and not token.is_stop


def _after_preposition(span: Span, entry: LexiconEntry) -> bool:
    """A capitalised name right after 'at / from / in / with' ('I was at Stanford', 'I work at Stripe')."""
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return entry.top_type in ("Organization", "Place") and before in mention_cues()["cue_before_capitalised"]


def _is_named_entity(span: Span) -> bool:
    """The statistical NER sees this very name, no more and no less."""
    return any(ent.start == span.start and ent.end == span.end for ent in span.doc.ents)


def _in_named_entity(span: Span) -> bool:
    """The statistical NER also sees a name here."""
    return any(ent.start <= span.start and span.end <= ent.end for ent in span.doc.ents)


def _after_class_noun(span: Span, entry: LexiconEntry) -> bool:
    """'companies like X', 'a tool called X': a noun naming the entry's kind, then a linking word."""
    cues = mention_cues()
    nouns = frozenset().union(*(cues["class_nouns"].get(k, frozenset()) for k in (entry.top_type, entry.type)))
    doc = span.doc
    for link in cues["class_links"]:
        start = span.start - len(link)
        if start >= 1 and doc[start - 1].lower_ in nouns and tuple(t.lower_ for t in doc[start:span.start]) == link:
            return True
    return False


def _listed_with(span: Span, names: list[Span], top_type: str | None = None) -> bool:
    """The span is an item of a list ('X, Y and Z') beside a name (of ``top_type``, when given)."""
    joiners = mention_cues()["list_joiners"]
    doc = span.doc
    for other in names:
        if top_type is not None and other.label_ != top_type:
            continue
        if not (0 < span.start - other.end <= MAX_LIST_GAP or 0 < other.start - span.end <= MAX_LIST_GAP):
            continue  # far apart: no slice of the doc made (a long turn has thousands of names)
        gap = doc[other.end:span.start] if other.end <= span.start else doc[span.end:other.start]
        if all(t.lower_ in joiners for t in gap) and not (other.end <= span.start and _opens_clause(span, gap)):
            return True
    return False


def _opens_clause(span: Span, gap: Span) -> bool:
    """After a comma alone, the span is the subject of a verb that follows it: it opens a clause of its
    own ('on Twitter, founders didn't like it'), where speech-to-text put the comma, not a list."""
    return [t.text for t in gap] == [","] and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.i >= span.end


def place_address(span: Span, names: Iterable[Span] | None = None) -> bool:
    """The span, seen by NER as a place, is followed by a comma and a place of the lexicon among
    ``names`` (by default the names found in its Doc) ('Dayton, Ohio'; 'Lyon, France'): a town named
    as addresses are written, with a capital ('repolate cursor, Windsor' is a list of names heard wrong)."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != "," or doc[span.end + 1].sent.start != span.sent.start:
        return False
    if not span.text[:1].isupper():
        return False
    if not any(e.start <= span.start and span.end <= e.end and e.label_ in ("GPE", "LOC") for e in doc.ents):
        return False
    names = doc.spans.get("kg", []) if names is None else names
    return any(s.start == span.end + 1 and s.label_ == "Place" and s.kb_id_ for s in names)


def ends_with(words: Sequence[str], phrases: Iterable[Sequence[str]]) -> bool:
    """``words`` end with one of ``phrases`` (each a sequence of lower-case words): the test of every
    'words right before a name' cue."""
    words = tuple(words)
    return any(words[len(words) - len(p):] == tuple(p) for p in phrases if len(p) <= len(words))


def person_cue(span: Span) -> bool:
    """Words right before ('my cofounder X', 'his name is X') or after ('X on my team', 'X on our
    research team': up to two describing words before the last) that say the span names a person
    (``person_said_once`` in ``rules/mentions.json``)."""
    cues = mention_cues()["person_said_once"]
    doc = span.doc
    before = tuple(t.lower_ for t in doc[max(0, span.start - 3):span.start])
    if ends_with(before, cues.get("before", ())):
        return True
    for phrase in cues.get("after", ()):
        head, last = phrase[:-1], phrase[-1]
        i = span.end + len(head)
        if tuple(t.lower_ for t in doc[span.end:i]) != head:
            continue
        for j in range(i, min(i + MAX_CUE_GAP + 1, len(doc))):
            if doc[j].lower_ == last:
                return True
            if not (doc[j].is_lower and doc[j].pos_ in ("NOUN", "ADJ", "PROPN")):
                break
    return False


@lru_cache(maxsize=1 << 16)
def _word_sound(word: str) -> str:
    """The sound key of one word, cached: speech repeats its words."""
    return sound_key(word)



SENTENCE_ENDS = frozenset(".?!…")  # what ends a sentence (a token, or the last character of a line)


def cased(text: str) -> bool:
    """Every letter of ``text`` is of a script with capitals: a name said in English is written so
    (NER's span may run into Chinese characters around it)."""
    return all(c.lower() != c.upper() for c in text if c.isalpha())


def capitalised_name(tok) -> bool:
    """A word that may end a person's name: capitalised, two letters or more, not in capitals ('Billy G')."""
    return len(tok) >= 2 and tok.text[:1].isupper() and any(c.islower() for c in tok.text)


def _ends_sentence(token) -> bool:
    """A full stop, question or exclamation mark, or a word the tokenizer left its full stop on though
    it is no abbreviation ('B2B.', 'a.'; not 'St.', 'Bros.', 'J.P.')."""
    text = token.text
    return text in SENTENCE_ENDS or (len(text) > 1 and text.endswith(".") and "." not in text[:-1]
                                     and (text[:1].islower() or not text[:-1].isalpha()))


def _clean_edges(span: Span) -> Span | None:
    """``span`` without the articles, possessives, punctuation and adverbs at its edges; None where
    nothing is left, or where a sentence ends inside it (NER may run on over a full stop the parser
    missed: 'for B2B. Try Reeve' is no name)."""
    start, end = span.start, span.end
    doc = span.doc
    if any(_ends_sentence(t) for t in doc[start:end - 1]):
        return None
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("the", "a", "an", "this", "that", "our", "my", "their", "his", "her")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "s")
                           or (doc[end - 1].pos_ == "ADV" and doc[end - 1].is_lower)):
        end -= 1  # 'Listen Labs recently': the adverb is not part of the name
    return doc[start:end] if end > start else None



def _first_sound(name: str) -> str:
    """The first consonant sound of a name, or 'A' for any vowel ('Alan' and 'Eleanor' start alike)."""
    key = sound_key(name)[:1]
    return "A" if key in "AEIOUY" else key


def _title_case(doc: Doc) -> bool:
    """Most words capitalised, as in a title."""
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.6 * len(words)


_NUM = frozenset(w for w, d in NUMBER_WORDS.items() if len(d) == 1 or d == "10")  # 'one' … 'ten' as spoken


def _display_name(span: Span) -> str:
    """The name of an unknown span as a label: no possessive, no comma inside ('Marta, Kovalenko')."""
    text = re.sub(r"['’]s$", "", span.text).strip()
    text = re.sub(r"\s*,\s*", " ", text)
    return re.sub(r"\s+", " ", text)


class _Found:
    """The mentions of one Doc found so far, and the tokens they take."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.taken = [False] * len(doc)
        self.spans: list[Span] = []
        self.longer: list[Span] = []  # longer names that win over the known names inside them (kg.extract.names.candidates)
        self.inner: list[tuple[Span, object]] = []  # exact hits inside a longer name, taken only if it is not

    def take(self, span: Span, label: str, key: str, match: tuple[str, float, str]) -> None:
        """A mention of ``label`` (a top type), lexicon ``key`` ('' if unknown), matched as ``match``."""
        new = Span(self.doc, span.start, span.end, label=label, kb_id=key)
        new._.kg_match = match
        self.spans.append(new)
        self.taken[span.start:span.end] = [True] * (span.end - span.start)

    def release(self, span: Span) -> None:
        """Give up a mention found earlier: its tokens are free again (a longer name takes its place)."""
        self.spans.remove(span)
        self.taken[span.start:span.end] = [False] * len(span)

    def free(self, start: int, end: int) -> bool:
        """No mention takes a token of ``start:end`` yet."""
        return not any(self.taken[start:end])

    def hide(self, phrases: dict[str, tuple[tuple[str, ...], ...]]) -> None:
        """Take the tokens of stop phrases ('Fortune 500') without a mention: no name is found inside."""
        folds = [fold(t.text) for t in self.doc]
        for i, f in enumerate(folds):
            for phrase in phrases.get(f, ()):
                if tuple(folds[i:i + len(phrase)]) == phrase:
                    self.taken[i:i + len(phrase)] = [True] * len(phrase)
                    break

