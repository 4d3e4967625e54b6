"""Benchmark of loading the open-data knowledge base (``ontology/kb/*.tsv``), each step in a fresh process.

    python bench/bench_kb.py [--repeat 5] [--out bench/results-kb.json]

Steps (median of ``--repeat`` fresh processes each): reading the KB files alone (``load_kb``), the
whole lexicon (hand-written Turtle plus the KB, ``load_lexicon``), and the lexicon plus the matcher's
index (what a build worker pays once before its first transcript). Goal: under 3 s for the last.
Prints a Markdown table and writes the figures to a JSON file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STEPS = {
    "baseline: lexicon + matcher index without the KB": "import kg.extract.names.lexicon as L; L.kb_files = lambda: []; "
    "from kg.extract.names.matching import Matcher; r = Matcher(L.load_lexicon())",
    "read KB files (load_kb)": "from kg.extract.names.lexicon import load_kb as f; r = f()",
    "lexicon: hand Turtle + KB (load_lexicon)": "from kg.extract.names.lexicon import load_lexicon as f; r = f()",
    "lexicon + matcher index": "from kg.extract.names.lexicon import load_lexicon; from kg.extract.names.matching import Matcher; r = Matcher(load_lexicon())",
}
PROBE = """
import time
t0, c0 = time.perf_counter(), time.process_time()
{code}
print(time.perf_counter() - t0, time.process_time() - c0)
"""


def run_step(code: str) -> tuple[float, float]:
    """(wall, CPU) seconds one fresh process spends on ``code`` (imports of kg included, Python start-up
    not). CPU time is the figure that holds on a busy machine."""
    out = subprocess.run([sys.executable, "-c", PROBE.format(code=code)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    wall, cpu = out.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def counts() -> dict[str, int]:
    """Entries per KB file, and in the loaded lexicon (hand-written and KB)."""
    from kg.extract.names.lexicon import kb_files, load_lexicon, read_kb

    out = {p.stem: len(read_kb(p)[1]) for p in kb_files()}
    lexicon = load_lexicon()
    out["lexicon: hand-written"] = sum(1 for e in lexicon.entries.values() if e.prior is None)
    out["lexicon: knowledge base"] = sum(1 for e in lexicon.entries.values() if e.prior is not None)
    return out


def main() -> int:
    """Run every step ``--repeat`` times; print the table; write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results-kb.json")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    results = {name: sorted(run_step(code) for _ in range(args.repeat)) for name, code in STEPS.items()}
    sizes = counts()
    print("| step (fresh process, median of %d) | CPU s | CPU min / max | wall s | goal |" % args.repeat)
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        cpu = sorted(c for _, c in runs)
        goal = "< 3 s" if name == "lexicon + matcher index" else ""
        print(f"| {name} | {statistics.median(cpu):.2f} | {cpu[0]:.2f} / {cpu[-1]:.2f} | "
              f"{statistics.median(w for w, _ in runs):.2f} | {goal} |")
    print()
    print("| entries | count |")
    print("|---|---|")
    for name, n in sizes.items():
        print(f"| {name} | {n:,} |")
    args.out.write_text(json.dumps({"seconds": results, "entries": sizes}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
