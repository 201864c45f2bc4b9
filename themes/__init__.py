"""Accord's bundled themes."""
