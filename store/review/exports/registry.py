"""Every export format, in one place: the CLI's choices, the TUI's dialog and the docs read it.

    FORMATS                                     # Format(id, label, about), in menu order
    render(fmt, store, corpus, flt) -> str      # fmt: a Format id (md | csv | json | toml)
    write_output(text, path | None)             # stdout, or atomically to a file

Untrusted text is written literally but neutralised (`store.untrusted`):
control and bidi characters become visible placeholders (Markdown, CSV) or
`\\uXXXX` escapes (JSON, TOML, which keeps the data exact); Markdown text
cannot form markup; CSV cells that a spreadsheet would run as formulas get a
leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from store.atomic import atomic_write_text

if TYPE_CHECKING:
    # The command line reads FORMATS for its --help: the store loads only to export.
    from store.agreements.model import Corpus
    from store.review.exports.view import ReviewView
    from store.review.selection import ExportFilter
    from store.review.store import ReviewStore


@dataclass(frozen=True, slots=True)
class Format:
    id: str  # also the file extension
    label: str
    about: str


FORMATS: tuple[Format, ...] = (
    Format("md", "Markdown", "a document for colleagues"),
    Format("csv", "CSV", "one row per link, for spreadsheets"),
    Format("json", "JSON", "everything, for scripts"),
    Format("toml", "TOML", "a review file for `accord import`"),
)
FORMAT_IDS: tuple[str, ...] = tuple(f.id for f in FORMATS)


def _renderer(fmt: str, generated: dt.date | None) -> Callable[[ReviewView], str]:
    # Imported when used: an export of one format loads only its renderer.
    if fmt == "md":
        from store.review.exports.markdown import render_markdown

        return lambda view: render_markdown(view, generated)
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
) -> str:
    if fmt not in FORMAT_IDS:
        raise ValueError(f"unknown export format {fmt!r} (one of: {', '.join(FORMAT_IDS)})")
    if fmt == "toml":
        # The exchange file is records, not a view: it round-trips through `accord import`.
        from store.review.exchange import export_toml

        return export_toml(store, flt)
    from store.review.exports.view import build_view

    return _renderer(fmt, generated)(build_view(store, corpus, flt))


def write_output(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(path, text)
