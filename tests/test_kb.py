"""The open-data knowledge base (``ontology/kb``): its loader, the script that builds it, and its names
found in transcripts (as written, with owl:sameAs links), never in ordinary words."""

from __future__ import annotations

import bz2
import importlib.util
import json
import pickle
import sys
from pathlib import Path

import pytest
from rdflib import OWL, Graph, URIRef

from kg.extract.names.lexicon import WIKIDATA, class_tree, kb_files, load_lexicon, read_kb

from .conftest import ROOT

WORLD = """# Coffee, Medicine and Music

**Podcast:** Test Show
**Date:** 2025-03-04

Speaker 1: Welcome back. Last spring my doctor put me on Ozempic, and honestly it changed how I eat.
Speaker 2: I read that Ozempic sales tripled. Meanwhile I still get a coffee at Tim Hortons every morning before work.
Speaker 1: We flew to Marseille for the conference in June, and the old port was beautiful.
Speaker 2: And on the flight back I listened to Katy Perry for three hours straight. Katy Perry never gets old.
Speaker 1: My cousin studied at Kochi University, and she says Amy Klobuchar gave a speech there once.
"""

WORDS = """# Notes on a Quiet Week

**Podcast:** Test Show
**Date:** 2025-03-05

Speaker 1: so i took an aspirin, cleared the buffer on my laptop and painted on a canvas for an hour.
Speaker 2: my neighbour says ozempic and marseille soap are all anyone talks about, but the duchess of the house disagrees.
"""


def _script():
    spec = importlib.util.spec_from_file_location("build_kb", ROOT / "scripts" / "build_kb.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_kb", module)  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


# --- the shipped knowledge base ------------------------------------------------------------------

def test_every_kb_file_has_a_header_naming_source_commit_licence_and_rebuild():
    files = kb_files()
    assert {f.stem for f in files} >= {"places", "people", "companies", "drugs", "brands", "software", "universities"}
    for path in files:
        header, entries = read_kb(path)
        assert {"source", "commit", "licence", "rebuild", "columns"} <= set(header), path
        assert header["licence"] and header["commit"]
        assert int(header["entries"]) == len(entries) > 100


def test_kb_entries_have_ontology_types_priors_and_wikidata_links():
    tops = class_tree()
    by_file = {p.stem: read_kb(p)[1] for p in kb_files()}
    for name, entries in by_file.items():
        for e in entries:
            assert tops[e.type] == e.top_type and 0.0 <= e.prior <= 1.0, (name, e)
    assert {e.type for e in by_file["drugs"]} == {"Drug"} and tops["Drug"] == "Product"
    people = by_file["people"]  # congress-legislators (CC0); Pantheon stays dropped (its licence is unconfirmed)
    assert {e.type for e in people} == {"Person"} and {e.type for e in by_file["universities"]} == {"University", "Organization"}
    assert sum(bool(e.same_as) for e in people) > 0.9 * len(people)
    assert {"City", "Country", "State"} <= {e.type for e in by_file["places"]}
    brands = by_file["brands"]
    assert all(e.same_as and all(iri.startswith(WIKIDATA + "Q") for iri in e.same_as) for e in brands)


def test_hand_written_entries_win_and_keep_no_prior():
    lexicon = load_lexicon()
    assert lexicon.get("openai").prior is None  # hand-written
    assert lexicon.get("tim-hortons").prior is not None  # from the knowledge base
    hand_labels = {label.casefold() for e in lexicon.entries.values() if e.prior is None for label in e.labels}
    kb_labels = {label.casefold() for e in lexicon.entries.values() if e.prior is not None for label in e.labels}
    assert not hand_labels & kb_labels


def test_a_bad_kb_row_is_one_readable_error(tmp_path):
    from kg.errors import InputError

    bad = tmp_path / "bad.tsv"
    bad.write_text("# source: x\nkey\tLabel\tNoSuchClass\t0.5\t\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:2: not a knowledge-base row"):
        read_kb(bad)


# --- the build script on a tiny fixture of every source format ------------------------------------

class _FakeGeoNames:
    def get_countries(self):
        return {"FR": {"name": "France"}, "ZZ": {"name": "Freedonia"}}

    def get_us_states(self):
        return {"ZE": {"name": "Zedonia"}}

    def get_cities(self):
        return {1: {"name": "Marseille", "population": 870_000}, 2: {"name": "Tinytown", "population": 5_000},
                3: {"name": "Mobile", "population": 190_000}}


