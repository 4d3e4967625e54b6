"""Link: one scoring function decides which candidate names of an episode are entities.

The mention finder offers candidates generously (names NER alone sees, lexicon names that are also
ordinary words, names of odd shape); :mod:`kg.extract.names.entities` clusters them per episode and describes each
by named features (:data:`FEATURES`). A logistic regression whose weights are data
(``ontology/weights/linker.json``, fitted on the dev gold by ``scripts/fit_linker.py``) turns the
features into a probability; a candidate at or above the threshold (``kg build --accept``) is
accepted. Nothing here knows any name: what the old gates knew is a feature with a fitted weight.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from kg.resources import data_path

FEATURES = (
    "bias",
    "lexicon",          # a lexicon entry (a name also an ordinary word), not an unknown name
    "prior",            # the entry's popularity prior (0 when none)
    "common_word",      # the lexicon flags the name as an ordinary word too
    "work_title",       # the title of a book, film or show ('Zero to One', 'The Rest Is History')
    "phrase_words",     # share of function words and verbs in what was heard (a phrase rather than a name)
    "dictionary_word",  # every word of the name is a dictionary word
    "given_name",       # one word that is a known first name
    "acronym",          # all capitals, at most four letters
    "short",            # at most three letters
    "multiword",        # two words or more
    "long_name",        # three words or more
    "by_sound",         # share of hits heard by sound, not spelled as the name
    "mentions",         # log(1 + mentions in the episode)
    "once",             # said once
    "title",            # named in the title or the header
    # (the share of mentions written with capitals, or in lower case, as written, is shown but not weighed:
    # what case says depends on the episode's habit, kg.extract.names.casing)
    "capitalised_rel",  # share of mentions with capitals their position does not explain, × how much a capital says in the episode
    "sentence_initial",  # share of mentions whose position explains a capital (a sentence start; a line start
    #                      inside a sentence where the episode capitalises line starts)
    "lower_rel",        # share of mentions written all lower case, × how much lower case says in the episode
    "word_capitalised",  # dictionary_word × capitalised_rel: an ordinary word written as a name where the episode does not
    "proper_noun",      # share of mentions tagged proper noun throughout
    "lexicon_capitalised",  # lexicon × capitalised_rel
    "lexicon_lower",    # lexicon × lower_rel
    "part_of_name",     # share of mentions saying one word of a longer lexicon name ('Matrix' for Matrix Partners)
    "unknown_once",     # not in the lexicon and said once
    "one_word_person",  # a person named by one word
    "name_words",       # every word a first name or no dictionary word
    "surname",          # an unknown name's last word is a common family name that is also a word: its Census-rank prior ('Jordan Fisher')
    "ner",              # share of mentions NER sees as a name
    "ner_agrees",       # share of mentions whose NER type is the candidate's type
    "cue",              # a naming cue beside some mention ('X team', 'called X', 'at X', 'my cofounder X')
    "type_cue",         # a typing cue beside some mention ('X's CEO', 'use X', 'Dr. X', 'X, Ohio')
    "naming_cue",       # words that introduce a name right before some mention ('a startup called X', 'a guy named X')
    "place_address",    # a place on a known place: NER's place, a comma, a known place ('Dayton, Ohio'), or a qualified one ('Northern California'; a sure feature, see Linker.sure)
    "noun",             # share of mentions whose last word is a noun or proper noun
    "bare",             # share of mentions that stand bare, as names do ('use cursor', not 'your cursor'); a proper noun
    #                     always stands bare, so for names not made of dictionary words it is a second bias (why it fits negative)
    "kept_shape",       # the shape of unknown names kg kept before it had a linker (a sure feature, see Linker.sure)
    "maker_near",       # share of hits near a naming of the product's maker (or the product it is part of)
    "sense_cue",        # a company-or-product word said in a use that gives its sense outright ('joined via Zoom', 'a zoom call'; kg.extract.names.senses.strong_cue)
    "org_word",         # a word like 'Inc', 'Labs', 'University' in the name
    "head_word",        # a mention said with capitals holds a head word of an institution or place ('Center', 'Bureau', 'Airport'; rules/name_heads.json)
    "connected_name",   # capitalised words joined by a connector ('Bureau of Labor Statistics')
    "split_word",       # share of mentions heard as more lower-case words than the name has, not as its parts ('to go' for Togo)
    "joined_name",      # share of mentions heard as the parts of a one-word name no dictionary has, no function word among them, no article or possessive before ('sales force', 'core weave'; not 'their head space')
    "listed",           # some mention is listed beside a name of its type ('Adobe and Sketch')
    "known_near",       # share of mentions with a lexicon name found exactly in the same sentence
    "short_form",       # log(1 + times a key word of a multiword name is said alone, capitalised, elsewhere: 'Acme' for 'Acme Robotics')
    "name_context",     # words before some mention use it as a name of its type ('went to X', 'my old company X', 'according to X')
    "lower_cue",        # lower × (listed or name context): a name said in lower case, used as a name
    "framed",           # share of mentions only a naming frame offered ('our main competitor was sketch'; kg.extract.names.framed)
    "lower_compound",   # lexicon_lower × share of mentions of two content words or more × how far those words keep together in the episode ('federal reserve'; not 'the sun', 'real time')
    "word_said_lower",  # an unknown person: share of the name's words past the first name the episode also says in lower case elsewhere ('Joshua Advice')
    "person", "organization", "product", "place",  # the candidate's type
)
DEFAULT_ACCEPT = 0.5


@dataclass
class Linker:
    """The scoring function: weights by feature name, an intercept inside them ('bias'), a threshold."""

    weights: dict[str, float] = field(default_factory=dict)
    accept: float = DEFAULT_ACCEPT
    header: dict = field(default_factory=dict)
    sure: tuple[str, ...] = ()  # features that accept by themselves (what kg's rules accepted before the linker)

    def score(self, features: Mapping[str, float]) -> float:
        """The probability that a candidate with these features is an entity."""
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, features: Mapping[str, float]) -> tuple[bool, float]:
        """The verdict and the score (a candidate with a :attr:`sure` feature is accepted whatever its score)."""
        p = self.score(features)
        return p >= self.accept or any(features.get(name) for name in self.sure), p


def weights_path() -> Path:
    """Where the fitted weights live."""
    return data_path("weights", "linker.json")


def load_linker(path: str | Path | None = None, accept: float | None = None) -> Linker:
    """The linker of a weights file (default: kg's own), with its threshold unless ``accept`` is given."""
    data = json.loads(Path(path or weights_path()).read_text(encoding="utf-8"))
    weights = {k: float(v) for k, v in data["weights"].items()}
    return Linker(weights, float(data.get("accept", DEFAULT_ACCEPT)) if accept is None else accept,
                  {k: v for k, v in data.items() if k not in ("weights",)}, tuple(data.get("sure", ())))


@lru_cache(maxsize=8)
def default_linker(accept: float | None = None) -> Linker:
    """kg's fitted linker, loaded once per process."""
    return load_linker(None, accept)


def vector(features: Mapping[str, float]) -> list[float]:
    """Features in :data:`FEATURES` order (missing ones are 0)."""
    return [float(features.get(name, 0.0)) for name in FEATURES]


SURE = ("kept_shape", "place_address")  # the default sure features of a fitted linker

# The sign each weight must have where the feature's meaning fixes it (others are free): evidence of a
# name may not count against it, nor a sign of an ordinary word for it, however the dev set's few
# hundred candidates fall (correlated features otherwise take opposite signs that cancel).
SIGNS = {
    **{name: 1 for name in ("lexicon", "prior", "multiword", "long_name", "mentions", "title", "capitalised_rel",
                            "word_capitalised",
                            "proper_noun", "ner", "ner_agrees", "cue", "type_cue", "naming_cue", "noun", "maker_near", "sense_cue",
                            "org_word", "head_word", "connected_name", "listed", "known_near", "short_form",
                            "name_context", "lower_cue",
                            "lexicon_capitalised", "name_words", "surname", "joined_name", "lower_compound")},
    **{name: -1 for name in ("common_word", "work_title", "phrase_words", "dictionary_word", "short", "by_sound",
                             "sentence_initial", "lower_rel", "lexicon_lower", "part_of_name", "unknown_once",
                             "split_word", "word_said_lower")},
}


def fit(rows: Sequence[Mapping[str, float]], labels: Sequence[int], l2: float = 1.0, steps: int = 50,
        sure: Sequence[str] = SURE, signs: Mapping[str, int] = SIGNS) -> dict[str, float]:
    """Logistic regression by Newton's method with an L2 penalty (not on the bias): feature weights.
    Rows with a ``sure`` feature are accepted anyway and left out of the fit. A weight whose sign is
    not the one ``signs`` gives is held at 0 and the rest refitted, until every sign agrees."""
    import numpy as np

    kept = [(r, y) for r, y in zip(rows, labels) if not any(r.get(name) for name in sure)]
    x = np.array([vector(r) for r, _ in kept], dtype=float)
    y = np.array([y for _, y in kept], dtype=float)
    held = np.zeros(len(FEATURES), dtype=bool)
    while True:
        w = _newton(x, y, l2, steps, held)
        wrong = [i for i, name in enumerate(FEATURES) if not held[i] and signs.get(name, 0) * w[i] < 0]
        if not wrong:
            break
        held[max(wrong, key=lambda i: abs(w[i]))] = True  # the worst first: the others may come right
    return {name: round(float(v), 4) + 0.0 for name, v in zip(FEATURES, w)}


def _newton(x, y, l2: float, steps: int, held):
    """Newton steps of the L2-penalised logistic regression, the ``held`` weights kept at 0."""
    import numpy as np

    x = x * ~held  # a held feature's column is zero, so its weight stays 0
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[FEATURES.index("bias")] = 1e-6
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w


def explain(features: Mapping[str, float], linker: Linker) -> list[tuple[str, float, float]]:
    """Each non-zero feature with its value and its contribution (weight × value), largest effect first."""
    rows = [(name, value, linker.weights.get(name, 0.0) * value) for name, value in features.items() if value]
    return sorted(rows, key=lambda r: -abs(r[2]))


def round_features(features: Mapping[str, float]) -> dict[str, float]:
    """Features rounded for storing in an episode result (small, stable bytes)."""
    return {k: round(float(v), 3) for k, v in features.items() if v}


def names_of(forms: Iterable[str]) -> list[str]:
    """A few distinct forms, in order (kept with a decision to explain and to label it)."""
    seen: dict[str, None] = {}
    for f in forms:
        seen.setdefault(f, None)
    return list(seen)[:6]
