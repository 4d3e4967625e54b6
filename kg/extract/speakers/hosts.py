"""The hosts of the header's show, and the expected people heard in an episode (see :mod:`kg.extract.speakers.identify`).

The knowledge base's show -> hosts (``ontology/lexicon/shows.ttl``: the people affiliated with a
Podcast), which show a header names, and where the words of the episode name a host or a person of
the title — as the linker found them, or as a name that sounds like theirs.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from spacy.tokens import Doc

from kg.extract.names.entities import Located
from kg.extract.names.located import second_and_utterance
from kg.extract.names.lexicon import Lexicon, fold, given_names, short_acronym
from kg.extract.names.cues import words_of
from kg.extract.names.matching import is_word, similarity, sound_key
from kg.model import Entity, Mention
from kg.extract.speakers.lines import in_intro, plain_words, speaker_cues
from kg.read import Turn, Utterance

# ---------------------------------------------------------------- hosts of the show

@lru_cache(maxsize=4)
def _show_index(lexicon: Lexicon) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Folded content words of each show's names -> show keys, and show key -> host keys (the
    people the knowledge base affiliates with a Podcast)."""
    generic = set(speaker_cues()["show_generic_words"])
    names: dict[str, list[str]] = defaultdict(list)
    hosts: dict[str, list[str]] = defaultdict(list)
    for entry in lexicon.entries.values():
        if entry.type == "Podcast":
            for label in entry.labels:
                words = " ".join(w for w in plain_words(label.replace("-", " ")) if w not in generic)
                if words and entry.key not in names[words]:
                    names[words].append(entry.key)
    for entry in sorted(lexicon.entries.values(), key=lambda e: e.key):
        if entry.top_type == "Person":
            for show in entry.affiliated_with:
                entry_show = lexicon.get(show)
                if entry_show and entry_show.type == "Podcast":
                    hosts[show].append(entry.key)
    return dict(names), dict(hosts)


@lru_cache(maxsize=4)
def _longest_show_name(lexicon: Lexicon) -> int:
    """The number of words of the longest show name of :func:`_show_index` (read once, not once a word)."""
    return max((len(name.split()) for name in _show_index(lexicon)[0]), default=0)


def show_of(header: str | None, lexicon: Lexicon) -> str | None:
    """The knowledge base's show that the header's show name names: one of its names, or a name with
    words such as 'podcast' or 'founders' more or less ('Uncapped Founders' is Uncapped; 'Huberman' is
    Huberman Lab, whose host is Andrew Huberman)."""
    if not header:
        return None
    names, hosts = _show_index(lexicon)
    generic = set(speaker_cues()["show_generic_words"])
    words = [w for w in plain_words(header.replace("-", " ")) if w not in generic]
    if not words:
        return None
    exact = names.get(" ".join(words))
    if exact:
        return sorted(exact)[0]
    candidates = sorted({key for name, keys in names.items() for key in keys
                         if set(name.split()) <= set(words) or set(words) <= set(name.split())})
    if len(candidates) == 1:
        return candidates[0]
    # a show named after its host: the header names the host's surname
    by_host = sorted(show for show, people in hosts.items() for person in people
                     if (entry := lexicon.get(person)) and fold(entry.label.split()[-1]) in {fold(w) for w in words}
                     and show in candidates)
    return by_host[0] if len(by_host) == 1 else None


def show_hosts(header: str | None, lexicon: Lexicon) -> list[str]:
    """Keys of the hosts of the header's show, by the knowledge base."""
    return hosts_of_show(show_of(header, lexicon), lexicon)


