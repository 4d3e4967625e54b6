"""The cues for who speaks, per voice (see :mod:`kg.extract.speakers.identify`, step 2).

Self-introductions, introductions and addresses in the words (:func:`name_cues`), the title's guest
(:func:`title_cue`; in a file without a title, the guest its name or its opening gives:
:func:`untitled_guest`), the names the file gives its voices (:func:`file_cues`) and played clips
(:func:`clip_cues`); each a :class:`~kg.extract.speakers.lines.Cue` with its weight, quote and second.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.tokens import Span

from kg.extract.names.entities import Located
from kg.extract.names.lexicon import Lexicon, fold, given_names, slugify
from kg.extract.names.senses import names_institution
from kg.model import Entity, Mention, Speaker
from kg.extract.speakers.companions import companions as _companions
from kg.extract.speakers.hosts import known_hosts
from kg.extract.speakers.lines import (LAG, NORMAL, Cue, Lines, ends_with, greeted_by, in_intro, plain_words, self_cue,
                                      speaker_cues, starts_with, utterance_of)
from kg.read import TITLE_INDEX, Turn, Utterance

def name_cues(turns: list[Turn], located: list[Located], entities: dict[str, Entity], lines: Lines,
               hosts: dict[str, str], show_hosts_keys: frozenset[str] = frozenset()) -> tuple[list[Cue], dict[int, set[tuple[str, str]]]]:
    """Self-introductions, introductions and addresses, each read under both readings of the labels.
    Returns the cues and, per reading, the (voice, person) pairs where a voice introduced the person."""
    cues = speaker_cues()
    out: list[Cue] = []
    introducers: dict[int, set[tuple[str, str]]] = {NORMAL: set(), LAG: set()}
    lists = _introduced_lists(turns, located, entities)
    companions = _companions(turns, located, entities, lists)
    first_names = _people_by_first_name(entities)
    third = {reading: third_person(turns, located, entities, lines, reading) for reading in (NORMAL, LAG)}
    for loc in located:
        key = hosts.get(fold(loc.span.text), loc.key)
        ent = entities.get(key)
        turn = turns[loc.turn]
        if ent is None or ent.top_type != "Person" or turn.is_header:
            continue
        span = loc.span
        utt = utterance_of(turn, span)
        kind, weight, order = _classify(span, utt, cues, lists.get((loc.turn, span.start)), key in show_hosts_keys,
                                        key in hosts.values())
        companion = (loc.turn, span.start) in companions and kind != "self"
        kind, weight, full = _as_companion(kind, weight, order, utt, cues) if companion else (kind, weight, 0.0)
        if kind is None:
            continue
        if len(span.text.split()) == 1 and len(ent.label.split()) > 1 and key not in hosts.values():
            # 'we've got Mark' is not surely the Mark Zuckerberg said later, nor the famous Marc the linker knows
            weight *= cues["weights"]["later_factor"]
        quote = span.sent.text.strip()
        namesakes = _namesakes(span, key, ent, first_names, hosts)
        hands_over = not lines.sure.get(utt.index, True) and utt.text.rstrip(" ?.!,\"'").endswith(span.text)
        for reading in (NORMAL, LAG):
            own = lines.voice[reading].get(utt.index)
            if kind == "addressed" and reading == NORMAL and hands_over and utt.speaker:
                # a line without a label that ends a turn with a name said to someone ('Your thoughts,
                # Chema?') hands over: it is the asker's, and the next voice answers
                own = utt.speaker
            if own is None:
                continue
            voices, share = greeted_by(lines, reading, utt, own, span)
            # a line without a label may be another voice's: that weakens what it says of its own voice
            factor = share * (1.0 if lines.sure.get(utt.index, True) or reading == LAG or kind != "self" else cues["weights"]["unlabelled_factor"])
            if kind == "self":
                out += [Cue(reading, voice, _namesake_of(voice, namesakes, third[reading]) or key, kind, weight * factor,
                            quote, utt.index, utt.start) for voice in sorted(voices)]
                continue
            speakers = _may_have_said(lines, utt, own) if companion else voices
            targets = _next_others(lines, reading, utt.index, order, own, speakers)
            person = (_namesake_of(targets[order], namesakes, third[reading]) if len(targets) == order + 1 else None) or key
            if len(targets) == order + 1:
                out.append(Cue(reading, targets[order], person, kind, weight * factor, quote, utt.index, utt.start))
            # one does not introduce or address oneself; one's companions are other voices
            against = full if companion else weight * factor * cues["weights"]["not_factor"]
            out += [Cue(reading, voice, person, "not-" + kind, -against, quote, utt.index, utt.start)
                    for voice in sorted(speakers)]
            if kind == "introduced" and in_intro(utt, cues):
                # a veto on the introducer holds for the opening's introductions only: a late 'X, thank
                # you for coming' is a farewell, often under the wrong label at a turn's edge
                introducers[reading].add((own, person))
    return out, introducers


def _as_companion(kind: str | None, weight: float, order: int, utt: Utterance, cues: dict) -> tuple[str, float, float]:
    """A companion of a self-introduction is introduced ('alongside X' too): its kind, its weight, and
    the full weight that counts against the voices that may have said it. Which co-host speaks
    after the first is not told: the ones listed later weigh less."""
    if kind != "introduced":
        kind, weight = "introduced", cues["weights"]["next"] * (1.0 if in_intro(utt, cues) else cues["weights"]["later_factor"])
    return kind, weight * (cues["weights"]["companion_listed_factor"] if order else 1.0), weight


def _may_have_said(lines: Lines, utt: Utterance, own: str) -> set[str]:
    """The voices that may have said the line: its reading's, and for a line not surely its label's
    (an unlabelled line at a turn's edge), its label as written and as read one line late too."""
    if lines.sure.get(utt.index, True):
        return {own}
    return {own} | {v for v in (utt.speaker, lines.voice[LAG].get(utt.index)) if v is not None}


def _next_others(lines: Lines, reading: int, index: int, order: int, own: str, speakers: set[str]) -> list[str]:
    """The next ``order + 1`` distinct voices after line ``index``, none of them one of ``speakers``."""
    targets = lines.next_voices(reading, index, count=order + 1 + len(speakers), own=own)
    return [v for v in targets if v not in speakers][:order + 1]


def _people_by_first_name(entities: dict[str, Entity]) -> dict[str, list[str]]:
    """Folded first name -> the people of the episode with a full name who go by it, named in the words."""
    out: dict[str, list[str]] = defaultdict(list)
    for key, ent in sorted(entities.items()):
        words = ent.label.split()
        if ent.top_type == "Person" and len(words) > 1 and any(m.utterance >= 0 for m in ent.mentions):
            out[fold(words[0])].append(key)
    return out


def _namesakes(span: Span, key: str, ent: Entity, first_names: dict[str, list[str]], hosts: dict[str, str]) -> list[str]:
    """The episode's people whom the first name ``span`` may stand for, when it is a first name alone that
    several of them share ('Andrew': Andrew Ross Sorkin, Andrew Mellon); else none. A name the episode
    leads one to expect (a host of the show, a person of the title) is theirs."""
    if len(span.text.split()) != 1 or key in hosts.values() or len(ent.label.split()) < 2:
        return []
    people = first_names.get(fold(span.text), [])
    return people if len(people) > 1 and key in people else []


def _namesake_of(voice: str, namesakes: list[str], third: dict[str, set[str]]) -> str | None:
    """Of the people who share a first name, the one a voice called by it may be: a voice does not speak
    of itself in the third person ('a guy named Andrew Mellon'), so the one namesake it never names
    so; None when that leaves not exactly one."""
    left = [key for key in namesakes if key not in third.get(voice, set())]
    return left[0] if len(left) == 1 else None


def third_person(turns: list[Turn], located: list[Located], entities: dict[str, Entity], lines: Lines,
                 reading: int) -> dict[str, set[str]]:
    """Voice -> the people it names in the third person under ``reading``: by more than a first name
    alone ('Andrew Mellon', 'Mellon'), and not as its own ('I'm X')."""
    out: dict[str, set[str]] = defaultdict(set)
    for loc in located:
        ent = entities.get(loc.key)
        turn = turns[loc.turn]
        if ent is None or ent.top_type != "Person" or turn.is_header or self_cue(loc.span):
            continue
        words = loc.span.text.split()
        if len(words) == 1 and len(ent.label.split()) > 1 and fold(words[0]) == fold(ent.label.split()[0]):
            continue  # a first name alone is how one speaks to someone, too
        label = lines.voice[reading].get(utterance_of(turn, loc.span).index)
        if label is not None:
            out[label].add(loc.key)
    return out


def _classify(span: Span, utt: Utterance, cues: dict, list_position: int | None, host: bool,
              expected: bool) -> tuple[str | None, float, int]:
    """What the sentence around the name says of who speaks: ('self' | 'introduced' | 'addressed',
    weight, position in a list of names introduced together), or (None, 0, 0). A show's host signs
    on or off ('Hey, it's Molly') at any point of the episode."""
    weights = cues["weights"]
    sent = span.sent
    before = sent.text[:span.start_char - sent.start_char]  # not doc.text: rebuilt per call
    after = sent.text[span.end_char - sent.start_char:].strip()
    intro = in_intro(utt, cues) or host
    late = 1.0 if intro else weights["later_factor"]
    said_cue = self_cue(span)
    if said_cue and (said_cue not in cues["self_at_start_only"] or intro):  # 'it's X' introduces only in the opening
        return "self", weights["self"] * late, 0
    if list_position is not None:
        return "introduced", weights["next"] * late, list_position
    if (ends_with(before, cues["next"], slack=cues["slack"], not_in_slack=frozenset(cues["not_in_slack"]))
            or starts_with(after, cues["next_after"])):
        return "introduced", weights["next"] * late, 0
    addressed = ends_with(before, cues["addressed"])
    if addressed:
        said = plain_words(before)[:-len(addressed.split())][-1:]
        if said and said[0] in cues["reported_speech"]:
            return None, 0.0, 0  # 'Jefferson was like hey Lewis' tells a story
        return "addressed", weights["addressed"], 0
    if _vocative(span, before, after, cues, expected):
        return "addressed", weights["addressed_after"], 0
    return None, 0.0, 0


def _vocative(span: Span, before: str, after: str, cues: dict, expected: bool) -> bool:
    """The name is said to someone: after a comma at the end of a sentence that asks or speaks to
    'you' ('..., Harry?', 'what about you, Sonia?'), or opening a sentence whose next words speak to
    'you' ('Dave, you should share ...'), or set off by commas next to a 'you' ('came from you, Katie,
    and me'); or, for a person the episode leads one to expect, said alone ('Trae Stephens.')."""
    if not plain_words(before) and not plain_words(after):
        return expected and len(span.text.split()) > 1  # presenting the next voice
    if plain_words(after)[:1] and plain_words(after)[0] in cues["not_vocative_next"]:
        return False  # 'X, he's a big fan of you' speaks of X
    question = span.sent.text.rstrip().endswith("?")
    near = cues["vocative_reach"]
    ahead, behind = _you_words(after, cues)[:near], _you_words(before, cues)[-near:]
    if after.strip(" \"'") in ("", "?", ".", "!", ","):
        # a name after a list of names ('Johnny Ho, Jerry Ma.') is no address
        return before.rstrip().endswith(",") and (question or any(behind)) and len(plain_words(before)) >= 2
    starts = not plain_words(before) or plain_words(before)[-1] in cues["vocative_openers"]
    if starts and after.startswith(","):
        return any(ahead) or (question and len(plain_words(span.sent.text)) <= cues["short_question_words"])
    return before.rstrip().endswith(",") and after.startswith(",") and (any(ahead) or any(behind))


def _you_words(text: str, cues: dict) -> list[bool]:
    """For each word of ``text``: is it a word that speaks to 'you' ('you know' does not)."""
    words = plain_words(text)
    out = [w in cues["second_person"] for w in words]
    for i in range(len(words) - 1):
        if f"{words[i]} {words[i + 1]}" in cues["second_person_fillers"]:
            out[i] = False
    return out


def _introduced_lists(turns: list[Turn], located: list[Located], entities: dict[str, Entity]) -> dict[tuple[int, int], int]:
    """People introduced together after one cue ('joining me are X, Y and Z'): (turn, token) of each
    name -> its position in the list (0 for the first)."""
    cues = speaker_cues()
    people = [loc for loc in located if (ent := entities.get(loc.key)) is not None and ent.top_type == "Person"
              and not turns[loc.turn].is_header]
    by_sentence: dict[tuple[int, int], list[Located]] = defaultdict(list)
    for loc in people:
        by_sentence[(loc.turn, loc.span.sent.start)].append(loc)
    out: dict[tuple[int, int], int] = {}
    for group in by_sentence.values():
        group.sort(key=lambda loc: loc.span.start)
        if len(group) < 2:
            continue
        first = group[0].span
        before = first.sent.text[:first.start_char - first.sent.start_char]
        if not ends_with(before, cues["next"], slack=cues["slack"], not_in_slack=frozenset(cues["not_in_slack"])):
            continue
        chain = [group[0]]
        for loc in group[1:]:
            between = plain_words(first.doc.text[chain[-1].span.end_char:loc.span.start_char])
            if all(w in cues["list_joiners"] for w in between) or _is_appositive(between, cues):
                chain.append(loc)
            else:
                break
        if len(chain) > 1:
            for i, loc in enumerate(chain):
                out[(loc.turn, loc.span.start)] = i
    return out


def _is_appositive(between: list[str], cues: dict) -> bool:
    """A short description between two listed names ('X, the CEO of Acme, and Y')."""
    return 0 < len(between) <= cues["list_appositive_words"] and between[-1] in ("and", "with", "plus")


# ---------------------------------------------------------------- the title, the file

def title_cue(turns: list[Turn], located: list[Located], entities: dict[str, Entity], speakers: dict[str, Speaker],
               lexicon: Lexicon, given: tuple[set[str], str, float] | None = None) -> Cue | None:
    """One person named in the title is the guest: of the main voices (each with at least
    ``main_voice_share`` of the words), the one that talks ``guest_word_ratio`` times as much as the
    others together (interviews are mostly the guest's answers; a panel's voices are more even);
    failing that, in a two-voice episode, the one that says the name less (hosts name their guest;
    guests rarely say their own name). A file without a title gives its guest otherwise
    (:func:`untitled_guest`): ``given`` is (people, where from, weight)."""
    cues = speaker_cues()
    in_title = given[0] if given else title_people(turns, located, entities, lexicon)
    if len(in_title) > 1 and not given:
        in_title = _title_lead(turns, located, in_title)
    total = sum(sp.words for sp in speakers.values()) or 1
    labels = sorted((label for label, sp in speakers.items() if sp.words >= cues["main_voice_share"] * total),
                    key=lambda label: (-speakers[label].words, label))
    if len(in_title) != 1 or not labels:
        return None
    person = next(iter(in_title))
    said = {label: 0 for label in labels}
    for loc in located:
        if loc.key == person and turns[loc.turn].speaker in said:
            said[turns[loc.turn].speaker] += 1
    a, b = (labels + [None])[:2]  # a talks more
    if b is None:
        chosen, why = a, "named in the title; the one main voice"  # a talk, after a short introduction
    elif speakers[a].words >= cues["guest_word_ratio"] * sum(speakers[other].words for other in labels[1:]):
        chosen, why = a, "named in the title; the voice that talks the most"
    elif len(labels) == 2 and said[a] != said[b]:
        chosen, why = (b if said[a] > said[b] else a), "named in the title; the other voice says the name more"
    else:
        return None
    if given:
        return Cue(None, chosen, person, "untitled-guest", given[2], f"{why.replace('the title', given[1])}", TITLE_INDEX, None)
    title = next((t.text for t in turns if t.is_title), why)
    return Cue(None, chosen, person, "title", cues["weights"]["title_guest"], f"{why}: {title}", TITLE_INDEX, None)


def untitled_guest(stem: str | None, named: set[str], found: list[Cue], reading: int) -> tuple[set[str], str, float] | None:
    """The guest of a file without a title: ``named``, the people whose full name the file's name
    ``stem`` spells (:func:`stem_people`; 'cheeky-pint-julia-dewahl.srt': files are often named after the
    episode's title), or else the one person introduced by full name in the opening ('we're so excited
    to have with us X'). Returns (people, where from, weight) or None."""
    weights = speaker_cues()["weights"]
    if named:
        return named, f"the file's name {stem!r}", weights["stem_guest"]
    introduced = {c.person for c in found if c.kind == "introduced" and c.reading == reading and c.weight >= weights["next"]}
    if len(introduced) == 1:
        quote = next(c.quote for c in found if c.kind == "introduced" and c.person in introduced)
        return introduced, f"the opening ({quote})", weights["introduced_guest"]
    return None


def stem_people(stem: str | None, entities: dict[str, Entity], lexicon: Lexicon) -> set[str]:
    """The people of the episode (named in its words, by a full name) whose full name the file's name
    spells, word by word ('julia-dewahl', 'molly-o-shea'); not a show's host, whom a file's name gives
    with the show's ('long-strange-trip-w-brian-halligan--...')."""
    words = [fold(w) for w in re.split(r"[^0-9A-Za-z]+", stem or "") if w]
    spans = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, min(len(words), i + 5) + 1)}
    hosts = known_hosts(lexicon)
    return {key for key, ent in entities.items() if ent.top_type == "Person" and len(ent.label.split()) > 1
            and fold(ent.label) in spans and any(m.utterance >= 0 for m in ent.mentions)
            and key not in hosts and ent.lexicon_key not in hosts}


