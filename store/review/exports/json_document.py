"""The review as JSON: everything, for scripts (`"format": "accord-export"`, version 1).

Text is kept exact; C1 and bidi characters are written as `\\uXXXX` escapes
(`store.untrusted.escape_serialized`) so a terminal never receives them raw.
"""

from __future__ import annotations

import json
import math
from typing import Any

from store.review.exports.view import LinkView, NoteView, ReviewView, SideView
from store.untrusted import escape_serialized


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
        # A non-finite score from an older Accord is not a value JSON can hold.
        "score": link.score if link.score is None or math.isfinite(link.score) else None,
        "reviewer": link.reviewer,
        "created": link.created,
        "updated": link.updated,
        "outdated": bool(item.changes),
        "orphan": bool(item.orphans),
        "commitments": [_side(s) for s in item.sides],
        "notes": [_note(n) for n in item.notes],
        "origin": link.origin,
    }


def render_json(view: ReviewView) -> str:
    document = {
        "format": "accord-export",
        "version": 1,
        "links": [_link(item) for group in view.groups for item in group.links],
        "notes": [_note(n) for n in view.commitment_notes],
    }
    return (
        escape_serialized(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False))
        + "\n"
    )
