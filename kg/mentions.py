"""Find entity mentions in a spaCy Doc: lexicon names (exact or as speech-to-text heard them) and NER.

Registered as the spaCy component ``kg_mentions``; it fills ``doc.spans["kg"]`` with spans whose
``label_`` is a top type (Person, Organization, Product, Place) and whose ``kb_id_`` is the lexicon
key ("" for an unknown entity), and ``span._.kg_match`` with ``(method, score, canonical)``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import Lexicon, LexiconEntry, fold, given_names, heard_by_ear, surname_words
from .matching import NUMBER_WORDS, Matcher, is_word, normalise, similarity, sound_key, sound_spelling
from .resources import data_path

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
            "class_links": tuple(tuple(link.split()) for link in raw["class_links"]),
            "list_joiners": frozenset(w for phrase in raw["list_joiners"] for w in phrase.split()),
            "person_said_once": {side: tuple(tuple(p.split()) for p in phrases)
                                 for side, phrases in raw.get("person_said_once", {}).items()},
            "type_context_raw": {ty: {side: tuple(tuple(_cue_words(p)) for p in phrases) for side, phrases in sides.items()}
                                 for ty, sides in raw.get("type_context", {}).items()}}


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


def dictionary_words(nlp: Language, lexicon: Lexicon | None = None) -> frozenset[str]:
    """Ordinary English words: the lemmatizer's word index of the pinned pipeline.

    That index (from WordNet) also holds proper nouns ('israel', 'google'); single-word lexicon names
    not flagged as common words are taken out of it.
    """
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    words: set[str] = set()
    for values in table.values():
        words.update(values)
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


def _is_common(span: Span, entry: LexiconEntry, label: str, words: frozenset[str]) -> bool:
    """Whether an exact lexicon hit may be an ordinary word: the lexicon says so and the span is made of
    dictionary words ('Mosaic' may be a word, 'MosaicML' is not), or the span is one dictionary word
    standing for an alias ('Max' for HBO Max)."""
    if entry.common_word:
        return all(_is_word(t, words) for t in span if t.is_alpha)
    if span.text.isupper() and len(fold(span.text)) >= 2:
        return False  # an acronym in capitals ('MIT') is a name, whatever a dictionary says
    return label != entry.label and len(span) == 1 and _is_word(span[0], words)


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
    # 'a scale company' is a kind of company; 'the perplexity team' is Perplexity's
    indefinite = before in ("a", "an")
    return any((after_too and after in cues["cue_after"].get(k, ()) and not indefinite) or before in cues["cue_before"].get(k, ())
               for k in kinds)


MAYBE = "maybe"  # an exact hit that is also an ordinary word: a name only where the episode gives context


def _accept_exact(span: Span, entry: LexiconEntry, label: str, words: frozenset[str]) -> bool | str:
    """Exact lexicon hits still need the right shape: acronyms in capitals, common words with a cue.

    Returns True, False, or :data:`MAYBE` for an ordinary word without a cue ('lattice', 'cursor'),
    which the episode-level resolver accepts where the product's maker is named too."""
    if not _kb_backed(span, entry, label, words):
        return False
    if label.isupper() and len(fold(label)) <= 4 and not re.sub(r"s$", "", span.text).isupper():
        return False  # 'us' is not US, 'it' is not IT (but 'TPUs' are TPUs)
    if re.search(r"['’](?!s\b)\w", span.text) and not re.search(r"['’]", label):
        return False  # "IPO'd" is not iPod
    if span.text.isdigit():
        return False  # a number is a number ('1984', '2001'), whatever book or film it names
    if len(span) == 1 and re.fullmatch(r"[\w-]+\.(?:com|ai|io|org|net|co|dev|app)", span.text.lower()) and "." in label:
        return True  # a web address is a name however it is written ('public.com')
    if len(span) > 1 and " " not in label and any(t.tag_ == "PRP" for t in span):
        return False  # 'I ran', 'we work': a pronoun and its verb, not Iran or WeWork
    if len(re.findall(r"[^\W\d_]+|\d+", span.text)) < sum(any(c.isalnum() for c in w) for w in label.split()):
        return False  # 'models' is not Model S (but 'Gemini3' is Gemini 3; '&' is no word of 'Ernst & Young')
    if span.text.islower() and all(_is_word(t, words) for t in span if t.is_alpha) and all(
            is_word(part, words) for t in span if "-" in t.text for part in t.lower_.split("-") if part.isalpha()):
        if entry.top_type == "Place" and any(e.start <= span.start and span.end <= e.end and e.label_ in ("GPE", "LOC")
                                             for e in span.doc.ents):
            return True  # 'moved to the west coast': NER sees the place too
        if any(t.text == "-" for t in span[1:-1]) and not re.search(r"[\s-]", label):
            return True  # words hyphenated into one written name: 'notebook-lm' is NotebookLM
        # 'humans', 'real time', 'we work' are words first: a name only with a cue ('perplexity team',
        # 'called harmonic'; but not the adjective of 'public company') or where the episode names the maker
        return _has_cue(span, entry, after_too=len(span) > 1 or span[0].pos_ != "ADJ") or MAYBE
    if not _is_common(span, entry, label, words):
        if span.text.islower() and not label.islower() and len(fold(span.text)) < 5:
            return _has_cue(span, entry)  # 'a-vis' is not Avis
        return True
    if label != entry.label and len(span) == 1:
        # an alias that is an ordinary word ('Max' for HBO Max) needs context
        if _capitalised(span[0]) and span.start != span.sent.start and (
                _after_preposition(span, entry) or (_is_named_entity(span) and span[-1].dep_ != "compound")):
            return True  # 'I had graduated Stanford': capitalised mid-sentence, and NER sees a name too (not 'Max mode')
        return _has_cue(span, entry) or MAYBE
    capitalised = all(_capitalised(t) for t in span if t.is_alpha)
    sentence_initial = span.start == span.sent.start
    if capitalised and len(span) > 1 and not sentence_initial:
        return True
    if capitalised and not sentence_initial and (_in_named_entity(span) or _after_preposition(span, entry)):
        return True
    return _has_cue(span, entry) or MAYBE