def _title_lead(turns: list[Turn], located: list[Located], people: set[str]) -> set[str]:
    """Of several people a title names, the one whose name opens a clause of its own ('Reid Hoffman on
    Epstein, Elon Musk …', 'Sequoia's Alfred Lin: …'); none where they are named together ('Karol
    Hausman & Kevin Black: …')."""
    named = sorted(((loc.span.start, loc.key, loc.span) for loc in located if turns[loc.turn].is_title and loc.key in people),
                   key=lambda item: item[0])
    if not named:
        return set()
    _, lead, span = named[0]
    after = span.doc[span.end].text.lower() if span.end < len(span.doc) else ""
    return {lead} if after in speaker_cues()["title_clause_ends"] else set()


def title_people(turns: list[Turn], located: list[Located], entities: dict[str, Entity], lexicon: Lexicon) -> set[str]:
    """The people the title names; failing that, when the title names an organization and a role
    ('ElevenLabs CEO: Why Voice ...'), the one person of those organizations (by the lexicon) that
    the talk names."""
    title_keys = {loc.key for loc in located if turns[loc.turn].is_title and loc.key in entities}
    people = {k for k in title_keys if entities[k].top_type == "Person"}
    if people:
        return people
    title = next((t.text for t in turns if t.is_title), "")
    if not set(re.findall(r"[a-z-]+", title.lower())) & set(speaker_cues()["title_roles"]):
        return set()  # 'Inside Kelly Partners Group' is about the company, 'ElevenLabs CEO: ...' about its CEO
    orgs = {entities[k].lexicon_key for k in title_keys if names_institution(entities[k]) and entities[k].lexicon_key}
    staff = set()
    for key, ent in entities.items():
        entry = lexicon.get(ent.lexicon_key or "")
        if ent.top_type == "Person" and entry and orgs & set(entry.affiliated_with) and any(m.utterance >= 0 for m in ent.mentions):
            staff.add(key)
    return staff if len(staff) == 1 else set()


