"""Unknown names that are another name of the episode: a first name alone, a family name alone, a
name heard alike, the same name said again.

A first name alone joins the full name said elsewhere in the episode ("Sherman" after "Sherman
Wu"), or the one lexicon person of that first name whose organization the episode talks about
("Sam" in an episode about OpenAI); a family name alone joins the one person of the episode with
that family name; an unknown name that sounds like a name of the episode is that name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kg.extract.names.lexicon import Lexicon, LexiconEntry, fold, given_names, is_nickname_of, same_given_name
from kg.extract.names.located import Located, first, in_title
from kg.extract.names.matching import similarity, sound_key, sound_spelling
from kg.extract.names.qualified import METHOD as QUALIFIED
from kg.extract.names.senses import names_institution
from kg.extract.names.surnames import link_famous_surnames
from kg.model import Decision, Entity

FIRST_NAME_SIMILARITY = 0.9
TITLE_FIRST_NAME_SIMILARITY = 0.8
NEAR_ORG_BONUS = 0.1
EPISODE_SIMILARITY = 0.72  # an unknown name this close to a name of the same episode is that name
CROSS_TYPE_SIMILARITY = 0.8
SURNAME_SIMILARITY = 0.8
FAMILY_VARIANT_SIMILARITY = 0.55  # loose: the same first name, the episode and the known person say the rest
MUCH_MORE = 2  # an unknown full name said this many times as often as a variant of it is the name heard right
TITLE_NAME_SIMILARITY = 0.7
SURNAME_SCORE = 0.7
HEARD_METHODS = frozenset({"sound", "spelling", "surname"})
SHOW_BONUS = 0.1
TITLE_BONUS = 0.1  # a person of an organization the title names
NICKNAME_SCORE = 0.95  # 'Dave' is David, but a David said as David is likelier still
ORG_WINDOW = 2  # turns either side in which an organization counts as said 'near' a name


def merge_names(entities: dict[str, Entity], located: list[Located], lexicon: Lexicon,
                decisions: list[Decision] | None = None) -> dict[str, str]:
    """Which entity each unknown name that is another name of the episode stands for (old key → new
    key): first names, then lone family names (of the episode's people, then of well-known people),
    then names heard alike, then the same names. The weighing of well-known family names is appended
    to ``decisions``."""
    turn_orgs, own_turn_orgs = _orgs_near(entities, located)
    redirect = _merge_first_names(entities, lexicon, turn_orgs, own_turn_orgs)
    redirect.update(_merge_lone_surnames(entities, lexicon, redirect))
    famous, weighed = link_famous_surnames(entities, lexicon, redirect, located)
    redirect.update(famous)
    if decisions is not None:
        decisions += weighed
    redirect.update(_merge_nickname_variants(entities, redirect))
    redirect.update(_merge_heard_alike(entities, redirect))
    redirect.update(_merge_family_variants(entities, redirect))
    redirect.update(_merge_same_names(entities, redirect))
    return redirect


def _orgs_near(entities: dict[str, Entity], located: list[Located]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """For each unknown name, the lexicon organizations said within :data:`ORG_WINDOW` turns of it,
    and those said in the very turn of the name."""
    turn_orgs: dict[str, set[str]] = defaultdict(set)
    own_turn_orgs: dict[str, set[str]] = defaultdict(set)
    orgs_in_turn: dict[int, set[str]] = defaultdict(set)
    for loc in located:
        ent = entities[loc.key]
        if ent.lexicon_key and names_institution(ent):
            orgs_in_turn[loc.turn].add(ent.lexicon_key)
    for loc in located:
        if loc.key.startswith("?"):
            for t in range(loc.turn - ORG_WINDOW, loc.turn + ORG_WINDOW + 1):
                turn_orgs[loc.key] |= orgs_in_turn.get(t, set())
            own_turn_orgs[loc.key] |= orgs_in_turn.get(loc.turn, set())
    return turn_orgs, own_turn_orgs


@dataclass
class _Cast:
    """Who and what the episode names, for the first-name merges."""

    shows: set[str]  # lexicon keys of the shows
    title_orgs: set[str]  # organizations the title itself names ('ElevenLabs CEO: ...')
    present_orgs: set[str]  # organizations and shows the episode names
    full_people: list[Entity]  # people named by a full name
    title_people: list[Entity]  # of them, those the title names
    hosts: list[LexiconEntry]  # lexicon people of the show


def _cast(entities: dict[str, Entity], lexicon: Lexicon) -> _Cast:
    """The organizations, shows and people of the episode that a first name alone may belong to."""
    shows = {e.lexicon_key for e in entities.values() if e.type == "Podcast" and e.lexicon_key}
    title_orgs = {e.lexicon_key for e in entities.values() if e.lexicon_key and names_institution(e)
                  and in_title(e)}
    full_people = [e for e in entities.values() if e.top_type == "Person" and len(e.label.split()) > 1]
    # organizations, and shows (a host is affiliated with the show), that the episode names
    # (an organization known only as the maker of the show does not count: 'Ben' in any a16z episode)
    present_orgs = {e.lexicon_key for e in entities.values() if e.lexicon_key and (
        e.type == "Podcast" or (names_institution(e) and any(m.method != "header" for m in e.mentions)))}
    title_people = [e for e in full_people if in_title(e)]
    hosts = [e for e in lexicon.affiliated_people if shows.intersection(e.affiliated_with)]
    return _Cast(shows, title_orgs, present_orgs, full_people, title_people, hosts)


def _merge_first_names(entities: dict[str, Entity], lexicon: Lexicon, turn_orgs: dict[str, set[str]],
                       own_turn_orgs: dict[str, set[str]]) -> dict[str, str]:
    """Map unknown person names to the full-name person they stand for.

    A one-word name joins a full name said in the episode whose first name sounds the same; else the
    one lexicon person of that first name whose organization the episode names (a former one: in the
    name's own turn). A longer unknown name joins a lexicon person of the same first name whose
    organization is named in the same turn ("at Quora with Adam D. Ansfield").
    """
    redirect: dict[str, str] = {}
    cast = _cast(entities, lexicon)
    for key, ent in list(entities.items()):
        # NER often calls a guest's unusual first name an organization ('Today we have Sassan'): it may
        # still be the first name of the person the title names
        as_org = ent.top_type == "Organization" and len(ent.label.split()) == 1
        if not key.startswith("?") or (ent.top_type != "Person" and not as_org):
            continue
        if len(ent.label.split()) == 1:
            full = _full_name_of(ent.label, cast, as_org)
            known = _affiliated_person(ent.label, cast, lexicon, turn_orgs.get(key, set()), own_turn_orgs.get(key, set())) \
                if full is not None and _heard_as_words(entities[full]) and not as_org else None
            if known is not None and cast.title_orgs.intersection(known.affiliated_with):
                full = None  # 'Josh' in an episode titled on Thrive is Josh Kushner, not the 'Joshua Advice' a sentence heard wrong made
            if full is not None:
                redirect[key] = full
                for m in ent.mentions:
                    m.method = "first-name"
                continue
        if as_org:
            continue
        entry = _affiliated_person(ent.label, cast, lexicon, turn_orgs.get(key, set()), own_turn_orgs.get(key, set()))
        if entry is not None:
            if entry.key not in entities:
                entities[entry.key] = Entity(entry.key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
            redirect[key] = entry.key
            for m in ent.mentions:
                m.method = "first-name+affiliation"
                m.score = 0.7
    return redirect


def _heard_as_words(person: Entity) -> bool:
    """An unknown full name made of a first name and ordinary words that only the linker may accept
    ('Joshua Advice': every mention found as such, method ner-word)."""
    return person.key.startswith("?") and all(m.method == "ner-word" for m in person.mentions)


def _full_name_of(name: str, cast: _Cast, as_org: bool) -> str | None:
    """The key of the full-name person of the episode whose first name sounds like the one-word
    ``name`` (the one said most, among the best alike); a host's first name prefers the lexicon's
    people and those of the title."""
    fulls = cast.title_people if as_org else cast.full_people
    needed = FIRST_NAME_SIMILARITY
    if any(sound_spelling(fold(name)) == sound_spelling(fold(first(h.label))) for h in cast.hosts):
        # the show's host, called by first name, before a stranger a guest names ('Patrick' on
        # Invest Like the Best is the host, not the 'Patrick Doyle' a guest once mentions), and before
        # a person of a nickname of it ('Stephen' on a show Steven hosts is not Steve Jobs)
        fulls = [f for f in fulls if f.lexicon_key or in_title(f)]
        needed = 1.0
    scored = []
    for full in fulls:
        forms = [full.label, *(m.text for m in full.mentions)]
        # a nickname said alone may be the full name's formal one ('Dave', David Ostrowind), not the
        # reverse: 'Stephen' alone is no Steve
        best = max(_same_first_name(name, first(f), nickname_only=True) for f in forms)
        if best >= needed:
            scored.append((best, len(full.mentions), full.key))
    return max(scored)[2] if scored else None


def _affiliated_person(name: str, cast: _Cast, lexicon: Lexicon, near: set[str], own_turn: set[str]) -> LexiconEntry | None:
    """The one lexicon person of ``name``'s first name whose organization the episode names near it
    (or the show, or one the title names), clearly ahead of any other; None when none or no clear one."""
    one_word = len(name.split()) == 1
    # (as alike as a title's organization asks of its people)
    hosts = [h for h in cast.hosts if _same_first_name(name, first(h.label), nicknames=False) >= TITLE_FIRST_NAME_SIMILARITY
             ] if one_word else []
    if len(hosts) == 1:
        # the show's host called by first name ('Stephen' on Steven Bartlett's show), before a stranger
        # of an organization the title names (Steven Pinker in an episode titled on Harvard)
        return hosts[0]
    # one word: an organization said near it, the show, or one the title names ('Sam' is Sam Altman
    # beside OpenAI, not anywhere in an episode that mentions OpenAI)
    orgs = {o for o in cast.present_orgs if o in near or o in cast.shows or o in cast.title_orgs} if one_word else near
    known = []
    by_org = lexicon.people_by_organization
    candidates = {e.key: e for org in sorted(orgs | own_turn) for e in by_org.get(org, ())}
    for entry in candidates.values():
        # a former organization counts only in the name's own turn ('at Kora ... Charlie still there')
        if not (any(org in orgs for org in entry.affiliated_with)
                or any(org in own_turn for org in entry.formerly_affiliated_with)):
            continue
        given = first(entry.label)
        in_title_org = any(o in cast.title_orgs for o in entry.affiliated_with)
        if one_word and not in_title_org and sound_spelling(fold(name)) != sound_spelling(fold(given)):
            continue  # 'Dennis' may be Denis, but 'Jake' is not Jack (unless the title names his company)
        if not one_word and not in_title_org and not _surname_agrees(name, entry.label):
            continue  # 'Adam D. Ansfield' may be Adam D'Angelo; 'Brad Gurley' is not Brad Lightcap
            # (but in an episode the title says is about the company, its person's first name is enough)
        score = _same_first_name(first(name), given, nicknames=False)  # (a stranger's nickname is too loose)
        if score >= (TITLE_FIRST_NAME_SIMILARITY if in_title_org else FIRST_NAME_SIMILARITY):
            # the organization named in the same turn, or the show, makes the person likelier
            score += NEAR_ORG_BONUS if any(o in near for o in entry.affiliated_with) else 0.0
            score += SHOW_BONUS if any(o in cast.shows for o in entry.affiliated_with) else 0.0
            score += TITLE_BONUS if in_title_org else 0.0  # an a16z title makes 'Mark' a16z's Marc
            known.append((score, entry))
    known.sort(key=lambda se: (-se[0], se[1].key))
    if known and (len(known) == 1 or known[0][0] - known[1][0] >= 0.03):
        return known[0][1]
    return None


def _merge_heard_alike(entities: dict[str, Entity], redirect: dict[str, str]) -> dict[str, str]:
    """Unknown names that sound like a name already found in the episode are that name: the episode
    itself is the context that makes 'OpenNord' Opendoor when 'Open Door' was said too."""
    # names of the lexicon, and people the title names (written, so spelled right even if no lexicon knows them)
    known = [e for k, e in entities.items() if k not in redirect and (not k.startswith("?") or (
        e.top_type == "Person" and in_title(e) and len(e.label.split()) > 1))]
    out: dict[str, str] = {}
    for key, ent in entities.items():
        if not key.startswith("?") or key in redirect or len(fold(ent.label)) < 4 or ent.label.isupper():
            continue  # acronyms and short words are too easily alike ('SVP' is not SAP)
        if all(m.method == QUALIFIED for m in ent.mentions):
            continue  # 'Western US' holds the United States by construction: alike, yet another place
        one_word = len(ent.label.split()) == 1
        best: tuple[float, str] | None = None
        for other in known:
            if other.key == key or (other.key.startswith("?") and in_title(ent)):
                continue
            cross_type = other.top_type != ent.top_type
            if cross_type and not (one_word or ent.top_type == "Organization"):
                continue
            if ent.top_type == "Person" and not _title_person_heard(ent, other) and not _same_person_name(ent, other):
                continue  # 'Jerry Ma' is not Jerry Tworek: the family names must sound alike too
            score = max(similarity(ent.label, form) for form in {other.label, *(m.text for m in other.mentions)})
            needed = EPISODE_SIMILARITY if not cross_type else CROSS_TYPE_SIMILARITY  # NER's 'Dill' may be Deel
            if score >= needed and (best is None or score > best[0]):
                best = (score, other.key)
        if best:
            out[key] = best[1]
            for m in ent.mentions:
                m.method, m.score = "heard-alike", best[0]
    return out


def _merge_family_variants(entities: dict[str, Entity], redirect: dict[str, str]) -> dict[str, str]:
    """An unknown full name with the first name of a known person of the episode and a family name
    loosely alike, said less often than that person, is that person's family name garbled once more
    ('Michael Murray' beside a Michael Burry the lexicon knows): the ASR hears a rare family name
    differently each time. So is one beside an unknown full name said :data:`MUCH_MORE` times as
    often ('Adam Frugey' once beside 'Adam Fruge' five times). Only when that person is the one person
    of the episode it fits."""
    people = [e for k, e in entities.items() if k not in redirect and e.top_type == "Person"
              and len(e.label.split()) > 1]
    known = [e for e in people if not e.key.startswith("?") or (in_title(e) and len(e.label.split()) == 2)]
    said = {e.key: len(e.mentions) for e in people}  # with the names already merged into them ('Michael')
    for old, new in redirect.items():
        if new in said and old in entities:
            said[new] += len(entities[old].mentions)
    out: dict[str, str] = {}
    for ent in people:
        words = ent.label.split()
        if not ent.key.startswith("?") or len(words) != 2 or ent in known:
            continue
        # the people it may be: known ones, and unknown ones said more often (not other variants of one name)
        fits = [o for o in people if o is not ent and (o in known or said[o.key] > said[ent.key])
                and _family_variant(words, o)]
        if len(fits) == 1 and said[fits[0].key] >= (said[ent.key] + 1 if fits[0] in known else MUCH_MORE * said[ent.key]):
            out[ent.key] = fits[0].key
            score = similarity(words[-1], fits[0].label.split()[-1])
            for m in ent.mentions:
                m.method, m.score = "heard-alike", round(score, 2)
    return out


def _family_variant(words: list[str], other: Entity) -> bool:
    """``other`` has the same first name as ``words`` and a family name loosely alike
    (:data:`FAMILY_VARIANT_SIMILARITY`)."""
    theirs = other.label.split()
    if not _sounds_same(words[0], theirs[0]):
        return False
    a, b = fold(words[-1]), fold(theirs[-1])
    return a != b and similarity(a, b) >= FAMILY_VARIANT_SIMILARITY


def _title_person_heard(ent: Entity, other: Entity) -> bool:
    """``ent`` is the person the title names, heard with the words cut elsewhere ('Paul Verlukking'
    for Palmer Luckey): a full name, the same initial, the whole name alike."""
    return (other.top_type == "Person" and in_title(other) and len(ent.label.split()) > 1
            and fold(ent.label)[:1] == fold(other.label)[:1] and similarity(ent.label, other.label) >= TITLE_NAME_SIMILARITY)


def _same_person_name(ent: Entity, other: Entity) -> bool:
    """As many words, first names alike and family names alike."""
    return (len(ent.label.split()) == len(other.label.split())
            and _same_first_name(first(ent.label), first(other.label), nickname_only=True) >= FIRST_NAME_SIMILARITY
            and similarity(ent.label.split()[-1], other.label.split()[-1]) >= EPISODE_SIMILARITY)


def _merge_lone_surnames(entities: dict[str, Entity], lexicon: Lexicon, redirect: dict[str, str]) -> dict[str, str]:
    """A family name said alone ('Newsom', 'Sacks') is the one person of the episode with that family
    name ('Gavin Newsom', 'David Sacks'), when just one fits. It applies to names only NER found, and
    to lexicon entries of any kind reached only by a one-word name heard alike: 'Sutton' after
    'Richard Sutton' is him, not the company Stone that the word sounds like."""
    # said in full, or a lexicon person the episode names by first name ('Donald' beside the Trump
    # administration): the family name alone then confirms them
    people = [e for k, e in entities.items() if e.top_type == "Person" and len(e.label.split()) > 1 and k not in redirect
              and (e.lexicon_key or any(len(m.text.split()) > 1 for m in e.mentions))]
    first_names = given_names() | lexicon.first_names
    out: dict[str, str] = {}
    for key, ent in entities.items():
        if key in redirect or len(fold(ent.label)) < 3:
            continue
        words = {m.text for m in ent.mentions}
        if not words or not all(len(w.split()) == 1 for w in words):
            continue
        if not (key.startswith("?") or all(m.method in HEARD_METHODS for m in ent.mentions)):
            continue
        # NER often calls a lone family name an organization ('Newsom always does'): then it must be exact
        exact = ent.top_type != "Person"
        # a first name is not a family name heard alike ('Elon' is not Ellison)
        exact = exact or any(fold(w) in first_names for w in words)
        # the family name as the lexicon writes it or as it was heard in the full name ('Conoman' after
        # 'Danny Conoman', which is Daniel Kahneman)
        fits = {p.key for p in people if p.key != key
                and all(any(_same_surname(w, surname, exact) for surname in _surnames(p)) for w in words)}
        if len(fits) == 1:
            out[key] = fits.pop()
            for m in ent.mentions:
                m.method, m.score = "surname", SURNAME_SCORE
    return out


def _merge_nickname_variants(entities: dict[str, Entity], redirect: dict[str, str]) -> dict[str, str]:
    """Two unknown full names of people with the same family name, one first name a nickname of the
    other ('Charlie Mitchell' and 'Charles Mitchell'), are one person: the name said less joins the
    one said more (the longer first name on a tie)."""
    people = sorted((e for k, e in entities.items() if k.startswith("?") and k not in redirect and e.top_type == "Person"
                     and len(e.label.split()) > 1), key=lambda e: (-len(e.mentions), -len(e.label), e.key))
    out: dict[str, str] = {}
    for i, ent in enumerate(people):
        if ent.key in out:
            continue
        for other in people[i + 1:]:
            if other.key in out or fold(other.label.split()[-1]) != fold(ent.label.split()[-1]):
                continue
            if len(other.label.split()) == len(ent.label.split()) and same_given_name(first(other.label), first(ent.label)):
                out[other.key] = ent.key
                for m in other.mentions:
                    m.method, m.score = "first-name", SURNAME_SCORE
    return out


def _surnames(person: Entity) -> set[str]:
    """The family name of ``person`` as labelled and as heard in the full names said in the episode."""
    return {person.label.split()[-1]} | {m.text.split()[-1] for m in person.mentions if len(m.text.split()) > 1}


def _same_surname(spoken: str, surname: str, exact: bool = False) -> bool:
    """The spoken word is the family name, or sounds the same (or, unless ``exact``, alike) and starts
    with the same letter."""
    a, b = fold(re.sub(r"['’]s$", "", spoken)), fold(surname)
    if a == b or (a[:1] == b[:1] and sound_key(a) == sound_key(b)):
        return True
    return not exact and a[:1] == b[:1] and similarity(spoken, surname) >= SURNAME_SIMILARITY


def _surname_agrees(spoken: str, label: str) -> bool:
    """Some later word of the spoken name starts like the real surname ('D.' or 'DAngelo' for D'Angelo)."""
    surname = fold(label.split()[-1])
    return any(fold(w)[:1] == surname[:1] for w in spoken.split()[1:] if fold(w))


def _sounds_same(a: str, b: str) -> bool:
    """Two names spelled alike or sounding the same ('Mark' and 'Marc')."""
    return fold(a) == fold(b) or sound_spelling(fold(a)) == sound_spelling(fold(b))


def _same_first_name(a: str, b: str, nickname_only: bool = False, nicknames: bool = True) -> float:
    """1.0 for the same first name, spelled alike or sounding the same ('Mark' and 'Marc');
    :data:`NICKNAME_SCORE` when one is a nickname of the other ('Dave' and 'David'; with
    ``nickname_only``, ``a`` must be the nickname; never without ``nicknames``); else how alike."""
    if _sounds_same(a, b):
        return 1.0
    nick = nicknames and (is_nickname_of(a, b) if nickname_only else same_given_name(a, b))
    return NICKNAME_SCORE if nick else similarity(a, b)


def _merge_same_names(entities: dict[str, Entity], redirect: dict[str, str]) -> dict[str, str]:
    """Unknown names equal to a known entity's label or spoken variant join that entity."""
    by_name: dict[str, str] = {}
    for key, ent in entities.items():
        if key.startswith("?") or key in redirect:
            continue
        for form in [ent.label, *(m.text for m in ent.mentions)]:
            by_name.setdefault(fold(form), key)
    out: dict[str, str] = {}
    for key, ent in entities.items():
        if key.startswith("?") and key not in redirect and fold(ent.label) in by_name:
            out[key] = by_name[fold(ent.label)]
    return out


