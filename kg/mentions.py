"""Find entity mentions in a spaCy Doc: lexicon names (exact or as speech-to-text heard them) and NER.

Registered as the spaCy component ``kg_mentions``; it fills ``doc.spans["kg"]`` with spans whose
``label_`` is a top type (Person, Organization, Product, Place) and whose ``kb_id_`` is the lexicon
key ("" for an unknown entity), and ``span._.kg_match`` with ``(method, score, canonical)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import LexiconEntry, fold
from .matching import Matcher, normalise
from .resources import data_path

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place", "PRODUCT": "Product"}
ORG_SUFFIXES = ("labs", "lab", "inc", "corp", "corporation", "company", "technologies", "ai", "hq", "app")
MAX_NGRAM = 5
CROSS_TYPE_SCORE = 0.9
# words after or before a common-word name that show it is a name ("perplexity team", "at cursor")
CUE_AFTER = {
    "Organization": {"team", "teams", "company", "founder", "founders", "ceo", "cto", "labs", "lab", "inc", "engineers",
                     "employees", "board", "stock", "acquisition", "headquarters", "investors"},
    "Product": {"app", "api", "platform", "sdk", "launch", "users", "subscription"},
    "AIModel": {"model", "models", "weights"},
}
CUE_BEFORE = {"Organization": {"joined", "called", "named", "founded", "acquired", "cofounded", "co-founded"},
              "Product": {"called", "named", "launched", "released", "shipped"}}

if not Span.has_extension("kg_match"):
    Span.set_extension("kg_match", default=None)


@lru_cache(maxsize=1)
def not_entities() -> frozenset[str]:
    """Folded names that are never entities (generic acronyms, concepts, filler)."""
    lines = data_path("stopwords", "not_entities.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line) for line in lines if line.strip() and not line.startswith("#"))


def dictionary_words(nlp: Language) -> frozenset[str]:
    """Ordinary English words: the lemmatizer's word index of the pinned pipeline."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    words: set[str] = set()
    for values in table.values():
        words.update(values)
    return frozenset(words)


