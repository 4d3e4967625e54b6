#!/usr/bin/env python3
"""Sample the facts one relation rule made in built graphs, with their quotes, to check its precision by hand.

    python scripts/sample_rule_facts.py RULE GRAPH_OR_FOLDER... [-n 20] [--seed 0]
    python scripts/sample_rule_facts.py --counts GRAPH_OR_FOLDER...

RULE is a rule id as written in the evidence (``founded/dep-passive-by``), a prefix ending in '/'
or '-' (``founded/``, ``founded/dep-``), or a shell pattern (``*/dep-*``: every rule over the parse). Each line of the sample is one (subject, predicate, object)
with the rule's quote, the episode and the speaker label. ``--counts`` lists every rule with the
number of facts it gave. Reads Turtle (``kg build ... -f ttl``) files; the same files and options
give the same sample.
"""

from __future__ import annotations

import argparse
import fnmatch
import random
import sys
from collections import Counter
from pathlib import Path

from rdflib import Graph, Namespace, RDF, RDFS

KGO = Namespace("https://w3id.org/kg/ontology#")


def graph_files(paths: list[str]) -> list[Path]:
    """The .ttl files among ``paths`` and in the folders among them, sorted."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.ttl")) if p.is_dir() else [p])
    return files


def rule_facts(path: Path) -> list[tuple[str, str, str, str, str, str, bool]]:
    """(rule, subject, predicate, object, quote, speaker, from ad) of every evidence in one graph."""
    g = Graph()
    g.parse(path, format="turtle")
    label = lambda node: str(g.value(node, RDFS.label) or node).strip()
    out = []
    for a in g.subjects(RDF.type, KGO.Assertion):
        s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
        for ev in g.objects(a, KGO.evidence):
            said = g.value(ev, KGO.saidBy)
            speaker = str(g.value(said, KGO.speakerLabel) or "") if said is not None else ""
            out.append((str(g.value(ev, KGO.rule) or ""), label(s), str(p).rsplit("#", 1)[-1], label(o),
                        str(g.value(ev, KGO.quote) or ""), speaker, g.value(ev, KGO.fromAd) is not None))
    return sorted(out)


def matches(rule: str, wanted: str) -> bool:
    """The rule is the one wanted, under the wanted prefix, or matches the wanted shell pattern."""
    return (rule == wanted or (wanted.endswith(("/", "-")) and rule.startswith(wanted))
            or fnmatch.fnmatchcase(rule, wanted))


def main(argv: list[str] | None = None) -> int:
    """Print a sample of one rule's facts, or the count of facts of every rule."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rule", nargs="?", help="rule id, a prefix ending in '/' or '-', or a shell pattern")
    ap.add_argument("graphs", nargs="*", help="Turtle files or folders of them")
    ap.add_argument("-n", type=int, default=20, help="facts to sample (default 20)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--counts", action="store_true", help="count the facts of every rule instead")
    args = ap.parse_args(argv)
    paths = ([args.rule] if args.counts and args.rule else []) + args.graphs
    files = graph_files(paths)
    if not files or any(not f.is_file() for f in files):
        print("sample_rule_facts: give built .ttl graphs or folders that hold them", file=sys.stderr)
        return 2
    rows = []
    for f in files:
        try:
            rows.extend((f.stem, *r) for r in rule_facts(f))
        except Exception as exc:  # a broken file is reported in one line, never a traceback
            print(f"sample_rule_facts: {f}: cannot read ({type(exc).__name__})", file=sys.stderr)
            return 1
    if args.counts:
        for rule, n in sorted(Counter(r[1] for r in rows).items()):
            print(f"{n:6d}  {rule}")
        return 0
    if not args.rule:
        ap.error("RULE is required without --counts")
    picked = [r for r in rows if matches(r[1], args.rule)]
    random.Random(args.seed).shuffle(picked)
    print(f"# {args.rule}: {len(picked)} facts in {len(files)} graphs; sample of {min(args.n, len(picked))}")
    for i, (stem, rule, s, p, o, quote, speaker, ad) in enumerate(picked[:args.n], 1):
        print(f"{i:3d}. {s} --{p}--> {o}   [{rule}{' AD' if ad else ''}] {stem} {speaker}\n     \"{quote}\"")
    return 0


if __name__ == "__main__":
    sys.exit(main())
