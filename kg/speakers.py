"""Who is SPEAKER_00? Map diarization labels to people from the transcript's own words.

Cues (data in ``ontology/rules/speakers.json``) stand right before or after a person's name: "I'm
X" names the sentence's speaker; "we're joined by X", "welcome X", "we have X with us", "X, thanks
for joining" name the next different speaker; "thanks, X" addresses the next speaker. Votes are
weighed; each label gets at most one person and each person at most one label. A label nobody names
stays an anonymous speaker.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache

from spacy.tokens import Doc, Span

from .entities import Located
from .lexicon import Lexicon, slugify
from .model import Entity, Mention, Speaker
from .resources import data_path
from .transcript import TITLE_INDEX, Turn, Utterance


@lru_cache(maxsize=1)
def speaker_cues() -> dict:
    """The cue phrases and weights."""
    return json.loads(data_path("rules", "speakers.json").read_text(encoding="utf-8"))


def _ends_with(before: str, phrases: list[str], slack: int = 0, not_in_slack: frozenset[str] = frozenset()) -> str | None:
    """The cue phrase that ends ``before``, allowing up to ``slack`` words after it, none of them in
    ``not_in_slack`` ('welcome our first speaker, X', but not 'welcome to the X show')."""
    before = re.sub(r"[^\w' ]+", " ", before.lower().replace("’", "'"))
    words = before.split()
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
    words = " " + " ".join(re.sub(r"[^\w' ]+", " ", after.lower().replace("’", "'")).split()) + " "
    return any(words.startswith(" " + phrase + " ") for phrase in phrases)


def _in_intro(utt, cues: dict) -> bool:
    """The utterance is in the episode's opening, where introductions are made."""
    if utt.start is not None:
        return utt.start <= cues["intro_seconds"]
    return 0 <= utt.index < cues["intro_utterances"]


def _reads_as_name(span) -> bool:
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


def _surely_theirs(turn: Turn, utt: Utterance) -> bool:
    """The line carries the turn's label, or has none but a later line of the same turn carries it:
    a line without a label between two lines of one voice is that voice's ('I'm Andrew Huberman'
    between two SPEAKER_00 lines). An unlabelled line at the end of a turn may be the next voice's."""
    if utt.labelled:
        return True
    later = [u for u in turn.utterances if u.index > utt.index]
    return any(u.labelled for u in later)


def _next_speaker(turns: list[Turn], t: int) -> str | None:
    label = turns[t].speaker
    for turn in turns[t + 1:t + 4]:
        if turn.speaker is not None and turn.speaker != label:
            return turn.speaker
    return None


def identify_speakers(turns: list[Turn], docs: list[Doc], located: list[Located], entities: dict[str, Entity],
                      lexicon: Lexicon) -> dict[str, Speaker]:
    """Speakers of the episode by label, each with the person it stands for when the words say so."""
    cues = speaker_cues()
    weights = cues["weights"]
    speakers: dict[str, Speaker] = {}
    for turn in turns:
        if turn.speaker is None:
            continue
        sp = speakers.setdefault(turn.speaker, Speaker(turn.speaker))
        sp.words += len(turn.text.split())
    votes: dict[tuple[str, str], float] = defaultdict(float)
    evidence: dict[tuple[str, str], str] = {}
    introducers: dict[str, set[str]] = defaultdict(set)

    for loc in located:
        ent = entities.get(loc.key)
        if ent is None or ent.top_type != "Person":
            continue
        span, turn = loc.span, turns[loc.turn]
        if turn.speaker is None:
            continue
        sent = span.sent
        before = sent.text[:span.start_char - sent.start_char]  # doc.text would join the whole turn each time
        after = sent.text[span.end_char - sent.start_char:].strip()
        vote: tuple[str, float] | None = None
        utt = turn.utterance_at(sent.start_char)
        intro = _in_intro(utt, cues)
        self_cue = _self_cue(span)
        if self_cue and (self_cue not in cues["self_at_start_only"] or intro):  # 'it's X' introduces only in the opening
            vote = (turn.speaker, weights["self"] * (1.0 if intro else weights["later_factor"]))
        elif (_ends_with(before, cues["next"], slack=cues["slack"], not_in_slack=frozenset(cues["not_in_slack"]))
              or _starts_with(after, cues["next_after"])):
            nxt = _next_speaker(turns, loc.turn)
            if nxt:
                # 'talking to Bill about that era' an hour in introduces nobody
                vote = (nxt, weights["next"] * (1.0 if intro else weights["later_factor"]))
                if utt.labelled:  # a line without its own label may be the next voice's already
                    introducers[turn.speaker].add(loc.key)
        elif _ends_with(before, cues["addressed"]) or (after in ("", "?", ".", "!") and sent.end == len(span.doc)):
            nxt = _next_speaker(turns, loc.turn)
            if nxt:
                vote = (nxt, weights["addressed"] if _ends_with(before, cues["addressed"]) else weights["addressed_after"])
        if vote and _first_name_of_someone_else(ent, span, utt.index):
            vote = (vote[0], vote[1] * weights["later_factor"])  # 'we've got Mark' is not surely the Mark Zuckerberg said later
        if vote:
            pair = (vote[0], loc.key)
            # a line without its own label may belong to someone else (diarization drops labels)
            votes[pair] += vote[1] * (1.0 if _surely_theirs(turn, utt) else weights["unlabelled_factor"])
            evidence.setdefault(pair, (sent.text.strip(), utt.index, utt.start))

    title_guest = _title_guest_votes(turns, located, entities, speakers, votes, evidence, weights["title_guest"], cues, lexicon)

    # a label that said the name itself as an introduction cannot be that person
    taken_labels: set[str] = set()
    taken_people: set[str] = set()
    for (label, person), score in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if label in taken_labels or person in taken_people or label not in speakers:
            continue
        if person in introducers.get(label, set()):
            continue
        if score < 2.0:
            continue
        sp = speakers[label]
        sp.person, sp.confidence = person, round(min(1.0, score / 5), 2)
        sp.evidence, sp.evidence_utterance, sp.evidence_second = evidence[(label, person)]
        taken_labels.add(label)
        taken_people.add(person)
    for label, sp in speakers.items():
        if introducers.get(label):
            sp.role = "host"
        elif sp.person and (any(sp.person in v for v in introducers.values()) or (label, sp.person) == title_guest):
            sp.role = "guest"
    _named_labels(speakers, entities, lexicon)
    return speakers


