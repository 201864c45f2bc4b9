"""Notes on commitments and links, and per-commitment reviewed marks, as rows.

Plain functions over a connection or a `Transaction`; `ReviewStore` calls
them under its lock with the snapshots it took of the commitments' texts.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from store.review import history, links, sql_rows
from store.review.errors import NotFoundError, StoreError
from store.review.records import Link, Note, ReviewedMark
from store.review.transaction import Transaction, check_version

NoteTarget = str | tuple[str, str] | Link
Snapshot = tuple[str, str]  # (fingerprint, text)


def refs_of(target: NoteTarget) -> tuple[str, ...]:
    if isinstance(target, Link):
        return (target.ref_a, target.ref_b)
    return (target,) if isinstance(target, str) else tuple(target)


def insert(tx: Transaction, refs: tuple[str, ...], text: str, texts: list[Snapshot]) -> Note:
    """A new note on a commitment (one ref) or on an existing link (two refs)."""
    if len(refs) == 2 and links.find(tx.conn, refs[0], refs[1]) is None:
        raise NotFoundError(
            f"no link between {refs[0]} and {refs[1]}: create the link before its note"
        )
    other = texts[1] if len(refs) == 2 else (None, None)
    row: dict[str, Any] = {
        "id": None,
        "ref": refs[0],
        "other_ref": refs[1] if len(refs) == 2 else None,
        "text": text,
        "fingerprint": texts[0][0],
        "snapshot": texts[0][1],
        "other_fingerprint": other[0],
        "other_snapshot": other[1],
        "reviewer": tx.reviewer,
        "created": tx.at,
        "updated": tx.at,
        "version": 1,
    }
    row["id"] = sql_rows.insert(tx.conn, "note", row)
    tx.log("note", "create", f"{_where(row)}: note added", None, row)
    return _note(row)


def update(
    tx: Transaction, note_id: int, text: str, expected_version: int, coalesce_seconds: float
) -> Note:
    """Replace a note's text; edits closer together than `coalesce_seconds` are one undo step."""
    current = fetch(tx.conn, note_id)
    check_version(tx.conn, "note", f"note {note_id}", current, expected_version)
    assert current is not None
    if current.text == text:
        return current
    before = sql_rows.to_row(current)
    after = {
        **before,
        "text": text,
        "reviewer": tx.reviewer,
        "updated": tx.at,
        "version": current.version + 1,
    }
    sql_rows.update(tx.conn, "note", after)
    folded = history.coalesce_note_edit(
        tx.conn,
        reviewer=tx.reviewer,
        note_id=note_id,
        at=tx.at,
        after=after,
        window_seconds=coalesce_seconds,
    )
    if not folded:
        tx.log("note", "update", f"{_where(after)}: note edited", before, after)
    return _note(after)


def reread(tx: Transaction, note: Note, texts: list[Snapshot]) -> Note:
    """Accept the current wording: re-take the note's snapshots."""
    current = fetch(tx.conn, note.id)
    check_version(tx.conn, "note", f"note {note.id}", current, note.version)
    if current is None:
        raise NotFoundError(f"there is no note {note.id}")
    before = sql_rows.to_row(current)
    after = {**before, "fingerprint": texts[0][0], "snapshot": texts[0][1]}
    if len(texts) == 2:
        after.update(other_fingerprint=texts[1][0], other_snapshot=texts[1][1])
    if after == before:
        return current
    after.update(reviewer=tx.reviewer, updated=tx.at, version=current.version + 1)
    sql_rows.update(tx.conn, "note", after)
    tx.log("note", "update", f"note {note.id}: text re-read", before, after)
    return Note(**after)


def delete(tx: Transaction, note_id: int, expected_version: int | None) -> None:
    current = fetch(tx.conn, note_id)
    if current is None and expected_version is None:
        raise NotFoundError(f"there is no note {note_id}")
    check_version(tx.conn, "note", f"note {note_id}", current, expected_version)
    assert current is not None
    before = sql_rows.to_row(current)
    sql_rows.delete(tx.conn, "note", note_id)
    tx.log("note", "delete", f"{_where(before)}: note deleted", before, None)


def fetch(conn: sqlite3.Connection, note_id: int) -> Note | None:
    found = sql_rows.fetch(conn, "note", note_id)
    return found if isinstance(found, Note) else None


def select(
    conn: sqlite3.Connection, ref: str | None = None, link: tuple[str, str] | None = None
) -> list[Note]:
    """Notes on the commitment `ref`, or on `link`, or (neither given) all notes."""
    if link is not None:
        where = "WHERE (ref = ? AND other_ref = ?) OR (ref = ? AND other_ref = ?)"
        params: tuple[str, ...] = (link[0], link[1], link[1], link[0])
    elif ref is not None:
        where, params = "WHERE ref = ? AND other_ref IS NULL", (ref,)
    else:
        where, params = "", ()
    cursor = conn.execute(f"{sql_rows.SELECT['note']} {where} ORDER BY id", params)
    return [_note(row) for row in cursor]


# -- reviewed marks -------------------------------------------------------------------
def mark_reviewed(tx: Transaction, ref: str, reviewed: bool, snapshot: Snapshot | None) -> bool:
    """Mark (or unmark) a commitment as reviewed; True if that changed anything."""
    found = tx.conn.execute(f"{sql_rows.SELECT['reviewed']} WHERE ref = ?", (ref,)).fetchone()
    if reviewed and found is None:
        assert snapshot is not None
        row: dict[str, Any] = {
            "id": None,
            "ref": ref,
            "fingerprint": snapshot[0],
            "snapshot": snapshot[1],
            "reviewer": tx.reviewer,
            "created": tx.at,
            "updated": tx.at,
            "version": 1,
        }
        row["id"] = sql_rows.insert(tx.conn, "reviewed", row)
        tx.log("reviewed", "create", f"{ref}: marked reviewed", None, row)
        return True
    if not reviewed and found is not None:
        before = sql_rows.to_row(sql_rows.to_record("reviewed", found))
        sql_rows.delete(tx.conn, "reviewed", before["id"])
        tx.log("reviewed", "delete", f"{ref}: unmarked reviewed", before, None)
        return True
    return False


def reviewed_marks(conn: sqlite3.Connection) -> list[ReviewedMark]:
    cursor = conn.execute(f"{sql_rows.SELECT['reviewed']} ORDER BY ref")
    return [
        r
        for r in (sql_rows.to_record("reviewed", row) for row in cursor)
        if isinstance(r, ReviewedMark)
    ]


def _where(row: dict[str, Any]) -> str:
    if row.get("other_ref"):
        return f"link {row['ref']} ↔ {row['other_ref']}"
    return str(row["ref"])


def _note(row: Any) -> Note:
    record = sql_rows.to_record("note", row)
    if not isinstance(record, Note):
        raise StoreError("internal: expected a note row")
    return record
