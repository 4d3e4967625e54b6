"""Turn mentions into entities: one node per real thing within an episode.

Lexicon mentions are keyed by their lexicon entry; unknown names by type and folded name. Lexicon
names that are also words are decided in context (:mod:`kg.extract.names.words`); unknown names that are
another name of the episode join it (:mod:`kg.extract.names.merges`); the rest are typed by the episode's
usage and kept where the linker accepts them (:mod:`kg.extract.names.features` describes them).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc, Span

from kg.extract.names.words import accept_in_context
from kg.extract.names.casing import note_casing
from kg.extract.names.lexicon import Lexicon, census_given_names, fold, given_names, slugify
from kg.extract.names.linking import Linker, default_linker, names_of, round_features
from kg.extract.names.located import Located, second_and_utterance
from kg.model import Decision, Entity, Mention
from kg.extract.names.features import features, kept_shape, shape_votes, type_cues
from kg.extract.names.qualified import qualified_votes
from kg.extract.names.kinds import who_clause
from kg.extract.names.merges import merge_names
from kg.extract.names.senses import people_said_as_organizations, product_use_votes, sense_by_usage
from kg.extract.names.short_forms import add_short_forms, capitalised_words
from kg.extract.names.cues import person_cue, words_of
from kg.read import Turn

__all__ = ["Located", "add_show", "link_same_as", "resolve"]

TYPE_PRIORITY = ["Organization", "Person", "Product", "Place"]
Forms = dict[str, Counter]  # by unknown key: how often each type, or each spelling, was found


def resolve(turns: list[Turn], docs: list[Doc], lexicon: Lexicon, show: str | None = None,
            linker: Linker | None = None) -> tuple[dict[str, Entity], list[Located], list[Decision]]:
    """Cluster the ``kg`` spans of every turn's Doc into entities; return them, the located mentions
    and the linker's decisions on the candidates it weighed (names no lexicon knows, lexicon names
    that are also words).

    ``show`` is the header's show name: it becomes a Podcast entity (see :func:`add_show`)."""
    linker = linker or default_linker()
    note_casing(turns, docs)  # the episode's capitalisation habit, which the features read case against
    entities, located, unknown_types, unknown_forms = _collect(turns, docs, lexicon)
    decisions = accept_in_context(turns, docs, lexicon, entities, located, linker)
    _label_unknown(entities, unknown_types, unknown_forms)
    add_show(entities, show, lexicon)
    _redirect(entities, located, sense_by_usage(entities, located, lexicon))
    people_said_as_organizations(entities, located)
    _redirect(entities, located, merge_names(entities, located, lexicon, decisions))
    decisions += _decide_unknown(turns, docs, located, entities, lexicon, linker)
    located = [loc for loc in located if loc.key in entities]
    final = _final_keys(entities, located)
    for entity in final.values():
        entity.mentions.sort(key=lambda m: (m.utterance, m.text))
    return final, located, decisions


def _collect(turns: list[Turn], docs: list[Doc], lexicon: Lexicon) -> tuple[dict[str, Entity], list[Located], Forms, Forms]:
    """One entity per lexicon entry and per unknown folded name found; the located mentions; and, by
    unknown name, the types and spellings it was found with."""
    entities: dict[str, Entity] = {}
    located: list[Located] = []
    unknown_types: Forms = defaultdict(Counter)
    unknown_forms: Forms = defaultdict(Counter)
    for t, (turn, doc) in enumerate(zip(turns, docs)):
        for span in doc.spans.get("kg", []):
            method, score, canonical = span._.kg_match or ("ner", 0.5, span.text)
            second, utt = second_and_utterance(turn, span)
            entry = lexicon.get(span.kb_id_) if span.kb_id_ else None
            if span.kb_id_ and entry is None:
                continue
            if entry is not None and _first_name_of_someone(span, entry):
                entry, span.label_, span.kb_id_ = None, "Person", ""
                canonical = span.text
            if entry is not None:
                key = entry.key
                if key not in entities:
                    entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
            else:
                key = "?" + fold(canonical)
                unknown_types[key][span.label_] += 1
                unknown_forms[key][canonical] += 1
                if key not in entities:
                    entities[key] = Entity(key, canonical, span.label_, span.label_)
            entities[key].mentions.append(Mention(span.text, utt, second, method, float(score)))
            located.append(Located(span, t, key))
    return entities, located, unknown_types, unknown_forms


def _first_name_of_someone(span: Span, entry) -> bool:
    """A place's name that is also a first name, said with a relative clause on 'who' ('Jordan, who is my
    co-founder'): a person of that first name, whom the episode's usage then decides."""
    name = fold(span.text)
    return entry.top_type == "Place" and (name in given_names() or name in census_given_names()) and who_clause(span)


def _label_unknown(entities: dict[str, Entity], unknown_types: Forms, unknown_forms: Forms) -> None:
    """An unknown name takes the type most of its mentions were found with, and its most said
    spelling (then the most capitals, then the longest)."""
    for key, types in unknown_types.items():
        if key not in entities:
            continue  # it gave way to a name the episode accepted
        top = max(types, key=lambda ty: (types[ty], -TYPE_PRIORITY.index(ty)))
        forms = unknown_forms[key]
        label = max(forms, key=lambda f: (forms[f], sum(c.isupper() for c in f), len(f)))
        entities[key].type = entities[key].top_type = top
        entities[key].label = label


