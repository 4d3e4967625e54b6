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
CPU priority, so that the cheap queries of other callers stay fast meanwhile.
At most ``limit`` results are returned; a cut result says so in the
``X-KG-Truncated`` header.

This module speaks HTTP; the query guard is :mod:`kg.serve.guard`, the worker processes
:mod:`kg.serve.workers`, running one query and serialising its result :mod:`kg.serve.results`.
"""

from __future__ import annotations

import ipaddress
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.errors import InputError
from kg.serve.settings import Settings
from kg.serve.workers import WorkerPool
from kg.serve.guard import check_query
from kg.serve.results import FORMAT_PARAM, Reply, negotiate, parse_accept, text_reply

__all__ = ["Reply", "Settings", "SparqlServer", "is_loopback", "make_server", "negotiate", "parse_accept",
           "parse_request", "serve_in_thread"]

PATHS = ("/sparql", "/query", "/")
MAX_BODY = 1 << 20


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
    from kg.serve.store import is_store

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
