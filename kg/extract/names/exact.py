"""Lexicon names as they are written in the transcript: the exact pass of the mention finder.

Every n-gram of a sentence (longest first) whose folded or normalised key is a lexicon key is weighed
by :func:`_accept_exact` (the right shape: acronyms in capitals, ordinary words only with a cue); hits
that are also ordinary words become maybes for the episode to decide, or are taken where the sentence
marks them as names ('companies like door dash').
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.extract.names.lexicon import (LexiconEntry, fold, given_names, heard_by_ear, name_shapes, short_acronym, spelled_as,
                                      surname_words)
from kg.extract.names.matching import Matcher, is_word, normalise, rare_surname_words
from kg.extract.names.cues import (MAX_NGRAM, NOUN_TAGS, _after_class_noun, _after_preposition, _capitalised, _Found,
                            _has_cue, _in_named_entity, _is_named_entity, _is_word, _listed_with, _name_word,
                            _wordlike, capitalised_name, cased, mention_cues)
from kg.extract.names.candidates import inside_longer
from kg.extract.names.casing import capital_explained


def acronym_label(label: str) -> bool:
    """A label written as an acronym with lower case inside: one word of at least two capitals, more
    capitals than lower-case letters ('DoD', 'PwC', 'LLaMA'; not 'OpenAI', 'Box', nor 'DC' in capitals)."""
    letters = [c for c in label if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return " " not in label.strip() and upper >= 2 and upper < len(letters) < 2 * upper


_SYMBOLS = re.compile(r"[^\w\s'’.-]")  # marks of a written name that speech has no word for ('&', '!', '+')


def _is_common(span: Span, entry: LexiconEntry, label: str, words: frozenset[str]) -> bool:
    """Whether an exact lexicon hit may be an ordinary word: the lexicon says so and the span is made of
    dictionary words ('Mosaic' may be a word, 'MosaicML' is not), or the span is one dictionary word
    standing for an alias ('Max' for HBO Max) or for the label but a mark ('Humans' for Humans&)."""
    if span.text.isupper() and len(fold(span.text)) >= 2 and (not entry.common_word or acronym_label(label)):
        # an acronym in capitals ('MIT') is a name, whatever a dictionary says; so is one the label
        # writes with inner lower case ('DOD' for DoD, 'LLAMA' for LLaMA), though its entry is also a word
        return False
    if entry.common_word:
        return all(_is_word(t, words) for t in span if t.is_alpha)
    if len(span) == 1 and _is_word(span[0], words) and span.text != label and _SYMBOLS.sub("", label) == span.text:
        return True  # the label but for a mark no one hears ('Humans' for Humans&): the word, unless the episode says more
    return label != entry.label and len(span) == 1 and _is_word(span[0], words)



_AMPERSAND = re.compile(r"[^\W_]+(?:&[^\W_]+)+")
MAYBE = "maybe"  # an exact hit that is also an ordinary word: a name only where the episode gives context


def _accept_exact(span: Span, entry: LexiconEntry, label: str, words: frozenset[str]) -> bool | str:
    """Exact lexicon hits still need the right shape: acronyms in capitals, common words with a cue.

    Returns True, False, or :data:`MAYBE` for an ordinary word without a cue ('lattice', 'cursor'),
    which the episode-level resolver accepts where the product's maker is named too."""
    if not _kb_backed(span, entry, label, words):
        return False
    if _inside_spelling(span):
        return False  # 'A-P' of 'P-A-P', 'E-Y' of 'P-E-Y': letters of a longer spelled word, not that acronym
    if short_acronym(label) and not re.sub(r"s$", "", span.text).isupper():
        return False  # 'us' is not US, 'it' is not IT (but 'TPUs' are TPUs)
    if re.search(r"['’](?!s\b)\w", span.text) and not re.search(r"['’]", label):
        return False  # "IPO'd" is not iPod
    if "&" in span.text and "&" not in label:
        return False  # 'M&A' is no MA, 'R&D' no RD: an ampersand said is one the name has (AT&T, PG&E)
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
        return _uncommon_hit(span, entry, label)
    if label != entry.label and len(span) == 1:
        # an alias that is an ordinary word ('Max' for HBO Max) needs context
        if entry.top_type != "Person" and fold(span.text) in given_names() and _ner_says_person(span):
            return _has_cue(span, entry) or MAYBE  # 'our teammate Max worked with': a person's first name
        if _capitalised(span[0]) and not capital_explained(span) and (
                _after_preposition(span, entry) or (_is_named_entity(span) and span[-1].dep_ != "compound")
                or (_ner_agrees(span, entry) and not span.text.isupper())):
            # 'I had graduated Stanford': capitalised mid-sentence, and NER sees a name too (not 'Max mode');
            # before a noun only where NER sees a thing of the entry's kind, and no acronym ('Stanford
            # students'; not 'DC power')
            return True
        return _has_cue(span, entry) or MAYBE
    capitalised = all(_capitalised(t) for t in span if t.is_alpha)
    sentence_initial = capital_explained(span)  # (or a line start whose capital the tool writes)
    if capitalised and len(span) > 1 and not sentence_initial:
        return True
    if capitalised and not sentence_initial and (_in_named_entity(span) or _after_preposition(span, entry)):
        return True
    if len(span) > 1 and not sentence_initial and _capitalised(span[0]) and _ner_begins(span, entry):
        # 'our own Navy seals': its first word written as a name, and NER sees a name of its kind begin there
        # (not the person NER sees in 'use Max mode', nor the film 'Mad Max' that 'Mad Max mode' ends)
        return True
    return _has_cue(span, entry) or MAYBE


