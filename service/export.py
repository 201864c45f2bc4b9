"""Exporting a review, for the command line and the TUI alike: one call for every format.

    render(fmt, store, corpus, flt, names=…, include_rejected=…) -> str

The reports (md, html) get their score bands and word highlighting from the
matcher here; the machine formats (csv, json, toml) come straight from the store.
The formats themselves are listed once, in `store.review.exports.registry`.
"""

from __future__ import annotations

import datetime as dt

from service.report import report_options
from store.agreements.model import Corpus
from store.review.exports.registry import FORMAT_IDS, FORMATS
from store.review.exports.registry import render as render_format
from store.review.selection import ExportFilter
from store.review.store import ReviewStore

__all__ = ["FORMATS", "FORMAT_IDS", "render"]


def render(
    fmt: str,
    store: ReviewStore,
    corpus: Corpus,
    flt: ExportFilter | None = None,
    *,
    names: dict[str, str] | None = None,
    include_rejected: bool = True,
    generated: dt.date | None = None,
) -> str:
    options = report_options(
        corpus.lexicon, names=names, include_rejected=include_rejected, highlight=fmt == "html"
    )
    return render_format(fmt, store, corpus, flt, generated=generated, options=options)
