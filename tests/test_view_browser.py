"""The page in a real browser: Debian's Chromium driven by Playwright for Python.

When Playwright or /usr/bin/chromium is missing (scripts/setup-test-env.sh installs both) the tests
are skipped with the reason on a developer's machine, and FAIL in CI (environment CI=true): there a
missing browser is a broken set-up, not a reason to test nothing. One browser serves the whole
module; each test gets a fresh page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.episode import Options, extract_file
from kg.graph.merge import build_graph
from kg.model import Entity, EpisodeInfo, EpisodeResult, Mention
from kg.graph.view import to_html

from .conftest import DATA, in_ci, unavailable
from .test_view import EVIL, tiny_result

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = ("file:", "data:", "blob:", "about:")
READY = "() => window.kg && window.kg.ready === true"
# DOM point of a node's centre, if that is where a click lands on it (on the canvas, on that node)
NODE_POINT = """(id) => {
  const canvas = document.querySelector('#graph canvas');
  const r = canvas.getBoundingClientRect();
  const p = kg.nodePoint(id);
  const q = {x: p.x + r.left, y: p.y + r.top};
  return document.elementFromPoint(q.x, q.y) === canvas && kg.network.getNodeAt(p) === id ? q : null;
}"""
# an edge and the DOM point of its middle, where a click selects that edge and nothing else
EDGE_POINT = """() => {
  const canvas = document.querySelector('#graph canvas');
  const r = canvas.getBoundingClientRect();
  for (const id of kg.edges.getIds()) {
    const p = kg.edgePoint(id);
    if (document.elementFromPoint(p.x + r.left, p.y + r.top) !== canvas) continue;
    if (kg.network.getNodeAt(p) === undefined && kg.network.getEdgeAt(p) === id) return {id, x: p.x + r.left, y: p.y + r.top};
  }
  return null;
}"""

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None



def missing_browser(chromium: Path = CHROMIUM) -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if sync_playwright is None:
        return "Playwright for Python is not installed (pip install '.[test]')"
    if not chromium.exists():
        return f"{chromium} is missing (apt-get install chromium; scripts/setup-test-env.sh does it)"
    return None


def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(tmp_path):
    assert missing_browser(tmp_path / "no-chromium") is not None
    assert in_ci({"CI": "true"}) and in_ci({"CI": "1"}) and not in_ci({}) and not in_ci({"CI": "false"})
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: chromium is missing"):
        unavailable("chromium is missing", ci=True)
    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        unavailable("chromium is missing", ci=False)


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium for the module (skips, or in CI fails, when there is none)."""
    reason = missing_browser()
    if reason:
        unavailable(reason)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


# (key, label, kg type, top type, how often heard as the label, other spellings heard): names made up
# to put the page's search through its ranks: exact name, exact heard-as, name prefix, name substring,
# heard-as substring; more mentions first within a rank, then the name; accents folded both ways.
NAMES = [
    ("acme", "Acme", "Company", "Organization", 1, []),
    ("acme-labs", "Acme Labs", "Company", "Organization", 3, []),
    ("acme-logistics", "Acme Logistics", "Company", "Organization", 9, []),
    ("quora", "Quora", "Company", "Organization", 1, ["Kora"]),
    ("koral-systems", "Koral Systems", "Company", "Organization", 50, []),
    ("labyrinth", "Labyrinth Inc", "Company", "Organization", 1, []),
    ("electron-works", "Electron Works", "Company", "Organization", 1, []),
    ("circuit-co", "Circuit Co", "Company", "Organization", 30, ["Tronix Circuit"]),
    ("beta-one", "Beta One", "City", "Place", 2, []),
    ("beta-two", "Beta Two", "Company", "Organization", 2, []),
    ("renee-duval", "Ren\u00e9e Duval", "Person", "Person", 2, ["Rene Duvall"]),
    ("jose-nunez", "Jose Nunez", "Person", "Person", 1, ["Jos\u00e9 N\u00fa\u00f1ez Jr"]),
]
FIND = "(q) => { const h = kg.find(q); return h ? (h.hidden ? 'hidden:' + h.hidden.id : h.id) : null; }"


