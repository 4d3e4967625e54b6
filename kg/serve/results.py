"""Answering one SPARQL query for the endpoint: run it on a store, negotiate the result type on
``Accept`` and serialise the (possibly cut) result in a W3C result format (SPARQL JSON, XML, CSV, TSV)
or an RDF syntax (Turtle, N-Triples, RDF/XML). No HTTP here: :mod:`kg.serve.endpoint` speaks the protocol,
:mod:`kg.serve.workers` runs :func:`answer` in worker processes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import InputError
from kg.serve.guard import check_query

PREFIXES = {
    "kgo": "https://w3id.org/kg/ontology#", "kg": "https://w3id.org/kg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#", "schema": "http://schema.org/", "dcterms": "http://purl.org/dc/terms/",
}
SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "text/plain": ox.RdfFormat.N_TRIPLES,
}
CONTENT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "nt": "application/n-triples"}


@dataclass
class Reply:
    """An HTTP answer: status, content type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_reply(status: int, message: str) -> Reply:
    """A plain-text answer (errors, help)."""
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


# ---------------------------------------------------------------- content negotiation

def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (by q, then by order)."""
    if not header:
        return ["*/*"]
    ranked = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, bits[0].lower()))
    return [m for _, _, m in sorted(ranked)] or ["*/*"]


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The first offered media type the Accept header allows (offers in the server's preference order)."""
    for wanted in parse_accept(accept):
        if wanted == "*/*":
            return offers[0]
        if wanted.endswith("/*"):
            match = next((o for o in offers if o.startswith(wanted[:-1])), None)
            if match:
                return match
        elif wanted in offers:
            return wanted
    return None


# ---------------------------------------------------------------- result serialisation

def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    text = f"_:{term.value}" if isinstance(term, ox.BlankNode) else getattr(term, "value", str(term))
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def serialize_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results as SPARQL JSON, XML, CSV or TSV (the W3C result formats)."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        body = "".join("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                             for v, t in zip(variables, row) if t is not None) + "</result>"
                       for row in rows)
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head>{head}</head><results>{body}</results></sparql>\n").encode("utf-8")
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join("" if t is None else str(t) for t in row)
                                                       for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer in SPARQL JSON or XML (CSV and TSV: the bare word)."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode("utf-8")
    return (word + "\n").encode("utf-8")


# ---------------------------------------------------------------- answering one query (in a worker)

def answer(store: ox.Store, request: dict[str, Any], limit: int) -> Reply:
    """Run one query on a store and serialise the (possibly cut) result for the negotiated type."""
    try:
        check_query(request["query"])
    except InputError as exc:
        return text_reply(400, str(exc))
    options: dict[str, Any] = {"prefixes": PREFIXES}
    try:
        if request.get("default_graphs"):
            options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
        else:
            options["use_default_graph_as_union"] = True
        if request.get("named_graphs"):
            options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    except ValueError as exc:
        return text_reply(400, f"bad graph IRI: {first_line(exc)}")
    try:
        result = store.query(request["query"], **options)
    except SyntaxError as exc:
        return text_reply(400, f"bad SPARQL query: {first_line(exc)}")
    except (OSError, ValueError) as exc:
        return text_reply(400, f"cannot run the query: {first_line(exc)}")
    accept = request.get("accept")
    try:
        if isinstance(result, ox.QueryTriples):
            media = negotiate(accept, list(GRAPH_TYPES))
            if media is None:
                return text_reply(406, f"cannot give graph results as {accept}; try text/turtle")
            triples, cut = _take(result, limit)
            body = ox.serialize(triples, format=GRAPH_TYPES[media], prefixes=PREFIXES)
            ctype = "text/plain" if media == "text/plain" else media
            return Reply(200, f"{ctype}; charset=utf-8", body, _limit_headers(cut, limit))
        media = negotiate(accept, list(SOLUTION_TYPES))
        if media is None:
            return text_reply(406, f"cannot give SPARQL results as {accept}; try application/sparql-results+json")
        fmt = SOLUTION_TYPES[media]
        if isinstance(result, ox.QueryBoolean):
            return Reply(200, CONTENT_TYPES[fmt], serialize_boolean(bool(result), fmt))
        variables = [v.value for v in result.variables]
        rows, cut = _take(([sol[v] for v in variables] for sol in result), limit)
        return Reply(200, CONTENT_TYPES[fmt], serialize_solutions(variables, rows, fmt), _limit_headers(cut, limit))
    except (OSError, ValueError, SyntaxError) as exc:
        return text_reply(500, f"query failed: {first_line(exc)}")


def _take(items, limit: int) -> tuple[list, bool]:
    out = []
    for item in items:
        if len(out) == limit:
            return out, True
        out.append(item)
    return out, False


def _limit_headers(cut: bool, limit: int) -> dict[str, str]:
    return {"X-KG-Truncated": "true", "X-KG-Result-Limit": str(limit)} if cut else {}


def first_line(exc: BaseException) -> str:
    """The first line of an error message, at most 300 characters (the name of the error when empty)."""
    return (str(exc).splitlines() or [type(exc).__name__])[0][:300]