# NER labels that agree with a top type: a one-word knowledge-base name needs one of them
KB_NER_AGREES = {"Person": ("PERSON",), "Organization": ("ORG", "NORP"), "Place": ("GPE", "LOC", "FAC"),
                 "Product": ("PRODUCT", "ORG", "WORK_OF_ART")}


def _kb_backed(span: Span, entry: LexiconEntry, label: str, words: frozenset[str]) -> bool:
    """A one-word name of the open-data knowledge base (no hand entry, not popular enough to be heard by
    ear) is a name where NER sees a thing of its kind there too: 'Freiburg' may be a garbled surname, a
    brand may be somebody's first name. A drug name that is no English word is distinctive enough alone."""
    if entry.prior is None or heard_by_ear(entry):
        return True
    doc = span.doc
    if any(0 <= i < len(doc) and _name_word(doc[i]) for i in (span.start - 1, span.end)):
        return False  # part of a longer name: 'Arvin Jane', 'Cliner Perkins', 'Indian Premier League'
    if len(label.split()) > 1:
        return True
    if entry.type == "Drug" and not is_word(fold(label), words):
        return True
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in mention_cues()["kb_cue_before"].get(entry.top_type, ()):
        return True  # 'we flew to Marseille', 'a coffee at Wegmans': the context says what it is
    agree = KB_NER_AGREES.get(entry.top_type, ())
    return any(e.start <= span.start and span.end <= e.end and e.label_ in agree for e in span.doc.ents)


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
        if all(t.lower_ in joiners for t in gap):
            return True
    return False


def person_cue(span: Span) -> bool:
    """Words right before ('my cofounder X', 'his name is X') or after ('X on my team', 'X on our
    research team': up to two describing words before the last) that say the span names a person
    (``person_said_once`` in ``rules/mentions.json``)."""
    cues = mention_cues()["person_said_once"]
    doc = span.doc
    before = tuple(t.lower_ for t in doc[max(0, span.start - 3):span.start])
    if any(before[len(before) - len(p):] == p for p in cues.get("before", ())):
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


def _maybe_span(span: Span, entry: LexiconEntry) -> Span:
    """A span of ``doc.spans["kg_maybe"]``: the entry's type and key, how it was heard (exact unless said otherwise)."""
    maybe = Span(span.doc, span.start, span.end, label=entry.top_type, kb_id=entry.key)
    heard_apart = fold(span.text) not in {fold(label) for label in entry.labels} and normalise(span.text) not in {
        normalise(label) for label in entry.labels}
    maybe._.kg_match = ("sound-context" if heard_apart else "exact-context", 0.6 if heard_apart else 0.7, entry.label)
    return maybe


def _clean_edges(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("the", "a", "an", "this", "that", "our", "my", "their", "his", "her")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "s")
                           or (doc[end - 1].pos_ == "ADV" and doc[end - 1].is_lower)):
        end -= 1  # 'Listen Labs recently': the adverb is not part of the name
    return doc[start:end] if end > start else None


