"""What the relation stage reads around the rules in one episode: whom each turn addresses ('you'),
which utterances are sponsor reads, whom 'he / she' and 'there' stand for, where each speaker last
said they were, lists of names that go on with the sentence before, and the sentences that name
entities (the evidence of background facts). Simple, documented heuristics, each a function.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from kg.extract.names.entities import Located
from kg.extract.names.lexicon import symmetric_predicates
from kg.model import Entity, Evidence, Fact
from kg.extract.relations.rules import THIRD_PERSON, TurnTags, class_of, fits_signature
from kg.extract.speakers.identify import introduces_self
from kg.read import Turn

PRONOUN_LOOKBACK = 2  # turns before the pronoun's own where its person may have been named
PLACE_WINDOW = 40  # utterances after 'I was at X' in which the speaker's 'there' / 'with me' is X
LIST_LOOKBACK = 2  # utterances between a statement about a person and a list of names that goes on with it
LIST_FILLERS = frozenset({"and", "yeah", "yes", "oh", "um", "uh", "also", "too", "like"})
LIST_CONFIDENCE = 0.4
NAMING_VERBS = frozenset({"name", "call"})  # "a guy named X", "a company called X"
AD_BEFORE, AD_AFTER = 3, 8  # utterances of the same turn before and after an ad cue that belong to the sponsor read


def addressees(turns: list[Turn], speaker_person: dict[str, str]) -> dict[int, str]:
    """The person each turn speaks to ('you'), by turn index, when that is unambiguous: in an episode
    of exactly two voices (labels), the other voice, when it is named. With three voices or more the
    one who answers is often not the one asked (a panel's 'you were at Google' goes to whoever speaks
    next), so 'you' is nobody there unless the turn names its listener (:func:`vocatives`)."""
    voices = sorted({turn.speaker for turn in turns if turn.speaker is not None})
    if len(voices) != 2:
        return {}
    out: dict[int, str] = {}
    for t, turn in enumerate(turns):
        other = next((label for label in voices if label != turn.speaker), None)
        if turn.speaker is not None and other in speaker_person:
            out[t] = speaker_person[other]
    return out


VOCATIVE_AFTER = frozenset({",", ".", "?", "!"})


def vocatives(turns: list[Turn], located: list[Located], entities: dict[str, Entity],
              speaker_person: dict[str, str]) -> dict[int, str]:
    """The person a turn names as the one it speaks to, by turn index: a person's name set off by a
    comma inside a sentence and followed by punctuation ('you've got a long history, Jason, in SaaS';
    'Thanks, Jason.'), not in a list of names ('Sam, Greg, and Ilya') and not the speaker's own."""
    out: dict[int, str] = {}
    for loc in located:
        ent, span = entities.get(loc.key), loc.span
        doc = span.doc
        if ent is None or ent.top_type != "Person" or loc.turn in out or span.start < 2 or span.end >= len(doc):
            continue
        before, after = doc[span.start - 1], doc[span.end]
        if before.text != "," or after.text not in VOCATIVE_AFTER or doc[span.start - 2].ent_type_ == "PERSON":
            continue
        if after.text == "," and span.end + 1 < len(doc) and (doc[span.end + 1].lower_ == "and" or doc[span.end + 1].ent_type_):
            continue  # a list of names goes on
        if loc.key != speaker_person.get(turns[loc.turn].speaker or ""):
            out[loc.turn] = loc.key
    for t in range(1, len(turns)):  # a turn split in two by the transcript still speaks to whom it named
        if t not in out and t - 1 in out and turns[t].speaker is not None and turns[t].speaker == turns[t - 1].speaker:
            out[t] = out[t - 1]
    return out


def first_sentences(turns: list[Turn], located: list[Located]) -> dict[str, Evidence]:
    """The sentence of each entity's first mention, as evidence without a rule."""
    out: dict[str, Evidence] = {}
    for loc in located:
        if loc.key not in out:
            out[loc.key] = _sentence_evidence(turns, loc)
    return out


def names_together(turns: list[Turn], located: list[Located]) -> dict[tuple[str, str], Evidence]:
    """The first sentence that names both of two entities, by (key, key) either way round."""
    by_sentence: dict[tuple[int, int], list[Located]] = {}
    for loc in located:
        by_sentence.setdefault((loc.turn, loc.span.sent.start), []).append(loc)
    out: dict[tuple[str, str], Evidence] = {}
    for _, locs in sorted(by_sentence.items()):
        keys = sorted({loc.key for loc in locs})
        if len(keys) < 2:
            continue
        ev = _sentence_evidence(turns, locs[0])
        for a in keys:
            for b in keys:
                if a != b:
                    out.setdefault((a, b), ev)
    return out


