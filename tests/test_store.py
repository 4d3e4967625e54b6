"""The persistent store (`kg load`, `kg query --store`) and the SPARQL endpoint (`kg serve`), the latter
started on 127.0.0.1 with an ephemeral port and queried over real HTTP with urllib."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from .conftest import DATA
from kg.serve.endpoint import Settings, is_loopback, make_server, negotiate, parse_accept, serve_in_thread
from kg.errors import InputError
from kg.serve.store import create_store, load, open_store

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FORMER = ('SELECT ?employer WHERE { ?p rdfs:label "Sherwin Wu" ; kgo:formerlyWorkedFor ?o . '
          "?o rdfs:label ?employer } ORDER BY ?employer")


@pytest.fixture(scope="module")
def endpoint(store_dir):
    """A running endpoint (1 s timeout, 5 results at most); its base URL."""
    server = make_server(Settings(str(store_dir), timeout=1.0, limit=5, workers=1), "127.0.0.1", 0, quiet=True)
    serve_in_thread(server)
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None):
    """(status, headers, body) of one HTTP request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode("utf-8")


def get(url: str, query: str, accept: str | None = None):
    """GET ?query=..."""
    return http(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept} if accept else {})


# ---------------------------------------------------------------- store

def test_load_keeps_every_quad_and_the_episode_graph(sample_dir, store_dir):
    expected = set(ox.parse(path=str(sample_dir / "a16z-sherwin-wu.trig"), format=ox.RdfFormat.TRIG))
    store = open_store(store_dir)
    assert len(store) == len(expected) > 600
    assert {(q.subject, q.predicate, q.graph_name) for q in store} == {(q.subject, q.predicate, q.graph_name) for q in expected}
    assert [g.value for g in store.named_graphs()] == ["https://w3id.org/kg/id/episode/a16z-sherwin-wu"]


def test_loading_again_changes_nothing(sample_dir, tmp_path):
    first = load([sample_dir / "a16z-sherwin-wu.nq"], tmp_path / "s")
    again = load([sample_dir / "a16z-sherwin-wu.nq"], tmp_path / "s")
    assert first.quads == again.quads > 600 and again.graphs == 1


def test_turtle_goes_to_the_default_graph(sample_dir, tmp_path):
    report = load([sample_dir / "a16z-sherwin-wu.ttl"], tmp_path / "s")
    assert report.graphs == 0 and report.quads > 600


