"""kg: knowledge graphs of people, organizations, products and places from spoken-word transcripts.

Library entry points::

    from kg import build_graph_from_files, read_transcript, extract_episode
    g = build_graph_from_files(["examples/a16z-sherwin-wu.txt"])   # a networkx MultiDiGraph
"""

__version__ = "0.1.0"

from .build import build, build_graph_from_files  # noqa: E402
from .extract import Options, extract_episode  # noqa: E402
from .transcript import read_transcript  # noqa: E402

__all__ = ["__version__", "build", "build_graph_from_files", "extract_episode", "Options", "read_transcript"]
