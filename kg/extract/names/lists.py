"""Lists of people run together: speech-to-text drops the commas of a spoken list, so one run of
capitalised words holds several names ('produced by Dana Reyes Marcus Oduya and ...' is Dana Reyes
and Marcus Oduya, not one person 'Reyes Marcus Oduya').

A run of four or more capitalised words, no word of it taken yet, that opens on a known first name is
cut before every known first name that follows a complete first and last name ('Dana Reyes' | 'Marcus
Oduya'), while at least two words stay after the cut. A first name that is a form of the one before
it is a nickname inside one name ('Charles Sunshine Charlie Mitchell') or a title that repeats a word,
not a new name: no cut there. The pieces are person candidates for the mention finder.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.names.lexicon import fold, same_given_name

MIN_RUN = 4  # two names of two words each


def listed_names(doc: Doc, taken: list[bool], given: frozenset[str]) -> list[Span]:
    """The names of every run of capitalised words that holds a list of people, in order."""
    out: list[Span] = []
    for run in _runs(doc, taken):
        out.extend(_pieces(run, given))
    return out


def _runs(doc: Doc, taken: list[bool]) -> list[Span]:
    """Maximal runs of free capitalised name-like words inside one sentence, of :data:`MIN_RUN` words or more."""
    runs = []
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            j = i
            while j < sent.end and not taken[j] and _name_like(doc[j]):
                j += 1
            if j - i >= MIN_RUN:
                runs.append(doc[i:j])
            i = max(j, i + 1)
    return runs


def _name_like(tok: Token) -> bool:
    """A word that may be part of a person's name: capitalised, letters only, not all capitals, not 'I'."""
    return tok.is_alpha and tok.text[:1].isupper() and not tok.text.isupper() and not tok.is_stop and len(tok) > 1


def _pieces(run: Span, given: frozenset[str]) -> list[Span]:
    """The names of one run: cut before a known first name two words or more after the last cut, with
    two words or more left; none if the run opens on no first name or nothing is cut."""
    words = list(run)
    if fold(words[0].text) not in given:
        return []
    cuts = [0]
    for i in range(2, len(words) - 1):
        first = fold(words[i].text)
        if i - cuts[-1] >= 2 and first in given and not _same_name(first, fold(words[cuts[-1]].text)):
            cuts.append(i)
    if len(cuts) == 1:
        return []
    doc = run.doc
    bounds = [*cuts, len(words)]
    return [doc[run.start + a:run.start + b] for a, b in zip(bounds, bounds[1:])]


def _same_name(a: str, b: str) -> bool:
    """One given name, or a form of it ('Charlie' of Charles): a nickname or a repeated word, not a new person."""
    return a == b or same_given_name(a, b)
