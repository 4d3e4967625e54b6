"""The language check: transcripts that are mostly not English are skipped with a one-line notice."""

from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract.episode import is_english
from kg.read.language import guess
from kg.read import read_transcript

from .conftest import DATA, SHARED

LANG = DATA / "lang"
FOREIGN = ["spanish.txt", "russian.txt", "german.txt", "french.txt", "italian.txt", "portuguese.txt", "dutch.txt"]


@pytest.mark.parametrize("name", FOREIGN)
def test_other_languages_are_not_english(name):
    assert not is_english(read_transcript(LANG / name))


def test_chinese_and_cyrillic_are_told_by_script():
    assert guess(" ".join(u.text for u in read_transcript(DATA / "chinese.txt").utterances)).script == "CJK"
    assert guess(" ".join(u.text for u in read_transcript(LANG / "russian.txt").utterances)).script == "CYRILLIC"


@pytest.mark.parametrize("name", ["mini.txt", "asr-databricks.txt", "talk.vtt", "formats/otter.txt",
                                  "formats/whisperx-words.json"])
def test_english_is_english(name):
    assert is_english(read_transcript(DATA / name))


def test_every_english_corpus_transcript_is_english():
    table = SHARED / "corpus" / "CORPUS.tsv"
    if not table.is_file():
        pytest.skip(f"{table} is absent")
    with table.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    wrong = [r["file"] for r in rows if is_english(read_transcript(SHARED / "corpus" / r["file"])) != (r["language"] == "en")]
    assert sum(r["language"] == "en" for r in rows) >= 139
    assert not wrong


def test_build_skips_other_languages_with_a_notice_and_keeps_english(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("spanish.txt", "russian.txt", "german.txt"):
        shutil.copy(LANG / name, folder / name)
    shutil.copy(DATA / "chinese.txt", folder / "chinese.txt")
    shutil.copy(DATA / "mini.txt", folder / "mini.txt")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-f", "ttl", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    notices = [line for line in result.output.splitlines() if "not English, skipped" in line]
    assert sorted(line.split("/")[-1].split(":")[0] for line in notices) == ["chinese.txt", "german.txt", "russian.txt",
                                                                             "spanish.txt"]
    assert sorted(p.name for p in out.iterdir()) == ["mini.ttl"]
    assert "Traceback" not in result.output


def test_language_en_forces_the_build(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(LANG / "spanish.txt"), "-o", str(out), "-f", "ttl", "--no-cache",
                                       "-q", "--language", "en"])
    assert result.exit_code == 0, result.output
    assert "not English" not in result.output
    assert (out / "spanish.ttl").is_file()
