"""How the SPARQL endpoint runs: its settings and their defaults, the one place ``kg serve``'s options
and the library (:func:`kg.serve.endpoint.make_server`) take them from. No heavy imports: the CLI reads the
defaults at start-up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """How the endpoint runs: which store, how long a query may take, how many results at most."""

    store_dir: str
    timeout: float = 10.0
    limit: int = 10_000
    workers: int = 8  # a few slow queries must not hold up the cheap ones (bench/bench_endpoint.py)
