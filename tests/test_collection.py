"""A collection build: one identity across episodes, the collection dataset, the cache, progress."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cache import Cache, episode_key
from kg.cli import main
from kg.extract.episode import Options
from kg.progress import Progress

from .conftest import DATA

COLLECTION = DATA / "collection"
EPISODES = sorted(COLLECTION.glob("*.txt"))  # chip-wars, gpu-talk, model-labs
BASE = "https://w3id.org/kg/id/"
KGO = "https://w3id.org/kg/ontology#"

IN_WHICH_EPISODES = f"""
PREFIX kgo: <{KGO}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?episode WHERE {{
  ?x rdfs:label ?name . FILTER(LCASE(STR(?name)) = "nvidia")
  GRAPH ?g {{ ?x kgo:mentionedIn ?episode }}
}} ORDER BY ?episode"""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The three small episodes built (no cache) with every RDF format."""
    out = tmp_path_factory.mktemp("collection")
    report = build(EPISODES, out, ("ttl", "trig", "nq"))
    assert not report.failures, report.failures
    return out


def test_one_iri_for_an_entity_in_two_episodes_in_either_order(built, tmp_path):
    reversed_out = tmp_path / "reversed"
    report = build(list(reversed(EPISODES)), reversed_out, ("ttl", "trig", "nq"))
    assert not report.failures
    assert _files(reversed_out) == _files(built)  # order of the inputs changes no byte
    nq = (built / "collection.nq").read_text(encoding="utf-8")
    jensen = f"<{BASE}jensen-huang>"
    graphs = {line.rsplit(" ", 2)[-2] for line in nq.splitlines() if line.startswith(jensen) and "mentionedIn" in line}
    assert graphs == {f"<{BASE}episode/chip-wars>", f"<{BASE}episode/gpu-talk>"}
    labels = [line for line in nq.splitlines() if line.startswith(jensen) and "#label>" in line]
    assert len(labels) == 1  # one node, one label, in the default graph


