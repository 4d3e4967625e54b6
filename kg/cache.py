"""The build cache: one pickled :class:`EpisodeResult` per (transcript, everything that changes it).

The key is a SHA-256 of the transcript's bytes and file name, kg's version and the digest of kg's own
source files (every module of the package, at any depth), the content of every file of the shipped
lexicon, rules, stopwords and knowledge base, the content of
the user's lexicon files, and the :class:`~kg.extract.episode.Options` fields. Changing any of them makes a
new key, so a stale result is never used; unchanged episodes are read back instead of re-extracted.

Entries are written atomically (temp file and rename) and a corrupt entry counts as a miss. The
default folder is ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from kg import __version__
from kg.errors import InputError
from kg.extract.episode import Options
from kg.model import EpisodeResult
from kg.resources import data_dir

CACHE_FORMAT = 1
DATA_FOLDERS = ("lexicon", "rules", "stopwords", "kb")
# Modules that only run after extraction (or not at all in it): editing them keeps cached results valid.
# Every other kg module, including any new one, is part of the key.
NOT_IN_EXTRACTION = {"__main__.py", "build.py", "cache.py", "cli.py", "executors.py", "exports.py", "graph.py",
                     "io.py", "progress.py", "push.py", "query.py", "rdf.py", "view.py"}


def default_cache_dir() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def _hash_files(files: list[Path], root: Path, h: "hashlib._Hash") -> None:
    for f in sorted(files):
        h.update(str(f.relative_to(root)).encode("utf-8") + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")


def digested_files() -> tuple[list[Path], list[Path]]:
    """What the cache key reads: kg's modules at every depth but :data:`NOT_IN_EXTRACTION` (relative to the
    package), and every file of the shipped lexicon, rules, stopwords and knowledge base (relative to the
    data folder)."""
    pkg = Path(__file__).resolve().parent
    code = sorted(f for f in pkg.rglob("*.py") if f.name not in NOT_IN_EXTRACTION)
    root = data_dir()
    data = sorted(f for folder in DATA_FOLDERS for f in (root / folder).rglob("*") if f.is_file())
    return code, data


@lru_cache(maxsize=1)
def code_and_data_digest() -> str:
    """Digest of kg's version, the source of its extraction modules and the shipped lexicon, rules,
    stopwords and knowledge base."""
    h = hashlib.sha256(f"kg {__version__} cache {CACHE_FORMAT}\0".encode("utf-8"))
    code, data = digested_files()
    _hash_files(code, Path(__file__).resolve().parent, h)
    _hash_files(data, data_dir(), h)
    return h.hexdigest()


def options_digest(options: Options) -> str:
    """Digest of the options, including the content (not only the names) of user lexicon files."""
    h = hashlib.sha256()
    fields = dataclasses.asdict(options)
    h.update(json.dumps(fields, sort_keys=True, default=str).encode("utf-8"))
    for lex in options.lexicons:
        try:
            h.update(b"\0" + Path(lex).read_bytes())
        except OSError:
            raise InputError(f"{lex}: cannot read lexicon file") from None
    return h.hexdigest()


def episode_key(content: bytes, name: str, options: Options, options_hash: str | None = None) -> str:
    """The cache key of one transcript: its bytes and file name under this kg, data and options."""
    h = hashlib.sha256()
    h.update(code_and_data_digest().encode("ascii"))
    h.update((options_hash or options_digest(options)).encode("ascii"))
    h.update(b"\0" + name.encode("utf-8") + b"\0")
    h.update(content)
    return h.hexdigest()


class Cache:
    """Pickled episode results in a folder, two-level fan-out by key prefix.

    ``Cache(None)`` is a disabled cache: every lookup misses and nothing is stored.
    """

    def __init__(self, directory: str | Path | None):
        self.directory = Path(directory) if directory is not None else None
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        """Whether results are looked up and stored."""
        return self.directory is not None

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / "results" / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> EpisodeResult | None:
        """The stored result for ``key``, or None (disabled, absent or unreadable)."""
        if self.directory is None:
            return None
        try:
            with open(self._path(key), "rb") as fh:
                result = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            self.misses += 1
            return None
        if not isinstance(result, EpisodeResult):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: EpisodeResult) -> None:
        """Store ``result`` under ``key`` atomically; a cache that cannot be written is skipped silently."""
        if self.directory is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
