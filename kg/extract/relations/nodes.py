"""Where the relation rules can match, found by a hash index of their tokens instead of spaCy's token Matcher.

spaCy's ``DependencyMatcher`` finds the tokens of each node with a token ``Matcher`` of one single-token
pattern per node, and that Matcher tries every pattern at every token (about 30 µs a token for the 93
distinct nodes of the rules). Here each node is filed under the values of one of its attribute tests
(its NORM, else LOWER, LEMMA, ...), so a token looks up the few nodes its values can fit and checks
only their other tests (:class:`NodeIndex`). The same hits as spaCy's Matcher for what the rules write:
a value, ``IN`` or ``NOT_IN`` of ORTH/TEXT, LOWER, NORM, LEMMA, TAG, POS or DEP, compared as spaCy does,
by string id; a node written otherwise (REGEX, an extension attribute, ...) is left to a spaCy Matcher
of its own. The same index holds the elements every match of a token rule needs, in order
(:func:`rule_steps`): a window where no token rule has them (:func:`may_match`), most windows, is not
given to the token Matcher, which would find nothing there.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Callable, Iterator

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, NORM, ORTH, POS, TAG
from spacy.matcher import DependencyMatcher
from spacy.matcher import Matcher as SpacyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

# the attributes a node may test, in the order of preference for the one it is filed under (the rarer a
# value, the fewer tokens check the node's other tests); a token's are read as one row of ``Doc.to_array``
COLUMNS = ("NORM", "ORTH", "LOWER", "LEMMA", "TAG", "DEP", "POS")
ARRAY = [NORM, ORTH, LOWER, LEMMA, TAG, DEP, POS]
Test = tuple[int, bool, frozenset[int]]  # column, whether the token's string id there must be in the set or out of it


def node_tests(pattern: list[dict]) -> list[Test] | None:
    """The tests of one single-token pattern, or None where it uses what :class:`NodeIndex` does not read."""
    if len(pattern) != 1 or not isinstance(pattern[0], dict):
        return None
    tests: list[Test] = []
    for key, value in pattern[0].items():
        attr = "ORTH" if key.upper() == "TEXT" else key.upper()
        if attr not in COLUMNS:
            return None
        if isinstance(value, str):
            tests.append((COLUMNS.index(attr), True, frozenset({get_string_id(value)})))
            continue
        if not (isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN")):
            return None
        op, values = next(iter(value.items()))
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return None
        tests.append((COLUMNS.index(attr), op == "IN", frozenset(get_string_id(v) for v in values)))
    return tests


class NodeIndex:
    """Single-token patterns (the nodes), filed by one wanted attribute value each."""

    def __init__(self, vocab: Vocab, patterns: list[list[dict]]):
        self.patterns = patterns
        # column -> value id -> (node, the node's other tests)
        self.tables: dict[int, dict[int, list[tuple[int, list[Test]]]]] = {}
        self.everywhere: list[tuple[int, list[Test]]] = []  # nodes with no wanted value: tried at every token
        self.fallback = SpacyMatcher(vocab)
        self.fallback_nodes: dict[int, int] = {}
        for node, pattern in enumerate(patterns):
            tests = node_tests(pattern)
            if tests is None:
                name = f"kg-node-{node}"
                self.fallback.add(name, [pattern])
                self.fallback_nodes[vocab.strings[name]] = node
                continue
            wanted = [t for t in tests if t[1]]
            if not wanted:
                self.everywhere.append((node, tests))
                continue
            anchor = min(wanted, key=lambda t: t[0])
            rest = [t for t in tests if t is not anchor]
            table = self.tables.setdefault(anchor[0], {})
            for value in anchor[2]:
                table.setdefault(value, []).append((node, rest))
        self.order = sorted(self.tables.items())

    def hits(self, span: Span) -> Iterator[tuple[int, int]]:
        """(node, token index) for every token of ``span`` that fits a node; each node's tokens in order."""
        for i, row in enumerate(span.doc.to_array(ARRAY)[span.start:span.end].tolist(), span.start):
            for column, table in self.order:
                for node, rest in table.get(row[column], ()):
                    if all((row[c] in values) == wanted for c, wanted, values in rest):
                        yield node, i
            for node, tests in self.everywhere:
                if all((row[c] in values) == wanted for c, wanted, values in tests):
                    yield node, i
        if len(self.fallback):
            for hit, start, _end in self.fallback(span):
                yield self.fallback_nodes[hit], span.start + start


Step = tuple[int, "int | None"]  # a node a token rule needs, and how many tokens at most lie between it and the step before
Tree = tuple[int, list, list, list[int], frozenset[int]]  # a dependency pattern: key, tree, node keys, their nodes, those


