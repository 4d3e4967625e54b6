"""Bad input to ``kg build``: one line per bad file, a non-zero exit, no traceback, nothing half-written.

Plus a bounded, seeded fuzz test: mutated transcripts, headers and URLs through the readers (a few
hundred cases), and a folder of mutated files through a whole ``kg build``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.read import parse_transcript

from .conftest import DATA

SAMPLES = sorted((DATA / "formats").iterdir()) + [DATA / "mini.txt", DATA / "talk.vtt", DATA / "talk.srt"]


def _build(*args: str) -> tuple[int, list[str]]:
    """Exit code and the lines printed by an in-process ``kg build`` (no progress)."""
    result = CliRunner().invoke(main, ["build", *args, "--no-cache", "--progress", "none"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, the words its one-line error must have)."""
    rng = random.Random(1)
    cases: dict[str, tuple[bytes, str]] = {
        "deep.json": (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        "deep-object.json": (b'{"segments": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001, "nested too deeply"),
        "huge-int.json": (b'{"segments": [{"start": ' + b"9" * 50_000 + b', "text": "hi"}]}', "invalid JSON"),
        "no-segments.json": (b'{"title": "x", "segments": "none"}', "JSON has no"),
        "null.json": (b"null", "JSON has no"),
        "wrong-types.json": (b'{"segments": [{"text": 5, "start": "x"}, {"text": null}, 7]}', "no transcript lines"),
        "binary.txt": (bytes(rng.randrange(256) for _ in range(5000)), ""),
        "controls.txt": ("".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)).encode() * 50, "binary file"),
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b"  \n\n\t\n", "empty file"),
        "bom-only.txt": (b"\xef\xbb\xbf\n", "empty file"),
        "latin1.txt": ("[00:00:01] SPEAKER_00: Caf\u00e9 at Google.\n".encode("latin-1"), "not valid UTF-8"),
        "bad-utf16.txt": (b"\xff\xfe" + b"\x00\xd8" * 10, "not valid UTF-16"),
        "cues-only.vtt": (b"WEBVTT\n\n00:01.000 --> 00:02.000\n\n", "no transcript lines"),
        "header-only.txt": (b"# Title\n**Podcast:** x\n---\n", "no transcript lines"),
        "header-row-only.csv": (b"Speaker,Start,Text\n", "no transcript lines"),
        "huge-field.csv": (b'speaker,text\nJane,"' + b"a" * 200_000 + b'"\n', "unreadable table"),
    }
    out = {}
    for name, (data, words) in cases.items():
        (tmp / name).write_bytes(data)
        out[name] = (tmp / name, words)
    return out