def show_said(turns: list[Turn], lexicon: Lexicon) -> tuple[str, Utterance, str] | None:
    """The knowledge base's show that the opening of a file without header names as the one heard ('Welcome
    to Huberman Lab', 'this is Pivot', 'here on the All-In podcast'): a known show's name after one of
    ``show_said_before`` or before one of ``show_said_after``, in the first ``intro_seconds``; the first
    such, of the shows whose hosts the knowledge base knows, as (show key, the utterance that says it, the
    words said). A show's name alone ('we're all in') is none."""
    cues = speaker_cues()
    for turn in turns:
        if turn.is_header or not in_intro(turn.utterances[0], cues):
            continue
        words = plain_words(turn.text.replace("-", " "))
        for i in range(len(words)):
            found = _show_at(words, i, lexicon)
            if found:
                key, n = found
                heard = " ".join(words[i:i + n])
                utt = next((u for u in turn.utterances if f" {heard} " in " " + " ".join(plain_words(u.text.replace("-", " "))) + " "),
                           turn.utterances[0])
                return key, utt, heard
    return None


def show_named(entities: dict[str, Entity], lexicon: Lexicon) -> str | None:
    """The knowledge base's show of a header-less file whose opening does not say it: the one show the
    words name anywhere (an entity the linker tied to a known show: 'stuff I never talked about on MFM')
    whose host the words call by the first name alone, as one calls someone in the room, and never by
    the full name, as one tells of someone ('what's up Sam?', not 'I was on Pivot with Kara Swisher'). Two
    pieces of evidence that agree; a show named without its host ('I was on Acquired') is none, and so are two."""
    _, hosts = _show_index(lexicon)
    said = {e.lexicon_key or key: [m.text for m in e.mentions if m.utterance >= 0] for key, e in entities.items()}
    familiar = {key for key, texts in said.items() if texts and all(len(t.split()) == 1 for t in texts)}
    shows = sorted(key for key, texts in said.items() if texts and hosts.get(key) and familiar & set(hosts[key]))
    return shows[0] if len(shows) == 1 else None


def show_entity(said: tuple[str, Utterance, str], entities: dict[str, Entity], lexicon: Lexicon) -> None:
    """The show a header-less file says in its opening is the episode's show, as a header's would be: an
    entity (when the linker left it out: 'More or Less' is common words) with the words that said it."""
    key, utt, heard = said
    entry = lexicon.get(key)
    if entry is None or any(e.lexicon_key == key or k == key for k, e in entities.items()):
        return
    exact = fold(heard) in {fold(" ".join(plain_words(label.replace("-", " ")))) for label in entry.labels}
    entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=key)
    entities[key].mentions.append(Mention(entry.label if exact else heard, utt.index, utt.start, "intro", 0.8))