def file_cues(speakers: dict[str, Speaker], names: dict[str, str], entities: dict[str, Entity], lexicon: Lexicon,
               hosts: list[str]) -> list[Cue]:
    """The names the file itself gives its voices (a WebVTT voice, a JSON speaker map, a 'Jane Smith:'
    label): a full name is that person; a first name is the one person of the episode (a host of the
    show first) who goes by it."""
    weight = speaker_cues()["weights"]["file_name"]
    out = []
    given = dict(names)
    generic = set(speaker_cues()["generic_label_words"])
    for label in speakers:  # a label that is a name already ('Lenny Rachitsky', 'Lex'), not 'Speaker A'
        words = label.split()
        if label in given or not words or fold(words[0]) in generic:
            continue
        if re.fullmatch(r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}", label) or (len(words) == 1 and fold(label) in given_names()):
            given[label] = label
    for label, name in sorted(given.items()):
        if label not in speakers or not name.strip():
            continue
        key = _person_named(name.strip(), entities, lexicon, hosts)
        if key:
            out.append(Cue(None, label, key, "file", weight, f"the file names this voice {name.strip()!r}", -1, None))
    return out


def _person_named(name: str, entities: dict[str, Entity], lexicon: Lexicon, hosts: list[str]) -> str | None:
    """The person a name the file gives stands for, made an entity when the episode has none yet."""
    people = {k: e for k, e in entities.items() if e.top_type == "Person"}
    by_label = {fold(e.label): k for k, e in people.items()}
    if fold(name) in by_label:
        return by_label[fold(name)]
    if len(name.split()) == 1:
        host = [k for k in hosts if (e := lexicon.get(k)) and fold(e.label.split()[0]) == fold(name)]
        known = host or sorted(k for k, e in people.items() if fold(e.label.split()[0]) == fold(name)
                               and len(e.label.split()) > 1 and any(m.method != "speaker-label" for m in e.mentions))
        if len(known) == 1:
            key = known[0]
            if key not in entities:
                entry = lexicon.get(key)
                entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=key)
            entities[key].mentions.append(Mention(name, -1, None, "speaker-label", 0.8))
            return key
    entry = next((e for e in lexicon.lookup(name) if e.top_type == "Person"), None)
    key = entry.key if entry else slugify(name)
    if key not in entities:
        entities[key] = Entity(key, entry.label if entry else name, "Person", "Person", lexicon_key=entry.key if entry else None)
    entities[key].mentions.append(Mention(name, -1, None, "speaker-label", 0.9))
    return key