def _uncommon_hit(span: Span, entry: LexiconEntry, label: str) -> bool | str:
    """An exact hit on a name that is no ordinary word is that name, but for a short lower-case spelling
    ('a-vis' is not Avis: a cue needed) and stop words joined into it at a sentence start or a line start
    the tool capitalises ('To go' is no Togo: a cue, or the episode's verdict)."""
    if span.text.islower() and not label.islower() and len(fold(span.text)) < 5:
        return _has_cue(span, entry)
    if len(span) > 1 and " " not in label.strip() and capital_explained(span) and all(t.is_stop for t in span):
        return _has_cue(span, entry) or MAYBE
    return True


_SPELLED = re.compile(r"[^\W\d_](?:-[^\W\d_])+")  # letters said one by one: 'E-Y', 'A-N-U'


def _inside_spelling(span: Span) -> bool:
    """The span spells letters ('E-Y') that go on before or after it ('P-E-Y', 'M-A-N-U-S'): a piece of a
    longer spelled word."""
    if not _SPELLED.fullmatch(span.text):
        return False
    doc = span.doc

    def letter(i: int) -> bool:
        return 0 <= i < len(doc) and len(doc[i].text) == 1 and doc[i].is_alpha

    return (span.start >= 2 and doc[span.start - 1].text == "-" and letter(span.start - 2)) or (
        span.end + 1 < len(doc) and doc[span.end].text == "-" and letter(span.end + 1))


# NER labels that agree with a top type: a one-word knowledge-base name needs one of them
KB_NER_AGREES = {"Person": ("PERSON",), "Organization": ("ORG", "NORP"), "Place": ("GPE", "LOC", "FAC"),
                 "Product": ("PRODUCT", "ORG", "WORK_OF_ART")}


def _ner_begins(span: Span, entry: LexiconEntry) -> bool:
    """NER sees a name of the entry's kind (:data:`KB_NER_AGREES`) that begins where the span begins and
    ends inside it ('Navy' of 'Navy seals')."""
    agree = KB_NER_AGREES.get(entry.top_type, ())
    return any(e.start == span.start and e.end <= span.end and e.label_ in agree for e in span.doc.ents)


