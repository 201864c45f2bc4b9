"""`accord export`: the review as Markdown, CSV, JSON or the TOML exchange file.

    render(fmt, store, corpus, flt) -> str      # fmt: md | csv | json | toml
    write_output(text, path | None)             # stdout, or atomically to a file

Untrusted text is written literally but neutralised: control and bidi
characters become visible placeholders (Markdown, CSV) or `\\uXXXX` escapes
(JSON, TOML, which keeps the data exact); Markdown text cannot form markup;
CSV cells that a spreadsheet would run as formulas get a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

from store.agreements.model import Corpus
from store.atomic import atomic_write_text
from store.review.exports.markdown import render_markdown
from store.review.exports.view import LinkView, NoteView, ReviewView, SideView, build_view
from store.review.selection import ExportFilter
from store.review.store import ReviewStore
from store.untrusted import csv_cell, escape_serialized

FORMATS = ("md", "csv", "json", "toml")


def render(
    fmt: str,
    store: ReviewStore,
    corpus: Corpus,
    flt: ExportFilter | None = None,
    *,
    generated: dt.date | None = None,
) -> str:
    if fmt == "toml":
        from store.review.exchange import export_toml

        return export_toml(store, flt)
    view = build_view(store, corpus, flt)
    if fmt == "md":
        return render_markdown(view, generated)
    if fmt == "csv":
        return render_csv(view)
    if fmt == "json":
        return render_json(view)
    raise ValueError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")


def write_output(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(path, text)


CSV_COLUMNS = (
    "a",
    "b",
    "status",
    "tag",
    "score",
    "reviewer",
    "created",
    "updated",
    "outdated",
    "orphan",
    "agreement_a",
    "area_a",
    "fingerprint_a",
    "text_a",
    "agreement_b",
    "area_b",
    "fingerprint_b",
    "text_b",
    "notes",
    "origin",
)


def render_csv(view: ReviewView) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for group in view.groups:
        for item in group.links:
            link, (a, b) = item.link, item.sides
            notes = "\n\n".join(
                f"{n.note.reviewer} ({n.note.updated[:10]}): {n.note.text}" for n in item.notes
            )
            row: list[Any] = [
                link.ref_a,
                link.ref_b,
                link.status,
                link.tag or "",
                "" if link.score is None else f"{link.score:.1f}",
                link.reviewer,
                link.created,
                link.updated,
                "yes" if item.changes else "no",
                "yes" if item.orphans else "no",
                a.agreement,
                a.area,
                a.fingerprint,
                a.text,
                b.agreement,
                b.area,
                b.fingerprint,
                b.text,
                notes,
                link.origin,
            ]
            writer.writerow([csv_cell(str(cell)) for cell in row])
    return buffer.getvalue()


def _side(side: SideView) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ref": side.ref,
        "agreement": side.agreement,
        "area": side.area or None,
        "fingerprint": side.fingerprint,
        "text": side.text,
        "orphan": side.orphan,
    }
    if side.old_text is not None:
        data["text_as_reviewed"] = side.old_text
    return data


def _note(view: NoteView) -> dict[str, Any]:
    note = view.note
    data: dict[str, Any] = {"ref": note.ref}
    if note.other_ref is not None:
        data["other_ref"] = note.other_ref
    data.update(
        text=note.text,
        reviewer=note.reviewer,
        created=note.created,
        updated=note.updated,
        outdated=bool(view.changes),
    )
    return data


def _link(item: LinkView) -> dict[str, Any]:
    link = item.link
    return {
        "a": link.ref_a,
        "b": link.ref_b,
        "status": link.status,
        "tag": link.tag,
        "tag_label": item.tag_label or None,
        "score": link.score,
        "origin": link.origin,
        "reviewer": link.reviewer,
        "created": link.created,
        "updated": link.updated,
        "outdated": bool(item.changes),
        "orphan": bool(item.orphans),
        "commitments": [_side(s) for s in item.sides],
        "notes": [_note(n) for n in item.notes],
    }


def render_json(view: ReviewView) -> str:
    document = {
        "format": "accord-export",
        "version": 1,
        "links": [_link(item) for group in view.groups for item in group.links],
        "notes": [_note(n) for n in view.commitment_notes],
    }
    return escape_serialized(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
