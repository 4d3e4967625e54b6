"""The ``kg`` command: one verb per job. Parses options, calls the library, prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__
from kg.serve.settings import Settings
from kg.errors import InputError
from kg.resources import DEFAULT_BASE

FORMAT_CHOICES = click.Choice(["table", "csv", "tsv", "json"])


class KgGroup(click.Group):
    """A group whose commands turn :class:`InputError` into a one-line message and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"kg: {exc}", err=True)
            ctx.exit(2)
        except ModuleNotFoundError as exc:
            click.echo(f"kg: missing dependency {exc.name!r}: install kg with its dependencies (pip install .)", err=True)
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
@click.option("--threshold", default=0.8, show_default=True, type=click.FloatRange(0.5, 1.0), help="Least score for a name heard differently.")
@click.option("--input-format", type=click.Choice(["markdown", "blocks", "vtt", "srt", "json", "table", "plain"]), help="Override format detection (by content).")
@click.option("--language", type=click.Choice(["auto", "en"]), default="auto", show_default=True, help="auto: skip transcripts that are not English; en: build them all as English.")
@click.option("--max-input-size", "max_input_mb", default=64.0, show_default=True, type=click.FloatRange(0.001, 4096), metavar="MB", help="Refuse input files larger than this.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Namespace of entity IRIs.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 512), help="Worker processes for the per-episode stage (Dask: local workers).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Run episodes here or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); implies --executor dask.")
@click.option("--no-cache", is_flag=True, help="Process every episode; neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Cache folder [default: $KG_CACHE_DIR or ~/.cache/kg].")
@click.option("--progress", "progress_mode", type=click.Choice(["auto", "bar", "line", "none"]), default="auto", show_default=True, help="Progress display (auto: a bar on a terminal, lines otherwise).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(transcripts, out_dir, formats, lexicons, threshold, input_format, language, max_input_mb, base, jobs, executor,
          scheduler, no_cache, cache_dir, progress_mode, quiet) -> None:
    """Build graph files from TRANSCRIPTS (files or folders) into OUTPUT/<stem>.<format>.

    Each file gives Turtle, JSON-LD and an offline HTML page by default. A file that cannot be read
    gets a one-line error; the others are still built and the exit status is 1. Transcripts that are
    not English are skipped with a notice (--language en builds them anyway).

    Read by content, whatever the extension: '[00:00:03] SPEAKER_00: text' lines, WebVTT (voices
    '<v Jane Smith>'), SRT, Whisper/WhisperX/podwhisperer/AssemblyAI JSON, AssemblyAI markdown,
    Transistor '[Speaker 1] [00:00]', Otter 'Name  0:03' and Rev 'Name (00:03):' blocks, 'Name: text'.

    With two or more episodes, OUTPUT/collection.trig and OUTPUT/collection.nq hold the whole
    collection: one named graph per episode, the merged entities in the default graph. Results are
    cached by content: a rebuild processes only the episodes that changed.

    \b
    kg build examples/a16z-sherwin-wu.txt -o outputs
    kg build talks/ -o out -f ttl -f graphml --lexicon my-names.ttl
    kg build corpus/ -o out -j 2                          # two worker processes
    kg build corpus/ -o out --scheduler tcp://host:8786   # on a Dask cluster
    """
    from kg.build import build as run_build
    from kg.cache import Cache, default_cache_dir
    from kg.executors import make_executor
    from kg.extract.episode import Options
    from kg.progress import Progress

    from kg.extract.names.lexicon import parse_lexicon

    from kg.graph.iri import check_base

    try:
        base = check_base(base)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    parse_lexicon(list(lexicons))  # a missing or broken lexicon is one line before any work, not a failure per episode
    options = Options(threshold=threshold, lexicons=tuple(str(p) for p in lexicons), input_format=input_format,
                      language=language)
    if scheduler and executor == "local":
        executor = "dask"
    cache = Cache(None if no_cache else (cache_dir or default_cache_dir()))
    progress = Progress("quiet" if quiet or progress_mode == "none" else progress_mode, sys.stderr)
    runner = make_executor(executor, jobs, scheduler)
    try:
        report = run_build(transcripts, out_dir, formats, options, base, progress=progress, executor=runner, cache=cache,
                           max_input_bytes=int(max_input_mb * 1024 * 1024))
    finally:
        runner.close()
    for line in report.skipped:
        click.echo(f"kg: {line}", err=True)
    for line in report.failures:
        click.echo(f"kg: {line}", err=True)
    if not quiet and (report.written or report.unchanged):
        kept = f", {len(report.unchanged)} unchanged" if report.unchanged else ""
        click.echo(f"wrote {len(report.written)} files to {out_dir}{kept} ({len(report.processed)} episodes processed, "
                   f"{len(report.cached)} from cache)", err=True)
    if report.failures:
        sys.exit(1)


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a .rq file.")
@click.option("-n", "--name", help="Run a named query (see `kg queries`).")
@click.option("-p", "--param", "params", multiple=True, help="Parameter of a named query: NAME=VALUE.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "sparql-json", "sparql-xml"]),
              default="table", show_default=True, help="Output format (sparql-json/-xml: the W3C result formats).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), help="Query a store made by `kg load` instead of files.")
def query(graphs, sparql, query_file, name, params, fmt, store_dir) -> None:
    """Run SPARQL over GRAPH files (Turtle, N-Triples, JSON-LD, TriG, N-Quads).

    The query is the last argument, a file (-f) or a named query (-n). Prefixes kgo:, rdfs:, skos:,
    schema:, prov:, dcterms: and xsd: are declared for you. --store DIR queries a store made by
    `kg load` (no GRAPH files then).

    \b
    kg query outputs/a16z-sherwin-wu.ttl \\
      'SELECT ?who WHERE { ?p kgo:formerlyWorkedFor ?o . ?o rdfs:label "Quora" . ?p rdfs:label ?who }'
    """
    from kg.serve.query import format_table, load_store, named_query, run_query

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
        sparql = _read_query_file(query_file)
    if name:
        values = {}
        for item in params:
            if "=" not in item:
                raise InputError(f"--param {item!r}: expected NAME=VALUE")
            k, v = item.split("=", 1)
            values[k] = v
        sparql = named_query(name, values)
    if store_dir is not None:
        from kg.serve.store import open_store

        if graphs:
            raise InputError("give GRAPH files or --store DIR, not both")
        store = open_store(store_dir)
    elif not graphs:
        raise InputError("give at least one GRAPH file (or --store DIR)")
    else:
        store = load_store(graphs)
    if fmt.startswith("sparql-"):
        from kg.serve.query import query_results

        click.echo(query_results(store, sparql, fmt), nl=False)
    else:
        click.echo(format_table(run_query(store, sparql), fmt), nl=False)


def _read_query_file(path: Path) -> str:
    """The text of a query file (``kg query -f``): read as transcripts are (a regular file only, so a FIFO
    or a device is refused, not waited for; bounded), and UTF-8."""
    from kg.read import read_bytes

    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a query file")
    try:
        return read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: query file is not UTF-8 text (byte {exc.start})") from None


@main.command()
@click.argument("graphs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMAT_CHOICES, default="table", show_default=True, help="Output format.")
@click.option("-t", "--type", "top_type", type=click.Choice(["Person", "Organization", "Product", "Place"]), help="Only this type.")
@click.option("--explain", metavar="NAME", help="GRAPHS are transcripts: show the features and score that accepted or rejected NAME.")
@click.option("--accept", type=click.FloatRange(0.0, 1.0), help="With --explain: the linker's threshold [default: the weights file's].")
def entities(graphs, fmt, top_type, explain, accept) -> None:
    """List the entities of GRAPH files: type, mention count and the variants heard.

    With --explain NAME, the arguments are transcripts: each is extracted and the linker's decisions
    on candidates whose names contain NAME are shown, feature by feature.

    \b
    kg entities out/talk.ttl -t Person
    kg entities talk.txt --explain "Network School"
    """
    if explain:
        _explain(graphs, explain, accept)
        return
    from kg.serve.query import format_table, load_store, run_query

    sparql = """
SELECT ?entity ?label ?type ?mentions (GROUP_CONCAT(DISTINCT ?variant; separator="; ") AS ?variants)
       (GROUP_CONCAT(DISTINCT ?voice; separator="; ") AS ?speaks_as) WHERE {
  ?e kgo:mentionCount ?mentions ; rdfs:label ?label ; a ?cls .
  FILTER(STRSTARTS(STR(?cls), STR(kgo:)))
  BIND(STRAFTER(STR(?cls), "#") AS ?type)
  BIND(STR(?e) AS ?entity)
  OPTIONAL { ?e skos:hiddenLabel ?variant }
  OPTIONAL { ?ep kgo:hasSpeaker ?sp . ?sp kgo:identifiedAs ?e ; kgo:speakerLabel ?lab ; kgo:confidence ?conf .
             ?ep <http://purl.org/dc/terms/source> ?stem .
             BIND(CONCAT(?stem, " ", ?lab, " (", STR(?conf), ")") AS ?voice) }
} GROUP BY ?entity ?label ?type ?mentions ORDER BY DESC(?mentions) ?label"""
    table = run_query(load_store(list(graphs)), sparql)
    if top_type:
        from kg.extract.names.lexicon import class_tree

        tops = class_tree()
        table.rows = [r for r in table.rows if tops.get(r[2]) == top_type]
    click.echo(format_table(table, fmt), nl=False)


def _explain(transcripts: tuple[Path, ...], name: str, accept: float | None) -> None:
    """``kg entities --explain``: the linker's decisions on NAME in each transcript."""
    from kg.evaluate import fold
    from kg.extract.episode import Options, extract_episode
    from kg.extract.names.linking import default_linker, explain
    from kg.read import read_transcript

    linker = default_linker(accept)
    wanted = fold(name)
    for path in transcripts:
        result = extract_episode(read_transcript(path), Options(accept=accept))
        hits = [d for d in result.decisions if any(wanted in fold(f) for f in [d.name, *d.forms])]
        surer = [e for e in result.entities.values() if wanted in fold(e.label) and not any(
            d.accepted and fold(d.name) == fold(e.label) for d in hits)]
        click.echo(f"{path}: threshold {linker.accept:.2f}")
        for e in surer:
            click.echo(f"  {e.label} ({e.top_type}): found by {e.method}, not weighed by the linker")
        for d in hits:
            verdict = "accepted" if d.accepted else "rejected"
            click.echo(f"  {d.name} ({d.type}) {verdict}, score {d.score:.3f}; heard as: {'; '.join(d.forms[1:]) or d.name}")
            for feature, value, effect in explain(d.features, linker):
                click.echo(f"    {feature:22} {value:7.3f}  {effect:+7.3f}")
        if not hits and not surer:
            click.echo(f"  no candidate named like {name!r}")


@main.command()
def queries() -> None:
    """List the named queries (run one with `kg query GRAPH -n NAME`)."""
    from kg.serve.query import named_queries

    for name, path in named_queries().items():
        first = next((line[1:].strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")), "")
        click.echo(f"{name:28} {first}")


@main.command("eval")
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--ontology", "ontologies", multiple=True, type=click.Path(path_type=Path),
              help="More ontology files or folders (kg's own ontology is always loaded).")
@click.option("--show-errors", is_flag=True, help="List the missed and the spurious entities and relations.")
@click.option("--json", "as_json", is_flag=True, help="Print every figure and list as JSON.")
@click.option("--dev", is_flag=True, help="GRAPH is a folder of transcripts, GOLD a folder of gold files: build and score each.")
@click.option("--loo/--no-loo", default=True, show_default=True, help="With --dev: also the leave-one-transcript-out figures.")
@click.option("--accept", type=click.FloatRange(0.0, 1.0), help="With --dev: the linker's threshold [default: the weights file's].")
def evaluate(graph, gold, ontologies, show_errors, as_json, dev, loo, accept) -> None:
    """Score a GRAPH file against a GOLD annotation (JSON): precision, recall and F1 of entities and
    relations, core recall, canonical names and duplicate nodes.

    With --dev, GRAPH and GOLD are folders: every transcript with a gold file of the same name is
    built and scored, with the shipped linker weights and (--loo) with weights fitted on the other
    files only, the figures that predict unseen shows.

    \b
    kg eval outputs/a16z-sherwin-wu.ttl gold/a16z-sherwin-wu.json --show-errors
    kg eval out/talk.ttl gold/talk.json --ontology my-classes.ttl --json
    kg eval --dev transcripts/ gold/
    """
    import json

    if dev:
        _eval_dev(graph, gold, loo, accept, as_json)
        return
    from kg.evaluate import evaluate_files, format_report

    result = evaluate_files([graph], gold, ontologies)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(result, show_errors), nl=False)


def _eval_dev(transcripts: Path, gold: Path, loo: bool, accept: float | None, as_json: bool) -> None:
    """``kg eval --dev``: the per-file table with the shipped weights, and leave-one-out."""
    import json

    from kg.devset import format_dev, leave_one_out, load_dev, score_dev
    from kg.extract.episode import Options
    from kg.extract.names.linking import default_linker

    options = Options(accept=accept)
    files = load_dev(transcripts, gold, options, progress=lambda stem: click.echo(f"parsing {stem}", err=True))
    shipped = default_linker(accept)
    blocks = [("shipped weights (in-sample where they were fitted on these files)",
               score_dev(files, [shipped] * len(files), options))]
    if loo:
        blocks.append(("leave-one-transcript-out (weights fitted without the file scored)",
                       score_dev(files, leave_one_out(files, shipped.accept, float(shipped.header.get("l2", 1.0))), options)))
    if as_json:
        click.echo(json.dumps({title: {r.stem: r.result.as_dict() for r in rows} for title, rows in blocks},
                              indent=2, ensure_ascii=False))
    else:
        click.echo(format_dev(blocks), nl=False)


@main.command()
@click.argument("graphs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--shapes", "shapes_file", type=click.Path(path_type=Path), help="Other SHACL shapes (default: kg's ontology/shapes.ttl).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the problems.")
def validate(graphs, shapes_file, quiet) -> None:
    """Check GRAPH files against kg's SHACL shapes (entities, relations, evidence, episodes, speakers).

    Prints one line per problem and exits 1 when any file is invalid. A file that is not RDF (the
    GraphML or HTML of a build) gets one line, the others are still checked, and the exit is 2.

    \b
    kg validate outputs/a16z-sherwin-wu.ttl
    kg validate out/*.trig --shapes my-shapes.ttl
    """
    from kg.graph.validate import validate_file

    invalid = unreadable = 0
    for graph in graphs:
        try:
            report = validate_file(graph, shapes_file)
        except InputError as exc:  # not RDF (a GraphML or HTML output beside the graphs): say so, go on
            click.echo(f"kg: {exc}", err=True)
            unreadable += 1
            continue
        for problem in report.problems:
            click.echo(f"{graph}: {problem.line()}")
        if not report.conforms:
            invalid += 1
        if not quiet:
            verdict = "valid" if report.conforms else f"INVALID ({len(report.problems)} problems)"
            click.echo(f"{graph}: {verdict}, {report.triples} triples", err=True)
    if unreadable or invalid:
        sys.exit(2 if unreadable else 1)


@main.command()
@click.argument("graphs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path), help="Store folder (created when missing).")
def load(graphs, store_dir) -> None:
    """Load GRAPH files (or folders) into a persistent Oxigraph store; TriG/N-Quads keep one graph per episode.

    \b
    kg load outputs/*.trig --store kgstore
    kg query --store kgstore -n where-does-person-work -p person="Sherwin Wu"
    kg serve --store kgstore
    """
    from kg.serve.store import load as load_graphs

    report = load_graphs(list(graphs), store_dir)
    click.echo(f"loaded {len(report.files)} file{'s' if len(report.files) != 1 else ''} into {store_dir}: "
               f"{report.quads} quads, {report.graphs} named graph{'s' if report.graphs != 1 else ''}")


@main.command()
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path), help="Store made by `kg load`.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless you mean it).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--timeout", default=Settings.timeout, show_default=True, type=click.FloatRange(0.1, 3600), help="Seconds a query may run.")
@click.option("--limit", default=Settings.limit, show_default=True, type=click.IntRange(1), help="Most results returned per query.")
@click.option("--workers", default=Settings.workers, show_default=True, type=click.IntRange(1, 64), help="Query processes (slow queries each hold one).")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
def serve(store_dir, host, port, timeout, limit, workers, quiet) -> None:
    """Serve a store over the SPARQL 1.1 Protocol (GET and POST queries at /sparql), read-only.

    Updates and federated queries (SERVICE) are refused, and so is a query nested more than 100
    levels deep; a query gets TIMEOUT seconds and at most LIMIT results; results come as SPARQL JSON,
    XML, CSV or TSV (Accept header) or Turtle/N-Triples for CONSTRUCT.

    \b
    kg serve --store kgstore
    curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/sparql
    """
    from kg.serve.endpoint import is_loopback, make_server

    if not is_loopback(host):
        click.echo(f"kg: warning: listening on {host}, reachable from other machines", err=True)
    server = make_server(Settings(str(store_dir), timeout, limit, workers), host, port, quiet)
    _stop_on_sigterm()  # `kill`, systemd and docker stop end the workers too, not only Ctrl-C
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"SPARQL endpoint: http://{bound_host}:{bound_port}/sparql (read-only; Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so that a server stopped by it cleans up as on Ctrl-C."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL", help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store.")
@click.option("--entities-graph", default="default", show_default=True, metavar="IRI|default|none",
              help="Where the merged entities go: the store's default graph, a named graph IRI, or none.")
