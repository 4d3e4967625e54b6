"""Where the per-episode stage runs: in this process, in a pool of worker processes, or on Dask.

Every executor runs the same pure task, :func:`process_episode` (extract one episode and render its
own output files as text), and yields :class:`Done` records as episodes finish, in any order; the
build merges them in sorted stem order, so the output bytes do not depend on the executor or on the
number of workers. Workers receive :class:`~kg.read.Episode` objects (not paths), so a Dask
cluster needs no shared file system, and return compact results, never spaCy objects.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Iterator, Protocol

from kg.errors import InputError
from kg.extract.episode import Options, extract_episode
from kg.model import EpisodeResult
from kg.read import Episode


@dataclass(frozen=True)
class Job:
    """What every task of a build shares: extraction options and the per-episode output formats."""

    options: Options = Options()
    formats: tuple[str, ...] = ()
    base: str = "https://w3id.org/kg/id/"


@dataclass
class Done:
    """One finished task: the episode's position in the input list and its result or error."""

    index: int
    result: EpisodeResult | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    worker: int = 0


_LOCK = threading.Lock()  # a Dask worker may run tasks in threads; spaCy pipelines are not shared safely


def warm_up(options: Options) -> int:
    """Load the spaCy pipeline and the lexicon for ``options`` in this process (a worker initializer)."""
    from kg.extract.names.lexicon import load_lexicon
    from kg.extract.nlp import load_pipeline

    with _LOCK:
        load_pipeline(options.threshold, options.lexicons)
        load_lexicon(options.lexicons)
    return os.getpid()


def process_episode(index: int, episode: Episode, job: Job) -> Done:
    """Extract one episode and render its output files; an exception becomes ``Done.error``."""
    from kg.graph.merge import build_graph
    from kg.graph.render import render_all

    started = time.perf_counter()
    with _LOCK:
        try:
            result = extract_episode(episode, job.options)
            outputs: dict[str, str] = {}
            if result.episode.language == "en" and job.formats:
                g = build_graph([result])
                title = episode.title or episode.stem
                outputs = render_all(g, job.formats, job.base, title=title)
        except Exception as exc:  # one bad episode must not stop a collection
            return Done(index, error=f"{episode.source}: extraction failed ({type(exc).__name__}: {exc})",
                        seconds=time.perf_counter() - started, worker=os.getpid())
    return Done(index, result, outputs, seconds=time.perf_counter() - started, worker=os.getpid())


class Executor(Protocol):
    """Runs :func:`process_episode` over episodes and yields each :class:`Done` as it finishes."""

    name: str

    def run(self, tasks: list[tuple[int, Episode]], job: Job) -> Iterator[Done]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Everything in this process, one episode after the other (``-j 1``)."""

    name = "local"

    def run(self, tasks: list[tuple[int, Episode]], job: Job) -> Iterator[Done]:
        """Process the tasks in order."""
        for index, episode in tasks:
            yield process_episode(index, episode, job)

    def close(self) -> None:
        """Nothing to release."""


class PoolExecutor:
    """``jobs`` worker processes, each loading the pipeline once (pool initializer)."""

    name = "local"

    def __init__(self, jobs: int):
        self.jobs = jobs

    def run(self, tasks: list[tuple[int, Episode]], job: Job) -> Iterator[Done]:
        """Process the tasks in worker processes; yield in completion order."""
        import multiprocessing

        if not tasks:
            return
        workers = max(1, min(self.jobs, len(tasks)))
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm_up,
                                 initargs=(job.options,)) as pool:
            futures = {pool.submit(process_episode, index, episode, job): (index, episode) for index, episode in tasks}
            try:
                for fut in as_completed(futures):
                    index, episode = futures[fut]
                    try:
                        yield fut.result()
                    except Exception as exc:  # a worker died (killed, out of memory)
                        yield Done(index, error=f"{episode.source}: worker failed ({type(exc).__name__}: {exc})")
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise

    def close(self) -> None:
        """The pool is closed at the end of each run."""


class DaskExecutor:
    """The per-episode stage on a Dask distributed cluster.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without one, a
    LocalCluster of ``jobs`` single-threaded worker processes is started for this build.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, jobs: int = 1, processes: bool = True):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError("the dask executor needs dask.distributed: pip install 'kg[dask]'") from None
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=processes,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as exc:  # ValueError: an address that is not host:port
            raise InputError(f"dask scheduler {scheduler}: cannot connect ({exc})") from None

    def run(self, tasks: list[tuple[int, Episode]], job: Job) -> Iterator[Done]:
        """Submit one task per episode; yield in completion order."""
        from distributed import as_completed as dask_completed

        if not tasks:
            return
        self.client.run(warm_up, job.options)  # every current worker loads the pipeline once
        futures = {}
        for index, episode in tasks:
            key = f"kg-episode-{index}-{os.getpid()}-{time.time_ns()}"
            futures[self.client.submit(process_episode, index, episode, job, pure=False, key=key)] = (index, episode)
        try:
            for fut in dask_completed(list(futures)):
                index, episode = futures[fut]
                try:
                    yield fut.result()
                except Exception as exc:  # a worker was lost, or the task could not run
                    yield Done(index, error=f"{episode.source}: dask task failed ({type(exc).__name__}: {exc})")
                finally:
                    fut.release()
        finally:
            for fut in futures:
                fut.cancel()

    def close(self) -> None:
        """Close the client and, if this executor started one, the local cluster."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(kind: str = "local", jobs: int = 1, scheduler: str | None = None) -> Executor:
    """The executor for ``--executor`` and ``-j``: serial for ``local -j1``, a process pool for ``-j N``, Dask."""
    if jobs < 1:
        raise InputError(f"-j {jobs}: need at least one job")
    if kind == "dask":
        return DaskExecutor(scheduler, jobs)
    if kind != "local":
        raise InputError(f"--executor {kind}: choose local or dask")
    if scheduler:
        raise InputError("--scheduler needs --executor dask")
    return SerialExecutor() if jobs == 1 else PoolExecutor(jobs)
