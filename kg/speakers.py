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
   person of the title) is theirs.
3. **Assignment**: cue weights add up per (voice, person); pairs are taken best first, a voice at
   most one person, a person one voice (two only when the second is strongly supported too:
   diarization splits a person), and nothing below the threshold. The one expected person (a show
   host heard in the episode, a person of the title) left without a voice and the one main voice
   left unnamed are matched by elimination.

Each identification keeps its cues (quote, utterance, second, weight) and a confidence.
:func:`voice_of` tells the relation extractor whose words an utterance are ("I", "my", "we").
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from .entities import Located
from .lexicon import Lexicon, fold, given_names, slugify
from .matching import similarity
from .model import Entity, Mention, Speaker, SpeakerCue
from .resources import data_path
from .transcript import TITLE_INDEX, Turn, Utterance

NORMAL, LAG = 0, 1  # how the labels sit against the words: as written, or one line late


@lru_cache(maxsize=1)
def speaker_cues() -> dict:
    """The cue phrases and weights."""
    return json.loads(data_path("rules", "speakers.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- phrases around a name

def _words(text: str) -> list[str]:
    return re.sub(r"[^\w' ]+", " ", text.lower().replace("’", "'")).split()


def _ends_with(before: str, phrases: list[str], slack: int = 0, not_in_slack: frozenset[str] = frozenset()) -> str | None:
    """The cue phrase that ends ``before``, allowing up to ``slack`` words after it, none of them in
    ``not_in_slack`` ('welcome our first speaker, X', but not 'welcome to the X show')."""
    words = _words(before)
    for drop in range(0, slack + 1):
        if drop > len(words) or (drop and words[len(words) - drop] in not_in_slack):
            break
        tail = " " + " ".join(words[: len(words) - drop] if drop else words)
        for phrase in sorted(phrases, key=len, reverse=True):
            if tail.endswith(" " + phrase):
                return phrase
    return None


def _starts_with(after: str, phrases: list[str]) -> bool:
    """``after`` (the rest of the sentence after a name) begins with one of the phrases, as whole words."""
    words = " " + " ".join(_words(after)) + " "
    return any(words.startswith(" " + phrase + " ") for phrase in phrases)


def _in_intro(utt: Utterance, cues: dict) -> bool:
    """The utterance is in the episode's opening, where introductions are made."""
    if utt.start is not None:
        return utt.start <= cues["intro_seconds"]
    return 0 <= utt.index < cues["intro_utterances"]


def _reads_as_name(span: Span) -> bool:
    """The name is not the start of a longer phrase: 'I'm Peter level' names nobody, 'I'm Peter,' does."""
    doc = span.doc
    if span.end >= len(doc):
        return True
    nxt = doc[span.end]
    return not (nxt.is_alpha and nxt.is_lower and nxt.pos_ in ("NOUN", "ADJ", "VERB"))


def _self_cue(span: Span) -> str | None:
    """The cue with which the sentence of the name ``span`` is its speaker saying their own name ("I'm
    X"; a cue of ``self_at_start_only`` only at the start of the sentence: "Hey, it's X"), or None."""
    cues = speaker_cues()
    sent = span.sent
    cue = _ends_with(sent.text[:span.start_char - sent.start_char], cues["self"])  # not doc.text: built anew per call
    if cue and _reads_as_name(span) and (cue not in cues["self_at_start_only"] or span.start_char - sent.start_char < 16):
        return cue
    return None


def introduces_self(span: Span) -> bool:
    """The speaker says their own name ``span`` ("I'm X", "Hey, it's X"), wherever in the episode."""
    return _self_cue(span) is not None


# ---------------------------------------------------------------- step 1: lines and voices

@dataclass
class Lines:
    """The body's utterances in order, with the voice each belongs to under each reading."""

    order: list[int]  # utterance indexes in order
    voice: dict[int, dict[int, str | None]]  # reading -> utterance index -> label
    sure: dict[int, bool]  # utterance index -> its label is surely its own (see _surely_theirs)
    position: dict[int, int] = field(default_factory=dict)  # utterance index -> its place in ``order``

    def __post_init__(self) -> None:
        self.position = {index: i for i, index in enumerate(self.order)}

    def next_voices(self, reading: int, index: int, count: int = 1, window: int = 20) -> list[str]:
        """The next ``count`` distinct voices after ``index`` other than its own (within ``window`` lines
        after each)."""
        own = self.voice[reading].get(index)
        pos = self.position[index] if index in self.voice[reading] else -1
        found: list[str] = []
        gap = 0
        for i in self.order[pos + 1:]:
            label = self.voice[reading][i]
            gap += 1
            if label is None or label == own or label in found:
                if gap > window:
                    break
                continue
            found.append(label)
            gap = 0
            if len(found) == count:
                break
        return found


def read_lines(turns: list[Turn]) -> Lines:
    """Every body utterance with its voice as labelled and as read with labels one line late."""
    body = [(turn, utt) for turn in turns if not turn.is_header for utt in turn.utterances]
    order = [utt.index for _, utt in body]
    normal = {utt.index: utt.speaker for _, utt in body}
    lag: dict[int, str | None] = {}
    following: str | None = None
    for turn, utt in reversed(body):  # the words of a line are the voice of the next labelled line
        lag[utt.index] = following if following is not None else utt.speaker
        if utt.labelled and utt.speaker is not None:
            following = utt.speaker
    sure = {utt.index: _surely_theirs(turn, utt) for turn, utt in body}
    for index, label in normal.items():  # a line without a label that ends a turn may open the next voice's
        if not sure[index] or label is None:
            normal[index] = lag[index]
    return Lines(order, {NORMAL: normal, LAG: lag}, sure)


def _surely_theirs(turn: Turn, utt: Utterance) -> bool:
    """The line carries the turn's label, or has none but a later line of the same turn carries it:
    a line without a label between two lines of one voice is that voice's. An unlabelled line at the
    end of a turn may be the next voice's."""
    if utt.labelled:
        return True
    return any(u.labelled for u in turn.utterances if u.index > utt.index)


def voice_of(utterance: Utterance, speakers: dict[str, Speaker]) -> str | None:
    """The voice whose words ``utterance`` are: its label, or — in an episode whose labels lag the words
    by a line (see :func:`detect_shift`) — the label of the next labelled line."""
    shifted = next((sp.lines for sp in speakers.values() if sp.lines), None)
    if shifted is not None and utterance.index in shifted:
        return shifted[utterance.index]
    return utterance.speaker


# ---------------------------------------------------------------- step 2: cues

@dataclass
class Cue:
    """One piece of evidence that a reading's voice is (or, with a negative weight, is not) a person."""

    reading: int | None  # None: holds under every reading
    label: str
    person: str
    kind: str
    weight: float
    quote: str
    utterance: int
    second: float | None


def _utterance(turn: Turn, span: Span) -> Utterance:
    return turn.utterance_at(span.start_char)


def _name_cues(turns: list[Turn], located: list[Located], entities: dict[str, Entity], lines: Lines,
               hosts: dict[str, str], show_hosts_keys: frozenset[str] = frozenset()) -> tuple[list[Cue], dict[int, set[tuple[str, str]]]]:
    """Self-introductions, introductions and addresses, each read under both readings of the labels.
    Returns the cues and, per reading, the (voice, person) pairs where a voice introduced the person."""
    cues = speaker_cues()
    out: list[Cue] = []
    introducers: dict[int, set[tuple[str, str]]] = {NORMAL: set(), LAG: set()}
    lists = _introduced_lists(turns, located, entities)
    for loc in located:
        key = hosts.get(fold(loc.span.text), loc.key)
        ent = entities.get(key)
        turn = turns[loc.turn]
        if ent is None or ent.top_type != "Person" or turn.is_header:
            continue
        span = loc.span
        utt = _utterance(turn, span)
        kind, weight, order = _classify(span, utt, cues, lists.get((loc.turn, span.start)), key in show_hosts_keys,
                                        key in hosts.values())
        if kind is None:
            continue
        one_word = len(span.text.split()) == 1 and len(ent.label.split()) > 1
        if one_word and key not in hosts.values():
            # 'we've got Mark' is not surely the Mark Zuckerberg said later, nor the famous Marc the linker knows
            weight *= cues["weights"]["later_factor"]
        quote = span.sent.text.strip()
        for reading in (NORMAL, LAG):
            own = lines.voice[reading].get(utt.index)
            if own is None:
                continue
            # a line without a label may be another voice's: that weakens what it says of its own voice
            factor = 1.0 if lines.sure.get(utt.index, True) or reading == LAG or kind != "self" else cues["weights"]["unlabelled_factor"]
            if kind == "self":
                out.append(Cue(reading, own, key, kind, weight * factor, quote, utt.index, utt.start))
                continue
            targets = lines.next_voices(reading, utt.index, count=order + 1)
            if len(targets) == order + 1:
                out.append(Cue(reading, targets[order], key, kind, weight * factor, quote, utt.index, utt.start))
            # one does not introduce or address oneself
            out.append(Cue(reading, own, key, "not-" + kind, -weight * factor * cues["weights"]["not_factor"], quote,
                           utt.index, utt.start))
            if kind == "introduced":
                introducers[reading].add((own, key))
    return out, introducers


def _classify(span: Span, utt: Utterance, cues: dict, list_position: int | None, host: bool,
              expected: bool) -> tuple[str | None, float, int]:
    """What the sentence around the name says of who speaks: ('self' | 'introduced' | 'addressed',
    weight, position in a list of names introduced together), or (None, 0, 0). A show's host signs
    on or off ('Hey, it's Molly') at any point of the episode."""
    weights = cues["weights"]
    sent = span.sent
    before = sent.text[:span.start_char - sent.start_char]  # not doc.text: rebuilt per call
    after = sent.text[span.end_char - sent.start_char:].strip()
    intro = _in_intro(utt, cues) or host
    late = 1.0 if intro else weights["later_factor"]
    self_cue = _self_cue(span)
    if self_cue and (self_cue not in cues["self_at_start_only"] or intro):  # 'it's X' introduces only in the opening
        return "self", weights["self"] * late, 0
    if list_position is not None:
        return "introduced", weights["next"] * late, list_position
    if (_ends_with(before, cues["next"], slack=cues["slack"], not_in_slack=frozenset(cues["not_in_slack"]))
            or _starts_with(after, cues["next_after"])):
        return "introduced", weights["next"] * late, 0
    addressed = _ends_with(before, cues["addressed"])
    if addressed:
        said = _words(before)[:-len(addressed.split())][-1:]
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
    if not _words(before) and not _words(after):
        return expected and len(span.text.split()) > 1  # presenting the next voice
    if _words(after)[:1] and _words(after)[0] in cues["not_vocative_next"]:
        return False  # 'X, he's a big fan of you' speaks of X
    question = span.sent.text.rstrip().endswith("?")
    near = cues["vocative_reach"]
    ahead, behind = _you_words(after, cues)[:near], _you_words(before, cues)[-near:]
    if after.strip(" \"'") in ("", "?", ".", "!", ","):
        # a name after a list of names ('Johnny Ho, Jerry Ma.') is no address
        return before.rstrip().endswith(",") and (question or any(behind)) and len(_words(before)) >= 2
    starts = not _words(before) or _words(before)[-1] in cues["vocative_openers"]
    if starts and after.startswith(","):
        return any(ahead) or (question and len(_words(span.sent.text)) <= cues["short_question_words"])
    return before.rstrip().endswith(",") and after.startswith(",") and (any(ahead) or any(behind))


def _you_words(text: str, cues: dict) -> list[bool]:
    """For each word of ``text``: is it a word that speaks to 'you' ('you know' does not)."""
    words = _words(text)
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
        if not _ends_with(before, cues["next"], slack=cues["slack"], not_in_slack=frozenset(cues["not_in_slack"])):
            continue
        chain = [group[0]]
        for loc in group[1:]:
            between = _words(first.doc.text[chain[-1].span.end_char:loc.span.start_char])
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
                words = " ".join(w for w in _words(label.replace("-", " ")) if w not in generic)
                if words and entry.key not in names[words]:
                    names[words].append(entry.key)
    for entry in sorted(lexicon.entries.values(), key=lambda e: e.key):
        if entry.top_type == "Person":
            for show in entry.affiliated_with:
                entry_show = lexicon.get(show)
                if entry_show and entry_show.type == "Podcast":
                    hosts[show].append(entry.key)
    return dict(names), dict(hosts)


def show_of(header: str | None, lexicon: Lexicon) -> str | None:
    """The knowledge base's show that the header's show name names: one of its names, or a name with
    words such as 'podcast' or 'founders' more or less ('Uncapped Founders' is Uncapped; 'Huberman' is
    Huberman Lab, whose host is Andrew Huberman)."""
    if not header:
        return None
    names, hosts = _show_index(lexicon)
    generic = set(speaker_cues()["show_generic_words"])
    words = [w for w in _words(header.replace("-", " ")) if w not in generic]
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
    show = show_of(header, lexicon)
    return _show_index(lexicon)[1].get(show, []) if show else []


def _heard_people(hosts: list[str], title: set[str], turns: list[Turn], docs: list[Doc], located: list[Located],
                  entities: dict[str, Entity], lexicon: Lexicon) -> dict[str, str]:
    """The people an episode leads one to expect — the show's hosts and the people its title names —
    where the words name them: folded name as heard -> person key. A host's first name on their own
    show is the host ('Ben' on a show Ben Gilbert hosts); a name that sounds like an expected person's
    first name, surname or full name is that person ('Ryan, welcome' on the tour the title says Brian
    Schimpf gives). The spans found join the located mentions."""
    expected = [*hosts, *sorted(title - set(hosts))]
    names = _expected_names(expected, entities, lexicon)
    heard: dict[str, str] = {}
    alike: dict[str, str] = {}
    for loc in located:  # said as the linker found them, or as an unknown name that sounds like theirs
        ent = entities.get(loc.key)
        if turns[loc.turn].is_header or ent is None or ent.top_type != "Person":
            continue
        key = loc.key if loc.key in expected else None if ent.lexicon_key else _expected_named(loc.span.text, names, True)
        if key:
            heard[fold(loc.span.text)] = key
            if key != loc.key:
                alike[loc.key] = key
    _join_alike(alike, located, entities, lexicon)
    taken = {(loc.turn, loc.span.start) for loc in located}
    for t, (turn, doc) in enumerate(zip(turns, docs)):
        if turn.is_header:
            continue
        for token in doc:
            if not token.text[:1].isupper() or (t, token.i) in taken:
                continue
            pair = doc[token.i:token.i + 2]
            two = len(pair) == 2 and pair[1].text[:1].isupper() and pair[1].is_alpha
            key = _expected_named(pair.text, names, True) if two else None
            span = pair if key else doc[token.i:token.i + 1]
            key = key or _expected_named(token.text, names, token.pos_ == "PROPN")
            if key is None:
                continue
            heard[fold(span.text)] = key
            located.append(Located(span, t, key))
            taken.add((t, token.i))
    for key in sorted(set(heard.values())):
        if key not in entities:
            entry = lexicon.get(key)
            entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=key)
            said = next(name for name, k in sorted(heard.items()) if k == key)
            entities[key].mentions.append(Mention(said, -1, None, "host-of-show", 0.8))
    return heard


def _join_alike(alike: dict[str, str], located: list[Located], entities: dict[str, Entity], lexicon: Lexicon) -> None:
    """An unknown name that sounds like an expected person's ('Freeberg' on the show David Friedberg
    hosts) is that person: its mentions join theirs, so the episode has one node for them."""
    for unknown, key in sorted(alike.items()):
        if key not in entities:
            entry = lexicon.get(key)
            if entry is None:
                continue
            entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=key)
        entities[key].mentions.extend(entities.pop(unknown).mentions)
        for loc in located:
            if loc.key == unknown:
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


