"""Run the relation rules (data in ``ontology/rules/relations.json``) over an episode's turns.

Each turn's Doc is copied with every entity mention merged into one token carrying its entity and
type; "I / me / my" become the speaker's person, "we / us / our" the speaker's organization (or the
speaker, for person relations such as founded). Tense, negation and hedges are read from the
sentence. Every fact keeps its evidence: quote, utterance, second, speaker label, rule, confidence.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.matcher import DependencyMatcher
from spacy.matcher import Matcher as SpacyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .entities import Located
from .lexicon import Lexicon, class_tree, predicate_signatures, slugify, symmetric_predicates
from .matching import similarity
from .model import Entity, Evidence, Fact, Mention, Speaker
from .resources import data_path
from .speakers import introduces_self, voice_of
from .transcript import Turn

SELF_WORDS = {"i", "me", "my", "myself", "mine"}
YOU_WORDS = {"you", "your", "yourself"}
PAST_TAGS = ("VBD", "VBN")
YOU = "\0you"  # the key under which the person spoken to joins the speakers' people
THIRD_PERSON = {"he", "she", "him", "her", "his", "hers"}
PRONOUN_LOOKBACK = 2  # turns before the pronoun's own where its person may have been named
PLACE_WINDOW = 40  # utterances after 'I was at X' in which the speaker's 'there' / 'with me' is X
LIST_LOOKBACK = 2  # utterances between a statement about a person and a list of names that goes on with it
LIST_FILLERS = frozenset({"and", "yeah", "yes", "oh", "um", "uh", "also", "too", "like"})
LIST_CONFIDENCE = 0.4
WE_WORDS = {"we", "us", "our", "ours", "ourselves"}
TYPE_TAGS = {"Person": "PERSON", "Organization": "ORG", "Product": "PRODUCT", "Place": "PLACE"}
STOP_PUNCT = ["?", "!"]
AD_BEFORE, AD_AFTER = 3, 8  # utterances of the same turn before and after an ad cue that belong to the sponsor read
NAME_MODIFIER_DEPS = ("compound", "nmod", "amod", "det")  # a merged 'the New York Times' before a noun may parse as det
STRICT_OBJECT = frozenset({"founded", "leads", "acquired", "investedIn"})  # a name before a noun is not these facts' end
TRIGGER_SIMILARITY = 0.7  # a word heard for a trigger verb: "required" for "acquired" (0.72), not "inquired" (0.69)

PRONOUN_KINDS = ("SELF", "WE", "YOU")
DEPENDENCY_RULES = "dependency_relations.json"
TRIGGER_NORM = "trig:"


def kind_norm(kind: str, cls: str | None = None) -> str:
    """The NORM a tagged token carries, which the rules' Matcher reads natively (far faster than a
    custom attribute): 'kg:SELF' for a pronoun of the speaker, 'kg:ORG:University' for a name."""
    return f"kg:{kind}" if cls is None else f"kg:{kind}:{cls}"


@dataclass
class TurnTags:
    """What the relation stage knows of one turn's tokens (after merging), by token index: the kind
    (PERSON, ORG, PRODUCT, PLACE, SELF, WE, YOU), the entity of a name, the person a 'he / she' is."""

    kind: dict[int, str] = field(default_factory=dict)
    ent: dict[int, str] = field(default_factory=dict)
    pronoun: dict[int, str] = field(default_factory=dict)

    def mark(self, tok: Token, kind: str, key: str | None = None, cls: str | None = None, pronoun: bool = False) -> None:
        """Tag ``tok``: its kind, its entity (or the person it refers to), and the NORM the Matcher reads."""
        self.kind[tok.i] = kind
        if key is not None:
            (self.pronoun if pronoun else self.ent)[tok.i] = key
        tok.norm_ = kind_norm(kind, cls)


@dataclass
class Rule:
    """One relation rule: its spaCy pattern and how to read a match."""

    id: str
    predicate: str
    pattern: list[dict]
    roles: dict[int, str]  # pattern element index -> "subject" | "object"
    former: str
    confidence: float
    object_class: tuple[str, ...] = ()
    requires_words: tuple[str, ...] = ()
    subject: str | None = None
    object: str | None = None
    lexicon_check: bool = False
    crosses_sentences: bool = False
    dependency: bool = False  # a DependencyMatcher pattern (dependency_relations.json), not a token pattern


def _class_of(entity: Entity) -> str:
    """The entity's ontology class as rules see it (its top type where the class is not in the ontology)."""
    return entity.type if entity.type in class_tree() else entity.top_type


