"""Names no exact lexicon hit covers whole: candidates the mention finder offers to the episode's linker.

- **Longer names** (:func:`longer_names`): a capitalised name holding a shorter known name and a head
  word of an institution or a place ('University of Minnesota' holds Minnesota, 'Stanford School of
  Medicine' Stanford, 'John Wayne Airport' John Wayne). The longest name wins; its head word types it
  (``ontology/rules/name_heads.json``).
- **Names split by punctuation** (:func:`comma_split_names`): speech-to-text puts a comma inside a
  person's name ('Marta, Kovalenko'): a first name, a comma, a capitalised word that is no dictionary
  word, no first name and no known name.
- **Names a speaker introduces** (:func:`naming_spans`, :func:`take_named`): the object predicate of a
  cue verb ('a book called The Lean Startup', 'it's called beyond labs', 'a guy named X') or the
  apposition of a kind noun ("Tim Ferriss' book, The Four Hour Workweek"), read off the dependency
  parse with its whole extent and typed by its kind noun (``ontology/rules/naming.json``).
"""

from __future__ import annotations

import json
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.extract.names.lexicon import census_given_names, fold
from kg.extract.names.cues import NER_TYPES, _clean_edges, _display_name, _Found, _is_word
from kg.resources import data_path

CONNECTORS = frozenset({"of", "for", "and", "the", "on", "at", "de", "&"})  # inside a long name ('Bureau of Labor Statistics')
MAX_LONG_NAME = 7  # words of a longer name
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "near", "outside", "out"})  # 'a company called Acme in Boston'
LONG_NER = frozenset({"ORG", "FAC", "GPE", "LOC", "PERSON", "PRODUCT", "WORK_OF_ART", "NORP", "EVENT"})


@lru_cache(maxsize=1)
def name_heads() -> dict[str, str]:
    """Head words of institution and place names, folded, with the type they give a name."""
    raw = json.loads(data_path("rules", "name_heads.json").read_text(encoding="utf-8"))
    return {word: ty for ty, words in raw.items() if ty != "description" for word in words}


def head_type(span: Span) -> str | None:
    """The type the last head word of ``span`` gives it ('Airport': Place, 'University': Organization)."""
    heads = name_heads()
    return next((heads[t.lower_] for t in reversed(span) if t.lower_ in heads), None)


def _name_shaped(span: Span, head_lower_ok: bool) -> bool:
    """Capitalised words joined by connectors, from two to :data:`MAX_LONG_NAME` words, starting and
    ending on a capitalised word (or, with ``head_lower_ok``, a lower-case head word: 'Baker library')."""
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= MAX_LONG_NAME or words[0].lower_ in CONNECTORS or words[0].is_stop:
        return False
    for i, t in enumerate(words):
        last = i == len(words) - 1
        if t.text[:1].isupper() or t.text[:1].isdigit():
            continue
        if t.lower_ in CONNECTORS and not last:
            continue
        if last and head_lower_ok and t.lower_ in name_heads():
            continue
        return False
    return True


def longer_names(doc: Doc) -> list[Span]:
    """Spans of capitalised names with an institution or place head word: NER's names, and runs of
    capitalised words ending on a head word NER did not see ('Vox Media Podcast Network')."""
    out: dict[tuple[int, int], Span] = {}
    for ent in doc.ents:
        span = _clean_edges(ent) if ent.label_ in LONG_NER else None
        if span is not None and head_type(span) and _name_shaped(span, head_lower_ok=False):
            out[(span.start, span.end)] = span
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            j = i
            while j < sent.end and (doc[j].text[:1].isupper() or doc[j].text[:1].isdigit()) and not doc[j].is_punct:
                j += 1
            if j < sent.end and j > i and doc[j].lower_ in name_heads() and doc[j].is_lower:
                j += 1  # 'Baker library', 'Sonnenburg lab'
            span = doc[i:j]
            if j - i >= 2 and head_type(span) and doc[j - 1].lower_ in name_heads() and _name_shaped(span, head_lower_ok=True):
                if not any(s.start <= i and j <= s.end for s in out.values()):
                    out[(i, j)] = span
            i = max(j, i + 1)
    return sorted(out.values(), key=lambda s: s.start)


