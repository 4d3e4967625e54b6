"""The dependency rules' nodes found by a hash index (kg.extract.relations.nodes) are the tokens spaCy's
token Matcher finds for the same patterns."""

from __future__ import annotations

from spacy.matcher import Matcher as SpacyMatcher

from kg.extract.episode import Options, link_episode, parse_episode, relation_extractor
from kg.extract.nlp import load_pipeline
from kg.extract.relations.nodes import NodeIndex, may_match, rule_steps
from kg.read import read_transcript

from .conftest import SAMPLE


def _spacy_hits(matcher: SpacyMatcher, span) -> list[tuple[int, int]]:
    return sorted((int(span.doc.vocab.strings[hit]), span.start + start) for hit, start, _end in matcher(span))


def _matcher_of(vocab, patterns: list[list[dict]]) -> SpacyMatcher:
    matcher = SpacyMatcher(vocab)
    for n, pattern in enumerate(patterns):
        matcher.add(str(n), [pattern])
    return matcher


def test_the_rules_nodes_are_the_tokens_spacy_s_matcher_finds():
    parsed = parse_episode(read_transcript(str(SAMPLE)))
    link_episode(parsed)  # the relation stage tags names and pronouns in the Docs' NORMs, in place
    index = relation_extractor(Options()).nodes
    matcher = _matcher_of(parsed.docs[0].vocab, index.patterns)
    found = 0
    for doc in parsed.docs:
        hits = sorted(index.hits(doc[:]))
        assert hits == _spacy_hits(matcher, doc[:])
        found += sum(doc[i].norm_.startswith("kg:") for _node, i in hits)
    assert found > 20  # tagged names and pronouns were among the hits


def test_nodes_the_index_does_not_read_are_left_to_spacy():
    nlp = load_pipeline()
    doc = nlp("Stripe was founded by Patrick Collison, and the startup still runs its own offices.")
    patterns = [[{"LOWER": {"REGEX": "^st"}}], [{"DEP": "nsubjpass", "POS": "PROPN"}], [{"LOWER": {"NOT_IN": ["the"]}}],
                [{}], [{"TEXT": "Collison"}], [{"LEMMA": {"IN": ["found", "run"]}, "TAG": {"NOT_IN": ["VBZ"]}}]]
    index = NodeIndex(doc.vocab, patterns)
    assert index.fallback_nodes  # the REGEX node
    span = doc[2:]
    hits = sorted(index.hits(span))
    assert hits == _spacy_hits(_matcher_of(doc.vocab, patterns), span)
    assert (5, 2) in hits and (4, 5) in hits and (0, 9) in hits


def test_a_stretch_where_no_token_rule_may_match_has_no_match():
    parsed = parse_episode(read_transcript(str(SAMPLE)))
    link_episode(parsed)
    extractor = relation_extractor(Options())
    windows_seen = skipped = matched = 0
    for doc in parsed.docs:
        for w in doc.sents:
            where: dict[int, list[int]] = {}
            for node, i in extractor.nodes.hits(w):
                where.setdefault(node, []).append(i)
            found = extractor.matcher(w)
            windows_seen += 1
            matched += bool(found)
            if not any(may_match(steps, where) for steps in extractor.token_steps):
                skipped += 1
                assert found == [], w.text
    assert skipped > windows_seen / 3 and matched > 0


def test_steps_bound_the_tokens_between_what_a_rule_needs():
    steps = rule_steps([{"NORM": "a"}, {"LOWER": "x", "OP": "?"}, {"LOWER": "b"}, {"IS_SENT_START": True},
                        {"ORTH": "c", "OP": "{0,3}"}, {"LOWER": "d", "OP": "+"}, {"LOWER": "e"}],
                       lambda pattern: ord(next(iter(pattern[0].values()))))
    assert steps == [(ord("a"), 0), (ord("b"), 1), (ord("d"), 4), (ord("e"), None)]
    assert may_match(steps, {ord("a"): [0], ord("b"): [2], ord("d"): [7], ord("e"): [20]})
    assert not may_match(steps, {ord("a"): [0], ord("b"): [3], ord("d"): [7], ord("e"): [20]})  # b too far from a
    assert not may_match(steps, {ord("a"): [5], ord("b"): [2], ord("d"): [7], ord("e"): [20]})  # b before a
