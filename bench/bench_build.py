"""Benchmark of `kg build` on a whole collection, each figure next to its baseline from the same run.

    python bench/bench_build.py [CORPUS_DIR] [--out bench/results-build.json] [--skip-baseline]

Steps, each in a fresh Python process running a frozen copy of kg (so edits to the working tree
during the run change nothing), on a private copy of the corpus:

1. ``kg build -j2`` (fresh cache), 2. ``kg build -j1`` (fresh cache): words/s, wall time, peak RSS of
   the main process and of the worker processes; their output folders are compared byte for byte.
3. bare ``nlp.pipe`` of the same pipeline over the same turns of the same English episodes.
4. one episode's transcript changed (a line appended), ``kg build -j1`` again with the warm cache
   of step 2: wall time and how many episodes were processed; also a rebuild with nothing changed.

Prints a Markdown table and writes every figure to a JSON file.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BUILD_STEP = textwrap.dedent("""
    import json, resource, sys, time
    t0 = time.perf_counter()
    from kg.build import build
    from kg.cache import Cache
    from kg.executors import make_executor
    from kg.extract.episode import Options
    from kg.progress import Progress
    corpus, out, cache_dir, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    executor = make_executor("local", jobs)
    report = build([corpus], out, options=Options(),
                   progress=Progress("line", sys.stderr), executor=executor, cache=Cache(cache_dir))
    executor.close()
    wall = time.perf_counter() - t0
    words = sum(r.episode.words for r in report.results)
    print(json.dumps({
        "wall_s": wall, "english_words": words, "episodes": len(report.results),
        "processed": len(report.processed), "cached": len(report.cached), "failures": report.failures,
        "main_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpu_s": sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                     for f in ("ru_utime", "ru_stime")),
        "loadavg_end": __import__("os").getloadavg()[0],
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "results_pickle_mb": len(__import__("pickle").dumps(report.results)) / 2**20,
    }))
