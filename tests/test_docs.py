"""The README and the docs tell the truth: their commands run and print what they show.

See :mod:`tests.doc_commands` for the two kinds of block; `python -m tests.doc_commands --update FILE.md`
rewrites the shown output when a change is meant to change it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import doc_commands as dc

ROOT = dc.ROOT
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def _console_examples() -> list:
    params = []
    for doc in DOCS:
        for block in dc.blocks(doc.read_text(encoding="utf-8")):
            if block.lang == "console":
                for ex in dc.examples(block):
                    params.append(pytest.param(ex, id=f"{doc.name}:{ex.line + 1}"))
    return params


def _bash_blocks() -> list:
    return [pytest.param(block, id=f"{doc.name}:{block.start}")
            for doc in DOCS for block in dc.blocks(doc.read_text(encoding="utf-8")) if block.lang == "bash"]


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return dc.workspace()


@pytest.mark.parametrize("example", _console_examples())
def test_console_example_prints_what_it_shows(example, work):
    printed = dc.run(example, work)
    assert printed == example.shown, (
        f"`{example.command}` printed:\n" + "\n".join(printed)
        + "\n(run `python -m tests.doc_commands --update FILE.md` if the change is meant)")


@pytest.mark.parametrize("block", _bash_blocks())
def test_bash_block_names_real_commands_options_and_scripts(block):
    for args in dc.kg_commands(block):
        dc.check_kg_args(args)
    for script in dc.scripts_called(block):
        assert (ROOT / script).is_file(), f"{script} does not exist"


def test_the_checker_catches_a_wrong_option_and_a_wrong_output(work):
    """The checks above can fail: an option kg lacks and an output that differs are both caught."""
    import click

    with pytest.raises(click.UsageError):
        dc.check_kg_args(["build", "examples/x.txt", "-o", "out", "--no-such-option"])
    with pytest.raises(click.UsageError):
        dc.check_kg_args(["no-such-command"])
    ex = dc.Example("kg queries", ["this is not what kg prints"], 0)
    assert dc.run(ex, work) != ex.shown


def test_docs_name_only_files_that_exist():
    """Every repository path a document names in backticks (`kg/…`, `ontology/…`, `bench/…`…) exists."""
    missing = []
    for doc in DOCS:
        for path in re.findall(r"`((?:kg|ontology|bench|scripts|docs|tests|examples)/[\w./-]+)`", doc.read_text(encoding="utf-8")):
            if "*" not in path and not re.search(r"[A-Z]{3,}", path) and not (ROOT / path.rstrip("/")).exists():
                missing.append(f"{doc.name}: {path}")
    assert not missing, missing


def test_readme_is_a_guide_not_a_manual():
    """Issue #21: the README stays short (detail lives in docs/)."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 160, len(lines)
