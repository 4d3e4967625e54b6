"""The one place where kg makes IRIs: whatever text it is given, the result is a valid IRI (RFC 3987).

Names, labels, file names and header URLs are arbitrary text: a voice called ``Jane Smith``, a file
``my talk.txt``, a URL with ``[1]`` in its query. :func:`mint` keeps what an IRI may hold (letters of
every script included) and percent-encodes the rest, so every Turtle, TriG or N-Quads file kg writes
parses in rdflib, Oxigraph and any other RDF tool. Names keep their exact spelling in literals
(``rdfs:label``, ``kgo:speakerLabel``); the IRI is only an identifier.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import pyoxigraph as ox
from rdflib import URIRef

from kg.resources import DEFAULT_BASE

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_HEX = frozenset("0123456789abcdefABCDEF")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = frozenset("!$&'()*+,;=")
SEGMENT_SAFE = _UNRESERVED | _SUB_DELIMS | frozenset(":@")  # what a path segment holds as is (ASCII)
IRI_SAFE = SEGMENT_SAFE | frozenset("/?#[]%")  # what a whole IRI may hold as is (ASCII), checked further below
# RFC 3987 section 4.1: bidirectional formatting characters must not appear in an IRI
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Co", "Cs"})


def _ucschar(c: str) -> bool:
    """RFC 3987 ``ucschar``: the non-ASCII characters an IRI may hold unencoded."""
    n = ord(c)
    if c in _BIDI or c.isspace() or unicodedata.category(c) in _INVISIBLE:
        return False  # valid, but invisible, and some parsers (rdflib's N-Triples) take them for spaces
    if n < 0x10000:
        return 0xA0 <= n <= 0xD7FF or 0xF900 <= n <= 0xFDCF or 0xFDF0 <= n <= 0xFFEF
    if 0xE0000 <= n < 0xE1000:  # tags and variation selectors: not in ucschar
        return False
    return n <= 0xEFFFD and (n & 0xFFFF) <= 0xFFFD


def _encode(c: str) -> str:
    # a lone surrogate is a byte of a file name that was not UTF-8: encode that byte
    data = c.encode("utf-8", "surrogateescape" if 0xDC80 <= ord(c) <= 0xDCFF else "surrogatepass")
    return "".join(f"%{b:02X}" for b in data)


def segment(text: str) -> str:
    """``text`` as one IRI path segment: every character a segment cannot hold percent-encoded
    (``/``, ``?``, ``#``, ``%``, space, quotes, brackets, controls...), letters of any script kept.
    Different texts give different segments."""
    out = "".join(c if c in SEGMENT_SAFE or (ord(c) > 0x7F and _ucschar(c)) else _encode(c) for c in text)
    return {".": "%2E", "..": "%2E%2E"}.get(out, out)  # a dot segment would be resolved away


def _escape_iri(text: str) -> str:
    """Percent-encode what may not stand in an IRI, keeping its structure (``%XX`` kept as is)."""
    out: list[str] = []
    authority_end = _authority_end(text)
    seen_fragment = False
    for i, c in enumerate(text):
        if c == "%" and text[i + 1:i + 2] in _HEX and text[i + 2:i + 3] in _HEX and len(text[i + 1:i + 3]) == 2:
            out.append(c)
        elif c in "[]" and i < authority_end:
            out.append(c)  # an IPv6 host
        elif c == "#" and not seen_fragment:
            seen_fragment = True
            out.append(c)
        elif c in IRI_SAFE and c not in "%[]#":
            out.append(c)
        elif ord(c) > 0x7F and _ucschar(c):
            out.append(c)
        else:
            out.append(_encode(c))
    return "".join(out)


def _authority_end(text: str) -> int:
    m = _SCHEME.match(text)
    if not m or not text[m.end():].startswith("//"):
        return 0
    start = m.end() + 2
    ends = [i for i in (text.find(c, start) for c in "/?#") if i >= 0]
    return min(ends) if ends else len(text)


@lru_cache(maxsize=65536)
def _checked(iri: str) -> str:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise ValueError(f"not a valid IRI: {iri[:200]}") from None
    return iri


def mint(prefix: str, *segments: str) -> str:
    """The IRI ``prefix`` followed by ``segments`` joined by ``/``: characters an IRI cannot hold are
    percent-encoded in ``prefix``, and every segment is encoded as one path segment (:func:`segment`).

    ``mint(url)`` alone cleans a URL found in a transcript. ``ValueError`` when the prefix is not an
    absolute IRI even then (no scheme, a bad host or port): the caller drops it or reports it.
    """
    if not _SCHEME.match(prefix):
        raise ValueError(f"not an absolute IRI (no scheme): {prefix[:200]}")
    return _checked(_escape_iri(prefix) + "/".join(segment(s) for s in segments))


@lru_cache(maxsize=4096)
def media_iri(url: str | None) -> str | None:
    """A media URL from a transcript header as a valid IRI, or None when it cannot be one."""
    if not url or not url.strip():
        return None
    try:
        return mint(url.strip())
    except ValueError:
        return None


def media_link(media: str, second: float) -> str:
    """A media IRI made by :func:`media_iri` at ``second``: ``t=<second>s`` added to its query, before
    any fragment. Only IRI-safe ASCII is added, so the result needs no second check."""
    url, hash_, fragment = media.partition("#")
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}t={int(second)}s{hash_}{fragment}"


def check_base(base: str) -> str:
    """The namespace for entity IRIs, ending in ``/`` or ``#``; ValueError when it is not an absolute IRI."""
    base = base if base.endswith(("/", "#")) else base + "/"
    if _escape_iri(base) != base:
        raise ValueError(f"--base {base!r} is not a valid IRI (characters to escape)")
    return mint(base)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Namer:
    """IRIs for everything kg writes, under one base namespace; each made by :func:`mint`, so a
    name, label or file name of any spelling gives a valid IRI."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, key: str) -> URIRef:
        """An entity (its key is a slug or a lexicon entry's local name)."""
        return URIRef(mint(self.base, key))

    def episode(self, stem: str) -> URIRef:
        """An episode, named after its file."""
        return URIRef(mint(self.base, "episode", stem))

    def speaker(self, stem: str, label: str) -> URIRef:
        """A voice of an episode, by its label in the transcript (``SPEAKER_00``, ``Jane Smith``)."""
        return URIRef(mint(self.base, "episode", stem, "speaker", label))

    def cue(self, stem: str, label: str, i: int) -> URIRef:
        """The ``i``-th cue that identified a voice of an episode (a node under the voice's IRI)."""
        return URIRef(mint(self.base, "episode", stem, "speaker", label, "cue", str(i)))

    def assertion(self, s: str, p: str, o: str) -> URIRef:
        """The reified statement of one fact."""
        return URIRef(mint(self.base, "assertion", _digest(s, p, o)))

    def evidence(self, stem: str, utterance: int, rule: str, s: str, p: str, o: str) -> URIRef:
        """One piece of evidence: the utterance of an episode and the rule that read a fact in it."""
        return URIRef(mint(self.base, "evidence", stem, f"{utterance}-{_digest(rule, s, p, o)}"))