def inside_longer(span: Span, longer: list[Span]) -> Span | None:
    """The longer name ``span`` lies inside (and is shorter than), if any."""
    return next((s for s in longer if s.start <= span.start and span.end <= s.end and len(s) > len(span)), None)


def comma_split_names(doc: Doc, taken: list[bool], given: frozenset[str], words: frozenset[str]) -> list[Span]:
    """'Marta, Kovalenko': a capitalised first name, a comma, and a capitalised word that is no dictionary
    word, no first name and not the start of a list of names; nothing of it taken yet."""
    out = []
    for tok in doc[:-2]:
        comma, last = doc[tok.i + 1], doc[tok.i + 2]
        if not (comma.text == "," and tok.is_alpha and last.is_alpha and tok.text[:1].isupper() and last.text[:1].isupper()
                and fold(tok.text) in given and tok.sent.start == last.sent.start):
            continue
        if any(taken[tok.i:tok.i + 3]) or last.text.isupper() or len(last) < 3:
            continue
        if fold(last.text) in given or _is_word(last, words):
            continue
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is not None and (nxt.text == "," or nxt.lower_ in ("and", "or")) and last.i + 2 < len(doc) and doc[last.i + 2].text[:1].isupper():
            continue  # 'Sarah, Kovalenko and Tom': a list of names
        out.append(doc[tok.i:last.i + 1])
    return out


def capitalised_runs(doc: Doc, taken: list[bool], words: frozenset[str], given: frozenset[str],
                     stop: frozenset[str]) -> list[Span]:
    """Capitalised names NER did not see and no lexicon knows ('companies like Ambrook'): maximal runs
    of capitalised words not taken yet, without stop words at their edges. One word is offered only
    inside a sentence and when it is no dictionary word and no first name alone (the first names pass
    weighs those); the episode's linker decides which are names."""
    out = []
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            j = i
            while (j < sent.end and not taken[j] and doc[j].is_alpha and doc[j].text[:1].isupper()
                   and doc[j].lower_ not in {t.lower_ for t in doc[i:j]}):  # 'Ambrook Ambrook' is said twice
                j += 1
            span = _trim_stop(doc[i:j]) if j > i else None
            if span is not None and _offered(span, words, given, stop):
                out.append(span)
            i = max(j, i + 1)
    return out


