"""Readers of the knowledge base's people and institution sources, for ``scripts/build_kb.py``.

Each reader turns a source file's text into plain records (label, prior, Wikidata IDs, other names);
``build_kb`` makes them rows, filters them and writes them. Kept apart so that the build script stays
one job per module.
"""

from __future__ import annotations

import json
import math
import re
from fnmatch import fnmatchcase
from typing import Iterable, NamedTuple

# How prominent an office makes its holder, as a prior (issue #18: the office is the popularity measure the
# source gives). A president is named in more talk than a vice president, a senator than a representative.
OFFICE_PRIOR = {"prez": 0.8, "viceprez": 0.7, "sen": 0.6, "rep": 0.45}


class Record(NamedTuple):
    """A named thing of a source: its label, prior, Wikidata IDs and other names."""

    label: str
    prior: float
    same_as: tuple[str, ...]
    alt_labels: tuple[str, ...]


def _without_initials(name: str) -> str:
    """'Charles E. Schumer' -> 'Charles Schumer': a middle initial is rarely said."""
    return re.sub(r"\s+[A-Z]\.(?=\s)", "", name)


def person_names(person: dict) -> list[str]:
    """The names one legislator or officer is said by, the usual one first: the Wikipedia title (its
    common name, '(politician)' off), nickname and family name ('Bernie Sanders'), the official full name,
    first and family name, each also without a middle initial."""
    name, ids = person.get("name", {}), person.get("id", {})
    first, last, nick = name.get("first", ""), name.get("last", ""), name.get("nickname", "")
    candidates = [re.sub(r"\s*\([^)]*\)$", "", str(ids.get("wikipedia", ""))), f"{nick} {last}" if nick and last else "",
                  name.get("official_full", ""), f"{first} {last}" if first and last else ""]
    names: list[str] = []
    for candidate in candidates:
        for form in (candidate.strip(), _without_initials(candidate.strip())):
            if form and " " in form and "," not in form and form not in names:
                names.append(form)
    return names


def office_prior(person: dict) -> float:
    """The prior of the most prominent office in a person's terms (0 when none is known)."""
    return max((OFFICE_PRIOR.get(term.get("type", ""), 0.0) for term in person.get("terms", [])), default=0.0)


def read_people(documents: Iterable[list[dict]]) -> list[Record]:
    """unitedstates/congress-legislators records (``legislators-current.yaml``, ``executive.yaml``): one
    record per person, with the Wikidata ID where the source gives one."""
    records = []
    for people in documents:
        for person in people:
            names, prior = person_names(person), office_prior(person)
            if not names or not prior:
                continue
            qid = str(person.get("id", {}).get("wikidata", ""))
            same = (qid,) if re.fullmatch(r"Q\d+", qid) else ()
            records.append(Record(names[0], prior, same, tuple(names[1:])))
    return records


UNIVERSITY_PRIOR = 0.3
# the source lists some research hospitals and laboratories that teach; their names say what they are
NOT_A_SCHOOL = re.compile(r"\b(Clinic|Hospital|Health|Laborator(y|ies)|Observatory|Gruppe)\b")
SCHOOL = re.compile(r"Universi|College|Institu|School|Academ|Facult")


def university_type(name: str) -> str:
    """The ontology class of a name of the university list: a clinic, hospital or laboratory whose name says
    no school ('Mayo Clinic', 'Cold Spring Harbor Laboratory') is an organization, the rest universities."""
    return "Organization" if NOT_A_SCHOOL.search(name) and not SCHOOL.search(name) else "University"


def read_universities(text: str) -> list[Record]:
    """Hipo/university-domains-list ``world_universities_and_domains.json``: the names of universities
    and colleges of the world (prior 0.3; no Wikidata IDs in the source), sorted; none whose name
    names a campus or a former name in commas or brackets."""
    names = sorted({u["name"].strip() for u in json.loads(text) if isinstance(u, dict) and u.get("name")
                    and not re.search(r"[,()]", u["name"])})  # 'Islamic Azad University, Ardabil': a campus
    return [Record(name, UNIVERSITY_PRIOR, (), ()) for name in names]


