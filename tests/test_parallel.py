"""-j N and the Dask executor give the same bytes as a run in one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import InputError
from kg.executors import PoolExecutor, make_executor

from .conftest import DATA, unavailable

EPISODES = [*sorted((DATA / "collection").glob("*.txt")), DATA / "mini.txt"]
FORMATS = ("ttl", "nt", "jsonld", "trig", "nq", "graphml", "json", "html")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> dict[str, bytes]:
    """Every output of the small collection built in this process."""
    out = tmp_path_factory.mktemp("serial")
    report = build(EPISODES, out, FORMATS)
    assert not report.failures and len(report.processed) == 4
    return _files(out)


def test_two_worker_processes_give_identical_bytes(serial, tmp_path):
    report = build(EPISODES, tmp_path, FORMATS, executor=PoolExecutor(2))
    assert not report.failures and sorted(report.processed) == sorted(p.stem for p in EPISODES)
    assert _differing(_files(tmp_path), serial) == []
    assert "collection.trig" in serial and "collection.nq" in serial


def test_dask_local_cluster_gives_identical_bytes(serial, tmp_path):
    try:
        import distributed  # noqa: F401
    except ImportError:
        unavailable("dask.distributed is not installed (pip install '.[test]')")
    executor = make_executor("dask", 2)
    try:
        workers = executor.client.scheduler_info()["workers"]
        assert len(workers) == 2
        report = build(EPISODES, tmp_path, FORMATS, executor=executor)
    finally:
        executor.close()
    assert not report.failures
    assert _differing(_files(tmp_path), serial) == []


def test_cli_jobs_option(tmp_path):
    result = CliRunner().invoke(main, ["build", *map(str, EPISODES[:2]), "-o", str(tmp_path), "-j", "2", "--no-cache", "-f", "nq"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chip-wars.nq", "collection.nq", "collection.trig", "gpu-talk.nq"]


def test_bad_executor_options_are_one_line_errors():
    with pytest.raises(InputError):
        make_executor("local", 0)
    with pytest.raises(InputError):
        make_executor("local", 1, scheduler="tcp://127.0.0.1:8786")
    result = CliRunner().invoke(main, ["build", str(EPISODES[0]), "-o", "x", "-j", "0"])
    assert result.exit_code == 2 and "Traceback" not in result.output
