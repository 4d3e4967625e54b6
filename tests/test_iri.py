"""Every IRI kg mints is valid, whatever the names, labels, file names and URLs it is made from.

A seeded generator makes a few hundred episodes out of arbitrary Unicode (spaces, quotes, brackets,
backslashes, controls, bidi marks, astral and private-use characters, lone surrogates from file names
that were not UTF-8, broken URLs); every output format of each must parse in rdflib and in Oxigraph,
and speaker names keep their exact spelling in ``rdfs:label``.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.graph.render import render_all, render_collection
from kg.graph.merge import build_graph
from kg.graph.iri import Namer, media_iri, media_link, mint, segment
from kg.model import Entity, EpisodeInfo, EpisodeResult, Evidence, Fact, Mention, Speaker

NASTY = ' <>"{}|^`\\%#?/[]:@&=+;,\'\t\n\r\x00\x7f\x85\xa0\u200e\u202e\u2066\ufeff\ufffe\uffff\ue000' \
        "éß中文Ελληνικά𝄞😀\U000e0001\U0010fffd"
URL_BITS = ["https://www.youtube.com/watch?v=abc[1]", "http://[::1]:8080/a b", "https://exa mple.com/x",
            "http://host:port/", "ftp://x/y#a#b", "mailto:jane@example.org", "not a url", "//no-scheme/x",
            "https://e.com/p?q=\"x\"&r={y}", "urn:isbn:123", "https://e.com/%zz%41", "http://[bad/", ""]


def nasty_text(rng: random.Random, low: int = 0, high: int = 12) -> str:
    """A string mixing ordinary letters, IRI/Turtle delimiters and awkward Unicode."""
    out = []
    for _ in range(rng.randint(low, high)):
        kind = rng.random()
        if kind < 0.4:
            out.append(rng.choice("abcXYZ019 -_."))
        elif kind < 0.8:
            out.append(rng.choice(NASTY))
        elif kind < 0.95:
            out.append(chr(rng.randint(0x80, 0x2FFFF)))
        else:
            out.append(chr(rng.randint(0xDC80, 0xDCFF)))  # a byte of a file name that was not UTF-8
    return "".join(out)


def nasty_url(rng: random.Random) -> str | None:
    """A header media URL: a real-looking one, a broken one or random text."""
    r = rng.random()
    if r < 0.1:
        return None
    if r < 0.7:
        return rng.choice(URL_BITS) + (nasty_text(rng, 0, 4) if rng.random() < 0.5 else "")
    return nasty_text(rng, 1, 20)


def episode(rng: random.Random, stem: str) -> EpisodeResult:
    """One episode whose every name, label, speaker and URL comes from the generator."""
    info = EpisodeInfo(stem=stem, source=stem + ".txt", title=nasty_text(rng) or None, show=nasty_text(rng) or None,
                       date=nasty_text(rng, 0, 4) or None, media_url=nasty_url(rng))
    labels = [nasty_text(rng, 1, 10) for _ in range(3)]
    speakers = {lab: Speaker(label=lab) for lab in labels}
    keys = [f"k{i}-{rng.randint(0, 3)}" if rng.random() < 0.5 else nasty_text(rng, 1, 6) for i in range(3)]
    entities = {}
    for key in keys:
        entities[key] = Entity(key=key, label=nasty_text(rng, 1, 12), type="Person", top_type="Person",
                               lexicon_key=nasty_text(rng, 1, 6) if rng.random() < 0.3 else None,
                               mentions=[Mention(nasty_text(rng, 1, 8), 0, rng.choice([None, 1.5]), "exact", 0.9)])
    speakers[labels[0]].person = keys[0]
    speakers[labels[0]].confidence = 0.9
    ev = Evidence(quote=nasty_text(rng, 1, 30), utterance=rng.randint(-1, 5), second=rng.choice([None, 12.0]),
                  speaker=labels[1], rule=nasty_text(rng, 1, 8), confidence=0.7)
    facts = [Fact(keys[0], "worksFor", keys[1], [ev])] if keys[0] != keys[1] else []
    return EpisodeResult(episode=info, entities=entities, speakers=speakers, facts=facts)


def parses(text: str, fmt: str) -> None:
    """Parse one output in rdflib and in Oxigraph (either raises on any bad IRI or literal)."""
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}[fmt]
    (Dataset() if fmt in ("trig", "nq") else Graph()).parse(data=text, format=rdflib_fmt)
    ox_fmt = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
              "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}[fmt]
    assert list(ox.parse(text.encode("utf-8"), format=ox_fmt))


@pytest.mark.parametrize("seed", range(200))
def test_every_output_of_arbitrary_names_parses_in_rdflib_and_oxigraph(seed):
    rng = random.Random(seed)
    results = [episode(rng, nasty_text(rng, 1, 10)) for _ in range(2)]
    if results[0].episode.stem == results[1].episode.stem:
        results.pop()
    for result in results:
        texts = render_all(build_graph([result]), ("ttl", "nt", "jsonld", "trig", "nq"))
        for fmt, text in texts.items():
            parses(text, fmt)
    for fmt, text in render_collection(results).items():
        parses(text, fmt)


@pytest.mark.parametrize("seed", range(300))
def test_minted_iris_are_valid_and_distinct(seed):
    rng = random.Random(1000 + seed)
    a, b = nasty_text(rng, 0, 10), nasty_text(rng, 0, 10)
    iri_a, iri_b = mint("https://w3id.org/kg/id/", "episode", a), mint("https://w3id.org/kg/id/", "episode", b)
    ox.NamedNode(iri_a)
    assert URIRef(iri_a).n3()  # rdflib writes it without complaint
    assert (iri_a == iri_b) == (a == b)
    url = nasty_url(rng)
    cleaned = media_iri(url)
    if cleaned is not None:
        ox.NamedNode(cleaned)


def test_segments_keep_letters_and_encode_delimiters():
    assert segment("Jane Smith") == "Jane%20Smith"
    assert segment("José Ñúñez") == "José%20Ñúñez"
    assert segment("a/b?c#d") == "a%2Fb%3Fc%23d"
    assert segment("..") == "%2E%2E"
    assert media_iri("https://www.youtube.com/watch?v=abc[1]") == "https://www.youtube.com/watch?v=abc%5B1%5D"
    assert media_iri("not a url") is None
    assert media_iri("https://example.org/a%20b") == "https://example.org/a%20b"  # escapes already there stay


def test_a_media_link_is_valid_without_a_second_check():
    """The media URL is checked once an episode (media_iri); a link at a second only adds ``t=Ns`` to it,
    and gives the IRI that checking the whole link again would give."""
    rng = random.Random(11)
    checked = 0
    for _ in range(2000):
        url = media_iri(nasty_url(rng))
        if url is None:
            continue
        second = rng.choice([0, 1.5, 61.9, 3725, rng.uniform(0, 50000)])
        link = media_link(url, second)
        head, hash_, fragment = url.partition("#")
        assert link == media_iri(f"{head}{'&' if '?' in head else '?'}t={int(second)}s{hash_}{fragment}")
        ox.NamedNode(link)
        checked += 1
    assert checked > 500
    assert media_link("https://e.com/v?x=1#frag", 61.9) == "https://e.com/v?x=1&t=61s#frag"


def test_cue_iris_are_minted_under_their_speaker():
    rng = random.Random(3)
    names = Namer()
    for i in range(200):
        stem, label = nasty_text(rng, 1, 10), nasty_text(rng, 0, 10)
        cue = names.cue(stem, label, i)
        assert str(cue) == f"{names.speaker(stem, label)}/cue/{i}"
        ox.NamedNode(str(cue))


def test_speaker_names_keep_their_spelling_in_labels():
    rng = random.Random(7)
    result = episode(rng, "my talk")
    result.speakers = {"Jane Smith": Speaker(label="Jane Smith"), 'O"Brien <x>': Speaker(label='O"Brien <x>')}
    text = render_all(build_graph([result]), ("ttl",))["ttl"]
    g = Graph().parse(data=text, format="turtle")
    names = Namer()
    for label in result.speakers:
        node = names.speaker("my talk", label)
        assert Literal(f"speaker ({label})") in set(g.objects(node, RDFS.label))


def test_webvtt_voices_and_a_file_name_with_a_space_build_and_query(tmp_path):
    vtt = tmp_path / "my talk.vtt"
    vtt.write_text(
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:05.000\n<v Jane Smith>Hi, I'm Jane Smith. I worked at Google for ten years.\n\n"
        "00:00:05.000 --> 00:00:09.000\n<v Bob O'Neil>Welcome Jane. Before that you were at Microsoft?\n\n"
        "00:00:09.000 --> 00:00:14.000\n<v Jane Smith>Yes, I worked at Microsoft before I joined Google.\n",
        encoding="utf-8")
    out = tmp_path / "out"
    kg = [sys.executable, "-m", "kg"]
    done = subprocess.run(kg + ["build", str(vtt), "-o", str(out), "-f", "ttl", "-f", "trig", "--no-cache", "-q"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "does not look like a valid URI" not in done.stderr
    query = ("SELECT ?label ?voice WHERE { ?s a kgo:Speaker ; kgo:speakerLabel ?voice ; rdfs:label ?label } "
             "ORDER BY ?voice")
    done = subprocess.run(kg + ["query", str(out / "my talk.ttl"), query, "--format", "json"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    voices = [row["voice"] for row in json.loads(done.stdout)]
    assert voices == ["Bob O'Neil", "Jane Smith"]
    trig = (out / "my talk.trig").read_text(encoding="utf-8")
    assert "episode/my%20talk/speaker/Jane%20Smith" in trig
    parses(trig, "trig")


def test_a_media_url_that_is_not_an_iri_beside_a_second_file_builds_the_collection(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("# A talk\n\n**Video URL:** https://www.youtube.com/watch?v=abc[1]\n\n---\n\n"
                 "[00:00:01] SPEAKER_00: Jane Smith worked at Google for ten years.\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("[00:00:01] SPEAKER_00: Bob Jones worked at Microsoft.\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(a), str(b), "-o", str(out), "-f", "ttl",
                           "--no-cache", "-q"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "collection.trig").is_file()
    parses((out / "collection.trig").read_text(encoding="utf-8"), "trig")
    done = subprocess.run([sys.executable, "-m", "kg", "query", str(out / "a.ttl"),
                           "SELECT ?u WHERE { ?e kgo:mediaUrl ?u }"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Path(out / "a.ttl").read_text(encoding="utf-8").count("abc%5B1%5D") >= 1
