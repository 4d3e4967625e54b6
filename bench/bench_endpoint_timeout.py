"""Benchmark how promptly `kg serve` stops a runaway query at its --timeout, and how soon it answers again.

The tests check *that* a runaway query gets a 503 and the endpoint recovers; how many seconds that takes
is a figure of the machine, so it lives here. Loads a small generated store (``--entities`` people
with labels) into a temporary folder, starts the endpoint on 127.0.0.1 with an ephemeral port, and for
each timeout sends a query that cannot finish in time (a three-way cross product), then a small query:

    .venv/bin/python bench/bench_endpoint_timeout.py                  # timeouts 0.5, 1 and 2 s
    .venv/bin/python bench/bench_endpoint_timeout.py --timeouts 1 5 --runs 5

Prints per timeout the median seconds until the 503, the overshoot beyond the timeout, and the median
seconds of the next (small) query. Goal: the 503 within the timeout + 1 s; the next answer within 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.serve.endpoint import Settings, make_server, serve_in_thread  # noqa: E402
from kg.serve.store import load  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = "SELECT ?l WHERE { ?p rdfs:label ?l } LIMIT 3"


def make_store(folder: Path, entities: int) -> Path:
    """A store of ``entities`` labelled people (3 triples each)."""
    data = folder / "people.nt"
    with data.open("w", encoding="utf-8") as fh:
        for i in range(entities):
            s = f"<https://w3id.org/kg/id/person-{i}>"
            fh.write(f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "Person {i}" .\n')
            fh.write(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kg/ontology#Person> .\n")
            fh.write(f'{s} <https://w3id.org/kg/ontology#mentionCount> "{i % 7 + 1}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    store = folder / "store"
    load([data], store)
    return store


def timed_get(url: str, query: str) -> tuple[int, float]:
    """(HTTP status, seconds) of one GET query."""
    started = time.perf_counter()
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def measure(store: Path, timeout: float, runs: int) -> dict:
    """Median seconds to the runaway query's 503 and to the next small answer, at one timeout."""
    server = make_server(Settings(str(store), timeout=timeout, limit=1000, workers=1), "127.0.0.1", 0, quiet=True)
    serve_in_thread(server)
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}/sparql"
    cut, recover, statuses = [], [], set()
    try:
        for _ in range(runs):
            status, seconds = timed_get(url, RUNAWAY)
            statuses.add(status)
            cut.append(seconds)
            status, seconds = timed_get(url, SMALL)
            statuses.add(status)
            recover.append(seconds)
    finally:
        server.shutdown()
        server.server_close()
    median_cut = statistics.median(cut)
    return {"timeout": timeout, "runs": runs, "statuses": sorted(statuses), "cut_s": round(median_cut, 3),
            "overshoot_s": round(median_cut - timeout, 3), "next_answer_s": round(statistics.median(recover), 3),
            "goal_met": median_cut <= timeout + 1 and statistics.median(recover) <= 1}


def main() -> None:
    """Run the benchmark and print a table (and the JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeouts", type=float, nargs="+", default=[0.5, 1.0, 2.0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--json", action="store_true", help="Print the results as JSON too.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = make_store(Path(tmp), args.entities)
        results = [measure(store, t, args.runs) for t in args.timeouts]
    print("| --timeout | statuses | 503 after (median) | overshoot | next answer | goal met |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['timeout']:g} s | {', '.join(map(str, r['statuses']))} | {r['cut_s']:.2f} s | "
              f"{r['overshoot_s']:+.2f} s | {r['next_answer_s']:.2f} s | {r['goal_met']} |")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
