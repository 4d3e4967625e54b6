"""kg: knowledge graphs of people, organizations, products and places from spoken-word transcripts.

Library entry points::

    from kg import build_graph_from_files, read_transcript, extract_episode
    g = build_graph_from_files(["examples/a16z-sherwin-wu.txt"])   # a networkx MultiDiGraph

They are imported on first use, so ``import kg`` (and ``kg query``, ``kg serve``) does not load spaCy.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "build_graph_from_files": "kg.build",
    "extract_episode": "kg.extract.episode",
    "Options": "kg.extract.episode",
    "read_transcript": "kg.read",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    """Import the library entry points lazily."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