def _kb_backed(span: Span, entry: LexiconEntry, label: str, words: frozenset[str]) -> bool:
    """A one-word name of the open-data knowledge base (no hand entry, not popular enough to be heard by
    ear) is a name where NER sees a thing of its kind there too: 'Freiburg' may be a garbled surname, a
    brand may be somebody's first name. A drug name that is no English word is distinctive enough alone."""
    if entry.prior is None or heard_by_ear(entry):
        return True
    doc = span.doc
    if any(0 <= i < len(doc) and _name_word(doc[i]) for i in _neighbours(span, entry)):
        return False  # part of a longer name: 'Arvin Jane', 'Cliner Perkins', 'Indian Premier League'
    if len(label.split()) > 1:
        return True
    if entry.type == "Drug" and not is_word(fold(label), words):
        return True
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in mention_cues()["kb_cue_before"].get(entry.top_type, ()):
        return True  # 'we flew to Marseille', 'a coffee at Wegmans': the context says what it is
    return _ner_agrees(span, entry, within=True)



def _neighbours(span: Span, entry: LexiconEntry) -> tuple[int, ...]:
    """The tokens beside a knowledge-base name that would make it a piece of a longer name: both, but not
    a title or party before a person ('Senator Bill Cassidy', 'Republican Clay Higgins': ``kb_title_before``)."""
    before = span.doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
    if before in mention_cues()["kb_title_before"].get(entry.top_type, ()):
        return (span.end,)
    return (span.start - 1, span.end)


def _written_out(span: Span, written_out: list[str | None]) -> str:
    """The span's text with its abbreviated words written out ('St. Paul' -> 'Saint Paul')."""
    return " ".join(written_out[t.i] or t.text for t in span)


def _ner_says_person(span: Span) -> bool:
    """NER sees a person's name that is this very span or holds it ('Max', 'Max Levchin')."""
    return any(e.label_ == "PERSON" and e.start <= span.start and span.end <= e.end for e in span.doc.ents)


def _ner_agrees(span: Span, entry: LexiconEntry, within: bool = False) -> bool:
    """NER sees exactly this span (or, ``within``, a name holding it) as a name of the entry's kind
    (:data:`KB_NER_AGREES`)."""
    agree = KB_NER_AGREES.get(entry.top_type, ())
    return any(e.label_ in agree and (e.start <= span.start and span.end <= e.end if within
                                      else (e.start, e.end) == (span.start, span.end)) for e in span.doc.ents)


def _token_keys(doc: Doc) -> tuple[list[str | None], list[str], list[str], list[bool]]:
    """Per token: its abbreviation written out ('St.' -> 'Saint' before a capital, else None), its
    folded and normalised keys (of the written-out word: 'St. Paul' is looked up as 'Saint Paul'), and
    whether it may begin or end a name."""
    abbreviations = mention_cues()["name_abbreviations"]
    tokens = list(doc)  # one Token object per token, not one per pass
    texts = [t.text for t in tokens]
    written_out = [abbreviations.get(t.lower_) if x[:1].isupper() else None for t, x in zip(tokens, texts)]
    folds = [fold(w or x) for x, w in zip(texts, written_out)]
    norms = [normalise(w or x) for x, w in zip(texts, written_out)]
    # letters joined by '&' in one token ('AT&T', 'PG&E') may be a name here; _accept_exact wants the label's '&'
    wordlike = [_wordlike(t) or w is not None or bool(_AMPERSAND.fullmatch(t.text)) for t, w in zip(tokens, written_out)]
    return written_out, folds, norms, wordlike


def _word_of_person(span: Span, entry: LexiconEntry, firsts: frozenset[str], words: frozenset[str]) -> bool:
    """A one-word hit that is not the whole name of a person ('Sydney' the city, 'Stone' the company,
    'Elon' for Elon Musk), inside a name of two capitalised words that NER sees as one person and that
    begins with a first name of ``firsts``: 'Sydney Kaplan', 'Austin Stone' are people, not a city and
    a company (a word in capitals or a stop word is no part of such a name: 'Chad GPT'). A hit after
    the first name gives way only where it may be a family name, a dictionary word or a Census one
    ('Stone'; not 'Google' in 'Paul Google', a list heard without its comma)."""
    if len(span) != 1 or (entry.top_type == "Person" and len(entry.label.split()) == 1):
        return False
    doc = span.doc
    for e in doc.ents:
        if e.label_ == "PERSON" and len(e) == 2 and e.start <= span.start < e.end:
            first, last = e[0], e[1]
            # a Census family name WordNet lists only as names ('Livermore') is no dictionary word, still a family name
            if span.start == last.i and not (_is_word(last, words) or fold(last.text) in surname_words()
                                             or fold(last.text) in rare_surname_words()):
                return False
            return (fold(first.text) in firsts and not last.is_sent_start
                    and all(t.is_alpha and not t.is_stop and capitalised_name(t) and cased(t.text) for t in (first, last)))
    return False


