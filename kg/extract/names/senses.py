"""The sense a company-or-product name takes in an episode (Slack, Uber, Reddit, Facebook), and
that of a building standing for its institution (the White House, the Kremlin): place or institution.

The lexicon gives each name one type; the episode's usage may give it the other one: usage cues
(``type_context`` of ``rules/mentions.json``), a platform preposition after a verb of use ('sold it
on eBay', 'join us via Zoom'), a noun of use or of business after it ('a Zoom call', 'Zoom's
revenue'), a plan or a consumer's price said of it ('Hulu with ads has gone from six bucks to 10 bucks': a
product is bought; a company's money is counted in billions) and the names it is listed with ('Google and
Facebook'). A name no lexicon knows takes a product vote from its use as a platform or from its plan or
price (:func:`product_use_votes`), unless it is shaped like a person's or a place's. A name that is also a word is
given its sense before the linker weighs it (:func:`senses_of_words`), so that the linker's row, and
the entity it keeps, carry the type the episode gives it. The numbers and word lists are
``ontology/rules/senses.json``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Span

from kg.extract.names.located import Located
from kg.extract.names.lexicon import fold, given_names
from kg.model import Entity
from kg.extract.names.cues import person_cue
from kg.extract.names.features import type_cues
from kg.resources import data_path

SENSES = ("Organization", "Product")


@lru_cache(maxsize=1)
def sense_rules() -> dict:
    """``ontology/rules/senses.json``, its word lists as frozensets."""
    raw = json.loads(data_path("rules", "senses.json").read_text(encoding="utf-8"))
    sites = {k: (frozenset(v) if isinstance(v, list) else v) for k, v in raw["sites"].items()}
    lists = ("platform_prepositions", "platform_verbs", "platform_nouns", "topic_nouns", "platform_bare_prepositions", "product_nouns_after",
             "organization_nouns_after", "in_its_place_subjects")
    price = {k: (frozenset(v) if isinstance(v, list) and k != "plan_phrases" else v) for k, v in raw["price"].items()}
    return {**raw, **{name: frozenset(raw[name]) for name in lists}, "sites": sites, "price": price}


def sense_by_usage(entities: dict[str, Entity], located: list[Located], lexicon) -> dict[str, str]:
    """Give each company-or-product name the sense the episode uses it in; return the products said
    as their company, whose maker the episode names, as merges into that maker (old key → new key:
    'Facebook' said as a company beside 'Meta' is Meta).

    Only names of a type with two senses (``two_senses``: a company, a software product; not a car
    or a university) change, and only when a cue of their own words says so (:func:`usage_sense`)."""
    site_sense(entities, located)
    votes, direct, said, strong = _votes(entities, located)
    redirect: dict[str, str] = {}
    for key in sorted(votes):
        ent = entities[key]
        sense = usage_sense(ent, votes[key], direct[key], said[key], strong[key])
        if sense == ent.top_type:
            continue
        ent.type = ent.top_type = sense
        maker = _named_maker(ent, entities, lexicon) if sense == "Organization" else None
        if maker:
            redirect[key] = maker
    return redirect


def senses_of_words(pending: dict[str, list[tuple[int, Span]]], entities: dict[str, Entity],
                    located: list[Located], lexicon) -> dict[str, str]:
    """The sense each lexicon name that is also a word takes from the usage of its hits (turn, span),
    before the linker weighs it (:mod:`kg.extract.names.words`): 'join us via Zoom' is the product
    that the linker weighs, and that the episode keeps if the linker accepts it. The same test as
    :func:`sense_by_usage`, which then finds the same sense."""
    trial = dict(entities)
    hits: list[Located] = []
    for key, spans in sorted(pending.items()):
        entry = lexicon.get(key)
        if key in entities or entry is None:
            continue
        trial[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=key)
        hits += [Located(span, t, key) for t, span in spans]
    votes, direct, said, strong = _votes(trial, [*located, *hits])
    return {key: usage_sense(trial[key], votes[key], direct[key], said[key], strong[key])
            for key in sorted(said) if key in pending and key not in entities}


def usage_sense(ent: Entity, count: Counter, direct: Counter, said: int, strong: Counter) -> str:
    """The sense of a company-or-product name given its usage cues (``count``: all; ``direct``: those of
    its own words; ``said``: its mentions; ``strong``: its uses that say a sense outright, see
    :func:`strong_cue`). It takes the other sense than its current one when the cues for it reach
    ``votes`` (or half its mentions, with a strong cue among them: one 'join us via Zoom' makes a
    name said once a product) and outnumber those of its current sense ``ratio`` to one; a name of
    one sense only (a car, a university) keeps it."""
    rules = sense_rules()
    if ent.top_type not in SENSES or ent.type not in rules["two_senses"][ent.top_type]:
        return ent.top_type
    other = SENSES[1 - SENSES.index(ent.top_type)]
    if not direct[other]:
        return ent.top_type  # the names it is listed with support a sense, they do not make it
    # a name said once or twice needs only half its mentions used so, when one says the sense outright
    enough = count[other] >= rules["votes"] or (strong[other] and 2 * count[other] >= said)
    return other if enough and count[other] >= rules["ratio"] * count[ent.top_type] else ent.top_type


def people_said_as_organizations(entities: dict[str, Entity], located: list[Located]) -> None:
    """Type as an organization a lexicon person's name that the episode uses as one: 'the founder and CEO
    of Seneca', 'Seneca is my current company' (a company named after the philosopher). Only a name
    said as one word, whose organization cues (:func:`kg.extract.names.features.type_cues`) reach
    ``votes`` and outnumber its person cues (those and :func:`kg.extract.names.cues.person_cue`)
    ``ratio`` to one. It is then a name no lexicon knows: none of the person's facts or links."""
    rules = sense_rules()
    cues: dict[str, Counter] = defaultdict(Counter)
    said_in_full: set[str] = set()  # 'Walt Disney' said is the man, whatever 'CEO of Disney' says
    for loc in located:
        ent = entities.get(loc.key)
        if ent is None or not ent.lexicon_key or ent.top_type != "Person":
            continue
        if len(loc.span.text.split()) > 1:
            said_in_full.add(loc.key)
            continue
        found = type_cues(loc.span)
        cues[loc.key]["Organization"] += found.count("Organization")
        cues[loc.key]["Person"] += found.count("Person") + person_cue(loc.span)
    for key, count in sorted(cues.items()):
        if key in said_in_full or count["Organization"] < rules["votes"]:
            continue
        if count["Organization"] >= rules["ratio"] * count["Person"]:
            ent = entities[key]
            ent.type = ent.top_type = "Organization"
            ent.lexicon_key = None


