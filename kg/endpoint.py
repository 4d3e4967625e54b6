"""A read-only SPARQL 1.1 Protocol endpoint over a store made by ``kg load``.

``kg serve --store DIR`` listens on 127.0.0.1 by default and answers

* ``GET /sparql?query=...``
* ``POST /sparql`` with ``Content-Type: application/sparql-query`` (the query is the body)
* ``POST /sparql`` with ``Content-Type: application/x-www-form-urlencoded`` (``query=...``)

with ``default-graph-uri`` / ``named-graph-uri`` honoured. Results are negotiated on ``Accept``:
SPARQL JSON (the default), XML, CSV and TSV for SELECT and ASK; Turtle, N-Triples and RDF/XML for
CONSTRUCT and DESCRIBE. Updates are refused with 403 and the store is opened read-only anyway.

Queries run in worker processes, each holding the store open read-only: a query that passes the
timeout is stopped by ending its worker (and a fresh one takes its place), so a runaway query cannot
keep the server busy. A query still running after a quarter of a second gets its process the lowest
CPU priority, so that the cheap queries of other callers stay fast meanwhile. At most ``limit`` results are returned; a cut result says so in the
``X-KG-Truncated`` header.
"""

from __future__ import annotations

import ipaddress
import json
import multiprocessing
import os
import queue
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .errors import InputError
from .query import check_query

PATHS = ("/sparql", "/query", "/")
SLOW_AFTER = 0.25  # seconds: a query still running then is slow, and its worker yields the CPU to others
SLOW_NICE = 19
MAX_BODY = 1 << 20
PREFIXES = {
    "kgo": "https://w3id.org/kg/ontology#", "kg": "https://w3id.org/kg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#", "schema": "http://schema.org/", "dcterms": "http://purl.org/dc/terms/",
}
SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "text/plain": ox.RdfFormat.N_TRIPLES,
}
CONTENT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "nt": "application/n-triples"}


@dataclass(frozen=True)
class Settings:
    """How the endpoint runs: which store, how long a query may take, how many results at most."""

    store_dir: str
    timeout: float = 10.0
    limit: int = 10_000
    workers: int = 8  # a few slow queries must not hold up the cheap ones (bench/bench_endpoint.py)


@dataclass
class Reply:
    """An HTTP answer: status, content type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_reply(status: int, message: str) -> Reply:
    """A plain-text answer (errors, help)."""
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


# ---------------------------------------------------------------- content negotiation

def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (by q, then by order)."""
    if not header:
        return ["*/*"]
    ranked = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, bits[0].lower()))
    return [m for _, _, m in sorted(ranked)] or ["*/*"]


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The first offered media type the Accept header allows (offers in the server's preference order)."""
    for wanted in parse_accept(accept):
        if wanted == "*/*":
            return offers[0]
        if wanted.endswith("/*"):
            match = next((o for o in offers if o.startswith(wanted[:-1])), None)
            if match:
                return match
        elif wanted in offers:
            return wanted
    return None


# ---------------------------------------------------------------- result serialisation

def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    text = f"_:{term.value}" if isinstance(term, ox.BlankNode) else getattr(term, "value", str(term))
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def serialize_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results as SPARQL JSON, XML, CSV or TSV (the W3C result formats)."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        body = "".join("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                             for v, t in zip(variables, row) if t is not None) + "</result>"
                       for row in rows)
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>{body}</results></sparql>\n").encode("utf-8")
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join("" if t is None else str(t) for t in row)
                                                       for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer in SPARQL JSON or XML (CSV and TSV: the bare word)."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode("utf-8")
    return (word + "\n").encode("utf-8")


# ---------------------------------------------------------------- answering one query (in a worker)

def answer(store: ox.Store, request: dict[str, Any], limit: int) -> Reply:
    """Run one query on a store and serialise the (possibly cut) result for the negotiated type."""
    try:
        check_query(request["query"])
    except InputError as exc:
        return text_reply(400, str(exc))
    options: dict[str, Any] = {"prefixes": PREFIXES}
    try:
        if request.get("default_graphs"):
            options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
        else:
            options["use_default_graph_as_union"] = True
        if request.get("named_graphs"):
            options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    except ValueError as exc:
        return text_reply(400, f"bad graph IRI: {_first_line(exc)}")
    try:
        result = store.query(request["query"], **options)
    except SyntaxError as exc:
        return text_reply(400, f"bad SPARQL query: {_first_line(exc)}")
    except (OSError, ValueError) as exc:
        return text_reply(400, f"cannot run the query: {_first_line(exc)}")
    accept = request.get("accept")
    try:
        if isinstance(result, ox.QueryTriples):
            media = negotiate(accept, list(GRAPH_TYPES))
            if media is None:
                return text_reply(406, f"cannot give graph results as {accept}; try text/turtle")
            triples, cut = _take(result, limit)
            body = ox.serialize(triples, format=GRAPH_TYPES[media], prefixes=PREFIXES)
            ctype = "text/plain" if media == "text/plain" else media
            return Reply(200, f"{ctype}; charset=utf-8", body, _limit_headers(cut, limit))
        media = negotiate(accept, list(SOLUTION_TYPES))
        if media is None:
            return text_reply(406, f"cannot give SPARQL results as {accept}; try application/sparql-results+json")
        fmt = SOLUTION_TYPES[media]
        if isinstance(result, ox.QueryBoolean):
            return Reply(200, CONTENT_TYPES[fmt], serialize_boolean(bool(result), fmt))
        variables = [v.value for v in result.variables]
        rows, cut = _take(([sol[v] for v in variables] for sol in result), limit)
        return Reply(200, CONTENT_TYPES[fmt], serialize_solutions(variables, rows, fmt), _limit_headers(cut, limit))
    except (OSError, ValueError, SyntaxError) as exc:
        return text_reply(500, f"query failed: {_first_line(exc)}")


