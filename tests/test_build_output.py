"""A build's output files: all of an episode's files or none. A full disk (ENOSPC) in the middle of
writing them leaves the previous set as it was (or nothing), no temp file, and one line."""

from __future__ import annotations

import errno
import os

from click.testing import CliRunner

from kg.cli import main

from .conftest import DATA

FORMATS = ["-f", "ttl", "-f", "nt", "-f", "json", "-f", "graphml"]


class DiskFull:
    """os.fdopen whose files accept ``files_ok`` whole files, then fail with ENOSPC halfway through."""

    def __init__(self, files_ok: int):
        self.real = os.fdopen
        self.left = files_ok

    def __call__(self, fd, *args, **kwargs):
        fh = self.real(fd, *args, **kwargs)
        if self.left > 0:
            self.left -= 1
            return fh
        real_write = fh.write

        def write(text):
            real_write(text[: len(text) // 2])
            fh.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        fh.write = write
        return fh


def build(transcript, out):
    """kg build in this process (so that the patched writer is the one used)."""
    return CliRunner().invoke(main, ["build", str(transcript), "-o", str(out), *FORMATS, "--no-cache", "-q"])


def snapshot(folder):
    """Every file of a folder (hidden temp files included) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_disk_full_leaves_no_partial_set_and_no_temp_file(tmp_path, monkeypatch):
    talk = tmp_path / "talk.txt"
    talk.write_text((DATA / "mini.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert build(talk, out).exit_code == 0
    before = snapshot(out)
    assert sorted(before) == ["talk.graphml", "talk.json", "talk.nt", "talk.ttl"]

    talk.write_text(talk.read_text(encoding="utf-8") + "\n[00:09:00] SPEAKER_01: I used to work at Microsoft.\n",
                    encoding="utf-8")
    for files_ok in range(4):
        monkeypatch.setattr(os, "fdopen", DiskFull(files_ok))
        result = build(talk, out)
        monkeypatch.undo()
        assert result.exit_code == 2, result.output
        assert "No space left on device" in result.output and len(result.output.strip().splitlines()) == 1
        assert snapshot(out) == before  # the old set, whole; no temp file

    fresh = tmp_path / "fresh"
    monkeypatch.setattr(os, "fdopen", DiskFull(2))
    assert build(talk, fresh).exit_code == 2
    monkeypatch.undo()
    assert snapshot(fresh) == {}
    assert build(talk, fresh).exit_code == 0 and len(snapshot(fresh)) == 4