def site_sense(entities: dict[str, Entity], located: list[Located]) -> None:
    """Type each building that stands for its institution (``sites`` of ``rules/senses.json``) as the
    place, unless the episode speaks of it as the institution more often than as the place ('the
    White House said', 'a Kremlin spokesman' against 'a dinner at the White House')."""
    sites = sense_rules()["sites"]
    cues: dict[str, Counter] = defaultdict(Counter)
    for loc in located:
        ent = entities.get(loc.key)
        if ent is not None and ent.lexicon_key in sites["keys"]:
            cues[loc.key][site_cue(loc.span)] += 1
    for key, count in sorted(cues.items()):
        if count["Organization"] <= count["Place"]:
            entities[key].type, entities[key].top_type = sites["place_type"], "Place"


def names_institution(entity: Entity) -> bool:
    """The entity is an organization, or a building standing for one in either sense: a person the
    knowledge base ties to the White House is a likely 'Donald' of an episode that names it as a place."""
    return entity.top_type == "Organization" or entity.lexicon_key in sense_rules()["sites"]["keys"]


def site_cue(span: Span) -> str | None:
    """'Organization' when the words around a building's name use it as its institution (subject of
    a verb of speech or decision, before a noun of its staff, sender of a message), 'Place' when as a place (after a
    locative preposition, object of a verb of place), else None."""
    sites = sense_rules()["sites"]
    root = span.root
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.lower_ in ("'s", "’s") and after.i + 1 < len(span.doc):
        after = span.doc[after.i + 1]  # 'the Kremlin's spokesman'
    if after is not None and after.lower_ in sites["organization_nouns"]:
        return "Organization"
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in sites["organization_verbs"]:
        return "Organization"
    if root.dep_ == "pobj" and root.head.lower_ == "from" and _sends_message(root.head):
        return "Organization"  # 'calls from the White House': whoever sends a message is the institution
    if root.dep_ == "pobj" and root.head.lower_ in sites["place_prepositions"]:
        return "Place"
    if root.dep_ == "dobj" and root.head.lemma_.lower() in sites["place_verbs"]:
        return "Place"
    return None


def _sends_message(preposition) -> bool:
    """'from' says who sent something: it hangs on a noun of a message ('a call from', 'pressure from')
    or a verb of hearing ('we heard from')."""
    sites, head = sense_rules()["sites"], preposition.head
    return (head.pos_ == "NOUN" and head.lemma_.lower() in sites["message_nouns"]) or (
        head.pos_ == "VERB" and head.lemma_.lower() in sites["message_verbs"])


