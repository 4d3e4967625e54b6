"""One episode in, one small :class:`EpisodeResult` out: the per-episode stage of a build.

A pure function of the transcript and the options, so a process pool, a Dask cluster or a cache can
run and keep it; it returns no spaCy objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .entities import resolve
from .lexicon import load_lexicon
from .model import EpisodeInfo, EpisodeResult
from .nlp import load_pipeline
from .read.language import LanguageGuess, guess
from .relations import RelationExtractor
from .speakers import identify_speakers
from .transcript import Episode, read_transcript

@dataclass(frozen=True)
class Options:
    """Everything besides the transcript that changes what is extracted."""

    threshold: float = 0.8
    lexicons: tuple[str, ...] = ()
    input_format: str | None = None
    language: str = "auto"  # 'auto': skip what is not English; 'en': build every transcript as English


def language_of(episode: Episode) -> LanguageGuess:
    """What the language check makes of the episode's first 400 lines (kg's pipeline is English only)."""
    return guess(" ".join(u.text for u in episode.utterances[:400]))


def is_english(episode: Episode) -> bool:
    """False when the transcript is mostly not English: another script, or few English function words."""
    return language_of(episode).english


def extract_episode(episode: Episode, options: Options = Options()) -> EpisodeResult:
    """Entities, speakers and facts of one episode."""
    info = EpisodeInfo(episode.stem, episode.source, episode.title, episode.show, episode.date, episode.media_url,
                       utterances=len(episode.utterances), words=sum(len(u.text.split()) for u in episode.utterances))
    if options.language != "en":
        lang = language_of(episode)
        if not lang.english:
            info.language = "other"
            return EpisodeResult(info)
    nlp = load_pipeline(options.threshold, options.lexicons)
    lexicon = load_lexicon(options.lexicons)
    header, body = episode.header_turns(), episode.turns()
    turns = header + body
    docs = list(nlp.pipe([t.text for t in header], component_cfg={"kg_mentions": {"written": True}}))
    docs += list(nlp.pipe([t.text for t in body], batch_size=64))
    entities, located = resolve(turns, docs, lexicon, episode.show)
    speakers = identify_speakers(turns, docs, located, entities, lexicon, episode.show, episode.speaker_names)
    facts = relation_extractor(options).extract(turns, docs, located, entities, speakers)
    return EpisodeResult(info, entities, speakers, facts)


@lru_cache(maxsize=4)
def relation_extractor(options: Options) -> RelationExtractor:
    """The rule matcher for these options, built once per process (not once per episode)."""
    nlp = load_pipeline(options.threshold, options.lexicons)
    return RelationExtractor(nlp.vocab, load_lexicon(options.lexicons))


def extract_file(path: str, options: Options = Options()) -> EpisodeResult:
    """Read and extract one transcript file."""
    return extract_episode(read_transcript(path, options.input_format), options)
