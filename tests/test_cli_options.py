"""Every option of `kg build`, `kg entities`, `kg validate` and `kg push` passed on the command line,
on a small transcript of invented names (tests/data/invented.txt) with its own lexicon, so that
what is tested is the mechanism, not kg's shipped lexicon."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import DATA

INVENTED = DATA / "invented.txt"
LEXICON = DATA / "invented-lexicon.ttl"
# one line, each name heard differently from its lexicon label; no exact form of the names beside them
HEARD = "[00:00:01] SPEAKER_00: I used to work at Quillfether for six years before I started Zefferine Robotics.\n"
BASE = "https://w3id.org/kg/id/"


def run(*args: str, **kwargs):
    """`kg ARGS` through click's runner (stderr and stdout together in ``output``)."""
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def entity_rows(graph: Path, *options: str) -> dict[str, dict[str, str]]:
    """`kg entities GRAPH --format json`: label -> row."""
    result = run("entities", graph, "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return {r["label"]: r for r in json.loads(result.stdout)}


def assert_one_line_error(result, exit_code: int = 2) -> None:
    """A one-line `kg: ...` message and the exit status, no traceback."""
    assert result.exit_code == exit_code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: ") and "Traceback" not in result.output, result.output


@pytest.fixture(scope="module")
def invented(tmp_path_factory) -> Path:
    """The invented episode built with its lexicon into Turtle, TriG and the HTML page."""
    out = tmp_path_factory.mktemp("invented")
    result = run("build", INVENTED, "-o", out, "--lexicon", LEXICON, "-f", "ttl", "-f", "trig", "-f", "html", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    return out


# --- build ----------------------------------------------------------------------------------------

def test_build_user_lexicon_names_variants_and_facts(invented):
    """The twin of the sample's 'Kora is Quora, Sherwin formerly worked for it' on invented names."""
    rows = entity_rows(invented / "invented.ttl")
    assert rows["Quillfeather"]["type"] == "Company" and rows["Quillfeather"]["variants"] == "Quillfether"
    assert rows["Zephyrine Robotics"]["mentions"] == "3"
    assert set(rows["Zephyrine Robotics"]["variants"].split("; ")) == {"Zephyrine", "Zefferine"}
    assert rows["Tamsin Brackwater"]["type"] == "Person"
    who = run("query", invented / "invented.ttl", "--format", "csv",
              'SELECT ?who WHERE { ?p kgo:formerlyWorkedFor ?o . ?o rdfs:label "Quillfeather" . ?p rdfs:label ?who }')
    assert who.exit_code == 0 and who.output.splitlines() == ["who", "Tamsin Brackwater"], who.output


def test_build_writes_the_page_of_invented_names(invented):
    """The twin of the sample's page test: names, types, variants and the evidence link of a fact."""
    from .test_view import data_of

    data = data_of((invented / "invented.html").read_text(encoding="utf-8"))
    assert data["title"] == "Robots in the Workshop"
    nodes = {n["label"]: n for n in data["nodes"]}
    assert nodes["Quillfeather"]["kgType"] == "Company" and nodes["Quillfeather"]["variants"] == ["Quillfether"]
    assert nodes["Tamsin Brackwater"]["topType"] == "Person"
    former = next(e for e in data["edges"] if e["predicate"] == "formerlyWorkedFor")
    assert (former["from"], former["to"]) == ("tamsin-brackwater", "quillfeather")
    said = {(ev["link"], ev["speaker"]) for ev in former["evidence"]}
    assert ("https://www.youtube.com/watch?v=inv001&t=15s", "Tamsin Brackwater") in said
    assert {link for link, _ in said} == {f"https://www.youtube.com/watch?v=inv001&t={t}s" for t in (9, 15)}


def test_named_queries_on_invented_names(invented):
    """The twin of the sample's named-query answers: a job, its evidence and who said it, and the
    facts about a guest said by the host, from a transcript through the pipeline to SPARQL."""
    def ask(name: str, param: str) -> list[dict[str, str]]:
        result = run("query", invented / "invented.trig", "-n", name, "-p", param, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert [(r["person"], r["status"], r["employer"]) for r in ask("where-does-person-work", "person=Tamsin Brackwater")] \
        == [("Tamsin Brackwater", "former", "Quillfeather")]
    assert [(r["person"], r["status"]) for r in ask("who-worked-at", "org=Quillfeather")] == [("Tamsin Brackwater", "former")]
    evidence = ask("evidence-for", "subject=Tamsin Brackwater")
    founded = [r for r in evidence if r["predicate"].endswith("#founded")]
    assert founded and {(r["object"], r["speaker"], r["second"], r["link"]) for r in founded} == {
        ("Zephyrine Robotics", "Tamsin Brackwater (SPEAKER_01)", "15", "https://www.youtube.com/watch?v=inv001&t=15s")}
    others = ask("facts-about-said-by-others", "person=Tamsin Brackwater")
    assert others and {r["speaker"] for r in others} == {"host (SPEAKER_00)"}


def test_build_threshold_decides_names_heard_differently(tmp_path):
    transcript = tmp_path / "heard.txt"
    transcript.write_text(HEARD, encoding="utf-8")
    for threshold, expected in ((None, {"Quillfeather", "Zephyrine Robotics"}), ("0.99", set())):
        out = tmp_path / f"out-{threshold}"
        extra = ["--threshold", threshold] if threshold else []
        result = run("build", transcript, "-o", out, "--lexicon", LEXICON, "-f", "ttl", "--no-cache", "-q", *extra)
        assert result.exit_code == 0, result.output
        labels = set(entity_rows(out / "heard.ttl", "-t", "Organization"))
        assert labels & {"Quillfeather", "Zephyrine Robotics"} == expected, (threshold, labels)
    bad = run("build", transcript, "-o", tmp_path / "bad", "--threshold", "0.3")
    assert bad.exit_code == 2 and "--threshold" in bad.output and not (tmp_path / "bad").exists()


def test_build_input_format_overrides_detection(tmp_path):
    srt = DATA / "talk.srt"
    detected = run("build", srt, "-o", tmp_path / "auto", "-f", "ttl", "--no-cache", "-q")
    assert detected.exit_code == 0, detected.output
    forced = run("build", srt, "-o", tmp_path / "srt", "-f", "ttl", "--no-cache", "-q", "--input-format", "srt")
    assert forced.exit_code == 0 and (tmp_path / "srt" / "talk.ttl").read_bytes() == (tmp_path / "auto" / "talk.ttl").read_bytes()
    for fmt, message in (("json", "invalid JSON"), ("markdown", "no transcript lines found")):
        result = run("build", srt, "-o", tmp_path / fmt, "-f", "ttl", "--no-cache", "-q", "--input-format", fmt)
        assert_one_line_error(result, 1)
        assert message in result.output and not (tmp_path / fmt).exists()


def test_build_base_names_every_iri(tmp_path):
    base = "http://example.org/talks/"
    result = run("build", INVENTED, "-o", tmp_path, "--lexicon", LEXICON, "-f", "ttl", "-f", "nq", "--no-cache", "-q",
                 "--base", base)
    assert result.exit_code == 0, result.output
    assert BASE not in (tmp_path / "invented.ttl").read_text(encoding="utf-8")
    nq = (tmp_path / "invented.nq").read_text(encoding="utf-8")
    assert BASE not in nq and f"<{base}tamsin-brackwater> <https://w3id.org/kg/ontology#formerlyWorkedFor> <{base}quillfeather>" in nq
    assert f"<{base}episode/invented> ." in nq, "the episode's named graph"
    rows = entity_rows(tmp_path / "invented.ttl")
    assert rows["Quillfeather"]["entity"] == f"{base}quillfeather"


def test_build_progress_modes(tmp_path):
    def build(mode: str):
        result = run("build", DATA / "mini.txt", "-o", tmp_path / mode, "-f", "ttl", "--no-cache", "--progress", mode)
        assert result.exit_code == 0, result.output
        return result.stderr

    line, bar, none, auto = build("line"), build("bar"), build("none"), build("auto")
    assert "1/1 episodes" in line and "words/s" in line and "\r" not in line
    assert "\r[" in bar and "1/1 episodes" in bar
    assert "episodes" not in none.replace("episodes processed", "") and "wrote 1 files" in none
    assert "\r" not in auto and "1/1 episodes" in auto, "not a terminal: lines"
    quiet = run("build", DATA / "mini.txt", "-o", tmp_path / "q", "-f", "ttl", "--no-cache", "--progress", "bar", "-q")
    assert quiet.exit_code == 0 and quiet.output == ""


def test_build_executor_local_and_dask_scheduler_give_the_same_bytes(tmp_path):
    from distributed import LocalCluster

    args = ["build", INVENTED, DATA / "mini.txt", "-f", "ttl", "-f", "nq", "--no-cache", "-q"]
    local = run(*args, "-o", tmp_path / "local", "--executor", "local")
    assert local.exit_code == 0, local.output
    runs = {}
    for name, options in (("dask", ["--executor", "dask"]), ("implied", [])):  # --scheduler implies dask
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
            runs[name] = run(*args, "-o", tmp_path / name, *options, "--scheduler", cluster.scheduler_address)
            assert "kg-episode" in cluster.scheduler.task_prefixes, f"{name}: the episodes ran on the cluster"
    dask, implied = runs["dask"], runs["implied"]
    assert dask.exit_code == 0 and implied.exit_code == 0, dask.output + implied.output

    def files(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    assert sorted(files(tmp_path / "local")) == ["collection.nq", "collection.trig", "invented.nq", "invented.ttl",
                                                 "mini.nq", "mini.ttl"]
    assert files(tmp_path / "dask") == files(tmp_path / "local") == files(tmp_path / "implied")


def test_build_bad_scheduler_address_is_one_line(tmp_path):
    result = run("build", DATA / "mini.txt", "-o", tmp_path / "out", "--scheduler", "nonsense", "--no-cache")
    assert_one_line_error(result)
    assert "nonsense" in result.output and not (tmp_path / "out").exists()


# --- entities -------------------------------------------------------------------------------------

def test_entities_type_filter(invented):
    graph = invented / "invented.ttl"
    assert set(entity_rows(graph, "-t", "Person")) == {"Tamsin Brackwater"}
    assert set(entity_rows(graph, "--type", "Organization")) == {"Zephyrine Robotics", "Quillfeather"}
    assert set(entity_rows(graph, "-t", "Place")) == set()
    everything = entity_rows(graph)
    assert {"Tamsin Brackwater", "Zephyrine Robotics", "Quillfeather"} < set(everything)
    assert run("entities", graph, "-t", "Animal").exit_code == 2


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_entities_formats(invented, fmt):
    result = run("entities", invented / "invented.ttl", "-t", "Organization", "--format", fmt)
    assert result.exit_code == 0, result.output
    out = result.output
    header = ["entity", "label", "type", "mentions", "variants", "speaks_as"]
    if fmt == "json":
        rows = json.loads(out)
        assert [list(r) for r in rows] == [header, header]
        assert [r["label"] for r in rows] == ["Zephyrine Robotics", "Quillfeather"], "most mentioned first"
        return
    lines = out.splitlines()
    if fmt == "table":
        assert lines[0].split() == header and set(lines[1]) == {"-", " "} and lines[-1] == "(2 rows)"
        assert lines[2].split()[:4] == ["zephyrine", "Zephyrine", "Robotics", "Company"], "IRIs shortened"
        return
    sep = "," if fmt == "csv" else "\t"
    assert lines[0].split(sep) == header and len(lines) == 3
    assert lines[1].split(sep)[:4] == [f"{BASE}zephyrine", "Zephyrine Robotics", "Company", "3"]
    assert lines[2].split(sep) == [f"{BASE}quillfeather", "Quillfeather", "Company", "2", "Quillfether", ""], "no voice speaks as a company"


# --- validate --shapes ----------------------------------------------------------------------------

PERSON_NEEDS_BIRTH_DATE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kgo: <https://w3id.org/kg/ontology#> .
<urn:test:PersonShape> a sh:NodeShape ; sh:targetClass kgo:Person ;
    sh:property [ sh:path <http://schema.org/birthDate> ; sh:minCount 1 ; sh:message "a person needs a birth date" ] .
"""
ANY_LABEL = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kgo: <https://w3id.org/kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:test:Labelled> a sh:NodeShape ; sh:targetClass kgo:Person ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .
"""


def test_validate_with_other_shapes(invented, tmp_path):
    graph = invented / "invented.ttl"
    strict, loose = tmp_path / "strict.ttl", tmp_path / "loose.ttl"
    strict.write_text(PERSON_NEEDS_BIRTH_DATE, encoding="utf-8")
    loose.write_text(ANY_LABEL, encoding="utf-8")
    assert run("validate", graph).exit_code == 0, "valid against kg's own shapes"
    failed = run("validate", graph, "--shapes", strict)
    assert failed.exit_code == 1
    problems = [line for line in failed.stdout.splitlines() if "a person needs a birth date" in line]
    assert len(problems) == 1 and "tamsin-brackwater" in problems[0], failed.output
    assert "INVALID (1 problems)" in failed.stderr
    passed = run("validate", graph, "--shapes", loose)
    assert passed.exit_code == 0 and "valid" in passed.stderr and passed.stdout == ""
    assert_one_line_error(run("validate", graph, "--shapes", tmp_path / "none.ttl"))
    quiet = run("validate", graph, "--shapes", strict, "-q")
    assert quiet.exit_code == 1 and quiet.stderr == "" and quiet.stdout == failed.stdout, "-q: only the problems"
    assert run("validate", graph, "-q").output == ""


def test_view_open_hands_the_page_to_the_browser(invented, tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    page = tmp_path / "page.html"
    result = run("view", invented / "invented.ttl", "-o", page, "--open", "--title", "Made-up names")
    assert result.exit_code == 0, result.output
    assert opened == [page.resolve().as_uri()] and "<title>Made-up names</title>" in page.read_text(encoding="utf-8")
    assert run("view", invented / "invented.ttl", "-o", tmp_path / "again.html").exit_code == 0 and len(opened) == 1


# --- push --user ----------------------------------------------------------------------------------

class _Store(BaseHTTPRequestHandler):
    """A Graph Store that wants HTTP basic auth as alice:s3cret and records each PUT it accepts."""

    accepted: list[tuple[str, str]] = []
    secret = "Basic " + base64.b64encode(b"alice:s3cret").decode("ascii")

    def do_PUT(self) -> None:  # noqa: N802 - the http.server hook
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Authorization") != self.secret:
            self.send_response(401, "Unauthorized")
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.accepted.append((self.path, self.headers["Content-Type"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def guarded_store():
    """The guarded store on an ephemeral loopback port; its /store URL."""
    _Store.accepted = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Store)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()
    server.server_close()


def test_push_user_sends_basic_auth(invented, guarded_store):
    source = invented / "invented.trig"
    refused = run("push", source, "--endpoint", guarded_store)
    assert_one_line_error(refused)
    assert "HTTP 401" in refused.output and _Store.accepted == []

    pushed = run("push", source, "--endpoint", guarded_store, "--user", "alice:s3cret", "-q")
    assert pushed.exit_code == 0 and pushed.output == "", pushed.output
    episode = "graph=https%3A%2F%2Fw3id.org%2Fkg%2Fid%2Fepisode%2Finvented"
    assert sorted(p for p, _ in _Store.accepted) == ["/store?default", f"/store?{episode}"]
    assert {t for _, t in _Store.accepted} == {"application/n-triples"}

    _Store.accepted = []
    from_env = run("push", source, "--endpoint", guarded_store, env={"KG_PUSH_USER": "alice:s3cret"})
    assert from_env.exit_code == 0 and "pushed 2 graphs" in from_env.output and len(_Store.accepted) == 2
    wrong = run("push", source, "--endpoint", guarded_store, "--user", "alice:guess")
    assert_one_line_error(wrong)
    assert "HTTP 401" in wrong.output


def test_push_entities_graph_default_iri_or_none(invented, guarded_store):
    source, auth = invented / "invented.trig", ["--user", "alice:s3cret", "-q"]
    episode = "/store?graph=https%3A%2F%2Fw3id.org%2Fkg%2Fid%2Fepisode%2Finvented"
    for option, expected in ((["--entities-graph", "none"], {episode}),
                             (["--entities-graph", "urn:kg:entities"], {"/store?graph=urn%3Akg%3Aentities", episode}),
                             ([], {"/store?default", episode})):
        _Store.accepted = []
        result = run("push", source, "--endpoint", guarded_store, *auth, *option)
        assert result.exit_code == 0, result.output
        assert sorted(p for p, _ in _Store.accepted) == sorted(expected), option
