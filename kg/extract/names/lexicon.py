"""Load SKOS lexicons (the built-in ones under ``ontology/lexicon`` plus user files) into a label index."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

from kg.errors import InputError
from kg.resources import ONTOLOGY_NS, data_path

TOP_TYPES = ("Person", "Organization", "Product", "Place")


@lru_cache(maxsize=1)
def _generational_suffixes() -> frozenset[str]:
    """'Jr.', 'III': words after a family name (``suffixes`` of ``rules/famous_surnames.json``)."""
    raw = json.loads(data_path("rules", "famous_surnames.json").read_text(encoding="utf-8"))
    return frozenset(raw["suffixes"])


def family_name(label: str) -> str:
    """The folded family name of a person's label: its last word, past 'Jr.' or 'III' ('' for one word)."""
    words = label.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower() in _generational_suffixes():
        words.pop()
    return fold(words[-1]) if len(words) > 1 else ""


@dataclass
class LexiconEntry:
    """One real thing: its canonical name, its genuine aliases, its ontology class."""

    key: str
    label: str
    type: str
    top_type: str
    alt_labels: list[str] = field(default_factory=list)
    hidden_labels: list[str] = field(default_factory=list)
    common_word: bool = False
    made_by: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)
    affiliated_with: list[str] = field(default_factory=list)
    formerly_affiliated_with: list[str] = field(default_factory=list)
    prior: float | None = None  # popularity 0..1 from an open-data source (ontology/kb); None: hand-written
    same_as: list[str] = field(default_factory=list)  # Wikidata IRIs of the same thing (owl:sameAs)
    source: str | None = None  # the knowledge-base file it comes from ('notable'); None: hand-written or a user's

    @property
    def labels(self) -> list[str]:
        """All names this entry may be written as, canonical first."""
        return [self.label, *self.alt_labels, *self.hidden_labels]


def slugify(name: str) -> str:
    """Lower-case ASCII slug: letters and digits joined by single hyphens."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The OWL ontology, parsed once per process."""
    return Graph().parse(data_path("kg.ttl"))


@lru_cache(maxsize=1)
def class_tree() -> dict[str, str]:
    """Map every class local name of the ontology to its top type (Person, Organization, ...)."""
    g = ontology_graph()
    parents: dict[str, list[str]] = {}
    for s, o in g.subject_objects(RDFS.subClassOf):
        if str(s).startswith(ONTOLOGY_NS) and str(o).startswith(ONTOLOGY_NS):
            parents.setdefault(str(s)[len(ONTOLOGY_NS):], []).append(str(o)[len(ONTOLOGY_NS):])
    tops: dict[str, str] = {t: t for t in TOP_TYPES}

    def top(name: str, seen: frozenset = frozenset()) -> str | None:
        if name in tops:
            return tops[name]
        for parent in parents.get(name, []):
            if parent not in seen:
                found = top(parent, seen | {name})
                if found:
                    return found
        return None

    for name in parents:
        found = top(name)
        if found:
            tops[name] = found
    return tops


