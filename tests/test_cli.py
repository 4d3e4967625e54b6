"""The command line, through click's CliRunner: build, query, entities, and every bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import DATA, SAMPLE, unavailable

WHO_LEFT_QUORA = """SELECT ?who WHERE {
  ?p kgo:formerlyWorkedFor ?o . ?o rdfs:label "Quora" . ?p rdfs:label ?who }"""


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_help_teaches(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for verb in ("build", "query", "entities"):
        assert verb in result.output
    assert "kg build" in runner.invoke(main, ["build", "--help"]).output


def test_build_writes_default_files(runner, tmp_path):
    result = runner.invoke(main, ["build", str(DATA / "mini.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.html", "mini.jsonld", "mini.ttl"]


def test_query_answers_who_formerly_worked_for_quora(runner, sample_dir):
    result = runner.invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"), WHO_LEFT_QUORA])
    assert result.exit_code == 0, result.output
    assert "Sherwin Wu" in result.output


@pytest.mark.parametrize("fmt,check", [
    ("csv", lambda out: out.splitlines()[0] == "who" and "Sherwin Wu" in out),
    ("tsv", lambda out: out.splitlines()[0] == "who"),
    ("json", lambda out: {"who": "Sherwin Wu"} in json.loads(out) and all(set(row) == {"who"} for row in json.loads(out))),
])
def test_query_formats(runner, sample_dir, fmt, check):
    result = runner.invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"), WHO_LEFT_QUORA, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert check(result.output)


def test_query_from_file(runner, sample_dir, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text(WHO_LEFT_QUORA)
    result = runner.invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"), "-f", str(rq), "--format", "csv"])
    assert result.exit_code == 0 and "Sherwin Wu" in result.output


def test_entities_lists_types_counts_variants(runner, sample_dir):
    result = runner.invoke(main, ["entities", str(sample_dir / "a16z-sherwin-wu.ttl"), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["label"]: r for r in json.loads(result.output)}
    assert rows["Quora"]["type"] == "Company"
    assert int(rows["Quora"]["mentions"]) >= 5
    assert "Kora" in rows["Quora"]["variants"]


def _assert_clean_failure(result, tmp_out=None):
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: "), result.output
    if tmp_out is not None:
        assert not tmp_out.exists() or not any(tmp_out.iterdir())


@pytest.mark.parametrize("name", ["missing.txt", "empty.txt", "binary.txt", "latin1.txt", "header-only.txt"])
def test_bad_input_gives_one_line_and_writes_nothing(runner, tmp_path, name):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(DATA / name), "-o", str(out)])
    _assert_clean_failure(result, out)


def test_unwritable_output_folder(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(main, ["build", str(DATA / "mini.txt"), "-o", str(blocker / "out")])
    _assert_clean_failure(result)


def test_bad_query_and_graph(runner, sample_dir, tmp_path):
    _assert_clean_failure(runner.invoke(main, ["query", str(sample_dir / "a16z-sherwin-wu.ttl"), "SELECT nonsense"]))
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    _assert_clean_failure(runner.invoke(main, ["query", str(bad), "SELECT * WHERE { ?s ?p ?o }"]))
    _assert_clean_failure(runner.invoke(main, ["query", str(tmp_path / "none.ttl"), "SELECT * WHERE { ?s ?p ?o }"]))


def test_python_m_kg_says_the_package_version(runner):
    import subprocess
    import sys
    from importlib.metadata import version

    import kg

    assert kg.__version__ == version("kg"), "the version kg reports is the version pip installed"
    assert runner.invoke(main, ["--version"]).output == f"kg, version {kg.__version__}\n"
    result = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == f"kg, version {kg.__version__}\n"


def test_installed_kg_builds_outside_the_source_tree(tmp_path):
    """The README's command: the console script of the installed package, run away from this checkout,
    finds its ontology data inside the package and builds the sample."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "kg"
    if not script.exists():
        unavailable(f"no installed kg console script beside {sys.executable} (pip install '.[test]')")
    result = subprocess.run([str(script), "build", str(SAMPLE), "-o", str(tmp_path / "out"), "--no-cache", "-q"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Sherwin Wu" in (tmp_path / "out" / "a16z-sherwin-wu.ttl").read_text(encoding="utf-8")


def test_a_broken_or_missing_lexicon_is_one_line_before_any_work(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is @@ not turtle")
    for lexicon in (bad, tmp_path / "none.ttl"):
        result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--lexicon", str(lexicon)])
        _assert_clean_failure(result)
        assert str(lexicon) in result.output
    assert not (tmp_path / "out").exists()
