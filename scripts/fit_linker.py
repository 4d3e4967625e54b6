"""Fit the linker's weights on the dev gold and write ``ontology/weights/linker.json``.

    .venv/bin/python scripts/fit_linker.py TRANSCRIPTS_DIR GOLD_DIR [--l2 1.0] [--accept 0.5]

Every dev transcript is parsed once; the candidates the linker weighs (names no lexicon knows,
lexicon names that are also words) get a gold label (1 when their names are a gold entity of their
type that no surer path found); a logistic regression (numpy, Newton steps, L2 penalty) is fitted on
all of them. The file's header says on what and how it was fitted. Check it with
``kg eval --dev TRANSCRIPTS_DIR GOLD_DIR``: the leave-one-out figures are the ones that count.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.devset import load_dev
from kg.extract.episode import Options
from kg.extract.names.linking import FEATURES, SURE, fit, weights_path


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, fit, write the weights file."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("transcripts")
    ap.add_argument("gold")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the weights (not the bias)")
    ap.add_argument("--accept", type=float, default=0.5, help="threshold written into the file")
    ap.add_argument("-o", "--output", default=str(weights_path()))
    args = ap.parse_args(argv)
    files = load_dev(args.transcripts, args.gold, Options(), progress=lambda s: print(f"parsing {s}", file=sys.stderr))
    rows = [r for f in files for r in f.rows]
    labels = [y for f in files for y in f.labels]
    weights = fit(rows, labels, args.l2)
    data = {
        "fitted": "logistic regression (Newton, L2 penalty on all weights but the bias) by scripts/fit_linker.py",
        "on": {"files": [f.stem for f in files], "candidates": len(rows), "positives": sum(labels)},
        "l2": args.l2,
        "features": list(FEATURES),
        "accept": args.accept,
        "sure": list(SURE),
        "weights": weights,
    }
    Path(args.output).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{len(rows)} candidates ({sum(labels)} entities) from {len(files)} files -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
