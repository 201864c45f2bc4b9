"""Accord bundled agreements, lexicon and JSON Schemas (package data)."""