def rule_nodes(vocab: Vocab, dep_matcher: DependencyMatcher,
               token_patterns: list[list[dict]]) -> tuple[NodeIndex, list[Tree], list[list[Step]]]:
    """One index of the distinct nodes of the dependency rules (spaCy's matcher has one token pattern per
    node of every rule, and many rules share a node such as 'by' or a PERSON subject) and of the elements
    each token rule needs; each pattern of the dependency rules as :data:`Tree` (its rule key, the
    DependencyMatcher's tree and node keys, the node of each key); and each token rule's steps
    (:func:`rule_steps`)."""
    patterns: list[list[dict]] = []
    by_attrs: dict[str, int] = {}

    def node(pattern: list[dict]) -> int:
        attrs = json.dumps(pattern, sort_keys=True)
        if attrs not in by_attrs:
            by_attrs[attrs] = len(patterns)
            patterns.append(pattern)
        return by_attrs[attrs]

    trees: list[Tree] = []
    for key in dep_matcher._patterns:
        for pattern, tree, tokens_to_key in zip(dep_matcher._patterns[key], dep_matcher._tree[key],
                                                dep_matcher._tokens_to_key[key]):
            nodes = [node(token_pattern) for token_pattern in pattern]
            trees.append((key, tree, tokens_to_key, nodes, frozenset(nodes)))
    steps = [rule_steps(pattern, node) for pattern in token_patterns]
    return NodeIndex(vocab, patterns), trees, steps


def rule_steps(pattern: list[dict], node: Callable[[list[dict]], int]) -> list[Step]:
    """The elements of a token pattern that every match has a token of, in order (an OP asking for at
    least one token, or none), those :class:`NodeIndex` reads, each as its node (``node`` files it) and
    the most tokens a match may hold between it and the step before: what the pattern's other elements
    may take (None: no bound)."""
    steps: list[Step] = []
    between: float = 0.0  # tokens the elements since the last step may take
    for element in pattern:
        least, most = _counts(element.get("OP", "1"))
        single = [{k: v for k, v in element.items() if k != "OP"}]
        if least >= 1 and node_tests(single) is not None:
            steps.append((node(single), None if math.isinf(between) else int(between)))
            between = most - 1
        else:
            between += most
    return steps


def _counts(op: str) -> tuple[int, float]:
    """The fewest and most tokens an element with this spaCy OP matches."""
    if op in ("1", "+"):
        return 1, 1 if op == "1" else math.inf
    if op in ("?", "*", "!"):
        return 0, {"?": 1, "*": math.inf, "!": 1}[op]  # ("!": an upper bound either way)
    low, comma, high = op.strip("{}").partition(",")
    least = int(low) if low.strip() else 0
    return least, (int(high) if high.strip() else math.inf) if comma else least


def may_match(steps: list[Step], where: dict[int, list[int]]) -> bool:
    """Whether a token rule of these steps can match where its nodes are (``where``: node -> token indices,
    ascending): each step at a token after the step before, within its bound. A window where no token
    rule may match needs no Matcher."""
    reach: list[int] | None = None
    for node, most in steps:
        hits = where.get(node)
        if not hits:
            return False
        if reach is not None:
            hits = [p for p in hits if (k := bisect_left(reach, p)) and (most is None or p - reach[k - 1] - 1 <= most)]
            if not hits:
                return False
        reach = hits
    return True


def dependency_matches(matcher: DependencyMatcher, trees: list[Tree], doc: Doc,
                       hits: list[tuple[Span, list[tuple[int, int]]]]) -> list[tuple[int, list[int]]]:
    """What ``matcher(doc)`` finds with every token in the windows of ``hits`` (each with its node hits,
    :meth:`NodeIndex.hits`), found without walking the whole Doc. spaCy's call runs the token matcher of
    every rule's nodes over every token of the Doc and climbs each hit's ancestors to group it by tree;
    a match is a product of hits of one tree, so hits outside the windows only make matches that are
    thrown away. Same steps as ``DependencyMatcher.__call__`` (spaCy 3) over the windows' hits, grouped
    by node (``trees``: :func:`rule_nodes`) rather than by each rule's node keys."""
    roots = _roots(doc)
    by_root: dict[int, dict[int, list[int]]] = {}  # tree root -> node -> its tokens there
    for _w, found in hits:
        for node, i in found:
            by_root.setdefault(roots[i], {}).setdefault(node, []).append(i)
    out: list[tuple[int, list[int]]] = []
    cache: dict = {}
    for key, tree, tokens_to_key, nodes, needs in trees:
        for positions in by_root.values():
            if needs <= positions.keys():
                keys_to_position = {k: positions[n] for k, n in zip(tokens_to_key, nodes)}
                out.extend((key, ids) for ids in matcher._get_matches(cache, doc, tree, tokens_to_key, keys_to_position))
    return out


def _roots(doc: Doc) -> list[int]:
    """The root of each token's dependency tree, by token index."""
    heads = doc.to_array(HEAD).astype("int64") + numpy.arange(len(doc))  # HEAD is the offset to the head
    while True:
        up = heads[heads]
        if numpy.array_equal(up, heads):
            return heads.tolist()
        heads = up