def _expected_named(words: str, names: tuple[dict[str, str], dict[str, str]], proper_noun: bool) -> str | None:
    """The expected person ``words`` (one word, or two: a full name) name: one of their names, or — a
    proper noun, not a common word — one that sounds alike (ASR writes an unusual name as a common
    one: 'Cara', 'Freiburg', 'Ryan')."""
    folded = fold(words)
    pool = names[0] if " " in words else names[1]
    if folded in pool:
        return pool[folded]
    if not proper_noun or len(folded) < 3 or folded in _common_words():
        return None
    cutoff = speaker_cues()["expected_name_alike"]
    alike = {key for name, key in pool.items() if similarity(words, name) >= cutoff}
    return alike.pop() if len(alike) == 1 else None


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(speaker_cues()["second_person"]) | frozenset(speaker_cues()["vocative_openers"])


# ---------------------------------------------------------------- the title, the file

def _title_cue(turns: list[Turn], located: list[Located], entities: dict[str, Entity], speakers: dict[str, Speaker],
               lexicon: Lexicon) -> Cue | None:
    """One person named in the title is the guest: of the main voices (each with at least
    ``main_voice_share`` of the words), the one that talks ``guest_word_ratio`` times as much as the
    others together (interviews are mostly the guest's answers; a panel's voices are more even);
    failing that, in a two-voice episode, the one that says the name less (hosts name their guest;
    guests rarely say their own name)."""
    cues = speaker_cues()
    in_title = _title_people(turns, located, entities, lexicon)
    if len(in_title) > 1:
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
        guest, why = a, "named in the title; the one main voice"  # a talk, after a short introduction
    elif speakers[a].words >= cues["guest_word_ratio"] * sum(speakers[other].words for other in labels[1:]):
        guest, why = a, "named in the title; the voice that talks the most"
    elif len(labels) == 2 and said[a] != said[b]:
        guest, why = (b if said[a] > said[b] else a), "named in the title; the other voice says the name more"
    else:
        return None
    title = next((t.text for t in turns if t.is_title), why)
    return Cue(None, guest, person, "title", cues["weights"]["title_guest"], f"{why}: {title}", TITLE_INDEX, None)


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


