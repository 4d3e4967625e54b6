"""The query guard: what must never reach the SPARQL engine, refused before it parses a query.

A federated ``SERVICE`` (kg makes no requests for its callers), brackets nested too deep and too many
group clauses (both overflow the engine's stack). Used by ``kg query`` and by the endpoint, which
checks a query before any worker sees it."""

from __future__ import annotations

import re

from kg.errors import InputError

MAX_DEPTH = 100  # brackets nested deeper than this are refused before Oxigraph parses the query
MAX_CLAUSES = 500  # group pattern clauses (OPTIONAL, MINUS, BIND, UNION, ...); thousands overflow the stack
IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
# a variable, or a keyword, prefixed name, blank node or number (dots inside, never at the end)
_TOKEN = re.compile(r"[?$]\w+|[\w\-%\\:]+(?:\.+[\w\-%\\:]+)*")
_CLAUSES = frozenset({"OPTIONAL", "MINUS", "BIND", "UNION", "FILTER", "GRAPH", "VALUES", "SELECT", "SERVICE"})
_OPEN, _CLOSE = "{([", "})]"


def check_query(sparql: str, max_depth: int = MAX_DEPTH, max_clauses: int = MAX_CLAUSES) -> None:
    """Refuse (InputError, one line) what must never reach the engine: a federated ``SERVICE`` (kg
    makes no requests for its callers), brackets nested deeper than ``max_depth`` or more than
    ``max_clauses`` group clauses (both crash the parser or planner with a stack overflow).

    Only the query's own tokens count: strings, IRIs and comments are skipped, so a label that
    contains "SERVICE" or a quote full of brackets is fine."""
    depth = clauses = 0
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            i = _line_end(sparql, i)
        elif c in "\"'":
            i = _string_end(sparql, i)
        elif c == "<" and (m := IRIREF.match(sparql, i)):
            i = m.end()
        elif c in _OPEN:
            depth += 1
            if depth > max_depth:
                raise InputError(f"query nested more than {max_depth} levels deep; refused")
            clauses += c == "{"
            i += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
            i += 1
        elif m := _TOKEN.match(sparql, i):
            i = m.end()
            for word in _keywords(m.group()):
                if word == "SERVICE":
                    raise InputError("federated queries (SERVICE) are refused: kg makes no requests for its callers")
                clauses += word in _CLAUSES
        else:
            i += 1
        if clauses > max_clauses:
            raise InputError(f"query has more than {max_clauses} clauses; refused")


def _keywords(token: str) -> list[str]:
    """The words of a token the engine may read as keywords, upper-cased. A dot ends a number, a keyword
    or a prefix without a local name, so '1.SERVICE', 'true.SERVICE' and 'ex:.SERVICE' hold the keyword
    SERVICE; a dot inside a prefixed name's local name does not ('ex:a.SERVICE' is one name), nor does a
    variable ('?service')."""
    if token[0] in "?$":
        return []
    words: list[str] = []
    in_name = False
    for part in token.split("."):
        if in_name and part:
            continue  # the local name of a prefixed name goes on over the dot
        if ":" in part:
            in_name = bool(part.split(":", 1)[1])
            continue
        words += [w.upper() for w in re.findall(r"[A-Za-z]+", part)]
    return words


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end + 1


def _string_end(text: str, i: int) -> int:
    """Index after the string literal starting at ``i`` (short or long form, backslash escapes)."""
    quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text.startswith(quote, j):
            return j + len(quote)
        elif len(quote) == 1 and text[j] in "\r\n":
            return j  # an unclosed short string: the engine reports the syntax error
        else:
            j += 1
    return len(text)
