"""Benchmark kg's named queries: a persistent Oxigraph store against rdflib in memory.

Generates a collection shaped like kg's output (entities with labels, variants and counts in the
default graph; per-episode named graphs with mentions, speakers and evidence; reified assertions)
of about ``--triples`` quads as N-Quads, loads it into an on-disk Oxigraph store (``kg load``'s
code) and into an rdflib ``Dataset``, runs every named query on both and prints the median times
and the ratio. Both engines must give the same number of rows.

    /tmp/venv/bin/python bench/bench_sparql.py                     # 1,000,000 quads
    /tmp/venv/bin/python bench/bench_sparql.py --triples 100000 --runs 3
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.serve.query import named_query, with_prefixes  # noqa: E402

ID = "https://w3id.org/kg/id/"
KGO = "https://w3id.org/kg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = {"Person": 0.40, "Company": 0.22, "University": 0.03, "AIModel": 0.12, "SoftwareProduct": 0.15, "City": 0.08}
RELATIONS = [("Person", "worksFor", "Company", 4), ("Person", "formerlyWorkedFor", "Company", 3),
             ("Person", "founded", "Company", 1), ("Person", "studiedAt", "University", 1),
             ("Company", "develops", "AIModel", 2), ("Company", "develops", "SoftwareProduct", 2),
             ("Company", "acquired", "Company", 1), ("Person", "colleagueOf", "Person", 1),
             ("Company", "basedIn", "City", 1)]


@dataclass
class Entity:
    """One generated entity."""

    key: str
    kind: str
    label: str
    mentions: int = 0


def iri(key: str) -> str:
    """An entity, assertion or evidence IRI."""
    return f"<{ID}{key}>"


def lit(value: str, datatype: str | None = None) -> str:
    """An N-Quads literal."""
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{text}^^<{XSD}{datatype}>" if datatype else text


def quad(s: str, p: str, o: str, g: str | None = None) -> str:
    """One N-Quads line."""
    return f"{s} <{p}> {o} {g} .\n" if g else f"{s} <{p}> {o} .\n"


class Generator:
    """A kg-shaped collection: a popularity-skewed entity pool talked about in many episodes."""

    def __init__(self, target: int, seed: int = 5):
        self.rng = random.Random(seed)
        self.target = target
        n_entities = max(200, target // 40)
        kinds = self.rng.choices(list(KINDS), weights=list(KINDS.values()), k=n_entities)
        kinds[:len(KINDS)] = list(KINDS)
        self.entities = [Entity(f"{k.lower()}-{i}", k, f"{k} {i}") for i, k in enumerate(kinds)]
        self.by_kind = {k: [e for e in self.entities if e.kind == k] for k in KINDS}
        self.weights = {k: [1.0 / (i + 1) ** 0.8 for i in range(len(v))] for k, v in self.by_kind.items()}
        self.facts: dict[tuple[str, str, str], list[str]] = {}
        self.mentioned: dict[str, set[str]] = {}
        self.count = 0
        self.guests: dict[str, int] = {}

    def pick(self, kind: str) -> Entity:
        """An entity of a kind, popular ones more often."""
        return self.rng.choices(self.by_kind[kind], weights=self.weights[kind])[0]

    def write(self, path: Path) -> int:
        """Write the collection as N-Quads; the number of quads."""
        with path.open("w", encoding="utf-8") as out:
            episode = 0
            while self.count < self.target * 0.66:
                self._episode(out, episode)
                episode += 1
            self._entities(out)
            self._assertions(out)
        return self.count

    def _emit(self, out, line: str) -> None:
        out.write(line)
        self.count += 1

    def _episode(self, out, n: int) -> None:
        stem = f"ep-{n:05d}"
        ep = iri(f"episode/{stem}")
        emit = lambda s, p, o: self._emit(out, quad(s, p, o, ep))  # noqa: E731
        emit(ep, RDF + "type", f"<{KGO}Episode>")
        emit(ep, DCT + "title", lit(f"Episode {n}"))
        emit(ep, RDFS + "label", lit(f"Episode {n}"))
        emit(ep, DCT + "date", lit(f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"))
        emit(ep, DCT + "source", lit(stem))
        emit(ep, KGO + "show", lit(f"Show {n % 40}"))
        emit(ep, KGO + "mediaUrl", f"<https://media.example/{stem}>")
        guest = self.pick("Person")
        self.guests[guest.label] = self.guests.get(guest.label, 0) + 1
        speakers = []
        for label, role, person in (("SPEAKER_00", "host", None), ("SPEAKER_01", "guest", guest)):
            sp = iri(f"episode/{stem}/speaker/{label}")
            speakers.append(sp)
            emit(ep, KGO + "hasSpeaker", sp)
            emit(sp, RDF + "type", f"<{KGO}Speaker>")
            emit(sp, KGO + "speakerLabel", lit(label))
            emit(sp, KGO + "role", lit(role))
            emit(sp, RDFS + "label", lit(f"{person.label if person else role} ({label})"))
            if person:
                emit(sp, KGO + "identifiedAs", iri(person.key))
        talked = {guest.key: guest}
        for _ in range(30):
            e = self.pick(self.rng.choice(list(KINDS)))
            talked[e.key] = e
        for e in talked.values():
            e.mentions += self.rng.randint(1, 6)
            self.mentioned.setdefault(e.key, set()).add(ep)
            emit(iri(e.key), KGO + "mentionedIn", ep)
        for u in range(12):
            skind, pred, okind, _ = self.rng.choices(RELATIONS, weights=[r[3] for r in RELATIONS])[0]
            s = guest if skind == "Person" and self.rng.random() < 0.4 else self.pick(skind)
            o = self.pick(okind)
            if s.key == o.key:
                continue
            for x in (s, o):
                if x.key not in talked:
                    talked[x.key] = x
                    self.mentioned.setdefault(x.key, set()).add(ep)
                    emit(iri(x.key), KGO + "mentionedIn", ep)
            a = iri(f"assertion/{s.key}-{pred}-{o.key}")
            ev = iri(f"evidence/{stem}/{u * 10}-{pred}")
            emit(iri(s.key), KGO + pred, iri(o.key))
            emit(a, KGO + "evidence", ev)
            emit(ev, RDF + "type", f"<{KGO}Evidence>")
            emit(ev, KGO + "quote", lit(f"{s.label} {pred} {o.label}, as said at utterance {u * 10}."))
            emit(ev, KGO + "utteranceIndex", lit(str(u * 10), "integer"))
            emit(ev, KGO + "rule", lit(f"{pred}-rule"))
            emit(ev, KGO + "confidence", lit("0.8", "decimal"))
            emit(ev, KGO + "inEpisode", ep)
            emit(ev, KGO + "startSecond", lit(f"{u * 37}.5", "decimal"))
            emit(ev, KGO + "mediaLink", f"<https://media.example/{stem}?t={u * 37}s>")
            emit(ev, KGO + "saidBy", speakers[1] if self.rng.random() < 0.7 else speakers[0])
            self.facts.setdefault((s.key, pred, o.key), []).append(ev)

    def _entities(self, out) -> None:
        for e in self.entities:
            if e.key not in self.mentioned:
                continue
            s = iri(e.key)
            for p, o in ((RDF + "type", f"<{KGO}{e.kind}>"), (RDFS + "label", lit(e.label)),
                         (SKOS + "prefLabel", lit(e.label)), (SKOS + "hiddenLabel", lit(e.label.lower())),
                         (KGO + "mentionCount", lit(str(e.mentions), "integer")),
                         (KGO + "firstMentionSecond", lit("12.5", "decimal")),
                         (KGO + "matchMethod", lit("exact")), (KGO + "confidence", lit("0.95", "decimal"))):
                self._emit(out, quad(s, p, o))

    def _assertions(self, out) -> None:
        for (s, pred, o), evidence in sorted(self.facts.items()):
            a = iri(f"assertion/{s}-{pred}-{o}")
            self._emit(out, quad(iri(s), KGO + pred, iri(o)))
            for p, v in ((RDF + "type", f"<{KGO}Assertion>"), (RDF + "subject", iri(s)), (RDF + "predicate", f"<{KGO}{pred}>"),
                         (RDF + "object", iri(o)), (KGO + "confidence", lit(f"{min(0.99, 0.5 + 0.1 * len(evidence)):.2f}", "decimal"))):
                self._emit(out, quad(a, p, v))


def _ratio(x: float) -> str:
    """A speed ratio: one decimal below 10."""
    return f"{x:.1f}" if x < 10 else f"{x:.0f}"


class Timeout(Exception):
    """A run took longer than its cap."""


def _alarm(signum, frame):
    raise Timeout()


def median_time(run, runs: int, budget: float, cap: int = 0) -> tuple[float, int | None]:
    """Median seconds of ``run()`` over up to ``runs`` runs (fewer when they pass ``budget``) and its rows.

    With ``cap`` (seconds), a run still going after it is stopped: the time is then ``cap`` and rows None.
    """
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        if cap:
            signal.signal(signal.SIGALRM, _alarm)
            signal.alarm(cap)
        try:
            rows = run()
        except Timeout:
            return float(cap), None
        finally:
            if cap:
                signal.alarm(0)
        times.append(time.perf_counter() - start)
        if sum(times) > budget:
            break
    return statistics.median(times), rows


def main(argv: list[str] | None = None) -> int:
    """Generate, load, time, print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="Size of the generated collection (quads).")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/kg-bench"), help="Work folder (data and store).")
    ap.add_argument("--runs", type=int, default=5, help="Runs per query on Oxigraph.")
    ap.add_argument("--rdflib-runs", type=int, default=3, help="Runs per query on rdflib (fewer when slow).")
    ap.add_argument("--budget", type=float, default=120.0, help="Seconds per query on rdflib before stopping repeats.")
    ap.add_argument("--cap", type=int, default=300, help="Stop an rdflib run after this many seconds (reported as >cap).")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args(argv)

    import pyoxigraph as ox
    from rdflib import Dataset

    args.dir.mkdir(parents=True, exist_ok=True)
    data = args.dir / f"collection-{args.triples}-{args.seed}.nq"
    gen = Generator(args.triples, args.seed)
    start = time.perf_counter()
    quads = gen.write(data)
    print(f"generated {quads:,} quads ({data.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")

    store_dir = args.dir / f"store-{args.triples}-{args.seed}"
    shutil.rmtree(store_dir, ignore_errors=True)
    start = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    store = ox.Store.read_only(str(store_dir))
    print(f"oxigraph: loaded {len(store):,} quads into {store_dir} in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(data, format="nquads")
    print(f"rdflib:   loaded {len(list(ds.quads((None, None, None, None)))):,} quads in memory in {time.perf_counter() - start:.1f} s")

    guests = sorted(gen.guests, key=lambda k: (-gen.guests[k], k))
    companies = sorted(gen.by_kind["Company"], key=lambda e: -e.mentions)
    person, company = guests[len(guests) // 20], companies[len(companies) // 20].label
    params = {
        "where-does-person-work": {"person": person}, "who-worked-at": {"org": company},
        "products-of": {"org": company}, "asserted-by-speaker": {"person": person},
        "evidence-for": {"subject": person}, "people-within-two-hops": {"person": person},
        "entities-by-mentions": {}, "facts-about-said-by-others": {"person": person},
        "episodes-mentioning": {"entity": company},
    }
    print(f"parameters: person={person!r} org/entity={company!r}\n")
    rows_out = []
    header = f"| query | rows | oxigraph (ms) | rdflib (ms) | ratio |\n|---|---:|---:|---:|---:|"
    print(header)
    for name, p in params.items():
        text = with_prefixes(named_query(name, p))
        ox_time, ox_rows = median_time(lambda: len(list(store.query(text, use_default_graph_as_union=True))), args.runs, 60)
        rd_time, rd_rows = median_time(lambda: len(list(ds.query(text))), args.rdflib_runs, args.budget, args.cap)
        done = rd_rows is not None
        flag = "" if not done or ox_rows == rd_rows else f" (rdflib: {rd_rows} rows!)"
        more = "" if done else "> "
        line = (f"| {name} | {ox_rows}{flag} | {ox_time * 1000:.1f} | {more}{rd_time * 1000:.0f} | "
                f"{more}{_ratio(rd_time / ox_time)}× |")
        rows_out.append(line)
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
