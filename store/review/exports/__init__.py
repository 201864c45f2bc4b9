"""Exports of a review: one view model, rendered as Markdown, CSV, JSON or TOML."""
