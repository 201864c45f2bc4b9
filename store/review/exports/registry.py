"""Every export format, in one place: the CLI's choices, the TUI's dialog and the docs read it.

    FORMATS                                     # Format(id, label, about, report), in menu order
    FORMAT_IDS                                  # their ids: md | html | csv | json | toml
    render(fmt, store, corpus, flt, options=…) -> str
    write_output(text, path | None)             # stdout, or atomically to a file

The reports (md, html) are for people: display names, no fingerprints, bands
and highlighting when `options` brings them (`service.export.render` does).
The machine formats (csv, json, toml) keep everything, fingerprints included.

Untrusted text is written literally but neutralised (`store.untrusted`):
control and bidi characters become visible placeholders (Markdown, HTML, CSV)
or `\\uXXXX` escapes (JSON, TOML, which keeps the data exact); Markdown text
cannot form markup, HTML text is entity-escaped; CSV cells that a spreadsheet
would run as formulas get a leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from store.atomic import atomic_write_text

if TYPE_CHECKING:
    # The command line reads FORMATS for its --help: the store loads only to export.
    from store.agreements.model import Corpus
    from store.review.exports.report import ReportOptions
    from store.review.exports.view import ReviewView
    from store.review.selection import ExportFilter
    from store.review.store import ReviewStore


@dataclass(frozen=True, slots=True)
class Format:
    id: str  # the `--format` value and the file extension
    label: str
    about: str
    report: bool  # a document for people (display names, no fingerprints)


FORMATS: tuple[Format, ...] = (
    Format("md", "Markdown", "the report, as a document for colleagues", True),
    Format("html", "HTML", "the report as one web page, prints to PDF", True),
    Format("csv", "CSV", "one row per link, for spreadsheets", False),
    Format("json", "JSON", "everything, for scripts", False),
    Format("toml", "TOML", "a review file for `accord import`", False),
)
FORMAT_IDS: tuple[str, ...] = tuple(f.id for f in FORMATS)


def _renderer(fmt: str) -> Callable[[ReviewView], str]:
    # Imported when used: an export of one format loads only its renderer.
    if fmt == "csv":
        from store.review.exports.csv_table import render_csv

        return render_csv
    from store.review.exports.json_document import render_json

    return render_json


def render(
    fmt: str,
    store: ReviewStore,
    corpus: Corpus,
    flt: ExportFilter | None = None,
    *,
    generated: dt.date | None = None,
    options: ReportOptions | None = None,
) -> str:
    if fmt not in FORMAT_IDS:
        raise ValueError(f"unknown export format {fmt!r} (one of: {', '.join(FORMAT_IDS)})")
    if fmt in ("md", "html"):
        from store.review.exports.report import ReportOptions, build_report

        options = options or ReportOptions()
        if generated is not None:
            options = replace(options, generated=generated)
        report = build_report(store, corpus, flt, options)
        if fmt == "md":
            from store.review.exports.markdown import render_markdown

            return render_markdown(report)
        from store.review.exports.html import render_html

        return render_html(report)
    if fmt == "toml":
        # The exchange file is records, not a view: it round-trips through `accord import`.
        from store.review.exchange import export_toml

        return export_toml(store, flt)
    from store.review.exports.view import build_view

    return _renderer(fmt)(build_view(store, corpus, flt))


def write_output(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(path, text)
