"""A build: transcript files -> one extraction per episode -> merge -> output files.

The per-episode stage (:func:`kg.executors.process_episode`) runs in this process, in ``-j N``
worker processes or on a Dask cluster; results are cached by content (:mod:`kg.cache`), so a
rebuild processes only the episodes whose transcript (or kg, its data or the options) changed.
Results are merged in sorted stem order, so the bytes written never depend on the executor, the
number of workers or the order in which inputs are given.

The library entry points (:func:`build_graph_from_files`, :func:`build`) are what the CLI calls.
"""

from __future__ import annotations

import errno
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from kg.cache import Cache, episode_key, options_digest
from kg.errors import InputError
from kg.executors import Executor, Job, SerialExecutor
from kg.extract.episode import Options, extract_episode
from kg.graph.merge import build_graph
from kg.io import prepare_output_dir, write_all, write_atomic
from kg.model import EpisodeResult
from kg.progress import Progress
from kg.graph.render import render, render_collection
from kg.resources import DEFAULT_BASE
from kg.read import MAX_INPUT_BYTES, Episode, parse_transcript, read_bytes, read_transcript

OUTPUT_FORMATS = ("ttl", "nt", "jsonld", "trig", "nq", "graphml", "json", "html")
DEFAULT_FORMATS = ("ttl", "jsonld", "html")
TRANSCRIPT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".vtt", ".srt", ".json", ".csv", ".tsv"}
MAX_STEM_BYTES = 255 - len(".graphml") - len("..12345678.tmp")  # NAME_MAX less the longest suffix and temp name
COLLECTION_NAME = "collection"
COLLECTION_FORMATS = ("trig", "nq")
MANIFEST_VERSION = 1


@dataclass
class BuildReport:
    """What a build did: files written, episodes skipped (not English) and failures (one line each).

    ``processed`` names the episodes (stems) that were extracted in this run, ``cached`` those read
    back from the cache; ``unchanged`` the output files left as they were because they were already
    up to date.
    """

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    results: list[EpisodeResult] = field(default_factory=list)
    processed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    collection: list[Path] = field(default_factory=list)


def expand_inputs(paths: Iterable[str | Path], errors: list[str] | None = None) -> list[Path]:
    """Files named, plus the transcripts in named folders (sorted; regular files only).

    A path that cannot be looked at (a name too long, a folder that cannot be listed) is one line in
    ``errors`` when given, else an :class:`InputError`.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        try:
            if p.is_dir():
                out.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in TRANSCRIPT_SUFFIXES
                                  and not f.name.startswith(".") and f.name != "CORPUS.tsv" and f.is_file()))
            else:
                out.append(p)
        except OSError as exc:
            message = _path_error(p, exc)
            if errors is None:
                raise InputError(message) from None
            errors.append(message)
    return out


def _path_error(path: Path, exc: OSError) -> str:
    shown = str(path) if len(str(path)) <= 120 else str(path)[:100] + "..."
    if exc.errno == errno.ENAMETOOLONG:
        return f"{shown}: file name too long"
    return f"{shown}: cannot read ({exc.strerror or exc})"


def _check_stem(path: Path) -> None:
    """Refuse a name that is not UTF-8, or whose output files (stem + '.graphml' and a temp name beside
    it) the file system cannot hold."""
    try:
        stem = path.stem.encode("utf-8")
    except UnicodeEncodeError:
        shown = str(path).encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise InputError(f"{shown}: file name is not valid UTF-8 (rename it)") from None
    if len(stem) > MAX_STEM_BYTES:
        raise InputError(f"{str(path)[:100]}...: file name too long for its output files (rename it)")


def _words(episode: Episode) -> int:
    return sum(len(u.text.split()) for u in episode.utterances)


class _Manifest:
    """Which output files this build wrote, from which inputs: lets a rebuild leave up-to-date files alone.

    Kept in the cache folder, one JSON file per output folder: file name -> (render key, size, mtime).
    A file counts as up to date only if it still has the size and modification time recorded.
    """

    def __init__(self, cache: Cache, out: Path):
        self.path: Path | None = None
        self.entries: dict[str, list] = {}
        if cache.directory is None:
            return
        folder_id = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:32]
        self.path = cache.directory / "outputs" / f"{folder_id}.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == MANIFEST_VERSION:
                self.entries = data.get("files", {})
        except (OSError, ValueError, AttributeError):
            self.entries = {}

    def fresh(self, target: Path, key: str) -> bool:
        """True when ``target`` was written from ``key`` and has not been touched since."""
        if self.path is None:
            return False
        entry = self.entries.get(target.name)
        if not entry or entry[0] != key:
            return False
        try:
            st = target.stat()
        except OSError:
            return False
        return [st.st_size, st.st_mtime_ns] == entry[1:]

    def record(self, target: Path, key: str) -> None:
        """Remember that ``target`` now holds the rendering of ``key``."""
        if self.path is None:
            return
        try:
            st = target.stat()
        except OSError:
            return
        self.entries[target.name] = [key, st.st_size, st.st_mtime_ns]

    def save(self) -> None:
        """Write the manifest (silently skipped when the cache folder is not writable)."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps({"version": MANIFEST_VERSION, "files": self.entries}, sort_keys=True))
        except (OSError, InputError):
            pass