def joined(anchor: Evidence, other: Evidence) -> Evidence:
    """The sentences that name each end of a fact, in the order said, as one evidence placed (utterance,
    second, speaker) at ``anchor``."""
    a, b = sorted((anchor, other), key=lambda e: e.utterance)
    quote = a.quote if a.quote == b.quote else f"{a.quote} … {b.quote}"
    return Evidence(quote, anchor.utterance, anchor.second, anchor.speaker, "", 0.0)


def _sentence_evidence(turns: list[Turn], loc: Located) -> Evidence:
    """The sentence of a mention, as evidence without a rule."""
    sent = loc.span.sent
    utt = turns[loc.turn].utterance_at(sent.start_char)
    return Evidence(sent.text.strip(), utt.index, utt.start, turns[loc.turn].speaker, "", 0.0)


def self_introductions(turns: list[Turn], located: list[Located], entities: dict[str, Entity]) -> dict[str, Evidence]:
    """The first sentence in which each person of the lexicon says their own name ('Hey, it's Molly')."""
    out: dict[str, Evidence] = {}
    for loc in located:
        ent = entities.get(loc.key)
        if ent is not None and ent.top_type == "Person" and ent.lexicon_key and loc.key not in out and introduces_self(loc.span):
            out[loc.key] = _sentence_evidence(turns, loc)
    return out


def ad_utterances(turns: list[Turn], cues) -> set[int]:
    """The utterances of sponsor reads, by index: each utterance holding an ad cue ('brought to you by',
    'use code'), with up to :data:`AD_BEFORE` utterances before it and :data:`AD_AFTER` after it in the
    same turn. A simple, documented heuristic: an ad is read in one voice, around its cue words."""
    cues = tuple(c.lower() for c in cues)
    out: set[int] = set()
    for turn in turns:
        utts = turn.utterances
        for k, utt in enumerate(utts):
            low = utt.text.lower()
            if any(c in low for c in cues):
                out.update(u.index for u in utts[max(0, k - AD_BEFORE):k + AD_AFTER + 1])
    return out


def resolve_pronouns(turns: list[Turn], tagged: list[tuple[Doc, TurnTags]], entities: dict[str, Entity],
                     speaker_person: dict[str, str], ads: set[int] = frozenset()) -> None:
    """'he / she / his / her' -> the person named last before it, in the same turn or the
    :data:`PRONOUN_LOOKBACK` turns before, who is not the one speaking. A simple, documented heuristic:
    no gender, no syntax; the resolved token is tagged PERSON like a name. In a sponsor read (``ads``)
    a pronoun stays unresolved: the ad's 'he founded X' is about no one of the episode."""
    history: list[tuple[int, str]] = []  # (turn, entity key) of person names, in order
    for t, (doc, tags) in enumerate(tagged):
        me = speaker_person.get(turns[t].speaker)
        for tok in doc:
            key = tags.ent.get(tok.i)
            if key is not None and entities[key].top_type == "Person":
                history.append((t, key))
            elif (key is None and tok.i not in tags.kind and tok.lower_ in THIRD_PERSON
                  and turns[t].utterance_at(tok.idx).index not in ads):
                for turn_no, person in reversed(history):
                    if turn_no < t - PRONOUN_LOOKBACK:
                        break
                    if person != me:
                        tags.mark(tok, "PERSON", person, class_of(entities[person]), pronoun=True)
                        break


def speaker_places(turns: list[Turn], facts: list[Fact], speaker_person: dict[str, str]) -> dict[int, str]:
    """Where each utterance's speaker last said they were, by utterance index: the organization of
    their latest 'I work / was at X' fact at most :data:`PLACE_WINDOW` utterances before. A simple,
    documented heuristic for what 'there' and 'on the team with me' point to in a story of one's career."""
    said: dict[str, list[tuple[int, str]]] = {}
    for fact in facts:
        if fact.predicate in ("worksFor", "formerlyWorkedFor"):
            for ev in fact.evidence:
                if ev.speaker is not None and speaker_person.get(ev.speaker) == fact.subject:
                    said.setdefault(ev.speaker, []).append((ev.utterance, fact.object))
    places: dict[int, str] = {}
    for turn in turns:
        marks = sorted(said.get(turn.speaker or "", []))
        for utt in turn.utterances:
            i = bisect_right(marks, (utt.index, "\uffff")) - 1
            if i >= 0 and utt.index - marks[i][0] <= PLACE_WINDOW:
                places[utt.index] = marks[i][1]
    return places


