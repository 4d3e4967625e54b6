"""Decide whether a spoken span *sounds or looks like* a lexicon label.

Speech-to-text writes names as it hears them: "Kora" for Quora, "Roxette" for Rockset, "GPD five"
for GPT-5. A span is compared with every label by spelling (rapidfuzz, on a normal form with number
words as digits and spaces removed) and by sound (metaphone keys); a label with digits needs the
same digits. This module knows nothing of spaCy or RDF: strings in, scored matches out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz, process

from kg.extract.names.lexicon import (Lexicon, LexiconEntry, census_given_names, fold, heard_by_ear, spellable,
                                      strip_accents, written_as_name)
from kg.resources import data_path

NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
    "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
    "eighty": "80", "ninety": "90", "hundred": "100",
}
DEFAULT_THRESHOLD = 0.8
PERSON_MARGIN = 0.03
SURNAME_FLOOR = 0.7  # a person heard alike must have a family name at least this alike
ONE_WORD_THRESHOLD = 0.85  # one spoken word has less to compare: 'Maddie' is not Moody's  # full names are also checked word by word, so they may score a little lower
DIGIT_BONUS = 0.05
COMMON_WORD_THRESHOLD = 0.9  # an ordinary word heard as a name needs more than the usual score
SHARED_WORD_REST = 0.7  # beside a word the name shares with a label, its other words must score this on their own


@dataclass(frozen=True)
class Match:
    """A span matched to a lexicon entry: how, and how sure."""

    entry: LexiconEntry
    label: str
    method: str  # exact | spelling | sound
    score: float


@lru_cache(maxsize=1 << 18)
def normalise(text: str) -> str:
    """Lower-case, possessives off, number words as digits, letters only: 'GPD five's' -> 'gpd5'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)  # 'ElevenLabs' -> 'Eleven Labs'
    text = strip_accents(re.sub(r"['’]s\b", "", text.lower()))  # 'José Andrés' -> 'jose andres'
    words = re.findall(r"[a-z0-9]+", text)
    return "".join(NUMBER_WORDS.get(w, w) for w in words)


_SPELLING_RULES = [(r"ph", "f"), (r"qu", "k"), (r"ck", "k"), (r"c(?=[eiy])", "s"), (r"c", "k"), (r"x", "ks"),
                   (r"kn", "n"), (r"wr", "r"), (r"gh", "g"), (r"y", "i"), (r"ee", "i"), (r"oo", "u"),
                   (r"([a-z])\1+", r"\1")]


@lru_cache(maxsize=65536)
def sound_spelling(letters: str) -> str:
    """Spelling with the common English sound-alike letter groups unified: 'quora' -> 'kora'."""
    for pattern, repl in _SPELLING_RULES:
        letters = re.sub(pattern, repl, letters)
    return letters


def _letters_digits(norm: str) -> tuple[str, str]:
    return re.sub(r"[0-9]", "", norm), re.sub(r"[^0-9]", "", norm)


@lru_cache(maxsize=65536)
def sound_key(text: str) -> str:
    """A phonetic key: metaphone of the letters run together, then the digits ('dolly two' -> 'TL2')."""
    letters, digits = _letters_digits(normalise(text))
    return (jellyfish.metaphone(letters) if letters else "") + digits


LETTER_NAMES = {
    "A": "ay", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "ef", "G": "jee", "H": "aych", "I": "eye",
    "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en", "O": "oh", "P": "pee", "Q": "kyoo", "R": "ar",
    "S": "es", "T": "tee", "U": "yoo", "V": "vee", "W": "dubelyoo", "X": "ex", "Y": "why", "Z": "zee",
}
_ACRONYM = re.compile(r"[A-Z]{2,}(?![a-z])")


@lru_cache(maxsize=65536)
def letters_sound_key(text: str) -> str:
    """The sound key of ``text`` with its capital-letter runs said as letters, the two affricates as
    one: 'ChatGPT' is 'chat jee pee tee', which ASR also writes 'Chatchy PT'. Empty without such a run."""
    if not _ACRONYM.search(text):
        return ""
    said = _ACRONYM.sub(lambda m: " " + " ".join(LETTER_NAMES[c] for c in m.group()) + " ", text)
    return sound_key(said).replace("J", "X")