def names_result() -> EpisodeResult:
    """One episode that mentions every entity of NAMES."""
    ep = EpisodeInfo(stem="names", source="names.txt", title="Names", show="Show", date="2025-01-02", media_url=None)
    entities = {}
    for key, label, kind, top, exact, heard in NAMES:
        said = [label] * exact + heard
        entities[key] = Entity(key, label, kind, top, None,
                               [Mention(text, i, float(i), "exact" if text == label else "sound", 0.9)
                                for i, text in enumerate(said)])
    return EpisodeResult(ep, entities, {}, [])


@pytest.fixture(scope="module")
def pages(tmp_path_factory, sample_result) -> dict[str, tuple[Path, object]]:
    """The pages under test: the sample episode, two episodes, hostile text; name -> (file, graph)."""
    folder = tmp_path_factory.mktemp("pages")
    evil = build_graph([tiny_result(quote=EVIL)])
    evil.nodes["ada"]["label"] = EVIL
    graphs = {"sample": (build_graph([sample_result]), "Sample"),
              "two": (build_graph([tiny_result("a"), tiny_result("b", media=None)]), "Two"),
              "evil": (evil, EVIL),
              "names": (build_graph([names_result()]), "Names"),
              "invented": (build_graph([extract_file(str(DATA / "invented.txt"),
                                                     Options(lexicons=(str(DATA / "invented-lexicon.ttl"),)))]), "Invented")}
    graphs["two"][0].remove_node("gpt-5")  # so that some entities are only in one episode:
    graphs["two"][0].add_node("only-b", label="Only B", type="Place", top_type="Place", lexicon_key=None,
                              mentions={"b": []}, variants=[], method="ner", confidence=0.5)
    out = {}
    for name, (g, title) in graphs.items():
        path = folder / f"{name}.html"
        path.write_text(to_html(g, title=title), encoding="utf-8")
        out[name] = (path, g)
    return out


