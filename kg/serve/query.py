"""SPARQL over kg's files (an in-memory Oxigraph store) and the named queries in ``ontology/queries``."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.resources import data_path
from kg.serve.guard import IRIREF, check_query

OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
              ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".rdf": ox.RdfFormat.RDF_XML,
              ".owl": ox.RdfFormat.RDF_XML}
PREFIXES = """PREFIX kgo: <https://w3id.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@dataclass
class Table:
    """A SELECT result (or an ASK answer as one cell): column names and rows of strings."""

    columns: list[str]
    rows: list[list[str]]


def graph_files(paths: list[str | Path]) -> list[Path]:
    """RDF files named, or found in named folders."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in OX_FORMATS and f.is_file()))
        elif p.exists():
            if not p.is_file():  # a FIFO or a device would block or never end
                raise InputError(f"{p}: not a regular file")
            if p.suffix not in OX_FORMATS:
                raise InputError(f"{p}: not an RDF file (expected one of {', '.join(sorted(OX_FORMATS))})")
            files.append(p)
        else:
            raise InputError(f"{p}: no such file")
    if not files:
        raise InputError("no RDF files to query")
    return files


def load_store(paths: list[str | Path], store: ox.Store | None = None) -> ox.Store:
    """An Oxigraph store (in memory unless given) holding the named RDF files; quads keep their graphs."""
    store = store if store is not None else ox.Store()
    for f in graph_files(paths):
        try:
            if OX_FORMATS[f.suffix] in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                store.load(path=str(f), format=OX_FORMATS[f.suffix])
            else:
                store.load(path=str(f), format=OX_FORMATS[f.suffix], to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise InputError(f"{f}: not valid RDF ({str(exc).splitlines()[0][:160]})") from None
    return store


def named_queries() -> dict[str, Path]:
    """Named queries shipped with kg: name -> file."""
    return {p.stem: p for p in sorted(data_path("queries").glob("*.rq"))}


def named_query(name: str, params: dict[str, str] | None = None) -> str:
    """The text of a named query with ``$param`` placeholders filled in (as string literals unless IRIs)."""
    queries = named_queries()
    if name not in queries:
        raise InputError(f"no named query {name!r} (known: {', '.join(queries) or 'none'})")
    text = queries[name].read_text(encoding="utf-8")
    for key, value in (params or {}).items():
        if f"${key}" not in text:
            raise InputError(f"named query {name!r} has no parameter ${key}")
        literal = f"<{value}>" if re.match(r"^https?://", value) and IRIREF.fullmatch(f"<{value}>") else json.dumps(value)
        text = text.replace(f"${key}", literal)
    missing = sorted(set(re.findall(r"\$([A-Za-z_]\w*)", text)))
    if missing:
        raise InputError(f"named query {name!r} needs --param {missing[0]}=VALUE")
    return text


def _term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def with_prefixes(sparql: str) -> str:
    """The query with kg's usual prefixes declared, unless it declares ``kgo:`` itself."""
    return sparql if re.search(r"^\s*PREFIX\s+kgo:", sparql, re.I | re.M) else PREFIXES + sparql


def execute(store: ox.Store, sparql: str):
    """Run a query (prefixes predeclared, default graph = union of all graphs); pyoxigraph's result.

    The query is checked first (:func:`check_query`): no SERVICE, no nesting that crashes the engine."""
    check_query(sparql)
    try:
        return store.query(with_prefixes(sparql), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {str(exc).splitlines()[0][:200]}") from None
    except OSError as exc:
        raise InputError(f"cannot read the store: {str(exc).splitlines()[0][:200]}") from None


RESULT_FORMATS = {"sparql-json": ox.QueryResultsFormat.JSON, "sparql-xml": ox.QueryResultsFormat.XML}


def query_results(store: ox.Store, sparql: str, fmt: str) -> str:
    """A SELECT or ASK result in a standard SPARQL results format (``sparql-json`` or ``sparql-xml``)."""
    result = execute(store, sparql)
    if isinstance(result, ox.QueryTriples):
        raise InputError(f"--format {fmt} needs a SELECT or ASK query (CONSTRUCT/DESCRIBE give triples)")
    text = result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


def run_query(store: ox.Store, sparql: str, timeout: float | None = None) -> Table:
    """Run a SELECT or ASK query (prefixes kgo, rdfs, skos... predeclared) and return a table."""
    result = execute(store, sparql)
    if isinstance(result, ox.QueryBoolean):
        return Table(["answer"], [["true" if bool(result) else "false"]])
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return Table(columns, [[_term(sol[c]) for c in columns] for sol in result])
    triples = sorted((_term(t.subject), _term(t.predicate), _term(t.object)) for t in result)
    return Table(["subject", "predicate", "object"], [list(t) for t in triples])


def format_table(table: Table, fmt: str = "table") -> str:
    """Render a result as an aligned text table, CSV, TSV or JSON (a list of objects)."""
    if fmt == "json":
        return json.dumps([dict(zip(table.columns, row)) for row in table.rows], indent=2, ensure_ascii=False) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        return buf.getvalue()
    short = [[_shorten(c) for c in row] for row in table.rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in short])) for i, c in enumerate(table.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(table.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in short:
        lines.append("  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(row, widths)).rstrip())
    lines.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _shorten(value: str) -> str:
    for prefix, ns in (("kgo:", "https://w3id.org/kg/ontology#"), ("", "https://w3id.org/kg/id/")):
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value