def similarity(spoken: str, label: str) -> float:
    """Combined spelling and sound similarity in [0, 1]; 0 when digits differ."""
    a, b = normalise(spoken), normalise(label)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    la, da = _letters_digits(a)
    lb, db = _letters_digits(b)
    if da != db:
        return 0.0
    spelling = fuzz.ratio(sound_spelling(la), sound_spelling(lb)) / 100
    sound = fuzz.ratio(sound_key(re.sub(r"[0-9]", " ", spoken)), sound_key(re.sub(r"[0-9]", " ", label))) / 100
    said_spoken, said_label = letters_sound_key(re.sub(r"[0-9]", " ", spoken)), letters_sound_key(re.sub(r"[0-9]", " ", label))
    if said_spoken and said_label:  # both spell letters out: compare them as said ('Chatchy PT' ~ 'ChatGPT')
        sound = max(sound, fuzz.ratio(said_spoken, said_label) / 100)
    # the same digits in a name ('dolly two' ~ 'DALL-E 2') are evidence of their own
    bonus = DIGIT_BONUS if da else 0.0
    return round(min(1.0, 0.5 * spelling + 0.5 * sound + bonus), 3)


class Matcher:
    """An index of lexicon labels for ASR-tolerant lookup.

    ``threshold`` is the least combined score for a fuzzy match; exact (folded) matches always count.
    """

    def __init__(self, lexicon: Lexicon, threshold: float = DEFAULT_THRESHOLD, words: frozenset[str] = frozenset()):
        self.lexicon = lexicon
        self.threshold = threshold
        self.words = words
        self._labels: list[tuple[str, LexiconEntry]] = []
        self._norms: list[str] = []
        self._by_sound: dict[str, list[int]] = {}
        self._by_surname: dict[str, list[int]] = {}  # people by the sound of their family name
        self._by_norm: dict[str, list[LexiconEntry]] = {}
        self._known: frozenset[str] | None = None
        shorts = _short_names(lexicon)
        for entry in lexicon.entries.values():
            for label in [*entry.labels, *shorts.get(entry.key, ())]:
                if not spellable(label):
                    continue
                norm = normalise(label)
                bucket = self._by_norm.setdefault(norm, [])
                if entry not in bucket:
                    bucket.append(entry)
                if not heard_by_ear(entry):
                    continue  # most knowledge-base names: exact matches only, as written
                if len(_letters_digits(norm)[0]) < 3 or (label.isupper() and norm.isalpha() and len(norm) <= 5):
                    continue  # too short to match by ear, or an acronym: exact only
                idx = len(self._labels)
                self._labels.append((label, entry))
                self._norms.append(norm)
                self._by_sound.setdefault(sound_key(label), []).append(idx)
                if entry.top_type == "Person" and " " in label:
                    for key in _surname_keys(label.split()[-1]):
                        self._by_surname.setdefault(key, []).append(idx)

    @property
    def known_keys(self) -> frozenset[str]:
        """Every folded or normalised label: a cheap first test before :meth:`exact`."""
        if self._known is None:
            self._known = frozenset(self.lexicon.by_label) | frozenset(self._by_norm)
        return self._known

    def exact(self, spoken: str) -> list[LexiconEntry]:
        """Entries one of whose labels equals ``spoken`` after folding (or number-word normalising); a
        knowledge-base entry only where ``spoken`` is capitalised as its name is."""
        found = self.lexicon.lookup(spoken) or self._by_norm.get(normalise(spoken), [])
        return [e for e in found if written_as_name(spoken, e)]

    def sounds_like(self, spoken: str) -> list[tuple[str, LexiconEntry]]:
        """(label, entry) pairs whose label has exactly the sound key of ``spoken`` ('century tower' ~
        Sentry Tower), in a stable order."""
        return sorted((self._labels[i] for i in self._by_sound.get(sound_key(spoken), ())), key=lambda le: (le[0], le[1].key))

    def is_ordinary(self, spoken: str) -> bool:
        """Every word of ``spoken`` is an ordinary English word (or an inflection of one)."""
        tokens = re.findall(r"[a-z]+", spoken.lower())
        return bool(self.words) and bool(tokens) and all(is_word(t, self.words) for t in tokens)

    def fuzzy(self, spoken: str, top_types: set[str] | None = None) -> Match | None:
        """The best label that sounds or looks like ``spoken`` above the threshold, or None.

        Ordinary words stay words: in lower case they never match; a capitalised single word needs
        :data:`COMMON_WORD_THRESHOLD`.
        """
        threshold = self.threshold
        if self.is_ordinary(spoken):
            if not spoken[:1].isupper():
                return None
            if len(spoken.split()) == 1:
                threshold = max(threshold, COMMON_WORD_THRESHOLD)
        norm = normalise(spoken)
        letters, _ = _letters_digits(norm)
        if len(norm) < 4 or (spoken.isupper() and len(letters) <= 4 and letters == norm):
            return None  # too short to tell by ear, or an acronym: exact matches only
        pool = {i for _, _, i in process.extract(norm, self._norms, scorer=fuzz.ratio, limit=20, score_cutoff=55)}
        pool.update(self._by_sound.get(sound_key(spoken), ()))
        if " " in spoken.strip():  # 'Danny Conoman': a person heard by a family name that sounds the same
            for key in _surname_keys(spoken.split()[-1]):
                pool.update(self._by_surname.get(key, ()))
        best: Match | None = None
        n_words = len(spoken.split())
        for i in pool:
            label, entry = self._labels[i]
            if top_types and entry.top_type not in top_types:
                continue
            if not _plausible_shape(spoken, label, entry, n_words):
                continue
            score = similarity(spoken, label)
            if entry.common_word and not spoken[:1].isupper():
                continue
            needed = threshold - PERSON_MARGIN if entry.top_type == "Person" else threshold
            if n_words == 1 and entry.top_type != "Person":
                needed = max(needed, ONE_WORD_THRESHOLD)
            if score >= needed and (best is None or score > best.score or (score == best.score and label < best.label)):
                method = "sound" if sound_key(spoken) == sound_key(label) else "spelling"
                best = Match(entry, label, method, score)
        return best


