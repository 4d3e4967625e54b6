"""A persistent Oxigraph store on disk: load graph files into it, open it to query.

``kg load GRAPH... --store DIR`` fills (or adds to) the store; ``kg query --store DIR`` and ``kg serve
--store DIR`` open it read-only. TriG and N-Quads keep their named graphs (one per episode); triple
formats go to the default graph. Loading the same file twice changes nothing (quads are a set).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.serve.query import OX_FORMATS, graph_files

QUAD_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
BULK_BYTES = 64 * 1024 * 1024  # files larger than this are bulk-loaded (fast, but not all-or-nothing)


@dataclass
class LoadReport:
    """What ``load`` did: the files read and the store's size afterwards."""

    files: list[Path]
    quads: int
    graphs: int


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a folder holding an Oxigraph (RocksDB) store."""
    return (Path(path) / "CURRENT").is_file()


def open_store(path: str | Path, read_only: bool = True) -> ox.Store:
    """Open an existing store (read-only by default, so that many readers can share it)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such store (create it with `kg load GRAPH... --store {p}`)")
    if not is_store(p):
        raise InputError(f"{p}: not an Oxigraph store")
    try:
        return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    except OSError as exc:
        raise InputError(f"{p}: cannot open store ({_first_line(exc)})") from None


def create_store(path: str | Path) -> ox.Store:
    """Open a store for writing, creating the folder when it does not exist."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(f"{p}: exists and is not a folder")
    if p.is_dir() and any(p.iterdir()) and not is_store(p):
        raise InputError(f"{p}: folder is not empty and not an Oxigraph store")
    try:
        p.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(p))
    except OSError as exc:
        raise InputError(f"{p}: cannot open store for writing ({_first_line(exc)})") from None


def load_files(store: ox.Store, paths: list[str | Path]) -> list[Path]:
    """Load RDF files (or folders of them) into ``store``; TriG/N-Quads keep their named graphs."""
    files = graph_files(paths)
    for f in files:
        fmt = OX_FORMATS[f.suffix]
        loader = store.bulk_load if f.stat().st_size > BULK_BYTES else store.load
        try:
            if fmt in QUAD_FORMATS:
                loader(path=str(f), format=fmt)
            else:
                loader(path=str(f), format=fmt, to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise InputError(f"{f}: not valid RDF ({_first_line(exc)[:160]})") from None
        except OSError as exc:
            raise InputError(f"{f}: cannot read ({_first_line(exc)[:160]})") from None
    store.flush()
    return files


def load(paths: list[str | Path], store_dir: str | Path) -> LoadReport:
    """Load graph files into the persistent store at ``store_dir`` (created when missing)."""
    store = create_store(store_dir)
    files = load_files(store, paths)
    report = LoadReport(files, len(store), count_graphs(store))
    del store
    return report


def count_graphs(store: ox.Store) -> int:
    """Number of named graphs (episodes) in a store."""
    return sum(1 for _ in store.named_graphs())


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]
