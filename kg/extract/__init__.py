"""The per-episode stages, in the order they run: the spaCy pipeline (:mod:`kg.extract.nlp`),
names (:mod:`kg.extract.names`), who speaks (:mod:`kg.extract.speakers`), relations
(:mod:`kg.extract.relations`); :mod:`kg.extract.episode` runs them on one episode."""
