"""Shared fixtures: the sample built once per test session, and paths to test data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "examples" / "a16z-sherwin-wu.txt"
SHARED = ROOT.parent / "shared"
ALL_FORMATS = ("ttl", "nt", "jsonld", "trig", "nq", "graphml", "json", "html")


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """The sample transcript built into every output format."""
    from kg.build import build

    out = tmp_path_factory.mktemp("sample")
    report = build([SAMPLE], out, ALL_FORMATS)
    assert not report.failures, report.failures
    return out


@pytest.fixture(scope="session")
def sample_result():
    """The per-episode extraction of the sample."""
    from kg.extract import extract_file

    return extract_file(str(SAMPLE))


def labels_of(result, top_type: str | None = None) -> set[str]:
    """Canonical names of a result's entities, optionally of one top type."""
    return {e.label for e in result.entities.values() if top_type is None or e.top_type == top_type}


def facts_of(result) -> set[tuple[str, str, str]]:
    """(subject label, predicate, object label) of a result's facts."""
    ents = result.entities
    return {(ents[f.subject].label, f.predicate, ents[f.object].label) for f in result.facts}