def _render_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def build(paths: Iterable[str | Path], out_dir: str | Path, formats: Iterable[str] = DEFAULT_FORMATS,
          options: Options = Options(), base: str = DEFAULT_BASE,
          progress: Progress | Callable[[str], None] | None = None,
          executor: Executor | None = None, cache: Cache | str | Path | None = None,
          collection: bool = True, max_input_bytes: int = MAX_INPUT_BYTES) -> BuildReport:
    """Build every transcript into ``out_dir/<stem>.<format>``, plus the collection dataset.

    ``executor`` runs the per-episode stage (default: in this process); ``cache`` is a
    :class:`~kg.cache.Cache` or a folder for one (default: no cache). When two or more episodes are
    built, ``out_dir/collection.trig`` and ``out_dir/collection.nq`` hold all of them: one named
    graph per episode and the merged entities in the default graph. Unreadable inputs are reported,
    not fatal for the others; nothing is written for them. Inputs larger than ``max_input_bytes``
    are refused.
    """
    formats = tuple(dict.fromkeys(formats))
    report = BuildReport()
    cache = cache if isinstance(cache, Cache) else Cache(cache)
    if progress is None or callable(progress) and not isinstance(progress, Progress):
        progress = _CallbackProgress(progress)
    inputs = expand_inputs(paths, report.failures)
    if not inputs and not report.failures:
        raise InputError("no transcripts given")
    plan = _plan(inputs, options, cache, max_input_bytes, report.failures)
    if not plan.episodes:
        return report
    out = prepare_output_dir(Path(out_dir))
    sink = _EpisodeSink(plan, out, formats, base, _Manifest(cache, out), report, progress)
    todo = [(i, episode) for i, episode in enumerate(plan.episodes) if i not in plan.results]
    progress.start(len(plan.episodes), sum(sink.words[i] for i, _ in todo), cached=len(plan.results))
    try:
        for i in sorted(plan.results):
            sink.finish(i, plan.results[i], None, True)
        if todo:
            _extract(todo, executor or SerialExecutor(), Job(options, formats, base), cache, sink)
        english = sorted((i for i, r in plan.results.items() if r.episode.language == "en"),
                         key=lambda i: plan.episodes[i].stem)
        if collection and len(english) >= 2:
            _write_collection(out, [plan.results[i] for i in english], [plan.keys[i] for i in english], base,
                              sink.manifest, report)
    finally:
        sink.manifest.save()
        progress.finish()
    report.results.sort(key=lambda r: r.episode.stem)
    return report


@dataclass
class _Plan:
    """The episodes a build will write (sorted by file name), their cache keys, and the results the cache
    already holds (by episode index)."""

    episodes: list[Episode] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    results: dict[int, EpisodeResult] = field(default_factory=dict)


def _plan(inputs: list[Path], options: Options, cache: Cache, max_input_bytes: int, failures: list[str]) -> _Plan:
    """Decide which inputs become episodes: each readable, well-named file once, in file-name order; an
    unreadable one, or a second file with an episode's stem, is one line in ``failures``. A transcript
    whose bytes the cache knows is not parsed again: its cached result says all."""
    plan = _Plan()
    opt_hash = options_digest(options)
    seen: dict[str, Path] = {}
    for path in sorted(set(inputs), key=lambda p: (p.name, str(p))):
        try:
            _check_stem(path)
            content = read_bytes(path, max_input_bytes)
            key = episode_key(content, path.name, options, opt_hash)
            hit = cache.get(key) if cache.enabled else None
            episode = parse_transcript(path, content, options.input_format) if hit is None else Episode(source=str(path), stem=path.stem)
        except InputError as exc:
            failures.append(str(exc))
            continue
        except OSError as exc:
            failures.append(_path_error(path, exc))
            continue
        if episode.stem in seen:
            failures.append(f"{path}: same name as {seen[episode.stem]}; not built (rename one of them)")
            continue
        seen[episode.stem] = path
        if hit is not None:
            hit.episode.source = episode.source
            plan.results[len(plan.episodes)] = hit
        plan.episodes.append(episode)
        plan.keys.append(key)
    return plan