def _trim_stop(span: Span) -> Span | None:
    """The span without stop words (and 'I') at its edges."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_stop or doc[start].text == "I"):
        start += 1
    while end > start and (doc[end - 1].is_stop or doc[end - 1].text == "I"):
        end -= 1
    return doc[start:end] if end > start else None


def _offered(span: Span, words: frozenset[str], given: frozenset[str], stop: frozenset[str]) -> bool:
    """Whether a capitalised run is worth the linker's weighing: not stop-listed, not too long, one word
    only mid-sentence, no dictionary word, no first name alone; several words not all dictionary words."""
    if fold(span.text) in stop or len(fold(span.text)) < 3 or len(span) > 4:
        return False
    if len(span) == 1:
        tok = span[0]
        return (tok.i != tok.sent.start and not _is_word(tok, words) and fold(tok.text) not in given
                and not (tok.text.isupper() and len(tok) <= 4))
    if span.start == span.sent.start and _is_word(span[0], words) and fold(span[0].text) not in given:
        return False  # 'Thank God', 'Great Guys': a sentence opening on an ordinary word
    return not all(_is_word(t, words) for t in span)



@lru_cache(maxsize=1)
def naming_rules() -> dict:
    """``ontology/rules/naming.json``: cue verbs, dependency labels and word lists as frozensets, the kind
    nouns as a map from noun to the type it gives a name."""
    raw = json.loads(data_path("rules", "naming.json").read_text(encoding="utf-8"))
    sets = {key: frozenset(raw[key]) for key in ("cue_verbs", "object_deps", "clause_deps", "end_words", "leading_words",
                                                   "title_connectors", "not_kinds", "lower_case_heads", "not_after_cue",
                                                   "term_adverbs", "alternatives")}
    kinds = {noun: ty for ty, nouns in raw["kinds"].items() for noun in nouns}
    return {**sets, "kinds": kinds, "max_words": int(raw["max_words"])}


def naming_spans(doc: Doc) -> list[tuple[Span, str | None]]:
    """Names the speaker introduces, read from the dependency parse: the object predicate of a cue verb
    ('a book called The Lean Startup', 'it's called acme labs', 'a guy named John Smith') and the
    apposition of a kind noun ("Tim Ferriss' book, The Four Hour Workweek"), each with the type its kind
    noun gives it (None: no kind noun, the episode's cues decide; an apposition is of a thing, not a
    person: 'my friend, X' is as often a thank-you as a name). Extents are trimmed at a relative or
    new clause, punctuation and leading determiners; a concept's name ('a technique called diffusion') is none."""
    rules = naming_rules()
    out: list[tuple[Span, str | None]] = []
    for tok in doc:
        if tok.lower_ in rules["cue_verbs"] and tok.pos_ in ("VERB", "AUX"):
            out.extend(_named_objects(tok))
        elif tok.dep_ == "appos" and tok.i > tok.head.i and _apposed(tok):
            kind = _kind_type(tok.head)
            named = _extent(tok, tok.left_edge.i, kind) if kind and kind != "Person" else None
            if named is not None and title_shaped(named):  # not another description: 'founder, Times reporter'
                out.append((named, kind))
    out = [part for named, kind in out for part in coordination_parts(named, kind)]
    return [(s, t) for i, (s, t) in enumerate(out)  # once, and not inside another ('Nine Lives Vintage', 'Vintage')
            if not any(o.start <= s.start and s.end <= o.end and (len(o) > len(s) or j < i) for j, (o, _) in enumerate(out) if j != i)]


def coordination_parts(span: Span, kind: str | None) -> list[tuple[Span, str | None]]:
    """The names a named span joined by a conjunction stands for: alternatives ('called Acme AI or
    Beacon AI': two apps), people by their first names ('named Dana and Marcus': two people, typed
    Person); one name otherwise ('a firm called Morgan and Finch', 'Think and Grow Rich')."""
    rules = naming_rules()
    cuts = [t.i for t in span if span.start < t.i < span.end - 1 and t.is_lower and t.lower_ in ("and", *rules["alternatives"])]
    if not cuts:
        return [(span, kind)]
    doc = span.doc
    bounds = [span.start, *cuts, span.end]
    parts = [_trim_name(doc[a + (k > 0):b]) for k, (a, b) in enumerate(zip(bounds, bounds[1:]))]
    if any(p is None for p in parts):
        return [(span, kind)]
    people = all(p[0].text[:1].isupper() and fold(p[0].text) in census_given_names() for p in parts)
    if people:  # (whatever kind noun the parse hung them on: 'founders from the lab, named Dana and Marcus')
        return [(p, "Person") for p in parts if _name_extent(p, "Person")]
    if any(doc[i].lower_ in rules["alternatives"] for i in cuts):
        return [(p, kind) for p in parts if _name_extent(p, kind)]
    return [(span, kind)]


def _named_objects(verb) -> list[tuple[Span, str | None]]:
    """The names a cue verb introduces: its object predicate ('called X'; a participle's attr or dobj
    where the parse gives that), each conjunct apart after a plural kind noun ('companies called X and Y').
    'I called Ryan', 'I called him up' (a subject and no object, a particle) name no one."""
    rules = naming_rules()
    deps = {c.dep_ for c in verb.children}
    # an active subject ('I called Ryan', 'you guys named stuff well') names something only with its object: 'we named the company X'
    caller = any(c.dep_ == "nsubj" and (c.pos_ in ("PRON", "PROPN") or _noun_caller(c, verb)) for c in verb.children)
    # 'you guys named stuff well' read as 'guys (that are) named stuff': a pronoun's group calls, naming nothing
    group = verb.dep_ == "acl" and any(c.dep_ == "nmod" and c.tag_ == "PRP" for c in verb.head.children)
    if "prt" in deps or ((caller and verb.dep_ not in ("acl", "relcl") or group) and "dobj" not in deps):
        return []
    if any(c.lower_ in rules["term_adverbs"] and c.i in (verb.i - 1, verb.i - 2) and all(t.text == "-" for t in c.doc[c.i + 1:verb.i])
           for c in verb.children):
        return []  # 'the so-called AI winter': a term, not a name
    objects = [c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i]
    # a second object with a determiner describes the first ('called Moink, this woman's business'): no name
    objects = objects[:1] + [o for o in objects[1:] if not any(c.dep_ == "det" for c in o.children)]
    if not objects and verb.tag_ == "VBN":
        objects = [c for c in verb.children if c.dep_ in rules["object_deps"] and c.i > verb.i]
    objects = [o for o in objects if o.pos_ != "PRON"]
    unparsed = _unparsed_object(verb) if not objects else None
    kind_noun = _kind_noun(verb)
    if not (objects or unparsed) or (kind_noun is not None and kind_noun.lemma_.lower() in rules["not_kinds"]):
        return []  # 'a technique called diffusion'
    kind = _kind_type(kind_noun) if kind_noun is not None else None
    plural = kind_noun is not None and kind_noun.tag_ in ("NNS", "NNPS")
    out = [(unparsed, kind)] if unparsed is not None and _name_extent(unparsed, kind) else []
    for obj in objects:
        for item in [obj, *(obj.conjuncts if plural else ())]:
            named = _extent(item, max(item.left_edge.i, verb.i + 1), kind, plural)
            if named is not None and _name_extent(named, kind):
                out.append((named, kind))
    return out


def _noun_caller(noun, verb) -> bool:
    """A noun subject that calls something ('you guys named stuff well'), not the kind noun the parser read
    as a subject ('this thing called X', 'a book called X': a participle, or a noun with a determiner)."""
    return noun.pos_ == "NOUN" and verb.tag_ != "VBN" and not any(c.dep_ in ("det", "poss") and c.pos_ == "DET" for c in noun.children)


def _unparsed_object(verb) -> Span | None:
    """The words after a participle the parser gave no object ('it's called beyond labs', 'beyond' read as
    a preposition), up to punctuation, a verb, a pronoun or an end word, ending on a noun; none where the
    verb is another one ('named after', 'called for')."""
    doc, rules = verb.doc, naming_rules()
    if verb.tag_ != "VBN" or verb.i + 1 >= verb.sent.end or doc[verb.i + 1].lower_ in rules["not_after_cue"]:
        return None
    end = verb.i + 1
    while (end < verb.sent.end and end - verb.i <= rules["max_words"] and not doc[end].is_punct
           and doc[end].pos_ not in ("VERB", "AUX", "PRON") and not (end > verb.i + 1 and doc[end].lower_ in rules["end_words"])):
        end += 1
    named = _trim_name(doc[verb.i + 1:end]) if end > verb.i + 1 else None
    return named if named is not None and named[-1].pos_ in ("NOUN", "PROPN", "NUM") else None


def _kind_noun(verb):
    """The noun a cue verb names: 'a book called X' (the participle's head), 'the company is called X'
    (its passive subject), 'we named the company X' (its object), 'a startup which is called X'."""
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    for child in verb.children:  # 'this book called X' parsed as a subject: the kind noun all the same
        if child.dep_ in ("nsubjpass", "dobj", "nsubj") and child.pos_ == "NOUN":
            return child
        if child.dep_ == "nsubjpass" and child.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
            return verb.head
    return None


def _kind_type(noun) -> str | None:
    """The type a kind noun gives the name it introduces ('book': Product, 'guy': Person), if any."""
    kinds = naming_rules()["kinds"]
    compounds = [c for c in noun.children if c.dep_ == "compound"]  # 'a book recommendation called X'
    return next((kinds[w] for t in (noun, *compounds) for w in (t.lemma_.lower(), t.lower_) if w in kinds), None)


def _apposed(tok) -> bool:
    """An apposition set off by a comma or a dash right after its kind noun, which is no indefinite or
    plural one (said of a list, or before a vocative, more often than of a name: 'a state, a sovereign
    state, X', 'all the apps, Jess'): "X's book, Y"."""
    between = tok.doc[tok.head.i + 1:tok.left_edge.i]
    if tok.head.tag_ in ("NNS", "NNPS") or any(
            c.dep_ == "det" and c.lower_ in ("a", "an", "another", "any", "some") for c in tok.head.children):
        return False
    return len(between) >= 1 and all(t.is_punct and t.text in (",", "-", "—", "–", ":") for t in between)


def _extent(head, start: int, kind: str | None, plural: bool = False) -> Span | None:
    """The words of ``head``'s subtree from ``start`` on, up to what ends a name (see :func:`_ends_name`),
    a capitalised title going on past the parse's phrase, without leading determiners or trailing stop
    words. None when a leading 'a'/'an' makes it a description ('called a slave', 'called an RL environment')."""
    doc = head.doc
    end = start
    while end <= head.right_edge.i and end < head.sent.end and not _ends_name(doc[end], head, start, kind, plural):
        end += 1
    if end > start and not plural and (end == head.right_edge.i + 1 or doc[end].lower_ in naming_rules()["title_connectors"]):
        end = _title_goes_on(doc, start, end, head.sent.end)
    named = _trim_name(doc[start:end]) if end > start else None
    if named is not None and named.start > start and doc[named.start - 1].lower_ in ("a", "an"):
        return None  # 'called a slave', 'what's called an RL environment': a description
    return named


def _ends_name(tok, head, start: int, kind: str | None, plural: bool) -> bool:
    """Whether ``tok`` ends a name: punctuation (but a hyphen or apostrophe inside a word), a lower-case
    relative, filler or pronoun word, 'I', a new clause, a date, a place phrase, a preposition in a
    person's name, a conjunction before a pronoun or a verb (or any, after a plural kind noun)."""
    rules = naming_rules()
    doc = tok.doc
    if tok.is_punct:
        inside = tok.i > start and not doc[tok.i - 1].whitespace_ and not tok.whitespace_
        return not (inside and tok.text in ("-", "&", "'", "’", "."))
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if tok.text == "I" or (tok.i > start and tok.is_lower and tok.lower_ in rules["end_words"]):
        return True
    if tok.ent_type_ in ("DATE", "TIME") and tok.is_lower:
        return True
    if tok.pos_ == "ADP" and tok.is_lower and tok.i > start and tok.lower_ not in ("of", "for", "de") and not (
            tok.lower_ in rules["title_connectors"] and nxt is not None and _title_word(nxt)
            and nxt.ent_type_ not in ("GPE", "LOC", "DATE", "TIME")):
        return True  # 'Neurit Weisblatt | on Substack', 'Labs | at Google'
    if tok.lower_ in ("and", "or", "but") and (plural or nxt is None or nxt.pos_ in ("PRON", "VERB", "AUX", "DET")):
        return True
    if tok.lower_ in PLACE_PREPOSITIONS and tok.is_lower and nxt is not None and nxt.ent_type_ in ("GPE", "LOC"):
        return True  # 'a company called Acme in Boston'
    node = tok
    while node.i != head.i:
        if node.dep_ in rules["clause_deps"] or node.head.i == node.i:
            return True
        node = node.head
    return False


def _title_goes_on(doc: Doc, start: int, end: int, sent_end: int) -> int:
    """Where a capitalised name goes on past the parse's phrase ('Mothers | Against Drunk Driving', 'The
    Courage | to Be Disliked'): capitalised words, and connectors between two of them (not a place)."""
    if not doc[start].text[:1].isupper() or not (doc[end - 1].text[:1].isupper() or doc[end - 1].like_num):
        return end
    connectors = naming_rules()["title_connectors"]
    while end < sent_end and (_title_word(doc[end]) or (
            doc[end].lower_ in connectors and end + 1 < sent_end and _title_word(doc[end + 1])
            and doc[end + 1].ent_type_ not in ("GPE", "LOC", "DATE", "TIME"))):
        end += 1
    return end


def _title_word(tok) -> bool:
    """A capitalised word (not 'I') that may go on a title."""
    return tok.is_alpha and tok.text[:1].isupper() and tok.text != "I"


def _trim_name(span: Span) -> Span | None:
    """The span without leading lower-case determiners and fillers, trailing stop words, possessives
    and lower-case adverbs."""
    rules = naming_rules()
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].is_lower and doc[start].lower_ in rules["leading_words"] or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "s")
                           or (doc[end - 1].is_lower and (doc[end - 1].is_stop or doc[end - 1].pos_ in ("ADV", "ADP", "CCONJ")))):
        end -= 1
    return doc[start:end] if end > start else None