def _kind_norms(values: list[str], classes: list[str] | None) -> list[str]:
    """The NORMs of tokens of these kinds: pronoun kinds as they are, name kinds for each ontology class
    of that top type (only ``classes``, when given); 'UNIV' is an organization of class University."""
    tree = class_tree()
    norms: list[str] = []
    for value in values:
        if value in PRONOUN_KINDS:
            norms.append(kind_norm(value))
        elif value == "UNIV":
            norms.append(kind_norm("ORG", "University"))
        else:
            top = next(t for t, tag in TYPE_TAGS.items() if tag == value)
            norms.extend(kind_norm(value, c) for c in sorted(tree) if tree[c] == top and (classes is None or c in classes))
    return norms


def _translate(element: dict) -> tuple[dict, str | None]:
    """Expand the rule shorthands (KG, GAP, TRIGGER, CLASS, ROLE) into a spaCy token pattern; KG,
    CLASS and TRIGGER become a NORM set (see :func:`kind_norm`)."""
    element = dict(element)
    role = element.pop("ROLE", None)
    if "GAP" in element:
        n = int(element.pop("GAP"))
        gap: dict = {"ORTH": {"NOT_IN": STOP_PUNCT}, "OP": f"{{0,{n}}}"}
        if element.get("NOT"):
            gap["LOWER"] = {"NOT_IN": [w.lower() for w in element["NOT"]]}
        if element.get("POS_NOT"):
            gap["POS"] = {"NOT_IN": list(element["POS_NOT"])}
        return gap, role
    cls = element.pop("CLASS", None)
    classes = None if cls is None else (cls if isinstance(cls, list) else [cls])
    if "KG" in element or classes is not None:
        kg = element.pop("KG", {"IN": list(TYPE_TAGS.values())})
        values = kg["IN"] if isinstance(kg, dict) else [kg]
        values = ["WE" if v == "WE_PEOPLE" else v for v in values]
        if "SELF" in values:
            values.append("YOU")  # what 'I' can say of oneself, 'you' can say of the one spoken to
        element["NORM"] = {"IN": _kind_norms(values, classes)}
    if "TRIGGER" in element:
        if "NORM" in element:
            raise ValueError(f"a rule element is a name and a trigger word at once: {element}")
        element["NORM"] = {"IN": [TRIGGER_NORM + w.lower() for w in element.pop("TRIGGER")]}
    return element, role


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> tuple[dict, tuple[Rule, ...]]:
    """The rule file's settings and its rules; with the default file, the rules over the dependency
    parse (``dependency_relations.json``) come after the token rules."""
    data = json.loads(Path(path or data_path("rules", "relations.json")).read_text(encoding="utf-8"))
    rules = [_token_rule(raw) for raw in data["rules"]]
    if path is None:
        frames = json.loads(Path(data_path("rules", DEPENDENCY_RULES)).read_text(encoding="utf-8"))
        rules.extend(_dependency_rule(raw) for raw in frames["rules"])
    return data, tuple(rules)


def _rule(raw: dict, pattern: list[dict], roles: dict[int, str], dependency: bool) -> Rule:
    return Rule(
        id=raw["id"], predicate=raw["predicate"], pattern=pattern, roles=roles,
        former=raw.get("former", "never"), confidence=float(raw.get("confidence", 0.7)),
        object_class=tuple(raw.get("object_class", ())), requires_words=tuple(raw.get("requires_words", ())),
        subject=raw.get("subject"), object=raw.get("object"), lexicon_check=bool(raw.get("lexicon_check")),
        crosses_sentences=bool(raw.get("crosses_sentences")), dependency=dependency,
    )


def _token_rule(raw: dict) -> Rule:
    """A rule of relations.json: a Matcher pattern of shorthand tokens."""
    pattern, roles = [], {}
    for i, element in enumerate(raw["pattern"]):
        token, role = _translate(element)
        pattern.append(token)
        if role:
            roles[i] = role
    return _rule(raw, pattern, roles, False)


def _dependency_rule(raw: dict) -> Rule:
    """A rule of dependency_relations.json: a DependencyMatcher pattern whose RIGHT_ATTRS take the
    same shorthands (KG, CLASS, TRIGGER) and whose nodes may carry a ROLE."""
    pattern, roles = [], {}
    for i, node in enumerate(raw["pattern"]):
        node = dict(node)
        role = node.pop("ROLE", None)
        node["RIGHT_ATTRS"], _ = _translate(node.get("RIGHT_ATTRS", {}))
        pattern.append(node)
        if role:
            roles[i] = role
    return _rule(raw, pattern, roles, True)