def _votes(entities: dict[str, Entity], located: list[Located]) -> tuple[dict[str, Counter], dict[str, Counter],
                                                                         Counter, dict[str, Counter]]:
    """The sense cues of each company-or-product name over its mentions (all, and those of its own
    words), how often it is said, and its strong cues by sense (:func:`strong_cue`)."""
    at: dict[tuple[int, int], str] = {}
    spans: dict[tuple[int, int], Span] = {}
    for loc in located:
        for i in range(loc.span.start, loc.span.end):
            at[(loc.turn, i)] = loc.key
            spans[(loc.turn, i)] = loc.span
    settled = {k: e.top_type for k, e in entities.items() if e.lexicon_key and e.top_type in SENSES}
    votes: dict[str, Counter] = defaultdict(Counter)
    direct: dict[str, Counter] = defaultdict(Counter)  # the cues of its own words, not of a list
    said: Counter = Counter()
    strong: dict[str, Counter] = defaultdict(Counter)
    for loc in located:
        ent = entities.get(loc.key)
        if ent is None or not ent.lexicon_key or ent.top_type not in SENSES or ent.type == "Podcast":
            continue  # (names no lexicon knows are typed by their usage in kg.extract.names.entities)
        said[loc.key] += 1
        direct[loc.key].update(ty for ty in type_cues(_list_head(loc, spans)) if ty in SENSES)
        sense = strong_cue(loc.span)
        if sense:
            direct[loc.key][sense] += 1
            strong[loc.key][sense] += 1
    for key, count in direct.items():
        votes[key].update(count)
    for loc in located:
        if loc.key in said:
            votes[loc.key].update(set(_listed_with(loc, at, settled)))  # one vote per list and type
    return votes, direct, said, strong


def strong_cue(span: Span) -> str | None:
    """The sense a mention's own words give outright: 'Product' for a platform's use ('sold it on eBay',
    'join us via Zoom'), a plan or a consumer's price said of it ('Hulu with ads has gone from six bucks
    to 10 bucks') or a noun of use after it ('a Zoom call'), 'Organization' for a noun of a company's
    business after it ('Zoom's revenue') or a part one plays ('if you're Google')."""
    if platform_use(span) or plan_or_price(span):
        return "Product"
    return noun_after(span) or ("Organization" if in_its_place(span) else None)


def product_use_votes(spans: list[Span]) -> Counter:
    """Product votes for a name no lexicon knows, one per mention used as a platform or sold as a plan or
    at a price ('posted it on Substack', 'Kalshi with ads', 'Fizz costs ten bucks'): the cues of
    :func:`strong_cue` that no person's name takes (a person may be 'if I'm Dana' or make 'Dana's call')."""
    return Counter("Product" for s in spans if not _person_or_place_shaped(s) and (platform_use(s) or plan_or_price(s)))