@lru_cache(maxsize=1)
def predicate_signatures() -> dict[str, tuple[str | None, str | None]]:
    """Top types of the rdfs:domain and rdfs:range of every ontology property (None where open)."""
    g = ontology_graph()
    tops = class_tree()
    out: dict[str, tuple[str | None, str | None]] = {}
    for prop in set(g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#ObjectProperty"))):
        if not str(prop).startswith(ONTOLOGY_NS):
            continue
        dom = next((tops.get(_local(o)) for o in g.objects(prop, RDFS.domain)), None)
        rng = next((tops.get(_local(o)) for o in g.objects(prop, RDFS.range)), None)
        out[_local(prop)] = (dom, rng)
    return out


@lru_cache(maxsize=1)
def symmetric_predicates() -> frozenset[str]:
    """Local names of the ontology's owl:SymmetricProperty properties (stated once, read both ways)."""
    g = ontology_graph()
    sym = URIRef("http://www.w3.org/2002/07/owl#SymmetricProperty")
    return frozenset(_local(p) for p in g.subjects(RDF.type, sym) if str(p).startswith(ONTOLOGY_NS))


class Lexicon:
    """Entries by key, and an index from folded label to entries."""

    def __init__(self, entries: list[LexiconEntry]):
        self.entries: dict[str, LexiconEntry] = {}
        hand_names = {fold(label) for e in entries if e.prior is None for label in e.labels}
        for entry in sorted(entries, key=lambda e: not e.label):  # full entries before patches
            if entry.prior is not None and (entry.key in self.entries or fold(entry.label) in hand_names):
                continue  # a knowledge-base entry never patches, nor doubles, a hand-written one
            if entry.key in self.entries:
                self._merge(self.entries[entry.key], entry)
            elif entry.label:
                self.entries[entry.key] = entry
        self.by_label: dict[str, list[LexiconEntry]] = {}
        for entry in self.entries.values():
            for label in entry.labels:
                if not spellable(label):
                    continue
                bucket = self.by_label.setdefault(fold(label), [])
                if entry not in bucket:
                    bucket.append(entry)

    @staticmethod
    def _merge(into: LexiconEntry, other: LexiconEntry) -> None:
        for attr in ("alt_labels", "hidden_labels", "made_by", "part_of", "affiliated_with", "formerly_affiliated_with"):
            values = getattr(into, attr)
            values.extend(v for v in getattr(other, attr) if v not in values)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> list[LexiconEntry]:
        """Entries with a label equal to ``name`` after folding case, accents and punctuation."""
        return self.by_label.get(fold(name), [])

    def get(self, key: str) -> LexiconEntry | None:
        """The entry with this key (slug), if any."""
        return self.entries.get(key)

    @cached_property
    def affiliated_people(self) -> tuple[LexiconEntry, ...]:
        """People of the lexicon with an organization they are (or were) affiliated with, in lexicon order:
        the only ones a first name said beside an organization may stand for."""
        return tuple(e for e in self.entries.values()
                     if e.top_type == "Person" and (e.affiliated_with or e.formerly_affiliated_with))

    @cached_property
    def people_by_organization(self) -> dict[str, tuple[LexiconEntry, ...]]:
        """:attr:`affiliated_people` by each organization they are or were affiliated with, in lexicon
        order: the people a name said beside an organization may stand for, without reading them all."""
        out: dict[str, list[LexiconEntry]] = {}
        for entry in self.affiliated_people:
            for org in dict.fromkeys((*entry.affiliated_with, *entry.formerly_affiliated_with)):
                out.setdefault(org, []).append(entry)
        return {org: tuple(people) for org, people in out.items()}

    @cached_property
    def people_by_surname(self) -> dict[str, tuple[LexiconEntry, ...]]:
        """The lexicon's people known by a full name, by their folded family name (:func:`family_name`):
        'newsom' -> (Gavin Newsom,), 'trump' -> (Donald Trump, Donald Trump Jr., ...)."""
        out: dict[str, list[LexiconEntry]] = {}
        for e in self.entries.values():
            name = family_name(e.label) if e.top_type == "Person" else ""
            if name:
                out.setdefault(name, []).append(e)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def first_names(self) -> frozenset[str]:
        """Folded first names of the lexicon's people known by a full name ('sam' of Sam Altman)."""
        return frozenset(fold(e.label.split()[0]) for e in self.entries.values()
                         if e.top_type == "Person" and len(e.label.split()) > 1 and e.prior is None)


_NOT_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1 << 18)
def fold(name: str) -> str:
    """Fold case, accents, punctuation and spaces: 'GPT-OSS' == 'gpt oss'."""
    return _NOT_LETTER_OR_DIGIT.sub("", strip_accents(name.casefold()))


def short_acronym(text: str) -> bool:
    """All capitals, at most four letters or digits ('GPT', 'US', 'HRA'): an acronym, said letter by letter."""
    return text.isupper() and len(fold(text)) <= 4


# Latin letters that have no decomposition into a base letter and an accent: 'Børnich', 'Łukasz'
_LATIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def spelled_as(said: str, label: str) -> bool:
    """``said``, run together, spells ``label`` or its plural ('air tables' for Airtable, 'sales force'
    for Salesforce): case, spaces and punctuation aside (:func:`fold`)."""
    folded = fold(said)
    return folded in (fold(label), fold(label) + "s")


def strip_accents(text: str) -> str:
    """Lower-case ``text`` in plain Latin letters: 'josé børnich' -> 'jose bornich'."""
    if text.isascii():
        return text
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.translate(_LATIN_LETTERS)


def spellable(label: str) -> bool:
    """Every letter of ``label`` survives :func:`fold`: 'π0' folds to '0', which any 'zero' would
    match, so a label in another script is kept for display but never looked up."""
    return label.isascii() or all(fold(c) for c in label if c.isalpha())  # an ASCII letter always folds to itself


def _local(iri: URIRef | str) -> str:
    return re.split(r"[#/]", str(iri))[-1]


SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
DESCRIBING = (SKOS_NS + "prefLabel", SKOS_NS + "altLabel", SKOS_NS + "hiddenLabel", ONTOLOGY_NS + "madeBy",
              ONTOLOGY_NS + "partOf", ONTOLOGY_NS + "affiliatedWith", ONTOLOGY_NS + "formerlyAffiliatedWith")


