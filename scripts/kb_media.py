"""Readers of the knowledge base's media and sport sources, for ``scripts/build_kb.py``.

Famous people, films and sports teams: FiveThirtyEight's published data (every guest of The Daily Show
1999-2015, the biopics and the Bechdel-test films with their box office, the teams of the owners of the
NFL, NBA, MLB, NHL, WNBA and NASCAR) and openfootball's football.json (the clubs of each league's recent
seasons). Each reader turns a source file's text into plain records (:class:`kb_sources.Record`), the
popularity measure the source gives made a prior; ``build_kb`` makes them rows, filters them and writes them.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from typing import Iterable

from kb_sources import Record

# --- people ---------------------------------------------------------------------------------------

# titles and ranks a guest list writes before a name ('Sen. John McCain', 'Rt. Rev. V. Gene Robinson')
_HONORIFIC = re.compile(r"^(?:(?:Former|Fmr\.?|Rt\.|Rev\.|Sen\.|Senator|Rep\.|Gov\.|Governor|Gen\.|General|Adm\.|Admiral|"
                        r"Col\.|Lt\.|Maj\.|Sgt\.|Capt\.|Dr\.|Mr\.|Mrs\.|Ms\.|Ambassador|President|Secretary|Mayor|"
                        r"Speaker|Justice|Judge|Prof\.|Professor|Sir|Dame|Lord|Lady|Sheriff|Chief|Commander)\s+)+")
_PARTICLES = frozenset({"de", "da", "van", "von", "der", "del", "la", "le", "di", "du", "bin", "al"})
_NOT_A_PERSON = re.compile(r"\b(Special|Show|Band|Cast|Guest|Orchestra|Brothers|Sisters|Choir|Crew|Team|Group|Trail|"
                           r"Election|Night|Anniversary|Tour|Live|Correspondents?)\b|\d", re.I)
GUEST_PRIOR, GUEST_STEP, PERSON_CAP = 0.45, 0.08, 0.72  # once on the show 0.45; eight times or more 0.69+


def person_name(text: str) -> str | None:
    """One person's name as a guest list or credit writes it, titles off ('Sen. John McCain' -> 'John
    McCain'); None for what is no single person's name (a special, a band, one word)."""
    name = _HONORIFIC.sub("", re.sub(r"\s*\([^)]*\)", "", text).strip()).strip(" ,.;")
    words = name.split()
    if not 2 <= len(words) <= 4 or _NOT_A_PERSON.search(name):
        return None
    if not all(w[:1].isupper() or w in _PARTICLES for w in words) or not words[-1][:1].isupper():
        return None
    return name


def guest_names(raw: str) -> list[str]:
    """The people of one guest-list cell: 'Keegan-Michael Key and Jordan Peele' -> both names."""
    return [n for part in re.split(r"\s*(?:,|&|\band\b)\s*", raw) if (n := person_name(part))]


def appearance_prior(times: int, base: float = GUEST_PRIOR) -> float:
    """A prior growing with the log of the times a person was on the show (or in the source)."""
    return round(min(PERSON_CAP, base + GUEST_STEP * math.log2(max(times, 1))), 3)


def read_guests(text: str) -> list[Record]:
    """FiveThirtyEight ``daily-show-guests/daily_show_guests.csv``: every person who was a guest of The
    Daily Show with Jon Stewart, by the number of shows they were on (rows of no guest, 'NA', skipped)."""
    times: Counter[str] = Counter()
    for row in csv.DictReader(io.StringIO(text)):
        if row.get("Group", "NA") not in ("NA", ""):
            times.update(set(guest_names(row.get("Raw_Guest_List", ""))))
    return [Record(name, appearance_prior(n), (), ()) for name, n in sorted(times.items())]


def read_biopic_people(text: str) -> list[Record]:
    """FiveThirtyEight ``biopics/biopics.csv``: the real people biopics are about (prior 0.5: a life someone
    filmed) and the actors who played them (prior by the biopics they led, from 0.45)."""
    subjects: set[str] = set()
    actors: Counter[str] = Counter()
    for row in csv.DictReader(io.StringIO(text)):
        if name := person_name(row.get("subject", "")):
            subjects.add(name)
        if name := person_name(row.get("lead_actor_actress", "")):
            actors[name] += 1
    people = {name: appearance_prior(n) for name, n in actors.items()}
    for name in subjects:
        people[name] = max(people.get(name, 0.0), 0.5)
    return [Record(name, prior, (), ()) for name, prior in sorted(people.items())]


def famous_people(guests: str, biopics: str) -> list[Record]:
    """The people of both files, each at the higher of its priors."""
    people: dict[str, Record] = {}
    for record in [*read_guests(guests), *read_biopic_people(biopics)]:
        if record.label not in people or record.prior > people[record.label].prior:
            people[record.label] = record
    return [people[name] for name in sorted(people)]


# --- films ----------------------------------------------------------------------------------------

FILM_FLOOR, FILM_CAP = 0.3, 0.65


def gross_prior(dollars: float) -> float:
    """A film's prior from its box-office gross: 0.3 at a million dollars or less, +0.1 per tenfold, at most 0.65."""
    if dollars <= 1e6:
        return FILM_FLOOR
    return round(min(FILM_CAP, FILM_FLOOR + 0.1 * math.log10(dollars / 1e6)), 3)


