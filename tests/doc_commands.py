"""Run the commands that the README and the docs show, so that an example whose output changes fails CI.

Two kinds of fenced block are checked:

- ```` ```console ```` blocks hold ``$ command`` lines, each followed by the output it prints. Every command
  is run with ``bash`` in a scratch copy of ``examples/`` and ``outputs/`` (``kg`` is this checkout's kg),
  and its standard output must be exactly the lines shown.
- ```` ```bash ```` blocks hold commands that set things up or run long (``kg serve``): every ``kg`` command
  in them must name a real command and real options (click parses it without running it), and every
  script they call must exist.

``python -m tests.doc_commands --update README.md docs/*.md`` rewrites the shown output of every console
block from a fresh run, for a change that is meant to change it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Block:
    """One fenced block of a document: its language, its lines and where it starts (0-based line)."""

    lang: str
    lines: list[str]
    start: int


@dataclass
class Example:
    """One ``$ command`` of a console block and the output shown under it."""

    command: str
    shown: list[str]
    line: int


def blocks(text: str) -> list[Block]:
    """The fenced blocks of a markdown text, in order."""
    found, current, lines = [], None, text.splitlines()
    for i, line in enumerate(lines):
        m = FENCE.match(line.strip())
        if not m:
            if current is not None:
                current.lines.append(line)
            continue
        if current is None:
            current = Block(m.group(1), [], i + 1)
        else:
            found.append(current)
            current = None
    return found


def examples(block: Block) -> list[Example]:
    """The ``$ command`` lines of a console block (``\\`` continues a command) with their shown output."""
    out: list[Example] = []
    i = 0
    while i < len(block.lines):
        line = block.lines[i]
        if not line.startswith("$ "):
            if out:
                out[-1].shown.append(line)
            i += 1
            continue
        command, start = line[2:], block.start + i
        while command.endswith("\\") and i + 1 < len(block.lines):
            i += 1
            command = command + "\n" + block.lines[i]
        out.append(Example(command, [], start))
        i += 1
    for ex in out:
        while ex.shown and not ex.shown[-1].strip():
            ex.shown.pop()
    return out


def workspace() -> Path:
    """A scratch folder holding copies of ``examples/`` and ``outputs/`` and a ``bin/kg`` that runs this checkout."""
    work = Path(tempfile.mkdtemp(prefix="kg-doc-"))
    for name in ("examples", "outputs"):
        shutil.copytree(ROOT / name, work / name)
    (work / "bin").mkdir()
    shim = work / "bin" / "kg"
    shim.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m kg \"$@\"\n")
    shim.chmod(0o755)
    return work


def run(example: Example, work: Path) -> list[str]:
    """Run one example in the workspace; its standard output as lines (trailing spaces dropped)."""
    env = {**os.environ, "PATH": f"{work / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT), "KG_CACHE_DIR": str(work / "cache"), "COLUMNS": "200"}
    command = example.command.replace(".venv/bin/kg", "kg")
    proc = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                          text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"`{example.command}` exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    lines = [line.rstrip() for line in proc.stdout.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def kg_commands(block: Block) -> list[list[str]]:
    """The argument lists of the ``kg`` commands in a bash block (after ``kg``; comments dropped)."""
    text = "\n".join(block.lines).replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line.split(" #")[0]):
            words = shlex.split(part, comments=True)
            if words and words[0] in ("kg", ".venv/bin/kg"):
                found.append(words[1:])
    return found


def check_kg_args(args: list[str]) -> None:
    """Raise if ``kg ARGS`` names no command or an option it does not have (parsed, never run)."""
    import click

    from kg.cli import main

    ctx = main.make_context("kg", list(args), resilient_parsing=True)
    if not args or args[0].startswith("-"):
        return
    name, cmd, rest = main.resolve_command(ctx, list(args))
    if cmd is None:
        raise click.UsageError(f"kg has no command {args[0]!r}")
    with cmd.make_context(name, rest):
        pass


def scripts_called(block: Block) -> list[str]:
    """Paths of the repository scripts a bash block calls (``bash scripts/x.sh``)."""
    return re.findall(r"bash\s+(scripts/\S+)", "\n".join(block.lines))


def update(paths: list[Path]) -> None:
    """Rewrite the shown output of every console block of these documents from a fresh run."""
    work = workspace()
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        for block in reversed(blocks("\n".join(lines))):
            if block.lang != "console":
                continue
            new: list[str] = []
            for ex in examples(block):
                new.append(f"$ {ex.command}")
                new += run(ex, work)
                new.append("")
            if new and not new[-1]:
                new.pop()
            end = block.start + len(block.lines)
            lines[block.start:end] = "\n".join(new).splitlines()
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"updated {path}")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "--update":
        sys.exit("usage: python -m tests.doc_commands --update FILE.md...")
    update([Path(p) for p in sys.argv[2:]])
