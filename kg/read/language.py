"""Is a transcript English? A small detector without models or dependencies.

Two signals, each robust on transcripts of a few hundred words:

- the script: most letters of a text in Chinese, Russian, Arabic, Hindi... are not Latin letters;
- in Latin script, the share of lower-case words that are English function words (``the``, ``and``,
  ``you``, ``that``...; ``ontology/stopwords/english_function_words.txt``): about half the words of
  English talk, a few percent of Spanish, German, French or Italian talk.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.resources import data_path

MIN_LATIN_SHARE = 0.5  # of all letters
MIN_FUNCTION_SHARE = 0.25  # of lower-case Latin words; English talk has 0.45-0.65, other languages under 0.1
MIN_WORDS = 15  # fewer lower-case Latin words than this say too little: taken as English
SAMPLE_CHARS = 40_000
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class LanguageGuess:
    """What the detector saw: whether the text is English, and why not when it is not."""

    english: bool
    script: str  # 'Latin' or the name of the script most letters are in ('CJK', 'CYRILLIC', ...)
    function_share: float  # share of English function words among the Latin words

    @property
    def reason(self) -> str:
        """A few words for the notice: 'mostly CYRILLIC script' or 'few English words'."""
        if self.script != "Latin":
            return f"mostly {self.script} script"
        return f"few English words ({self.function_share:.0%} English function words)"


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """The English function words the detector counts."""
    text = data_path("stopwords", "english_function_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=2048)
def _script(ch: str) -> str:
    """The script of a letter, as the first word of its Unicode name ('LATIN', 'CYRILLIC', 'CJK', ...)."""
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    return {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}.get(first, first or "OTHER")


def guess(text: str) -> LanguageGuess:
    """Whether ``text`` is English (the first :data:`SAMPLE_CHARS` characters decide)."""
    sample = text[:SAMPLE_CHARS]
    scripts: dict[str, int] = {}
    for ch in sample:
        if ch.isalpha():
            script = _script(ch)
            scripts[script] = scripts.get(script, 0) + 1
    letters = sum(scripts.values())
    if not letters:
        return LanguageGuess(False, "no", 0.0)
    if scripts.get("LATIN", 0) < MIN_LATIN_SHARE * letters:
        top = max(sorted(scripts), key=lambda s: scripts[s])
        return LanguageGuess(False, top, 0.0)
    # lower-case words only: names (and sentence starts) say nothing of the language around them
    words = [w.replace("’", "'") for w in _WORD.findall(sample) if (w.islower() or w == "I") and (w.isascii() or _latin(w))]
    words = [w.casefold() for w in words]
    if not words:
        return LanguageGuess(False, "Latin", 0.0)
    known = function_words()
    share = sum(1 for w in words if w in known) / len(words)
    return LanguageGuess(share >= MIN_FUNCTION_SHARE or len(words) < MIN_WORDS, "Latin", share)


def _latin(word: str) -> bool:
    return all(_script(ch) == "LATIN" for ch in word if ch.isalpha())