def _title_people(turns: list[Turn], located: list[Located], entities: dict[str, Entity], lexicon: Lexicon) -> set[str]:
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
    orgs = {entities[k].lexicon_key for k in title_keys if entities[k].top_type == "Organization" and entities[k].lexicon_key}
    staff = set()
    for key, ent in entities.items():
        entry = lexicon.get(ent.lexicon_key or "")
        if ent.top_type == "Person" and entry and orgs & set(entry.affiliated_with) and any(m.utterance >= 0 for m in ent.mentions):
            staff.add(key)
    return staff if len(staff) == 1 else set()


def _file_cues(speakers: dict[str, Speaker], names: dict[str, str], entities: dict[str, Entity], lexicon: Lexicon,
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


def _clip_cues(turns: list[Turn], located: list[Located], entities: dict[str, Entity], lines: Lines,
               speakers: dict[str, Speaker]) -> list[Cue]:
    """A voice heard (nearly) only in one short stretch — a played clip: a news interview, a
    politician — is the person whose name the show says in the few lines before the stretch starts or
    after it ends, when a word of playing or quoting stands between the name and the clip ('David
    Ellison appeared on CNBC ... let's listen to what he said', 'a statement there from X'). The
    name nearest the clip counts; two names as near count too little to name anyone."""
    cues = speaker_cues()
    total = sum(sp.words for sp in speakers.values()) or 1
    position = lines.position
    texts = {utt.index: " " + " ".join(_words(utt.text)) + " " for turn in turns if not turn.is_header for utt in turn.utterances}
    named = _clip_names(turns, located, entities, position)
    minor = {label: sorted(position[i] for i, lab in lines.voice[NORMAL].items() if lab == label)
             for label, sp in speakers.items() if sp.words <= cues["clip_max_share"] * total}
    out: list[Cue] = []
    for label, mine in sorted(minor.items()):
        stretch = _stretch(mine, cues)
        if stretch is None:
            continue
        first, last = stretch
        # two voices of one clip (a question and its answer) share the names around it: neither is surely which
        shared = any(other != label and first - cues["clip_lookback"] <= pos <= last + cues["clip_lookahead"]
                     for other, theirs in minor.items() for pos in theirs)
        near: dict[str, tuple[int, str, int, float | None]] = {}
        for pos, key, quote, index, second in named:
            if first - cues["clip_lookback"] <= pos < first:
                between = lines.order[pos:first + 1]
            elif last < pos <= last + cues["clip_lookahead"]:
                between = lines.order[last:pos + 1]
            else:
                continue
            if any(f" {w} " in texts.get(i, "") for i in between for w in cues["clip_words"]):
                distance = min(abs(first - pos), abs(pos - last))
                if key not in near or distance < near[key][0]:
                    near[key] = (distance, quote, index, second)
        ranked = sorted(near.items(), key=lambda kv: (kv[1][0], kv[0]))
        for rank, (key, (distance, quote, index, second)) in enumerate(ranked):
            alone = rank == 0 and not shared and (len(ranked) == 1 or ranked[1][1][0] > distance)
            weight = cues["weights"]["clip"] * (1.0 if alone else cues["weights"]["clip_other"])
            out.append(Cue(None, label, key, "clip", weight, quote, index, second))
    return out


def _stretch(positions: list[int], cues: dict) -> tuple[int, int] | None:
    """The stretch of at most ``clip_max_lines`` lines that holds ``clip_min_part`` of a voice's lines
    (a clip, give or take a line diarization misplaced), or None."""
    if not positions:
        return None
    best = (0, 0, 0)
    j = 0
    for i, start in enumerate(positions):
        while j < len(positions) and positions[j] - start <= cues["clip_max_lines"]:
            j += 1
        if j - i > best[0]:
            best = (j - i, start, positions[j - 1])
    return best[1:] if best[0] >= cues["clip_min_part"] * len(positions) else None


def _clip_names(turns: list[Turn], located: list[Located], entities: dict[str, Entity],
                position: dict[int, int]) -> list[tuple[int, str, str, int, float | None]]:
    """People named by full name or surname (not a first name alone): (line position, person,
    sentence, utterance, second)."""
    out = []
    for loc in located:
        ent = entities.get(loc.key)
        turn = turns[loc.turn]
        if turn.is_header or ent is None or ent.top_type != "Person" or len(ent.label.split()) < 2:
            continue
        if len(loc.span.text.split()) < 2 and fold(loc.span.text) != fold(ent.label.split()[-1]):
            continue
        utt = _utterance(turn, loc.span)
        if utt.index in position:
            out.append((position[utt.index], loc.key, loc.span.sent.text.strip(), utt.index, utt.start))
    return out


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
            second_ratio: float) -> dict[str, str]:
    """Best-first assignment: a voice at most one person, a person one voice, or two when the second
    voice's support reaches ``second_ratio`` (diarization split the person)."""
    chosen: dict[str, str] = {}
    used: dict[str, int] = defaultdict(int)
    for (label, person), score in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if score <= threshold or label in chosen or (speakers and label not in speakers):
            continue
        if used[person] and score < second_ratio:
            continue
        chosen[label] = person
        used[person] += 1
    return chosen


