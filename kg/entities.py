"""Turn mentions into entities: one node per real thing within an episode.

Lexicon mentions are keyed by their lexicon entry; unknown names by type and folded name. Then a
first name alone joins the full name said elsewhere in the episode ("Sherman" after "Sherman Wu"),
or the one lexicon person of that first name whose organization the episode talks about ("Sam"
in an episode about OpenAI). Types of unknown names are decided by the majority of their mentions.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .lexicon import Lexicon, LexiconEntry, fold, given_names, slugify
from .link_features import mention_features
from .linking import Linker, default_linker, names_of, round_features
from .matching import is_word, similarity, sound_key, sound_spelling
from .mentions import NER_TYPES, NOUN_TAGS, _after_class_noun, _after_preposition, _has_cue, mention_cues, person_cue, words_of
from .model import Decision, Entity, Mention
from .transcript import TITLE_INDEX, Turn

TYPE_PRIORITY = ["Organization", "Person", "Product", "Place"]
FIRST_NAME_SIMILARITY = 0.9
TITLE_FIRST_NAME_SIMILARITY = 0.8
NEAR_ORG_BONUS = 0.1
EPISODE_SIMILARITY = 0.72  # an unknown name this close to a name of the same episode is that name
CROSS_TYPE_SIMILARITY = 0.8
SURNAME_SIMILARITY = 0.8
TITLE_NAME_SIMILARITY = 0.7
SURNAME_SCORE = 0.7
HEARD_METHODS = frozenset({"sound", "spelling", "surname"})
SHOW_BONUS = 0.1
TITLE_BONUS = 0.1  # a person of an organization the title names
ORG_WINDOW = 2  # turns either side in which an organization counts as said 'near' a name
MAKER_WINDOW = 10  # turns either side in which a product's maker makes its ordinary-word name a name
ORG_WORDS = {"inc", "inc.", "corp", "corporation", "company", "labs", "lab", "capital", "ventures", "partners", "group",
             "university", "institute", "college", "bank", "foundation", "association", "agency", "department",
             "ministry", "council", "fund", "holdings", "technologies", "systems", "studios", "media", "school"}


@dataclass
class Located:
    """A mention span of a turn's Doc, with the entity key it resolved to."""

    span: Span
    turn: int
    key: str


def _second_and_utterance(turn: Turn, span: Span) -> tuple[float | None, int]:
    utt = turn.utterance_at(span.start_char)
    return utt.start, utt.index


