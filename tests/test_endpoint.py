"""The endpoint's and the query command's guards and error paths, over real HTTP on 127.0.0.1:
federated SERVICE refused without any request going out, nesting refused before the engine parses
it, and one test per error status (413, 405, 406, two query parameters, 500) and per `kg serve`
option given on the command line (its busy reply included)."""

from __future__ import annotations

from http.client import HTTPConnection
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.serve.endpoint import Settings, make_server, serve_in_thread
from kg.errors import InputError
from kg.serve.guard import MAX_DEPTH, check_query

from .test_store import FORMER, SLOW, get, http

DEEP = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
DEEP_PARENS = "SELECT * WHERE { FILTER(" + "(" * 3000 + "true" + ")" * 3000 + ") }"
MANY_CLAUSES = "SELECT * WHERE { ?s ?p ?o " + " ".join(["MINUS { ?s ?p ?o }"] * 3000) + " }"


@pytest.fixture(scope="module")
def server(store_dir):
    """A running endpoint with two workers (2 s timeout); the server object."""
    server = make_server(Settings(str(store_dir), timeout=2.0, limit=100, workers=2), "127.0.0.1", 0, quiet=True)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def url(server):
    """The endpoint's URL."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/sparql"


class Listener:
    """A socket listening on 127.0.0.1 that counts the connections it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0

    def drain(self, seconds: float = 1.0) -> int:
        """Accept for a while; the number of connections received so far."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except socket.timeout:
                pass
        return self.connections


@pytest.fixture
def listener():
    """A local listening socket standing for a server a query should never reach."""
    lst = Listener()
    yield lst
    lst.sock.close()


def service_queries(port: int) -> list[str]:
    """SERVICE in the forms a caller might write it."""
    target = f"<http://127.0.0.1:{port}/sparql>"
    return [f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent {target} {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?s ?p ?o.SERVICE {target} {{ ?s ?p ?o }} }}",
            f"PREFIX ex: <http://e/> SELECT * WHERE {{ {{ ?s ex:p ?o }}SERVICE{target}{{ ?s ?p ?o }} }}",
            # a keyword glued by a dot to the term before it: the engine reads term, dot, SERVICE
            f"SELECT * WHERE {{ ?s ?p 1.SERVICE {target} {{ ?a ?b ?c }} }}",
            f"SELECT * WHERE {{ ?s ?p true.SERVICE {target} {{ ?a ?b ?c }} }}",
            f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ex:.SERVICE {target} {{ ?a ?b ?c }} }}"]


def test_service_is_refused_and_no_request_leaves_the_endpoint(url, listener):
    for query in service_queries(listener.port):
        status, headers, body = get(url, query)
        assert status == 400, (query, body)
        assert "SERVICE" in body and len(body.strip().splitlines()) == 1
    assert listener.drain() == 0
    assert get(url, FORMER)[0] == 200


def test_service_is_refused_by_kg_query(sample_dir, listener):
    for query in service_queries(listener.port):
        done = subprocess.run([sys.executable, "-m", "kg", "query", str(sample_dir / "a16z-sherwin-wu.ttl"), query],
                              capture_output=True, text=True)
        assert done.returncode == 2 and "SERVICE" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert listener.drain() == 0


def test_words_that_only_look_like_service_are_fine():
    check_query('SELECT ?service WHERE { ?service rdfs:label "SERVICE { { (" . ?s <http://x/SERVICE> ?o ; '
                "svc:SERVICE ?x ; ex:a.SERVICE 1.5 } # SERVICE <http://x/>\n")
    with pytest.raises(InputError, match="SERVICE"):
        check_query("SELECT * WHERE { ?s ?p ?o } # fine\n SERVICE <http://x/> {}")


@pytest.mark.parametrize("query", [DEEP, DEEP_PARENS, MANY_CLAUSES])
def test_deep_queries_are_refused_by_the_endpoint_and_it_stays_up(url, query):
    status, _, body = http(url, query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and "refused" in body and len(body.strip().splitlines()) == 1
    assert get(url, FORMER)[0] == 200


@pytest.mark.parametrize("query", [DEEP, DEEP_PARENS, MANY_CLAUSES])
def test_deep_queries_are_one_line_errors_of_kg_query(sample_dir, tmp_path, query):
    rq = tmp_path / "deep.rq"
    rq.write_text(query, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "query", str(sample_dir / "a16z-sherwin-wu.ttl"), "-f", str(rq)],
                          capture_output=True, text=True)
    assert done.returncode == 2, done.stderr[-300:]  # was 139 (a segfault) for DEEP
    assert "refused" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_nesting_up_to_the_limit_is_answered(sample_dir):
    query = "ASK " + "{" * (MAX_DEPTH - 1) + " ?s ?p ?o " + "}" * (MAX_DEPTH - 1)
    result = CliRunner().invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"), query])
    assert result.exit_code == 0 and "true" in result.output


def test_query_file_of_other_bytes_is_one_line(sample_dir, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_bytes(b"SELECT * WHERE { ?s ?p \xff\xfe }")
    result = CliRunner().invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"), "-f", str(rq)])
    assert result.exit_code == 2 and "not UTF-8" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_body_over_the_limit_is_413(url):
    parts = urllib.parse.urlsplit(url)
    conn = HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.putrequest("POST", parts.path)
    conn.putheader("Content-Type", "application/sparql-query")
    conn.putheader("Content-Length", str(2 << 20))
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 413 and b"between 0 and" in response.read()
    conn.close()


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_writes_are_405_with_allow(url, method):
    parts = urllib.parse.urlsplit(url)
    conn = HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request(method, parts.path, body=b"<a> <b> <c> .", headers={"Content-Type": "text/turtle"})
    response = conn.getresponse()
    assert response.status == 405 and response.getheader("Allow") == "GET, POST"
    assert b"read-only" in response.read()
    conn.close()


def test_a_type_the_result_cannot_have_is_406(url):
    status, _, body = get(url, "CONSTRUCT WHERE { ?p kgo:worksFor ?o }", "application/sparql-results+json")
    assert status == 406 and "text/turtle" in body
    status, _, body = get(url, FORMER, "text/turtle")
    assert status == 406 and "sparql-results+json" in body


def test_two_query_parameters_are_400(url):
    query = urllib.parse.urlencode([("query", FORMER), ("query", "ASK {}")])
    status, _, body = http(f"{url}?{query}")
    assert status == 400 and "exactly one query" in body


def test_a_worker_that_dies_gives_500_and_is_replaced(server, url):
    pids_before = {w.process.pid for w in server.pool._all}
    killer = threading.Timer(0.5, lambda: [os.kill(pid, signal.SIGKILL) for pid in pids_before])
    killer.start()
    with ThreadPoolExecutor(2) as pool:
        statuses = [r[0] for r in pool.map(lambda _: get(url, SLOW), range(2))]
    killer.join()
    assert statuses == [500, 500]
    assert get(url, FORMER)[0] == 200
    assert not pids_before & {w.process.pid for w in server.pool._all}


def test_serve_options_from_the_command_line(store_dir):
    """kg serve --host --port --timeout --limit --workers, as a user starts it; and its busy reply."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--host", "127.0.0.1",
                             "--port", "0", "--timeout", "1.5", "--limit", "2", "--workers", "1", "-q"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert line.startswith("SPARQL endpoint: http://127.0.0.1:"), line
        url = line.split()[2]
        status, headers, body = get(url, "SELECT ?s WHERE { ?s rdfs:label ?l }")
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2
        assert headers["X-KG-Truncated"] == "true" and headers["X-KG-Result-Limit"] == "2"
        with ThreadPoolExecutor(3) as pool:
            replies = list(pool.map(lambda _: get(url, SLOW), range(3)))
        bodies = sorted(body.strip() for status, _, body in replies if status == 503)
        assert len(bodies) == 3
        assert "query timed out after 1.5 s" in bodies and "all query workers are busy; try again" in bodies
        assert get(url, FORMER)[0] == 200
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_refuses_bad_options_in_one_line(store_dir):
    for args in (["--port", "70000"], ["--workers", "0"], ["--timeout", "0"], ["--limit", "0"]):
        result = CliRunner().invoke(main, ["serve", "--store", str(store_dir), *args])
        assert result.exit_code == 2 and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["serve", "--store", str(store_dir), "--host", "203.0.113.1", "--port", "0"])
    assert result.exit_code == 2 and "cannot listen on 203.0.113.1" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_query_file_that_is_a_fifo_is_refused_not_waited_for(sample_dir, tmp_path):
    os.mkfifo(tmp_path / "q.rq")
    result = CliRunner().invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"), "-f", str(tmp_path / "q.rq")])
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_query_file_that_is_a_folder_or_missing_is_one_line(sample_dir, tmp_path):
    graph = str(sample_dir / "a16z-sherwin-wu.ttl")
    folder = CliRunner().invoke(main, ["query", graph, "-f", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder, not a query file" in folder.output
    missing = CliRunner().invoke(main, ["query", graph, "-f", str(tmp_path / "none.rq")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    assert len(folder.output.strip().splitlines()) == len(missing.output.strip().splitlines()) == 1


def _children(pid: int) -> set[int]:
    return set(map(int, subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                                       text=True).stdout.split()))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_serve_stopped_by_sigterm_ends_its_workers(store_dir):
    """`kill PID` (systemd, docker stop) ends the query workers too, even one busy with a slow query."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--port", "0",
                             "--timeout", "30", "--workers", "2", "-q"], stderr=subprocess.PIPE, text=True)
    url = proc.stderr.readline().split()[2]
    threading.Thread(target=get, args=(url, SLOW), daemon=True).start()
    time.sleep(1.0)
    workers = set().union(*(_children(pid) for pid in _children(proc.pid)))  # the fork server's children
    assert len(workers) >= 2
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")]
