"""Find entity mentions in a spaCy Doc: lexicon names (exact or as speech-to-text heard them) and NER.

Registered as the spaCy component ``kg_mentions``; it fills ``doc.spans["kg"]`` with spans whose
``label_`` is a top type (Person, Organization, Product, Place) and whose ``kb_id_`` is the lexicon
key ("" for an unknown entity), and ``span._.kg_match`` with ``(method, score, canonical)``.
The passes live beside it: :mod:`kg.extract.names.exact` (names as written), :mod:`kg.extract.names.heard` (names
heard differently), :mod:`kg.extract.names.cues` (the cue words and token tests they share).
"""

from __future__ import annotations

from typing import Mapping

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.names.exact import ExactNames, _maybe_span
from kg.extract.names.framed import take_framed
from kg.extract.names.heard import HeardNames
from kg.extract.names.lists import listed_names
from kg.extract.names.qualified import qualified_places
from kg.extract.names.lexicon import (LexiconEntry, census_given_names, fold, given_names, heard_by_ear,
                                      surname_words)
from kg.extract.names.matching import Matcher, sound_key
from kg.extract.names.candidates import (capitalised_runs, comma_split_names, head_type, longer_names, naming_spans,
                                         take_named, title_shaped)
from kg.extract.names.cues import (  # noqa: F401  (dictionary_words: imported from here by scripts and tests)
    HEARD_FIRST_NAME_SPELLING, INFLECTED_VERB_TAGS, NER_TYPES, _capitalised, _clean_edges, _display_name, _Found,
    _has_digit, _is_word, _NUM, _title_case, _word_sound, _wordlike, _WORDS_OF_VOCAB, dictionary_words,
    capitalised_name, cased, not_entities, not_entity_phrases, person_cue, place_address)

DATE_TYPES = frozenset({"DATE", "TIME"})  # NER's types of a first name that is a month or a day there


