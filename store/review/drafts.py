"""Note drafts: text a reviewer typed that is not yet a saved note.

The note dialog writes its text here within a fraction of a second of each
key, and clears the row once the text is saved as a note. A draft that
survives is text the process died holding (hangup, kill, a refused save);
the dialog offers it back the next time it opens on the same target.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from store.review.db import write_transaction

DraftTarget = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Draft:
    ref: str
    other_ref: str | None
    note_id: int | None
    text: str
    updated: str

    @property
    def target(self) -> DraftTarget:
        return self.ref if self.other_ref is None else (self.ref, self.other_ref)


def _key(target: DraftTarget) -> tuple[str, str]:
    return (target, "") if isinstance(target, str) else (target[0], target[1])


def save(
    conn: sqlite3.Connection,
    reviewer: str,
    target: DraftTarget,
    text: str,
    note_id: int | None,
    now: str,
) -> None:
    ref, other = _key(target)
    with write_transaction(conn):
        conn.execute(
            "INSERT INTO drafts (reviewer, ref, other_ref, note_id, text, updated) "
            "VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (reviewer, ref, other_ref) DO UPDATE SET "
            "note_id = excluded.note_id, text = excluded.text, updated = excluded.updated",
            (reviewer, ref, other, note_id, text, now),
        )


def clear(conn: sqlite3.Connection, reviewer: str, target: DraftTarget) -> None:
    ref, other = _key(target)
    with write_transaction(conn):
        conn.execute(
            "DELETE FROM drafts WHERE reviewer = ? AND ref = ? AND other_ref = ?",
            (reviewer, ref, other),
        )


def of_reviewer(conn: sqlite3.Connection, reviewer: str) -> list[Draft]:
    rows = conn.execute(
        "SELECT ref, other_ref, note_id, text, updated FROM drafts "
        "WHERE reviewer = ? ORDER BY updated",
        (reviewer,),
    ).fetchall()
    return [Draft(r[0], r[1] or None, r[2], r[3], r[4]) for r in rows]
