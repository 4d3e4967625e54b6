"""kg push to a live `oxigraph serve` (SPARQL 1.1 Graph Store Protocol), then SPARQL over the store."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main

from .conftest import DATA, unavailable

BASE = "https://w3id.org/kg/id/"
IN_WHICH_EPISODES = """
PREFIX kgo: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?episode WHERE {
  ?x rdfs:label ?name . FILTER(LCASE(STR(?name)) = "nvidia")
  GRAPH ?g { ?x kgo:mentionedIn ?episode }
} ORDER BY ?episode"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def _oxigraph() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`oxigraph serve` on 127.0.0.1 with a temp store; yields its base URL."""
    binary = _oxigraph()
    if binary is None:
        unavailable("the oxigraph server is not installed (pip install '.[test]')")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-store")
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode(errors='replace')[:300]}")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _select(url: str, sparql: str) -> list[dict]:
    request = urllib.request.Request(f"{url}/query", data=urllib.parse.urlencode({"query": sparql}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return [{k: v["value"] for k, v in b.items()} for b in json.load(response)["results"]["bindings"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("push-build")
    report = build(sorted((DATA / "collection").glob("*.txt")), out, ("ttl",))
    assert not report.failures
    return out


def test_push_then_sparql_answers_from_the_pushed_graphs(server, built):
    runner = CliRunner()
    result = runner.invoke(main, ["push", str(built), "--endpoint", f"{server}/store"])
    assert result.exit_code == 0, result.output
    assert "pushed 4 graphs" in result.output  # three episodes and the merged entities
    rows = _select(server, IN_WHICH_EPISODES)
    assert [r["episode"] for r in rows] == [f"{BASE}episode/chip-wars", f"{BASE}episode/gpu-talk"]
    graphs = {r["g"] for r in _select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == {f"{BASE}episode/{s}" for s in ("chip-wars", "gpu-talk", "model-labs")}

    count = int(_select(server, COUNT)[0]["n"])
    again = runner.invoke(main, ["push", str(built), "--endpoint", f"{server}/store", "-q"])
    assert again.exit_code == 0 and again.output == ""
    assert int(_select(server, COUNT)[0]["n"]) == count  # replaced, not duplicated


def test_push_replaces_a_changed_episode_graph(server, built, tmp_path):
    from kg.serve.push import push

    graph = f"{BASE}episode/gpu-talk"
    one = tmp_path / "one.nq"
    one.write_text(f"<{BASE}x> <{BASE}p> <{BASE}y> <{graph}> .\n", encoding="utf-8")
    report = push(one, f"{server}/store", entities_graph=None)
    assert report.graphs == {graph: 1}
    rows = _select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert rows[0]["n"] == "1"
    push(built, f"{server}/store")  # restore the built graphs for other tests


def test_push_errors_are_one_line(built, tmp_path):
    runner = CliRunner()
    port = _free_port()  # nothing listens there
    for args in (["push", str(built), "--endpoint", f"http://127.0.0.1:{port}/store"],
                 ["push", str(built), "--endpoint", "not-a-url"],
                 ["push", str(tmp_path), "--endpoint", "http://127.0.0.1:1/store"],
                 ["push", str(built / "chip-wars.ttl"), "--endpoint", "http://127.0.0.1:1/store"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("kg: ") and "Traceback" not in result.output


def test_push_http_error_is_reported(server, built):
    result = CliRunner().invoke(main, ["push", str(built), "--endpoint", f"{server}/no-such-path"])
    assert result.exit_code == 2 and "HTTP 4" in result.output, result.output