def test_every_bad_file_is_one_line_and_nothing_is_written(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = _bad_files(folder)
    out = tmp_path / "out"
    for name, (path, words) in bad.items():
        code, lines = _build(str(path), "-o", str(out))
        assert code != 0, name
        assert len(lines) == 1 and lines[0].startswith(f"kg: {path}: ") and words in lines[0], (name, lines)
    assert not out.exists() or not any(out.iterdir())


def test_a_folder_with_bad_files_still_builds_the_good_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = _bad_files(folder)
    for name in ("mini.txt", "talk.vtt"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "out"
    code, lines = _build(str(folder), "-o", str(out), "-f", "ttl")
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["collection.nq", "collection.trig", "mini.ttl", "talk.ttl"]
    failed = [line for line in lines if line.startswith("kg: ") and "wrote" not in line]
    assert len(failed) == len(bad), lines  # the FIFO in a folder is not a transcript: passed over


def test_special_files_and_paths_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    long_name = tmp_path / ("x" * 300 + ".txt")
    long_path = tmp_path / "/".join(["d" * 200] * 30) / "a.txt"
    cases = [(fifo, "not a regular file"), (Path("/dev/zero"), "not a regular file"),
             (long_name, "file name too long"), (long_path, "file name too long"),
             (tmp_path / "missing.txt", "no such file"), (tmp_path, "no transcripts given")]
    for path, words in cases:
        # a subprocess with a bound: a regression here would hang or eat all memory, not fail
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(path), "-o", str(tmp_path / "out"), "--no-cache"],
                              capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode != 0 and len(lines) == 1 and words in lines[0], (str(path)[:60], proc.stderr[-500:])
        assert "Traceback" not in proc.stderr


def test_size_limit_is_a_clear_message(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("[00:00:01] SPEAKER_00: I worked at Google.\n" * 100, encoding="utf-8")
    code, lines = _build(str(path), "-o", str(tmp_path / "out"), "--max-input-size", "0.001")
    assert code == 1 and len(lines) == 1 and "larger than the input limit of 1048 bytes" in lines[0]


def test_unreadable_file_in_a_folder(tmp_path, monkeypatch):
    import kg.read.source as source

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "locked.txt").write_text("[00:00:01] SPEAKER_00: Hi.\n", encoding="utf-8")
    real_open = os.open

    def deny(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(source.os, "open", deny)  # root reads anything: the refusal is simulated
    code, lines = _build(str(folder), "-o", str(tmp_path / "out"))
    assert code == 1 and lines == [f"kg: {folder / 'locked.txt'}: cannot read (Permission denied)"]


def test_file_name_not_utf8(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_bytes((DATA / "mini.txt").read_bytes())
    code, lines = _build(str(tmp_path / name), "-o", str(tmp_path / "out"))
    assert code == 1 and len(lines) == 1 and "file name is not valid UTF-8" in lines[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_bom_exports_are_read(encoding, tmp_path):
    path = tmp_path / "talk.txt"
    path.write_bytes((DATA / "mini.txt").read_text(encoding="utf-8").encode(encoding))
    ep = parse_transcript(path, path.read_bytes())
    assert ep.utterances[0].text == parse_transcript(DATA / "mini.txt", (DATA / "mini.txt").read_bytes()).utterances[0].text


# --- fuzz --------------------------------------------------------------------------------------------

_JUNK = ["[", "]", "{", "}", "<v ", ">", "-->", "**", ":", "\x00", "\ufeff", "\u2028", "\ud7ff", "𝔘", "漢字", "\t",
         "[00:00:", "99:99:99", "SPEAKER_", "<v Jane Smith>", "\"", "\\", "&amp;", "\r", "\n\n", "0" * 40, "-1e999"]
_HEADERS = ["# {t}\n**Podcast:** {t}\n**Date:** {t}\n**Video URL:** {u}\n---\n", "# {t}\n**URL:** {u}\n\n"]
_URLS = ["https://www.youtube.com/watch?v=abc[1]", "http://x/<y>", "javascript:alert(1)", "https://ex.org/a b\"c",
         "file:///etc/passwd", "https://例え.jp/パス?q=1#f", "", " ", "https://x.org/" + "a" * 3000]


def _mutate(rng: random.Random, data: str, headers: bool = True) -> str:
    """One seeded mutation: junk inserted, a slice cut or repeated, a header with an odd URL, or truncation."""
    kind = rng.randrange(6)
    while kind == 3 and not headers:
        kind = rng.randrange(6)
    pos = rng.randrange(len(data) + 1)
    if kind == 0:
        return data[:pos] + rng.choice(_JUNK) * rng.randint(1, 20) + data[pos:]
    if kind == 1:
        end = min(len(data), pos + rng.randint(1, 80))
        return data[:pos] + data[end:]
    if kind == 2:
        end = min(len(data), pos + rng.randint(1, 200))
        return data[:end] + data[pos:end] * rng.randint(2, 30) + data[end:]
    if kind == 3:
        title = "".join(rng.choice(_JUNK + ["Jane", " "]) for _ in range(rng.randint(0, 12)))
        return rng.choice(_HEADERS).format(t=title, u=rng.choice(_URLS)) + data
    if kind == 4:
        return data[:pos]
    return "".join(ch if rng.random() > 0.05 else chr(rng.randrange(0x20, 0x3000)) for ch in data)


def _check_parse(path: Path, data: bytes) -> str:
    try:
        ep = parse_transcript(path, data)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path)), str(exc)
        return "error"
    assert ep.utterances and all(u.text.strip() for u in ep.utterances)
    assert all(len(u.text) <= 1500 for u in ep.utterances)
    ep.turns()
    return "read"


def test_fuzz_readers_never_raise_anything_but_a_one_line_error(tmp_path):
    rng = random.Random(17)
    outcomes = {"read": 0, "error": 0}
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    for i in range(400):
        k = rng.randrange(len(SAMPLES))
        text = texts[k]
        for _ in range(rng.randint(1, 4)):
            text = _mutate(rng, text)
        data = text.encode("utf-8", "surrogatepass") if rng.random() > 0.1 else text.encode("utf-16")
        outcomes[_check_parse(tmp_path / f"case{i}{SAMPLES[k].suffix}", data)] += 1
    assert outcomes["read"] > 200 and outcomes["error"] > 10, outcomes


def test_fuzz_json_shapes(tmp_path):
    rng = random.Random(3)
    values = [None, True, 0, -1.5, 1e308, "x", "", [], {}, "SPEAKER_00", "Jane Smith", [1, 2], {"a": 1}, "\ud800",
              "punctuation", "0.5", [{"content": "hi"}]]
    keys = ["segments", "speakers", "speakerLabel", "speaker", "text", "start", "utterances", "words", "title", "url",
            "audio_url", "word", "results", "items", "alternatives", "channels", "content", "start_time", "type",
            "punctuated_word"]
    for i in range(300):
        def value(depth: int = 0):
            if depth < 3 and rng.random() < 0.4:
                return {rng.choice(keys): value(depth + 1) for _ in range(rng.randint(0, 4))}
            if depth < 3 and rng.random() < 0.3:
                return [value(depth + 1) for _ in range(rng.randint(0, 5))]
            return rng.choice(values)
        data = json.dumps(value(), ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
        _check_parse(tmp_path / f"case{i}.json", data)


def test_fuzz_folder_build_writes_what_built_and_the_collection(tmp_path):
    rng = random.Random(5)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        sample = rng.choice(SAMPLES)
        text = sample.read_text(encoding="utf-8")
        for _ in range(rng.randint(1, 3)):
            # header URLs too: a media URL that is no IRI is cleaned or dropped where IRIs are minted (kg.graph.iri)
            text = _mutate(rng, text) if rng.random() < 0.5 else text
        (folder / f"m{i}{sample.suffix}").write_bytes(text.encode("utf-8", "surrogatepass"))
    (folder / "mini.txt").write_bytes((DATA / "mini.txt").read_bytes())
    out = tmp_path / "out"
    code, lines = _build(str(folder), "-o", str(out), "-f", "ttl")
    failed = {line.split(": ")[1].split("/")[-1] for line in lines if line.startswith("kg: ") and "skipped" not in line}
    built = sorted(p.stem for p in out.glob("*.ttl"))
    assert "mini" in built
    assert code == (1 if failed else 0)
    assert not {Path(name).stem for name in failed} & set(built)
    assert len(built) >= 2, built
    assert (out / "collection.trig").is_file() and (out / "collection.nq").is_file()