def _show_at(words: list[str], i: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """The show whose name ``words`` say from word ``i`` on, led in as a show's name is, and the number of
    its words; after a leading phrase, a name that sounds ``show_name_alike`` like one show's only
    ('welcome to Sorcery')."""
    names, hosts = _show_index(lexicon)
    cues = speaker_cues()
    lead = " " + " ".join(words[max(0, i - 5):i])
    led = any(lead.endswith(" " + p) or lead.endswith(" " + p + " the") for p in cues["show_said_before"])
    longest = _longest_show_name(lexicon)
    for n in range(min(longest, len(words) - i), 0, -1):
        shows = [key for key in sorted(names.get(" ".join(words[i:i + n]), [])) if hosts.get(key)]
        if shows and (led or words[i + n:i + n + 1] in ([w] for w in cues["show_said_after"])):
            return shows[0], n
    if not led:
        return None
    alike = {(key, len(name.split())) for name, keys in names.items() for key in keys if hosts.get(key) and len(name) >= 5
             and similarity(" ".join(words[i:i + len(name.split())]), name) >= cues["show_name_alike"]}
    return sorted(alike)[0] if len({key for key, _ in alike}) == 1 else None


def known_hosts(lexicon: Lexicon) -> frozenset[str]:
    """Keys of every show host the knowledge base knows."""
    return frozenset(key for hosts in _show_index(lexicon)[1].values() for key in hosts)


def hosts_of_show(show: str | None, lexicon: Lexicon) -> list[str]:
    """Keys of the hosts of the knowledge base's show ``show``."""
    return _show_index(lexicon)[1].get(show, []) if show else []


def heard_people(hosts: list[str], title: set[str], turns: list[Turn], docs: list[Doc], located: list[Located],
                  entities: dict[str, Entity], lexicon: Lexicon) -> dict[str, str]:
    """The people an episode leads one to expect — the show's hosts and the people its title names —
    where the words name them: folded name as heard -> person key. A host's first name on their own
    show is the host ('Ben' on a show Ben Gilbert hosts); a name that sounds like an expected person's
    first name, surname or full name is that person ('Ryan, welcome' on the tour the title says Brian
    Schimpf gives); an unknown full name whose short form alone sounds like theirs keeps its other
    mentions ('Sydney Sorkin', the guest's grandfather). The spans found join the located mentions."""
    expected = [*hosts, *sorted(title - set(hosts))]
    names = _expected_names(expected, entities, lexicon)
    heard: dict[str, str] = {}
    alike: dict[str, str] = {}
    apart: list[tuple[Located, str]] = []
    as_whole: dict[str, str | None] = {}  # the expected person an unknown full name sounds like, by its key
    for loc in located:  # said as the linker found them, or as an unknown name that sounds like theirs
        ent = entities.get(loc.key)
        if turns[loc.turn].is_header or ent is None or ent.top_type != "Person":
            continue
        key = loc.key if loc.key in expected else None if ent.lexicon_key else _expected_named(loc.span.text, names, True)
        if key:
            heard[fold(loc.span.text)] = key
            if key == loc.key:
                continue
            # a short form the episode gave an unknown full name ('Jess' of 'Jesse Tish', 'Sorkin' of
            # 'Sydney Sorkin', the guest's grandfather) is the expected person alone: the full name
            # joins them only if it sounds like theirs too
            if len(ent.label.split()) > len(loc.span.text.split()):
                if loc.key not in as_whole:
                    as_whole[loc.key] = _expected_named(ent.label, names, True)
                if as_whole[loc.key] != key:
                    apart.append((loc, key))
                    continue
            alike[loc.key] = key
    _join_alike(alike, located, entities, lexicon)
    for loc, key in apart:
        if loc.key in entities and _ensure_person(key, entities, lexicon):
            _move_mention(loc, key, turns[loc.turn], entities)
    taken = {(loc.turn, loc.span.start) for loc in located}
    dictionary = words_of(docs[0]) if docs else frozenset()
    for t, (turn, doc) in enumerate(zip(turns, docs)):
        if turn.is_header:
            continue
        for token in doc:
            if not token.text[:1].isupper() or (t, token.i) in taken:
                continue
            pair = doc[token.i:token.i + 2]
            two = len(pair) == 2 and pair[1].text[:1].isupper() and pair[1].is_alpha
            key = _expected_named(pair.text, names, True, dictionary) if two else None
            span = pair if key else doc[token.i:token.i + 1]
            key = key or _expected_named(token.text, names, token.pos_ == "PROPN", dictionary)
            if key is None:
                continue
            heard[fold(span.text)] = key
            located.append(Located(span, t, key))
            taken.add((t, token.i))
    for key in sorted(set(heard.values())):
        if key not in entities and _ensure_person(key, entities, lexicon):
            said = next(name for name, k in sorted(heard.items()) if k == key)
            entities[key].mentions.append(Mention(said, -1, None, "host-of-show", 0.8))
    return heard


def _join_alike(alike: dict[str, str], located: list[Located], entities: dict[str, Entity], lexicon: Lexicon) -> None:
    """An unknown name that sounds like an expected person's ('Freeberg' on the show David Friedberg
    hosts) is that person: its mentions join theirs, so the episode has one node for them."""
    for unknown, key in sorted(alike.items()):
        if not _ensure_person(key, entities, lexicon):
            continue
        entities[key].mentions.extend(entities.pop(unknown).mentions)
        for loc in located:
            if loc.key == unknown:
                loc.key = key


def _ensure_person(key: str, entities: dict[str, Entity], lexicon: Lexicon) -> bool:
    """Make the lexicon person ``key`` an entity of the episode if it is not one yet; False when the
    lexicon has no such entry."""
    if key not in entities:
        entry = lexicon.get(key)
        if entry is None:
            return False
        entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=key)
    return True