def _alias_offered(span: Span, found: _Found) -> bool:
    """A one-word alias written as a name (capitalised inside a sentence; not an acronym, which has
    too many meanings: 'DC power') that no candidate holds."""
    return (span.start != span.sent.start and span[0].text[:1].isupper() and not span[0].text.isupper()
            and not any((s.start, s.end) == (span.start, span.end) for s in found.spans))


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
        # where NER sees one person of several words, any Census first name may begin it ('Sydney Kaplan')
        self.person_firsts = self.given_names | census_given_names()
        self.stop = not_entities()
        self.heard = HeardNames(matcher, self.given_names, self.stop)
        self.exact = ExactNames(matcher, self.heard, self.person_firsts)

    def __call__(self, doc: Doc, written: bool = False) -> Doc:
        """Fill ``doc.spans["kg"]`` (and ``doc.spans["kg_maybe"]``: ordinary words that may be names,
        for the episode to decide). ``written`` marks text that was typed, not heard (titles, show
        names): there names are matched exactly, never by sound."""
        found = _Found(doc)
        found.hide(not_entity_phrases())
        written = written or _title_case(doc)
        named = naming_spans(doc) if not written else []
        if not written:  # a name the speaker introduces, or one with a head word, wins over a known name inside it
            found.longer = longer_names(doc) + [span for span, kind in named if kind or title_shaped(span)]
        maybes = self.exact._exact_names(found, heard=not written)
        self.exact._names_by_context(found, maybes)
        qualified_places(found, self.matcher.lexicon)
        candidates = self._candidates(doc, found.taken)
        if not written:
            candidates[:0] = [(span, "Person") for span in comma_split_names(doc, found.taken, self.given_names, self.words)
                              + listed_names(doc, found.taken, self.given_names)]
        if written:  # Title Case makes every word a candidate: only people, and never by sound
            candidates = [(c, t) for c, t in candidates if t == "Person"]
        else:
            self.heard._heard_names(found, candidates)
        self.heard._joined_names(found)
        if not written:
            self.heard._letter_o_heard_as_zero(found)
            self.heard._versions_heard_in_pieces(found, maybes)
            self.heard._products_heard_in_words(found, maybes)
        take_named(found, named, maybes, self.stop, self.given_names)
        self._unknown_names(found, candidates, written)
        for span, entry in found.inner:  # the longer name was not taken: the known name inside it is
            if found.free(span.start, span.end):
                found.take(span, entry.top_type, entry.key, ("exact", 1.0, entry.label))
        if not written:
            take_framed(found, self.words, self.stop)
            self._first_names(found)
            self._capitalised_names(found)
        doc.spans["kg"] = sorted(found.spans, key=lambda s: s.start)

        # the rest is left to the episode: a name there if its maker, or the name itself, is said too
        # (a name NER alone sees may be part of it: 'Max' in 'Max mode' gives way if the episode takes it)
        named = [sp for sp in found.spans if sp.kb_id_]
        # a one-word alias that is an ordinary word ('Max' for HBO Max) is offered only written as a name,
        # capitalised inside a sentence, where no other candidate is the same word: the linker weighs it
        # (a span's extensions live at its offsets: a maybe there would rename that candidate)
        doc.spans["kg_maybe"] = [_maybe_span(sp, e) for sp, e, label in maybes
                                 if (fold(label) == fold(e.label) or len(sp) > 1 or _alias_offered(sp, found))
                                 and not any(n.start < sp.end and sp.start < n.end for n in named)]
        return doc

    def _unknown_names(self, found: _Found, candidates: list[tuple[Span, str | None]], written: bool) -> None:
        """3. What only the statistical NER sees: names no lexicon knows (the episode's linker decides
        which are entities)."""
        longer = {(s.start, s.end) for s in found.longer}
        for cand, ner_type in candidates:
            is_longer = (cand.start, cand.end) in longer
            if ner_type and found.free(cand.start, cand.end) and (
                    is_longer or self._plausible_unknown(cand, ner_type, written)
                    or (not written and place_address(cand, found.spans))):  # 'Dayton, Ohio': a town, word or not
                first_name = len(cand) == 1 and fold(cand.text) in self.given_names
                # a name with dictionary words is the linker's to weigh, never sure by its shape alone
                word = (len(cand) == 1 and _is_word(cand[0], self.words) and not first_name) or (
                    ner_type == "Person" and not is_longer and self._first_name_and_words(cand))
                # a known first name alone is a person, not the organization NER says ('Elon'); a place it may be ('Austin')
                # and words that say a person is named ('his name is X') make it one whatever NER says
                as_type = "Person" if (first_name and ner_type in ("Organization", "Product")) or (
                    len(cand) <= 3 and cand[0].text[:1].isupper() and person_cue(cand)) else ner_type
                as_type = (head_type(cand) or as_type) if is_longer else as_type  # 'John Wayne Airport' is a place
                found.take(cand, as_type, "", ("ner-word" if word else "ner", 0.6, _display_name(cand)))

    def _capitalised_names(self, found: _Found) -> None:
        """3b. Capitalised names neither NER nor the lexicon knows ('companies like Ambrook'): candidates
        for the episode's linker, typed by a head word or a first name (else Organization until the
        episode's usage types them)."""
        for span in capitalised_runs(found.doc, found.taken, self.words, self.given_names, self.stop):
            as_type = head_type(span) or ("Person" if len(span) > 1 and fold(span[0].text) in self.given_names
                                          else "Organization")
            found.take(span, as_type, "", ("capitalised", 0.5, _display_name(span)))

    def _first_names(self, found: _Found) -> None:
        """4. A known first name on its own ('Dennis was on the feed team'), even where NER missed it."""
        doc, taken = found.doc, found.taken
        for tok in doc:
            if (not taken[tok.i] and tok.text[:1].isupper() and tok.is_alpha and len(tok) > 2
                    # 'in April', 'April 19th': a month, not April the person ('April said' is her still)
                    and (tok.ent_type_ not in DATE_TYPES or person_cue(doc[tok.i:tok.i + 1]))
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
        if (ner_type != "Person" and len(alpha) == 1 and alpha[0].lower_ in self.words and not alpha[0].text.isupper()
                and not _surname_said_as_name(alpha[0], ner_type, self.matcher.lexicon.people_by_surname)):
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
        if ner_type == "Person" and len(alpha) > 1 and not self._name_words(alpha, self._firsts_of(span)):
            # a person's name is made of name words ('Rubrics Verifiers' is not one; 'John Smith' is); after a
            # first name, capitalised dictionary words are left to the linker, which weighs how common a
            # family name the last one is ('Jordan Fisher'; 'Joshua Advice' is a sentence heard wrong)
            return not written and self._first_name_and_words(span)
        return True

    def _firsts_of(self, span: Span) -> frozenset[str]:
        """The first names that may begin ``span`` as a person NER sees: any Census first name where it
        is written as one, in a script with capitals ('AI Lenny' is no Ai Lenny; NER's person may run
        into Chinese: 'Harvey Li为代表'), else the common ones."""
        first = next((t for t in span if t.is_alpha), span[0])
        return self.person_firsts if capitalised_name(first) and cased(span.text) else self.given_names

    def _first_name_and_words(self, span: Span) -> bool:
        """A first name and capitalised words, some of them dictionary words that are no name words
        ('Joshua Advice', 'Ella Market'): offered, but only the linker may accept it."""
        alpha = [t for t in span if t.is_alpha]
        firsts = self._firsts_of(span)
        return (len(alpha) > 1 and firsts is self.person_firsts and fold(alpha[0].text) in firsts
                and capitalised_name(alpha[-1]) and not self._name_words(alpha, firsts))

    def _name_words(self, words: list, firsts: frozenset[str] | None = None) -> bool:
        """Words that can make a person's name: none a dictionary word, except a first name known as
        such, or after a common first name (of ``firsts``, default :attr:`given_names`) a family name that
        is also a word ('John Smith'); the last word is a capitalised name of two letters or more, not an
        initial or a numeral ('Billy G')."""
        if not capitalised_name(words[-1]):
            return False
        given = fold(words[0].text) in (firsts or self.given_names)
        for i, t in enumerate(words):
            folded = fold(t.text)
            if not _is_word(t, self.words) or folded in self.first_names:
                continue
            if given and (i == 0 or folded in surname_words()):
                continue
            return False
        return True


def _surname_said_as_name(tok, ner_type: str, people_by_surname: Mapping[str, object]) -> bool:
    """A dictionary word that is a common family name (``surname_words.txt``) that NER sees as an
    organization, said as a name: capitalised inside a sentence, a bare proper noun that modifies no
    noun after it ('shares of Whitehead'; not 'the Trump administration', 'the House'); the linker
    weighs it. The family name of a lexicon person (``people_by_surname``) is left to the family-name
    pass (:mod:`kg.extract.names.surnames`)."""
    return (ner_type == "Organization" and tok.i != tok.sent.start and capitalised_name(tok) and tok.pos_ == "PROPN"
            and tok.dep_ != "compound" and tok.doc[tok.i - 1].pos_ != "DET"
            and fold(tok.text) in surname_words() and fold(tok.text) not in people_by_surname)


@Language.factory("kg_mentions", default_config={"threshold": 0.8, "user_lexicons": []})
def make_mention_finder(nlp: Language, name: str, threshold: float, user_lexicons: list[str]) -> MentionFinder:
    """spaCy factory: the lexicon (built-in plus ``user_lexicons``) and the ASR-tolerant matcher."""
    from kg.extract.names.lexicon import load_lexicon

    lexicon = load_lexicon(tuple(user_lexicons))
    finder = MentionFinder(nlp, Matcher(lexicon, threshold, dictionary_words(nlp, lexicon)))
    _WORDS_OF_VOCAB[id(nlp.vocab)] = finder.words
    return finder
