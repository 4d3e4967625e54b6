"""Run the relation rules (data in ``ontology/rules/relations.json``) over an episode's turns.

Each turn's Doc is copied with every entity mention merged into one token carrying its entity and
type; "I / me / my" become the speaker's person, "we / us / our" the speaker's organization (or the
speaker, for person relations such as founded). Tense, negation and hedges are read from the
sentence. Every fact keeps its evidence: quote, utterance, second, speaker label, rule, confidence.

Split in steps: :mod:`kg.extract.relations.rules` (the rules as data), :mod:`kg.extract.relations.context` (what the
episode says around them: addressees, sponsor reads, pronouns, places, lists), :mod:`kg.extract.relations.match`
(one match read into a fact, per episode), :mod:`kg.extract.relations.background` (hosts, voices' organizations,
possessed products, background facts).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.attrs import IDX, LOWER
from spacy.matcher import DependencyMatcher
from spacy.matcher import Matcher as SpacyMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.names.entities import Located
from kg.extract.names.lexicon import Lexicon
from kg.model import Entity, Evidence, Fact, Speaker
from kg.extract.relations.context import (ad_utterances, addressees, continue_lists, first_sentences, names_together,
                               resolve_pronouns, self_introductions, speaker_places, tag_named_antecedents,
                               tag_there, vocatives)
from kg.extract.relations.background import background, hosts, our_products, speaker_orgs
from kg.extract.relations.match import EpisodeReader, windows
from kg.extract.relations.nodes import dependency_matches, may_match, rule_nodes
from kg.extract.relations.rules import (SELF_WORDS, TRIGGER_NORM, TYPE_TAGS, WE_WORDS, YOU_WORDS, Rule, TurnTags, class_of,
                             heard_trigger, load_rules, person_is_rules, trigger_words)
from kg.read import Turn

__all__ = ["RelationExtractor", "load_rules", "Rule"]


class RelationExtractor:
    """Apply the rules to the turns of one episode. Holds only what every episode shares (the rules,
    their matchers, the lexicon); what one episode knows lives in an :class:`EpisodeReader`."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon, rules_path: str | None = None):
        self.settings, self.rules = load_rules(rules_path)
        self.lexicon = lexicon
        self.triggers = trigger_words(self.rules)
        self.never_triggers = frozenset(self.settings.get("never_heard_as_triggers", ()))
        self.word_triggers: dict[int, tuple[str, str | None]] = {}  # see _word
        self.person_is_rules = person_is_rules(self.rules)
        # rules that say a job ended ('I left X'): their formerlyWorkedFor stands beside 'founded X'
        self.leaving_rules = frozenset(r.id for r in self.rules if r.predicate == "formerlyWorkedFor")
        # each organization of the lexicon -> the people it ties to it, now or formerly
        self.org_people = {org: frozenset(p.key for p in people) for org, people in lexicon.people_by_organization.items()}
        self.matcher = SpacyMatcher(vocab)
        self.dep_matcher = DependencyMatcher(vocab)
        self.by_id: dict[int, Rule] = {}
        for rule in self.rules:
            (self.dep_matcher if rule.dependency else self.matcher).add(rule.id, [rule.pattern])
            self.by_id[vocab.strings[rule.id]] = rule
        token_patterns = [rule.pattern for rule in self.rules if not rule.dependency]
        self.nodes, self.trees, self.token_steps = rule_nodes(vocab, self.dep_matcher, token_patterns)

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
        for i, (idx, lower_id) in enumerate(doc.to_array([IDX, LOWER]).tolist()):  # a Token only where one is marked
            loc = starts.get(idx)
            lower, trigger = self._word(doc, lower_id)
            if loc is not None and loc.key in entities:
                ent = entities[loc.key]
                tags.mark(doc[i], TYPE_TAGS[ent.top_type], loc.key, class_of(ent))
            elif lower in SELF_WORDS and (lower != "i" or doc[i].text == "I"):
                tags.mark(doc[i], "SELF")
            elif lower in WE_WORDS and not (lower == "us" and doc[i].text == "US"):
                tags.mark(doc[i], "WE")
            elif you and lower in YOU_WORDS:
                tags.mark(doc[i], "YOU")
            elif trigger:
                doc[i].norm_ = TRIGGER_NORM + trigger
        return tags

    def _word(self, doc: Doc, lower_id: int) -> tuple[str, str | None]:
        """A lower-case word by its string id, and the trigger word it is heard as (None: none), kept per word."""
        known = self.word_triggers.get(lower_id)
        if known is None:
            lower = doc.vocab.strings[lower_id]
            trigger = heard_trigger(lower, self.triggers) if lower not in self.never_triggers else None
            known = self.word_triggers[lower_id] = (lower, trigger)
        return known

    def extract(self, turns: list[Turn], docs: list[Doc], located: list[Located], entities: dict[str, Entity],
                speakers: dict[str, Speaker]) -> list[Fact]:
        """Facts of the episode, merged so that one (s, p, o) has all its evidence."""
        by_turn: dict[int, list[Located]] = {}
        for loc in located:
            by_turn.setdefault(loc.turn, []).append(loc)
        first_said = first_sentences(turns, located)  # read before the Docs are retokenized
        together = names_together(turns, located)
        self_named = self_introductions(turns, located, entities)
        speaker_person = {label: sp.person for label, sp in speakers.items() if sp.person}
        addressee = {**addressees(turns, speaker_person), **vocatives(turns, located, entities, speaker_person)}
        reader = EpisodeReader(self.settings, self.lexicon, turns, entities, speakers, speaker_person, addressee,
                               ad_utterances(turns, self.settings.get("ad_cues", ())), self.org_people)
        tags = [self._tagged(doc, by_turn.get(t, []), entities, t in addressee) for t, doc in enumerate(docs)]
        tagged = list(zip(docs, tags))
        resolve_pronouns(turns, tagged, entities, speaker_person, reader.ads)
        tag_named_antecedents(tagged)
        owned: dict[str, tuple[str, Evidence]] = {}  # products named by possession -> owner, evidence
        facts = self._two_passes(reader, tagged, owned)
        facts.extend(continue_lists(turns, tagged, entities, facts, speaker_person, self.person_is_rules))
        facts.extend(background(self.lexicon, first_said, together, entities))
        facts.extend(hosts(self.lexicon, speakers, entities, self_named))
        # 'OpenAI's developer platform' is developed by OpenAI: the possessive is the evidence
        facts.extend(Fact(org, "develops", key, [ev]) for key, (org, ev) in sorted(owned.items()))
        for fact in facts:
            for ev in fact.evidence:
                ev.from_ad = ev.from_ad or ev.utterance in reader.ads
        return _merge(facts, self.leaving_rules)

    def _two_passes(self, reader: EpisodeReader, tagged: list[tuple[Doc, TurnTags]],
                    owned: dict[str, tuple[str, Evidence]]) -> list[Fact]:
        """The rules' facts, read twice: the first pass finds where the speakers work (what 'we',
        'our' and 'there' stand for), the second reads every match with that known. The matches are
        found once, except in the turns the first pass tagged anew ('our API', 'there')."""
        turns, entities = reader.turns, reader.entities
        matches: dict[int, list] = {}
        first = self._run(reader, tagged, matches)
        reader.speaker_org = speaker_orgs(self.lexicon, first, reader.speaker_person, entities)
        for t in our_products(self.settings, self.lexicon, turns, tagged, entities, reader.speaker_org, owned):
            matches.pop(t, None)  # 'our API' tagged a product there: match that turn again
        reader.places = speaker_places(turns, first, reader.speaker_person)
        for t in tag_there(turns, tagged, entities, reader.places):
            matches.pop(t, None)
        return self._run(reader, tagged, matches)

    def _run(self, reader: EpisodeReader, tagged: list[tuple[Doc, TurnTags]], cache: dict[int, list]) -> list[Fact]:
        """Read every rule match of every turn into facts; ``cache`` keeps matches between passes."""
        facts: list[Fact] = []
        for t, (doc, tags) in enumerate(tagged):
            if t not in cache:
                cache[t] = self._matches(doc, tags)
            for match_id, start, end, align in cache[t]:
                facts.extend(reader.read(self.by_id[match_id], doc, tags, t, start, end, align))
        return facts

    def _matches(self, doc: Doc, tags: TurnTags) -> list[tuple[int, int, int, list[int]]]:
        """(rule, start, end, alignment) of every match in the turn's windows: for a token rule the
        alignment is the pattern element of each token from ``start``; for a dependency rule it is the
        token of each pattern node."""
        hits = [(w, list(self.nodes.hits(w))) for w in windows(doc, tags)]
        out = []
        for w, found in hits:  # a window where no token rule has the tokens it needs is not matched
            where: dict[int, list[int]] = {}
            for node, i in found:
                where.setdefault(node, []).append(i)
            if any(may_match(steps, where) for steps in self.token_steps):
                out.extend((mid, start + w.start, end + w.start, align)
                           for mid, start, end, align in self.matcher(w, with_alignments=True))
        if hits and len(self.dep_matcher):
            matches = dependency_matches(self.dep_matcher, self.trees, doc, hits)
            out.extend(sorted((mid, min(ids), max(ids) + 1, ids) for mid, ids in matches))
        return out