def resolve(turns: list[Turn], docs: list[Doc], lexicon: Lexicon, show: str | None = None,
            linker: Linker | None = None) -> tuple[dict[str, Entity], list[Located], list[Decision]]:
    """Cluster the ``kg`` spans of every turn's Doc into entities; return them, the located mentions
    and the linker's decisions on the candidates it weighed (names no lexicon knows, lexicon names
    that are also words).

    ``show`` is the header's show name: it becomes a Podcast entity (see :func:`add_show`)."""
    linker = linker or default_linker()
    decisions: list[Decision] = []
    entities: dict[str, Entity] = {}
    located: list[Located] = []
    unknown_types: dict[str, Counter] = defaultdict(Counter)
    unknown_forms: dict[str, Counter] = defaultdict(Counter)

    for t, (turn, doc) in enumerate(zip(turns, docs)):
        for span in doc.spans.get("kg", []):
            method, score, canonical = span._.kg_match or ("ner", 0.5, span.text)
            second, utt = _second_and_utterance(turn, span)
            if span.kb_id_:
                entry = lexicon.get(span.kb_id_)
                if entry is None:
                    continue
                key = entry.key
                if key not in entities:
                    entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
            else:
                key = "?" + fold(canonical)
                unknown_types[key][span.label_] += 1
                unknown_forms[key][canonical] += 1
                if key not in entities:
                    entities[key] = Entity(key, canonical, span.label_, span.label_)
            entities[key].mentions.append(Mention(span.text, utt, second, method, float(score)))
            located.append(Located(span, t, key))

    decisions += _accept_in_context(turns, docs, lexicon, entities, located, linker)

    for key, types in unknown_types.items():
        if key not in entities:
            continue  # it gave way to a name the episode accepted
        top = max(types, key=lambda ty: (types[ty], -TYPE_PRIORITY.index(ty)))
        forms = unknown_forms[key]
        label = max(forms, key=lambda f: (forms[f], sum(c.isupper() for c in f), len(f)))
        entities[key].type = entities[key].top_type = top
        entities[key].label = label

    add_show(entities, show, lexicon)
    _sense_by_usage(entities, located)
    turn_orgs: dict[str, set[str]] = defaultdict(set)
    own_turn_orgs: dict[str, set[str]] = defaultdict(set)  # said in the very turn of the name
    orgs_in_turn: dict[int, set[str]] = defaultdict(set)
    for loc in located:
        ent = entities[loc.key]
        if ent.lexicon_key and ent.top_type == "Organization":
            orgs_in_turn[loc.turn].add(ent.lexicon_key)
    for loc in located:
        if loc.key.startswith("?"):
            for t in range(loc.turn - ORG_WINDOW, loc.turn + ORG_WINDOW + 1):
                turn_orgs[loc.key] |= orgs_in_turn.get(t, set())
            own_turn_orgs[loc.key] |= orgs_in_turn.get(loc.turn, set())
    redirect = _merge_first_names(entities, lexicon, turn_orgs, own_turn_orgs)
    redirect.update(_merge_lone_surnames(entities, lexicon, redirect))
    redirect.update(_merge_heard_alike(entities, redirect))
    redirect.update(_merge_same_names(entities, redirect))
    for loc in located:
        while loc.key in redirect:
            loc.key = redirect[loc.key]
    for old, new in redirect.items():
        if old in entities and new in entities:
            entities[new].mentions.extend(entities.pop(old).mentions)
        elif old in entities:
            entities.pop(old)

    decisions += _decide_unknown(turns, located, entities, lexicon, linker)
    located = [loc for loc in located if loc.key in entities]

    final: dict[str, Entity] = {}
    renamed: dict[str, str] = {}
    for key, entity in entities.items():
        new_key = slugify(entity.label) if key.startswith("?") else key
        renamed[key] = new_key
        if new_key in final:  # an unknown name that slugs like a known one: same node
            final[new_key].mentions.extend(entity.mentions)
        else:
            entity.key = new_key
            final[new_key] = entity
    for loc in located:
        loc.key = renamed[loc.key]
    for entity in final.values():
        entity.mentions.sort(key=lambda m: (m.utterance, m.text))
    return final, located, decisions


def _accept_in_context(turns: list[Turn], docs: list[Doc], lexicon: Lexicon, entities: dict[str, Entity],
                       located: list[Located], linker: Linker) -> list[Decision]:
    """Names that are also ordinary words ('lattice', 'cursor', 'agent builder', 'best buy'): an entry
    the episode names unmistakably elsewhere takes the word where it stands bare, without an article
    or a possessive ('I use cursor' once 'Cursor' was said, not 'move your cursor'), or where its maker
    is named close by or in the title (an Anduril episode's 'lattice' is Lattice). Any other entry is
    weighed by the linker over all its hits: their capitals, cues, NER's view, the maker near,
    repetitions (see :data:`kg.linking.FEATURES`)."""
    named = {k for k, e in entities.items() if e.lexicon_key and any(m.method != "header" for m in e.mentions)}
    # where each name is said: a maker counts near the word, or everywhere when the title or show names it
    said_in: dict[str, set[int]] = defaultdict(set)
    everywhere: set[str] = set()
    for loc in located:
        if turns[loc.turn].is_header:
            everywhere.add(loc.key)
        said_in[loc.key].add(loc.turn)

    def maker_near(makers: list[str], t: int) -> bool:
        return any(m in named and (m in everywhere or any(abs(t - u) <= MAKER_WINDOW for u in said_in.get(m, ())))
                   for m in makers)

    pending: dict[str, list[tuple[int, Span, bool]]] = defaultdict(list)
    held: dict[int, list[Span]] = defaultdict(list)
    for loc in located:
        if not loc.key.startswith("?"):
            held[loc.turn].append(loc.span)
    for t, (turn, doc) in enumerate(zip(turns, docs)):
        for span in doc.spans.get("kg_maybe", []):
            entry = lexicon.get(span.kb_id_)
            if entry is None:
                continue
            near = maker_near([*entry.made_by, *entry.part_of], t)
            whole = fold(span.text) == fold(entry.label) or len(span) > 1  # not a one-word alias ('Max')
            if (near and whole) or (entry.key in named and _bare(span)):
                _take_maybe(turns, t, span, entry, entities, located, held)  # the maker beside it names it
            elif entry.key not in named and (span._.kg_match or ("exact-context",))[0] == "exact-context":
                pending[entry.key].append((t, span, near))  # (words heard like a name count only beside its maker)
    decisions: list[Decision] = []
    for key in sorted(pending):
        if key in entities:
            continue  # its maker named it beside some of its hits: the rest stay words
        entry = lexicon.get(key)
        hits = pending[key]
        feats = _features([s for _, s, _ in hits], entry.top_type, [t for t, _, _ in hits], turns, entry=entry)
        feats["maker_near"] = sum(float(near) for _, _, near in hits) / len(hits)
        accepted, score = linker.accepts(feats)
        decisions.append(Decision(entry.label, entry.top_type, key, round(score, 3), accepted, round_features(feats),
                                  names_of([entry.label, *(s.text for _, s, _ in hits)])))
        if accepted:
            for t, span, _ in hits:
                _take_maybe(turns, t, span, entry, entities, located, held)
    return decisions