def _read_turtle(path: Path) -> dict[str, dict[str, list[str]]]:
    """Subject IRI -> predicate IRI -> object values (an IRI or a literal's lexical form), parsed with
    Oxigraph (some ten times faster than rdflib on the built-in lexicon); bad input is one line."""
    import pyoxigraph as ox

    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except FileNotFoundError:
        raise InputError(f"{path}: no such lexicon file") from None
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{path}: not valid Turtle ({str(exc).splitlines()[0][:120]})") from None
    out: dict[str, dict[str, list[str]]] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            out.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object.value)
    return out


def parse_lexicon(paths: list[Path]) -> list[LexiconEntry]:
    """Read SKOS Turtle files into entries; a user file's entries merge with built-in ones of the same key."""
    tops = class_tree()
    entries: list[LexiconEntry] = []
    for path in paths:
        described = _read_turtle(path)
        for subject in sorted(s for s, props in described.items() if any(p in props for p in DESCRIBING)):
            props = described[subject]
            values = lambda predicate: props.get(predicate, [])  # noqa: E731
            pref = sorted(values(SKOS_NS + "prefLabel"))
            declared = [*values(ONTOLOGY_NS + "entityType"), *values(RDF_TYPE)]
            types = sorted({_local(t) for t in declared if _local(t) in tops})
            if not pref or not types:
                pref, types = [""], [""]  # a patch: adds labels or links to an entry defined elsewhere
            entries.append(
                LexiconEntry(
                    key=_local(subject),
                    label=pref[0],
                    type=types[0],
                    top_type=tops.get(types[0], ""),
                    alt_labels=sorted(values(SKOS_NS + "altLabel")),
                    hidden_labels=sorted(values(SKOS_NS + "hiddenLabel")),
                    common_word=any(v.lower() == "true" for v in values(ONTOLOGY_NS + "commonWord")),
                    made_by=sorted(_local(o) for o in values(ONTOLOGY_NS + "madeBy")),
                    part_of=sorted(_local(o) for o in values(ONTOLOGY_NS + "partOf")),
                    affiliated_with=sorted(_local(o) for o in values(ONTOLOGY_NS + "affiliatedWith")),
                    formerly_affiliated_with=sorted(_local(o) for o in values(ONTOLOGY_NS + "formerlyAffiliatedWith")),
                    same_as=sorted(values(OWL_SAME_AS)),
                )
            )
    return entries


def builtin_lexicon_files() -> list[Path]:
    """The lexicon files shipped with kg, in a stable order."""
    return sorted(data_path("lexicon").glob("*.ttl"))


@lru_cache(maxsize=8)
def load_lexicon(user_files: tuple[str, ...] = ()) -> Lexicon:
    """The built-in lexicon merged with user lexicon files, then the knowledge base (``ontology/kb``)."""
    return Lexicon([*parse_lexicon([*builtin_lexicon_files(), *(Path(p) for p in user_files)]), *load_kb()])


WIKIDATA = "http://www.wikidata.org/entity/"
EAR_PRIOR = 0.85  # a knowledge-base name this popular may be heard by ear; the rest only as written


def heard_by_ear(entry: LexiconEntry) -> bool:
    """Whether fuzzy and sound matching may find ``entry``: every hand-written entry, and the
    knowledge base's most popular names (100,000 names by ear would hear one in every sentence)."""
    return entry.prior is None or entry.prior >= EAR_PRIOR


def written_as_name(spoken: str, entry: LexiconEntry) -> bool:
    """A knowledge-base name counts only as written: each word capitalised where a label of the entry
    capitalises it ('Ozempic', 'Lionel Messi'; not 'ozempic', 'patagonia'), and with its accents unless
    it is popular enough to be heard by ear. Hand entries always pass."""
    if entry.prior is None:
        return True
    said = spoken.split()
    for label in entry.labels:
        if spoken.isascii() and not label.isascii() and entry.prior < EAR_PRIOR:
            continue  # 'Tima' in an English transcript is not the small Egyptian town Ţimā
        words = label.split()
        if len(words) == len(said) and all(_cased_like(s, w) for s, w in zip(said, words)):
            return True
    return False


def _cased_like(said: str, word: str) -> bool:
    """One word said as a label's word is written: capitalised where it is, in capitals only where it
    is ('CAPEX', 'CapEx' are no brand Capex), and with its inner capitals ('Chatbot' is no brand ChatBot)."""
    if said.isupper() and len(said) > 1 and not word.isupper():
        return False
    if any(c.isupper() for c in said[1:]) and not said.isupper() and said != word:
        return False  # 'CapEx' is written otherwise than the brand Capex
    if any(c.isupper() for c in word[1:]) and not word.isupper() and said != word:
        return False
    return said[:1].isupper() or said[:1].isdigit() or not word[:1].isupper()


