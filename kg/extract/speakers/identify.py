"""Who is SPEAKER_00? Map diarization labels to people, as an assignment over the whole episode.

Named steps (:func:`identify_speakers`):

1. **Lines**: every utterance and the voice it belongs to, read two ways: as labelled, and with
   labels lagging the words by a line (diarization often writes a line under the previous voice's
   label: the words of line *i* are the voice of the next labelled line). :func:`detect_shift`
   picks the reading under which the episode's name cues agree best.
2. **Cues**: every cue for every voice (phrases and weights as data in ``ontology/rules/speakers.json``):
   a self-introduction ("I'm X", "my name is X", "this is X") names the voice of its line; an
   introduction ("we're joined by X", "joining me are X, Y and Z", "X, thanks for joining") names the
   next new voices, in order; being addressed ("thanks, X", "go ahead X", "X, you should ...",
   "..., X?") names the voice that answers, and not the one that speaks; the title's one person is the
   voice that talks most; the names the file itself gives its voices (:attr:`Episode.speaker_names`,
   full names or first names resolved against the episode's people); a voice heard only in one short
   stretch is a played clip of the person named beside 'listen' / 'said' / 'clip' just before or
   after it; and the hosts of the header's show (the knowledge base's show -> hosts,
   ``ontology/lexicon/shows.ttl``), when heard in the episode — a host's first name on their own show
   is the host, not a famous namesake, and a name that sounds like an expected person's (a host, a
   person of the title) is theirs. A first name alone that several people of the episode share is, for
   the voice it names, the one namesake that voice never speaks of in the third person ('..., Andrew?'
   said to the voice that told of 'a guy named Andrew Mellon' is the other Andrew).
   A file without a header (an SRT, WebVTT or JSON export) has its show from the words of its opening
   ('Welcome to Huberman Lab', :func:`~kg.extract.speakers.hosts.show_said`), or else from a show the
   words name in passing whose host they call by the first name alone ('... on MFM', 'what's up Sam?':
   :func:`~kg.extract.speakers.hosts.show_named`), and in place of a
   title the people its file name spells (not a show's host) or else the one person introduced by full
   name in the opening (:func:`~kg.extract.speakers.cues.untitled_guest`), weighed less than a title.
   A greeting in the middle of a turn ('Thank you, Ryan. Of course. Hey, it's Molly.') may be the next voice's
   first words, which an export that labels only the changes of voice joined to the turn before: it
   counts for both voices at half weight (:func:`~kg.extract.speakers.lines.greeted_by`).
3. **Assignment**: cue weights add up per (voice, person); pairs are taken best first, a voice at
   most one person, a person one voice (two only when the second is strongly supported too:
   diarization splits a person; a minor voice that says a person's name as its own, an outro read
   under a label of its own), and nothing below the threshold; the main voices choose first. A main
   voice left unnamed whose support for a heard host of the show reaches ``host_threshold`` is that
   host. The one expected person (a show host heard in the episode, a person of the title) left
   without a voice and the one main voice left unnamed are matched by elimination (of several hosts
   left, the one that voice never speaks of); two main voices left for two such people, each by the
   one it names less (a voice names others more than itself). A person two main voices support
   equally, through a greeting either may have said, is neither's.

Each identification keeps its cues (quote, utterance, second, weight) and a confidence.
:func:`voice_of` tells the relation extractor whose words an utterance are ("I", "my", "we").

The steps live in sibling modules: :mod:`kg.extract.speakers.lines` (lines, readings, phrases, :class:`Cue`),
:mod:`kg.extract.speakers.cues` (the cues), :mod:`kg.extract.speakers.hosts` (the show's hosts, the expected people heard);
this module weighs the cues and solves the assignment.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc

from kg.extract.names.entities import Located
from kg.extract.names.lexicon import Lexicon
from kg.model import Entity, Speaker, SpeakerCue
from kg.extract.speakers.hosts import (heard_people, hosts_of_show, show_entity, show_hosts, show_named, show_of,
                                      show_said)
from kg.extract.speakers.cues import (clip_cues, file_cues, name_cues, stem_people, title_cue, title_people,
                                      untitled_guest)
from kg.extract.speakers.lines import (LAG, NORMAL, Cue, Lines, introduces_self, read_lines, speaker_cues, utterance_of,
                            voice_of)
from kg.read import Turn

__all__ = ["LAG", "NORMAL", "detect_shift", "identify_speakers", "introduces_self", "read_lines", "show_hosts",
           "show_of", "speaker_cues", "voice_of"]

# ---------------------------------------------------------------- step 3: the assignment

def detect_shift(cues: list[Cue]) -> int:
    """The reading of the labels (:data:`NORMAL` or :data:`LAG`) under which the episode's name cues
    agree best: the total a best-first assignment reaches, with contradictions (one person voted to
    two voices, a voice that addresses itself) counting against it. Labels lag only by a clear margin."""
    totals = {}
    for reading in (NORMAL, LAG):
        votes = _tally(cues, reading, other_factor=0.0)
        chosen = _assign(votes, {}, threshold=0.0, second_ratio=float("inf"))
        agree = sum(votes[pair] for pair in chosen.items())
        against = sum(-c.weight for c in cues if c.reading == reading and c.weight < 0
                      and chosen.get(c.label) == c.person)
        totals[reading] = agree - against
    margin = speaker_cues()["lag_margin"]
    return LAG if totals[LAG] > totals[NORMAL] + margin else NORMAL


def _tally(cues: list[Cue], reading: int, other_factor: float) -> dict[tuple[str, str], float]:
    votes: dict[tuple[str, str], float] = defaultdict(float)
    for c in cues:
        factor = 1.0 if c.reading in (None, reading) else other_factor if c.weight > 0 else 0.0
        if factor:
            votes[(c.label, c.person)] += c.weight * factor
    return votes


def _assign(votes: dict[tuple[str, str], float], speakers: dict[str, Speaker], threshold: float,
            second_ratio: float, undecided: frozenset[str] = frozenset()) -> dict[str, str]:
    """Best-first assignment: a voice at most one person, a person one voice, or two when the second
    voice's support reaches ``second_ratio`` (diarization split the person). The main voices choose
    first: a person heard in a minor voice too (an outro read under a label of its own, its last line
    read under both readings) is the main voice's when that one's support reaches the threshold. The
    ``undecided`` people (a tie a greeting either voice may have said makes: :func:`_tied`) go to none."""
    chosen: dict[str, str] = {}
    used: dict[str, int] = defaultdict(int)
    total = sum(sp.words for sp in speakers.values()) or 1
    minor = {label for label, sp in speakers.items() if sp.words < speaker_cues()["main_voice_share"] * total}
    for (label, person), score in sorted(votes.items(), key=lambda kv: (kv[0][0] in minor, -kv[1], kv[0])):
        if score <= threshold or label in chosen or (speakers and label not in speakers) or person in undecided:
            continue
        if used[person] and score < second_ratio:
            continue
        chosen[label] = person
        used[person] += 1
    return chosen


def _split_cues(found: list[Cue]) -> frozenset[str]:
    """The people a cue of the words gives to two voices at once (a greeting in the middle of a turn:
    :func:`~kg.extract.speakers.lines.greeted_by`)."""
    voices: dict[tuple, set[str]] = defaultdict(set)
    for c in found:
        if c.weight > 0 and c.utterance >= 0:
            voices[(c.reading, c.utterance, c.person, c.kind, c.quote)].add(c.label)
    return frozenset(key[2] for key, labels in voices.items() if len(labels) > 1)


def _tied(votes: dict[tuple[str, str], float], speakers: dict[str, Speaker]) -> frozenset[str]:
    """The people whose support is highest, and the same, for two main voices: where a greeting either of
    two voices may have said ('Hey, it's Molly' in the middle of a turn, :func:`_split_cues`) makes the
    tie, equal evidence does not tell which.
    A minor voice as well supported is the person's second voice (an outro under a label of its own)."""
    total = sum(sp.words for sp in speakers.values()) or 1
    main = {label for label, sp in speakers.items() if sp.words >= speaker_cues()["main_voice_share"] * total}
    best: dict[str, list[float]] = defaultdict(list)
    for (label, person), score in votes.items():
        if score > 0 and (not speakers or label in main):
            best[person].append(score)
    return frozenset(person for person, scores in best.items()
                     if len(scores) > 1 and (top := sorted(scores))[-1] - top[-2] < 1e-9)


def _split_voices(chosen: dict[str, str], speakers: dict[str, Speaker], votes: dict, found: list[Cue],
                  reading: int) -> list[tuple[str, str]]:
    """Diarization splits a person: a minor voice (under ``main_voice_share`` of the words) left
    unnamed that says a person's name as its own ('as for me I'm at Brit' in an outro read under a
    label of its own) is that person too, though they have a voice already."""
    cues = speaker_cues()
    total = sum(sp.words for sp in speakers.values()) or 1
    own = {(c.label, c.person) for c in found if c.kind == "self" and c.weight > 0 and c.reading in (None, reading)}
    pairs = []
    for (label, person), score in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        minor = label in speakers and speakers[label].words < cues["main_voice_share"] * total
        if (minor and label not in chosen and person in chosen.values() and score > cues["threshold"]
                and (label, person) in own and label not in dict(pairs)):
            pairs.append((label, person))
    return pairs


def _main_free(chosen: dict[str, str], speakers: dict[str, Speaker]) -> list[str]:
    """The main voices (each with ``host_voice_share`` of the words) not yet named."""
    total = sum(sp.words for sp in speakers.values()) or 1
    share = speaker_cues()["host_voice_share"]
    return [label for label, sp in speakers.items() if sp.words >= share * total and label not in chosen]


def _hosts_by_support(chosen: dict[str, str], speakers: dict[str, Speaker], hosts: set[str], votes: dict,
                      undecided: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """On their own show a heard host is expected among the main voices: a main voice left unnamed
    whose support for a heard host reaches ``host_threshold`` (below the general threshold: one
    'Your thoughts, Chema?' answered) is that host, best first."""
    cutoff = speaker_cues()["host_threshold"]
    free = set(_main_free(chosen, speakers))
    taken = set(chosen.values()) | undecided
    pairs = []
    for (label, person), score in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if score >= cutoff and label in free and person in hosts and person not in taken:
            pairs.append((label, person))
            free.discard(label)
            taken.add(person)
    return pairs


def _by_elimination(chosen: dict[str, str], speakers: dict[str, Speaker], heard: set[str], votes: dict,
                    speaks_of: dict[str, dict[str, int]]) -> list[tuple[str, str]]:
    """The one expected person (a show host heard in the episode, or a person the title names) not
    yet given a voice, and the one main voice left unnamed: the same person, when nothing speaks
    against it. Of several expected people left, the one that voice never speaks of (a voice names
    others, not itself: 'Saks goes in the back') when each of the others it does. Two voices left for
    two expected people: :func:`_pair_by_names_said`. The (voice, person) pairs, or none."""
    free = _main_free(chosen, speakers)
    if len(free) == 2:
        return _pair_by_names_said(free, heard - set(chosen.values()), votes, speaks_of)
    left = sorted(person for person in heard - set(chosen.values()) if votes.get((free[0], person), 0.0) >= 0) if len(free) == 1 else []
    if len(left) > 1:
        left = [person for person in left if not speaks_of.get(free[0], {}).get(person)]
    return [(free[0], left[0])] if len(left) == 1 else []


def _pair_by_names_said(free: list[str], left: set[str], votes: dict,
                        speaks_of: dict[str, dict[str, int]]) -> list[tuple[str, str]]:
    """Two main voices left unnamed and two expected people left: a voice names others more than
    itself, so when each voice says one person's name less often than the other's, and the two
    voices say different ones less, each is the person it says less ('I remember Sam came over' is
    not Sam's), unless the cues support the other match more. Both pairs, or none."""
    if len(left) != 2:
        return []
    a, b = sorted(left)
    said = {voice: (speaks_of.get(voice, {}).get(a, 0), speaks_of.get(voice, {}).get(b, 0)) for voice in free}
    less = {voice: a if n_a < n_b else b if n_b < n_a else None for voice, (n_a, n_b) in said.items()}
    first, second = free
    if less[first] is None or less[second] is None or less[first] == less[second]:
        return []
    support = lambda one, other: votes.get((first, one), 0.0) + votes.get((second, other), 0.0)  # noqa: E731
    if support(less[first], less[second]) < support(less[second], less[first]):
        return []  # the cues speak for the other match
    return [(first, less[first]), (second, less[second])]


def _speaks_of(located: list[Located], turns: list[Turn], lines: Lines, reading: int) -> dict[str, dict[str, int]]:
    """How often each voice says each person's name, other than its own ('I'm X')."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for loc in located:
        turn = turns[loc.turn]
        if turn.is_header or introduces_self(loc.span):
            continue
        label = lines.voice[reading].get(utterance_of(turn, loc.span).index)
        if label is not None:
            out[label][loc.key] += 1
    return out


def identify_speakers(turns: list[Turn], docs: list[Doc], located: list[Located], entities: dict[str, Entity],
                      lexicon: Lexicon, show: str | None = None, speaker_names: dict[str, str] | None = None,
                      stem: str | None = None) -> dict[str, Speaker]:
    """Speakers of the episode by label, each with the person it stands for when the evidence says so
    (see the module docstring for the steps); ``stem``, the file's name, stands in for a title the file lacks."""
    cues = speaker_cues()
    speakers = _voices(turns)
    lines = read_lines(turns)
    show_key = show_of(show, lexicon)
    if show_key is None:  # a file without a header (or with a show kg does not know) may say its show's name
        said = show_said(turns, lexicon)
        show_key = said[0] if said else show_named(entities, lexicon) if show is None else None
        show = lexicon.get(show_key).label if show_key else None
        if said:
            show_entity(said, entities, lexicon)
    hosts = hosts_of_show(show_key, lexicon)
    located = list(located)
    untitled = not any(t.is_title for t in turns)
    in_title = stem_people(stem, entities, lexicon) if untitled else title_people(turns, located, entities, lexicon)
    heard = heard_people(hosts, in_title, turns, docs, located, entities, lexicon)
    found, introducers = name_cues(turns, located, entities, lines, heard, frozenset(hosts))
    reading = detect_shift(found)
    given = untitled_guest(stem, in_title, found, reading) if untitled else None
    title = title_cue(turns, located, entities, speakers, lexicon, given)
    found += [title] if title else []
    found += file_cues(speakers, speaker_names or {}, entities, lexicon, hosts)
    found += clip_cues(turns, located, entities, lines, speakers)
    votes = _tally(found, reading, other_factor=cues["weights"]["other_reading_factor"])
    for label, person in introducers[reading]:
        votes[(label, person)] = min(votes[(label, person)], -1.0)  # who introduces X is not X
    undecided = _tied(votes, speakers) & _split_cues(found)  # a cue two voices share: a tie between them tells neither
    chosen = _assign(votes, speakers, cues["threshold"], cues["second_voice_min"], undecided)
    # a file's name naming several people is no title: none of them is left to a voice by elimination
    named = in_title if not untitled else set()
    if given and len(given[0]) == 1:
        named = given[0]
    chosen.update(_split_voices(chosen, speakers, votes, found, reading))
    expected = set(heard.values()) & set(hosts)
    for label, person in _hosts_by_support(chosen, speakers, expected, votes, undecided):
        chosen[label] = person
    pairs = _by_elimination(chosen, speakers, expected | named, votes, _speaks_of(located, turns, lines, reading))
    how = "of two main voices left unnamed, the one that names them less" if len(pairs) == 2 else "the one main voice left unnamed"
    for extra in pairs:
        chosen[extra[0]] = extra[1]
        votes[extra] = max(votes.get(extra, 0.0), cues["weights"]["host_elimination"])
        why = f"a host of {show!r}, heard in the episode" if extra[1] in hosts else "named in the title"
        found.append(Cue(None, extra[0], extra[1], "by-elimination", cues["weights"]["host_elimination"],
                         f"{why}; {how}", -1, None))
    _record(speakers, chosen, votes, found, reading, lines)
    _roles(speakers, set(hosts), introducers[reading], title)
    return speakers


def _voices(turns: list[Turn]) -> dict[str, Speaker]:
    """A speaker per label, with the number of words it says."""
    speakers: dict[str, Speaker] = {}
    for turn in turns:
        if turn.speaker is not None:
            speakers.setdefault(turn.speaker, Speaker(turn.speaker)).words += len(turn.text.split())
    return speakers


def _record(speakers: dict[str, Speaker], chosen: dict[str, str], votes: dict, found: list[Cue], reading: int,
            lines: Lines) -> None:
    """Write each identification with its confidence and its cues (strongest first) onto the speakers."""
    scale = speaker_cues()["confidence_scale"]
    shifted = {i: label for i, label in lines.voice[LAG].items() if label != lines.voice[NORMAL].get(i)} if reading == LAG else {}
    for label, sp in speakers.items():
        sp.lines = shifted or None
        person = chosen.get(label)
        if not person:
            continue
        mine = [c for c in found if c.label == label and c.person == person and c.weight > 0 and c.reading in (None, reading)]
        mine.sort(key=lambda c: (-c.weight, c.utterance))
        sp.person, sp.confidence = person, round(min(1.0, votes[(label, person)] / scale), 2)
        sp.cues = [SpeakerCue(c.kind, c.quote, c.utterance, c.second, round(c.weight, 2)) for c in mine[:5]]
        if mine:
            sp.evidence, sp.evidence_utterance, sp.evidence_second = mine[0].quote, mine[0].utterance, mine[0].second


def _roles(speakers: dict[str, Speaker], hosts: set[str], introducers: set[tuple[str, str]], title: Cue | None) -> None:
    """Host: a host of the show, or a voice that introduces someone; guest: a person introduced, or the title's."""
    introduced = {person for _, person in introducers}
    for label, sp in speakers.items():
        if (sp.person and sp.person in hosts) or any(lab == label for lab, _ in introducers):
            sp.role = "host"
        elif sp.person and (sp.person in introduced or (title and (label, sp.person) == (title.label, title.person))):
            sp.role = "guest"