def _take(items, limit: int) -> tuple[list, bool]:
    out = []
    for item in items:
        if len(out) == limit:
            return out, True
        out.append(item)
    return out, False


def _limit_headers(cut: bool, limit: int) -> dict[str, str]:
    return {"X-KG-Truncated": "true", "X-KG-Result-Limit": str(limit)} if cut else {}


def _worker_main(store_dir: str, limit: int, conn) -> None:
    """A worker process: open the store read-only, then answer requests from the pipe until it closes."""
    try:
        try:
            store = ox.Store.read_only(store_dir)
        except OSError as exc:
            conn.send(("error", _first_line(exc)))
            return
        conn.send(("ready", None))
        while True:
            request = conn.recv()
            reply = answer(store, request, limit)
            conn.send(("reply", (reply.status, reply.content_type, reply.body, reply.headers)))
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the server went away


def _context():
    """Processes forked from a single-threaded fork server that has kg imported (fast restarts), or spawned."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kg.endpoint"])
        return ctx
    return multiprocessing.get_context("spawn")


def _lower_priority(pid: int) -> bool:
    """Give a worker whose query is slow the lowest CPU priority, so cheap queries keep their speed."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, SLOW_NICE)
        return True
    except (AttributeError, OSError):  # not on this platform, or the process has ended
        return False


class Worker:
    """One query process and the pipe to it; replaced by a fresh one when a query passes the timeout."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._ctx = _context()
        self._lock = threading.Lock()  # the pool's close() and a request's restart may meet
        self.closed = False
        self._start()

    def _restart(self) -> None:
        """End the process and, unless the server is closing, start a fresh one."""
        self.stop()
        with self._lock:
            if not self.closed:
                self._start()

    def _start(self) -> None:
        self.conn, child = self._ctx.Pipe()
        self.process = self._ctx.Process(target=_worker_main, args=(self.settings.store_dir, self.settings.limit, child),
                                         daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, seconds: float = 60.0) -> None:
        """Block until the worker has opened the store; InputError when it cannot."""
        if self.ready:
            return
        if not self.conn.poll(seconds):
            self.stop()
            raise InputError("the query worker did not start")
        kind, message = self.conn.recv()
        if kind != "ready":
            self.stop()
            raise InputError(f"{self.settings.store_dir}: cannot open store ({message})")
        self.ready = True

    def run(self, request: dict[str, Any]) -> Reply:
        """Answer one request within the timeout; on timeout end the process and start a new one."""
        if self.closed:
            return text_reply(503, "the endpoint is stopping")
        self.wait_ready()
        slow = False
        try:
            self.conn.send(request)
            done = self.conn.poll(min(SLOW_AFTER, self.settings.timeout))
            if not done:
                slow = _lower_priority(self.process.pid)
                done = self.conn.poll(max(0.0, self.settings.timeout - SLOW_AFTER))
            if done:
                _, (status, ctype, body, headers) = self.conn.recv()
                if slow:  # a niced process cannot be un-niced: a fresh worker takes its place
                    self._restart()
                return Reply(status, ctype, body, headers)
            reply = text_reply(503, f"query timed out after {self.settings.timeout:g} s")
        except (EOFError, OSError):
            reply = text_reply(503 if self.closed else 500,
                               "the endpoint is stopping" if self.closed else "the query worker stopped; try again")
        self._restart()
        return reply

    def stop(self) -> None:
        """End the worker process (again: nothing happens)."""
        with self._lock:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
            if not self.conn.closed:
                self.conn.close()


class WorkerPool:
    """A fixed number of workers handed out one request at a time."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all = [Worker(settings) for _ in range(max(1, settings.workers))]
        for w in self._all:
            w.wait_ready()
            self._idle.put(w)

    def run(self, request: dict[str, Any]) -> Reply:
        """Answer a request on the next free worker (503 when all stay busy past the timeout)."""
        try:
            worker = self._idle.get(timeout=self.settings.timeout)
        except queue.Empty:
            return text_reply(503, "all query workers are busy; try again")
        try:
            return worker.run(request)
        except InputError as exc:
            return text_reply(500, str(exc))
        except (EOFError, OSError):  # the pool closed the worker's pipe meanwhile
            return text_reply(503, "the endpoint is stopping")
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """End every worker; none is started again."""
        for w in self._all:
            w.closed = True
            w.stop()