def test_facts_merge_keeping_each_episodes_evidence(built):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(built / "collection.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(store.query(f"""
        PREFIX kgo: <{KGO}>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?episode ?second ?speaker WHERE {{
          ?a rdf:subject <{BASE}jensen-huang> ; rdf:predicate kgo:leads ; rdf:object <{BASE}nvidia> .
          GRAPH ?g {{ ?a kgo:evidence ?ev . ?ev kgo:inEpisode ?episode ; kgo:startSecond ?second ; kgo:saidBy ?speaker }}
        }} ORDER BY ?episode"""))
    episodes = [r["episode"].value for r in rows]
    assert f"{BASE}episode/chip-wars" in episodes and f"{BASE}episode/gpu-talk" in episodes
    assert all(r["speaker"].value.startswith(r["episode"].value + "/speaker/") for r in rows)


@pytest.mark.parametrize("name,fmt", [("collection.trig", "TRIG"), ("collection.nq", "N_QUADS")])
def test_collection_loads_with_named_graphs_and_answers_in_which_episodes(built, name, fmt):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(built / name), format=getattr(ox.RdfFormat, fmt))
    named = {g.value for g in store.named_graphs()}
    assert named == {f"{BASE}episode/{p.stem}" for p in EPISODES}
    answer = [r["episode"].value for r in store.query(IN_WHICH_EPISODES)]
    assert answer == [f"{BASE}episode/chip-wars", f"{BASE}episode/gpu-talk"]


def test_trig_and_nquads_hold_the_same_quads(built):
    import pyoxigraph as ox

    def quads(name, fmt):
        return set(ox.parse(path=str(built / name), format=fmt))

    assert quads("collection.trig", ox.RdfFormat.TRIG) == quads("collection.nq", ox.RdfFormat.N_QUADS)


def test_one_episode_build_writes_no_collection(tmp_path):
    report = build([EPISODES[0]], tmp_path, ("ttl",))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chip-wars.ttl"]
    assert report.collection == []


def test_cache_reprocesses_only_the_changed_episode(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(COLLECTION, corpus)
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build([corpus], out, ("ttl", "nq"), cache=cache)
    assert sorted(first.processed) == ["chip-wars", "gpu-talk", "model-labs"] and first.cached == []
    before = _files(out)

    again = build([corpus], out, ("ttl", "nq"), cache=cache)
    assert again.processed == [] and sorted(again.cached) == ["chip-wars", "gpu-talk", "model-labs"]
    assert again.written == []  # every file was already up to date
    assert _files(out) == before

    with open(corpus / "model-labs.txt", "a", encoding="utf-8") as fh:
        fh.write("[00:00:15] SPEAKER_01: Jensen Huang runs NVIDIA.\n")
    changed = build([corpus], out, ("ttl", "nq"), cache=cache)
    assert changed.processed == ["model-labs"]
    assert sorted(changed.cached) == ["chip-wars", "gpu-talk"]
    assert {p.name for p in changed.written} == {"model-labs.ttl", "model-labs.nq", "collection.trig", "collection.nq"}
    nq = (out / "collection.nq").read_text(encoding="utf-8")
    assert f"<{BASE}jensen-huang> <{KGO}mentionedIn> <{BASE}episode/model-labs> <{BASE}episode/model-labs> ." in nq

    fresh = tmp_path / "fresh"
    build([corpus], fresh, ("ttl", "nq"))  # no cache at all
    assert _files(fresh) == _files(out)


def test_cached_outputs_rewritten_when_deleted_or_edited(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(EPISODES[:2], out, ("ttl",), cache=cache)
    before = _files(out)
    (out / "chip-wars.ttl").unlink()
    (out / "gpu-talk.ttl").write_text("edited by hand", encoding="utf-8")
    report = build(EPISODES[:2], out, ("ttl",), cache=cache)
    assert report.processed == []
    assert _files(out) == before


def test_cache_key_covers_content_name_and_options(tmp_path):
    base = episode_key(b"text", "a.txt", Options())
    assert episode_key(b"text", "a.txt", Options()) == base
    assert episode_key(b"text!", "a.txt", Options()) != base
    assert episode_key(b"text", "b.txt", Options()) != base
    assert episode_key(b"text", "a.txt", Options(threshold=0.9)) != base
    lex = tmp_path / "names.ttl"
    lex.write_text("# one", encoding="utf-8")
    with_lex = episode_key(b"text", "a.txt", Options(lexicons=(str(lex),)))
    lex.write_text("# two", encoding="utf-8")
    assert episode_key(b"text", "a.txt", Options(lexicons=(str(lex),))) != with_lex


def test_cache_key_reads_every_extraction_module_and_the_knowledge_base():
    """The extraction lives in subpackages (kg/extract/names/...) and the knowledge base beside the lexicon:
    editing either must make new keys, or a stale result would be read back."""
    import kg
    from kg.cache import digested_files
    from kg.resources import data_dir

    code, data = digested_files()
    code_names = {f.relative_to(Path(kg.__file__).parent).as_posix() for f in code}
    assert {"extract/names/linking.py", "extract/relations/match.py", "read/lines.py", "model.py"} <= code_names
    assert "cli.py" not in code_names  # runs after extraction: editing it keeps cached results valid
    data_names = {f.relative_to(data_dir()).as_posix() for f in data}
    assert {"kb/notable.tsv", "kb/people.tsv", "rules/relations.json", "lexicon/people.ttl"} <= data_names


def test_options_change_reprocesses_everything(tmp_path):
    cache = Cache(tmp_path / "cache")
    build(EPISODES[:2], tmp_path / "a", ("ttl",), cache=cache)
    report = build(EPISODES[:2], tmp_path / "b", ("ttl",), Options(threshold=0.9), cache=cache)
    assert sorted(report.processed) == ["chip-wars", "gpu-talk"]


def test_corrupt_cache_entry_is_a_miss(tmp_path):
    cache_dir = tmp_path / "cache"
    build([EPISODES[0]], tmp_path / "a", ("ttl",), cache=cache_dir)
    for entry in (cache_dir / "results").rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    report = build([EPISODES[0]], tmp_path / "b", ("ttl",), cache=cache_dir)
    assert report.processed == ["chip-wars"]


def test_cli_collection_bad_file_non_english_and_no_cache(tmp_path):
    runner = CliRunner()
    cache = tmp_path / "cache"
    args = ["build", str(COLLECTION), str(DATA / "binary.txt"), str(DATA / "chinese.txt"), "-o", str(tmp_path / "out"),
            "--cache-dir", str(cache), "-f", "ttl"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "binary.txt" in result.output and "chinese.txt: not English, skipped" in result.output
    assert "wrote 5 files" in result.output and "(4 episodes processed, 0 from cache)" in result.output  # the Chinese one too
    assert (tmp_path / "out" / "collection.trig").exists() and (tmp_path / "out" / "gpu-talk.ttl").exists()
    again = runner.invoke(main, args)
    assert "(0 episodes processed, 4 from cache)" in again.output and "5 unchanged" in again.output
    bypass = runner.invoke(main, [*args, "--no-cache", "-q"])
    assert bypass.exit_code == 1 and "episodes processed" not in bypass.output


def test_progress_line_bar_and_quiet():
    line = io.StringIO()
    p = Progress("line", line)
    p.start(2, 3000)
    p.advance("one", 1000)
    p.advance("two", 2000)
    p.finish()
    text = line.getvalue()
    assert "2/2 episodes" in text and "words/s" in text and "ETA" in text and "\r" not in text

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    bar = Tty()
    p = Progress("auto", bar)
    assert p.mode == "bar"
    p.start(2, 3000)
    p.advance("one", 1000)
    assert "\r[" in bar.getvalue() and "1/2 episodes" in bar.getvalue() and "ETA" in bar.getvalue()

    quiet = io.StringIO()
    p = Progress("quiet", quiet)
    p.start(1, 10)
    p.advance("one", 10)
    p.finish()
    assert quiet.getvalue() == ""