def _dollars(text: str) -> float:
    """'$56.7M' -> 56,700,000; '1234567' -> 1,234,567; '-' or '#N/A' -> 0."""
    m = re.fullmatch(r"\$?\s*([\d.,]+)\s*([kKMB]?)", (text or "").strip())
    if not m:
        return 0.0
    scale = {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}[m.group(2)]
    try:
        return float(m.group(1).replace(",", "")) * scale
    except ValueError:
        return 0.0


def film_title(text: str) -> str | None:
    """A film's title as said: HTML entities decoded, a trailing year or bracket off ('Dredd 3D' stays)."""
    title = re.sub(r"\s*\((?:\d{4}|film)\)$", "", text.replace("&amp;", "&").replace("&#39;", "'").strip())
    return title or None


def read_films(bechdel: str, biopics: str) -> list[Record]:
    """FiveThirtyEight ``bechdel/movies.csv`` (films of 1970-2013 with their worldwide gross) and
    ``biopics/biopics.csv`` (biopics with their U.S. box office): film titles, prior by the gross."""
    gross: dict[str, float] = {}
    for row in csv.DictReader(io.StringIO(bechdel)):
        if title := film_title(row.get("title", "")):
            gross[title] = max(gross.get(title, 0.0), _dollars(row.get("intgross_2013$") or row.get("intgross", "")))
    for row in csv.DictReader(io.StringIO(biopics)):
        if title := film_title(row.get("title", "")):
            gross[title] = max(gross.get(title, 0.0), _dollars(row.get("box_office", "")))
    return [Record(title, gross_prior(d), (), title_aliases(title)) for title, d in sorted(gross.items())]


def title_aliases(title: str) -> tuple[str, ...]:
    """A title as it is also said, without its leading article where two words or more remain
    ('The Dark Knight' -> 'Dark Knight'; not 'The Help' -> 'Help')."""
    m = re.match(r"(?:The|A|An)\s+(.+)$", title)
    return (m.group(1),) if m and len(m.group(1).split()) >= 2 else ()


# --- sport ----------------------------------------------------------------------------------------

LEAGUE_PRIOR = {"NFL": 0.6, "NBA": 0.6, "MLB": 0.6, "NHL": 0.55, "WNBA": 0.5, "NASCAR": 0.5}


def read_us_teams(text: str) -> list[Record]:
    """FiveThirtyEight ``sports-political-donations/sports-political-donations.csv``: the teams (and
    racing teams) of the owners in the NFL, NBA, MLB, NHL, WNBA and NASCAR; prior by the league."""
    teams: dict[str, float] = {}
    for row in csv.DictReader(io.StringIO(text)):
        names = [t.strip() for t in row.get("Team", "").split(",")]
        leagues = [lg.strip() for lg in row.get("League", "").split(",")]
        for name, league in zip(names, leagues if len(leagues) == len(names) else leagues[:1] * len(names)):
            if name and name != "Commissioner" and league in LEAGUE_PRIOR:
                teams[name] = max(teams.get(name, 0.0), LEAGUE_PRIOR[league])
    return [Record(name, prior, (), ()) for name, prior in sorted(teams.items())]


