"""Voices and relations on the dev transcripts as other tools export them: without the markdown header.

    .venv/bin/python scripts/headerless_voices.py [--shared DIR] [--variants header,nohdr,srt] [--only STEM ...]
                                                  [--neutral-stem] [--keep DIR]

For each dev transcript (``DIR/transcripts/*.txt``, gold in ``DIR/gold``) it writes each variant —
``header`` (the file as it is), ``nohdr`` (the header lines, '#' and '**', dropped), ``srt`` (caption
cues of 9 words, a '[SPEAKER_xx]' tag on each change of speaker, no header, as many diarized SRT
exports) — builds them all with ``kg build`` and scores them with ``DIR/eval/score.py``: speakers
right/wrong/missed and relation F1 per transcript and variant, then the totals. ``--neutral-stem``
names the variant files ``episode-N`` so that the file name gives no hint of the guest. The shared
dev set is not part of the repository: without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

LINE = re.compile(r"\[(\d+):(\d+):(\d+)\]\s*(?:(\w+):)?\s*(.*)")


def strip_header(text: str) -> str:
    """The transcript without its markdown header lines ('# title', '**Podcast:** ...')."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(("#", "**")))


def _turns(text: str) -> list[list]:
    """(second, label or None, words) per timestamped line; continuation lines join the previous one."""
    turns: list[list] = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            h, mi, s, spk, words = m.groups()
            turns.append([int(h) * 3600 + int(mi) * 60 + int(s), spk, words])
        elif turns and line.strip() and not line.startswith(("#", "**", "---")):
            turns[-1][2] += " " + line.strip()
    return turns


def _stamp(x: float) -> str:
    return f"{int(x // 3600):02d}:{int(x % 3600 // 60):02d}:{int(x % 60):02d},{int((x % 1) * 1000):03d}"


def to_srt(text: str, cue_words: int = 9) -> str:
    """The transcript as SRT: cues of ``cue_words`` words, a '[LABEL] ' tag where the speaker changes."""
    turns = _turns(text)
    out, n, last = [], 0, None
    for i, (t, spk, words_text) in enumerate(turns):
        words = words_text.split()
        nxt = turns[i + 1][0] if i + 1 < len(turns) else t + len(words) * 0.4
        per = max(nxt - t, 0.5) / max(len(words), 1)
        for j in range(0, len(words), cue_words):
            n += 1
            tag = ""
            if spk and spk != last and j == 0:
                tag, last = f"[{spk}] ", spk
            end = t + min(j + cue_words, len(words)) * per
            out.append(f"{n}\n{_stamp(t + j * per)} --> {_stamp(end)}\n{tag}{' '.join(words[j:j + cue_words])}\n")
    return "\n".join(out)


VARIANTS = {"header": (".txt", lambda text: text), "nohdr": (".txt", strip_header), "srt": (".srt", to_srt)}


def _score_module(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--variants", default="header,nohdr,srt")
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--neutral-stem", action="store_true")
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    if not (args.shared / "eval" / "score.py").exists():
        print(f"headerless_voices: no dev set at {args.shared} (needs transcripts/, gold/, eval/score.py); skipped")
        return 0
    variants = args.variants.split(",")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-headerless-"))
    src, out = work / "in", work / "out"
    src.mkdir(parents=True, exist_ok=True)
    stems = sorted(p.stem for p in (args.shared / "gold").glob("*.json") if not args.only or p.stem in args.only)
    names = {}
    for i, stem in enumerate(stems):
        text = (args.shared / "transcripts" / f"{stem}.txt").read_text(encoding="utf-8")
        for variant in variants:
            suffix, convert = VARIANTS[variant]
            name = f"{variant}--{'episode-%d' % i if args.neutral_stem and variant != 'header' else stem}"
            (src / f"{name}{suffix}").write_text(convert(text), encoding="utf-8")
            names[(stem, variant)] = name
    build = [sys.executable, "-m", "kg", "build", *sorted(str(p) for p in src.iterdir()), "-o", str(out), "-j", "2",
             "-f", "ttl", "--no-cache"]
    done = subprocess.run(build, capture_output=True, text=True)
    if done.returncode != 0:
        print("build failed:", done.stderr.strip().splitlines()[-1:] or done.returncode)
        return 1
    report(args.shared, stems, variants, names, out)
    print(f"(inputs and graphs in {work})")
    return 0


def report(shared: Path, stems: list[str], variants: list[str], names: dict, out: Path) -> None:
    """Print voices right/wrong/gold and relation F1 per transcript and variant, and the totals."""
    sc = _score_module(shared)
    onto = [Path("ontology")]
    totals = {v: [0, 0, 0, 0.0] for v in variants}
    print(f"{'transcript':34s}" + "".join(f"{v + ' voices':>16s}{'rel F1':>8s}" for v in variants))
    for stem in stems:
        gold = json.loads((shared / "gold" / f"{stem}.json").read_text())
        row = f"{stem:34s}"
        for v in variants:
            ttl = out / f"{names[(stem, v)]}.ttl"
            graph = sc.load([ttl, *onto])
            result, voices = sc.score(graph, gold), sc.speaker_score(graph, gold)
            f1 = result["relations"]["f1"]
            t = totals[v]
            t[0], t[1], t[2], t[3] = t[0] + voices["right"], t[1] + voices["wrong"], t[2] + voices["gold_named"], t[3] + f1
            row += f"{'%d/%d w%d' % (voices['right'], voices['gold_named'], voices['wrong']):>16s}{f1:8.2f}"
        print(row)
    print(f"{'total (mean rel F1)':34s}" + "".join(
        f"{'%d/%d w%d' % (t[0], t[2], t[1]):>16s}{t[3] / max(len(stems), 1):8.2f}" for t in totals.values()))


if __name__ == "__main__":
    sys.exit(main())