def _by_elimination(chosen: dict[str, str], speakers: dict[str, Speaker], heard: set[str], votes: dict) -> tuple[str, str] | None:
    """The one expected person (a show host heard in the episode, or a person the title names) not
    yet given a voice, and the one main voice left unnamed: the same person, when nothing speaks
    against it."""
    cues = speaker_cues()
    total = sum(sp.words for sp in speakers.values()) or 1
    main = [label for label, sp in speakers.items() if sp.words >= cues["host_voice_share"] * total]
    free = [label for label in main if label not in chosen]
    left = sorted(heard - set(chosen.values()))
    if len(free) == 1 and len(left) == 1 and votes.get((free[0], left[0]), 0.0) >= 0:
        return free[0], left[0]
    return None


def identify_speakers(turns: list[Turn], docs: list[Doc], located: list[Located], entities: dict[str, Entity],
                      lexicon: Lexicon, show: str | None = None, speaker_names: dict[str, str] | None = None) -> dict[str, Speaker]:
    """Speakers of the episode by label, each with the person it stands for when the evidence says so
    (see the module docstring for the steps)."""
    cues = speaker_cues()
    speakers = _voices(turns)
    lines = read_lines(turns)
    hosts = show_hosts(show, lexicon)
    located = list(located)
    heard = _heard_people(hosts, _title_people(turns, located, entities, lexicon), turns, docs, located, entities, lexicon)
    found, introducers = _name_cues(turns, located, entities, lines, heard, frozenset(hosts))
    reading = detect_shift(found)
    title = _title_cue(turns, located, entities, speakers, lexicon)
    found += [title] if title else []
    found += _file_cues(speakers, speaker_names or {}, entities, lexicon, hosts)
    found += _clip_cues(turns, located, entities, lines, speakers)
    votes = _tally(found, reading, other_factor=cues["weights"]["other_reading_factor"])
    for label, person in introducers[reading]:
        votes[(label, person)] = min(votes[(label, person)], -1.0)  # who introduces X is not X
    chosen = _assign(votes, speakers, cues["threshold"], cues["second_voice_min"])
    title_people = _title_people(turns, located, entities, lexicon)
    extra = _by_elimination(chosen, speakers, (set(heard.values()) & set(hosts)) | title_people, votes)
    if extra:
        chosen[extra[0]] = extra[1]
        votes[extra] = max(votes.get(extra, 0.0), cues["weights"]["host_elimination"])
        why = f"a host of {show!r}, heard in the episode" if extra[1] in hosts else "named in the title"
        found.append(Cue(None, extra[0], extra[1], "by-elimination", cues["weights"]["host_elimination"],
                         f"{why}; the one main voice left unnamed", -1, None))
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