def _fixture_mirror(root: Path) -> None:
    def put(repo: str, path: str, data: bytes | str) -> None:
        target = root / repo.replace("/", "+") / "repo" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    put("datasets/s-and-p-500-companies", "data/constituents.csv",
        'Symbol,Security,GICS Sector\nXYL,Xylem Inc.,Industrials\nGOOGL,Alphabet Inc. (Class A),Tech\nOAI,OpenAI,Tech\n')
    drugs = {"drug_variant_to_canonical": {"zorblax": ["zorbamycin"], "zorbamycin": ["zorbamycin"], "twice": ["a", "b"]},
             "drug_canonical_to_data": {"zorbamycin": {"name": "Zorbamycin", "medline_plus_id": "a1"},
                                        "obscurium": {"name": "Obscurium", "mesh_id": "D1"}},
             "drug_variant_to_variant_data": {}}
    put("fastdatascience/drug_named_entity_recognition", "src/drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2",
        bz2.compress(pickle.dumps(drugs)))
    put("osmlab/name-suggestion-index", "data/brands/shop/coffee.json", json.dumps({"items": [
        {"displayName": "Brewtopia Roasters", "locationSet": {"include": ["001"]},
         "tags": {"brand": "Brewtopia Roasters", "brand:wikidata": "Q111"}},
        {"displayName": "Target", "locationSet": {"include": ["us"]}, "tags": {"brand": "Target", "brand:wikidata": "Q222"}},
        {"displayName": "Jack's", "locationSet": {"include": ["us"]}, "tags": {"brand": "Jack's", "brand:wikidata": "Q333"}},
        {"displayName": "NPC", "locationSet": {"include": ["us"]}, "tags": {"brand": "NPC", "brand:wikidata": "Q444"}},
        {"displayName": "No Wikidata", "tags": {"brand": "No Wikidata"}},
        {"displayName": "OpenAI Store", "tags": {"brand": "OpenAI Store", "brand:wikidata": "Q555"}}]}))
    put("unitedstates/congress-legislators", "executive.yaml",
        "- id: {bioguide: Z1}\n  name: {first: Zebulon, last: Quorp, nickname: Zeb}\n  terms: [{type: prez}]\n"
        "- id: {wikipedia: Samuel Altman (politician)}\n  name: {first: Samuel, last: Altman, nickname: Sam}\n"
        "  terms: [{type: viceprez}]\n")
    put("unitedstates/congress-legislators", "legislators-current.yaml",
        "- id: {wikidata: Q901, wikipedia: Bernadette Vexley (politician)}\n"
        "  name: {first: Bernadette, last: Vexley, nickname: Bernie, official_full: Bernadette Q. Vexley}\n"
        "  terms: [{type: rep}, {type: sen}]\n"
        "- id: {wikidata: Q902}\n  name: {first: Ostrava, last: Plimm}\n  terms: [{type: rep}]\n")
    put("Hipo/university-domains-list", "world_universities_and_domains.json", json.dumps([
        {"name": "Quorpville University"}, {"name": "Quorpville University, East Campus"}, {"name": "Quorpville University"},
        {"name": "Zorbington Clinic"}, {"name": "Zorbington Clinic College of Medicine"}]))
    put("simple-icons/simple-icons", "data/simple-icons.json", json.dumps([
        {"title": "Zorbit", "source": "https://github.com/zorbit/zorbit"},
        {"title": "Quuxly", "source": "https://quuxly.com", "aliases": {"aka": ["Quuxly Inc"]}},
        {"title": "Canvas", "source": "https://example.com"}]))

    def query(name: str, rows: list[tuple[str, str, int]]) -> None:
        put("tom-james-watson/wikitrivia", f"content/queries/{name}/rows.json", json.dumps(
            [{"item": f"http://www.wikidata.org/entity/{q}", "itemLabel": label, "sitelinks": str(n)} for q, label, n in rows]))

    query("famous-explorers-death-year", [("Q701", "Ernestine Quorpleton", 150), ("Q702", "Q702", 90)])
    query("famous-inventors-death-year", [("Q701", "Ernestine Quorpleton", 30)])  # one person of two queries
    query("films-release-year", [("Q703", "The Zorbit Affair", 15)])
    query("albums-release-year", [("Q704", "Bernadette Vexley", 40)])  # a self-titled album: not read
    query("battles-year", [("Q705", "Battle of Quorpville", 60)])  # an event: not read