@pytest.fixture()
def open_page(browser):
    """Open a page from file:// and wait until it is interactive; records every request and error."""
    contexts = []

    def opener(path: Path, **context_args):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, **context_args)
        contexts.append(context)
        page = context.new_page()
        page.requests, page.errors, page.dialogs = [], [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        return page

    yield opener
    for c in contexts:
        c.close()


def click_node(page, node_id: str) -> None:
    """Click a node where it is drawn; brings it into view first if the legend hides it."""
    point = page.evaluate(NODE_POINT, node_id)
    if point is None:
        page.evaluate("(id) => kg.network.focus(id, {scale: 1.2})", node_id)
        point = page.evaluate(NODE_POINT, node_id)
    assert point, f"node {node_id} cannot be clicked"
    page.mouse.click(point["x"], point["y"])


def test_no_request_leaves_file(open_page, pages):
    page = open_page(pages["sample"][0])
    click_node(page, "sherwin-wu")
    page.fill("#search", "OpenAI")
    page.press("#search", "Enter")
    page.wait_for_timeout(200)
    assert page.requests and page.requests[0].startswith("file://")
    assert [u for u in page.requests if not u.startswith(LOCAL)] == []
    assert page.errors == []


def test_works_with_the_network_off(open_page, pages):
    page = open_page(pages["sample"][0], offline=True)
    assert page.evaluate("kg.nodes.length") == pages["sample"][1].number_of_nodes()
    assert page.errors == []


def test_counts_match_the_graph(open_page, pages):
    page, g = open_page(pages["sample"][0]), pages["sample"][1]
    assert page.evaluate("kg.nodes.length") == g.number_of_nodes()
    assert page.evaluate("kg.edges.length") == g.number_of_edges()
    assert page.evaluate("Object.keys(kg.network.getPositions()).length") == g.number_of_nodes()
    assert page.text_content("#stats") == f"{g.number_of_nodes()} entities · {g.number_of_edges()} facts"
    assert page.evaluate("kg.network.physics.options.enabled") is False, "physics stops once settled"
    legend = page.locator("#type-filter li").all_text_contents()
    assert any(t.startswith("Person") for t in legend) and len(legend) == len({g.nodes[n]["top_type"] for n in g})


@pytest.mark.parametrize("name,node,label,kind,heard,other", [
    ("sample", "sherwin-wu", "Sherwin Wu", "Person", "Sherman Wu", "Quora"),
    # the twin on a transcript of made-up names with its own lexicon: the mechanism, not kg's lexicon
    ("invented", "quillfeather", "Quillfeather", "Company (Organization)", "Quillfether", "Tamsin Brackwater"),
])
def test_click_node_opens_its_panel(open_page, pages, name, node, label, kind, heard, other):
    page, g = open_page(pages[name][0]), pages[name][1]
    click_node(page, node)
    panel = page.locator(f"#panel-body[data-node='{node}']")
    panel.wait_for(timeout=5_000)
    assert page.text_content("#panel-body .node-label") == label
    assert page.text_content("#panel-body .node-type") == kind
    assert heard in page.locator("#panel-body .variants li").all_text_contents()
    assert page.text_content("#panel-body .node-mentions") == str(sum(len(m) for m in g.nodes[node]["mentions"].values()))
    facts = page.locator("#panel-body .node-facts button").all_text_contents()
    assert any("formerly worked for" in f and other in f for f in facts), facts
    # a fact of the node leads on to its evidence
    page.locator("#panel-body .node-facts button", has_text=other).first.click()
    page.locator("#panel-body[data-edge] .evidence blockquote").first.wait_for(timeout=5_000)


def test_click_edge_shows_its_quote(open_page, pages):
    page, g = open_page(pages["sample"][0]), pages["sample"][1]
    hit = page.evaluate(EDGE_POINT)
    assert hit, "no edge midpoint is clear to click"
    page.mouse.click(hit["x"], hit["y"])
    page.locator(f"#panel-body[data-edge='{hit['id']}']").wait_for(timeout=5_000)
    edge = page.evaluate("(id) => kg.edges.get(id)", hit["id"])
    quotes = [ev.quote for _, ev in g.edges[edge["from"], edge["to"], edge["predicate"]]["evidence"]]
    shown = page.locator("#panel-body .evidence blockquote").all_text_contents()
    assert [q.strip("\u201c\u201d") for q in shown] == quotes
    assert edge["label"] in page.text_content("#panel-body .edge-title")
    timed = [ev for _, ev in g.edges[edge["from"], edge["to"], edge["predicate"]]["evidence"] if ev.second is not None]
    links = page.locator("#panel-body .evidence a.time")
    assert timed and links.count() == len(timed), "every timed quote of an episode with a video links to it"
    for i, ev in enumerate(timed):
        href = links.nth(i).get_attribute("href")
        assert href == f"https://www.youtube.com/watch?v=3x0jhpEj_6o&t={int(ev.second)}s"
        assert links.nth(i).text_content().count(":") == 2


def test_search_focuses_a_node_by_name_or_as_heard(open_page, pages):
    page = open_page(pages["sample"][0])
    page.fill("#search", "sherman wu")  # as speech-to-text heard him
    page.press("#search", "Enter")
    page.locator("#panel-body[data-node='sherwin-wu']").wait_for(timeout=5_000)
    assert page.evaluate("kg.network.getSelectedNodes()") == ["sherwin-wu"]
    page.fill("#search", "no such entity zzz")
    page.press("#search", "Enter")
    assert "No entity matches" in page.text_content("#search-status")


def test_filter_by_type(open_page, pages):
    page, g = open_page(pages["sample"][0]), pages["sample"][1]
    page.uncheck("input[data-type='Product']")
    visible = page.evaluate("kg.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert sorted(visible) == sorted(n for n in g if g.nodes[n]["top_type"] != "Product")
    hidden_edges = page.evaluate("kg.edges.get({filter: e => e.hidden}).length")
    assert hidden_edges == sum(1 for s, o in g.edges() if "Product" in (g.nodes[s]["top_type"], g.nodes[o]["top_type"]))
    assert " of " in page.text_content("#stats")
    page.fill("#search", "ChatGPT")
    page.press("#search", "Enter")
    assert "hidden by a filter" in page.text_content("#search-status")
    page.check("input[data-type='Product']")
    assert page.evaluate("kg.nodes.get({filter: n => n.hidden}).length") == 0


def test_filter_by_episode(open_page, pages):
    page = open_page(pages["two"][0])
    assert page.is_visible("#episode-box")
    assert page.locator("#episode-filter li").count() == 2
    page.uncheck("input[data-episode='b']")
    hidden = page.evaluate("kg.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert hidden == ["only-b"]
    page.uncheck("input[data-episode='a']")
    assert page.evaluate("kg.nodes.get({filter: n => !n.hidden}).length") == 0
    assert page.evaluate("kg.edges.get({filter: e => !e.hidden}).length") == 0


def test_hostile_text_stays_text(open_page, pages):
    page = open_page(pages["evil"][0])
    page.evaluate("kg.showNode('ada')")
    assert page.text_content("#panel-body .node-label") == EVIL
    assert page.text_content("#title") == EVIL
    page.evaluate("(id) => kg.showEdge(id)", page.evaluate("kg.edges.get({filter: e => e.predicate === 'worksFor'})[0].id"))
    assert EVIL in page.text_content("#panel-body .evidence blockquote")
    assert page.locator("#panel-body img").count() == 0 and page.locator("body script").count() == 3
    assert page.dialogs == [] and page.errors == []


def test_an_empty_graph_is_a_page_too(open_page, tmp_path):
    import networkx as nx

    path = tmp_path / "empty.html"
    path.write_text(to_html(nx.MultiDiGraph(episodes={}, speakers={}), title="Empty"), encoding="utf-8")
    page = open_page(path)
    assert page.evaluate("kg.nodes.length") == 0
    assert page.text_content("#stats") == "0 entities · 0 facts"
    assert page.errors == []


SEARCHES = [  # query, the entity it finds
    ("acme", "acme"),                  # the exact name beats a prefix of a name mentioned more often
    ("ACME  ", "acme"),                # case and surrounding blanks do not count
    ("kora", "quora"),                 # exactly as heard beats a name that begins so (mentioned 50 times)
    ("lab", "labyrinth"),              # a name's prefix beats a substring of a name mentioned more
    ("acme l", "acme-logistics"),      # within a rank, the most mentioned (9 against 3), not the first name
    ("beta", "beta-one"),              # same rank, same mentions: the first name in order
    ("tron", "electron-works"),        # a substring of a name beats a substring of a heard spelling
    ("tronix", "circuit-co"),          # ... which is found when no name has it
    ("renee duval", "renee-duval"),    # accents folded in the name
    ("REN\u00c9E", "renee-duval"),       # ... and in the query
    ("jos\u00e9 nu\u00f1ez", "jose-nunez"),  # an accented query finds a plain name
    ("nunez jr", "jose-nunez"),        # a heard spelling's accents are folded too
    ("zzz", None),
    ("   ", None),
]


def test_search_ranks_and_folds_accents(open_page, pages):
    page = open_page(pages["names"][0])
    found = {query: page.evaluate(FIND, query) for query, _ in SEARCHES}
    assert found == dict(SEARCHES)


def test_search_prefers_a_visible_entity_and_says_when_all_are_hidden(open_page, pages):
    page = open_page(pages["names"][0])
    page.uncheck("input[data-type='Place']")
    assert page.evaluate(FIND, "beta") == "beta-two", "the best visible hit when the best one is filtered out"
    assert page.evaluate(FIND, "beta one") == "hidden:beta-one"
    page.fill("#search", "beta one")
    page.press("#search", "Enter")
    assert page.text_content("#search-status") == "Beta One is hidden by a filter"
    assert page.evaluate("kg.network.getSelectedNodes()") == []


def test_search_box_focuses_the_accent_folded_name(open_page, pages):
    """The twin of 'sherman wu' on the sample: the mechanism on names made up for the test."""
    page = open_page(pages["names"][0])
    page.fill("#search", "rene duvall")  # as heard, without the accent
    page.press("#search", "Enter")
    page.locator("#panel-body[data-node='renee-duval']").wait_for(timeout=5_000)
    assert page.evaluate("kg.network.getSelectedNodes()") == ["renee-duval"]
    assert page.text_content("#panel-body .node-label") == "Ren\u00e9e Duval"
    assert page.text_content("#search-status") == ""