class _Found:
    """The mentions of one Doc found so far, and the tokens they take."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.taken = [False] * len(doc)
        self.spans: list[Span] = []

    def take(self, span: Span, label: str, key: str, match: tuple[str, float, str]) -> None:
        """A mention of ``label`` (a top type), lexicon ``key`` ('' if unknown), matched as ``match``."""
        new = Span(self.doc, span.start, span.end, label=label, kb_id=key)
        new._.kg_match = match
        self.spans.append(new)
        self.taken[span.start:span.end] = [True] * (span.end - span.start)

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


class MentionFinder:
    """The ``kg_mentions`` component: lexicon (exact, then fuzzy) and NER mentions of a Doc."""

    def __init__(self, nlp: Language, matcher: Matcher):
        self.matcher = matcher
        self.words = matcher.words
        self.first_names = matcher.lexicon.first_names
        # the lexicon's people by the sound of their first name ('TTR': Tudor Achim)
        self.people_by_first_sound: dict[str, list[LexiconEntry]] = {}
        for entry in matcher.lexicon.entries.values():
            first = fold(entry.label.split()[0])
            if entry.top_type == "Person" and len(entry.label.split()) > 1 and len(first) > 3 and heard_by_ear(entry):
                self.people_by_first_sound.setdefault(sound_key(first), []).append(entry)
        self.given_names = self.first_names | given_names()
        self.stop = not_entities()
        self._decoys = sorted(w for w in self.stop if len(w) >= 5 and " " not in w)
        # the sound of the first word of every two- or three-word product with a maker: the cheap first
        # test of _products_heard_in_words, which would otherwise key every n-gram of the text
        self._product_first_sounds = frozenset(
            _word_sound(label.split()[0]) for e in matcher.lexicon.entries.values()
            if e.top_type == "Product" and (e.made_by or e.part_of) for label in e.labels if 2 <= len(label.split()) <= 3)

    def __call__(self, doc: Doc, written: bool = False) -> Doc:
        """Fill ``doc.spans["kg"]`` (and ``doc.spans["kg_maybe"]``: ordinary words that may be names,
        for the episode to decide). ``written`` marks text that was typed, not heard (titles, show
        names): there names are matched exactly, never by sound."""
        found = _Found(doc)
        found.hide(not_entity_phrases())
        maybes = self._exact_names(found)
        self._names_by_context(found, maybes)
        written = written or _title_case(doc)
        candidates = self._candidates(doc, found.taken)
        if written:  # Title Case makes every word a candidate: only people, and never by sound
            candidates = [(c, t) for c, t in candidates if t == "Person"]
        else:
            self._heard_names(found, candidates)
        self._joined_names(found)
        if not written:
            self._letter_o_heard_as_zero(found)
            self._versions_heard_in_pieces(found, maybes)
            self._products_heard_in_words(found, maybes)
        self._unknown_names(found, candidates, written)
        if not written:
            self._first_names(found)
        doc.spans["kg"] = sorted(found.spans, key=lambda s: s.start)

        # the rest is left to the episode: a name there if its maker, or the name itself, is said too
        # (a name NER alone sees may be part of it: 'Max' in 'Max mode' gives way if the episode takes it)
        named = [sp for sp in found.spans if sp.kb_id_]
        doc.spans["kg_maybe"] = [_maybe_span(sp, e) for sp, e, label in maybes
                                 if (fold(label) == fold(e.label) or len(sp) > 1)
                                 and not any(n.start < sp.end and sp.start < n.end for n in named)]
        return doc

    def _exact_names(self, found: _Found) -> list[tuple[Span, LexiconEntry, str]]:
        """1. Lexicon names as they are, longest first; returns the hits that may be ordinary words.

        Folding a span is folding its tokens one by one, so the keys of every n-gram are joined from
        per-token keys and only hits take the slow path."""
        doc, taken = found.doc, found.taken
        maybes: list[tuple[Span, LexiconEntry, str]] = []
        folds = [fold(t.text) for t in doc]
        norms = [normalise(t.text) for t in doc]
        wordlike = [_wordlike(t) for t in doc]
        known = self.matcher.known_keys
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                hit = None
                for n in range(min(MAX_NGRAM, sent.end - i), 0, -1):
                    if not (wordlike[i] and wordlike[i + n - 1]) or taken[i] or taken[i + n - 1]:
                        continue
                    f_key, n_key = "".join(folds[i:i + n]), "".join(norms[i:i + n])
                    if not ({f_key, n_key, f_key[:-1], n_key[:-1]} & known):
                        continue
                    span = doc[i:i + n]
                    looked = span.text
                    entries = self.matcher.exact(looked)
                    if not entries and (re.fullmatch(r"[A-Z]{2,5}s", looked) or (n > 1 and re.search(r"[a-z]{3}s$", looked))):
                        looked = looked[:-1]  # 'TPUs' -> TPU, 'ghost sharks' -> Ghost Shark
                        entries = self.matcher.exact(looked)
                    elif not entries and n == 1 and re.fullmatch(r"[a-z]?[A-Z]\w*[a-z]{2}s", looked):
                        # 'iPhones', 'MacBooks': several of a product are still that product (not 'Teslas' the company)
                        looked = looked[:-1]
                        entries = [e for e in self.matcher.exact(looked) if e.top_type == "Product"]
                    for entry in entries:
                        # the label as written, else the one of fewest words ('DeepMind', not its alias 'Deep Mind')
                        same = [lab for lab in entry.labels if fold(lab) in (fold(looked), normalise(looked))]
                        label = next((lab for lab in same if lab == looked),
                                     min(same, key=lambda lab: len(lab.split())) if same else entry.label)
                        verdict = _accept_exact(span, entry, label, self.words)
                        if verdict is True:
                            hit = (span, entry)
                            break
                        if verdict == MAYBE:
                            maybes.append((span, entry, label))
                    if hit:
                        break
                longer = self._heard_longer(hit[0], hit[1], taken) if hit else None
                if longer is not None:  # 'Chad GPT' is ChatGPT, not the country Chad
                    entry, method, score = longer
                    found.take(doc[i:i + 2], entry.top_type, entry.key, (method, score, entry.label))
                    i += 2
                elif hit:
                    span, entry = hit
                    found.take(span, entry.top_type, entry.key, ("exact", 1.0, entry.label))
                    i = span.end
                else:
                    i += 1
        return maybes

    def _heard_longer(self, span: Span, entry: LexiconEntry, taken: list[bool]) -> tuple[LexiconEntry, str, float] | None:
        """One word that is a name, but with the capitalised word after it sounds like a longer name of
        another thing ('Chad GPT' is ChatGPT, not the country Chad): that name, its method and score."""
        doc = span.doc
        if len(span) != 1 or span.end >= span.sent.end or taken[span.end]:
            return None
        nxt = doc[span.end]
        if not (nxt.text[:1].isupper() and _wordlike(nxt)):
            return None
        longer, method, score = self._fuzzy(doc[span.start:span.end + 1])
        if longer is None or longer is entry or score < LONGER_NAME_SCORE:
            return None
        return longer, method, score

    def _names_by_context(self, found: _Found, maybes: list[tuple[Span, LexiconEntry, str]]) -> None:
        """1b. Ordinary-word names the sentence marks as names: 'companies like door dash', or listed
        beside names of the same kind ('scale AI, door dash, anthropic'); a list grows item by item."""
        maybes.sort(key=lambda m: (m[0].start - m[0].end, m[0].start))
        grew = True
        while grew:
            grew = False
            for span, entry, label in maybes:
                if (span[-1].pos_ in NOUN_TAGS and (fold(label) == fold(entry.label) or len(span) > 1)
                        and found.free(span.start, span.end)
                        and (_after_class_noun(span, entry) or _listed_with(span, found.spans, entry.top_type))):
                    found.take(span, entry.top_type, entry.key, ("exact-context", 0.9, entry.label))
                    grew = True

    def _heard_names(self, found: _Found, candidates: list[tuple[Span, str | None]]) -> None:
        """2. Names heard differently: NER spans, capitalised runs, names ending in a number; longest first."""
        doc = found.doc
        ner_type_of = {(c.start, c.end): t for c, t in candidates if t}
        for start, end in sorted({(c.start, c.end) for c, _ in candidates}, key=lambda se: (se[0] - se[1], se[0])):
            if not found.free(start, end):
                continue
            cand = doc[start:end]
            nearby = {sp.label_ for sp in found.spans if abs(sp.start - start) <= CONTEXT_WINDOW}
            listed = cand[0].text[:1].isupper() and _listed_with(cand, found.spans)
            entry, method, score = self._fuzzy(cand, ner_type_of.get((start, end)), nearby, listed)
            if entry is not None:
                found.take(cand, entry.top_type, entry.key, (method, score, entry.label))

    def _joined_names(self, found: _Found) -> None:
        """2b. Two names side by side whose real names together are one name: 'GPD5' + 'codex' is GPT-5-Codex."""
        spans = found.spans
        spans.sort(key=lambda sp: sp.start)
        for a, b in zip(list(spans), list(spans)[1:]):
            if a.end == b.start and a in spans and b in spans:
                whole = next((e for e in self.matcher.exact(f"{a._.kg_match[2]} {b._.kg_match[2]}")), None)
                if whole is not None:
                    spans.remove(a)
                    spans.remove(b)
                    found.take(found.doc[a.start:b.end], whole.top_type, whole.key,
                               (a._.kg_match[0] if a._.kg_match[1] < b._.kg_match[1] else b._.kg_match[0],
                                min(a._.kg_match[1], b._.kg_match[1]), whole.label))

    def _versions_heard_in_pieces(self, found: _Found, maybes: list[tuple[Span, LexiconEntry, str]]) -> None:
        """2d. A versioned name heard as two small words and its number ('so or two' for Sora 2): the
        words run together must sound like the name and the number must be its version. Ordinary
        words as they are, so only a maybe: the episode takes it where the maker is named near."""
        doc = found.doc
        for tok in doc[2:]:
            a, b = doc[tok.i - 2], doc[tok.i - 1]
            if not ((tok.like_num or tok.lower_ in _NUM) and a.is_lower and b.is_lower and a.is_alpha and b.is_alpha
                    and a.sent.start == tok.sent.start and found.free(a.i, tok.i + 1)):
                continue
            if tok.dep_ == "nummod" and tok.head.i > tok.i:
                continue  # a quantity of something: 'think in five years'
            number = NUMBER_WORDS.get(tok.lower_, tok.text)
            match = self.matcher.fuzzy(f"{(a.text + b.text).capitalize()} {number}", {"Product"})
            version = re.search(r"\d+(?:\.\d+)?$", match.entry.label) if match else None  # the name ends in it
            if version and number.isdigit() and float(version.group()) == float(number):
                maybes.append((doc[a.i:tok.i + 1], match.entry, match.entry.label))

    def _products_heard_in_words(self, found: _Found, maybes: list[tuple[Span, LexiconEntry, str]]) -> None:
        """2e. A product name of two or three words heard as ordinary lower-case words that sound exactly
        like it ('the century tower' for Sentry Tower): a maybe, which the episode takes only where the
        product's maker (or the product it is part of) is named near."""
        doc = found.doc
        for sent in doc.sents:
            for i in range(sent.start, sent.end - 1):
                first = doc[i]
                if (not (first.is_lower and first.is_alpha) or first.is_stop or found.taken[i]
                        or _word_sound(first.lower_) not in self._product_first_sounds):
                    continue
                for n in (2, 3):
                    span = doc[i:i + n]
                    if span.end > sent.end or not all(t.is_lower and t.is_alpha for t in span) or not found.free(i, i + n):
                        break
                    if span[-1].pos_ not in ("NOUN", "PROPN"):
                        continue
                    for label, entry in self.matcher.sounds_like(span.text):
                        if (entry.top_type == "Product" and (entry.made_by or entry.part_of) and len(label.split()) == n
                                and fold(label) != fold(span.text)):
                            maybes.append((span, entry, label))
                            break

    def _letter_o_heard_as_zero(self, found: _Found) -> None:
        """2c. Speech-to-text writes the model 'o3' as '03': a zero-led number is that model where the
        sentence speaks of models ('my favorite model is 03') or names another model near it."""
        doc = found.doc
        model_nouns = mention_cues()["class_nouns"].get("AIModel", frozenset())
        models = [sp for sp in found.spans if getattr(self.matcher.lexicon.get(sp.kb_id_), "type", "") == "AIModel"]
        for tok in doc:
            if found.taken[tok.i] or not re.fullmatch(r"0[1-9]", tok.text):
                continue
            entry = next((e for e in self.matcher.exact("o" + tok.text[1:]) if e.type == "AIModel"), None)
            if entry is None:
                continue
            if any(abs(sp.start - tok.i) <= CONTEXT_WINDOW for sp in models) or any(t.lower_ in model_nouns for t in tok.sent):
                found.take(doc[tok.i:tok.i + 1], entry.top_type, entry.key, ("sound", 0.8, entry.label))

    def _unknown_names(self, found: _Found, candidates: list[tuple[Span, str | None]], written: bool) -> None:
        """3. What only the statistical NER sees: names no lexicon knows (the episode's linker decides
        which are entities)."""
        for cand, ner_type in candidates:
            if ner_type and found.free(cand.start, cand.end) and self._plausible_unknown(cand, ner_type, written):
                first_name = len(cand) == 1 and fold(cand.text) in self.given_names
                word = len(cand) == 1 and _is_word(cand[0], self.words) and not first_name
                # a known first name alone is a person, not the organization NER says ('Elon'); a place it may be ('Austin')
                # and words that say a person is named ('his name is X') make it one whatever NER says
                as_type = "Person" if (first_name and ner_type in ("Organization", "Product")) or (
                    len(cand) <= 3 and cand[0].text[:1].isupper() and person_cue(cand)) else ner_type
                found.take(cand, as_type, "", ("ner-word" if word else "ner", 0.6, _display_name(cand)))

    def _first_names(self, found: _Found) -> None:
        """4. A known first name on its own ('Dennis was on the feed team'), even where NER missed it."""
        doc, taken = found.doc, found.taken
        for tok in doc:
            if (not taken[tok.i] and tok.text[:1].isupper() and tok.is_alpha and len(tok) > 2
                    and (fold(tok.text) in self.given_names
                         or (tok.ent_type_ == "PERSON" and sound_key(tok.text) in self.people_by_first_sound))
                    and (not _is_word(tok, self.words) or (tok.ent_type_ and fold(tok.text) in self.given_names))):
                end = tok.i + 1
                # a first name followed by a capitalised word is a full name: 'Jerry Ma', not 'Jerry'
                while end < len(doc) and end - tok.i < 3 and not taken[end] and doc[end].is_alpha and doc[end].text[:1].isupper() \
                        and not doc[end].is_sent_start and not doc[end].is_stop and not doc[end].text.isupper() \
                        and doc[end].lower_ != tok.lower_:
                    end += 1
                if fold(tok.text) not in self.first_names and not self._name_words(list(doc[tok.i:end])):
                    end = tok.i + 1  # a common first name no lexicon person has, then a word: 'Joshua Advice' is no one
                found.take(doc[tok.i:end], "Person", "", ("ner", 0.5, doc[tok.i:end].text))
            elif (not taken[tok.i] and tok.is_lower and tok.is_alpha and fold(tok.text) in self.first_names
                  and tok.tag_ != "MD" and not (tok.i > 0 and doc[tok.i - 1].tag_ in ("MD", "PRP"))  # 'we bill', 'will bill'
                  and person_cue(doc[tok.i:tok.i + 1])):
                # ASR writes some names in lower case: 'props to mark on our research team'
                found.take(doc[tok.i:tok.i + 1], "Person", "", ("ner", 0.5, tok.text.capitalize()))
            elif not taken[tok.i] and tok.is_lower and tok.is_alpha and not tok.is_stop and tok.pos_ in ("NOUN", "PROPN"):
                person = self._person_heard_as_word(tok, found)
                if person is not None:
                    said = fold(tok.text) == fold(person.label.split()[0])
                    found.take(doc[tok.i:tok.i + 1], "Person", person.key,
                               ("exact-context", 0.7, person.label) if said else ("sound-context", 0.6, person.label))

    def _person_heard_as_word(self, tok, found: _Found) -> LexiconEntry | None:
        """4b. A lexicon person whose first name was heard as an ordinary word, told by the words around
        it: 'my mentor was tutor, who now runs Harmonic' (Tudor Achim), 'the deal cliff from Canva
        wanted' (Cliff Obrecht). The word sounds like the first name and the person's organization (now
        or before) is named after it in the sentence, with words that say a person is meant: 'X who',
        a person cue ('my mentor X'), or, for the first name itself, 'X from/at ORG'. One person, or none."""
        # sound alone is too loose for a word ('jury' is not Jerry): the spelling must be near too
        people = [p for p in self.people_by_first_sound.get(_word_sound(tok.lower_), ())
                  if fuzz.ratio(tok.lower_, fold(p.label.split()[0])) >= HEARD_FIRST_NAME_SPELLING]
        if not people:
            return None
        doc, sent = tok.doc, tok.sent
        after = doc[tok.i + 1].lower_ if tok.i + 1 < sent.end else ""
        if after == "who" or person_cue(doc[tok.i:tok.i + 1]):
            named = {sp.kb_id_ for sp in found.spans if sp.kb_id_ and tok.i < sp.start < sent.end}
        elif after in ("from", "at"):  # 'brian from Airbnb': the first name itself, the organization right after
            people = [p for p in people if fold(p.label.split()[0]) == fold(tok.text)]
            named = {sp.kb_id_ for sp in found.spans if sp.kb_id_ and sp.start == tok.i + 2}
        else:
            return None
        # one person of the organization now, else one who was there before ('brian from Airbnb' is
        # Brian Chesky, not Brian Armstrong, who once worked there)
        for orgs_of in (lambda p: p.affiliated_with, lambda p: p.formerly_affiliated_with):
            fits = [p for p in people if named.intersection(orgs_of(p))]
            if fits:
                return fits[0] if len(fits) == 1 else None
        return None

    def _candidates(self, doc: Doc, taken: list[bool]) -> list[tuple[Span, str | None]]:
        out: list[tuple[Span, str | None]] = []
        for ent in doc.ents:
            span = _clean_edges(ent)
            if span is not None and ent.label_ in NER_TYPES:
                out.append((span, NER_TYPES[ent.label_]))
        for sent in doc.sents:
            run: list[int] = []
            for tok in list(sent) + [None]:
                if tok is not None and not taken[tok.i] and (tok.text[:1].isupper() or (run and (_has_digit(tok) or tok.lower_ in _NUM))) and _wordlike(tok):
                    run.append(tok.i)
                    continue
                if run:
                    for n in range(min(4, len(run)), 0, -1):
                        for s in range(0, len(run) - n + 1):
                            out.append((doc[run[s]:run[s] + n], None))
                    before = doc[run[0] - 1] if run[0] > sent.start else None
                    # 'chat GPD', not 'met Elon': an inflected verb is not the first word of a name
                    if (before is not None and before.is_alpha and not before.is_stop and not taken[before.i]
                            and before.tag_ not in INFLECTED_VERB_TAGS):
                        out.append((doc[before.i:run[0] + 1], None))  # 'chat GPD'
                run = []
            # lower-case model names: 'dolly two', 'gpd five'
            for tok in sent:
                if (tok.like_num or tok.lower_ in _NUM) and tok.i > sent.start:
                    prev = doc[tok.i - 1]
                    if prev.is_alpha and not prev.is_stop and len(prev) > 2:
                        out.append((doc[tok.i - 1:tok.i + 1], None))
        return out

    def _fuzzy(self, span: Span, ner_type: str | None = None, nearby: set[str] = frozenset(),
               listed: bool = False) -> tuple[LexiconEntry | None, str, float]:
        """A lexicon entry this span sounds or looks like, with method and score; (None, "", 0) if none.

        ``nearby`` holds the types of names already found close by: a capitalised ordinary word
        ('Nirvana') may stand for a name only among names of the same kind ('sold Nirvana to Intel'),
        where NER sees a name or the word is ``listed`` beside one ('Merlin and Cobalt').
        """
        nothing: tuple[LexiconEntry | None, str, float] = (None, "", 0.0)
        text = span.text
        if (span[0].is_stop and not span[0].like_num) or (span[-1].is_stop and not span[-1].like_num) or any(t.text == "I" for t in span):
            return nothing  # 'So Menus', 'And AI': a connective is not part of a name
        if fold(text) in self.stop or len(fold(text)) < 3:
            return nothing
        if self.matcher.exact(text):
            return nothing  # the exact-match gate already said no to this very name
        doc = span.doc
        if (span.start > 1 and doc[span.start - 1].text == "-" and doc[span.start - 2].is_alpha) or (
                span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].is_alpha):
            return nothing  # part of a hyphenated name ('Sloan-Kettering'), not a name of its own
        if len(span) == 1 and span.start == span.sent.start and not ner_type:
            return nothing  # the first word of a sentence is capitalised anyway ('Congrats' is not Congress)
        if len(span) == 1 and span.start > span.sent.start and _capitalised(doc[span.start - 1]) \
                and fold(doc[span.start - 1].text) in self.given_names:
            return nothing  # a name after a first name is a family name: 'Patrick Doyle' is no Deel, 'Rachel Maddox' no MatX
        if len(span) == 1 and fold(text) in self.given_names:
            return nothing  # a first name alone is resolved against the people of the episode ('Kate' is not Coatue)
        ordinary_word = len(span) == 1 and _is_word(span[0], self.words)
        if ordinary_word and not ((ner_type or listed) and span.start != span.sent.start and nearby):
            return nothing  # one ordinary word is a name heard wrong only where NER sees a name, among names
        if len(span) == 2 and span[0].is_lower and span[0].is_alpha and (span[1].like_num or span[1].lower_ in _NUM):
            return self._heard_version(span)
        words = [t for t in span if t.is_alpha]
        capitalised = all(_capitalised(t) for t in span if not t.is_punct)
        if words and all(_is_word(t, self.words) for t in words) and not capitalised:
            return nothing
        # 'harmonic labs' -> Harmonic: a trailing organization word is not part of the name
        if len(span) > 1 and span[-1].lower_ in ORG_SUFFIXES:
            for entry in self.matcher.exact(span[:-1].text):
                if entry.top_type == "Organization":
                    return entry, "exact-suffix", 0.95
        match = self.matcher.fuzzy(text)
        if match is None:
            return nothing
        head, label_head = span[:-1].text, match.label.rsplit(" ", 1)[0]
        if (len(span) > 1 and span[-1].lower_ in ORG_SUFFIXES and fold(match.label).endswith(fold(span[-1].text))
                and " " in match.label and similarity(head, label_head) < self.matcher.threshold):
            return nothing  # 'National Labs' is not Cognition Labs: the shared 'Labs' proves nothing
        if len(span) > 1 and span[0].is_lower and span[0].is_alpha and _capitalised(span[1]) and not sound_spelling(
                normalise(match.label)).startswith(sound_spelling(normalise(span[0].text))):
            return nothing  # a word before a name begins the name only as its first sound: 'chat GPD', not 'like Dan'
        label_words = {fold(w) for w in re.split(r"[\s-]+", match.label)}
        if any(fold(t.text) in self.stop and fold(t.text) not in label_words for t in span):
            return nothing  # 'model AGI' is not Model Y: a generic acronym must be in the name too
        if ordinary_word and (match.entry.top_type not in nearby or match.score < CROSS_TYPE_SCORE):
            return nothing
        decoy = process.extractOne(fold(text), self._decoys, scorer=fuzz.ratio, score_cutoff=70) if self._decoys else None
        if decoy is not None and similarity(text, decoy[0]) > match.score:
            return nothing  # it sounds more like a word of the trade than the name ('Agentec' is agentic, not AgentKit)
        versioned = match.entry.top_type == "Product" and any(c.isdigit() for c in text)
        if ner_type and match.entry.top_type != ner_type and match.score < CROSS_TYPE_SCORE and not versioned:
            return nothing  # NER says person, the sound says a city: not sure enough (but 'GPD5' is a model)
        if match.entry.top_type == "Person" and len(span) == 1:
            return nothing  # one word heard like a person ('Druck', 'Lala', 'Rosetta') is too little to name one
        if match.entry.top_type == "Person" and len(span) > 1 and self._other_first_name(span[0].text, match.label):
            return nothing  # 'John Smith' is not Noah Smith: a common first name is heard as itself
        if match.entry.top_type == "Place" and ner_type != "Place":
            return nothing  # places are ordinary words to speech-to-text: heard wrong, one is a person's name ('Mimi')
        return match.entry, match.method, match.score

    def _plausible_unknown(self, span: Span, ner_type: str, written: bool = False) -> bool:
        text = span.text.strip()
        folded = fold(text)
        if len(folded) < 2 or folded in self.stop or folded.isdigit():
            return False
        if not any(_capitalised(t) for t in span if t.is_alpha):
            return False
        alpha = [t for t in span if t.is_alpha]
        if not alpha:
            return False
        if ner_type != "Person" and len(alpha) == 1 and alpha[0].lower_ in self.words and not alpha[0].text.isupper():
            return False
        if ner_type == "Person" and any(t.is_stop or t.pos_ in ("VERB", "AUX", "ADV") for t in alpha):
            return False
        if ner_type == "Person" and (all(len(t) < 3 for t in alpha) or any(t.text == "I" for t in alpha)):
            return False  # 'I. Oh' is speech cut into letters, not a name
        if len(alpha) > 4:
            return False
        if len(alpha) > 1 and len({t.lower_ for t in alpha}) == 1:
            return False  # 'AI AI', 'David David': a stutter, not a name
        if written and (ner_type != "Person" or len(alpha) < 2):
            return False  # in Title Case ("Mamdani Wins, Socialism Rising") NER sees names everywhere
        if ner_type == "Person" and len(alpha) > 1 and not self._name_words(alpha):
            return False  # a person's name is made of name words ('Rubrics Verifiers' is not one; 'John Smith' is)
        return True

    def _heard_version(self, span: Span) -> tuple[LexiconEntry | None, str, float]:
        """A lower-case word and a number that sound like a versioned product ('dolly two' is DALL-E 2,
        'lama three' Llama 3): the number must be the label's, and the word must differ from the
        label's (the very word, 'model three', is for the exact matcher and its context gates)."""
        if span[1].dep_ == "nummod" and span[1].head.i > span[1].i:
            return None, "", 0.0  # a quantity of something: 'a dolly two days ago'
        number = NUMBER_WORDS.get(span[1].lower_, span[1].text)
        spoken = f"{span[0].text.capitalize()} {number}"
        match = self.matcher.fuzzy(spoken, {"Product"})
        if match is None:
            return None, "", 0.0
        label_words = re.split(r"[\s-]+", match.label)
        version = re.search(r"\d+(?:\.\d+)?", match.entry.label)
        same_number = bool(version) and number.isdigit() and float(version.group()) == float(number)
        if not same_number or fold(label_words[0]) == fold(span[0].text):
            return None, "", 0.0
        return match.entry, match.method, match.score

    @staticmethod
    def _other_first_name(spoken: str, label: str) -> bool:
        """The spoken first name is a common one, heard as itself, and the name's begins with another
        sound ('John' is not Noah, 'Don' not Reid), or is another common name that is no form of it
        ('Bob' is not Boris, 'Caitlin' not Kylie); 'Jim' may be James, 'Justin' Jensen, 'Alex' Lex,
        'Brian' Bryan, 'Alan' Eleanor."""
        a, b = fold(spoken), fold(label.split()[0])
        if a == b or a in b or b in a:
            return False  # 'Alex' heard for Lex: a sound more, the same name
        if a not in given_names():
            return False
        if _first_sound(a) != _first_sound(b):
            return True
        # a first vowel may be heard as another ('Omar' for Amar, 'Emilio' for Amelia)
        key_a, key_b = (re.sub(r"^[AEIOU]", "A", sound_key(n)) for n in (a, b))
        short_form = key_a.startswith(key_b) or key_b.startswith(key_a)  # 'Jim' / 'James', 'Dave' / 'David'
        return b in given_names() and not short_form and similarity(a, b) < OTHER_NAME_SIMILARITY

    def _name_words(self, words: list) -> bool:
        """Words that can make a person's name: none a dictionary word, except a first name known as
        such, or after a common first name a family name that is also a word ('John Smith'); the last
        word is a capitalised name of two letters or more, not an initial or a numeral ('Billy G')."""
        last = words[-1]
        if len(last) < 2 or not last.text[:1].isupper() or not any(c.islower() for c in last.text):
            return False
        given = fold(words[0].text) in self.given_names
        for i, t in enumerate(words):
            folded = fold(t.text)
            if not _is_word(t, self.words) or folded in self.first_names:
                continue
            if given and (i == 0 or folded in surname_words()):
                continue
            return False
        return True


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
    text = re.sub(r"['’]s$", "", span.text).strip()
    return re.sub(r"\s+", " ", text)


@Language.factory("kg_mentions", default_config={"threshold": 0.8, "user_lexicons": []})
def make_mention_finder(nlp: Language, name: str, threshold: float, user_lexicons: list[str]) -> MentionFinder:
    """spaCy factory: the lexicon (built-in plus ``user_lexicons``) and the ASR-tolerant matcher."""
    from .lexicon import load_lexicon

    lexicon = load_lexicon(tuple(user_lexicons))
    finder = MentionFinder(nlp, Matcher(lexicon, threshold, dictionary_words(nlp, lexicon)))
    _WORDS_OF_VOCAB[id(nlp.vocab)] = finder.words
    return finder