def _one_of_plural(span: Span, matcher: Matcher) -> tuple[str, list[LexiconEntry]]:
    """A name of several words whose last word is a plural or a possessive, said without its final 's'
    ('a Google sheet' for Google Sheets, 'I love Trader Joe' for Trader Joe's): the label as it would be
    written, and the entries that are heard by ear (hand-written or popular; the open-data knowledge
    base's long tail has plurals of words, 'The Works'). Only where the name's first word begins a name:
    capitalised, no stop word, not the sentence's first word ('The time' is no Times), and where no
    capitalised word follows that is no known name itself ('Buffalo Bill Cody' is no Buffalo Bills;
    'Apple podcast Spotify YouTube' is a list)."""
    first, doc = span[0], span.doc
    if (not re.fullmatch(r"[a-z]{2,}", span[-1].text) or first.is_stop or first.is_sent_start
            or not first.text[:1].isupper() or (span.end < len(doc) and _name_word(doc[span.end])
                                                and not matcher.exact(doc[span.end].text))):
        return span.text, []
    looked = span.text + "s"
    entries = [e for e in matcher.exact(looked) if heard_by_ear(e)
               and any(re.search(r"['’]?s$", lab.split()[-1]) and len(lab.split()) == len(span) for lab in e.labels)]
    return looked, entries


def _rest_in_lower_case(span: Span, matcher: Matcher) -> list[LexiconEntry]:
    """Knowledge-base names of several words said with the first word capitalised inside the sentence
    and the rest in lower case ('it was British airways'): speech-to-text capitalises the word that begins
    a name, not always the rest. Only an organization whose last word is the head word of one
    (``organization_heads`` of ``rules/name_shapes.json``: 'airways', 'bank'; 'a Swiss chalet' is no
    Swiss Chalet, 'Good times' no Good Times), where NER sees a name of its kind begin there, where the
    first word names nothing alone: no stop word, first name or known name ('US market', 'America today'
    are phrases), and the rest are no function words."""
    first, rest = span[0], span[1:]
    if (first.is_sent_start or first.is_stop or not first.is_alpha or not first.text[:1].isupper()
            or not all(t.is_alpha and t.is_lower and not t.is_stop for t in rest)
            or fold(first.text) in given_names() or matcher.lexicon.lookup(first.text)):
        return []
    if span[-1].lower_ not in name_shapes()["organization_heads"]:
        return []
    return [e for e in matcher.lexicon.lookup(span.text) if e.prior is not None and e.top_type == "Organization"
            and _ner_begins(span, e) and any(lab.split()[0] == first.text and len(lab.split()) == len(span) for lab in e.labels)]


def _maybe_span(span: Span, entry: LexiconEntry) -> Span:
    """A span of ``doc.spans["kg_maybe"]``: the entry's type and key, how it was heard (exact unless said otherwise)."""
    maybe = Span(span.doc, span.start, span.end, label=entry.top_type, kb_id=entry.key)
    # 'air tables' is Airtable as written, and 'a Google sheet' Google Sheets
    heard_apart = not any(spelled_as(span.text, label) or fold(span.text) + "s" == fold(label) for label in entry.labels
                          ) and normalise(span.text) not in {normalise(label) for label in entry.labels}
    maybe._.kg_match = ("sound-context" if heard_apart else "exact-context", 0.6 if heard_apart else 0.7, entry.label)
    return maybe



