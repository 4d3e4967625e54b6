"""Send built graphs to a SPARQL 1.1 Graph Store Protocol endpoint, one HTTP PUT per graph.

Each episode's named graph goes to ``ENDPOINT?graph=EPISODE_IRI`` and replaces what that graph held,
so pushing the same collection again does not duplicate anything. The merged entities (the
dataset's default graph) go to ``ENDPOINT?default`` (replacing the store's default graph) or to a
named graph of your choice. Works with Oxigraph (``http://host:7878/store``), Apache Jena Fuseki
(``http://host:3030/DATASET/data``), GraphDB, Stardog and any other GSP store.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.errors import InputError

DEFAULT = "default"


@dataclass
class PushReport:
    """What was sent: graph name (IRI or ``default``) -> triple count."""

    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        """Triples sent over all graphs."""
        return sum(self.graphs.values())


def dataset_files(path: Path) -> list[Path]:
    """The files to push from ``path``: a .nq/.trig file itself, or in a build folder its collection
    dataset, else every per-episode .nq (or .trig) file."""
    path = Path(path)
    if path.is_file():
        if path.suffix.lower() not in (".nq", ".trig"):
            raise InputError(f"{path}: push needs N-Quads (.nq) or TriG (.trig), which keep the named graphs")
        return [path]
    if not path.is_dir():
        raise InputError(f"{path}: no such file or folder")
    for name in ("collection.nq", "collection.trig", "_collection.nq", "_collection.trig"):
        if (path / name).is_file():
            return [path / name]
    for suffix in ("nq", "trig"):
        files = sorted(path.glob(f"*.{suffix}"))
        if files:
            return files
    raise InputError(f"{path}: no collection.nq, collection.trig or per-episode .nq/.trig files "
                     "(build two or more episodes, or build with -f nq)")


def read_graphs(files: list[Path]) -> dict[str, list]:
    """Triples of every graph in the files, by graph IRI (``default`` for the default graph), sorted."""
    import pyoxigraph as ox

    graphs: dict[str, set] = {}
    for f in files:
        fmt = ox.RdfFormat.N_QUADS if f.suffix.lower() == ".nq" else ox.RdfFormat.TRIG
        try:
            for q in ox.parse(path=str(f), format=fmt):
                name = DEFAULT if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
                graphs.setdefault(name, set()).add(q.triple)
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"{f}: cannot read ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None
    return {name: sorted(triples, key=str) for name, triples in sorted(graphs.items())}


def graph_url(endpoint: str, graph: str) -> str:
    """The GSP address of ``graph`` (an IRI, or ``default``) at ``endpoint``."""
    sep = "&" if "?" in endpoint else "?"
    if graph == DEFAULT:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


def put_graph(endpoint: str, graph: str, triples: list, timeout: float = 60.0,
              headers: dict[str, str] | None = None) -> None:
    """Replace ``graph`` at the endpoint with ``triples`` (HTTP PUT, N-Triples body)."""
    import pyoxigraph as ox

    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
    request = urllib.request.Request(graph_url(endpoint, graph), data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{endpoint}: HTTP {exc.code} {exc.reason} for graph {graph}"
                         + (f" ({detail[0][:200]})" if detail else "")) from None
    except urllib.error.URLError as exc:
        raise InputError(f"{endpoint}: cannot connect ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(f"{endpoint}: {type(exc).__name__} ({exc})") from None


def push(path: str | Path, endpoint: str, entities_graph: str | None = DEFAULT, user: str | None = None,
         timeout: float = 60.0, progress: Callable[[str], None] | None = None) -> PushReport:
    """Push every named graph of a build (folder or .nq/.trig file) to a Graph Store Protocol endpoint.

    ``entities_graph`` is where the default graph (the merged entities) goes: ``"default"`` (the
    store's default graph), an IRI, or None to leave it out. ``user`` is ``NAME:PASSWORD`` for HTTP
    basic authentication.
    """
    parsed = urllib.parse.urlparse(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"{endpoint}: endpoint must be an http(s):// URL")
    headers = {}
    if user:
        headers["Authorization"] = "Basic " + base64.b64encode(user.encode("utf-8")).decode("ascii")
    graphs = read_graphs(dataset_files(Path(path)))
    report = PushReport()
    for name, triples in graphs.items():
        target = name
        if name == DEFAULT:
            if entities_graph is None:
                continue
            target = entities_graph
        put_graph(endpoint, target, triples, timeout, headers)
        report.graphs[target] = len(triples)
        if progress:
            progress(f"{target}: {len(triples)} triples")
    return report
