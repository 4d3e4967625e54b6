"""Entities, relations and voices on the dev transcripts as other speech-to-text tools export them.

    .venv/bin/python scripts/headerless_voices.py [--shared DIR] [--variants header,nohdr,srt,...]
                                                  [--only STEM ...] [--neutral-stem] [--per-file] [--keep DIR]

For each dev transcript (``DIR/transcripts/*.txt``, gold in ``DIR/gold``) it writes each variant of
``scripts/export_variants.py`` — the file as it is (``header``), without its header (``nohdr``), SRT,
WebVTT (WhisperX's ``[SPEAKER_00]:``, voice tags, voice tags that are names), Whisper and WhisperX
JSON, diarized markdown — builds them all with ``kg build`` and scores them with ``DIR/eval/score.py``:
per variant the mean entity and relation precision/recall/F1 over the transcripts and the voices
right/wrong of the gold's named ones (``--per-file``: each transcript's too). ``--neutral-stem``
names the variant files ``episode-N`` so that the file name gives no hint of the guest. The shared
dev set is not part of the repository: without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_variants import VARIANTS, gold_voice_names, strip_header, to_srt  # noqa: E402,F401  (tests use the two converters)

DEFAULT = "header,nohdr,srt,vtt,vttv,vttname,whisper,whisperx,md,mdh,mdtable,csv,word"


def _score_module(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_inputs(shared: Path, stems: list[str], variants: list[str], src: Path, neutral: bool) -> dict:
    """Write every variant of every transcript into ``src``; return (stem, variant) -> file stem."""
    names = {}
    for i, stem in enumerate(stems):
        text = (shared / "transcripts" / f"{stem}.txt").read_text(encoding="utf-8")
        gold = json.loads((shared / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        for variant in variants:
            suffix, convert = VARIANTS[variant]
            name = f"{variant}--{'episode-%d' % i if neutral and variant != 'header' else stem}"
            (src / f"{name}{suffix}").write_text(convert(text, gold), encoding="utf-8")
            names[(stem, variant)] = name
    return names


def main() -> int:
    """Write, build and score the variants (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--variants", default=DEFAULT)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--neutral-stem", action="store_true")
    ap.add_argument("--per-file", action="store_true")
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    if not (args.shared / "eval" / "score.py").exists():
        print(f"headerless_voices: no dev set at {args.shared} (needs transcripts/, gold/, eval/score.py); skipped")
        return 0
    variants = args.variants.split(",")
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        print(f"headerless_voices: unknown variant(s) {', '.join(unknown)} (choose from {', '.join(VARIANTS)})")
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-headerless-"))
    src, out = work / "in", work / "out"
    src.mkdir(parents=True, exist_ok=True)
    stems = sorted(p.stem for p in (args.shared / "gold").glob("*.json") if not args.only or p.stem in args.only)
    names = write_inputs(args.shared, stems, variants, src, args.neutral_stem)
    build = [sys.executable, "-m", "kg", "build", *sorted(str(src / f"{n}{VARIANTS[v][0]}") for (_, v), n in names.items()),
             "-o", str(out), "-j", "2", "-f", "ttl", "--no-cache"]
    done = subprocess.run(build, capture_output=True, text=True)
    if done.returncode != 0:
        print("build failed:", done.stderr.strip().splitlines()[-1:] or done.returncode)
        return 1
    report(args.shared, stems, variants, names, out, args.per_file)
    print(f"(inputs and graphs in {work})")
    return 0


def _gold_voices(variant: str, gold: dict) -> dict:
    """The gold with its voices keyed by the labels the variant gives them (``vttname``: the names)."""
    if variant != "vttname":
        return gold
    names = gold_voice_names(gold)
    return {**gold, "speakers": {names.get(label, label): value for label, value in gold["speakers"].items()}}


def report(shared: Path, stems: list[str], variants: list[str], names: dict, out: Path, per_file: bool) -> None:
    """Print, per variant, mean entity and relation P/R/F1 and voices right/gold (wrong); per file with ``per_file``."""
    sc = _score_module(shared)
    onto = [Path("ontology")]
    keys = ("ent_p", "ent_r", "ent_f", "rel_p", "rel_r", "rel_f")
    totals = {v: dict.fromkeys(keys + ("right", "wrong", "gold"), 0.0) for v in variants}
    for stem in stems:
        gold = json.loads((shared / "gold" / f"{stem}.json").read_text())
        for v in variants:
            graph = sc.load([out / f"{names[(stem, v)]}.ttl", *onto])
            result, voices = sc.score(graph, gold), sc.speaker_score(graph, _gold_voices(v, gold))
            e, r = result["entities"], result["relations"]
            row = dict(zip(keys, (e["precision"], e["recall"], e["f1"], r["precision"], r["recall"], r["f1"])))
            row.update(right=voices["right"], wrong=voices["wrong"], gold=voices["gold_named"])
            for k, x in row.items():
                totals[v][k] += x
            if per_file:
                print(f"{stem:34s} {v:9s} entity F1 {row['ent_f']:.2f}  relation F1 {row['rel_f']:.2f}  "
                      f"voices {row['right']}/{row['gold']} w{row['wrong']}")
    n = max(len(stems), 1)
    print(f"{'variant':10s} {'entity P':>9s} {'R':>6s} {'F1':>6s} {'rel P':>7s} {'R':>6s} {'F1':>6s} {'voices':>12s}")
    for v, t in totals.items():
        print(f"{v:10s} {t['ent_p'] / n:9.3f} {t['ent_r'] / n:6.3f} {t['ent_f'] / n:6.3f} {t['rel_p'] / n:7.3f} "
              f"{t['rel_r'] / n:6.3f} {t['rel_f'] / n:6.3f} {'%d/%d w%d' % (t['right'], t['gold'], t['wrong']):>12s}")


if __name__ == "__main__":
    sys.exit(main())