def is_word(token: str, words: frozenset[str]) -> bool:
    """``token`` (lower case) is in ``words`` as it is or without a regular inflection."""
    if token in words:
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("er", ""), ("ly", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3 and token[: len(token) - len(suffix)] + repl in words:
            return True
    return False


@lru_cache(maxsize=1)
def rare_surname_words() -> frozenset[str]:
    """Dictionary words that are U.S. family names and rare as words ('merton', 'noyes'; built by
    ``scripts/build_name_words.py`` into ``ontology/lexicon/rare_surname_words.txt``), folded."""
    lines = data_path("lexicon", "rare_surname_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def ordinary_word(word: str, words: frozenset[str], person: bool = False) -> bool:
    """``word`` is an ordinary English word (:func:`is_word`); in a person's name (``person``) a family
    name rare as a word ('Merton') is a name, not a word, though WordNet lists it (for a famous man)."""
    if person and fold(word) in rare_surname_words():
        return False
    return is_word(word.lower(), words)


def all_ordinary_words(names: list[str], words: frozenset[str], person: bool = False) -> bool:
    """Every word of a name is an ordinary word (:func:`ordinary_word`). A person's full name is read past
    its Census first name, which is neither word nor evidence: 'Robert Merton' is no phrase of words,
    'Joshua Advice' is one ('advice' is no one's name)."""
    if person and len(names) > 1 and fold(names[0]) in census_given_names():
        names = names[1:]
    return bool(names) and all(ordinary_word(w, words, person) for w in names)


def _plausible_shape(spoken: str, label: str, entry: LexiconEntry, n_words: int) -> bool:
    """Length and word-count checks that keep short or differently shaped strings apart."""
    a, b = normalise(spoken), normalise(label)
    if not 0.6 <= len(a) / max(len(b), 1) <= 1.6:
        return False
    if n_words < len(label.split()) - 1:
        return False  # speech-to-text splits names, it does not drop two of their words ('Fund Administration')
    if entry.top_type == "Person":
        words = label.split()
        if len(words) != n_words:
            return False
        # the family name must sound alike, not just the whole string
        if not _surname_alike(spoken.split()[-1], words[-1]):
            return False
    elif not _rest_alike(spoken, label):
        return False
    return True


NAME_PARTICLES = frozenset({"van", "von", "de", "da", "del", "der", "la", "le", "di", "al", "bin", "ibn", "the", "of", "tha"})


def without_middle_names(entry: LexiconEntry) -> list[str]:
    """A person's names said without the middle name ('Jeanne DeWitt Grosser' is mostly said 'Jeanne
    Grosser', 'John F. Kennedy' 'John Kennedy'): first and last word of each label of three words whose
    middle word is a capitalised name or an initial. None where the words are no first, middle and family
    name: an initial first ('J. Pierpont Morgan'), a particle ('Chris Van Hollen', 'Alexander the
    Great'), a suffix or numeral last ('Pope Leo XIV')."""
    if entry.top_type != "Person":
        return []
    out = []
    for label in entry.labels:
        words = label.split()
        if len(words) != 3 or not (words[0].isalpha() and len(words[0]) > 2 and words[0][:1].isupper()):
            continue
        middle, last = words[1], words[2]
        if (middle[:1].isupper() and middle.lower() not in NAME_PARTICLES and last[:1].isupper()
                and last.isalpha() and not last.isupper() and len(last) > 2):
            short = f"{words[0]} {last}"
            if short not in entry.labels and short not in out:
                out.append(short)
    return out


def _short_names(lexicon: Lexicon) -> dict[str, list[str]]:
    """:func:`without_middle_names` of every person, by entry key, but a short name two people share
    ('George Bush') or that is another entry's name."""
    shorts = {key: without_middle_names(e) for key, e in lexicon.entries.items()}
    seen: dict[str, set[str]] = {}  # first and last word of every person's longer name ('George H. W. Bush' too)
    for e in lexicon.entries.values():
        for label in e.labels if e.top_type == "Person" else ():
            if len(label.split()) >= 3:
                seen.setdefault(fold(f"{label.split()[0]} {label.split()[-1]}"), set()).add(e.key)
    return {key: [n for n in names if len(seen[fold(n)]) == 1 and not lexicon.lookup(n)] for key, names in shorts.items() if names}


def surname_key(name: str) -> str:
    """The sound key of a family name, with 'th' as 't' ('Thiel' is said, and heard, as 'Teele')."""
    return sound_key(name).replace("0", "T")


def _surname_keys(name: str) -> tuple[str, ...]:
    """Keys a family name is looked up by: its own, and without a first 'h' or vowel ('Hinton' is
    also heard 'Inton')."""
    key = surname_key(name)
    return (key, key[1:]) if key[:1] in "HAEIOU" and len(key) > 2 else (key,)


def _surname_alike(spoken: str, label: str) -> bool:
    """The family name sounds alike as a whole and keeps its first sound ('Dimson' is not Edison,
    'McGuire' not Meeker), save a 'th' said 't' ('Teele' for Thiel) or a first 'h' dropped ('Inton'
    for Hinton, 'Asabez' for Hassabis)."""
    a, b = surname_key(spoken), surname_key(label)
    if b[:1] == "H" and a[:1] in "AEIOU" and a:
        a, b = a[1:], b[1:]
    elif a[:1] != b[:1]:
        return False
    sound = fuzz.ratio(a, b) / 100
    if sound < 0.75 and fuzz.ratio(spoken.lower(), label.lower()) < 75:
        return False
    spelling = fuzz.ratio(sound_spelling(normalise(spoken)), sound_spelling(normalise(label))) / 100
    return 0.5 * spelling + 0.5 * sound >= SURNAME_FLOOR


def _rest_alike(spoken: str, label: str) -> bool:
    """A first or last word in common proves nothing ('Solomon Brothers' is not Lehman Brothers, 'Santa
    Claus' not Santa Clara, 'Apple One' not Apple M1): the other words must sound alike on their own
    ('Goldman Sach', 'Flux Safety', 'GPD-5' still are Goldman Sachs, Flock Safety, GPT-5)."""
    a = [fold(w) for w in re.split(r"[\s-]+", spoken) if w]
    b = [fold(w) for w in re.split(r"[\s-]+", label) if w]
    if len(a) < 2 or len(b) < 2:
        return True
    if a[0] == b[0]:
        rest_a, rest_b = a[1:], b[1:]
    elif a[-1] == b[-1]:
        rest_a, rest_b = a[:-1], b[:-1]
    else:
        return True
    return similarity(" ".join(rest_a), " ".join(rest_b)) >= SHARED_WORD_REST
