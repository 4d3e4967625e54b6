#!/usr/bin/env python3
"""Time kg's browser view on a large graph: page load to interactive, in headless Chromium.

    python bench/bench_view.py [--nodes 2000] [--edges 3000] [--runs 3] [--keep PAGE.html]
    python bench/bench_view.py --screenshot docs/screenshot.png      # the README's screenshot

Generates a graph of ``--nodes`` entities and ``--edges`` facts with kg's model classes (two
episodes, every fact with one or two evidence quotes), renders it with :func:`kg.graph.view.to_html`, loads
it from ``file://`` in Debian's Chromium (Playwright, ``executable_path=/usr/bin/chromium``) and
reports, per run, the time from navigation start to ``window.kg.ready`` (layout settled, physics
off, page interactive) as measured by the page itself (``performance.now()``). The target is under
3 s for 2,000 nodes. ``--screenshot`` instead renders the sample episode and saves a screenshot.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.graph.merge import build_graph  # noqa: E402
from kg.model import Entity, EpisodeInfo, EpisodeResult, Evidence, Fact, Mention, Speaker  # noqa: E402
from kg.graph.view import to_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# a node whose centre is on the canvas, not under the legend, and not covered by another node
PICK_NODE = """(() => {
  const canvas = document.querySelector('#graph canvas');
  for (const id of kg.nodes.getIds()) {
    const p = kg.nodePoint(id);
    const r = canvas.getBoundingClientRect();
    const q = {x: p.x + r.left, y: p.y + r.top};
    if (document.elementFromPoint(q.x, q.y) === canvas && kg.network.getNodeAt(p) === id) return {id, x: q.x, y: q.y};
  }
  return null;
})()"""
TYPES = [("Person", "Person"), ("Organization", "Organization"), ("Company", "Organization"),
         ("Product", "Product"), ("AIProduct", "Product"), ("Place", "Place")]
PREDICATES = {"Person": ["worksFor", "formerlyWorkedFor", "founded", "studiedAt", "leads"],
              "Organization": ["develops", "acquired", "investedIn", "basedIn", "competesWith"],
              "Product": ["uses"], "Place": ["partOf"]}
WORDS = ("we shipped the model last year and the team kept building on the platform with partners "
         "across the industry while the lab trained bigger systems").split()


def synthetic_graph(n_nodes: int = 2000, n_edges: int = 3000, seed: int = 6):
    """A reproducible graph of kg's model: ``n_nodes`` entities over two episodes, ``n_edges`` facts.

    Degrees are skewed (a few hubs, many leaves) like real podcast graphs; every fact has one or two
    evidence quotes with a speaker and a second of audio.
    """
    rng = random.Random(seed)
    stems = ["bench-episode-a", "bench-episode-b"]
    results = {s: EpisodeResult(EpisodeInfo(stem=s, source=f"{s}.txt", title=f"Benchmark episode {s[-1].upper()}",
                                            show="Bench Show", date="2025-01-01",
                                            media_url=f"https://www.youtube.com/watch?v={s[-1]}bench"),
                                speakers={"SPEAKER_00": Speaker("SPEAKER_00", role="host"),
                                          "SPEAKER_01": Speaker("SPEAKER_01", role="guest")})
               for s in stems}
    keys: list[str] = []
    tops: dict[str, str] = {}
    for i in range(n_nodes):
        etype, top = TYPES[i % len(TYPES)]
        key = f"entity-{i:05d}"
        keys.append(key)
        tops[key] = top
        label = f"{top} {i}"
        for stem in stems if i % 5 == 0 else [stems[i % 2]]:
            count = 1 + int(rng.paretovariate(1.5)) % 40
            mentions = [Mention(label if j % 3 else f"{label}x", rng.randrange(3000), float(rng.randrange(7200)),
                                "exact", 1.0) for j in range(count)]
            results[stem].entities[key] = Entity(key, label, etype, top, None, mentions)
    weights = [1.0 / (1 + i) ** 0.8 for i in range(n_nodes)]
    seen: set[tuple[str, str, str]] = set()
    while len(seen) < n_edges:
        s = rng.choices(keys, weights)[0]
        o = rng.choice(keys)
        if s == o:
            continue
        pred = rng.choice(PREDICATES[tops[s]])
        if (s, pred, o) in seen:
            continue
        seen.add((s, pred, o))
        stem = stems[len(seen) % 2]
        for needed in (s, o):  # both ends must be entities of the episode the fact comes from
            if needed not in results[stem].entities:
                other = results[stems[1 - stems.index(stem)]].entities[needed]
                results[stem].entities[needed] = Entity(other.key, other.label, other.type, other.top_type, None,
                                                        [Mention(other.label, 0, 1.0, "exact", 1.0)])
        evidence = [Evidence(" ".join(rng.choices(WORDS, k=rng.randrange(8, 30))), rng.randrange(3000),
                             float(rng.randrange(7200)), f"SPEAKER_0{rng.randrange(2)}", f"{pred}/bench", 0.7)
                    for _ in range(1 + (len(seen) % 3 == 0))]
        results[stem].facts.append(Fact(s, pred, o, evidence))
    return build_graph(list(results.values()))


def launch(playwright):
    """Debian's Chromium, headless, with no background networking."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def time_page(browser, page_path: Path, viewport: dict | None = None) -> dict:
    """Load a page once: ms from navigation start to ``window.kg.ready``, wall time, requests made."""
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    start = time.perf_counter()
    page.goto(page_path.resolve().as_uri())
    page.wait_for_function("() => window.kg && window.kg.ready === true", timeout=120_000)
    wall = time.perf_counter() - start
    figures = page.evaluate("({ready: kg.readyAt, nodes: kg.nodes.length, edges: kg.edges.length})")
    # interactive: a click on a node answers with its panel
    point = page.evaluate(PICK_NODE)
    t0 = time.perf_counter()
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#panel-body[data-node]", timeout=10_000)
    figures["click_ms"] = (time.perf_counter() - t0) * 1000
    context.close()
    figures.update(wall=wall, requests=requests)
    return figures