def test_build_script_turns_each_source_format_into_filtered_tsv(tmp_path):
    script = _script()
    mirror, out = tmp_path / "mirror", tmp_path / "kb"
    _fixture_mirror(mirror)
    sources = [s for s in script.SOURCES if s.name != "places"]
    places = script.Source("places", "geonames", None, "CC BY 4.0",
                           lambda src, root: script.read_places(src, root, cache=_FakeGeoNames()))
    words = frozenset({"target", "canvas", "mobile", "store", "aaron"})
    frequency = {"target": 4.8, "canvas": 3.9, "mobile": 4.9}.get
    counts = script.build(mirror, out, [places, *sources], words=words, frequency=lambda w: frequency(w, 1.0))
    rows = {}
    for path in sorted(out.glob("*.tsv")):
        header, entries = read_kb(path)
        assert header["source"] and header["licence"] and header["rebuild"]
        rows.update({e.label: e for e in entries})
    assert counts == {"places": 3, "people": 3, "companies": 1, "drugs": 1, "brands": 1, "software": 2, "universities": 3,
                      "notable": 2}
    # kept, typed, with priors, aliases and Wikidata links
    assert rows["Marseille"].type == "City" and rows["Zedonia"].type == "State" and rows["Freedonia"].type == "Country"
    assert rows["Xylem"].alt_labels == ["Xylem Inc."] and rows["Xylem"].type == "Company"
    assert rows["Zorbamycin"].type == "Drug" and rows["Zorbamycin"].alt_labels == ["Zorblax"]
    assert rows["Brewtopia Roasters"].same_as == [WIKIDATA + "Q111"] and rows["Brewtopia Roasters"].prior == 0.6
    assert rows["Zorbit"].type == "SoftwareProduct" and rows["Quuxly"].type == "Company"
    # people said by their common name (the Wikipedia title), with their other names; the office is the prior
    vexley = rows["Bernadette Vexley"]
    assert vexley.type == "Person" and vexley.prior == 0.6 and vexley.same_as == [WIKIDATA + "Q901"]
    assert vexley.alt_labels == ["Bernie Vexley", "Bernadette Q. Vexley"]
    assert rows["Zeb Quorp"].prior == 0.8 and rows["Zeb Quorp"].alt_labels == ["Zebulon Quorp"]
    assert rows["Ostrava Plimm"].prior == 0.45 and rows["Quorpville University"].type == "University"
    # notable things of Wikidata typed by the query that lists them, the prior from their sitelinks
    explorer, film = rows["Ernestine Quorpleton"], rows["The Zorbit Affair"]
    assert explorer.type == "Person" and explorer.prior == 0.8 and explorer.same_as == [WIKIDATA + "Q701"]
    assert film.type == "MediaWork" and film.prior == 0.5
    # a clinic the university list holds is an organization, unless its name says it is a school
    assert rows["Zorbington Clinic"].type == "Organization"
    assert rows["Zorbington Clinic College of Medicine"].type == "University"
    # dropped: frequent words ('Target', 'Mobile'), a brand that is a word ('Canvas'), a first name's
    # possessive, a short acronym, small towns, titles, MeSH-only compounds, hand-written names
    # ('OpenAI', 'Alphabet') and a hand-written company's shop line ('OpenAI Store')
    # and a person one of whose names is hand-written ('Samuel Altman' is Sam Altman), a university's campus
    for gone in ("Target", "Mobile", "Canvas", "Jack's", "NPC", "Tinytown", "Albert I, Duke of Prussia", "Aaron",
                 "Obscurium", "OpenAI", "Alphabet", "OpenAI Store", "No Wikidata", "France", "Samuel Altman",
                 "Quorpville University, East Campus", "Q702", "Battle of Quorpville"):
        assert gone not in rows, gone
    assert rows["Bernadette Vexley"].type == "Person"


def test_build_script_rebuilds_one_source_against_the_others_as_committed(tmp_path):
    """``--only notable`` reads that source alone; the names of the files already in --out are taken, so
    a name another source holds is not written twice."""
    script = _script()
    mirror, out = tmp_path / "mirror", tmp_path / "kb"
    _fixture_mirror(mirror)
    out.mkdir()
    (out / "people.tsv").write_text("# kg knowledge base: people\nernestine-q\tErnestine Quorpleton\tPerson\t0.450\t\t\n",
                                    encoding="utf-8")
    assert script.build(mirror, out, words=frozenset(), frequency=lambda w: 1.0, only=frozenset({"notable"})) == {"notable": 1}
    assert sorted(p.name for p in out.iterdir()) == ["notable.tsv", "people.tsv"]
    labels = {e.label for e in read_kb(out / "notable.tsv")[1]}
    assert labels == {"The Zorbit Affair"}
    assert script.main(["--mirror", str(mirror), "--out", str(out), "--only", "nosuch"]) == 1