def _name_extent(span: Span, kind: str | None) -> bool:
    """A sensible name: one to ``max_words`` words, not a pronoun or a number alone; starting in lower
    case only after a kind noun ('a podcast called x') or ending on a company head ('acme labs')."""
    rules = naming_rules()
    words = [t for t in span if not t.is_punct and t.lower_ not in ("'s", "’s")]
    if not 1 <= len(words) <= rules["max_words"] or all(t.like_num for t in words):
        return False
    if len(words) == 1 and (words[0].pos_ == "PRON" or words[0].is_stop):
        return False
    if span[0].is_lower:
        if span[-1].pos_ not in ("NOUN", "PROPN", "NUM", "X") or any(t.pos_ in ("VERB", "AUX") for t in span):
            return False  # 'guys named X and Y | come to Candler': a verb, not a name
        return kind is not None or (len(words) > 1 and span.text.islower() and words[-1].lower_ in rules["lower_case_heads"])
    return True


def title_shaped(span: Span) -> bool:
    """Capitalised words (or numbers), with connectors between them only: 'Mothers Against Drunk Driving'."""
    connectors = naming_rules()["title_connectors"]
    return span[0].text[:1].isupper() and span[-1].text[:1].isupper() and all(
        t.text[:1].isupper() or t.like_num or t.is_punct or t.lower_ in connectors or t.lower_ in ("'s", "’s") for t in span)