def test_query_store_runs_a_named_query(store_dir):
    result = CliRunner().invoke(main, ["query", "--store", str(store_dir), "-n", "where-does-person-work",
                                       "-p", "person=Sherwin Wu", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {"Opendoor", "Quora"} <= {r["employer"] for r in rows if r["status"] == "former"}


def test_query_store_episode_graph(store_dir):
    result = CliRunner().invoke(main, ["query", "--store", str(store_dir), "-n", "episodes-mentioning",
                                       "-p", "entity=Quora", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["episode"] for r in json.loads(result.output)] == ["https://w3id.org/kg/id/episode/a16z-sherwin-wu"]


@pytest.mark.parametrize("args,message", [
    (["query", "--store", "{tmp}/missing", "ASK {}"], "no such store"),
    (["query", "--store", "{tmp}", "ASK {}"], "not an Oxigraph store"),
    (["query", "--store", "{store}", "SELECT WHERE"], "SPARQL syntax error"),
    (["load", "{bad}", "--store", "{tmp}/new"], "not valid RDF"),
    (["load", "{tmp}/nothing.ttl", "--store", "{tmp}/new"], "no such file"),
    (["serve", "--store", "{tmp}/missing"], "no such store"),
])
def test_bad_input_is_one_line(store_dir, tmp_path, args, message):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    args = [a.replace("{tmp}", str(tmp_path)).replace("{store}", str(store_dir)).replace("{bad}", str(bad)) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_folder_with_other_files_is_not_made_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        create_store(tmp_path)


# ---------------------------------------------------------------- endpoint

def test_endpoint_listens_on_loopback_by_default(endpoint):
    assert urllib.parse.urlsplit(endpoint).hostname == "127.0.0.1"
    assert make_server.__defaults__[0] == "127.0.0.1"
    assert [p.default for p in main.commands["serve"].params if p.name == "host"] == ["127.0.0.1"]
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")


def test_get_answers_sparql_json(endpoint):
    status, headers, body = get(endpoint, FORMER)
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    data = json.loads(body)
    assert data["head"]["vars"] == ["employer"]
    assert {"Opendoor", "Quora"} <= {b["employer"]["value"] for b in data["results"]["bindings"]}


def test_post_query_body_answers_csv(endpoint):
    status, headers, body = http(endpoint, FORMER.encode(), {"Content-Type": "application/sparql-query",
                                                            "Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == "employer" and "Quora" in body.splitlines()


def test_post_form_answers_xml_and_tsv(endpoint):
    form = urllib.parse.urlencode({"query": FORMER}).encode()
    status, _, body = http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded",
                                            "Accept": "application/sparql-results+xml"})
    assert status == 200
    ns = "{http://www.w3.org/2005/sparql-results#}"
    values = {e.text for e in ET.fromstring(body).iter(f"{ns}literal")}
    assert {"Opendoor", "Quora"} <= values
    status, headers, body = http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "text/tab-separated-values"})
    assert status == 200 and body.splitlines()[0] == "?employer" and '"Quora"' in body


def test_accept_quality_values_choose_the_format(endpoint):
    _, headers, _ = get(endpoint, FORMER, "text/csv;q=0.5, application/sparql-results+xml")
    assert headers["Content-Type"] == "application/sparql-results+xml"
    assert get(endpoint, FORMER, "image/png")[0] == 406
    assert parse_accept("a/b;q=0.1, c/d") == ["c/d", "a/b"]
    assert negotiate("text/*", ["application/json", "text/csv"]) == "text/csv"


def test_ask_and_construct(endpoint):
    status, _, body = get(endpoint, 'ASK { ?o rdfs:label "Opendoor" }')
    assert status == 200 and json.loads(body)["boolean"] is True
    status, headers, body = get(endpoint, "CONSTRUCT WHERE { ?p kgo:worksFor ?o }", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(body.encode(), format=ox.RdfFormat.TURTLE))
    assert ox.NamedNode("https://w3id.org/kg/id/openai") in {t.object for t in triples}


def test_updates_are_refused_and_change_nothing(endpoint):
    insert = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    assert http(endpoint, insert.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    form = urllib.parse.urlencode({"update": insert}).encode()
    assert http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert http(f"{endpoint}?{urllib.parse.urlencode({'update': insert})}")[0] == 403
    status, _, body = get(endpoint, insert)
    assert status == 400 and "bad SPARQL" in body
    assert json.loads(get(endpoint, "ASK { <urn:x> ?p ?o }")[2])["boolean"] is False


def test_result_limit_cuts_and_says_so(endpoint):
    status, headers, body = get(endpoint, "SELECT ?s WHERE { ?s rdfs:label ?l }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    assert headers["X-KG-Truncated"] == "true" and headers["X-KG-Result-Limit"] == "5"
    _, headers, _ = get(endpoint, FORMER)
    assert "X-KG-Truncated" not in headers


def test_timeout_stops_a_runaway_query_and_the_endpoint_recovers(endpoint):
    """How soon the 503 comes is a figure of the machine: bench/bench_endpoint_timeout.py measures it."""
    status, _, body = get(endpoint, SLOW)
    assert status == 503 and "timed out" in body
    assert get(endpoint, FORMER)[0] == 200


def test_bad_requests(endpoint):
    assert get(endpoint, "SELECT WHERE {")[0] == 400
    assert http(endpoint)[0] == 400
    assert http(endpoint.replace("/sparql", "/nowhere"))[0] == 404
    assert http(endpoint, b"x", {"Content-Type": "text/plain"})[0] == 415


def test_named_graph_parameters(endpoint):
    episode = "https://w3id.org/kg/id/episode/a16z-sherwin-wu"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?e a kgo:Evidence }"
    url = f"{endpoint}?{urllib.parse.urlencode({'query': query, 'default-graph-uri': episode})}"
    inside = int(json.loads(http(url)[2])["results"]["bindings"][0]["n"]["value"])
    url = f"{endpoint}?{urllib.parse.urlencode({'query': query, 'default-graph-uri': 'urn:none'})}"
    assert inside > 0 and json.loads(http(url)[2])["results"]["bindings"][0]["n"]["value"] == "0"


def test_each_fact_is_one_row_in_a_store_of_a_collection(tmp_path):
    """N facts, N rows: a relation triple is stated once (the merged default graph), its evidence in
    the episode graphs; per-episode TriG files loaded side by side do not repeat it either."""
    from kg.build import build
    from kg.graph.merge import build_graph

    out = tmp_path / "out"
    report = build(sorted((DATA / "collection").glob("*.txt")), out, ("trig",))
    assert not report.failures and len(report.results) == 3
    g = build_graph(report.results)
    works_for = sum(1 for *_, p in g.edges(keys=True) if p == "worksFor")
    assert works_for >= 2
    for files in ([out / "collection.trig"], sorted(out.glob("*.trig"))):
        store = tmp_path / f"store-{len(files)}"
        assert CliRunner().invoke(main, ["load", *map(str, files), "--store", str(store)]).exit_code == 0
        rows = CliRunner().invoke(main, ["query", "--store", str(store), "--format", "csv",
                                         "SELECT ?s ?o WHERE { ?s kgo:worksFor ?o }"]).output.splitlines()[1:]
        assert len(rows) == works_for
        every = CliRunner().invoke(main, ["query", "--store", str(store), "--format", "csv", """
            SELECT ?s ?p ?o WHERE { ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }
        """]).output.splitlines()[1:]
        assert len(every) == g.number_of_edges()