# the big five European leagues and the Champions League; other first divisions; the rest
TOP_LEAGUES = frozenset({"en.1", "es.1", "de.1", "it.1", "fr.1", "uefa.cl"})
CLUB_PRIOR = {"top": 0.6, "first": 0.5, "other": 0.4}
_CLUB_SUFFIX = re.compile(r"^(?:(?:FC|AFC|CF|SC|AC|SV|VfB|VfL|RC|RCD|CA|SS|SSC|US|ACF|OGC|AS|TSG|1\.\s?FC|FK|SK)\s+)|"
                          r"\s+(?:FC|AFC|CF|SC|AC|SV|FK|SK|BC)$")


def club_prior(league: str) -> float:
    """The prior of a club by the league it plays in ('en.1', 'mls', 'de.2')."""
    if league in TOP_LEAGUES:
        return CLUB_PRIOR["top"]
    return CLUB_PRIOR["first"] if league.endswith(".1") or league == "mls" else CLUB_PRIOR["other"]


def club_names(name: str) -> tuple[str, tuple[str, ...]]:
    """A club's name as said and its official name: 'Arsenal FC' -> ('Arsenal', ('Arsenal FC',)); the
    Champions League's country code off ('FC Porto (POR)'), and a founding year ('VfL Bochum 1848' -> 'Bochum')."""
    full = re.sub(r"\s*\([A-Z]{3}\)$", "", name.strip())
    short = re.sub(r"^\d{4}\s+|\s+\d{4}$", "", _CLUB_SUFFIX.sub("", full).strip()).strip()
    return (short, (full,)) if short and short != full else (full, ())


# the country a league's name begins with, which talk leaves out ('the Premier League', 'Serie A')
LEAGUE_COUNTRY = frozenset({"English", "Deutsche", "Italian", "French", "Spain", "Turkish", "Greek", "Scottish",
                            "Portuguese", "Netherlands", "Belgium", "Argentina", "Colombia"})


def league_name(title: str) -> str:
    """A league's name without its season: 'English Premier League 2025/26' -> 'English Premier League'."""
    return re.sub(r"\s+\d{4}(?:[/-]\d{2,4})?$", "", title.strip())


def league_aliases(name: str) -> tuple[str, ...]:
    """A league's name without its country, as talk says it: 'English Premier League' -> 'Premier League'."""
    first, _, rest = name.partition(" ")
    return (rest,) if first in LEAGUE_COUNTRY and rest else ()


def latest_seasons(folders: Iterable[str]) -> list[str]:
    """football.json's latest two seasons ('2024-25', '2025-26') and latest calendar year ('2025')."""
    folders = sorted(folders)
    split = [f for f in folders if re.fullmatch(r"\d{4}-\d{2}", f)]
    years = [f for f in folders if re.fullmatch(r"\d{4}", f)]
    return split[-2:] + years[-1:]


def read_football(files: Iterable[tuple[str, str]]) -> tuple[list[Record], list[Record]]:
    """openfootball ``football.json`` season files (path, text): the clubs of each league's matches (prior
    by the league: 0.6 the big five and the Champions League, 0.5 other first divisions and MLS, 0.4 lower)
    and the leagues themselves (same priors): (clubs, leagues)."""
    clubs: dict[str, tuple[float, tuple[str, ...]]] = {}
    leagues: dict[str, float] = {}
    for path, text in files:
        league = path.rsplit("/", 1)[-1].removesuffix(".json")
        data = json.loads(text)
        prior = club_prior(league)
        if name := league_name(str(data.get("name", ""))):
            leagues[name] = max(leagues.get(name, 0.0), prior)
        for match in data.get("matches", []):
            for team in (match.get("team1"), match.get("team2")):
                if isinstance(team, str) and team.strip():
                    label, alts = club_names(team)
                    old = clubs.get(label, (0.0, ()))
                    clubs[label] = (max(old[0], prior), tuple(sorted(set(old[1]) | set(alts))))
    records = [Record(label, prior, (), alts) for label, (prior, alts) in sorted(clubs.items())]
    return records, [Record(name, prior, (), league_aliases(name)) for name, prior in sorted(leagues.items())]