def _redirect(entities: dict[str, Entity], located: list[Located], redirect: dict[str, str]) -> None:
    """Move the mentions of each merged name to the entity it stands for (following chains)."""
    for loc in located:
        while loc.key in redirect:
            loc.key = redirect[loc.key]
    for old, new in redirect.items():
        if old in entities and new in entities:
            entities[new].mentions.extend(entities.pop(old).mentions)
        elif old in entities:
            entities.pop(old)


def _final_keys(entities: dict[str, Entity], located: list[Located]) -> dict[str, Entity]:
    """Entities by their final key: an unknown name's slug (one that slugs like a known name is that
    node), a lexicon entry's key."""
    final: dict[str, Entity] = {}
    renamed: dict[str, str] = {}
    for key, entity in entities.items():
        new_key = slugify(entity.label) if key.startswith("?") else key
        renamed[key] = new_key
        if new_key in final:  # an unknown name that slugs like a known one: same node
            final[new_key].mentions.extend(entity.mentions)
        else:
            entity.key = new_key
            final[new_key] = entity
    for loc in located:
        loc.key = renamed[loc.key]
    return final


def _decide_unknown(turns: list[Turn], docs: list[Doc], located: list[Located], entities: dict[str, Entity],
                    lexicon: Lexicon, linker: Linker) -> list[Decision]:
    """Type every name no lexicon knows by the episode's usage of it (``type_context`` cues) and by its
    own words (:func:`kg.extract.names.features.shape_votes`), then keep it where the linker's score reaches
    its threshold (with the short forms said of it, :mod:`kg.extract.names.short_forms`); drop the rest."""
    capitals = capitalised_words(docs)
    spans: dict[str, list[tuple[int, Span]]] = defaultdict(list)
    for loc in located:
        if loc.key.startswith("?") and loc.key in entities:
            spans[loc.key].append((loc.turn, loc.span))
    decisions: list[Decision] = []
    for key in sorted(spans):
        if key not in entities:
            continue  # it joined a longer name as its short form
        ent = entities[key]
        found = [s for _, s in spans[key]]
        votes = Counter(ty for s in found for ty in type_cues(s))
        votes.update(shape_votes(ent.label, words_of(docs[0]) if docs else frozenset(), lexicon, found))
        votes.update(qualified_votes(found))
        votes.update(product_use_votes(found))
        if votes:
            best = max(votes, key=lambda ty: (votes[ty], ty == ent.top_type, -TYPE_PRIORITY.index(ty)))
            ent.type = ent.top_type = best
        feats = features(found, ent.top_type, [t for t, _ in spans[key]], turns, label=ent.label, lexicon=lexicon,
                         capitals=capitals)
        feats["kept_shape"] = float(kept_shape(ent) or (ent.top_type == "Person" and any(person_cue(s) for s in found)))
        accepted, score = linker.accepts(feats)
        decisions.append(Decision(ent.label, ent.top_type, "", round(score, 3), accepted, round_features(feats),
                                  names_of([ent.label, *(s.text for s in found)])))
        if not accepted:
            del entities[key]
        elif feats["short_form"]:
            add_short_forms(key, ent, turns, docs, located, entities)
    return decisions


def add_show(entities: dict[str, Entity], show: str | None, lexicon: Lexicon) -> str | None:
    """Make sure the header's show is an entity (a Podcast), with the organization that makes it
    when the lexicon knows one; return the show's key."""
    if not show:
        return None
    found = [e for e in lexicon.lookup(show) if e.type == "Podcast"]
    entry = found[0] if found else None
    key = entry.key if entry else (_show_in_episode(entities, show) or slugify(show))
    if key not in entities:
        if entry:
            entities[key] = Entity(key, entry.label, entry.type, entry.top_type, lexicon_key=entry.key)
        else:
            entities[key] = Entity(key, show, "Podcast", "Product")
    ent = entities[key]
    if ent.type != "Podcast":
        return None  # the show's name is also something else here; leave it as found
    ent.mentions.append(Mention(show, -1, None, "header", 0.9))
    for maker in entry.made_by if entry else []:
        made = lexicon.get(maker)
        if made and maker not in entities:
            entities[maker] = Entity(maker, made.label, made.type, made.top_type, lexicon_key=maker)
        if made:
            entities[maker].mentions.append(Mention(show, -1, None, "header", 0.8))
    return key


def _show_in_episode(entities: dict[str, Entity], show: str) -> str | None:
    """The key of the one podcast the episode names by a longer name that begins with the header's
    show name ('Huberman Lab' for 'Huberman', "Lenny's Podcast" for "Lenny's"): the same show."""
    words = [fold(w) for w in show.split()]
    fits = [key for key, ent in entities.items() if ent.type == "Podcast" and len(ent.label.split()) > len(words)
            and [fold(w) for w in ent.label.split()[:len(words)]] == words]
    return fits[0] if len(fits) == 1 else None


def link_same_as(entities: dict[str, Entity], lexicon: Lexicon) -> None:
    """Give each entity of a lexicon entry the entry's ``owl:sameAs`` IRIs (user lexicons' too)."""
    for ent in entities.values():
        entry = lexicon.get(ent.lexicon_key or "")
        if entry is not None:
            ent.same_as = list(entry.same_as)
