"""Commands that read graph files, given files that are not RDF (a build's GraphML or HTML, binary
bytes, a FIFO, JSON nested beyond any parser's stack): one line each, never a traceback or a hang."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import DATA

GOLD = DATA / "eval-mini-gold.json"


@pytest.fixture
def bad_files(tmp_path):
    """Files with RDF-like or other names whose content is not RDF."""
    files = {
        "page.html": "<html><body>a page</body></html>",
        "graph.graphml": '<?xml version="1.0"?><graphml></graphml>',
        "html.ttl": "<html><body>a page</body></html>",
        "deep.jsonld": "[" * 100_000 + "]" * 100_000,
    }
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    (tmp_path / "bytes.nt").write_bytes(b"\xff\xfe\x00garbage")
    paths.append(tmp_path / "bytes.nt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.ttl")
        paths.append(tmp_path / "fifo.ttl")
    return paths


def one_line(result) -> bool:
    """True when the command said what is wrong in one line and ended by itself."""
    return (result.exception is None or isinstance(result.exception, SystemExit)) and \
        len(result.output.strip().splitlines()) == 1 and result.output.startswith("kg: ")


def test_validate_says_which_files_are_not_rdf_and_checks_the_others(sample_dir, bad_files):
    good = sample_dir / "a16z-sherwin-wu.ttl"
    result = CliRunner().invoke(main, ["validate", *map(str, bad_files), str(good)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad_files) + 1
    assert all(line.startswith("kg: ") for line in lines[:-1])
    assert any("graph.graphml: not an RDF file" in line for line in lines)
    assert lines[-1] == f"{good}: valid, {lines[-1].split(', ')[1]}"


@pytest.mark.parametrize("command", ["view", "query", "entities", "eval"])
def test_other_commands_refuse_non_rdf_in_one_line(bad_files, tmp_path, command):
    for path in bad_files:
        args = {"view": [str(path), "-o", str(tmp_path / "page-out.html")],
                "query": [str(path), "ASK { ?s ?p ?o }"], "entities": [str(path)],
                "eval": [str(path), str(GOLD)]}[command]
        result = CliRunner().invoke(main, [command, *args])
        assert result.exit_code == 2 and one_line(result), (path.name, result.output, result.exception)
    assert not (tmp_path / "page-out.html").exists()