def trigger_words(rules: tuple[Rule, ...]) -> frozenset[str]:
    """Every TRIGGER word of the rules."""
    words: set[str] = set()
    for rule in rules:
        for token in rule.pattern:
            token = token.get("RIGHT_ATTRS", token)
            norms = token.get("NORM", {}).get("IN", [])
            words.update(n[len(TRIGGER_NORM):] for n in norms if n.startswith(TRIGGER_NORM))
    return frozenset(words)


@lru_cache(maxsize=65536)
def heard_trigger(word: str, triggers: frozenset[str]) -> str | None:
    """The trigger word ``word`` is, or one it sounds like ('required' heard for 'acquired')."""
    if word in triggers:
        return word
    if len(word) < 6 or not word.isalpha():
        return None
    for trig in sorted(triggers):
        if len(trig) >= 6 and trig[-4:] == word[-4:] and similarity(word, trig) >= TRIGGER_SIMILARITY:
            return trig
    return None


class RelationExtractor:
    """Apply the rules to the turns of one episode."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon, rules_path: str | None = None):
        self.settings, self.rules = load_rules(rules_path)
        self.lexicon = lexicon
        self.triggers = trigger_words(self.rules)
        self.continuations = frozenset(self.settings.get("continuation_words", ()))
        self.never_triggers = frozenset(self.settings.get("never_heard_as_triggers", ()))
        self.person_is_rules = _person_is_rules(self.rules)
        self.ads: set[int] = set()  # the utterances of the episode being read that are sponsor reads
        self.matcher = SpacyMatcher(vocab)
        self.dep_matcher = DependencyMatcher(vocab)
        self.by_id = {}
        for rule in self.rules:
            (self.dep_matcher if rule.dependency else self.matcher).add(rule.id, [rule.pattern])
            self.by_id[vocab.strings[rule.id]] = rule

    def _tagged(self, doc: Doc, spans: list[Located], entities: dict[str, Entity], you: bool = False) -> TurnTags:
        """Merge every mention of the turn's Doc into one token and tag it with its entity and kind;
        tag I/we (and 'you' where the turn has an addressee, ``you``) and trigger words.
        Merges in place: the relation stage is the last to read the Docs."""
        starts = {loc.span.start_char: loc for loc in spans}
        bounds = [(loc.span.start, loc.span.end) for loc in spans if loc.span.end - loc.span.start > 1]
        with doc.retokenize() as retok:
            for start, end in bounds:
                retok.merge(doc[start:end])
        tags = TurnTags()
        for tok in doc:
            loc = starts.get(tok.idx)
            lower = tok.lower_
            if loc is not None and loc.key in entities:
                ent = entities[loc.key]
                tags.mark(tok, TYPE_TAGS[ent.top_type], loc.key, _class_of(ent))
            elif lower in SELF_WORDS and (lower != "i" or tok.text == "I"):
                tags.mark(tok, "SELF")
            elif lower in WE_WORDS and not (lower == "us" and tok.text == "US"):
                tags.mark(tok, "WE")
            elif you and lower in YOU_WORDS:
                tags.mark(tok, "YOU")
            else:
                trigger = heard_trigger(lower, self.triggers) if lower not in self.never_triggers else None
                if trigger:
                    tok.norm_ = TRIGGER_NORM + trigger
        return tags

    def extract(self, turns: list[Turn], docs: list[Doc], located: list[Located], entities: dict[str, Entity],
                speakers: dict[str, Speaker]) -> list[Fact]:
        """Facts of the episode, merged so that one (s, p, o) has all its evidence."""
        by_turn: dict[int, list[Located]] = {}
        for loc in located:
            by_turn.setdefault(loc.turn, []).append(loc)
        first_said = _first_sentences(turns, located)  # read before the Docs are retokenized
        together = _names_together(turns, located)
        self_named = _self_introductions(turns, located, entities)
        speaker_person = {label: sp.person for label, sp in speakers.items() if sp.person}
        self._speakers = speakers  # whose words each utterance is (labels may lag the words)
        addressee = addressees(turns, speaker_person)
        self.ads = ad_utterances(turns, self.settings.get("ad_cues", ()))
        tags = [self._tagged(doc, by_turn.get(t, []), entities, t in addressee) for t, doc in enumerate(docs)]
        tagged = list(zip(docs, tags))
        resolve_pronouns(turns, tagged, entities, speaker_person, self.ads)
        # pass 1: where do speakers work? ("we" resolves to it). The matches are found once and read twice.
        matches: dict[int, list] = {}
        first = self._run(turns, tagged, entities, speaker_person, {}, matches, addressee)
        speaker_org = self._speaker_orgs(first, speaker_person, entities)
        owned: dict[str, tuple[str, Evidence]] = {}  # products named by possession -> owner, evidence
        for t in self._our_products(turns, tagged, entities, speaker_org, owned):
            matches.pop(t, None)  # 'our API' tagged a product there: match that turn again
        places = speaker_places(turns, first, speaker_person)
        for t in tag_there(turns, tagged, entities, places):
            matches.pop(t, None)
        facts = self._run(turns, tagged, entities, speaker_person, speaker_org, matches, addressee, places)
        facts.extend(continue_lists(turns, tagged, entities, facts, speaker_person, self.person_is_rules))
        facts.extend(self._background(first_said, together, entities))
        facts.extend(self._hosts(speakers, entities, self_named))
        # 'OpenAI's developer platform' is developed by OpenAI: the possessive is the evidence
        facts.extend(Fact(org, "develops", key, [ev]) for key, (org, ev) in sorted(owned.items()))
        for fact in facts:
            for ev in fact.evidence:
                ev.from_ad = ev.from_ad or ev.utterance in self.ads
        return _merge(facts)

    def _hosts(self, speakers: dict[str, Speaker], entities: dict[str, Entity],
               self_named: dict[str, Evidence]) -> list[Fact]:
        """A person the lexicon ties to the episode's show hosts it when a speaker is identified as them,
        or when they say their own name ('Hey, it's Molly' on Sourcery), even on a line without a label."""
        shows = {k for k, e in entities.items() if e.type == "Podcast"}
        found: list[tuple[str, Evidence]] = []
        for label, sp in sorted(speakers.items()):
            if sp.person and sp.person in entities:
                found.append((sp.person, Evidence(sp.evidence or "", sp.evidence_utterance, sp.evidence_second, label,
                                                  "hosts/speaker-of-show", 0.6)))
        for person, said in sorted(self_named.items()):
            found.append((person, Evidence(said.quote, said.utterance, said.second, said.speaker, "hosts/names-self-on-show", 0.6)))
        facts = []
        for person, ev in found:
            entry = self.lexicon.get(entities[person].lexicon_key or "")
            for show in sorted(shows & set(entry.affiliated_with if entry else [])):
                facts.append(Fact(person, "hosts", show, [ev]))
        return facts

    def _our_products(self, turns: list[Turn], tagged: list[tuple[Doc, TurnTags]], entities: dict[str, Entity], speaker_org: dict[str, str],
                      owned: dict[str, tuple[str, Evidence]]) -> set[int]:
        """'our API' said by someone of OpenAI is the OpenAI API, when the lexicon has such a product;
        'OpenAI's developer platform' a new product, recorded in ``owned``. Returns the turns tagged."""
        changed: set[int] = set()
        nouns = {n.lower() for n in self.settings.get("possessed_product_nouns", [])}
        plain = frozenset(self.settings.get("plain_modifiers", ()))  # 'our own models' names no product
        for t, (doc, tags) in enumerate(tagged):
            for tok in doc[1:]:
                if tok.lower_ not in nouns or tok.i in tags.ent:
                    continue
                # the owner: 'our' (the speaker's organization) or 'OpenAI's', with up to two modifiers between
                start = tok.i
                while (start > 0 and tok.i - start < 2 and doc[start - 1].is_lower and doc[start - 1].pos_ in ("NOUN", "ADJ", "PROPN")
                       and doc[start - 1].lower_ not in plain):
                    start -= 1
                owner_tok = doc[start - 1] if start > 0 else None
                if owner_tok is not None and owner_tok.lower_ in ("'s", "’s") and start > 1:
                    owner_tok = doc[start - 2]
                    org = tags.ent.get(owner_tok.i) if tags.kind.get(owner_tok.i) == "ORG" else None
                elif owner_tok is not None and owner_tok.lower_ == "our":
                    org = speaker_org.get(turns[t].speaker)
                else:
                    org = None
                if not org:
                    continue
                key, new = self._owned_product(entities, org, doc[start:tok.i + 1].text)
                if key is None:
                    continue
                utt = turns[t].utterance_at(tok.idx)
                entities[key].mentions.append(Mention(doc[start - 1 if owner_tok.lower_ == "our" else owner_tok.i:tok.i + 1].text,
                                                      utt.index, utt.start, "possessive", 0.7))
                tags.mark(tok, TYPE_TAGS["Product"], key, _class_of(entities[key]))
                if new and key not in owned:
                    owned[key] = (org, Evidence(tok.sent.text.strip(), utt.index, utt.start, turns[t].speaker,
                                                "develops/possessive-product", 0.6))
                changed.add(t)
        return changed

    def _owned_product(self, entities: dict[str, Entity], org: str, phrase: str) -> tuple[str | None, bool]:
        """The product '<organization> <phrase>': a lexicon entry ('OpenAI API'), or, for a phrase of
        two words or more ('developer platform') whose noun may name a product (not 'our frontier
        models'), a new product named after its owner (True)."""
        name = f"{entities[org].label} {phrase}"
        entry = next((e for e in self.lexicon.lookup(name) if e.top_type == "Product"), None)
        if entry is not None:
            if entry.key not in entities:
                entities[entry.key] = Entity(entry.key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
            return entry.key, False
        if len(phrase.split()) < 2 or phrase.split()[-1].lower() in self.settings.get("unnamed_product_nouns", ()):
            return None, False
        label = f"{entities[org].label} {' '.join(w if w.isupper() else w.capitalize() for w in phrase.split())}"
        key = slugify(label)
        if key not in entities:
            entities[key] = Entity(key, label, "SoftwareProduct", "Product")
        return key, True

    def _speaker_orgs(self, facts: list[Fact], speaker_person: dict[str, str], entities: dict[str, Entity]) -> dict[str, str]:
        """Each named voice's organization: the one their own words tie them to most often (worksFor,
        founded, leads), the knowledge base breaking a tie; failing words, the knowledge base's."""
        orgs: dict[str, str] = {}
        for label, person in speaker_person.items():
            counts: Counter = Counter(f.object for f in facts if f.subject == person and f.predicate in ("worksFor", "founded", "leads")
                                      and entities[f.object].top_type == "Organization")
            entry = self.lexicon.get(entities[person].lexicon_key or "")
            present = [o for o in (entry.affiliated_with if entry else []) if o in entities]
            for org in present[:1]:
                counts[org] += 0.5
            if counts:
                orgs[label] = max(sorted(counts), key=counts.get)
        return orgs

    def _run(self, turns, tagged, entities, speaker_person, speaker_org, cache: dict[int, list] | None = None,
             addressee: dict[int, str] | None = None, places: dict[int, str] | None = None) -> list[Fact]:
        """Read every rule match of every turn into facts; ``cache`` keeps matches between passes;
        ``addressee`` is the person each turn speaks to, by turn index ('you'); ``places`` where each
        utterance's speaker last said they were (see :func:`speaker_places`)."""
        facts: list[Fact] = []
        cache = {} if cache is None else cache
        for t, (doc, tags) in enumerate(tagged):
            label = turns[t].speaker
            if t not in cache:
                cache[t] = self._matches(doc, tags)
            for match_id, start, end, align in cache[t]:
                rule = self.by_id[match_id]
                label = voice_of(turns[t].utterance_at(doc[start].idx), getattr(self, "_speakers", {}))
                people = {**speaker_person, YOU: (addressee or {}).get(t)}
                fact = self._read_match(rule, doc, tags, start, end, align, turns[t], label, entities, people, speaker_org,
                                        places or {})
                if fact:
                    facts.append(fact)
                    facts.extend(_conjoined(fact, rule, doc, tags, start, align, entities))
        return facts

    def _matches(self, doc: Doc, tags: TurnTags) -> list[tuple[int, int, int, list[int]]]:
        """(rule, start, end, alignment) of every match in the turn's windows: for a token rule the
        alignment is the pattern element of each token from ``start``; for a dependency rule it is the
        token of each pattern node."""
        windows = _windows(doc, tags)
        out = [(mid, start + w.start, end + w.start, align)
               for w in windows for mid, start, end, align in self.matcher(w, with_alignments=True)]
        if windows and len(self.dep_matcher):
            kept = {i for w in windows for i in range(w.start, w.end)}
            found = [(mid, list(ids)) for mid, ids in self.dep_matcher(doc) if all(i in kept for i in ids)]
            out.extend(sorted((mid, min(ids), max(ids) + 1, ids) for mid, ids in found))
        return out

    def _resolve(self, i: int, tags: TurnTags, predicate: str, label, speaker_person, speaker_org,
                 role: str = "subject") -> str | None:
        """The entity token ``i`` stands for: its own, the speaker's (I), the addressee's (you), or the
        speaker's organization (we; the speaker for person relations such as founded)."""
        if i in tags.pronoun:
            return tags.pronoun[i]
        if i in tags.ent:
            return tags.ent[i]
        kind = tags.kind.get(i)
        if kind == "SELF":
            return speaker_person.get(label)
        if kind == "YOU":
            return speaker_person.get(YOU)
        if kind == "WE":
            # 'we founded X' is the speaker; 'we launched X' is the speaker's organization
            # ('X joined us' is the organization)
            person_domain = predicate_signatures().get(predicate, (None, None))[0] == "Person"
            return speaker_person.get(label) if person_domain and role == "subject" else speaker_org.get(label)
        return None

    def _read_match(self, rule: Rule, doc: Doc, tags: TurnTags, start: int, end: int, align: list[int], turn: Turn, label,
                    entities, speaker_person, speaker_org, places: dict[int, str]) -> Fact | None:
        ends: dict[str, str | None] = {}
        for element, i in _positions(rule, start, align):
            role = rule.roles.get(element)
            if role and role not in ends:
                ends[role] = self._resolve(i, tags, rule.predicate, label, speaker_person, speaker_org, role)
        if rule.subject == "SPEAKER":
            ends["subject"] = speaker_person.get(label)
        if rule.object == "SPEAKER_ORG":
            ends["object"] = speaker_org.get(label)
        elif rule.object == "SPEAKER_PLACE":
            ends["object"] = places.get(turn.utterance_at(doc[start].idx).index)
        subj, obj = ends.get("subject"), ends.get("object")
        if not subj or not obj or subj == obj or subj not in entities or obj not in entities:
            return None
        if not fits_signature(rule.predicate, entities[subj], entities[obj]):
            return None
        if rule.object_class and entities[obj].type not in rule.object_class:
            return None
        if rule.lexicon_check and not self._lexicon_agrees(entities[subj], entities[obj]):
            return None
        if rule.predicate == "develops" and self._lexicon_disagrees(entities[subj], entities[obj]):
            return None
        ends_at = {i for element, i in _positions(rule, start, align) if rule.roles.get(element)}
        first = next((i for element, i in _positions(rule, start, align) if rule.roles.get(element) == "subject"), start)
        if any(_modifies_a_name(doc[i], tags, ends_at, end if rule.predicate in STRICT_OBJECT else None) for i in ends_at):
            return None
        if not rule.dependency and _another_subject(doc, tags, end, first, ends_at):
            return None  # 'I think you went to Princeton': the one who went is not the speaker
        if turn.utterance_at(doc[start].idx).index in self.ads and any(tags.kind.get(i) == "YOU" for i in ends_at):
            return None  # 'you' in a sponsor read is the listener  # 'founder of the New York Times DealBook' founded DealBook, not the Times
        span = doc[start:end]
        if any(tags.kind.get(i) == "YOU" for i in range(start, end)) and not any(t.tag_ in PAST_TAGS for t in span):
            return None  # 'you founded X' is said to someone; 'you work at a company' is anyone
        if not rule.crosses_sentences and any(t.is_sent_start and t.lower_ not in self.continuations for t in span[1:]):
            return None  # a new sentence inside the match, unless speech-to-text cut one ('… job. Which was at X')
        sent_start, sent_end = span[0].sent.start, span[-1].sent.end
        sentence = doc[sent_start:sent_end]
        low = " " + " ".join(t.lower_ for t in sentence) + " "
        if rule.requires_words and not any(f" {w} " in low for w in rule.requires_words):
            return None
        window = doc[max(sent_start, start - 3):end]
        if any(tok.lower_ in self.settings["negation"] for tok in window):
            return None
        before_trigger = " " + " ".join(t.lower_ for t in doc[sent_start:end]) + " "
        if any(f" {h} " in before_trigger for h in self.settings["hedges"]):
            return None
        predicate = rule.predicate
        # about oneself the whole sentence tells the tense ('before that I was at X'); about someone
        # else only the words of the match and three either side ('X, the former CEO of Y', 'X at Y at the time')
        about_self = tags.kind.get(first if rule.dependency else start) in PRONOUN_KINDS
        scope = low if about_self else " " + " ".join(t.lower_ for t in doc[max(sent_start, start - 3):min(sent_end, end + 3)]) + " "
        if predicate in ("worksFor", "leads") and rule.former == "auto" and self._is_former(span, scope):
            predicate = "formerlyWorkedFor"  # who led a company worked for it
        if predicate in ("worksFor", "formerlyWorkedFor") and entities[obj].type == "University":
            if any(f" {w} " in low for w in self.settings["study_words"]):
                predicate = "studiedAt"
        if predicate in symmetric_predicates() and subj > obj:
            subj, obj = obj, subj
        utt = turn.utterance_at(sentence.start_char)
        evidence = Evidence(sentence.text.strip(), utt.index, utt.start, label, rule.id, rule.confidence)
        year = re.search(r"\b(?:in|since|from)\s+((?:19|20)\d{2})\b", low)
        duration = re.search(r"\bfor\s+(?:around\s+|about\s+|almost\s+|over\s+|like\s+)?((?:\w+|\d+)\s+years?)\b", low)
        return Fact(subj, predicate, obj, [evidence], start_year=year.group(1) if year else None,
                    duration=duration.group(1) if duration and predicate in ("worksFor", "formerlyWorkedFor") else None)

    def _is_former(self, span, low: str) -> bool:
        if any(f" {cue} " in low for cue in self.settings["former_cues"]):
            return True
        return any(tok.tag_ == "VBD" and tok.lemma_ in ("be", "work") for tok in span)

    def _lexicon_agrees(self, org: Entity, product: Entity) -> bool:
        entry = self.lexicon.get(product.lexicon_key or "")
        return bool(entry and org.lexicon_key in entry.made_by)

    def _lexicon_disagrees(self, org: Entity, product: Entity) -> bool:
        """The lexicon knows who makes the product, and it is someone else."""
        entry = self.lexicon.get(product.lexicon_key or "")
        return bool(entry and entry.made_by and org.lexicon_key not in entry.made_by)

    def _background(self, first_said: dict[str, Evidence], together: dict[tuple[str, str], Evidence],
                    entities: dict[str, Entity]) -> list[Fact]:
        """Facts the lexicon knows whose both ends the episode names: a product's maker (develops) and
        a person's organization (worksFor).

        The evidence names both ends: the first sentence that names the two, else the first sentences
        that name each, joined by ' … '; the rule id says the link is background knowledge, and its
        confidence is low.
        """
        facts = []
        for key, ent in entities.items():
            entry = self.lexicon.get(ent.lexicon_key or "")
            if not entry or key not in first_said:
                continue
            if ent.top_type == "Product" and ent.type != "Podcast":
                links = [(maker, "develops", key, "develops/lexicon-maker-named") for maker in entry.made_by]
            elif ent.top_type == "Person":
                links = [(key, "worksFor", org, "worksFor/lexicon-affiliation-named") for org in entry.affiliated_with]
            else:
                continue
            for subj, pred, obj, rule in links:
                if subj in entities and obj in entities and fits_signature(pred, entities[subj], entities[obj]):
                    other = obj if key == subj else subj
                    # the other end may be named by no sentence (an organization known from the show's name)
                    said = together.get((subj, obj)) or (_joined(first_said[key], first_said[other])
                                                         if other in first_said else first_said[key])
                    ev = Evidence(said.quote, said.utterance, said.second, said.speaker, rule, 0.4)
                    facts.append(Fact(subj, pred, obj, [ev]))
        return facts


def addressees(turns: list[Turn], speaker_person: dict[str, str]) -> dict[int, str]:
    """The person each turn speaks to ('you'), by turn index: in an episode of two named voices, the
    other one; else the next, or failing that the previous, voice of another label that is named.
    A simple, documented heuristic: turns without a label, or with no named voice near, get nobody."""
    named = sorted({label for label in speaker_person if any(t.speaker == label for t in turns)})
    out: dict[int, str] = {}
    for t, turn in enumerate(turns):
        if turn.speaker is None:
            continue
        others = [label for label in named if label != turn.speaker]
        if len(named) == 2 and len(others) == 1:
            out[t] = speaker_person[others[0]]
            continue
        around = [turns[i].speaker for i in (*range(t + 1, min(t + 3, len(turns))), *range(t - 1, max(t - 3, -1), -1))]
        label = next((lab for lab in around if lab and lab != turn.speaker and lab in speaker_person), None)
        if label:
            out[t] = speaker_person[label]
    return out


def _first_sentences(turns: list[Turn], located: list[Located]) -> dict[str, Evidence]:
    """The sentence of each entity's first mention, as evidence without a rule."""
    out: dict[str, Evidence] = {}
    for loc in located:
        if loc.key not in out:
            out[loc.key] = _sentence_evidence(turns, loc)
    return out


def _names_together(turns: list[Turn], located: list[Located]) -> dict[tuple[str, str], Evidence]:
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


def _joined(anchor: Evidence, other: Evidence) -> Evidence:
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


def _self_introductions(turns: list[Turn], located: list[Located], entities: dict[str, Entity]) -> dict[str, Evidence]:
    """The first sentence in which each person of the lexicon says their own name ('Hey, it's Molly')."""
    out: dict[str, Evidence] = {}
    for loc in located:
        ent = entities.get(loc.key)
        if ent is not None and ent.top_type == "Person" and ent.lexicon_key and loc.key not in out and introduces_self(loc.span):
            out[loc.key] = _sentence_evidence(turns, loc)
    return out


def _windows(doc: Doc, tags: TurnTags) -> list:
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


def fits_signature(predicate: str, subject: Entity, obj: Entity) -> bool:
    """The subject and object have the top types the ontology's domain and range ask for."""
    domain, range_ = predicate_signatures().get(predicate, (None, None))
    return (domain is None or subject.top_type == domain) and (range_ is None or obj.top_type == range_)


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
                        tags.mark(tok, "PERSON", person, _class_of(entities[person]), pronoun=True)
                        break


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
    for end in ("object", "subject") if rule.dependency else ("object",):
        at = next((i for element, i in _positions(rule, start, align) if rule.roles.get(element) == end), None)
        if at is None or tags.ent.get(at) != getattr(fact, end):
            continue
        if end == "subject" and doc[at].dep_ not in ("nsubj", "nsubjpass", "pobj"):
            continue  # 'A, founder of X, and B, ...': B is no founder of X
        for tok in doc[at].conjuncts:
            other = tags.ent.get(tok.i)
            subj, obj = (fact.subject, other) if end == "object" else (other, fact.object)
            if (other and other not in (fact.subject, fact.object) and tags.kind.get(tok.i) == tags.kind.get(at)
                    and fits_signature(fact.predicate, entities[subj], entities[obj])):
                if fact.predicate in symmetric_predicates() and subj > obj:
                    subj, obj = obj, subj
                out.append(Fact(subj, fact.predicate, obj, list(fact.evidence), fact.start_year, fact.duration))
    return out


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
    for t, (doc, tags) in enumerate(tagged):
        for tok in doc:
            if tok.lower_ != "there" or tok.i in tags.kind or tok.dep_ == "expl" or tok.head.lemma_ not in ("be", "work"):
                continue
            org = places.get(turns[t].utterance_at(tok.idx).index)
            if org in entities:
                tags.mark(tok, "ORG", org, _class_of(entities[org]), pronoun=True)
                changed.add(t)
    return changed


def _person_is_rules(rules: tuple[Rule, ...]) -> frozenset[str]:
    """The rules that read 'X was / is …' of a person X ('Dennis was on the team with me')."""
    out = set()
    for rule in rules:
        for a, b in zip(rule.pattern, rule.pattern[1:]):
            lemma = b.get("LEMMA")
            lemmas = lemma.get("IN", []) if isinstance(lemma, dict) else [lemma]
            if "be" in lemmas and any(n.startswith(kind_norm("PERSON")) for n in a.get("NORM", {}).get("IN", [])):
                out.add(rule.id)
    return frozenset(out)


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


def _merge(facts: list[Fact]) -> list[Fact]:
    merged: dict[tuple[str, str, str], Fact] = {}
    for fact in facts:
        key = (fact.subject, fact.predicate, fact.object)
        if key not in merged:
            merged[key] = Fact(*key, [], fact.start_year, fact.duration)
        target = merged[key]
        for ev in fact.evidence:
            if not any(e.utterance == ev.utterance and e.rule == ev.rule for e in target.evidence):
                target.evidence.append(ev)
        target.start_year = target.start_year or fact.start_year
        target.duration = target.duration or fact.duration
    out = sorted(merged.values(), key=lambda f: (f.subject, f.predicate, f.object))
    # a person who works for an organization now is not also its former employee in the same episode
    current = {(f.subject, f.object) for f in out if f.predicate in ("worksFor", "founded", "leads")}
    out = [f for f in out if not (f.predicate == "formerlyWorkedFor" and (f.subject, f.object) in current)]
    for f in out:
        f.evidence.sort(key=lambda e: (e.utterance, e.rule))
    return out