def test_build_script_missing_source_is_one_line_and_writes_nothing(tmp_path, capsys):
    script = _script()
    out = tmp_path / "kb"
    code = script.main(["--mirror", str(tmp_path / "nowhere"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and err.startswith("build_kb: ")
    assert not out.exists()


# --- names of the knowledge base in transcripts ---------------------------------------------------

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from kg.build import build
    from kg.extract.episode import extract_file

    folder = tmp_path_factory.mktemp("kb")
    path = folder / "world.txt"
    path.write_text(WORLD, encoding="utf-8")
    report = build([path], folder / "out", ("ttl",))
    assert not report.failures
    return extract_file(str(path)), Graph().parse(folder / "out" / "world.ttl")


def test_drug_brand_city_and_person_of_the_kb_are_entities(world):
    result, _ = world
    found = {e.lexicon_key: e for e in result.entities.values() if e.lexicon_key}
    lexicon = load_lexicon()
    for key, kind in (("semaglutide", "Drug"), ("tim-hortons", "Company"), ("marseille", "City"),
                      ("amy-klobuchar", "Person"), ("kochi-university", "University")):
        assert key in found and found[key].type == kind, (key, found.get(key))
        assert lexicon.get(key).prior is not None  # from the open-data knowledge base, not the hand lexicon
    assert "Ozempic" in found["semaglutide"].variants  # the brand name said, under the drug's name


def test_kb_entities_carry_owl_same_as_where_the_source_gives_wikidata(world):
    _, graph = world
    same = {str(o) for _, o in graph.subject_objects(OWL.sameAs)}
    assert same == {WIKIDATA + "Q175106", WIKIDATA + "Q22237"}  # Tim Hortons, Amy Klobuchar; the rest give none


def test_lower_case_words_spelled_like_kb_names_are_no_entities(tmp_path):
    from kg.extract.episode import extract_file

    path = tmp_path / "words.txt"
    path.write_text(WORDS, encoding="utf-8")
    result = extract_file(str(path))
    kb_keys = {e.lexicon_key for e in result.entities.values() if e.lexicon_key and load_lexicon().get(e.lexicon_key).prior}
    assert not kb_keys
    labels = {e.label.casefold() for e in result.entities.values()}
    assert not labels & {"aspirin", "semaglutide", "ozempic", "marseille", "buffer", "canvas", "duchess"}


def test_a_user_lexicon_gives_owl_same_as_through_build_and_back(tmp_path):
    """An owl:sameAs a user's lexicon gives an entry reaches the graph (not only the built-in ones),
    and survives reading the graph back and writing it again."""
    from kg.build import build
    from kg.extract.episode import Options
    from kg.graph.rdf import to_dataset
    from kg.graph.rdf_read import read_graph

    from .conftest import DATA

    lexicon = tmp_path / "lex.ttl"
    text = (DATA / "invented-lexicon.ttl").read_text(encoding="utf-8")
    lexicon.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n" + text.replace(
        'skos:prefLabel "Quillfeather" .',
        'skos:prefLabel "Quillfeather" ;\n    owl:sameAs <http://www.wikidata.org/entity/Q99999991> .'), encoding="utf-8")
    report = build([DATA / "invented.txt"], tmp_path / "out", ("ttl",), Options(lexicons=(str(lexicon),)), cache=None)
    assert not report.failures
    graph = Graph().parse(tmp_path / "out" / "invented.ttl")
    same = {(str(graph.value(s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))), str(o))
            for s, o in graph.subject_objects(OWL.sameAs)}
    assert same == {("Quillfeather", WIKIDATA + "Q99999991")}
    again = to_dataset(read_graph([tmp_path / "out" / "invented.ttl"]))
    assert (None, OWL.sameAs, URIRef(WIKIDATA + "Q99999991")) in again


def test_a_title_or_party_before_a_kb_person_is_no_piece_of_a_longer_name(tmp_path):
    """'Senator Bill Cassidy', 'Republican Clay Higgins': the capitalised word before a knowledge-base
    person is a title, and the person is found with the Wikidata ID of the source (not the hand-written
    company Clay inside the name)."""
    from kg.extract.episode import extract_file

    path = tmp_path / "titles.txt"
    path.write_text("# Hearing\n\n**Podcast:** Test Show\n**Date:** 2025-03-06\n\n"
                    "Speaker 1: The first to speak was Republican Clay Higgins from Louisiana.\n"
                    "Speaker 2: Then Senator Bill Cassidy asked about vaccines.\n", encoding="utf-8")
    keys = {e.lexicon_key for e in extract_file(str(path)).entities.values() if e.lexicon_key}
    assert {"clay-higgins", "bill-cassidy"} <= keys and "clay" not in keys
    assert load_lexicon().get("bill-cassidy").same_as == [WIKIDATA + "Q861999"]