def clip_cues(turns: list[Turn], located: list[Located], entities: dict[str, Entity], lines: Lines,
               speakers: dict[str, Speaker]) -> list[Cue]:
    """A voice heard (nearly) only in one short stretch — a played clip: a news interview, a
    politician — is the person whose name the show says in the few lines before the stretch starts or
    after it ends, when a word of playing or quoting stands between the name and the clip ('David
    Ellison appeared on CNBC ... let's listen to what he said', 'a statement there from X'). The
    name nearest the clip counts; two names as near count too little to name anyone."""
    cues = speaker_cues()
    total = sum(sp.words for sp in speakers.values()) or 1
    position = lines.position
    texts = {utt.index: " " + " ".join(plain_words(utt.text)) + " " for turn in turns if not turn.is_header for utt in turn.utterances}
    named = _clip_names(turns, located, entities, position)
    minor = {label: sorted(position[i] for i, lab in lines.voice[NORMAL].items() if lab == label)
             for label, sp in speakers.items() if sp.words <= cues["clip_max_share"] * total}
    out: list[Cue] = []
    for label, mine in sorted(minor.items()):
        stretch = _stretch(mine, cues, [len(texts.get(lines.order[pos], "").split()) for pos in mine])
        if stretch is None:
            continue
        first, last = stretch
        # two voices of one clip (a question and its answer) share the names around it: neither is surely which
        shared = any(other != label and first - cues["clip_lookback"] <= pos <= last + cues["clip_lookahead"]
                     for other, theirs in minor.items() for pos in theirs)
        near: dict[str, tuple[int, str, int, float | None]] = {}
        for pos, key, quote, index, second, around in named:
            # the words between the name and the clip: the rest of the name's line, then the lines up to the
            # clip (a clip word before the name is not between them: 'what he said about whether Trump is ...')
            if first - cues["clip_lookback"] <= pos < first:
                own, lines_between = around[1], lines.order[pos + 1:first + 1]
                gap = len(own.split()) + _words_of(lines.order[pos + 1:first], texts)
            elif last < pos <= last + cues["clip_lookahead"]:
                own, lines_between = around[0], lines.order[last:pos]
                gap = len(own.split()) + _words_of(lines.order[last + 1:pos], texts)
            else:
                continue
            between = [own, *(texts.get(i, "") for i in lines_between)]
            # lines are counted, but a paragraph-sized line (a diarized markdown export's) is no line: the words too
            if gap <= cues["clip_reach_words"] and any(f" {w} " in text for text in between for w in cues["clip_words"]):
                distance = min(abs(first - pos), abs(pos - last))
                if key not in near or distance < near[key][0]:
                    near[key] = (distance, quote, index, second)
        ranked = sorted(near.items(), key=lambda kv: (kv[1][0], kv[0]))
        for rank, (key, (distance, quote, index, second)) in enumerate(ranked):
            alone = rank == 0 and not shared and (len(ranked) == 1 or ranked[1][1][0] > distance)
            weight = cues["weights"]["clip"] * (1.0 if alone else cues["weights"]["clip_other"])
            out.append(Cue(None, label, key, "clip", weight, quote, index, second))
    return out