@click.option("--user", metavar="NAME:PASSWORD", envvar="KG_PUSH_USER", help="HTTP basic auth (or $KG_PUSH_USER).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(1, 3600), help="Seconds per request.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def push(source, endpoint, entities_graph, user, timeout, quiet) -> None:
    """Send each episode's named graph of SOURCE (a build folder, or a .nq/.trig file) to a store.

    One HTTP PUT per episode to ENDPOINT?graph=EPISODE_IRI replaces that episode's graph, so a
    re-run does not duplicate; the merged entities replace the default graph (see --entities-graph).
    Any SPARQL 1.1 Graph Store Protocol endpoint works: Oxigraph, Fuseki, GraphDB, Stardog.

    \b
    oxigraph serve --location store --bind 127.0.0.1:7878 &
    kg build corpus/ -o out && kg push out --endpoint http://127.0.0.1:7878/store
    """
    from kg.serve.push import push as run_push

    target = None if entities_graph == "none" else entities_graph
    report = run_push(source, endpoint, target, user, timeout, progress=None if quiet else (lambda m: click.echo(m, err=True)))
    if not quiet:
        click.echo(f"pushed {len(report.graphs)} graphs, {report.triples} triples to {endpoint}", err=True)


@main.command()
@click.argument("graphs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="The HTML page to write.")
@click.option("--title", help="Page title [default: the episode's title, or 'N episodes'].")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser.")
def view(graphs, output, title, open_page) -> None:
    """Render GRAPH files (Turtle, N-Triples, JSON-LD, TriG, N-Quads; folders of them; or a store
    made by `kg load`) into one self-contained HTML page that works offline.

    \b
    kg view outputs/a16z-sherwin-wu.ttl -o page.html --open
    kg view out/collection.trig -o corpus.html
    """
    from kg.io import write_atomic
    from kg.graph.rdf_read import default_title, read_graph
    from kg.graph.view import to_html

    g = read_graph(list(graphs))
    if output.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{output}: the page must end in .html")
    if not output.parent.is_dir():
        raise InputError(f"{output.parent}: no such folder")
    write_atomic(output, to_html(g, title=title or default_title(g)))
    click.echo(f"wrote {output} ({g.number_of_nodes()} entities, {g.number_of_edges()} facts)", err=True)
    if open_page:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())