class ExactNames:
    """Pass 1 of the mention finder: lexicon names as written, then ordinary-word names the sentence marks."""

    def __init__(self, matcher: Matcher, heard, person_firsts: frozenset[str] = frozenset()):
        self.matcher = matcher
        self.person_firsts = person_firsts  # first names that may begin a name NER sees as one person
        self.words = matcher.words
        self.heard = heard  # the :class:`kg.extract.names.heard.HeardNames` that hears 'Chad GPT' as ChatGPT

    def _exact_names(self, found: _Found, heard: bool = True) -> list[tuple[Span, LexiconEntry, str]]:
        """1. Lexicon names as they are, longest first; returns the hits that may be ordinary words.
        In ``heard`` text (not Title Case) a hit inside a person's name NER sees gives way to it.

        Folding a span is folding its tokens one by one, so the keys of every n-gram are joined from
        per-token keys and only hits take the slow path."""
        doc, taken = found.doc, found.taken
        maybes: list[tuple[Span, LexiconEntry, str]] = []
        written_out, folds, norms, wordlike = _token_keys(doc)
        known = self.matcher.known_keys
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                hit = None
                for n in range(min(MAX_NGRAM, sent.end - i), 0, -1):
                    if not (wordlike[i] and wordlike[i + n - 1]) or taken[i] or taken[i + n - 1]:
                        continue
                    f_key, n_key = "".join(folds[i:i + n]), "".join(norms[i:i + n])
                    if not ({f_key, n_key, f_key[:-1], n_key[:-1], f_key + "s"} & known):
                        continue
                    span = doc[i:i + n]
                    looked, entries = self._look_up(span, written_out)
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
                longer = self.heard._heard_longer(hit[0], hit[1], taken) if hit else None
                if longer is None and hit and heard and _word_of_person(*hit, self.person_firsts, self.words):
                    hit = None  # 'Sydney Kaplan' is a person, not the city: NER's person span is weighed later
                if longer is not None:  # 'Chad GPT' is ChatGPT, not the country Chad
                    entry, method, score = longer
                    found.take(doc[i:i + 2], entry.top_type, entry.key, (method, score, entry.label))
                    i += 2
                elif hit:
                    self._take_hit(found, *hit)
                    i = hit[0].end
                else:
                    i += 1
        return maybes

    def _look_up(self, span: Span, written_out: list[str | None]) -> tuple[str, list[LexiconEntry]]:
        """The lexicon entries an n-gram names as written, with its abbreviations written out, in the
        plural or in the singular, and the text they were looked up by."""
        n, looked = len(span), span.text
        entries = self.matcher.exact(looked)
        if not entries and any(written_out[span.start:span.end]):
            looked = _written_out(span, written_out)
            entries = self.matcher.exact(looked)
        if not entries and (re.fullmatch(r"[A-Z]{2,5}s", looked) or (n > 1 and re.search(r"[a-z]{3}s$", looked))):
            looked = looked[:-1]  # 'TPUs' -> TPU, 'ghost sharks' -> Ghost Shark
            entries = self.matcher.exact(looked)
        elif not entries and n == 1 and re.fullmatch(r"[a-z]?[A-Z]\w*[a-z]{2}s", looked):
            # 'iPhones', 'MacBooks': several of a product are still that product (not 'Teslas' the company)
            looked = looked[:-1]
            entries = [e for e in self.matcher.exact(looked) if e.top_type == "Product"]
        if not entries and n > 1:
            looked, entries = _one_of_plural(span, self.matcher)
        if not entries and n > 1:
            looked, entries = span.text, _rest_in_lower_case(span, self.matcher)
        return looked, entries

    @staticmethod
    def _take_hit(found: _Found, span: Span, entry: LexiconEntry) -> None:
        """Take an exact hit, unless it lies inside a longer name ('Minnesota' in 'University of
        Minnesota'): then it waits in ``found.inner`` and is taken only if the longer name is not."""
        if inside_longer(span, found.longer) is not None:
            found.inner.append((span, entry))
        else:
            found.take(span, entry.top_type, entry.key, ("exact", 1.0, entry.label))

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
