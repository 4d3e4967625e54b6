#!/usr/bin/env python3
"""Run kg over a whole corpus through the library and report what it found, what failed and how fast.

    python bench/bench_corpus.py [CORPUS_DIR] [--jobs N] [--limit N]

CORPUS_DIR defaults to ../shared/corpus. Each transcript is read (kg.read.read_transcript) and
extracted (kg.extract.episode.extract_episode), as ``kg build`` does, but nothing is written. Prints one row
per show (episodes, skipped non-English episodes, entities, relations, words), every failure with
its file and cause, and the total time and words per second. Shows come from CORPUS.tsv when the
folder has one, else from the transcript header.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import traceback
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.build import expand_inputs  # noqa: E402
from kg.errors import InputError  # noqa: E402
from kg.extract.episode import Options, extract_episode  # noqa: E402
from kg.extract.names.lexicon import load_lexicon  # noqa: E402
from kg.extract.nlp import load_pipeline  # noqa: E402
from kg.read import read_transcript  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class Outcome:
    """What one transcript gave: counts, or the one-line cause of its failure."""

    file: str
    show: str | None
    language: str = "en"
    entities: int = 0
    relations: int = 0
    words: int = 0
    seconds: float = 0.0
    error: str | None = None


def run_one(path: Path, options: Options = Options()) -> Outcome:
    """Read and extract one transcript; never raises (a failure is recorded with its cause)."""
    start = time.perf_counter()
    try:
        episode = read_transcript(path, options.input_format)
    except InputError as exc:
        return Outcome(path.name, None, error=f"unreadable: {exc}")
    try:
        result = extract_episode(episode, options)
    except Exception as exc:  # the point of the bench is to see every failure
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
        return Outcome(path.name, episode.show, error=f"{type(exc).__name__}: {exc} (at {where})",
                       seconds=time.perf_counter() - start)
    info = result.episode
    return Outcome(path.name, episode.show, info.language, len(result.entities), len(result.facts), info.words,
                   time.perf_counter() - start)


def shows_of(corpus: Path) -> dict[str, str]:
    """file name -> show, from the corpus's CORPUS.tsv (empty without one)."""
    index = corpus / "CORPUS.tsv"
    if not index.is_file():
        return {}
    with index.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row["show"] for row in csv.DictReader(fh, delimiter="\t")}


def report(outcomes: list[Outcome], shows: dict[str, str], elapsed: float) -> str:
    """The per-show table, the failures and the totals, as text."""
    rows: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        rows[shows.get(o.file) or o.show or "?"].append(o)
    lines = [f"{'show':40} {'episodes':>8} {'skipped':>7} {'failed':>6} {'entities':>8} {'relations':>9} {'words':>9}"]
    for show in sorted(rows, key=str.casefold):
        group = rows[show]
        done = [o for o in group if o.error is None and o.language == "en"]
        lines.append(f"{show[:40]:40} {len(done):8} {sum(o.error is None and o.language != 'en' for o in group):7} "
                     f"{sum(o.error is not None for o in group):6} {sum(o.entities for o in done):8} "
                     f"{sum(o.relations for o in done):9} {sum(o.words for o in done):9}")
    done = [o for o in outcomes if o.error is None and o.language == "en"]
    skipped = [o for o in outcomes if o.error is None and o.language != "en"]
    failed = [o for o in outcomes if o.error is not None]
    words = sum(o.words for o in done)
    lines.append(f"{'total':40} {len(done):8} {len(skipped):7} {len(failed):6} {sum(o.entities for o in done):8} "
                 f"{sum(o.relations for o in done):9} {words:9}")
    lines.append("")
    lines.append(f"failures ({len(failed)}):" + ("" if failed else " none"))
    lines.extend(f"  {o.file}: {o.error}" for o in failed)
    lines.append(f"skipped as not English ({len(skipped)})")
    slowest = max(done, key=lambda o: o.seconds, default=None)
    lines.append("")
    lines.append(f"{len(outcomes)} transcripts in {elapsed:.1f} s wall, {words / elapsed if elapsed else 0:.0f} words/s"
                 f" ({sum(o.seconds for o in outcomes):.1f} s of extraction"
                 + (f"; slowest {slowest.file} {slowest.seconds:.1f} s" if slowest else "") + ")")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the bench; exit status 1 when a transcript failed."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of transcripts")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: single-core throughput)")
    ap.add_argument("--limit", type=int, help="only the first N transcripts")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench_corpus: {args.corpus}: no such folder", file=sys.stderr)
        return 2
    paths = expand_inputs([args.corpus])[: args.limit]
    startup = time.perf_counter()
    options = Options()
    load_pipeline(options.threshold, options.lexicons)  # once per process; timed apart from the corpus
    load_lexicon(options.lexicons)
    startup = time.perf_counter() - startup
    print(f"pipeline and lexicon loaded in {startup:.1f} s", file=sys.stderr)
    start = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            outcomes = list(pool.map(run_one, paths))
    else:
        outcomes = []
        for i, path in enumerate(paths, 1):
            outcomes.append(run_one(path))
            print(f"[{i}/{len(paths)}] {path.name}: {outcomes[-1].error or f'{outcomes[-1].seconds:.1f} s'}",
                  file=sys.stderr)
    print(report(outcomes, shows_of(args.corpus), time.perf_counter() - start))
    print(f"(plus {startup:.1f} s to load the pipeline and lexicon once"
          + (f"; each of the {args.jobs} workers loads its own" if args.jobs > 1 else "") + ")")
    return 1 if any(o.error for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
