"""Where kg's data lives: the top-level ``ontology/`` folder, shipped in the wheel as ``kg.ontology``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ONTOLOGY_NS = "https://w3id.org/kg/ontology#"
LEXICON_NS = "https://w3id.org/kg/lexicon/"
DEFAULT_BASE = "https://w3id.org/kg/id/"


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The ontology data folder: ``kg/ontology`` in an installed package, else the source tree's ``ontology/``."""
    here = Path(__file__).resolve().parent
    installed = here / "ontology"
    if (installed / "kg.ttl").exists():
        return installed
    return here.parent / "ontology"


def data_path(*parts: str) -> Path:
    """A path below the data folder."""
    return data_dir().joinpath(*parts)