""")

PIPE_STEP = textwrap.dedent("""
    import json, resource, sys, time
    from kg.build import expand_inputs
    from kg.extract.episode import is_english
    from kg.extract.nlp import load_pipeline
    from kg.read import read_transcript
    corpus = sys.argv[1]
    nlp = load_pipeline()
    episodes = [e for e in (read_transcript(p) for p in expand_inputs([corpus])) if is_english(e)]
    words = sum(len(u.text.split()) for e in episodes for u in e.utterances)
    t0 = time.perf_counter()
    for e in episodes:
        for _ in nlp.pipe([t.text for t in e.turns()], batch_size=64):
            pass
    wall = time.perf_counter() - t0
    print(json.dumps({"wall_s": wall, "english_words": words, "episodes": len(episodes),
                      "cpu_s": resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
                      "main_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def snapshot(dest: Path) -> Path:
    """A frozen copy of kg's code and data to run the benchmark against."""
    shutil.copytree(ROOT / "kg", dest / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "ontology", dest / "ontology")
    return dest


def run_step(code: str, args: list[str], snap: Path, log: Path) -> dict:
    """Run one step in a fresh interpreter; its last stdout line is the JSON of its figures."""
    env = dict(os.environ, PYTHONPATH=str(snap), KG_CACHE_DIR="/nonexistent-use-explicit")
    with open(log, "a", encoding="utf-8") as err:
        proc = subprocess.run([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=err, text=True,
                              env=env, cwd=snap)
    if proc.returncode != 0:
        raise SystemExit(f"step failed ({proc.returncode}); see {log}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def same_tree(a: Path, b: Path) -> bool:
    """True when both folders hold the same files with the same bytes."""
    names_a = sorted(p.name for p in a.iterdir())
    names_b = sorted(p.name for p in b.iterdir())
    if names_a != names_b:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, names_a, shallow=False)
    return not mismatch and not errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--out", default=str(ROOT / "bench" / "results-build.json"))
    ap.add_argument("--skip-baseline", action="store_true", help="Skip the bare nlp.pipe baseline.")
    ap.add_argument("--sample", type=int, default=0, metavar="N",
                    help="Use N transcripts spread evenly over the sorted corpus instead of all of it.")
    ap.add_argument("--table", metavar="JSON", help="Only print the table of an earlier run's JSON file.")
    args = ap.parse_args()
    if args.table:
        print(table(json.loads(Path(args.table).read_text(encoding="utf-8"))))
        return

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    snap = snapshot(work / "snapshot")
    corpus = work / "corpus"
    shutil.copytree(args.corpus, corpus)
    if args.sample:
        files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
        keep = {files[round(i * len(files) / args.sample)] for i in range(args.sample)}
        for p in corpus.iterdir():
            if p not in keep:
                p.unlink()
    log = work / "steps.log"
    figures: dict = {"corpus": args.corpus, "cores": os.cpu_count(), "work": str(work), "sample": args.sample}
    print(f"bench: working in {work}; step logs in {log}", file=sys.stderr)

    def save() -> None:
        Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")

    for jobs in (2, 1):
        print(f"bench: kg build -j{jobs} ...", file=sys.stderr)
        figures[f"j{jobs}"] = run_step(BUILD_STEP, [str(corpus), str(work / f"out-j{jobs}"),
                                                   str(work / f"cache-j{jobs}"), str(jobs)], snap, log)
        save()
    figures["j1_j2_identical_bytes"] = same_tree(work / "out-j1", work / "out-j2")
    save()

    if not args.skip_baseline:
        print("bench: bare nlp.pipe ...", file=sys.stderr)
        figures["pipe"] = run_step(PIPE_STEP, [str(corpus)], snap, log)
        save()

    print("bench: rebuild with nothing changed ...", file=sys.stderr)
    figures["rebuild_unchanged"] = run_step(BUILD_STEP, [str(corpus), str(work / "out-j1"), str(work / "cache-j1"), "1"],
                                            snap, log)
    victim = next(p for p in sorted(corpus.iterdir()) if p.suffix == ".txt"
                  and sum(c.isascii() for c in p.read_text(encoding="utf-8", errors="replace")[:5000]) > 4500)
    with open(victim, "a", encoding="utf-8") as fh:
        fh.write("[99:00:00] SPEAKER_00: One more thing: Jensen Huang runs NVIDIA.\n")
    print(f"bench: rebuild after changing {victim.name} ...", file=sys.stderr)
    figures["rebuild_one_changed"] = run_step(BUILD_STEP, [str(corpus), str(work / "out-j1"), str(work / "cache-j1"), "1"],
                                              snap, log)
    figures["changed_episode"] = victim.name
    save()
    print(table(figures))


def table(f: dict) -> str:
    """The Markdown table of the figures."""
    j1, j2 = f["j1"], f["j2"]
    wps1 = j1["english_words"] / j1["wall_s"]
    wps2 = j2["english_words"] / j2["wall_s"]
    rows = [("figure", "kg", "baseline (same run)", "ratio", "goal")]
    if "pipe" in f:
        pipe = f["pipe"]["english_words"] / f["pipe"]["wall_s"]
        rows.append(("words/s, kg build -j1 vs bare nlp.pipe", f"{wps1:,.0f}", f"{pipe:,.0f}", f"{wps1 / pipe:.2f}×", "≥ 0.85×"))
    if "pipe" in f and "cpu_s" in j1:
        cpu1 = j1["english_words"] / j1["cpu_s"]
        cpu_pipe = f["pipe"]["english_words"] / f["pipe"]["cpu_s"]
        rows.append(("words per CPU-second, kg build -j1 vs bare nlp.pipe", f"{cpu1:,.0f}", f"{cpu_pipe:,.0f}",
                     f"{cpu1 / cpu_pipe:.2f}×", "≥ 0.85×"))
    rows.append(("words/s, -j2 vs -j1", f"{wps2:,.0f}", f"{wps1:,.0f}", f"{wps2 / wps1:.2f}×", "≥ 1.8×"))
    if "cpu_s" in j1:
        rows.append(("CPU seconds, -j2 vs -j1 (overhead of workers)", f"{j2['cpu_s']:.0f} s", f"{j1['cpu_s']:.0f} s",
                     f"{j2['cpu_s'] / j1['cpu_s']:.2f}×", ""))
    for name, label in (("rebuild_one_changed", "one episode changed"), ("rebuild_unchanged", "nothing changed")):
        r = f[name]
        rows.append((f"rebuild, {label} (episodes processed: {r['processed']})", f"{r['wall_s']:.1f} s",
                     f"{j1['wall_s']:.1f} s (full -j1)", f"{100 * r['wall_s'] / j1['wall_s']:.2f} %", "≤ 2 %"))
    rows.append(("peak RSS, main process, -j2", f"{j2['main_peak_rss_mb']:.0f} MB",
                 f"{j2['worker_peak_rss_mb']:.0f} MB (largest worker)", "", "bounded by the merged graph"))
    rows.append(("peak RSS, -j1 (all in one process)", f"{j1['main_peak_rss_mb']:.0f} MB",
                 f"{j2['results_pickle_mb']:.1f} MB (all results, pickled)", "", ""))
    rows.append(("-j1 and -j2 outputs byte-identical", str(f["j1_j2_identical_bytes"]), "", "", "True"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    extra = (f"\n{j1['episodes']} English episodes, {j1['english_words']:,} words; -j1 {j1['wall_s']:.0f} s, "
             f"-j2 {j2['wall_s']:.0f} s; {f['cores']} cores; 1-min load average at the end of -j1 / -j2: "
             f"{j1.get('loadavg_end', 0):.1f} / {j2.get('loadavg_end', 0):.1f}.")
    return "\n".join(lines) + extra


if __name__ == "__main__":
    main()
