"""The review as CSV: one row per link, for spreadsheets.

Every cell goes through `store.untrusted.csv_cell`: control characters made
visible, and a cell a spreadsheet would run as a formula starts with `'`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from store.review.exports.view import ReviewView
from store.untrusted import csv_cell

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
