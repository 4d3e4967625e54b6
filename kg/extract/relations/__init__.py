"""Relations: the rules (token and dependency patterns, data under ``ontology/rules``) read into
facts with their evidence, plus the knowledge base's background facts."""