def _move_mention(loc: Located, key: str, turn: Turn, entities: dict[str, Entity]) -> None:
    """Move the mention ``loc`` stands for from its entity to ``key``'s (dropping the entity it leaves empty)."""
    second, utt = second_and_utterance(turn, loc.span)
    source = entities[loc.key]
    mention = next((m for m in source.mentions if m.text == loc.span.text and m.utterance == utt and m.second == second), None)
    if mention is None:
        return
    source.mentions.remove(mention)
    entities[key].mentions.append(mention)
    if not source.mentions:
        entities.pop(loc.key)
    loc.key = key


def _expected_names(keys: list[str], entities: dict[str, Entity], lexicon: Lexicon) -> tuple[dict[str, str], dict[str, str]]:
    """Folded full names, and folded first names and surnames, of the expected people -> key (a name
    two of them share is left out)."""
    full: dict[str, set[str]] = defaultdict(set)
    single: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        entry = lexicon.get(entities[key].lexicon_key or key) if key in entities else lexicon.get(key)
        labels = entry.labels if entry else [entities[key].label] if key in entities else []
        for label in labels:
            words = label.split()
            (full if len(words) > 1 else single)[fold(label)].add(key)
            if len(words) > 1:
                single[fold(words[0])].add(key)
                if len(fold(words[-1])) >= 4:
                    single[fold(words[-1])].add(key)
    unique = lambda found: {n: next(iter(ks)) for n, ks in found.items() if len(ks) == 1 and len(n) >= 2}  # noqa: E731
    return unique(full), unique(single)


def _expected_named(words: str, names: tuple[dict[str, str], dict[str, str]], proper_noun: bool,
                    dictionary: frozenset[str] = frozenset()) -> str | None:
    """The expected person ``words`` (one word, or two: a full name) name: one of their names, or — a
    proper noun, not a common word, a ``dictionary`` word ('Alien', 'Daily') nor an acronym, said letter
    by letter ('GPT' is no 'Pat') — one that sounds alike (ASR writes an unusual name as a common one: 'Cara', 'Freiburg', 'Ryan')."""
    folded = fold(words)
    pool = names[0] if " " in words else names[1]
    if folded in pool:
        return pool[folded]
    if not proper_noun or len(folded) < 3 or folded in _common_words() or short_acronym(words) \
            or is_word(folded, dictionary):
        return None
    cutoff = speaker_cues()["expected_name_alike"]
    alike = {key for name, key in pool.items() if similarity(words, name) >= cutoff or _given_name_alike(words, name)}
    return alike.pop() if len(alike) == 1 else None


def _given_name_alike(heard: str, name: str) -> bool:
    """A common first name heard that sounds like an expected person's other spelling of it ('Sean'
    for Shaan, 'Jon' for John): the same sound key, with 'sh' and 's' one sound — English first names
    spell the 'sh' sound 's' too (Sean, Siobhan), which metaphone reads as 's' — and close enough in
    spelling besides ('San', 'Snow' are not Shaan)."""
    if " " in heard or " " in name or fold(heard) not in given_names():
        return False
    same = sound_key(heard).replace("X", "S") == sound_key(name).replace("X", "S")
    return same and similarity(heard, name) >= speaker_cues()["expected_given_name_alike"]


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(speaker_cues()["second_person"]) | frozenset(speaker_cues()["vocative_openers"])