def _person_or_place_shaped(span: Span) -> bool:
    """The name is said with an article ('on the Lower East Side': a place's way) or begins with a
    first name before more words ('Frank Lowie'): no platform's shape, whatever the words around it."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    words = span.text.split()
    return (before is not None and before.lower_ in ("the", "a", "an")) or (
        len(words) > 1 and fold(words[0]) in given_names())


def plan_or_price(span: Span) -> bool:
    """Words right after the name speak of a plan one buys of it ('Hulu with ads', 'HBO Max, standard ad
    free', 'the Spotify subscription') or a consumer's price of it ('Netflix was $12.99', 'Spotify costs
    ten dollars'): a product is bought, a company is not (its money is counted in millions and billions,
    'OpenAI was $80 billion', and said with verbs of business, 'Uber raised $5')."""
    price = sense_rules()["price"]
    doc, end = span.doc, min(span.sent.end, span.end + price["window"])
    before = doc[span.start - 1] if span.start > span.sent.start else None
    if not span.text[:1].isupper() and before is not None and (
            before.pos_ in ("DET", "ADP", "NUM", "ADJ") or before.tag_ == "PRP$"):
        return False  # 'at the time was $5', 'this version with ads': a word in its phrase, not a name
    words = [t.lower_ for t in doc[span.end:end]]
    if any(words[i:i + len(p)] == p for p in price["plan_phrases"] for i in range(len(words))):
        return True
    for tok in doc[span.end:end]:
        if _money_at(tok):
            return _small_amount(doc, tok) and all(_between_price(t) for t in doc[span.end:tok.i])
    return False


def _money_at(tok) -> bool:
    """A price begins here: a currency sign, or a number with a currency word after it ('six bucks')."""
    units = sense_rules()["price"]["units"]
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return tok.text in ("$", "£", "€") or (tok.like_num and after is not None and after.lower_ in units)


def _small_amount(doc, tok) -> bool:
    """The price counts a consumer's money: no multiplier ('billion', 'k') and a number under ``max``."""
    price = sense_rules()["price"]
    run = [t for t in doc[tok.i:min(len(doc), tok.i + 4)] if t.like_num or t.lower_ in price["multipliers"]]
    if any(t.lower_ in price["multipliers"] for t in run):
        return False
    for t in run:
        try:
            return float(t.text.replace(",", "")) < price["max"]
        except ValueError:
            return True  # 'six bucks': a number in words, small by how prices are said
    return False


def _between_price(tok) -> bool:
    """A word that may stand between a name and its price: an auxiliary, a verb of price ('is', 'went
    from', 'costs'), a word of a plan ('with ads', 'standard'), an adverb, a number or punctuation."""
    price = sense_rules()["price"]
    if tok.is_punct or tok.like_num or tok.pos_ in ("AUX", "ADV", "PART", "ADP", "DET", "CCONJ"):
        return tok.pos_ != "ADP" or tok.lower_ in price["prepositions"]
    return tok.lemma_.lower() in price["verbs"] or tok.lower_ in price["plan_words"]


def in_its_place(span: Span) -> bool:
    """The speaker or the listener puts themselves in the name's place ('if you're Google or Facebook',
    'if I'm Apple'): a company, whose decisions one imagines taking; a product is no one's part."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head  # 'you're Google or Facebook'
    verb = tok.head  # right after 'be', nothing between ('you are you open TikTok' is a misparse, 'we're two humans' no name)
    described = any(c.dep_ in ("det", "nummod", "amod", "poss") and c.i < tok.i for c in tok.children)
    # a word before the name in its phrase is no part of a name ('you're part time on the show')
    modified = any(t.i < span.start and not t.text[:1].isupper() for t in span.doc[verb.i + 1:tok.i])
    return tok.dep_ == "attr" and verb.lemma_ == "be" and tok.left_edge.i == verb.i + 1 and not (
        described or modified) and any(
        c.dep_ == "nsubj" and c.lower_ in sense_rules()["in_its_place_subjects"] for c in verb.children)


def noun_after(span: Span) -> str | None:
    """'Product' when the name is followed by a noun of its use ('a Zoom call', 'Framer Pro'),
    'Organization' when by a noun of a company's business ('Zoom's revenue'), possessive or not."""
    rules, doc, i = sense_rules(), span.doc, span.end
    if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
        i += 1
    word = doc[i].lower_ if i < len(doc) else ""
    if word in rules["product_nouns_after"]:
        return "Product"
    return "Organization" if word in rules["organization_nouns_after"] else None


def platform_use(span: Span) -> bool:
    """The name follows a platform preposition that hangs on a verb of use, or on the object of one
    ('sell it on eBay', 'posted ads on Craigslist', 'join us via Zoom'), or follows a preposition
    of means alone ('via Zoom')."""
    rules = sense_rules()
    before = span.doc[span.start - 1] if span.start > span.sent.start else None
    if before is not None and before.lower_ in rules["platform_bare_prepositions"]:
        return True
    prep = span.root.head
    if prep.i >= span.start or prep.lower_ not in rules["platform_prepositions"] or span.root.dep_ != "pobj":
        return False
    while prep.dep_ == "conj" and prep.head.lower_ in rules["platform_prepositions"] and prep.head.i < prep.i:
        prep = prep.head  # 'on Craigslist and on Reddit': the second 'on' hangs on the first
    head = prep.head
    verbs = rules["platform_verbs"]
    if head.pos_ == "NOUN" and head.lemma_.lower() in rules["topic_nouns"]:
        return False  # 'read a book on Frank Lowie', 'a piece on Google': what it is about, not where
    if head.pos_ == "NOUN" and head.lemma_.lower() in rules["platform_nouns"]:
        return True  # 'a post on Reddit', 'a room on Clubhouse'
    return head.lemma_.lower() in verbs or (head.pos_ == "NOUN" and head.head.lemma_.lower() in verbs)


def _list_head(loc: Located, spans: dict[tuple[int, int], Span]) -> Span:
    """The span whose words around it cue this mention's type: its own, or that of the first name of
    the list it ends ('shares of Uber or Facebook': the words before 'Uber' speak of both)."""
    head = loc.span.root
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    return spans.get((loc.turn, head.i), loc.span) if head.i != loc.span.root.i else loc.span


def _listed_with(loc: Located, at: dict[tuple[int, int], str], settled: dict[str, str]) -> Iterator[str]:
    """The lexicon types (company or product) of the names listed with this mention ('Google and Facebook')."""
    for token in loc.span.root.conjuncts:
        key = at.get((loc.turn, token.i))
        if key and key != loc.key and key in settled:
            yield settled[key]


def _named_maker(ent: Entity, entities: dict[str, Entity], lexicon) -> str | None:
    """The one maker of a product entry that the episode names (not only in the header), if any."""
    entry = lexicon.get(ent.lexicon_key or "")
    makers = [m for m in (entry.made_by if entry else []) if m in entities
              and any(x.method != "header" for x in entities[m].mentions)]
    return makers[0] if len(makers) == 1 else None
