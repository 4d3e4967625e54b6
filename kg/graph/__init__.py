"""The graph and its files: per-episode results merged into one networkx graph, RDF out and back in,
GraphML and JSON, the offline HTML page, and SHACL validation."""
