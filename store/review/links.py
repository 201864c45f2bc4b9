"""Links between commitments as rows: write (create or judge), find, select.

Plain functions over a connection or a `Transaction`; `ReviewStore` calls
them under its lock with the snapshots it took of the commitments' texts.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from store.agreements.tags import TagVocabulary
from store.review import sql_rows
from store.review.errors import StoreError, UnknownStatusError, UnknownTagError
from store.review.records import ORIGINS, STATUSES, Link
from store.review.transaction import Transaction, check_version, show

# `tag=KEEP` leaves the tag as it is (None clears it).
KEEP: Any = object()
Texts = dict[str, tuple[str, str]]  # ref → (fingerprint, snapshot text)


def validate(
    tags: TagVocabulary, status: str | None, tag: str | None, origin: str | None = None
) -> None:
    if status is not None and status not in STATUSES:
        raise UnknownStatusError(f"unknown status {status!r} (one of: {', '.join(STATUSES)})")
    if origin is not None and origin not in ORIGINS:
        raise StoreError(f"unknown link origin {origin!r} (one of: {', '.join(ORIGINS)})")
    if tag is not None and tag not in tags:
        raise UnknownTagError(f"unknown tag {tag!r} (one of: {', '.join(tags.ids)})")


def write(
    tx: Transaction,
    ref_a: str,
    ref_b: str,
    *,
    status: str | None,
    tag: Any,
    score: float | None,
    expected_version: int | None,
    texts: Texts,
    origin: str | None = None,
) -> Link:
    """Create or update the link a ↔ b; None (and KEEP for the tag) keep the current value."""
    if ref_a == ref_b:
        raise StoreError(f"a link needs two different commitments, got {ref_a} twice")
    label = f"link {ref_a} ↔ {ref_b}"
    current = find(tx.conn, ref_a, ref_b)
    check_version(tx.conn, "link", label, current, expected_version)
    if current is None:
        row: dict[str, Any] = {
            "id": None,
            "ref_a": ref_a,
            "ref_b": ref_b,
            "status": status or "suggested",
            "tag": None if tag is KEEP else tag,
            "score": score,
            "fingerprint_a": texts[ref_a][0],
            "fingerprint_b": texts[ref_b][0],
            "snapshot_a": texts[ref_a][1],
            "snapshot_b": texts[ref_b][1],
            "reviewer": tx.reviewer,
            "created": tx.at,
            "updated": tx.at,
            "version": 1,
            "origin": origin or "matcher",
        }
        row["id"] = sql_rows.insert(tx.conn, "link", row)
        tx.log("link", "create", f"{label}: created ({_describe(row)})", None, row)
        return _link(row)
    before = sql_rows.to_row(current)
    after = dict(before)
    after.update(
        status=status or current.status,
        tag=current.tag if tag is KEEP else tag,
        score=current.score if score is None else score,
        origin=origin or current.origin,
    )
    # Snapshots follow the stored orientation, whatever order we were called in.
    for side, ref in (("a", current.ref_a), ("b", current.ref_b)):
        after[f"fingerprint_{side}"], after[f"snapshot_{side}"] = texts[ref]
    if after != before:
        after.update(reviewer=tx.reviewer, updated=tx.at, version=current.version + 1)
        sql_rows.update(tx.conn, "link", after)
        what = _changes(before, after) or "re-read the changed text"
        tx.log("link", "update", f"{label}: {what}", before, after)
    return _link(after).oriented(ref_a)


def find(conn: sqlite3.Connection, ref_a: str, ref_b: str) -> Link | None:
    """The link a ↔ b in its stored orientation."""
    row = conn.execute(
        f"{sql_rows.SELECT['link']} WHERE min(ref_a, ref_b) = ? AND max(ref_a, ref_b) = ?",
        (min(ref_a, ref_b), max(ref_a, ref_b)),
    ).fetchone()
    return _link(row) if row else None


def _span(agreement_id: str) -> tuple[str, str]:
    # Refs of an agreement sort between "id/" and "id0" ("0" follows "/"),
    # which lets SQLite use the ref indexes instead of LIKE.
    return f"{agreement_id}/", f"{agreement_id}0"


def _in(column: str) -> str:
    return f"({column} >= ? AND {column} < ?)"


def select(
    conn: sqlite3.Connection, agreement_a: str | None = None, agreement_b: str | None = None
) -> list[Link]:
    """All links; or those touching agreement_a; or those between a and b. Oriented a → b."""
    where: str = ""
    params: tuple[str, ...] = ()
    if agreement_a is not None:
        span_a = _span(agreement_a)
        if agreement_b is None:
            where = f"WHERE {_in('ref_a')} OR {_in('ref_b')}"
            params = (*span_a, *span_a)
        else:
            span_b = _span(agreement_b)
            where = (
                f"WHERE ({_in('ref_a')} AND {_in('ref_b')}) OR ({_in('ref_a')} AND {_in('ref_b')})"
            )
            params = (*span_a, *span_b, *span_b, *span_a)
    found = [_link(row) for row in conn.execute(f"{sql_rows.SELECT['link']} {where}", params)]
    if agreement_a is not None:
        prefix = f"{agreement_a}/"
        found = [
            link if link.ref_a.startswith(prefix) else link.oriented(link.ref_b) for link in found
        ]
    found.sort(key=lambda link: (link.ref_a, link.ref_b))
    return found


def _describe(row: dict[str, Any]) -> str:
    parts = [str(row["status"])]
    if row.get("tag"):
        parts.append(str(row["tag"]))
    return ", ".join(parts)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    return ", ".join(
        f"{name} {show(before[name])} → {show(after[name])}"
        for name in ("status", "tag", "score", "origin")
        if before.get(name) != after.get(name)
    )


def _link(row: Any) -> Link:
    record = sql_rows.to_record("link", row)
    assert isinstance(record, Link)
    return record
