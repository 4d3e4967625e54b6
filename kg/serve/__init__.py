"""Querying built graphs: SPARQL over files, a persistent Oxigraph store, the read-only endpoint,
and pushing graphs to a Graph Store Protocol server."""
