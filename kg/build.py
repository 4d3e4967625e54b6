"""A build: transcript files -> one extraction per episode -> merge -> output files.

The library entry points (:func:`build_graph_from_files`, :func:`build`) are what the CLI calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .errors import InputError
from .exports import to_graphml, to_json
from .extract import Options, extract_episode
from .graph import build_graph
from .io import prepare_output_dir, write_atomic
from .model import EpisodeResult
from .rdf import serialize, to_dataset
from .resources import DEFAULT_BASE
from .transcript import Episode, read_transcript
from .view import to_html

OUTPUT_FORMATS = ("ttl", "nt", "jsonld", "trig", "nq", "graphml", "json", "html")
DEFAULT_FORMATS = ("ttl", "jsonld", "html")
TRANSCRIPT_SUFFIXES = {".txt", ".md", ".vtt", ".srt", ".json"}


@dataclass
class BuildReport:
    """What a build did: files written, episodes skipped (not English) and failures (one line each)."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    results: list[EpisodeResult] = field(default_factory=list)


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus the transcripts in named folders (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in TRANSCRIPT_SUFFIXES
                              and not f.name.startswith(".") and f.name != "CORPUS.tsv"))
        else:
            out.append(p)
    return out


def render(g: nx.MultiDiGraph, fmt: str, base: str = DEFAULT_BASE, title: str = "kg") -> str:
    """One output format of a graph as text."""
    if fmt == "graphml":
        return to_graphml(g)
    if fmt == "json":
        return to_json(g)
    if fmt == "html":
        return to_html(g, title=title)
    return serialize(to_dataset(g, base), fmt)


def build(paths: Iterable[str | Path], out_dir: str | Path, formats: Iterable[str] = DEFAULT_FORMATS,
          options: Options = Options(), base: str = DEFAULT_BASE,
          progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build every transcript into ``out_dir/<stem>.<format>``.

    Unreadable inputs are reported, not fatal for the others; nothing is written for them.
    """
    report = BuildReport()
    inputs = expand_inputs(paths)
    if not inputs:
        raise InputError("no transcripts given")
    episodes: list[Episode] = []
    for path in inputs:
        try:
            episodes.append(read_transcript(path, options.input_format))
        except InputError as exc:
            report.failures.append(str(exc))
    if not episodes:
        return report
    out = prepare_output_dir(Path(out_dir))
    for episode in episodes:
        try:
            result = extract_episode(episode, options)
        except Exception as exc:  # one bad episode must not stop a collection
            report.failures.append(f"{episode.source}: extraction failed ({type(exc).__name__}: {exc})")
            continue
        if result.episode.language != "en":
            report.skipped.append(f"{episode.source}: not English, skipped")
            continue
        report.results.append(result)
        g = build_graph([result])
        for fmt in formats:
            target = out / f"{episode.stem}.{fmt}"
            write_atomic(target, render(g, fmt, base, title=episode.title or episode.stem))
            report.written.append(target)
        if progress:
            progress(f"{episode.stem}: {len(result.entities)} entities, {len(result.facts)} facts")
    return report


def build_graph_from_files(paths: Iterable[str | Path], options: Options = Options()) -> nx.MultiDiGraph:
    """Read, extract and merge transcripts into one in-memory graph (no files written)."""
    results = [extract_episode(read_transcript(p, options.input_format), options) for p in expand_inputs(paths)]
    return build_graph([r for r in results if r.episode.language == "en"])
