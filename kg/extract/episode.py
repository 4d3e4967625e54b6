"""One episode in, one small :class:`EpisodeResult` out: the per-episode stage of a build.

A pure function of the transcript and the options, so a process pool, a Dask cluster or a cache can
run and keep it; it returns no spaCy objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.tokens import Doc

from kg.extract.names.casing import LINE_STARTS, capitalised_line_starts
from kg.extract.names.entities import link_same_as, resolve
from kg.extract.names.linking import Linker, default_linker
from kg.extract.names.lexicon import load_lexicon
from kg.model import EpisodeInfo, EpisodeResult
from kg.extract.nlp import load_pipeline
from kg.read.language import guess
from kg.extract.relations.extract import RelationExtractor
from kg.extract.speakers.identify import identify_speakers
from kg.read import Episode, read_transcript

BATCH_TURNS = 64  # turns per nlp.pipe batch
# characters per batch: the models' working memory grows with the tokens of a batch (~15 KB a token at the
# peak of tok2vec and of the NER's own tok2vec), so a batch of long turns is cut short
BATCH_CHARS = 50_000

@dataclass(frozen=True)
class Options:
    """Everything besides the transcript that changes what is extracted."""

    threshold: float = 0.8
    lexicons: tuple[str, ...] = ()
    input_format: str | None = None
    language: str = "auto"  # 'auto': skip what is not English; 'en': build every transcript as English
    accept: float | None = None  # the linker's acceptance threshold (None: the one its weights file gives)


@dataclass
class Parsed:
    """An episode after the spaCy pass: its turns (header first) and their Docs, ready for linking."""

    episode: Episode
    info: EpisodeInfo
    turns: list
    docs: list

    def copy(self) -> Parsed:
        """A copy whose Docs may be linked again (the relation stage merges tokens in place)."""
        return Parsed(self.episode, self.info, self.turns, [d.copy() for d in self.docs])


def is_english(episode: Episode) -> bool:
    """False when the transcript is mostly not English: another script, or few English function words."""
    return guess(" ".join(u.text for u in episode.utterances[:400])).english


def parse_episode(episode: Episode, options: Options = Options()) -> Parsed:
    """The spaCy pass over one episode (the costly part); no turns when the episode is not English."""
    info = EpisodeInfo(episode.stem, episode.source, episode.title, episode.show, episode.date, episode.media_url,
                       utterances=len(episode.utterances), words=sum(len(u.text.split()) for u in episode.utterances))
    if options.language != "en" and not is_english(episode):
        info.language = "other"
        return Parsed(episode, info, [], [])
    nlp = load_pipeline(options.threshold, options.lexicons)
    header, body = episode.header_turns(), episode.turns()
    docs = [light(d) for d in nlp.pipe([t.text for t in header], component_cfg={"kg_mentions": {"written": True}})]
    line_starts = iter(capitalised_line_starts(body))
    for batch in batches([t.text for t in body]):
        made = [nlp.make_doc(text) for text in batch]
        for doc in made:
            doc.user_data[LINE_STARTS] = next(line_starts)  # where a capital is the tool's, for the mention finder
        docs += [light(d) for d in nlp.pipe(made, batch_size=BATCH_TURNS)]
    return Parsed(episode, info, header + body, docs)


def batches(texts: list[str], turns: int = BATCH_TURNS, chars: int = BATCH_CHARS) -> Iterator[list[str]]:
    """``texts`` in order, in batches of at most ``turns`` texts and ``chars`` characters (a longer text
    alone): what bounds the models' working memory on an episode of very long turns."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) == turns or size + len(text) > chars):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def light(doc: Doc) -> Doc:
    """``doc`` without its tok2vec tensor (~400 bytes a token, which nothing after the pipeline reads)."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def link_episode(parsed: Parsed, options: Options = Options(), linker: Linker | None = None) -> EpisodeResult:
    """Entities (decided by ``linker``, default: the fitted weights), speakers and facts of a parsed episode."""
    if parsed.info.language != "en":
        return EpisodeResult(parsed.info)
    lexicon = load_lexicon(options.lexicons)
    linker = linker or default_linker(options.accept)
    turns, docs = parsed.turns, parsed.docs
    entities, located, decisions = resolve(turns, docs, lexicon, parsed.episode.show, linker)
    speakers = identify_speakers(turns, docs, located, entities, lexicon, parsed.episode.show,
                                 parsed.episode.speaker_names, parsed.episode.stem)
    facts = relation_extractor(options).extract(turns, docs, located, entities, speakers)
    link_same_as(entities, lexicon)  # after the relations, which may add entities
    return EpisodeResult(parsed.info, entities, speakers, facts, decisions)


def extract_episode(episode: Episode, options: Options = Options()) -> EpisodeResult:
    """Entities, speakers and facts of one episode."""
    return link_episode(parse_episode(episode, options), options)


@lru_cache(maxsize=4)
def relation_extractor(options: Options) -> RelationExtractor:
    """The rule matcher for these options, built once per process (not once per episode)."""
    nlp = load_pipeline(options.threshold, options.lexicons)
    return RelationExtractor(nlp.vocab, load_lexicon(options.lexicons))


def extract_file(path: str, options: Options = Options()) -> EpisodeResult:
    """Read and extract one transcript file."""
    return extract_episode(read_transcript(path, options.input_format), options)
