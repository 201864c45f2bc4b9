"""Headless core: the agreement model, loading and validation, the review store."""
