"""Reading one rule match into a fact: which entities its ends stand for (a name, 'I', 'you', 'we',
a resolved 'he' or 'there'), whether the sentence around it says the fact (negation, hedges, a
sponsor read's 'you', a name that only modifies another noun), its tense (worksFor or
formerlyWorkedFor, studiedAt), and names coordinated with its ends. Per-episode state lives in an
:class:`EpisodeReader`, made for each episode, never on the shared extractor.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Container
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.names.lexicon import Lexicon, predicate_signatures, symmetric_predicates
from kg.model import Entity, Evidence, Fact, Speaker
from kg.extract.relations.rules import PRONOUN_KINDS, THIRD_PERSON, YOU, YOU_WORDS, Rule, TurnTags, fits_signature
from kg.extract.speakers.identify import voice_of
from kg.read import Turn

PAST_TAGS = ("VBD", "VBN")
NAME_MODIFIER_DEPS = ("compound", "nmod", "amod", "det")  # a merged 'the New York Times' before a noun may parse as det
SPEAKER_ORG_PREDICATES = frozenset({"founded", "leads"})  # what one voice of an organization says of it
STRICT_OBJECT = frozenset({"founded", "leads", "acquired", "investedIn"})  # a name before a noun is not these facts' end


def windows(doc: Doc, tags: TurnTags) -> list:
    """Stretches of a turn worth matching: runs of sentences that, with their neighbour, hold a name
    (or a 'he' resolved to a person) and one more name or pronoun. Most sentences of a conversation
    hold neither, and the Matcher's cost is in the tokens it walks."""
    if not tags.ent and not tags.pronoun:
        return []
    sents = list(doc.sents)
    ends = [s.end for s in sents]
    tagged, named = [0] * len(sents), [0] * len(sents)
    for i in tags.kind:
        k = bisect_right(ends, i)
        tagged[k] += 1
        named[k] += i in tags.ent or i in tags.pronoun
    keep = [False] * len(sents)
    for i in range(len(sents)):
        j = min(i + 1, len(sents) - 1)
        pair_tagged = tagged[i] + (tagged[j] if j != i else 0)
        pair_named = named[i] + (named[j] if j != i else 0)
        if pair_tagged >= 2 and pair_named >= 1:
            keep[i] = keep[j] = True
    windows, i = [], 0
    while i < len(sents):
        if not keep[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(sents) and keep[j + 1]:
            j += 1
        windows.append(doc[sents[i].start:sents[j].end])
        i = j + 1
    return windows


def _another_subject(doc: Doc, tags: TurnTags, end: int, subject: int, ends_at: set[int]) -> bool:
    """A token rule whose subject is 'I / we / you', the subject of its clause, runs over the subject of
    another clause: a pronoun of another person or a person's name ('I think you went to X', 'I heard
    Sam was at X'); not 'my colleague X wrote it', where X is the fact's other end."""
    if tags.kind.get(subject) not in PRONOUN_KINDS or doc[subject].dep_ not in ("nsubj", "nsubjpass"):
        return False
    for tok in doc[subject + 1:end]:
        if tok.i not in ends_at and tok.dep_ in ("nsubj", "nsubjpass") and tags.kind.get(tok.i) != tags.kind.get(subject):
            if tok.lower_ in THIRD_PERSON | YOU_WORDS | {"they"} or tags.kind.get(tok.i) == "PERSON":
                return True
    return False


def _modifies_a_name(tok: Token, tags: TurnTags, ends_at: set[int], strict_after: int | None = None) -> bool:
    """The name is a modifier of another name after it that is not the fact's other end ('founder of
    the New York Times DealBook'; not 'Microsoft Azure', where Microsoft develops Azure); with
    ``strict_after`` (the end of the match), of any noun after the match ('founder of the New York Times
    dealbook', 'CEO of the Google team'; not 'Figma co-founder Dylan Field', where the noun is the rule's)."""
    head = tok.head
    if tok.i not in tags.ent or tok.dep_ not in NAME_MODIFIER_DEPS or head.i <= tok.i or head.i in ends_at:
        return False
    return head.i in tags.ent or (strict_after is not None and head.i >= strict_after and head.pos_ in ("NOUN", "PROPN"))


def _names_a_place_after(tok: Token, tags: TurnTags, end: int) -> bool:
    """The organization at the end of the match modifies a proper noun after it that is no entity
    ('I was at Google Camp', 'at Apple Park'): the place or event is another thing than the company."""
    head = tok.head
    return (tok.i in tags.ent and tok.dep_ == "compound" and head.i >= end and head.pos_ == "PROPN"
            and head.i not in tags.ent and head.i not in tags.kind)


def _has_barred_child(rule: Rule, doc: Doc, align: list[int]) -> bool:
    """A node of a rule over the parse has a child it must not have ('I quit and he started a company
    called X': the verb 'started' that borrows the first verb's subject has a subject of its own)."""
    return any(child.dep_ in deps for node, deps in rule.no_child for child in doc[align[node]].children)


def _positions(rule: Rule, start: int, align: list[int]) -> list[tuple[int, int]]:
    """(pattern element, token index) of a match: a token rule's alignment counts from ``start``, a
    dependency rule's is the token of each node."""
    if rule.dependency:
        return list(enumerate(align))
    return [(element, start + offset) for offset, element in enumerate(align)]


def _conjoined(fact: Fact, rule: Rule, doc: Doc, tags: TurnTags, start: int, align: list[int],
               entities: dict[str, Entity]) -> list[Fact]:
    """The same fact of names coordinated with the object ('I worked at Google and Facebook':
    Facebook too), by the parse's conjuncts, when they are names of the object's kind; for a rule over
    the parse, with the subject too ('co-founded X with A and B')."""
    out = []
    symmetric = fact.predicate in symmetric_predicates()
    for end in ("object", "subject") if rule.dependency else ("object",):
        at = next((i for element, i in _positions(rule, start, align) if rule.roles.get(element) == end), None)
        if at is None or tags.ent.get(at) not in (fact.subject, fact.object):
            continue
        # the end the token stands for (a symmetric fact's ends are sorted) and the one it keeps
        mine, kept = (fact.subject, fact.object) if tags.ent[at] == fact.subject else (fact.object, fact.subject)
        if not symmetric and mine != getattr(fact, end):
            continue
        if end == "subject" and doc[at].dep_ not in ("nsubj", "nsubjpass", "pobj"):
            continue  # 'A, founder of X, and B, ...': B is no founder of X
        for tok in _coordinated(doc[at]):
            other = tags.ent.get(tok.i)
            subj, obj = (other, kept) if end == "subject" and not symmetric else (kept, other)
            if (other and other not in (fact.subject, fact.object) and tags.kind.get(tok.i) == tags.kind.get(at)
                    and fits_signature(fact.predicate, entities[subj], entities[obj])):
                if symmetric and subj > obj:
                    subj, obj = obj, subj
                out.append(Fact(subj, fact.predicate, obj, list(fact.evidence), fact.start_year, fact.duration))
    return out


def _subject_among_objects(fact: Fact, rule: Rule, doc: Doc, tags: TurnTags, start: int, align: list[int]) -> bool:
    """The subject is one of the names coordinated with the object: 'my co-hosts Eric and Tom' said in a
    voice taken for Tom names that voice as someone else, so the voice is mistaken and the match says nothing."""
    at = next((i for element, i in _positions(rule, start, align) if rule.roles.get(element) == "object"), None)
    if at is None:
        return False
    other = fact.object if tags.ent.get(at) == fact.subject else fact.subject  # a symmetric fact's ends are sorted
    return any(tags.ent.get(tok.i) == other for tok in _coordinated(doc[at]))


def _coordinated(tok: Token) -> list[Token]:
    """The names coordinated with ``tok``: its conjuncts ('Google and Stripe') and, for the object of a
    preposition, the objects of the prepositions coordinated with it ('on Craigslist and on Reddit')."""
    out = list(tok.conjuncts)
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        for prep in tok.head.conjuncts:
            out.extend(child for child in prep.children if child.dep_ == "pobj")
    return out


CONDITION_MARKS = frozenset({"if", "unless"})


FIRST_PERSON = frozenset({"i", "we"})


def _reported(tok: Token, verbs: frozenset[str]) -> bool:
    """'I / you' stands in another's reported speech: a clause above ``tok`` is the complement of a
    verb of saying ('she emailed me and said I worked at X', 'he told me I was at X') or stands beside
    one ('you were at X, he said'), and that verb's subject is someone other than the speaker. A verb
    of saying without a subject of its own takes the subject of the verb it is coordinated with.
    ('When I was at X, he said …' is no reported speech: the clause is not what was said.)"""
    node, said = tok, []
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in verbs:
            said.append(node.head)
        node = node.head
    said += [c for c in tok.head.children if c.dep_ == "parataxis" and c.lemma_.lower() in verbs]
    return any(_subject_of(verb) not in (None, *FIRST_PERSON) for verb in said)


def _subject_of(verb: Token) -> str | None:
    """The lower-cased subject of ``verb``, or of the verb it is coordinated with when it has none."""
    node = verb
    while True:
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or node.dep_ != "conj" or node.head.i == node.i:
            return subject.lower_ if subject is not None else None
        node = node.head


def _conditional(span: Span) -> bool:
    """A word of the match stands in a clause opened by 'if / unless' (its own, or one it hangs from
    inside the sentence): 'if the three of us quit and started X' states no founding."""
    sent = span[0].sent
    for tok in span:
        for head in (tok, *tok.ancestors):
            if head.i < sent.start or head.i >= sent.end:
                break
            if any(child.dep_ == "mark" and child.lower_ in CONDITION_MARKS for child in head.children):
                return True
    return False


HEDGE_NEAR = 6  # a hedge this close before the match hedges it whatever the parse says


def _hedged(before: Span, start: int, end: int, hedges: list[str]) -> bool:
    """A hedge of the sentence up to the match's end bears on the match: it stands in the match or just
    before it, or a word of it (or the word it hangs from) governs a word of the match ('I might start
    X', 'I'm hoping to join X'). A hedge far back in another clause of a long, run-on sentence ('things
    we could have done … you know, we had X, my co-founder') does not."""
    words = [t.lower_ for t in before]
    found = [before[k:k + len(parts)] for parts in (h.split() for h in hedges)
             for k in range(len(words) - len(parts) + 1) if words[k:k + len(parts)] == parts]
    if not found:
        return False  # most sentences hedge nothing: no walk up the parse
    match_heads = {a.i for tok in before.doc[start:end] for a in (tok, *tok.ancestors)}
    return any(toks[0].i >= start - HEDGE_NEAR or any(t.i in match_heads or t.head.i in match_heads for t in toks)
               for toks in found)


def _words(span: Span, names: Container[int] = frozenset()) -> str:
    """The span's lower-cased words, space-separated and space-padded, for ' word ' tests; without the
    tokens of ``names`` (a turn's ``tags.ent``: 'Yale School of Medicine' says no 'school' of studying there)."""
    return " " + " ".join(t.lower_ for t in span if t.i not in names) + " "


@dataclass
class EpisodeReader:
    """Reads rule matches into facts for one episode: who speaks each utterance, whom each turn
    addresses, which utterances are sponsor reads, and (after the first pass) each voice's
    organization and last-said place. Made afresh for every episode; the extractor holds none of it."""

    settings: dict
    lexicon: Lexicon
    turns: list[Turn]
    entities: dict[str, Entity]
    speakers: dict[str, Speaker]
    speaker_person: dict[str, str]
    addressee: dict[int, str]
    ads: set[int]
    org_people: dict[str, frozenset[str]] = field(default_factory=dict)  # organization -> people the lexicon ties to it
    speaker_org: dict[str, str] = field(default_factory=dict)
    places: dict[int, str] = field(default_factory=dict)

    def read(self, rule: Rule, doc: Doc, tags: TurnTags, t: int, start: int, end: int, align: list[int]) -> list[Fact]:
        """The fact a match of turn ``t`` states, with the same fact of names coordinated with its ends;
        none when its ends or its sentence do not say it."""
        fact = self._read_match(rule, doc, tags, t, start, end, align)
        if fact is None or _subject_among_objects(fact, rule, doc, tags, start, align):
            return []
        return [fact, *_conjoined(fact, rule, doc, tags, start, align, self.entities),
                *self._shared_by_speaker(rule, doc[start:end], fact)]

    def _shared_by_speaker(self, rule: Rule, span: Span, fact: Fact) -> list[Fact]:
        """The same fact of the voice that said it, where the rule's word says the voice shares it ('Evan, my
        co-founder' said by Dylan: Dylan founded it too; not 'our co-founder', which any employee says)."""
        if not rule.speaker_shares_with or rule.speaker_shares_with not in {t.lower_ for t in span}:
            return []
        speaker = self.speaker_person.get(fact.evidence[0].speaker)
        if not speaker or speaker in (fact.subject, fact.object) or speaker not in self.entities:
            return []
        if not self._types_fit(rule, self.entities[speaker], self.entities[fact.object]):
            return []
        return [Fact(speaker, fact.predicate, fact.object, list(fact.evidence))]

    def _read_match(self, rule: Rule, doc: Doc, tags: TurnTags, t: int, start: int, end: int,
                    align: list[int]) -> Fact | None:
        """The fact one match states, or None: its ends must be two entities of the predicate's types,
        the words around them must be a statement of it (see :meth:`_misread`, :meth:`_unsaid`)."""
        turn = self.turns[t]
        label = voice_of(turn.utterance_at(doc[start].idx), self.speakers)
        people = {**self.speaker_person, YOU: self.addressee.get(t)}
        positions = _positions(rule, start, align)
        if _has_barred_child(rule, doc, align):
            return None
        subj, obj = self._ends(rule, positions, tags, turn, doc[start], label, people)
        if not subj or not obj or subj == obj or subj not in self.entities or obj not in self.entities:
            return None
        if not self._types_fit(rule, self.entities[subj], self.entities[obj]):
            return None
        ends_at = {i for element, i in positions if rule.roles.get(element)}
        first = next((i for element, i in positions if rule.roles.get(element) == "subject"), start)
        if self._another_voice_s(rule, subj, obj, tags.kind.get(first)):
            return None
        if self._misread(rule, doc, tags, turn, start, end, ends_at, first):
            return None
        span = doc[start:end]
        sent_start, sent_end = span[0].sent.start, span[-1].sent.end
        sentence = doc[sent_start:sent_end]
        low = _words(sentence)
        if self._unsaid(rule, doc, start, end, sent_start, low):
            return None
        # about oneself the whole sentence tells the tense ('before that I was at X'); about someone
        # else only the words of the match and three either side ('X, the former CEO of Y', 'X at Y at the time')
        about_self = tags.kind.get(first if rule.dependency else start) in PRONOUN_KINDS
        scope = low if about_self else _words(doc[max(sent_start, start - 3):min(sent_end, end + 3)])
        predicate = self._tensed(rule, span, scope, _words(sentence, tags.ent), self.entities[obj])
        if predicate in symmetric_predicates() and subj > obj:
            subj, obj = obj, subj
        utt = turn.utterance_at(sentence.start_char)
        evidence = Evidence(sentence.text.strip(), utt.index, utt.start, label, rule.id, rule.confidence)
        year = re.search(r"\b(?:in|since|from)\s+((?:19|20)\d{2})\b", low)
        duration = re.search(r"\bfor\s+(?:around\s+|about\s+|almost\s+|over\s+|like\s+)?((?:\w+|\d+)\s+years?)\b", low)
        return Fact(subj, predicate, obj, [evidence], start_year=year.group(1) if year else None,
                    duration=duration.group(1) if duration and predicate in ("worksFor", "formerlyWorkedFor") else None)

    def _ends(self, rule: Rule, positions: list[tuple[int, int]], tags: TurnTags, turn: Turn, first_tok: Token,
              label, people: dict) -> tuple[str | None, str | None]:
        """The subject and object entities of a match: each role's first token resolved, or the
        speaker / the speaker's organization / place where the rule names them so."""
        ends: dict[str, str | None] = {}
        for element, i in positions:
            role = rule.roles.get(element)
            if role and role not in ends:
                ends[role] = self._resolve(i, tags, rule.predicate, label, people, role)
        if rule.subject == "SPEAKER":
            ends["subject"] = people.get(label)
        if rule.object == "SPEAKER_ORG":
            ends["object"] = self.speaker_org.get(label)
        elif rule.object == "SPEAKER_PLACE":
            ends["object"] = self.places.get(turn.utterance_at(first_tok.idx).index)
        return ends.get("subject"), ends.get("object")

    def _resolve(self, i: int, tags: TurnTags, predicate: str, label, people: dict, role: str = "subject") -> str | None:
        """The entity token ``i`` stands for: its own, the speaker's (I), the addressee's (you), or the
        speaker's organization (we; the speaker for person relations such as founded)."""
        if i in tags.pronoun:
            return tags.pronoun[i]
        if i in tags.ent:
            return tags.ent[i]
        kind = tags.kind.get(i)
        if kind == "SELF":
            return people.get(label)
        if kind == "YOU":
            return people.get(YOU)
        if kind == "WE":
            # 'we founded X' is the speaker; 'we launched X' is the speaker's organization
            # ('X joined us' is the organization)
            person_domain = predicate_signatures().get(predicate, (None, None))[0] == "Person"
            return people.get(label) if person_domain and role == "subject" else self.speaker_org.get(label)
        return None

    def _another_voice_s(self, rule: Rule, subj: str, obj: str, subject_kind: str | None) -> bool:
        """'I / we founded X' given to a voice the knowledge base does not tie to X, while it ties X to
        another person the episode names, and ties the voice elsewhere or that person is a voice too:
        the words are likely that person's (diarization labels shift by a line, a voice may be named
        wrong), so the fact is given to no one."""
        if rule.predicate not in SPEAKER_ORG_PREDICATES or (subject_kind not in ("SELF", "WE") and rule.subject != "SPEAKER"):
            return False
        tied = self.org_people.get(obj, frozenset())
        if subj in tied or not any(person in self.entities for person in tied):
            return False
        entry = self.lexicon.get(self.entities[subj].lexicon_key or "")
        elsewhere = bool(entry and (entry.affiliated_with or entry.formerly_affiliated_with))
        return elsewhere or any(person in tied for person in self.speaker_person.values())

    def _types_fit(self, rule: Rule, subj: Entity, obj: Entity) -> bool:
        """The ends have the predicate's types and the rule's object class, and the knowledge base does
        not say otherwise (who makes a product)."""
        if not fits_signature(rule.predicate, subj, obj):
            return False
        if rule.object_class and obj.type not in rule.object_class:
            return False
        if rule.lexicon_check and not self._lexicon_agrees(subj, obj):
            return False
        return not (rule.predicate == "develops" and self._lexicon_disagrees(subj, obj))

    def _misread(self, rule: Rule, doc: Doc, tags: TurnTags, turn: Turn, start: int, end: int, ends_at: set[int],
                 first: int) -> bool:
        """The match's words are not a statement of its ends: a name that only modifies another noun
        ('founder of the New York Times DealBook'), another clause's subject, a sponsor read's or a
        present-tense 'you', a new sentence inside the match."""
        if any(_modifies_a_name(doc[i], tags, ends_at, end if rule.predicate in STRICT_OBJECT else None) for i in ends_at):
            return True
        if rule.id.startswith("worksFor/self-") and any(_names_a_place_after(doc[i], tags, end) for i in ends_at):
            return True  # 'I was at Google Camp': at an event or a site of X, not a job there
        if not rule.dependency and _another_subject(doc, tags, end, first, ends_at):
            return True  # 'I think you went to Princeton': the one who went is not the speaker
        if turn.utterance_at(doc[start].idx).index in self.ads and any(tags.kind.get(i) == "YOU" for i in ends_at):
            return True  # 'you' in a sponsor read is the listener
        span = doc[start:end]
        if any(tags.kind.get(i) == "YOU" for i in range(start, end)) and not any(t.tag_ in PAST_TAGS for t in span):
            return True  # 'you founded X' is said to someone; 'you work at a company' is anyone
        if _conditional(span):
            return True  # 'if we went and started X': said of what might be
        verbs = frozenset(self.settings.get("report_verbs", ()))
        if any(tags.kind.get(i) in ("SELF", "YOU") and _reported(doc[i], verbs) for i in {*ends_at, *range(start, end)}):
            return True  # 'she said I worked at X': the 'I' is hers
        continuations = self.settings.get("continuation_words", ())
        # a new sentence inside the match, unless speech-to-text cut one ('… job. Which was at X')
        return not rule.crosses_sentences and any(t.is_sent_start and t.lower_ not in continuations for t in span[1:])

    def _unsaid(self, rule: Rule, doc: Doc, start: int, end: int, sent_start: int, low: str) -> bool:
        """The sentence lacks the rule's required words, or negates or hedges the match."""
        if rule.requires_words and not any(f" {w} " in low for w in rule.requires_words):
            return True
        if any(tok.lower_ in self.settings["negation"] for tok in doc[max(sent_start, start - 3):end]):
            return True
        return _hedged(doc[sent_start:end], start, end, self.settings["hedges"])

    def _tensed(self, rule: Rule, span: Span, scope: str, low: str, obj: Entity) -> str:
        """The rule's predicate as the words tell it: formerlyWorkedFor for a past job (who led a
        company worked for it), studiedAt for a university the sentence speaks of studying at."""
        predicate = rule.predicate
        if predicate in ("worksFor", "leads") and rule.former == "auto" and self._is_former(span, scope):
            predicate = "formerlyWorkedFor"
        if predicate in ("worksFor", "formerlyWorkedFor") and obj.type == "University":
            if any(f" {w} " in low for w in self.settings["study_words"]):
                predicate = "studiedAt"
        return predicate

    def _is_former(self, span: Span, low: str) -> bool:
        """A former-time cue in the words, or a past 'was / worked / did (an internship)' in the match
        ('did' as a main verb, not the helper of 'did you work')."""
        if any(f" {cue} " in low for cue in self.settings["former_cues"]):
            return True
        return any(tok.tag_ == "VBD" and (tok.lemma_ in ("be", "work") or (tok.lemma_ == "do" and tok.dep_ != "aux"))
                   for tok in span)

    def _lexicon_agrees(self, org: Entity, product: Entity) -> bool:
        """The knowledge base says the organization makes the product."""
        entry = self.lexicon.get(product.lexicon_key or "")
        return bool(entry and org.lexicon_key in entry.made_by)

    def _lexicon_disagrees(self, org: Entity, product: Entity) -> bool:
        """The lexicon knows who makes the product, and it is someone else. Not for a show: a podcast has
        several producers (its network, the publication it comes from), and the lexicon names one."""
        entry = self.lexicon.get(product.lexicon_key or "")
        return bool(entry and entry.made_by and org.lexicon_key not in entry.made_by and product.type != "Podcast")