# ---------------------------------------------------------------- HTTP

def parse_request(method: str, path: str, headers: dict[str, str], body: bytes) -> dict[str, Any] | Reply:
    """A protocol request (query, graphs, accept) from HTTP parts, or the error reply to send."""
    url = urlsplit(path)
    if url.path.rstrip("/") not in {p.rstrip("/") for p in PATHS}:
        return text_reply(404, "not found: the SPARQL endpoint is /sparql")
    params = parse_qs(url.query, keep_blank_values=True)
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    query_text: str | None = None
    if method == "POST":
        if ctype == "application/sparql-update":
            return text_reply(403, "this endpoint is read-only: SPARQL updates are refused")
        if ctype == "application/sparql-query":
            query_text = body.decode("utf-8", errors="replace")
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            if "update" in form:
                return text_reply(403, "this endpoint is read-only: SPARQL updates are refused")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            query_text = (form.get("query") or [None])[0]
        else:
            return text_reply(415, "POST needs Content-Type application/sparql-query or application/x-www-form-urlencoded")
    if "update" in params:
        return text_reply(403, "this endpoint is read-only: SPARQL updates are refused")
    if query_text is None:
        queries = params.get("query", [])
        if len(queries) > 1:
            return text_reply(400, "give exactly one query parameter")
        query_text = queries[0] if queries else None
    if not query_text:
        return text_reply(400, "no query: use GET /sparql?query=... or POST a query (SPARQL 1.1 Protocol)")
    try:
        check_query(query_text)  # before any worker sees it: no SERVICE, no nesting that crashes the engine
    except InputError as exc:
        return text_reply(400, str(exc))
    accept = headers.get("accept")
    if params.get("format"):
        accept = FORMAT_PARAM.get(params["format"][0].lower(), params["format"][0])
    return {"query": query_text, "accept": accept,
            "default_graphs": params.get("default-graph-uri", []), "named_graphs": params.get("named-graph-uri", [])}


class SparqlHandler(BaseHTTPRequestHandler):
    """The HTTP side: parse the request, hand it to the pool, write the reply."""

    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        """Answer GET /sparql?query=..."""
        self._handle("GET", b"")

    def do_POST(self) -> None:  # noqa: N802
        """Answer POST /sparql (query in the body or in a form)."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._send(text_reply(413, f"request body must be between 0 and {MAX_BODY} bytes"))
            return
        self._handle("POST", self.rfile.read(length))

    def do_PUT(self) -> None:  # noqa: N802
        """Refuse graph-store writes."""
        self._send(text_reply(405, "this endpoint is read-only"), allow="GET, POST")

    do_DELETE = do_PATCH = do_PUT

    def _handle(self, method: str, body: bytes) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = parse_request(method, self.path, headers, body)
        if isinstance(request, Reply):
            self._send(request)
            return
        self._send(self.server.pool.run(request))  # type: ignore[attr-defined]

    def _send(self, reply: Reply, allow: str | None = None) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        if allow:
            self.send_header("Allow", allow)
        for k, v in reply.headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server signature)
        """Log requests to stderr unless the server is quiet."""
        if not getattr(self.server, "quiet", False):
            sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server that owns the worker pool."""

    daemon_threads = True
    request_queue_size = 128  # listen backlog: 20 clients at once are not made to wait for a SYN retry

    def __init__(self, address: tuple[str, int], settings: Settings, quiet: bool = False):
        self.pool = WorkerPool(settings)
        self.quiet = quiet
        try:
            super().__init__(address, SparqlHandler)
        except OSError as exc:
            self.pool.close()
            raise InputError(f"cannot listen on {address[0]}:{address[1]} ({exc.strerror or exc})") from None

    def server_close(self) -> None:
        """Stop listening and end the workers."""
        super().server_close()
        self.pool.close()


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(settings: Settings, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> SparqlServer:
    """A ready server (workers started, socket bound) for the store in ``settings``; call serve_forever()."""
    from .store import is_store

    p = Path(settings.store_dir)
    if not p.exists():
        raise InputError(f"{p}: no such store (create it with `kg load GRAPH... --store {p}`)")
    if not is_store(p):
        raise InputError(f"{p}: not an Oxigraph store")
    if settings.timeout <= 0 or settings.limit <= 0:
        raise InputError("--timeout and --limit must be positive")
    return SparqlServer((host, port), settings, quiet)


def serve_in_thread(server: SparqlServer) -> threading.Thread:
    """Run a server in a daemon thread (for tests and embedding); stop it with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="kg-sparql", daemon=True)
    thread.start()
    return thread


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:300]