def _first_name_of_someone_else(ent: Entity, span: Span, utterance: int) -> bool:
    """The name is a first name that the resolver joined to a full name said elsewhere in the episode
    (not in the title): a weaker sign of who speaks than the name said in full."""
    return len(span.text.split()) == 1 and len(ent.label.split()) > 1 and not any(
        m.utterance == TITLE_INDEX for m in ent.mentions) and any(
        m.utterance == utterance and m.text == span.text and m.method == "first-name" for m in ent.mentions)


def _title_guest_votes(turns: list[Turn], located: list[Located], entities: dict[str, Entity], speakers: dict[str, Speaker],
                       votes: dict, evidence: dict, weight: float, cues: dict, lexicon: Lexicon) -> tuple[str, str] | None:
    """One person named in the title is the guest: of the main voices (each with at least
    ``main_voice_share`` of the words), the one that talks ``guest_word_ratio`` times as much as the
    others together (interviews are mostly the guest's answers; a panel's voices are more even);
    failing that, in a two-voice episode, the one that says the name less (hosts name their guest;
    guests rarely say their own name). Returns the (label, person) voted for, if any.
    """
    in_title = _title_people(turns, located, entities, lexicon)
    if len(in_title) > 1:
        in_title = _title_lead(turns, located, in_title)
    total = sum(sp.words for sp in speakers.values()) or 1
    labels = sorted((label for label, sp in speakers.items() if sp.words >= cues["main_voice_share"] * total),
                    key=lambda label: -speakers[label].words)
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
    votes[(guest, person)] += weight
    evidence.setdefault((guest, person), (why, -1, None))
    return guest, person


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


def _named_labels(speakers: dict[str, Speaker], entities: dict[str, Entity], lexicon: Lexicon) -> None:
    """Labels that are full names already (WebVTT voices, 'Lenny Rachitsky:'): the person of that name."""
    by_name = {e.label.casefold(): e.key for e in entities.values() if e.top_type == "Person"}
    for label, sp in speakers.items():
        if sp.person or not re.fullmatch(r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}", label):
            continue
        key = by_name.get(label.casefold())
        if key is None:
            entry = next((e for e in lexicon.lookup(label) if e.top_type == "Person"), None)
            key = entry.key if entry else slugify(label)
            if key not in entities:
                entities[key] = Entity(key, entry.label if entry else label, "Person", "Person",
                                       lexicon_key=entry.key if entry else None)
            entities[key].mentions.append(Mention(label, -1, None, "speaker-label", 0.9))
        sp.person, sp.confidence, sp.evidence = key, 1.0, f"speaker label {label!r}"
