"""The browser page without a browser: its data, its safety, its determinism; reading RDF back; `kg view`."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph.merge import build_graph, first_second, mention_count
from kg.model import Entity, EpisodeInfo, EpisodeResult, Evidence, Fact, Mention, Speaker
from kg.graph.rdf import serialize, to_dataset
from kg.graph.rdf_read import merge_graphs, read_graph, spread_mentions
from kg.graph.view import (COLOURS, SHAPES, clock, is_former, media_link, node_size, page_data, relation_label,
                     seed_layout, speaker_name, to_html)

from .conftest import DATA, ROOT

EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)> & \u2028'


def tiny_result(stem: str = "ep", media: str | None = "https://www.youtube.com/watch?v=abc",
                quote: str = "I used to work at Quora before OpenAI.") -> EpisodeResult:
    """One episode: a person, two organizations, a product; a current and a former job and a product."""
    ep = EpisodeInfo(stem=stem, source=f"{stem}.txt", title=f"Talk {stem}", show="Show", date="2025-01-02", media_url=media)
    ents = {
        "ada": Entity("ada", "Ada Lovelace", "Person", "Person", None,
                      [Mention("Ada Lovelace", 0, 12.0, "exact", 1.0), Mention("Ada Lovelase", 3, 61.5, "sound", 0.9),
                       Mention("Ada Lovelace", 9, 200.0, "exact", 1.0)]),
        "openai": Entity("openai", "OpenAI", "Company", "Organization", "openai",
                         [Mention("Open AI", 1, 20.0, "spelling", 0.9)]),
        "quora": Entity("quora", "Quora", "Company", "Organization", None, [Mention("Kora", 1, 21.0, "sound", 0.85)]),
        "gpt-5": Entity("gpt-5", "GPT-5", "AIProduct", "Product", None, [Mention("GPT-5", 4, 90.0, "exact", 1.0)]),
    }
    facts = [
        Fact("ada", "worksFor", "openai", [Evidence(quote, 1, 20.0, "SPEAKER_00", "works/at", 0.8)]),
        Fact("ada", "formerlyWorkedFor", "quora", [Evidence(quote, 1, 21.0, "SPEAKER_00", "works/at", 0.7)]),
        Fact("openai", "develops", "gpt-5", [Evidence("OpenAI shipped GPT-5.", 4, 90.0, "SPEAKER_01", "develops/x", 0.5),
                                              Evidence("GPT-5 from OpenAI.", 7, None, None, "develops/y", 0.5)]),
    ]
    speakers = {"SPEAKER_00": Speaker("SPEAKER_00", person="ada", confidence=0.9, evidence="I'm Ada.", role="guest"),
                "SPEAKER_01": Speaker("SPEAKER_01", role="host")}
    return EpisodeResult(ep, ents, speakers, facts)


def data_of(page: str) -> dict:
    """The JSON the page carries."""
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "no data script in the page"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def tiny():
    return build_graph([tiny_result()])


@pytest.fixture(scope="module")
def sample_graph(sample_result):
    return build_graph([sample_result])


# --- small pure functions -------------------------------------------------------------------

def test_clock_and_media_link():
    assert clock(0) == "00:00:00"
    assert clock(61.9) == "00:01:01"
    assert clock(3725) == "01:02:05"
    assert clock(None) == ""
    assert media_link("https://www.youtube.com/watch?v=abc", 61.9) == "https://www.youtube.com/watch?v=abc&t=61s"
    assert media_link("https://example.org/ep.mp3", 5) == "https://example.org/ep.mp3?t=5s"
    assert media_link("javascript:alert(1)", 5) is None
    assert media_link(None, 5) is None
    assert media_link("https://example.org/ep.mp3", None) is None


def test_relation_words_and_former():
    assert relation_label("formerlyWorkedFor") == "formerly worked for"
    assert relation_label("develops") == "develops"
    assert is_former("formerlyWorkedFor") and not is_former("worksFor")


def test_size_grows_with_mentions():
    sizes = [node_size(n) for n in (0, 1, 2, 5, 20, 1000)]
    assert sizes == sorted(sizes) and sizes[1] < sizes[3] < sizes[4]
    assert node_size(10**9) <= 48


def test_speaker_name(tiny):
    assert speaker_name(tiny, "ep", "SPEAKER_00") == "Ada Lovelace"
    assert speaker_name(tiny, "ep", "SPEAKER_01") == "SPEAKER_01 (host)"
    assert speaker_name(tiny, "ep", "SPEAKER_09") == "SPEAKER_09"
    assert speaker_name(tiny, "ep", None) == ""


# --- the page -------------------------------------------------------------------------------

def test_page_is_self_contained(sample_graph):
    page = to_html(sample_graph, title="Sample")
    head, _, _ = page.partition('<script type="application/json"')
    assert "<link" not in page.lower()
    assert not re.search(r"""<script[^>]*\bsrc\s*=""", page, re.I), "no external scripts"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    for cdn in ("cdnjs", "jsdelivr", "bootstrap", "unpkg", "googleapis"):
        assert cdn not in page.lower()
    assert "vis.Network" in page and "vis-network" in page, "vis-network is inlined"
    assert "Content-Security-Policy" in head and "connect-src 'none'" in head
    assert "@@KG_" not in page, "every placeholder filled"


def test_page_data_types_sizes_and_labels(tiny):
    data = data_of(to_html(tiny, title="Tiny"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == tiny.number_of_nodes() == 4
    ada = nodes["ada"]
    assert ada["label"] == "Ada Lovelace" and ada["kgType"] == "Person" and ada["topType"] == "Person"
    assert ada["color"] == COLOURS["Person"] and ada["shape"] == SHAPES["Person"]
    assert nodes["gpt-5"]["shape"] == "diamond" and nodes["openai"]["shape"] == "square"
    assert ada["mentions"] == 3 and ada["size"] > nodes["quora"]["size"], "size by mention count"
    assert ada["variants"] == ["Ada Lovelase"]
    assert ada["perEpisode"] == [{"episode": "ep", "count": 3, "time": "00:00:12",
                                  "link": "https://www.youtube.com/watch?v=abc&t=12s"}]
    assert [t["name"] for t in data["types"]] == ["Person", "Organization", "Product"]
    assert {t["name"]: t["count"] for t in data["types"]} == {"Person": 1, "Organization": 2, "Product": 1}
    assert "title" not in ada, "no pyvis tooltips (they render as raw text)"


def test_page_edges_evidence_and_styles(tiny):
    data = data_of(to_html(tiny))
    edges = {e["predicate"]: e for e in data["edges"]}
    assert len(data["edges"]) == tiny.number_of_edges() == 3
    former, current = edges["formerlyWorkedFor"], edges["worksFor"]
    assert former["label"] == "formerly worked for" and former["former"] is True and former["dashes"]
    assert current["former"] is False and not current.get("dashes")
    assert former["color"]["color"] != data["options"]["edges"]["color"]["color"], "former styled apart"
    ev = current["evidence"][0]
    assert ev["quote"] == "I used to work at Quora before OpenAI."
    assert ev["speaker"] == "Ada Lovelace" and ev["time"] == "00:00:20"
    assert ev["link"] == "https://www.youtube.com/watch?v=abc&t=20s"
    dev = edges["develops"]["evidence"]
    assert dev[0]["speaker"] == "SPEAKER_01 (host)"
    assert dev[1]["time"] == "" and dev[1]["link"] is None
    assert {(e["from"], e["to"]) for e in data["edges"]} == {(s, o) for s, o in tiny.edges()}


def test_no_media_url_no_links():
    g = build_graph([tiny_result(media=None)])
    data = data_of(to_html(g))
    evidence = [ev for e in data["edges"] for ev in e["evidence"]]
    assert len(evidence) == 4 and all(ev["link"] is None for ev in evidence)
    assert [ev["time"] for ev in evidence if ev["second"] is not None] == ["00:00:20", "00:00:21", "00:01:30"], \
        "timestamps shown without a link"
    assert all(p["link"] is None and p["time"] for n in data["nodes"] for p in n["perEpisode"])


def test_text_is_escaped():
    g = build_graph([tiny_result(quote=EVIL)])
    g.nodes["ada"]["label"] = EVIL
    page = to_html(g, title=EVIL)
    assert page.lower().count("</script") == 3, "three script elements, none closed early"
    assert "<img src=x" not in page and '<script>alert' not in page
    assert "<title>&lt;/script&gt;" in page
    data = data_of(page)
    assert data["title"] == EVIL
    assert any(n["label"] == EVIL for n in data["nodes"])
    assert any(ev["quote"] == EVIL for e in data["edges"] for ev in e["evidence"])
    js = (ROOT / "kg" / "graph" / "templates" / "view.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js


def shuffled_result(seed: int, stem: str = "ep") -> EpisodeResult:
    """``tiny_result`` with its entities, their mentions, its facts and speakers in another order
    (the orders that come from dicts and sets; each fact's evidence keeps the transcript's order)."""
    import random

    r, rng = tiny_result(stem), random.Random(seed)
    entities = list(r.entities.items())
    rng.shuffle(entities)
    r.entities = dict(entities)
    for e in r.entities.values():
        rng.shuffle(e.mentions)
    rng.shuffle(r.facts)
    speakers = list(r.speakers.items())
    rng.shuffle(speakers)
    r.speakers = dict(speakers)
    return r


def test_deterministic(tiny):
    a = to_html(tiny, title="t")
    orders = set()
    for seed in range(6):
        r = shuffled_result(seed)
        orders.add((tuple(r.entities), tuple(f.predicate for f in r.facts), tuple(r.speakers)))
        assert to_html(build_graph([r]), title="t") == a, f"seed {seed}"
    assert len(orders) > 3, "the inputs really were in other orders"
    two = to_html(build_graph([tiny_result("a"), tiny_result("b")]), title="t")
    assert to_html(build_graph([shuffled_result(1, "b"), shuffled_result(2, "a")]), title="t") == two


def test_physics_settles_then_stops(tiny):
    small = data_of(to_html(tiny))["options"]["physics"]
    assert small["enabled"] and small["stabilization"]["enabled"]
    assert 0 < small["stabilization"]["iterations"] <= 1000
    js = (ROOT / "kg" / "graph" / "templates" / "view.js").read_text(encoding="utf-8")
    assert "stabilizationIterationsDone" in js and "physics: false" in js


def test_large_graph_uses_cheap_layout():
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_view import synthetic_graph

    g = synthetic_graph(400, 600)
    assert g.number_of_nodes() == 400 and g.number_of_edges() == 600
    data = page_data(g)
    phys = data["options"]["physics"]
    assert phys["stabilization"]["iterations"] <= 100 and data["options"]["layout"]["improvedLayout"] is False
    assert len(data["nodes"]) == 400 and all("x" in n and "y" in n for n in data["nodes"]), "seeded positions"
    pos = seed_layout(g)
    assert pos == seed_layout(g) and len(set(pos.values())) == len(pos), "distinct, reproducible positions"


def test_several_relations_between_two_entities_are_bent_apart():
    r = tiny_result()
    r.facts.append(Fact("ada", "founded", "openai", [Evidence("I founded it.", 2, 30.0, "SPEAKER_00", "f", 0.6)]))
    edges = [e for e in data_of(to_html(build_graph([r])))["edges"] if {e["from"], e["to"]} == {"ada", "openai"}]
    assert len(edges) == 2
    assert sorted(e["smooth"]["roundness"] for e in edges) == [0.15, 0.3]


def test_templates_ship_in_the_wheel():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "kg.graph.templates" in conf["tool"]["setuptools"]["packages"]
    patterns = conf["tool"]["setuptools"]["package-data"]["*"]
    assert all(any(Path(name).match(p) for p in patterns) for name in ("view.html", "view.js", "view.css"))
    for name in ("view.html", "view.js", "view.css"):
        assert (ROOT / "kg" / "graph" / "templates" / name).is_file()


# --- RDF read back --------------------------------------------------------------------------

def comparable(g) -> dict:
    """What the page shows of a graph, with variants as sets (RDF keeps no order)."""
    data = page_data(g, "t")
    for n in data["nodes"]:
        n["variants"] = sorted(n["variants"])
    for e in data["edges"]:
        e["evidence"] = sorted(e["evidence"], key=lambda ev: json.dumps(ev, sort_keys=True))
    return data


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig", "nq"])
def test_rdf_round_trip_gives_the_same_page(sample_graph, tmp_path, fmt):
    path = tmp_path / f"a16z-sherwin-wu.{fmt}"
    path.write_text(serialize(to_dataset(sample_graph), fmt), encoding="utf-8")
    back = read_graph([path])
    assert back.number_of_nodes() == sample_graph.number_of_nodes()
    assert back.number_of_edges() == sample_graph.number_of_edges()
    assert comparable(back) == comparable(sample_graph)
    for key in sample_graph:
        assert mention_count(back, key) == mention_count(sample_graph, key)
        assert first_second(back, key) == first_second(sample_graph, key)
        assert back.nodes[key]["lexicon_key"] == sample_graph.nodes[key]["lexicon_key"]
    assert back.graph["episodes"].keys() == sample_graph.graph["episodes"].keys()
    ep, orig = next(iter(back.graph["episodes"].values())), next(iter(sample_graph.graph["episodes"].values()))
    assert (ep.title, ep.show, ep.date, ep.media_url) == (orig.title, orig.show, orig.date, orig.media_url)
    assert {k: (s.person, s.role) for k, s in next(iter(back.graph["speakers"].values())).items()} == \
        {k: (s.person, s.role) for k, s in next(iter(sample_graph.graph["speakers"].values())).items()}


def test_rdf_round_trip_of_a_custom_base(tiny, tmp_path):
    path = tmp_path / "tiny.ttl"
    path.write_text(serialize(to_dataset(tiny, "http://example.org/x#"), "ttl"), encoding="utf-8")
    back = read_graph([path])
    assert sorted(back.nodes) == sorted(tiny.nodes)
    assert comparable(back) == comparable(tiny)


def test_several_episodes_exact_counts_from_per_episode_files(tmp_path):
    a, b = tiny_result("a"), tiny_result("b")
    b.entities["ada"].mentions = b.entities["ada"].mentions[:1]
    merged = build_graph([a, b])
    for r in (a, b):
        (tmp_path / f"{r.episode.stem}.ttl").write_text(serialize(to_dataset(build_graph([r])), "ttl"), encoding="utf-8")
    (tmp_path / "collection.trig").write_text(serialize(to_dataset(merged), "trig"), encoding="utf-8")
    from_files = read_graph([tmp_path / "a.ttl", tmp_path / "b.ttl"])
    assert comparable(from_files) == comparable(merged)
    from_collection = read_graph([tmp_path / "collection.trig"])
    assert mention_count(from_collection, "ada") == 4, "the total survives a collection"
    assert sorted(from_collection.nodes["ada"]["mentions"]) == ["a", "b"]
    everything = read_graph([tmp_path])  # per-episode files win over the collection's estimate
    assert comparable(everything) == comparable(merged)
    assert len(everything.edges["openai", "gpt-5", "develops"]["evidence"]) == 4, "evidence not doubled"


def test_merge_is_order_independent(tmp_path):
    graphs = [read_graph([_write(tmp_path, tiny_result(s))]) for s in ("a", "b")]
    assert comparable(merge_graphs(graphs)) == comparable(merge_graphs(graphs[::-1]))


def _write(folder: Path, result: EpisodeResult) -> Path:
    path = folder / f"{result.episode.stem}.nt"
    path.write_text(serialize(to_dataset(build_graph([result])), "nt"), encoding="utf-8")
    return path


def test_spread_mentions():
    m = spread_mentions("X", 5, ["a", "b"], 3.0, "exact", 1.0)
    assert [len(m["a"]), len(m["b"])] == [3, 2] and m["a"][0].second == 3.0 and m["b"][0].second is None
    assert len(spread_mentions("X", 0, [], None, "ner", 0.5)[""]) == 1


def test_read_errors(tmp_path):
    from kg.errors import InputError

    with pytest.raises(InputError):
        read_graph([tmp_path / "missing.ttl"])
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    with pytest.raises(InputError):
        read_graph([bad])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError):
        read_graph([tmp_path / "empty"])


# --- the commands ---------------------------------------------------------------------------

def test_kg_view_command(tmp_path):
    r = tiny_result()
    src = tmp_path / "tiny.ttl"
    src.write_text(serialize(to_dataset(build_graph([r])), "ttl"), encoding="utf-8")
    out = tmp_path / "page.html"
    res = CliRunner().invoke(main, ["view", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["title"] == "Talk ep" and len(data["nodes"]) == 4 and len(data["edges"]) == 3
    first = out.read_bytes()
    assert CliRunner().invoke(main, ["view", str(src), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == first, "same graph, same bytes"


def test_kg_view_errors(tmp_path):
    res = CliRunner().invoke(main, ["view", str(tmp_path / "nope.ttl"), "-o", str(tmp_path / "p.html")])
    assert res.exit_code == 2 and "nope.ttl" in res.output
    src = DATA / "eval-mini.ttl"
    res = CliRunner().invoke(main, ["view", str(src), "-o", str(tmp_path / "p.txt")])
    assert res.exit_code == 2 and ".html" in res.output


def test_kg_view_of_a_store(tmp_path):
    from kg.serve.store import load

    trig = tmp_path / "c.trig"
    trig.write_text(serialize(to_dataset(build_graph([tiny_result("a"), tiny_result("b")])), "trig"), encoding="utf-8")
    load([trig], tmp_path / "store")
    out = tmp_path / "store.html"
    res = CliRunner().invoke(main, ["view", str(tmp_path / "store"), "-o", str(out), "--title", "Store"])
    assert res.exit_code == 0, res.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["title"] == "Store" and len(data["nodes"]) == 4 and [e["id"] for e in data["episodes"]] == ["a", "b"]


def test_build_writes_the_page(sample_dir, sample_graph):
    page = (sample_dir / "a16z-sherwin-wu.html").read_text(encoding="utf-8")
    data = data_of(page)
    assert len(data["nodes"]) == sample_graph.number_of_nodes()
    assert data["title"].startswith("How OpenAI Builds")
    sherwin = next(n for n in data["nodes"] if n["label"] == "Sherwin Wu")
    assert sherwin["kgType"] == "Person" and "Sherman Wu" in sherwin["variants"]