# tom-james-watson/wikitrivia: saved Wikidata query results (content/queries/<query>/rows.json), each row a
# thing with its Wikidata ID, English label and sitelink count. The queries kept, by what their things are
# (the ontology class given); queries of events, eras, songs, artworks, weapons and the like are not read,
# nor albums: a self-titled album ('Elton John', 'Blink-182') would type its artist a work.
NOTABLE_QUERIES: dict[str, tuple[str, ...]] = {  # query names, or shell-style patterns of them
    "Person": ("*-taking-office", "famous-*", "nobel-laureates-award-year"),
    "Company": ("airlines-founding-year", "brands-and-companies-founding-year", "restaurant-chains-founding-year"),
    "SportsTeam": ("football-clubs-founding-year", "rugby-clubs-founding-year", "nba-franchises-founding-year",
                   "nfl-franchises-founding-year", "nhl-franchises-founding-year", "mlb-franchises-founding-year",
                   "f1-teams-founding-year"),
    "MediaOrganization": ("newspapers-launch-year", "tv-channels-launch-year", "radio-stations-launch-year"),
    "MediaWork": ("films-release-year", "books-publication-year", "tv-shows-first-air-year", "plays-premiere-year", "musicals-premiere-year", "radio-programs-start-year",
                  "comic-book-series-start-year", "graphic-novels-publication-year"),
    "Podcast": ("podcasts-start-year",),
    "SoftwareProduct": ("mobile-apps-launch-year", "websites-launch-year", "social-networking-services-launch-year",
                        "online-communities-launch-year", "operating-systems-release-year", "web-browsers-release-year",
                        "video-games-release-year", "game-engines-release-year"),
    "Hardware": ("cell-phone-models-release-year", "video-game-consoles-release-year"),
    "Vehicle": ("aircraft-first-flight-year", "automobile-models-launch-year"),
    "Landmark": ("stadiums-opening-year", "bridges-towers-and-skyscrapers-completion-year", "castles-and-palaces-*",
                 "religious-buildings-*", "museums-and-historic-sites-*", "historic-landmarks-*",
                 "notable-buildings-and-structures-*"),
}
NOTABLE_SKIPPED = ("fictional-characters-*",)  # no query of these names a real thing


def notable_class(query: str) -> str | None:
    """The ontology class of the things a wikitrivia query lists ('films-release-year': MediaWork), or None
    for a query that is not read (events, eras, songs, artworks)."""
    if any(fnmatchcase(query, p) for p in NOTABLE_SKIPPED):
        return None
    return next((cls for cls, patterns in NOTABLE_QUERIES.items() if any(fnmatchcase(query, p) for p in patterns)), None)


def sitelink_prior(sitelinks: int) -> float:
    """A prior from a Wikidata sitelink count (the Wikipedias that have a page on it), on the scale of the
    officeholders' priors: 15 sitelinks 0.5, 150 (a U.S. president's order) 0.8, capped at 0.9."""
    return round(min(0.9, max(0.3, 0.5 + 0.3 * math.log10(max(sitelinks, 1) / 15))), 3)


def read_notable(query: str, text: str) -> list[Record]:
    """The things of one wikitrivia query's ``rows.json``, each with its sitelink prior and Wikidata ID;
    a label that is only a Wikidata ID (no English label) is skipped."""
    out: list[Record] = []
    for row in json.loads(text):
        label = str(row.get("itemLabel", "")).strip()
        qid = str(row.get("item", "")).rsplit("/", 1)[-1]
        if not label or re.fullmatch(r"Q\d+", label) or not re.fullmatch(r"Q\d+", qid):
            continue
        try:
            sitelinks = int(row.get("sitelinks") or 0)
        except ValueError:
            sitelinks = 0
        out.append(Record(label, sitelink_prior(sitelinks), (qid,), ()))
    return out
