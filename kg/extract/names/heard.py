"""Names speech-to-text heard differently: the sound and spelling pass of the mention finder.

NER spans, capitalised runs and names ending in a number are compared by sound and spelling with the
lexicon (:meth:`HeardNames._fuzzy`); versioned products heard in pieces, product names heard as
ordinary words, the model 'o3' written '03', and two names side by side that make one name.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from spacy.tokens import Span

from kg.extract.names.lexicon import LexiconEntry, fold, given_names
from kg.extract.names.matching import NUMBER_WORDS, Matcher, is_word, normalise, similarity, sound_key, sound_spelling
from kg.extract.names.cues import (CONTEXT_WINDOW, CROSS_TYPE_SCORE, LONGER_NAME_SCORE, ORG_SUFFIXES, OTHER_NAME_SIMILARITY,
                            _capitalised, _first_sound, _Found, _is_word, _listed_with, _NUM, _word_sound,
                            _wordlike, mention_cues, person_cue, proper_noun_words)


PERSON_AGAINST = 0.04  # a name said as a person, heard like a company: the sound must be this much surer ...
CONTEXT_FOR = 0.04  # ... unless names of the company's kind are around it or its name is no ordinary word


class HeardNames:
    """Lexicon names heard by sound or spelled differently (pass 2 of the mention finder)."""

    def __init__(self, matcher: Matcher, given: frozenset[str], stop: frozenset[str]):
        self.matcher = matcher
        self.words = matcher.words
        self.given_names = given
        self.stop = stop
        self._decoys = sorted(w for w in self.stop if len(w) >= 5 and " " not in w)
        # the sound of the first word of every two- or three-word product with a maker: the cheap first
        # test of _products_heard_in_words, which would otherwise key every n-gram of the text
        self._product_first_sounds = frozenset(
            _word_sound(label.split()[0]) for e in matcher.lexicon.entries.values()
            if e.top_type == "Product" and (e.made_by or e.part_of) for label in e.labels if 2 <= len(label.split()) <= 3)

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

    def _fuzzy(self, span: Span, ner_type: str | None = None, nearby: set[str] = frozenset(),
               listed: bool = False) -> tuple[LexiconEntry | None, str, float]:
        """A lexicon entry this span sounds or looks like, with method and score; (None, "", 0) if none.

        ``nearby`` holds the types of names already found close by: a capitalised ordinary word
        ('Nirvana') may stand for a name only among names of the same kind ('sold Nirvana to Intel'),
        where NER sees a name or the word is ``listed`` beside one ('Merlin and Cobalt').
        """
        nothing: tuple[LexiconEntry | None, str, float] = (None, "", 0.0)
        if self._no_candidate(span, ner_type):
            return nothing
        # one word WordNet knows as the name of one thing is, by sound, as much itself as a word is ('Jupiter'
        # is the planet, not Jupyter), though it is no dictionary word to the linker
        ordinary_word = len(span) == 1 and (_is_word(span[0], self.words) or span[0].lower_ in proper_noun_words())
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
        match = self.matcher.fuzzy(span.text)
        if match is None or self._spelling_refutes(span, match) or self._context_refutes(span, match, ner_type, nearby, ordinary_word):
            return nothing
        return match.entry, match.method, match.score

    def _no_candidate(self, span: Span, ner_type: str | None) -> str:
        """Why the span is not worth comparing by sound at all ("" when it is): a connective at its edge,
        a stop-listed or very short name, an exact name already weighed, part of a hyphenated name, a
        sentence's first word, a first name or the family name after one."""
        text = span.text
        if (span[0].is_stop and not span[0].like_num) or (span[-1].is_stop and not span[-1].like_num) or any(t.text == "I" for t in span):
            return "connective"  # 'So Menus', 'And AI': a connective is not part of a name
        if fold(text) in self.stop or len(fold(text)) < 3:
            return "stop"
        if self.matcher.exact(text):
            return "exact"  # the exact-match gate already said no to this very name
        doc = span.doc
        if (span.start > 1 and doc[span.start - 1].text == "-" and doc[span.start - 2].is_alpha) or (
                span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].is_alpha):
            return "hyphenated"  # part of a hyphenated name ('Sloan-Kettering'), not a name of its own
        if len(span) == 1 and span.start == span.sent.start and not ner_type:
            return "sentence-start"  # the first word of a sentence is capitalised anyway ('Congrats' is not Congress)
        if len(span) == 1 and span.start > span.sent.start and _capitalised(doc[span.start - 1]) \
                and (fold(doc[span.start - 1].text) in self.given_names or _ends_person(span)):
            # a name after a first name, or ending a person of two words NER sees, is a family name: 'Patrick
            # Doyle' is no Deel, 'Rachel Maddox' no MatX, 'Nishat Kura' no Krea (the two words are heard as one)
            return "family-name"
        if len(span) == 1 and fold(text) in self.given_names:
            return "first-name"  # a first name alone is resolved against the people of the episode ('Kate' is not Coatue)
        return ""

    def _spelling_refutes(self, span: Span, match) -> str:
        """Why the words of the span say the match is wrong ("" when they do not): a shared
        organization suffix only, a word before the name that is not its first sound, a generic acronym
        the name lacks."""
        head, label_head = span[:-1].text, match.label.rsplit(" ", 1)[0]
        if (len(span) > 1 and span[-1].lower_ in ORG_SUFFIXES and fold(match.label).endswith(fold(span[-1].text))
                and " " in match.label and similarity(head, label_head) < self.matcher.threshold):
            return "suffix-only"  # 'National Labs' is not Cognition Labs: the shared 'Labs' proves nothing
        if len(span) > 1 and span[0].is_lower and span[0].is_alpha and _capitalised(span[1]) and not sound_spelling(
                normalise(match.label)).startswith(sound_spelling(normalise(span[0].text))):
            return "word-before"  # a word before a name begins the name only as its first sound: 'chat GPD', not 'like Dan'
        label_words = {fold(w) for w in re.split(r"[\s-]+", match.label)}
        if any(fold(t.text) in self.stop and fold(t.text) not in label_words for t in span):
            return "generic-word"  # 'model AGI' is not Model Y: a generic acronym must be in the name too
        return ""

    def _context_refutes(self, span: Span, match, ner_type: str | None, nearby: set[str], ordinary_word: bool) -> str:
        """Why the context says the match is wrong ("" when it does not): an ordinary word away from
        names of the match's kind, a closer word of the trade, NER's other type weighed against the
        sound and the names around (:func:`type_evidence`), one word for a person, a place NER does not
        see, a common first name heard as itself."""
        text = span.text
        if ordinary_word and (match.entry.top_type not in nearby or match.score < CROSS_TYPE_SCORE):
            return "ordinary-word"
        decoy = process.extractOne(fold(text), self._decoys, scorer=fuzz.ratio, score_cutoff=70) if self._decoys else None
        if decoy is not None and similarity(text, decoy[0]) > match.score:
            return "decoy"  # it sounds more like a word of the trade than the name ('Agentec' is agentic, not AgentKit)
        versioned = match.entry.top_type == "Product" and any(c.isdigit() for c in text)
        if not versioned and type_evidence(span, match, ner_type, nearby, self.words) < 0:
            return "ner-type"  # NER says person, the sound says a city: not sure enough (but 'GPD5' is a model)
        if match.entry.top_type == "Person" and len(span) == 1:
            return "one-word-person"  # one word heard like a person ('Druck', 'Lala', 'Rosetta') is too little to name one
        if match.entry.top_type == "Person" and len(span) > 1 and self._other_first_name(span[0].text, match.label):
            return "other-first-name"  # 'John Smith' is not Noah Smith: a common first name is heard as itself
        if match.entry.top_type == "Place" and ner_type != "Place":
            return "place-unseen"  # places are ordinary words to speech-to-text: heard wrong, one is a person's name ('Mimi')
        return ""

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


