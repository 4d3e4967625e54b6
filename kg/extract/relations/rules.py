"""The relation rules as data: loading ``ontology/rules/relations.json`` (token patterns) and
``dependency_relations.json`` (patterns over the parse), the shorthands they are written in (KG,
CLASS, TRIGGER, GAP, ROLE), and how a turn's tokens are tagged for them (:class:`TurnTags`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from kg.extract.names.lexicon import class_tree, predicate_signatures
from kg.extract.names.matching import similarity
from kg.model import Entity
from kg.resources import data_path

SELF_WORDS = {"i", "me", "my", "myself", "mine"}
YOU_WORDS = {"you", "your", "yourself"}
YOU = "\0you"  # the key under which the person spoken to joins the speakers' people
THIRD_PERSON = {"he", "she", "him", "her", "his", "hers"}
WE_WORDS = {"we", "us", "our", "ours", "ourselves"}
TYPE_TAGS = {"Person": "PERSON", "Organization": "ORG", "Product": "PRODUCT", "Place": "PLACE"}
STOP_PUNCT = ["?", "!"]
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
    # node index -> dependency labels its token must have no child of ('and started X': no subject of its own)
    no_child: tuple[tuple[int, tuple[str, ...]], ...] = ()
    # a word that, said in the match, makes the voice an end too: 'my co-founder X' -> the speaker founded it as well
    speaker_shares_with: str | None = None


def class_of(entity: Entity) -> str:
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
    CLASS and TRIGGER become a NORM set (see :func:`kind_norm`); KG with OR_WORDS is a name of that
    kind or one of those words."""
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
        if element.get("OR_WORDS"):  # a name of that kind or one of these words (a trigger word as tagged too)
            words = [w.lower() for w in element.pop("OR_WORDS")]
            element["NORM"]["IN"] += words + [TRIGGER_NORM + w for w in words]
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


def _rule(raw: dict, pattern: list[dict], roles: dict[int, str], dependency: bool,
          no_child: tuple[tuple[int, tuple[str, ...]], ...] = ()) -> Rule:
    return Rule(
        id=raw["id"], predicate=raw["predicate"], pattern=pattern, roles=roles,
        former=raw.get("former", "never"), confidence=float(raw.get("confidence", 0.7)),
        object_class=tuple(raw.get("object_class", ())), requires_words=tuple(raw.get("requires_words", ())),
        subject=raw.get("subject"), object=raw.get("object"), lexicon_check=bool(raw.get("lexicon_check")),
        crosses_sentences=bool(raw.get("crosses_sentences")), dependency=dependency, no_child=no_child,
        speaker_shares_with=raw.get("speaker_shares_with"),
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
    same shorthands (KG, CLASS, TRIGGER) and whose nodes may carry a ROLE, and a NO_CHILD list of
    dependency labels the node's token must have no child of."""
    pattern, roles, no_child = [], {}, []
    for i, node in enumerate(raw["pattern"]):
        node = dict(node)
        role = node.pop("ROLE", None)
        if "NO_CHILD" in node:
            no_child.append((i, tuple(node.pop("NO_CHILD"))))
        node["RIGHT_ATTRS"], _ = _translate(node.get("RIGHT_ATTRS", {}))
        pattern.append(node)
        if role:
            roles[i] = role
    return _rule(raw, pattern, roles, True, tuple(no_child))


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


def person_is_rules(rules: tuple[Rule, ...]) -> frozenset[str]:
    """The rules that read 'X was / is …' of a person X ('Dennis was on the team with me')."""
    out = set()
    for rule in rules:
        for a, b in zip(rule.pattern, rule.pattern[1:]):
            lemma = b.get("LEMMA")
            lemmas = lemma.get("IN", []) if isinstance(lemma, dict) else [lemma]
            if "be" in lemmas and any(n.startswith(kind_norm("PERSON")) for n in a.get("NORM", {}).get("IN", [])):
                out.add(rule.id)
    return frozenset(out)


def fits_signature(predicate: str, subject: Entity, obj: Entity) -> bool:
    """The subject and object have the top types the ontology's domain and range ask for."""
    domain, range_ = predicate_signatures().get(predicate, (None, None))
    return (domain is None or subject.top_type == domain) and (range_ is None or obj.top_type == range_)