def read_kb(path: Path) -> tuple[dict[str, str], list[LexiconEntry]]:
    """One knowledge-base TSV file: its ``# name: value`` header and its entries (see scripts/build_kb.py)."""
    tops = class_tree()
    header: dict[str, str] = {}
    entries: list[LexiconEntry] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.startswith("#"):
                name, _, value = line[1:].partition(":")
                header.setdefault(name.strip(), value.strip())
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 6 or cols[2] not in tops:
                raise InputError(f"{path}:{n}: not a knowledge-base row (key, label, type, prior, same_as, alt_labels)")
            key, label, kind, prior, same, alts = cols
            entries.append(LexiconEntry(key, label, kind, tops[kind], alt_labels=alts.split("|") if alts else [],
                                        prior=float(prior), same_as=[WIKIDATA + q for q in same.split()], source=path.stem))
    return header, entries


def kb_files() -> list[Path]:
    """The knowledge-base files shipped with kg, in a stable order."""
    return sorted(data_path("kb").glob("*.tsv"))


@lru_cache(maxsize=1)
def load_kb() -> tuple[LexiconEntry, ...]:
    """Every entry of the shipped knowledge base."""
    return tuple(e for path in kb_files() for e in read_kb(path)[1])


def _word_list(name: str) -> frozenset[str]:
    lines = data_path("lexicon", name).read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w) for line in lines if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common first names (``ontology/lexicon/given_names.txt``), folded."""
    return _word_list("given_names.txt")


@lru_cache(maxsize=1)
def nickname_groups() -> dict[str, frozenset[str]]:
    """For each nickname, folded, the formal given names it is a nickname of
    (``ontology/kb/nicknames.txt``): 'dave' -> {'david'}, 'bill' -> {'william', 'robert'}."""
    groups: dict[str, set[str]] = {}
    for line in data_path("kb", "nicknames.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        formal, *nicks = (fold(w) for w in line.split())
        for nick in nicks:
            groups.setdefault(nick, set()).add(formal)
    return {name: frozenset(formals) for name, formals in groups.items()}


def is_nickname_of(nick: str, formal: str) -> bool:
    """``nick`` is a nickname of the given name ``formal`` ('Dave' of David); not the other way round."""
    return fold(formal) in nickname_groups().get(fold(nick), frozenset())


def same_given_name(a: str, b: str) -> bool:
    """The two first names are one name, or one is a nickname of the other ('Dave' and 'David'); two
    nicknames of one name are not ('Bob' and 'Bill' may both be a Robert's, but not of one man)."""
    return fold(a) == fold(b) or is_nickname_of(a, b) or is_nickname_of(b, a)


@lru_cache(maxsize=1)
def surname_ranks() -> dict[str, int]:
    """Common family names that are also English words, folded, with their rank among U.S. family names
    (``ontology/lexicon/surname_words.txt``, from the Census 1990 list: 'perry' 73)."""
    lines = data_path("lexicon", "surname_words.txt").read_text(encoding="utf-8").splitlines()
    return {fold(word): int(rank) for word, rank in (line.split() for line in lines if line.strip() and not line.startswith("#"))}


@lru_cache(maxsize=1)
def surname_words() -> frozenset[str]:
    """Common family names that are also English words (:func:`surname_ranks`), folded."""
    return frozenset(surname_ranks())


def surname_prior(word: str) -> float:
    """How common a family name a dictionary word is, 0..1: 1 for the commonest ('smith'), falling with
    the log of its Census rank to about 0.2 at the last kept rank; 0 for a word that is no such name."""
    rank = surname_ranks().get(fold(word))
    return 0.0 if rank is None else round(1.0 - math.log(rank) / _surname_scale(), 3)


@lru_cache(maxsize=1)
def _surname_scale() -> float:
    """The log of ten times the last kept surname rank: :func:`surname_prior`'s zero point."""
    return math.log(10 * max(surname_ranks().values()))


@lru_cache(maxsize=1)
def name_shapes() -> dict:
    """``ontology/rules/name_shapes.json`` (the head words that make a name a place's or an
    organization's, and the votes they give), its word lists as frozensets."""
    raw = json.loads(data_path("rules", "name_shapes.json").read_text(encoding="utf-8"))
    return {**raw, "place_heads": frozenset(raw["place_heads"]), "organization_heads": frozenset(raw["organization_heads"])}


@lru_cache(maxsize=1)
def census_given_names() -> frozenset[str]:
    """First names of the U.S. Census lists (``ontology/lexicon/given_names_census.txt``), folded: only for a
    name NER sees as one person of several words, never for a first name alone ('Will', 'May')."""
    return _word_list("given_names_census.txt")
