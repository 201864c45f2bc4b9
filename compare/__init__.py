"""Headless matching: normalisation, lexicon, scoring, explanation, highlighting, coverage."""
