"""Shared fixtures: the sample built once per test session, and paths to test data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "examples" / "a16z-sherwin-wu.txt"
# the dev set (transcripts, gold annotations, reference scorer) beside the checkout; KG_SHARED names another
# place (a git worktree one level deeper: KG_SHARED=/work/shared)
SHARED = Path(os.environ.get("KG_SHARED") or ROOT.parent / "shared")
ALL_FORMATS = ("ttl", "nt", "jsonld", "trig", "nq", "graphml", "json", "html")


def in_ci(env=os.environ) -> bool:
    """Running in continuous integration (CI=true, as GitHub Actions, GitLab CI and others set it)."""
    return env.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str, ci: bool | None = None) -> NoReturn:
    """A tool the tests need (one of kg's `.[test]` extras, or Chromium) is missing: skip with the
    reason on a developer's machine, FAIL in CI, where a missing tool is a broken set-up."""
    if in_ci() if ci is None else ci:
        pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """The sample transcript built into every output format."""
    from kg.build import build

    out = tmp_path_factory.mktemp("sample")
    report = build([SAMPLE], out, ALL_FORMATS)
    assert not report.failures, report.failures
    return out


@pytest.fixture(scope="module")
def store_dir(sample_dir, tmp_path_factory):
    """The sample's TriG and Turtle loaded into a store on disk."""
    from kg.cli import main

    path = tmp_path_factory.mktemp("store") / "kgstore"
    result = CliRunner().invoke(main, ["load", str(sample_dir / "a16z-sherwin-wu.trig"), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="session")
def sample_result():
    """The per-episode extraction of the sample."""
    from kg.extract.episode import extract_file

    return extract_file(str(SAMPLE))


def said(tmp_path, *lines: str):
    """Extract a transcript of ``lines``, one per second, the two voices taking turns."""
    from kg.extract.episode import extract_file

    transcript = tmp_path / "t.txt"
    transcript.write_text("".join(f"[00:00:{i:02d}] SPEAKER_0{i % 2}: {line}\n" for i, line in enumerate(lines)))
    return extract_file(str(transcript))


def decision_on(result, name: str):
    """The linker's decision on the candidate named ``name``."""
    return next(d for d in result.decisions if d.name == name)


def labels_of(result, top_type: str | None = None) -> set[str]:
    """Canonical names of a result's entities, optionally of one top type."""
    return {e.label for e in result.entities.values() if top_type is None or e.top_type == top_type}


def facts_of(result) -> set[tuple[str, str, str]]:
    """(subject label, predicate, object label) of a result's facts."""
    ents = result.entities
    return {(ents[f.subject].label, f.predicate, ents[f.object].label) for f in result.facts}


def dev_transcripts() -> list[tuple[str, Path, Path]]:
    """(stem, transcript, gold file) of each dev transcript in ../shared that has a gold annotation."""
    if not (SHARED / "gold").is_dir():
        return []
    return [(g.stem, SHARED / "transcripts" / f"{g.stem}.txt", g) for g in sorted((SHARED / "gold").glob("*.json"))
            if (SHARED / "transcripts" / f"{g.stem}.txt").is_file()]


@pytest.fixture(scope="session")
def dev_builds(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """The dev transcripts built once per session into Turtle: stem -> (graph file, gold file).

    Skips when ../shared (the transcripts and their gold annotations) is absent.
    """
    from kg.build import build

    dev = dev_transcripts()
    if not dev:
        pytest.skip(f"no dev set: {SHARED}/gold and {SHARED}/transcripts are absent")
    out = tmp_path_factory.mktemp("devset")
    report = build([t for _, t, _ in dev], out, ("ttl",))
    assert not report.failures, report.failures
    return {stem: (out / f"{stem}.ttl", gold) for stem, _, gold in dev}