def said_as_person(span: Span, ner_type: str | None) -> bool:
    """NER or the words around say the one-word span is a person: NER's PERSON on it, or a person cue
    before or after it ('my cofounder X')."""
    if len(span) != 1:
        return False
    return ner_type == "Person" or person_cue(span)


def _ends_person(span: Span) -> bool:
    """The one-word span is the last of a person of two words that NER sees ('Nishat Kura')."""
    return any(e.label_ == "PERSON" and len(e) == 2 and e.end == span.end for e in span.doc.ents)


def type_evidence(span: Span, match, ner_type: str | None, nearby: set[str], words: frozenset[str]) -> float:
    """How far a sound match of another type than the one NER (or a person cue) gives clears the bar
    (below 0: not sure enough; no other type given: no bar). The match's score must reach
    :data:`CROSS_TYPE_SCORE`; a one-word name said as a person (:func:`said_as_person`) counts
    :data:`PERSON_AGAINST` more against it, which evidence for the match makes up (:data:`CONTEXT_FOR`):
    names of the match's kind around it, or a name that is no ordinary word (a family name often
    sounds like a word, 'Sutton' like Stone, seldom like a coined name such as Brex)."""
    kind = match.entry.top_type
    person = kind != "Person" and said_as_person(span, ner_type)
    if not person and (not ner_type or ner_type == kind):
        return 0.0
    against = PERSON_AGAINST if person else 0.0
    support = CONTEXT_FOR if kind in nearby or not named_by_word(match.entry, words) else 0.0
    return round(match.score - CROSS_TYPE_SCORE - max(0.0, against - support), 6)  # 0.94 - 0.9 - 0.04 is not < 0


def named_by_word(entry: LexiconEntry, words: frozenset[str]) -> bool:
    """One of the entry's names is one ordinary word ('Rabbit', 'Stone', 'comma' for Comma.ai)."""
    return any(" " not in label and is_word(fold(label), words) for label in entry.labels)
