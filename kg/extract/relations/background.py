"""Relations the knowledge base adds to an episode's rules: who hosts the show, each voice's
organization (what 'we' and 'our' stand for), products named by possession ('our API', "OpenAI's
developer platform"), and background facts whose two ends the episode names (a product's maker, a
person's organization), each with the sentences that name its ends as evidence.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from kg.extract.names.lexicon import Lexicon, slugify
from kg.model import Entity, Evidence, Fact, Mention, Speaker
from kg.extract.relations.context import joined
from kg.extract.speakers.identify import show_of
from kg.extract.relations.rules import TYPE_TAGS, TurnTags, class_of, fits_signature
from kg.read import Turn


def hosts(lexicon: Lexicon, speakers: dict[str, Speaker], entities: dict[str, Entity],
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
    known = _known_shows(lexicon, shows, entities)
    facts = []
    for person, ev in found:
        entry = lexicon.get(entities[person].lexicon_key or "")
        tied = set(entry.affiliated_with if entry else [])
        for show in sorted(s for s in shows if known[s] in tied):
            facts.append(Fact(person, "hosts", show, [ev]))
    return facts


def _known_shows(lexicon: Lexicon, shows: set[str], entities: dict[str, Entity]) -> dict[str, str]:
    """Each podcast of the episode -> the knowledge base's show it is: its own entry, or, for the
    header's show named by a longer or shorter name ('Uncapped Founders' for Uncapped), the show
    the header names as the speaker stage reads it (:func:`show_of`)."""
    known = {}
    for key in shows:
        ent = entities[key]
        header = next((m.text for m in ent.mentions if m.method == "header"), None)
        known[key] = ent.lexicon_key or (show_of(header, lexicon) if header else None) or key
    return known


def speaker_orgs(lexicon: Lexicon, facts: list[Fact], speaker_person: dict[str, str], entities: dict[str, Entity]) -> dict[str, str]:
    """Each named voice's organization: the one their own words tie them to most often (worksFor,
    founded, leads), the knowledge base breaking a tie; failing words, the knowledge base's."""
    orgs: dict[str, str] = {}
    for label, person in speaker_person.items():
        counts: Counter = Counter(f.object for f in facts if f.subject == person and f.predicate in ("worksFor", "founded", "leads")
                                  and entities[f.object].top_type == "Organization")
        entry = lexicon.get(entities[person].lexicon_key or "")
        present = [o for o in (entry.affiliated_with if entry else []) if o in entities]
        for org in present[:1]:
            counts[org] += 0.5
        if counts:
            orgs[label] = max(sorted(counts), key=counts.get)
    return orgs


def our_products(settings: dict, lexicon: Lexicon, turns: list[Turn], tagged: list[tuple[Doc, TurnTags]],
                 entities: dict[str, Entity], speaker_org: dict[str, str],
                 owned: dict[str, tuple[str, Evidence]]) -> set[int]:
    """'our API' said by someone of OpenAI is the OpenAI API, when the lexicon has such a product;
    'OpenAI's developer platform' a new product, recorded in ``owned``. Returns the turns tagged."""
    changed: set[int] = set()
    nouns = {n.lower() for n in settings.get("possessed_product_nouns", [])}
    plain = frozenset(settings.get("plain_modifiers", ()))  # 'our own models' names no product
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
            key, new = _owned_product(settings, lexicon, entities, org, doc[start:tok.i + 1].text)
            if key is None:
                continue
            utt = turns[t].utterance_at(tok.idx)
            entities[key].mentions.append(Mention(doc[start - 1 if owner_tok.lower_ == "our" else owner_tok.i:tok.i + 1].text,
                                                  utt.index, utt.start, "possessive", 0.7))
            tags.mark(tok, TYPE_TAGS["Product"], key, class_of(entities[key]))
            if new and key not in owned:
                owned[key] = (org, Evidence(tok.sent.text.strip(), utt.index, utt.start, turns[t].speaker,
                                            "develops/possessive-product", 0.6))
            changed.add(t)
    return changed


def _owned_product(settings: dict, lexicon: Lexicon, entities: dict[str, Entity], org: str, phrase: str) -> tuple[str | None, bool]:
    """The product '<organization> <phrase>': a lexicon entry ('OpenAI API'), or, for a phrase of
    two words or more ('developer platform') whose noun may name a product (not 'our frontier
    models'), a new product named after its owner (True)."""
    name = f"{entities[org].label} {phrase}"
    entry = next((e for e in lexicon.lookup(name) if e.top_type == "Product"), None)
    if entry is not None:
        if entry.key not in entities:
            entities[entry.key] = Entity(entry.key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
        return entry.key, False
    if len(phrase.split()) < 2 or phrase.split()[-1].lower() in settings.get("unnamed_product_nouns", ()):
        return None, False
    label = f"{entities[org].label} {' '.join(w if w.isupper() else w.capitalize() for w in phrase.split())}"
    key = slugify(label)
    if key not in entities:
        entities[key] = Entity(key, label, "SoftwareProduct", "Product")
    return key, True


def background(lexicon: Lexicon, first_said: dict[str, Evidence], together: dict[tuple[str, str], Evidence],
                entities: dict[str, Entity]) -> list[Fact]:
    """Facts the lexicon knows whose both ends the episode names: a product's maker (develops), a
    person's organization (worksFor) and a person's show (hosts: the lexicon ties a person to a
    podcast only as its host).

    The evidence names both ends: the first sentence that names the two, else the first sentences
    that name each, joined by ' … '; the rule id says the link is background knowledge, and its
    confidence is low.
    """
    facts = []
    for key, ent in entities.items():
        entry = lexicon.get(ent.lexicon_key or "")
        if not entry or key not in first_said:
            continue
        if ent.top_type == "Product" and ent.type != "Podcast":
            links = [(maker, "develops", key, "develops/lexicon-maker-named") for maker in entry.made_by]
        elif ent.top_type == "Person":
            links = [(key, "hosts", org, "hosts/lexicon-host-named") if _is_show(entities.get(org))
                     else (key, "worksFor", org, "worksFor/lexicon-affiliation-named") for org in entry.affiliated_with]
        else:
            continue
        for subj, pred, obj, rule in links:
            if subj in entities and obj in entities and fits_signature(pred, entities[subj], entities[obj]):
                other = obj if key == subj else subj
                # the other end may be named by no sentence (an organization known from the show's name)
                said = together.get((subj, obj)) or (joined(first_said[key], first_said[other])
                                                     if other in first_said else first_said[key])
                ev = Evidence(said.quote, said.utterance, said.second, said.speaker, rule, 0.4)
                facts.append(Fact(subj, pred, obj, [ev]))
    return facts


def _is_show(entity: Entity | None) -> bool:
    """The entity is a podcast or show (what a person the lexicon ties to it hosts)."""
    return entity is not None and entity.type == "Podcast"
