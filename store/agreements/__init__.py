"""Agreements as data: the model, its schema, reading and checking TOML files, positions, terms, ingest."""