def screenshot(out: Path) -> None:
    """Render the sample episode, open it in headless Chromium, show Sherwin Wu's panel, save a PNG."""
    from playwright.sync_api import sync_playwright

    from kg.extract.episode import extract_file

    g = build_graph([extract_file(str(ROOT / "examples" / "a16z-sherwin-wu.txt"))])
    title = next(iter(g.graph["episodes"].values())).title or "kg"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_path = Path(tmp) / "sample.html"
        page_path.write_text(to_html(g, title=title), encoding="utf-8")
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 860}, device_scale_factor=1)
        page.goto(page_path.as_uri())
        page.wait_for_function("() => window.kg && window.kg.ready === true", timeout=60_000)
        page.evaluate("kg.showNode('sherwin-wu'); kg.network.selectNodes(['sherwin-wu'])")
        page.wait_for_timeout(300)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    print(f"wrote {out}")


def main() -> int:
    """Run the benchmark (or take the screenshot) and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="Also write the generated page here.")
    ap.add_argument("--screenshot", type=Path, help="Take the README screenshot of the sample instead.")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"bench_view: {CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 2
    if args.screenshot:
        screenshot(args.screenshot)
        return 0
    from playwright.sync_api import sync_playwright

    t = time.perf_counter()
    g = synthetic_graph(args.nodes, args.edges)
    built = time.perf_counter() - t
    t = time.perf_counter()
    page = to_html(g, title=f"bench {args.nodes} nodes")
    rendered = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "bench.html"
        path.write_text(page, encoding="utf-8")
        print(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges (model {built:.2f} s); "
              f"page: {len(page) / 1e6:.2f} MB rendered in {rendered:.2f} s")
        with sync_playwright() as p:
            browser = launch(p)
            times = []
            for run in range(1, args.runs + 1):
                f = time_page(browser, path)
                outside = [u for u in f["requests"] if not u.startswith(("file:", "data:", "blob:", "about:"))]
                times.append(f["ready"])
                print(f"run {run}: interactive {f['ready'] / 1000:.2f} s after navigation start "
                      f"(wall {f['wall']:.2f} s, {f['nodes']} nodes, {f['edges']} edges in the page, "
                      f"first click answered in {f['click_ms']:.0f} ms, {len(outside)} requests off file://)")
            browser.close()
    median = statistics.median(times) / 1000
    verdict = "OK" if median < 3 else "SLOW"
    print(f"median load to interactive: {median:.2f} s for {args.nodes} nodes [{verdict}: target < 3 s]")
    return 0 if median < 3 else 1


if __name__ == "__main__":
    sys.exit(main())
