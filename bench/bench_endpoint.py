"""Benchmark `kg serve`: do cheap queries stay fast while slow ones run?

Builds the sample episode, loads it into a store, starts `kg serve` in its own process on 127.0.0.1
(an ephemeral port; only loopback traffic), starts ``--slow`` queries that run until the timeout (a cross join),
then sends ``--requests`` cheap queries from ``--clients`` parallel clients, each on a new
connection as most SPARQL clients do. Prints latency percentiles of the cheap queries and their
status codes; the goal is a p95 under 100 ms with 2 slow queries running.

    .venv/bin/python bench/bench_endpoint.py                          # kg serve's defaults
    .venv/bin/python bench/bench_endpoint.py --workers 2 --backlog 5  # the settings before issue #17
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.serve.endpoint import Settings, SparqlServer  # noqa: E402
from kg.serve.store import load  # noqa: E402

SAMPLE = ROOT / "examples" / "a16z-sherwin-wu.txt"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = ('SELECT ?employer WHERE { ?p rdfs:label "Sherwin Wu" ; kgo:formerlyWorkedFor ?o . '
         "?o rdfs:label ?employer } ORDER BY ?employer")


def request(url: str, query: str, timeout: float) -> tuple[int, float]:
    """(status, seconds) of one GET query."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode({'query': query})}", timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def start_server(store: Path, args: argparse.Namespace) -> subprocess.Popen:
    """`kg serve` in its own process, as a user runs it (the backlog set first when asked)."""
    code = ("import sys; from kg.serve.endpoint import SparqlServer; from kg.cli import main; "
            f"SparqlServer.request_queue_size = {args.backlog or SparqlServer.request_queue_size}; "
            "sys.argv[0] = 'kg'; main()")
    options = ["--workers", str(args.workers)] if args.workers else []
    return subprocess.Popen([sys.executable, "-c", code, "serve", "--store", str(store), "--host", "127.0.0.1",
                             "--port", "0", "--timeout", str(args.timeout), "-q", *options],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def run(args: argparse.Namespace) -> dict:
    """Start the endpoint, the slow queries and the cheap ones; the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build([SAMPLE], out, ("trig",), cache=None)
        load([out / f"{SAMPLE.stem}.trig"], Path(tmp) / "store")
        server = start_server(Path(tmp) / "store", args)
        url = server.stderr.readline().split()[2]
        request(url, CHEAP, 30)  # warm up
        slow = [threading.Thread(target=request, args=(url, SLOW, args.timeout + 30), daemon=True)
                for _ in range(args.slow)]
        for t in slow:
            t.start()
        time.sleep(1.0)  # the slow queries hold their workers now
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(lambda _: request(url, CHEAP, 30), range(args.requests)))
        wall = time.perf_counter() - started
        slow_running = sum(t.is_alive() for t in slow)
        server.terminate()
        server.wait(30)
    times = [s * 1000 for _, s in results]
    statuses: dict[str, int] = {}
    for status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {"workers": args.workers or Settings("").workers, "backlog": args.backlog or SparqlServer.request_queue_size, "slow_queries": args.slow,
            "slow_still_running_at_end": slow_running, "requests": args.requests, "clients": args.clients,
            "wall_s": round(wall, 2), "statuses": statuses, "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1), "p99_ms": round(percentile(times, 99), 1),
            "max_ms": round(max(times), 1), "mean_ms": round(statistics.mean(times), 1),
            "over_1s": sum(t > 1000 for t in times)}


def main() -> None:
    """Parse options, run the rounds, print each round's figures as JSON and the median p95."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--slow", type=int, default=2, help="slow queries running meanwhile")
    parser.add_argument("--timeout", type=float, default=60.0, help="query timeout of the endpoint (s)")
    parser.add_argument("--workers", type=int, help="query workers [kg serve's default]")
    parser.add_argument("--backlog", type=int, help="listen backlog [kg serve's default]")
    parser.add_argument("--rounds", type=int, default=3, help="runs; the figures of each and the median p95")
    args = parser.parse_args()
    rounds = []
    for _ in range(args.rounds):
        rounds.append(run(args))
        rounds[-1]["load_average_1min"] = round(os.getloadavg()[0], 1)
        print(json.dumps(rounds[-1]), flush=True)
    p95 = statistics.median(r["p95_ms"] for r in rounds)
    print(f"median cheap-query p95 over {len(rounds)} rounds: {p95} ms (goal: under 100 ms)")


if __name__ == "__main__":
    main()