def tag_there(turns: list[Turn], tagged: list[tuple[Doc, TurnTags]], entities: dict[str, Entity],
              places: dict[int, str]) -> set[int]:
    """Tag 'there' of 'X was there' / 'worked there' as the organization the speaker last said they
    were at (``places``); returns the turns tagged. Not the 'there' of 'there is'."""
    changed: set[int] = set()
    if not places:
        return changed
    for t, (doc, tags) in enumerate(tagged):
        if "there" not in doc.text.lower():  # most turns: no token to walk
            continue
        for tok in doc:
            if tok.lower_ != "there" or tok.i in tags.kind or tok.dep_ == "expl" or tok.head.lemma_ not in ("be", "work"):
                continue
            org = places.get(turns[t].utterance_at(tok.idx).index)
            if org in entities:
                tags.mark(tok, "ORG", org, class_of(entities[org]), pronoun=True)
                changed.add(t)
    return changed


def tag_named_antecedents(tagged: list[tuple[Doc, TurnTags]]) -> None:
    """'a guy named X, who ran Y' / 'a bank called X, which Z bought': the parse often hangs the relative
    clause on the noun that the name specifies ('guy', 'bank'), not on the name. Such a noun, untagged,
    with a 'named / called' clause whose word is a name, and with a relative clause of its own, is
    tagged as that name (like a pronoun), so the rules over relative clauses read it."""
    for doc, tags in tagged:
        if not tags.ent:
            continue
        for tok in doc:
            if tok.dep_ != "relcl" or tok.head.i in tags.kind or tok.head.pos_ != "NOUN":
                continue
            noun = tok.head
            named = next((child for acl in noun.children if acl.dep_ == "acl" and acl.lemma_ in NAMING_VERBS
                          for child in acl.children if child.i in tags.ent), None)
            if named is not None:
                parts = named.norm_.split(":", 2)  # 'kg:PERSON:Person': the name's kind and class
                tags.mark(noun, tags.kind[named.i], tags.ent[named.i], parts[2] if len(parts) == 3 else None, pronoun=True)


def continue_lists(turns: list[Turn], tagged: list[tuple[Doc, TurnTags]], entities: dict[str, Entity],
                   facts: list[Fact], speaker_person: dict[str, str], person_is_rules: frozenset[str]) -> list[Fact]:
    """'Dennis was on the feed team with me. Yeah. Johnny Ho, Jerry Ma.': a sentence of nothing but
    names of people goes on with what the same speaker said just before (at most
    :data:`LIST_LOOKBACK` utterances back) of another person, in a sentence 'X was / is …' (a rule of
    ``person_is_rules``; not an apposition like 'X, CEO of Y. Z.'). A simple, documented heuristic for
    the lists of speech; the evidence quotes both sentences, at a low confidence."""
    said: dict[tuple[str | None, int], list[tuple[Fact, str, Evidence]]] = {}
    for fact in facts:
        for ev in fact.evidence:
            me = speaker_person.get(ev.speaker or "")
            third = fact.object if fact.subject == me else fact.subject
            if ev.rule in person_is_rules and third != me and entities[third].top_type == "Person":
                said.setdefault((ev.speaker, ev.utterance), []).append((fact, third, ev))
    if not said:
        return []  # the common case: no 'X was …' statement for a list to go on with
    out: list[Fact] = []
    for t, (doc, tags) in enumerate(tagged):
        for sent in doc.sents:
            people = [tags.ent[tok.i] for tok in sent if tags.kind.get(tok.i) == "PERSON" and tok.i in tags.ent]
            if not people or any(tok.i not in tags.kind and not tok.is_punct and tok.lower_ not in LIST_FILLERS for tok in sent):
                continue
            utt = turns[t].utterance_at(sent.start_char)
            before = next((said[key] for back in range(1, LIST_LOOKBACK + 1)
                           if (key := (turns[t].speaker, utt.index - back)) in said), [])
            for fact, third, ev in before:
                for person in people:
                    subj, obj = (person, fact.object) if third == fact.subject else (fact.subject, person)
                    if person in (fact.subject, fact.object) or not fits_signature(fact.predicate, entities[subj], entities[obj]):
                        continue
                    if fact.predicate in symmetric_predicates() and subj > obj:
                        subj, obj = obj, subj
                    out.append(Fact(subj, fact.predicate, obj, [Evidence(
                        f"{ev.quote} … {sent.text.strip()}", utt.index, utt.start, turns[t].speaker,
                        f"list-goes-on/{ev.rule}", min(ev.confidence, LIST_CONFIDENCE))]))
    return out