def _add_evidence(evidence: list[Evidence], ev: Evidence) -> None:
    """Add ``ev`` to a fact's evidence unless it is already there: the same rule in the same utterance
    is one evidence; two rules that read the same words of one utterance are one evidence too, the surer
    rule's, which names the other in ``also_read_by`` (the quote is shown once and counted once in the
    fact's confidence, and every rule that read it stays known)."""
    for i, e in enumerate(evidence):
        if e.utterance != ev.utterance:
            continue
        if ev.rule == e.rule or ev.rule in e.also_read_by:
            return
        if ev.quote == e.quote:
            keep, other = (ev, e) if (-ev.confidence, ev.rule) < (-e.confidence, e.rule) else (e, ev)
            read_by = {other.rule, *other.also_read_by, *keep.also_read_by} - {keep.rule}
            evidence[i] = replace(keep, also_read_by=tuple(sorted(read_by)))
            return
    evidence.append(ev)


def _merge(facts: list[Fact], leaving_rules: frozenset[str] = frozenset()) -> list[Fact]:
    """One fact per (s, p, o) with all its evidence (one per utterance and rule), sorted; a current
    job hides the same former one, and so does having founded the organization, unless a rule of
    ``leaving_rules`` read that the job ended ('I left X')."""
    merged: dict[tuple[str, str, str], Fact] = {}
    for fact in facts:
        key = (fact.subject, fact.predicate, fact.object)
        if key not in merged:
            merged[key] = Fact(*key, [], fact.start_year, fact.duration)
        target = merged[key]
        for ev in fact.evidence:
            _add_evidence(target.evidence, ev)
        target.start_year = target.start_year or fact.start_year
        target.duration = target.duration or fact.duration
    out = sorted(merged.values(), key=lambda f: (f.subject, f.predicate, f.object))
    # a person who works for or leads an organization now is not also its former employee in the same
    # episode; nor is its founder, whose past tense is often a story of the founding ('I used to work
    # at Y before I started X'), unless they said they left it ('I founded X in 2012 ... after I left X')
    current = {(f.subject, f.object) for f in out if f.predicate in ("worksFor", "leads")}
    founders = {(f.subject, f.object) for f in out if f.predicate == "founded"}
    out = [f for f in out if not (f.predicate == "formerlyWorkedFor" and (
        (f.subject, f.object) in current
        or ((f.subject, f.object) in founders and not any(ev.rule in leaving_rules for ev in f.evidence))))]
    for f in out:
        f.evidence.sort(key=lambda e: (e.utterance, e.rule))
    return out