def _extract(todo: list[tuple[int, Episode]], runner: Executor, job: Job, cache: Cache, sink: _EpisodeSink) -> None:
    """Run the per-episode stage on the episodes the cache did not hold, biggest first (so the last tasks
    to finish are short ones and workers end together); each result is cached and written as it comes,
    a failure is one line in the report."""
    words, episodes = sink.words, sink.plan.episodes
    todo.sort(key=lambda t: (-words[t[0]], t[1].stem))
    for done in runner.run(todo, job):
        if done.error is not None or done.result is None:
            sink.report.failures.append(done.error or f"{episodes[done.index].source}: no result")
            sink.progress.advance(episodes[done.index].stem, words[done.index], note="failed")
            continue
        result = done.result
        result.episode.source = episodes[done.index].source
        cache.put(sink.plan.keys[done.index], result)
        sink.plan.results[done.index] = result
        sink.finish(done.index, result, done.outputs, False)


class _EpisodeSink:
    """Where finished episodes go: their output files (rendered here unless a worker did), the report and
    the progress line."""

    def __init__(self, plan: _Plan, out: Path, formats: tuple[str, ...], base: str, manifest: _Manifest,
                 report: BuildReport, progress: Progress):
        self.plan, self.out, self.formats, self.base = plan, out, formats, base
        self.manifest, self.report, self.progress = manifest, report, progress
        self.words = {i: plan.results[i].episode.words if i in plan.results else _words(ep)
                      for i, ep in enumerate(plan.episodes)}

    def finish(self, i: int, result: EpisodeResult, outputs: dict[str, str] | None, was_cached: bool) -> None:
        """Report episode ``i`` and write its files; a non-English episode is skipped, not written."""
        episode = self.plan.episodes[i]
        (self.report.cached if was_cached else self.report.processed).append(episode.stem)
        if result.episode.language != "en":
            self.report.skipped.append(f"{episode.source}: not English, skipped (--language en builds it anyway)")
            self.progress.advance(episode.stem, self.words[i], cached=was_cached, note="not English, skipped")
            return
        self.report.results.append(result)
        _write_recorded(self._pending(i, result, outputs), self.manifest, self.report)
        self.progress.advance(episode.stem, self.words[i], cached=was_cached,
                              note=f"{len(result.entities)} entities, {len(result.facts)} facts")

    def _pending(self, i: int, result: EpisodeResult, outputs: dict[str, str] | None) -> dict[Path, tuple[str, str]]:
        """The files of episode ``i`` to write (target -> text, render key): all of them, or for a cached
        result only those not still fresh on disk (which count as unchanged). A worker's rendering is
        used when it gave one; the graph is built at most once for the others."""
        episode = self.plan.episodes[i]
        g = None
        pending: dict[Path, tuple[str, str]] = {}  # all of an episode's files are written, or none
        for fmt in self.formats:
            target = self.out / f"{episode.stem}.{fmt}"
            rkey = _render_key(self.plan.keys[i], fmt, self.base)
            if outputs is None and self.manifest.fresh(target, rkey):
                self.report.unchanged.append(target)
                continue
            if outputs is not None and fmt in outputs:
                text = outputs[fmt]
            else:
                g = g if g is not None else build_graph([result])
                text = render(g, fmt, self.base, title=result.episode.title or episode.stem)
            pending[target] = (text, rkey)
        return pending


def _write_collection(out: Path, results: list[EpisodeResult], keys: list[str], base: str, manifest: _Manifest,
                      report: BuildReport) -> None:
    stems = {r.episode.stem for r in results}
    name = COLLECTION_NAME if COLLECTION_NAME not in stems else f"_{COLLECTION_NAME}"
    collection_key = _render_key("collection", base, *keys)
    targets = {fmt: out / f"{name}.{fmt}" for fmt in COLLECTION_FORMATS}
    if all(manifest.fresh(t, _render_key(collection_key, fmt)) for fmt, t in targets.items()):
        report.unchanged.extend(targets.values())
        report.collection.extend(targets.values())
        return
    texts = render_collection(results, base)
    _write_recorded({t: (texts[fmt], _render_key(collection_key, fmt)) for fmt, t in targets.items()}, manifest, report)
    report.collection.extend(targets.values())


def _write_recorded(pending: dict[Path, tuple[str, str]], manifest: _Manifest, report: BuildReport) -> None:
    """Write files (target -> text, render key) all or none, then record them as written."""
    write_all({target: text for target, (text, _) in pending.items()})
    for target, (_, rkey) in pending.items():
        manifest.record(target, rkey)
        report.written.append(target)


class _CallbackProgress(Progress):
    """Progress for library callers: one message per episode to a callback (or nothing)."""

    def __init__(self, callback: Callable[[str], None] | None):
        super().__init__(mode="quiet")
        self.callback = callback

    def advance(self, stem: str, words: int = 0, cached: bool = False, note: str = "") -> None:
        super().advance(stem, words, cached, note)
        if self.callback:
            self.callback(f"{stem}: {'cached' if cached else note}")


def build_graph_from_files(paths: Iterable[str | Path], options: Options = Options()) -> nx.MultiDiGraph:
    """Read, extract and merge transcripts into one in-memory graph (no files written)."""
    results = [extract_episode(read_transcript(p, options.input_format), options) for p in expand_inputs(paths)]
    return build_graph([r for r in results if r.episode.language == "en"])
