"""The ``kg`` command: one verb per job. Parses options, calls the library, prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import InputError

FORMAT_CHOICES = click.Choice(["table", "csv", "tsv", "json"])


class KgGroup(click.Group):
    """A group whose commands turn :class:`InputError` into a one-line message and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"kg: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build knowledge graphs of people, organizations, products and places from transcripts.

    \b
    kg build examples/a16z-sherwin-wu.txt -o outputs     # graph files for one episode
    kg query outputs/a16z-sherwin-wu.ttl 'SELECT ...'     # SPARQL over them
    kg entities outputs/a16z-sherwin-wu.ttl               # who and what was talked about
    """


@main.command()
@click.argument("transcripts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path), help="Folder for the graph files.")
@click.option("-f", "--format", "formats", multiple=True, default=("ttl", "jsonld", "html"), show_default=True,
              type=click.Choice(["ttl", "nt", "jsonld", "trig", "nq", "graphml", "json", "html"]), help="Output formats (repeat the option).")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(path_type=Path), help="Extra SKOS lexicon file(s) to merge.")
@click.option("--threshold", default=0.78, show_default=True, type=click.FloatRange(0.5, 1.0), help="Least score for a name heard differently.")
@click.option("--input-format", type=click.Choice(["markdown", "vtt", "srt", "json", "plain"]), help="Override format detection.")
@click.option("--base", default="https://w3id.org/kg/id/", show_default=True, help="Namespace of entity IRIs.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(transcripts, out_dir, formats, lexicons, threshold, input_format, base, quiet) -> None:
    """Build graph files from TRANSCRIPTS (files or folders) into OUTPUT/<stem>.<format>.

    Each file gives Turtle, JSON-LD and an offline HTML page by default. A file that cannot be read
    gets a one-line error; the others are still built and the exit status is 1.

    \b
    kg build examples/a16z-sherwin-wu.txt -o outputs
    kg build talks/ -o out -f ttl -f graphml --lexicon my-names.ttl
    """
    from .build import build as run_build
    from .extract import Options

    for lex in lexicons:
        if not lex.is_file():
            raise InputError(f"{lex}: no such lexicon file")
    options = Options(threshold=threshold, lexicons=tuple(str(p) for p in lexicons), input_format=input_format)
    report = run_build(transcripts, out_dir, formats, options, base, progress=None if quiet else (lambda m: click.echo(m, err=True)))
    for line in report.skipped:
        click.echo(f"kg: {line}", err=True)
    for line in report.failures:
        click.echo(f"kg: {line}", err=True)
    if not quiet and report.written:
        click.echo(f"wrote {len(report.written)} files to {out_dir}", err=True)
    if report.failures:
        sys.exit(1)


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a .rq file.")
@click.option("-n", "--name", help="Run a named query (see `kg queries`).")
@click.option("-p", "--param", "params", multiple=True, help="Parameter of a named query: NAME=VALUE.")
@click.option("--format", "fmt", type=FORMAT_CHOICES, default="table", show_default=True, help="Output format.")
def query(graphs, sparql, query_file, name, params, fmt) -> None:
    """Run SPARQL over GRAPH files (Turtle, N-Triples, JSON-LD, TriG, N-Quads).

    The query is the last argument, a file (-f) or a named query (-n). Prefixes kgo:, rdfs:, skos:,
    schema:, prov:, dcterms: and xsd: are declared for you.

    \b
    kg query outputs/a16z-sherwin-wu.ttl \\
      'SELECT ?who WHERE { ?p kgo:formerlyWorkedFor ?o . ?o rdfs:label "Quora" . ?p rdfs:label ?who }'
    """
    from .query import format_table, load_store, named_query, run_query

    graphs = list(graphs)
    if sparql is not None and (query_file or name):
        graphs.append(Path(sparql))
        sparql = None
    if sparql is None and not query_file and not name:
        if graphs and not graphs[-1].exists():
            sparql = str(graphs.pop())
        else:
            raise InputError("give a SPARQL query, -f FILE or -n NAME")
    if query_file:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except OSError:
            raise InputError(f"{query_file}: cannot read query file") from None
    if name:
        values = {}
        for item in params:
            if "=" not in item:
                raise InputError(f"--param {item!r}: expected NAME=VALUE")
            k, v = item.split("=", 1)
            values[k] = v
        sparql = named_query(name, values)
    if not graphs:
        raise InputError("give at least one GRAPH file")
    store = load_store(graphs)
    click.echo(format_table(run_query(store, sparql), fmt), nl=False)


@main.command()
@click.argument("graphs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMAT_CHOICES, default="table", show_default=True, help="Output format.")
@click.option("-t", "--type", "top_type", type=click.Choice(["Person", "Organization", "Product", "Place"]), help="Only this type.")
def entities(graphs, fmt, top_type) -> None:
    """List the entities of GRAPH files: type, mention count and the variants heard."""
    from .query import format_table, load_store, run_query

    sparql = """
SELECT ?entity ?label ?type ?mentions (GROUP_CONCAT(DISTINCT ?variant; separator="; ") AS ?variants) WHERE {
  ?e kgo:mentionCount ?mentions ; rdfs:label ?label ; a ?cls .
  FILTER(STRSTARTS(STR(?cls), STR(kgo:)))
  BIND(STRAFTER(STR(?cls), "#") AS ?type)
  BIND(STR(?e) AS ?entity)
  OPTIONAL { ?e skos:hiddenLabel ?variant }
} GROUP BY ?entity ?label ?type ?mentions ORDER BY DESC(?mentions) ?label"""
    table = run_query(load_store(list(graphs)), sparql)
    if top_type:
        from .lexicon import class_tree

        tops = class_tree()
        table.rows = [r for r in table.rows if tops.get(r[2]) == top_type]
    click.echo(format_table(table, fmt), nl=False)


@main.command()
def queries() -> None:
    """List the named queries (run one with `kg query GRAPH -n NAME`)."""
    from .query import named_queries

    for name, path in named_queries().items():
        first = next((line[1:].strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")), "")
        click.echo(f"{name:28} {first}")
