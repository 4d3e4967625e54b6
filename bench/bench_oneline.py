"""Peak memory of ``kg build`` on a mis-shaped transcript: one single line of ~1 MB (no speaker labels,
no line breaks, as a caption dump), made by joining real corpus transcripts' words.

    python bench/bench_oneline.py ../shared/corpus                 # this checkout
    python bench/bench_oneline.py ../shared/corpus --code /tmp/old  # another checkout of kg (e.g. git archive)

Each build runs in a fresh process; the figure is that process's peak RSS (``ru_maxrss`` of the child).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMED = re.compile(r"^\s*\[[\d:.,]+\]\s*(?:SPEAKER_\w+:\s*)?(.*)$")


def one_line(corpus: Path, size: int) -> str:
    """The words of the corpus's English transcripts (times and labels dropped), in name order, joined
    into one line and cut at ``size`` characters."""
    parts: list[str] = []
    total = 0
    for path in sorted(corpus.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = TIMED.match(line)
            if m and m.group(1).strip() and m.group(1).isascii():
                parts.append(m.group(1).strip())
                total += len(parts[-1]) + 1
        if total > size:
            break
    return " ".join(parts)[:size]


def build_rss(path: Path, out: Path, code: Path | None) -> tuple[float, int]:
    """(wall seconds, peak RSS in KB) of ``kg build path -f ttl --no-cache`` in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(code)) if code is not None else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", str(path), "-o", str(out), "-f", "ttl", "--no-cache", "-q"],
                   check=True, env=env, cwd=code)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return time.perf_counter() - start, max(peak, before)


def main() -> None:
    """Make the one-line file, build it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--size", type=int, default=990_000, help="characters of the one line")
    parser.add_argument("--code", type=Path, help="a checkout of kg to run instead of this one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "oneline.txt"
        path.write_text(one_line(args.corpus, args.size), encoding="utf-8")
        wall, kb = build_rss(path, Path(tmp) / "out", args.code)
        print(f"{path.stat().st_size:,} bytes on one line: kg build {wall:.0f} s wall, peak RSS {kb / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
