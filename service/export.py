"""Exporting a review, for the command line and the TUI alike: one call for every format.

    render(fmt, store, corpus, flt, names=…, include_rejected=…) -> str

The reports (md, html) get their score bands and word highlighting from the
matcher here; the machine formats (csv, json, toml) come straight from the store.
The formats themselves are listed once, in `store.review.exports.registry`.
"""

from __future__ import annotations

import datetime as dt
import re

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
    text = render_format(fmt, store, corpus, flt, generated=generated, options=options)
    if fmt == "md":
        # Before the appendix, so the rejected links stay the document's last part.
        head, appendix, tail = text.rpartition("\n## Appendix: ")
        section = corpus_section(store, corpus).rstrip("\n")
        if not appendix:
            return text.rstrip("\n") + "\n\n" + section + "\n"
        return f"{head.rstrip()}\n\n{section}\n{appendix}{tail}"
    if fmt == "html":
        section = corpus_section_html(store, corpus)
        head, appendix, tail = text.rpartition('<section id="rejected"')
        if not appendix:
            return text.replace("\n</body>\n", f"\n{section}\n</body>\n", 1)
        return f"{head}{section}\n{appendix}{tail}"
    return text


def corpus_section(store: ReviewStore, corpus: Corpus) -> str:
    """The corpus matrix (every topic x every agreement) with its drill-down, as Markdown.

    Built by the matcher's package (the store may not import it); its text is
    escaped there through `store.untrusted`, like the rest of the report.
    """
    from compare.corpus import corpus_matrix
    from compare.corpus_report import corpus_markdown

    confirmed = [(link.ref_a, link.ref_b) for link in store.links() if link.status == "confirmed"]
    matrix = corpus_matrix(corpus.agreements, corpus.lexicon, confirmed=confirmed)
    return corpus_markdown(matrix)


def corpus_section_html(store: ReviewStore, corpus: Corpus) -> str:
    """The same section for the HTML report: its escaped Markdown, rendered with raw HTML off."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = parser.render(corpus_section(store, corpus))
    # Column alignment comes as style attributes; the report allows no inline style.
    body = re.sub(r' style="text-align:(?:left|right|center)"', "", body)
    return f'<section id="corpus">\n{body}</section>'