def _stretch(positions: list[int], cues: dict, words: list[int] | None = None) -> tuple[int, int] | None:
    """The stretch of at most ``clip_max_lines`` lines that holds ``clip_min_part`` of a voice's words
    (a clip, give or take a line diarization misplaced), or None. Words, not lines: an export cuts a
    clip into as many lines as it likes (sentences, paragraphs, caption cues), the words stay the same."""
    if not positions:
        return None
    words = words if words is not None else [1] * len(positions)
    best = (0, 0, 0)
    j, held = 0, 0
    for i, start in enumerate(positions):
        while j < len(positions) and positions[j] - start <= cues["clip_max_lines"]:
            held += words[j]
            j += 1
        if held > best[0]:
            best = (held, start, positions[j - 1])
        held -= words[i]
    return best[1:] if best[0] >= cues["clip_min_part"] * sum(words) and best[0] > 0 else None


def _words_of(indexes: list[int], texts: dict[int, str]) -> int:
    """The number of words of the lines ``indexes``."""
    return sum(len(texts.get(i, "").split()) for i in indexes)


def _clip_names(turns: list[Turn], located: list[Located], entities: dict[str, Entity],
                position: dict[int, int]) -> list[tuple[int, str, str, int, float | None, tuple[str, str]]]:
    """People named by full name or surname (not a first name alone): (line position, person,
    sentence, utterance, second, (the words of its line before the name, after it, space-padded))."""
    out = []
    for loc in located:
        ent = entities.get(loc.key)
        turn = turns[loc.turn]
        if turn.is_header or ent is None or ent.top_type != "Person" or len(ent.label.split()) < 2:
            continue
        if len(loc.span.text.split()) < 2 and fold(loc.span.text) != fold(ent.label.split()[-1]):
            continue
        utt = utterance_of(turn, loc.span)
        if utt.index in position:
            start = turn.offsets[turn.utterances.index(utt)]
            around = (" " + " ".join(plain_words(turn.text[start:loc.span.start_char])) + " ",
                      " " + " ".join(plain_words(turn.text[loc.span.end_char:start + len(utt.text)])) + " ")
            out.append((position[utt.index], loc.key, loc.span.sent.text.strip(), utt.index, utt.start, around))
    return out