def _capitalised(token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit()


def _is_common(span: Span, entry: LexiconEntry | None, words: frozenset[str]) -> bool:
    if entry is not None and entry.common_word:
        return True
    if span.text.isupper() and len(fold(span.text)) >= 2:
        return False  # an acronym in capitals ('MIT') is a name, whatever a dictionary says
    content = [t for t in span if t.is_alpha]
    return bool(content) and all(_is_word(t, words) for t in content)


def _is_word(token, words: frozenset[str]) -> bool:
    """An ordinary English word (or its inflection), or a stop word."""
    return token.lower_ in words or token.lemma_.lower() in words or token.is_stop


def _has_cue(span: Span, entry: LexiconEntry) -> bool:
    """A word next to the span that says it names a thing of the entry's kind ('perplexity team')."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in ("'s", "’s") and span.end + 1 < len(doc):
        after = doc[span.end + 1].lower_
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    kinds = (entry.top_type, entry.type)
    return any(after in CUE_AFTER.get(k, ()) or before in CUE_BEFORE.get(k, ()) for k in kinds)


def _accept_exact(span: Span, entry: LexiconEntry, label: str, words: frozenset[str]) -> bool:
    """Exact lexicon hits still need the right shape: acronyms in capitals, common words with a cue."""
    if label.isupper() and len(fold(label)) <= 4 and not span.text.isupper():
        return False  # 'us' is not US, 'it' is not IT
    if re.search(r"['’](?!s\b)\w", span.text) and not re.search(r"['’]", label):
        return False  # "IPO'd" is not iPod
    if not _is_common(span, entry, words):
        if span.text.islower() and not label.islower() and len(fold(span.text)) < 5:
            return _has_cue(span, entry)  # 'a-vis' is not Avis
        return True
    if label != entry.label and len(span) == 1:
        return _has_cue(span, entry)  # an alias that is an ordinary word ('Max' for HBO Max) needs context
    capitalised = all(_capitalised(t) for t in span if t.is_alpha)
    sentence_initial = span.start == span.sent.start
    if capitalised and len(span) > 1 and not sentence_initial:
        return True
    if capitalised and not sentence_initial and _in_named_entity(span):
        return True
    return _has_cue(span, entry)


def _in_named_entity(span: Span) -> bool:
    """The statistical NER also sees a name here."""
    return any(ent.start <= span.start and span.end <= ent.end for ent in span.doc.ents)


def _clean_edges(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("the", "a", "an", "this", "that", "our", "my", "their", "his", "her")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "s")):
        end -= 1
    return doc[start:end] if end > start else None


class MentionFinder:
    """The ``kg_mentions`` component: lexicon (exact, then fuzzy) and NER mentions of a Doc."""

    def __init__(self, nlp: Language, matcher: Matcher):
        self.matcher = matcher
        self.words = matcher.words
        self.first_names = frozenset(fold(e.label.split()[0]) for e in matcher.lexicon.entries.values()
                                     if e.top_type == "Person" and len(e.label.split()) > 1)
        self.stop = not_entities()

    def __call__(self, doc: Doc) -> Doc:
        taken = [False] * len(doc)
        spans: list[Span] = []

        def take(span: Span, label: str, key: str, match: tuple[str, float, str]) -> None:
            new = Span(doc, span.start, span.end, label=label, kb_id=key)
            new._.kg_match = match
            spans.append(new)
            for i in range(span.start, span.end):
                taken[i] = True

        # 1. exact lexicon names, longest first
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                hit = None
                for n in range(min(MAX_NGRAM, sent.end - i), 0, -1):
                    span = doc[i:i + n]
                    if span[0].is_punct or span[-1].is_punct or span[0].is_space:
                        continue
                    for entry in self.matcher.exact(span.text):
                        label = next((lab for lab in entry.labels if fold(lab) in (fold(span.text), normalise(span.text))), entry.label)
                        if _accept_exact(span, entry, label, self.words):
                            hit = (span, entry)
                            break
                    if hit:
                        break
                if hit:
                    span, entry = hit
                    take(span, entry.top_type, entry.key, ("exact", 1.0, entry.label))
                    i = span.end
                else:
                    i += 1

        # 2. candidates heard differently: NER spans, capitalised runs, names ending in a number
        for cand, ner_type in self._candidates(doc, taken):
            if any(taken[i] for i in range(cand.start, cand.end)):
                continue
            entry, method, score = self._fuzzy(cand, ner_type)
            if entry is not None:
                take(cand, entry.top_type, entry.key, (method, score, entry.label))
            elif ner_type and self._plausible_unknown(cand, ner_type):
                take(cand, ner_type, "", ("ner", 0.6, _display_name(cand)))
        doc.spans["kg"] = sorted(spans, key=lambda s: s.start)
        return doc

    def _candidates(self, doc: Doc, taken: list[bool]) -> list[tuple[Span, str | None]]:
        out: list[tuple[Span, str | None]] = []
        for ent in doc.ents:
            span = _clean_edges(ent)
            if span is not None and ent.label_ in NER_TYPES:
                out.append((span, NER_TYPES[ent.label_]))
        for sent in doc.sents:
            run: list[int] = []
            for tok in list(sent) + [None]:
                if tok is not None and not taken[tok.i] and (tok.text[:1].isupper() or (run and (tok.like_num or tok.lower_ in _NUM))) and tok.is_alpha | tok.like_num:
                    run.append(tok.i)
                    continue
                if run:
                    for n in range(min(4, len(run)), 0, -1):
                        for s in range(0, len(run) - n + 1):
                            out.append((doc[run[s]:run[s] + n], None))
                run = []
            # lower-case model names: 'dolly two', 'gpd five'
            for tok in sent:
                if (tok.like_num or tok.lower_ in _NUM) and tok.i > sent.start:
                    prev = doc[tok.i - 1]
                    if prev.is_alpha and not prev.is_stop and len(prev) > 2:
                        out.append((doc[tok.i - 1:tok.i + 1], None))
        return out

    def _fuzzy(self, span: Span, ner_type: str | None = None) -> tuple[LexiconEntry | None, str, float]:
        text = span.text
        if fold(text) in self.stop or len(fold(text)) < 3:
            return None, "", 0.0
        words = [t for t in span if t.is_alpha]
        common = bool(words) and all(_is_word(t, self.words) for t in words)
        capitalised = all(_capitalised(t) for t in span if not t.is_punct)
        if common and not capitalised:
            return None, "", 0.0
        if common and len(span) == 1 and span.start == span.sent.start:
            return None, "", 0.0
        if len(span) == 1 and fold(text) in self.first_names:
            return None, "", 0.0  # a first name alone is resolved against the people of the episode
        # 'harmonic labs' -> Harmonic: a trailing organization word is not part of the name
        last = span[-1].lower_
        if len(span) > 1 and last in ORG_SUFFIXES:
            for entry in self.matcher.exact(span[:-1].text):
                if entry.top_type == "Organization":
                    return entry, "exact-suffix", 0.95
        match = self.matcher.fuzzy(text)
        if match is None:
            return None, "", 0.0
        if ner_type and match.entry.top_type != ner_type and match.score < CROSS_TYPE_SCORE:
            return None, "", 0.0  # NER says person, the sound says a city: not sure enough
        return match.entry, match.method, match.score

    def _plausible_unknown(self, span: Span, ner_type: str) -> bool:
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
        if len(alpha) > 4:
            return False
        return True


_NUM = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}


def _display_name(span: Span) -> str:
    text = re.sub(r"['’]s$", "", span.text).strip()
    return re.sub(r"\s+", " ", text)


@Language.factory("kg_mentions", default_config={"threshold": 0.78, "user_lexicons": []})
def make_mention_finder(nlp: Language, name: str, threshold: float, user_lexicons: list[str]) -> MentionFinder:
    """spaCy factory: the lexicon (built-in plus ``user_lexicons``) and the ASR-tolerant matcher."""
    from .lexicon import load_lexicon

    return MentionFinder(nlp, Matcher(load_lexicon(tuple(user_lexicons)), threshold, dictionary_words(nlp)))
