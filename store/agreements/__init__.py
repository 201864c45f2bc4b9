"""Agreements as data: the model, its TOML files and their validation (issue 10 layout)."""