def naming_kind(span: Span) -> str | None:
    """The type the kind noun of a name the speaker introduces gives ``span`` ('a company named X':
    Organization), when a cue verb just before it, or an apposition in it, introduces it."""
    rules = naming_rules()
    for tok in span.doc[max(span.sent.start, span.start - 4):span.start]:
        if tok.lower_ in rules["cue_verbs"] and tok.pos_ in ("VERB", "AUX"):
            kind = next((k for s, k in _named_objects(tok) if s.start == span.start), None)
            if kind:
                return kind
    appos = next((t for t in span if t.dep_ == "appos" and t.head.i < span.start), None)
    return _kind_type(appos.head) if appos is not None and _apposed(appos) else None


def take_named(found: _Found, named: list[tuple[Span, str | None]], maybes: list, stop: frozenset[str],
               given: frozenset[str]) -> None:
    """Take the names a speaker introduces (:func:`naming_spans`) as candidates ('named'), whole, typed
    by their kind noun (else NER's type of the span, a head word, a first name, Organization). A known
    name holding any of it wins, but one heard by sound inside a longer one gives way; an ordinary-word
    lexicon name (``maybes``: span, entry, label) said as the whole of it is that name ('a podcast
    called acquired')."""
    longer = {(s.start, s.end) for s in found.longer}
    for span, kind in named:
        if (span.start, span.end) in longer:
            _heard_inside(found, span)
        if not found.free(span.start, span.end) or fold(span.text) in stop:
            continue
        same = [e for sp, e, _ in maybes if (sp.start, sp.end) == (span.start, span.end)]
        if same:  # (a maybe at these offsets would rename an unknown candidate: the entry or nothing)
            entry = next((e for e in same if kind in (None, e.top_type)), None)
            if entry is not None:
                found.take(span, entry.top_type, entry.key, ("exact-context", 0.9, entry.label))
            continue
        ner = next((NER_TYPES[e.label_] for e in found.doc.ents if (e.start, e.end) == (span.start, span.end)
                    and e.label_ in NER_TYPES), None)
        person = len(span) > 1 and fold(span[0].text) in given and not span.text.islower()
        as_type = kind or ner or head_type(span) or ("Person" if person else "Organization")
        found.take(span, as_type, "", ("named", 0.6, _display_name(span)))


def _heard_inside(found: _Found, span: Span) -> None:
    """Known names heard by sound inside a longer name the speaker introduces give it their words
    ('a company named Corvane Robotics' is not Carvana and a word)."""
    inside = [s for s in found.spans if span.start <= s.start and s.end <= span.end and len(s) < len(span)
              and (s._.kg_match or ("exact",))[0] not in ("exact", "exact-context")]
    for s in inside:
        found.release(s)