def _take_maybe(turns: list[Turn], t: int, span: Span, entry, entities: dict[str, Entity], located: list[Located],
                held: dict[int, list[Span]]) -> None:
    """Make a maybe hit a mention of its entry (creating the entity), and drop unknown names inside it.
    ``held`` has the spans of lexicon names by turn: a longer or surer name keeps its words."""
    if any(_overlap(other, span) for other in held.get(t, ())):
        return
    held.setdefault(t, []).append(span)
    if entry.key not in entities:
        entities[entry.key] = Entity(entry.key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
    second, utt = _second_and_utterance(turns[t], span)
    method, score, _ = span._.kg_match or ("exact-context", 0.7, entry.label)
    entities[entry.key].mentions.append(Mention(span.text, utt, second, method, score))
    located.append(Located(span, t, entry.key))
    _give_way(span, t, utt, entities, located)


def _give_way(span: Span, t: int, utt: int, entities: dict[str, Entity], located: list[Located]) -> None:
    """Unknown names inside a name the episode accepts are part of it ('Max' in 'Max mode'): drop them."""
    for loc in [x for x in located if x.turn == t and x.key.startswith("?") and x.span.start < span.end
                and span.start < x.span.end]:
        located.remove(loc)
        ent = entities.get(loc.key)
        if ent is None:
            continue
        ent.mentions = [m for m in ent.mentions if not (m.utterance == utt and m.text == loc.span.text)]
        if not ent.mentions:
            del entities[loc.key]


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _bare(span: Span) -> bool:
    """A noun with no article, possessive, number or adjective before it, as a name stands ('use
    cursor'; not 'your cursor', 'the entire time', nor the verb in 'getting acquired')."""
    if span.root.pos_ not in ("NOUN", "PROPN"):
        return False
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and (before.pos_ in ("DET", "NUM", "ADJ") or before.tag_ == "PRP$" or before.lower_ in ("'s", "’s")):
        return False
    return not any(t.pos_ in ("DET", "NUM", "ADJ") or t.tag_ == "PRP$" for t in span.root.lefts if t.i < span.start)


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


def _merge_first_names(entities: dict[str, Entity], lexicon: Lexicon, turn_orgs: dict[str, set[str]],
                       own_turn_orgs: dict[str, set[str]]) -> dict[str, str]:
    """Map unknown person names to the full-name person they stand for.

    A one-word name joins a full name said in the episode whose first name sounds the same; else the
    one lexicon person of that first name whose organization the episode names (a former one: in the
    name's own turn). A longer unknown name joins a lexicon person of the same first name whose
    organization is named in the same turn ("at Quora with Adam D. Ansfield").
    """
    redirect: dict[str, str] = {}
    shows = {e.lexicon_key for e in entities.values() if e.type == "Podcast" and e.lexicon_key}
    # organizations the title itself names ('ElevenLabs CEO: ...'): the episode is about their people
    title_orgs = {e.lexicon_key for e in entities.values() if e.lexicon_key and e.top_type == "Organization"
                  and _in_title(e)}
    full_people = [e for e in entities.values() if e.top_type == "Person" and len(e.label.split()) > 1]
    # organizations, and shows (a host is affiliated with the show), that the episode names
    # (an organization known only as the maker of the show does not count: 'Ben' in any a16z episode)
    present_orgs = {e.lexicon_key for e in entities.values() if e.lexicon_key and (
        e.type == "Podcast" or (e.top_type == "Organization" and any(m.method != "header" for m in e.mentions)))}
    title_people = [e for e in full_people if _in_title(e)]
    hosts = [e for e in lexicon.affiliated_people if shows.intersection(e.affiliated_with)]
    for key, ent in list(entities.items()):
        # NER often calls a guest's unusual first name an organization ('Today we have Sassan'): it may
        # still be the first name of the person the title names
        as_org = ent.top_type == "Organization" and len(ent.label.split()) == 1
        if not key.startswith("?") or (ent.top_type != "Person" and not as_org):
            continue
        name = ent.label
        one_word = len(name.split()) == 1
        if one_word:
            fulls = title_people if as_org else full_people
            if any(sound_spelling(fold(name)) == sound_spelling(fold(_first(h.label))) for h in hosts):
                # the show's host, called by first name, before a stranger a guest names ('Patrick' on
                # Invest Like the Best is the host, not the 'Patrick Doyle' a guest once mentions)
                fulls = [f for f in fulls if f.lexicon_key or _in_title(f)]
            scored = []
            for full in fulls:
                forms = [full.label, *(m.text for m in full.mentions)]
                best = max(_same_first_name(name, _first(f)) for f in forms)
                if best >= FIRST_NAME_SIMILARITY:
                    scored.append((best, len(full.mentions), full.key))
            if scored:
                redirect[key] = max(scored)[2]
                for m in ent.mentions:
                    m.method = "first-name"
                continue
        if as_org:
            continue
        near = turn_orgs.get(key, set())
        # one word: an organization said near it, the show, or one the title names ('Sam' is Sam Altman
        # beside OpenAI, not anywhere in an episode that mentions OpenAI)
        orgs = {o for o in present_orgs if o in near or o in shows or o in title_orgs} if one_word else near
        known = []
        own_turn = own_turn_orgs.get(key, set())
        for entry in lexicon.affiliated_people:
            # a former organization counts only in the name's own turn ('at Kora ... Charlie still there')
            if not (any(org in orgs for org in entry.affiliated_with)
                    or any(org in own_turn for org in entry.formerly_affiliated_with)):
                continue
            first = _first(entry.label)
            in_title = any(o in title_orgs for o in entry.affiliated_with)
            if one_word and not in_title and sound_spelling(fold(name)) != sound_spelling(fold(first)):
                continue  # 'Dennis' may be Denis, but 'Jake' is not Jack (unless the title names his company)
            if not one_word and not in_title and not _surname_agrees(name, entry.label):
                continue  # 'Adam D. Ansfield' may be Adam D'Angelo; 'Brad Gurley' is not Brad Lightcap
                # (but in an episode the title says is about the company, its person's first name is enough)
            score = _same_first_name(_first(name), first)
            if score >= (TITLE_FIRST_NAME_SIMILARITY if in_title else FIRST_NAME_SIMILARITY):
                # the organization named in the same turn, or the show, makes the person likelier
                score += NEAR_ORG_BONUS if any(o in near for o in entry.affiliated_with) else 0.0
                score += SHOW_BONUS if any(o in shows for o in entry.affiliated_with) else 0.0
                score += TITLE_BONUS if in_title else 0.0  # an a16z title makes 'Mark' a16z's Marc
                known.append((score, entry))
        known.sort(key=lambda se: (-se[0], se[1].key))
        if known and (len(known) == 1 or known[0][0] - known[1][0] >= 0.03):
            entry = known[0][1]
            if entry.key not in entities:
                entities[entry.key] = Entity(entry.key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
            redirect[key] = entry.key
            for m in ent.mentions:
                m.method = "first-name+affiliation"
                m.score = 0.7
    return redirect


def _merge_heard_alike(entities: dict[str, Entity], redirect: dict[str, str]) -> dict[str, str]:
    """Unknown names that sound like a name already found in the episode are that name: the episode
    itself is the context that makes 'OpenNord' Opendoor when 'Open Door' was said too."""
    # names of the lexicon, and people the title names (written, so spelled right even if no lexicon knows them)
    known = [e for k, e in entities.items() if k not in redirect and (not k.startswith("?") or (
        e.top_type == "Person" and _in_title(e) and len(e.label.split()) > 1))]
    out: dict[str, str] = {}
    for key, ent in entities.items():
        if not key.startswith("?") or key in redirect or len(fold(ent.label)) < 4 or ent.label.isupper():
            continue  # acronyms and short words are too easily alike ('SVP' is not SAP)
        one_word = len(ent.label.split()) == 1
        best: tuple[float, str] | None = None
        for other in known:
            if other.key == key or (other.key.startswith("?") and _in_title(ent)):
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


def _title_person_heard(ent: Entity, other: Entity) -> bool:
    """``ent`` is the person the title names, heard with the words cut elsewhere ('Paul Verlukking'
    for Palmer Luckey): a full name, the same initial, the whole name alike."""
    return (other.top_type == "Person" and _in_title(other) and len(ent.label.split()) > 1
            and fold(ent.label)[:1] == fold(other.label)[:1] and similarity(ent.label, other.label) >= TITLE_NAME_SIMILARITY)


def _same_person_name(ent: Entity, other: Entity) -> bool:
    """As many words, first names alike and family names alike."""
    return (len(ent.label.split()) == len(other.label.split())
            and _same_first_name(_first(ent.label), _first(other.label)) >= FIRST_NAME_SIMILARITY
            and similarity(ent.label.split()[-1], other.label.split()[-1]) >= EPISODE_SIMILARITY)


def _merge_lone_surnames(entities: dict[str, Entity], lexicon: Lexicon, redirect: dict[str, str]) -> dict[str, str]:
    """A family name said alone ('Newsom', 'Sacks') is the one person of the episode with that family
    name ('Gavin Newsom', 'David Sacks'), when just one fits. It applies to names only NER found, and
    to lexicon entries of any kind reached only by a one-word name heard alike: 'Sutton' after
    'Richard Sutton' is him, not the company Stone that the word sounds like."""
    people = [e for k, e in entities.items() if e.top_type == "Person" and len(e.label.split()) > 1 and k not in redirect
              and any(len(m.text.split()) > 1 for m in e.mentions)]
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


def _in_title(entity: Entity) -> bool:
    """The episode's title names the entity (written, so its spelling is right)."""
    return any(m.utterance == TITLE_INDEX and m.method != "header" for m in entity.mentions)


def _surname_agrees(spoken: str, label: str) -> bool:
    """Some later word of the spoken name starts like the real surname ('D.' or 'DAngelo' for D'Angelo)."""
    surname = fold(label.split()[-1])
    return any(fold(w)[:1] == surname[:1] for w in spoken.split()[1:] if fold(w))


def _same_first_name(a: str, b: str) -> float:
    """1.0 for the same first name, spelled alike or sounding the same ('Mark' and 'Marc'); else how alike."""
    return 1.0 if fold(a) == fold(b) or sound_spelling(fold(a)) == sound_spelling(fold(b)) else similarity(a, b)


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


def _phrase_share(span: Span) -> float:
    """The share of a span's words (past a first article) that are function words or verbs: everyday
    phrases ('the rest is history', 'zero to one') have many, names few ('Best Buy', 'Network School')."""
    words = [t for t in span if t.is_alpha][1 if span[0].lower_ in ("the", "a", "an") else 0:]
    return sum(t.is_stop or t.pos_ in ("VERB", "AUX") for t in words) / len(words) if words else 0.0


def _kept_shape(entity: Entity) -> bool:
    """The shape of an unknown name kg kept before it had a linker (now one feature among others):
    one-word names said twice, no short all-capital word, places of several words said twice, others
    than people said twice or with an organization word ('Labs', 'University')."""
    words = entity.label.split()
    if len(words) == 1 and len(entity.mentions) < 2:
        return False
    if all(m.method in ("ner-word", "capitalised") for m in entity.mentions):
        return False
    if entity.label.isupper() and len(entity.label) <= 4:
        return False
    if entity.top_type == "Place" and (len(words) == 1 or len(entity.mentions) < 2):
        return False
    return entity.top_type == "Person" or len(entity.mentions) >= 2 or bool(ORG_WORDS & {w.lower() for w in words})


WORK_TYPES = frozenset({"MediaWork", "Podcast"})  # titles of books, films, shows: often everyday phrases too
SENSES = ("Organization", "Product")
SENSE_VOTES = 2  # usage cues a company-or-product name needs to take the other sense


def _sense_by_usage(entities: dict[str, Entity], located: list[Located]) -> None:
    """A name that is both a company and its product (Slack, Uber, Craigslist) takes the sense the
    episode uses it in: the other sense when its ``type_context`` cues outnumber those of the
    lexicon's sense at least two to one ('posted on Reddit', 'use Zoom' make a Product; 'at
    Facebook', 'Facebook's CEO' an Organization)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for loc in located:
        ent = entities.get(loc.key)
        if ent is not None and ent.top_type in SENSES and ent.type != "Podcast":
            votes[loc.key].update(ty for ty in type_cues(loc.span) if ty in SENSES)
    for key, count in votes.items():
        ent = entities[key]
        other = SENSES[1 - SENSES.index(ent.top_type)]
        if count[other] >= SENSE_VOTES and count[other] >= 2 * count[ent.top_type]:
            ent.type = ent.top_type = other


def _decide_unknown(turns: list[Turn], located: list[Located], entities: dict[str, Entity], lexicon: Lexicon,
                    linker: Linker) -> list[Decision]:
    """Type every name no lexicon knows by the episode's usage of it (``type_context`` cues), then keep
    it where the linker's score reaches its threshold; drop the rest."""
    spans: dict[str, list[tuple[int, Span]]] = defaultdict(list)
    for loc in located:
        if loc.key.startswith("?") and loc.key in entities:
            spans[loc.key].append((loc.turn, loc.span))
    decisions: list[Decision] = []
    for key in sorted(spans):
        ent = entities[key]
        found = [s for _, s in spans[key]]
        votes = Counter(ty for s in found for ty in type_cues(s))
        if votes:
            best = max(votes, key=lambda ty: (votes[ty], ty == ent.top_type, -TYPE_PRIORITY.index(ty)))
            ent.type = ent.top_type = best
        feats = _features(found, ent.top_type, [t for t, _ in spans[key]], turns, label=ent.label, lexicon=lexicon)
        feats["kept_shape"] = float(_kept_shape(ent) or (ent.top_type == "Person" and any(person_cue(s) for s in found)))
        accepted, score = linker.accepts(feats)
        decisions.append(Decision(ent.label, ent.top_type, "", round(score, 3), accepted, round_features(feats),
                                  names_of([ent.label, *(s.text for s in found)])))
        if not accepted:
            del entities[key]
    return decisions


def type_cues(span: Span) -> list[str]:
    """The types the words right around ``span`` give it ('at X' Organization, 'use X' Product, 'Dr. X'
    Person; ``type_context`` in ``rules/mentions.json``)."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.sent.start, span.start - 3):span.start]]
    after = [t.lower_ for t in doc[span.end:min(span.sent.end, span.end + 3)]]
    out = []
    for ty, sides in _type_context().items():
        if any(before[len(before) - len(p):] == list(p) for p in sides["before"] if len(p) <= len(before)) or any(
                after[:len(p)] == list(p) for p in sides["after"]):
            out.append(ty)
    return out


def _type_context() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    raw = mention_cues().get("type_context_raw") or {}
    return raw


class _Kind:
    """The type of a candidate, shaped like a lexicon entry for the cue tests."""

    def __init__(self, top_type: str):
        self.top_type = self.type = top_type


def _features(spans: list[Span], top_type: str, turn_ids: list[int], turns: list[Turn], entry: LexiconEntry | None = None,
              label: str = "", lexicon: Lexicon | None = None) -> dict[str, float]:
    """The named features of one candidate over its mentions in the episode (see :data:`kg.linking.FEATURES`)."""
    kind = entry or _Kind(top_type)
    label = entry.label if entry else label
    words_set = words_of(spans[0].doc) if spans else frozenset()
    # the name as heard (the longest form said), not as the lexicon writes it
    heard = max((s.text for s in spans), key=lambda x: (len(x.split()), x)) if spans else label
    words = [w for w in re.split(r"[\s-]+", heard) if any(c.isalpha() for c in w)]
    n = len(spans)
    firsts = given_names() | (lexicon.first_names if lexicon else frozenset())
    lex = float(entry is not None)

    def share(test) -> float:
        return sum(1.0 for s in spans if test(s)) / n if n else 0.0

    def ner_types(s: Span) -> set[str]:
        return {NER_TYPES[e.label_] for e in s.doc.ents if e.label_ in NER_TYPES and e.start < s.end and s.start < e.end}

    span_ner = [ner_types(s) for s in spans]
    capitalised = share(lambda s: s.start != s.sent.start and all(t.text[:1].isupper() or not t.is_alpha for t in s))
    lower = share(lambda s: s.text.islower())
    feats = {
        "bias": 1.0,
        "lexicon": lex,
        "prior": float(getattr(entry, "prior", None) or 0.0),
        "common_word": float(bool(entry is not None and entry.common_word)),
        "work_title": float(entry is not None and entry.type in WORK_TYPES),
        "phrase_words": sum(_phrase_share(s) for s in spans) / n if n else 0.0,
        "dictionary_word": float(bool(words) and all(is_word(w.lower(), words_set) for w in words)),
        "given_name": float(len(words) == 1 and fold(label) in firsts),
        "acronym": float(label.isupper() and len(fold(label)) <= 4),
        "short": float(len(fold(label)) <= 3),
        "multiword": float(len(words) >= 2),
        "long_name": float(len(words) >= 3),
        "by_sound": share(lambda s: (s._.kg_match or ("",))[0] in ("sound-context", "sound", "spelling")),
        "mentions": math.log1p(n),
        "once": float(n == 1),
        "title": float(any(turns[t].is_header for t in turn_ids)),
        "capitalised": capitalised,
        "sentence_initial": share(lambda s: s.start == s.sent.start),
        "lower": lower,
        "proper_noun": share(lambda s: all(t.pos_ == "PROPN" for t in s if t.is_alpha)),
        "lexicon_capitalised": lex * capitalised,
        "lexicon_lower": lex * lower,
        "unknown_once": (1.0 - lex) * float(n == 1),
        "one_word_person": float(top_type == "Person" and len(words) == 1),
        "name_words": float(bool(words) and all(fold(w) in firsts or not is_word(w.lower(), words_set) for w in words)),
        "ner": sum(1.0 for t in span_ner if t) / n if n else 0.0,
        "ner_agrees": sum(1.0 for t in span_ner if top_type in t) / n if n else 0.0,
        "cue": float(any(_has_cue(s, kind) or _after_class_noun(s, kind) or _after_preposition(s, kind)
                         or (top_type == "Person" and person_cue(s)) for s in spans)),
        "type_cue": float(any(top_type in type_cues(s) for s in spans)),
        "noun": share(lambda s: s[-1].pos_ in NOUN_TAGS),
        "bare": share(_bare),
        "org_word": float(bool(ORG_WORDS & {w.lower() for w in words})),
        top_type.lower(): 1.0,
    }
    feats.update(mention_features(spans, label, top_type))
    return feats


def add_show(entities: dict[str, Entity], show: str | None, lexicon: Lexicon) -> str | None:
    """Make sure the header's show is an entity (a Podcast), with the organization that makes it
    when the lexicon knows one; return the show's key."""
    if not show:
        return None
    found = [e for e in lexicon.lookup(show) if e.type == "Podcast"]
    entry = found[0] if found else None
    key = entry.key if entry else slugify(show)
    if key not in entities:
        if entry:
            entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
        else:
            entities[key] = Entity(key, show, "Podcast", "Product")
    ent = entities[key]
    if ent.type != "Podcast":
        return None  # the show's name is also something else here; leave it as found
    ent.mentions.append(Mention(show, -1, None, "header", 0.9))
    for maker in entry.made_by if entry else []:
        made = lexicon.get(maker)
        if made and maker not in entities:
            entities[maker] = Entity(maker, made.label, made.type, made.top_type, lexicon_key=maker)
        if made:
            entities[maker].mentions.append(Mention(show, -1, None, "header", 0.8))
    return key
