"""The dev set: transcripts with gold annotations, built, scored and cross-validated (``kg eval --dev``).

Each dev transcript is parsed once; the linker's candidates get gold labels (the training rows of
``scripts/fit_linker.py``); :func:`score_dev` links and scores each file with a given linker, and
:func:`leave_one_out` gives each file a linker fitted without it, so its figures are out of sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from rdflib import Graph

from kg.errors import InputError
from kg.evaluate import Evaluation, default_ontology, evaluate, fold, format_figure, load_gold


@dataclass
class DevRow:
    """The figures of one dev transcript under one linker."""

    stem: str
    result: Evaluation


def graph_of_result(result: Any) -> Graph:
    """The RDF graph ``kg build`` would write for one episode result, with kg's ontology loaded into it."""
    from kg.graph.merge import build_graph
    from kg.graph.rdf import flatten, to_dataset

    graph = flatten(to_dataset(build_graph([result])))
    graph.parse(default_ontology())
    return graph


def dev_pairs(transcripts: str | Path, gold_dir: str | Path) -> list[tuple[Path, Path]]:
    """(transcript, gold) pairs of a dev set: every gold ``STEM.json`` with a transcript ``STEM.*``."""
    from kg.build import expand_inputs

    transcripts, gold_dir = Path(transcripts), Path(gold_dir)
    if not transcripts.is_dir() or not gold_dir.is_dir():
        raise InputError(f"{transcripts if not transcripts.is_dir() else gold_dir}: not a folder")
    by_stem = {p.stem: p for p in expand_inputs([transcripts])}
    pairs = [(by_stem[g.stem], g) for g in sorted(gold_dir.glob("*.json")) if g.stem in by_stem]
    if not pairs:
        raise InputError(f"{gold_dir}: no gold file has a transcript of the same name in {transcripts}")
    return pairs


def gold_labels(decisions: list, covered: set[str], gold: Mapping[str, Any]) -> list[int | None]:
    """1 for a decision whose names are a gold entity's (of its type) that no surer node found, 0 for
    any other, None for names the gold ignores: the training labels of the linker."""
    names: dict[str, tuple[str, str]] = {}
    for e in gold["entities"]:
        for n in (e["name"], *e.get("also_accept", []), *e.get("surface_forms", [])):
            names.setdefault(fold(n), (e["name"], e["type"]))
    ignore = {fold(n) for n in gold.get("ignore", [])}
    labels: list[int | None] = []
    for d in decisions:
        hits = [names[fold(f)] for f in [d.name, *d.forms] if fold(f) in names]
        if not hits and any(fold(f) in ignore for f in [d.name, *d.forms]):
            labels.append(None)
            continue
        first = hits[0] if hits else None  # the scorer goes by the node's first matching name
        labels.append(int(first is not None and first[1] == d.type and first[0] not in covered))
    return labels


def covered_gold(result: Any, gold: Mapping[str, Any]) -> set[str]:
    """Gold names found (with their type) by the nodes of ``result``."""
    ev = evaluate(graph_of_result(result), gold)
    return {n for n in (e["name"] for e in gold["entities"]) if n not in ev.missed_entities}


@dataclass
class DevFile:
    """One dev transcript parsed once, its gold, and the linker's candidates with their gold labels."""

    stem: str
    parsed: Any
    gold: dict[str, Any]
    rows: list[dict[str, float]]
    labels: list[int]


def load_dev(transcripts: str | Path, gold_dir: str | Path, options: Any = None,
             progress: Any = None) -> list[DevFile]:
    """Parse every dev transcript once and label the linker's candidates against its gold."""
    from kg.extract.episode import Options, link_episode, parse_episode
    from kg.extract.names.linking import Linker
    from kg.read import read_transcript

    options = options or Options()
    none = Linker({"bias": -30.0}, 0.5)  # accept nothing: what surer paths find alone
    out: list[DevFile] = []
    for transcript, gold_path in dev_pairs(transcripts, gold_dir):
        if progress:
            progress(transcript.stem)
        gold = load_gold(gold_path)
        parsed = parse_episode(read_transcript(transcript, options.input_format), options)
        base = link_episode(parsed.copy(), options, none)
        labels = gold_labels(base.decisions, covered_gold(base, gold), gold)
        rows = [d.features for d, y in zip(base.decisions, labels) if y is not None]
        out.append(DevFile(transcript.stem, parsed, gold, rows, [y for y in labels if y is not None]))
    return out


def score_dev(files: list[DevFile], linkers: list[Any], options: Any = None) -> list[DevRow]:
    """Link and score each dev file with its own linker (``linkers[i]`` for ``files[i]``)."""
    from kg.extract.episode import Options, link_episode

    options = options or Options()
    return [DevRow(f.stem, evaluate(graph_of_result(link_episode(f.parsed.copy(), options, lk)), f.gold))
            for f, lk in zip(files, linkers)]


def leave_one_out(files: list[DevFile], accept: float, l2: float = 1.0) -> list[Any]:
    """For each file, a linker fitted on all the other files' candidates (never on its own)."""
    from kg.extract.names.linking import SURE, Linker, default_linker, fit

    out = []
    for i in range(len(files)):
        rows = [r for j, f in enumerate(files) if j != i for r in f.rows]
        labels = [y for j, f in enumerate(files) if j != i for y in f.labels]
        if len(set(labels)) < 2:  # nothing to learn from: the shipped weights
            out.append(Linker(default_linker().weights, accept, sure=SURE))
        else:
            out.append(Linker(fit(rows, labels, l2), accept, sure=SURE))
    return out


def format_dev(blocks: list[tuple[str, list[DevRow]]]) -> str:
    """A table per block (e.g. 'shipped weights', 'leave-one-out'): each file's figures and the means."""
    lines: list[str] = []
    for title, rows in blocks:
        lines.append(f"{title}")
        lines.append(f"  {'transcript':34} {'entity P/R/F1':>16} {'relation P/R/F1':>16}  core  dup")
        for r in rows:
            lines.append(_dev_line(r.stem, r.result))
        n = len(rows)
        mean = lambda get: sum(get(r.result) for r in rows) / n  # noqa: E731
        core = [r.result.entities_core_recall for r in rows if r.result.entities_core_recall is not None]
        lines.append(f"  {'mean of ' + str(n):34} {mean(lambda e: e.entities.precision):.2f}/{mean(lambda e: e.entities.recall):.2f}/"
                     f"{mean(lambda e: e.entities.f1):.2f}   {mean(lambda e: e.relations.precision):.2f}/"
                     f"{mean(lambda e: e.relations.recall):.2f}/{mean(lambda e: e.relations.f1):.2f}"
                     f"  {sum(core) / len(core) if core else 0:.2f}  {mean(lambda e: e.duplicate_nodes):.1f}")
        lines.append("")
    return "\n".join(lines)


def _dev_line(stem: str, e: Evaluation) -> str:
    a, b = e.entities, e.relations
    return (f"  {stem:34} {a.precision:.2f}/{a.recall:.2f}/{a.f1:.2f}   {b.precision:.2f}/{b.recall:.2f}/{b.f1:.2f}"
            f"  {format_figure(e.entities_core_recall)[:4]}  {e.duplicate_nodes}")
