"""Every change to the review store, who made it and when; and undo.

Each public write appends rows to `history` in the same transaction as the
change itself, so the log can never disagree with the data. Rows of one call
share an `action` number: undo reverts a whole action (one tag change, one
import) and is itself a new, durable action.

Undo only reverts a record that is still exactly as the action left it
(content; undone later actions do not count). If someone else changed it since, undo raises ConflictError rather than throw
their work away; the action stays in place.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from store.review import sql_rows
from store.review.errors import ConflictError
from store.review.records import HistoryEntry, Kind

_COLUMNS = (
    "id, action, reviewer, at, kind, record_id, ref_a, ref_b, op, summary, before, after, undone_by"
)


def iso(moment: dt.datetime) -> str:
    """UTC ISO 8601 with milliseconds and a Z, sortable as text."""
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def next_action(conn: sqlite3.Connection) -> int:
    # Callers hold the write lock (BEGIN IMMEDIATE), so max + 1 is unique.
    return int(conn.execute("SELECT coalesce(max(action), 0) + 1 FROM history").fetchone()[0])


def record(
    conn: sqlite3.Connection,
    *,
    action: int,
    reviewer: str,
    at: str,
    kind: Kind,
    op: str,
    summary: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    row = after or before or {}
    ref_a = row.get("ref_a", row.get("ref"))
    ref_b = row.get("ref_b", row.get("other_ref"))
    conn.execute(
        "INSERT INTO history (action, reviewer, at, kind, record_id, ref_a, ref_b, op, summary,"
        " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            action,
            reviewer,
            at,
            kind,
            row["id"],
            ref_a,
            ref_b,
            op,
            summary,
            sql_rows.dump(before),
            sql_rows.dump(after),
        ),
    )


def coalesce_note_edit(
    conn: sqlite3.Connection,
    *,
    reviewer: str,
    note_id: int,
    at: str,
    after: dict[str, Any],
    window_seconds: float,
) -> bool:
    """Fold a note edit into the previous history row if it is the same burst of typing.

    True when folded: the latest change anywhere was this reviewer creating or
    editing this note, less than `window_seconds` ago. Undo then reverts the
    whole burst, not one autosave.
    """
    if window_seconds <= 0:
        return False
    last = conn.execute(
        "SELECT id, reviewer, kind, record_id, op, at, undone_by FROM history"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if last is None:
        return False
    row_id, who, kind, record_id, op, last_at, undone_by = last
    if (who, kind, record_id, undone_by) != (reviewer, "note", note_id, None):
        return False
    if op not in ("create", "update"):
        return False
    if (parse_iso(at) - parse_iso(last_at)).total_seconds() >= window_seconds:
        return False
    conn.execute(
        "UPDATE history SET after = ?, at = ? WHERE id = ?", (sql_rows.dump(after), at, row_id)
    )
    return True


def last_change(conn: sqlite3.Connection, kind: Kind, record_id: int) -> tuple[str, str] | None:
    """(reviewer, at) of the latest change to a record."""
    found = conn.execute(
        "SELECT reviewer, at FROM history WHERE kind = ? AND record_id = ? ORDER BY id DESC LIMIT 1",
        (kind, record_id),
    ).fetchone()
    return (found[0], found[1]) if found else None


def state_at_version(
    conn: sqlite3.Connection, kind: Kind, record_id: int, version: int
) -> dict[str, Any] | None:
    """The row as it was at `version`, or at the nearest earlier version logged.

    Folded autosaves log only the start and end of a burst, so the exact
    version may be missing; the nearest earlier one still shows what changed.
    """
    best: dict[str, Any] | None = None
    for before, after in conn.execute(
        "SELECT before, after FROM history WHERE kind = ? AND record_id = ?",
        (kind, record_id),
    ):
        for row in (sql_rows.load(after), sql_rows.load(before)):
            found = row.get("version") if row is not None else None
            usable = row is not None and isinstance(found, int) and found <= version
            if usable and (best is None or found > best["version"]):
                best = row
    return best


def undo_last(conn: sqlite3.Connection, reviewer: str, at: str) -> str | None:
    """Revert `reviewer`'s latest action that is not undone yet. Caller holds the write lock."""
    found = conn.execute(
        "SELECT action FROM history WHERE reviewer = ? AND op <> 'undo' AND undone_by IS NULL"
        " ORDER BY id DESC LIMIT 1",
        (reviewer,),
    ).fetchone()
    if found is None:
        return None
    action = int(found[0])
    entries = conn.execute(
        "SELECT id, kind, record_id, summary, before, after FROM history"
        " WHERE action = ? ORDER BY id DESC",
        (action,),
    ).fetchall()
    undo_action = next_action(conn)
    summaries: list[str] = []
    for _row_id, kind, record_id, summary, before_json, after_json in entries:
        _revert(
            conn,
            kind,
            int(record_id),
            summary,
            _complete(kind, sql_rows.load(before_json)),
            _complete(kind, sql_rows.load(after_json)),
            undo_action=undo_action,
            reviewer=reviewer,
            at=at,
        )
        summaries.append(summary)
    conn.execute("UPDATE history SET undone_by = ? WHERE action = ?", (undo_action, action))
    if len(summaries) == 1:
        return summaries[0]
    return f"{len(summaries)} changes ({summaries[-1]} …)"


def _complete(kind: Kind, row: dict[str, Any] | None) -> dict[str, Any] | None:
    # A row logged before a column existed compares and restores with its default.
    return None if row is None else sql_rows.complete(kind, row)


def _revert(
    conn: sqlite3.Connection,
    kind: Kind,
    record_id: int,
    summary: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    undo_action: int,
    reviewer: str,
    at: str,
) -> None:
    current = sql_rows.fetch(conn, kind, record_id)
    current_row = sql_rows.to_row(current) if current is not None else None
    # "As the action left it" compares content, not versions: undoing a later
    # action restores the content but (deliberately) not the version number.
    unchanged = (
        current_row is None
        if after is None
        else current_row is not None and _content(current_row) == _content(after)
    )
    if not unchanged:
        who = last_change(conn, kind, record_id)
        by = f" by {who[0]} at {who[1]}" if who else ""
        state = "deleted" if current is None else "changed"
        raise ConflictError(
            f"cannot undo “{summary}”: it was {state} since{by}",
            current=current,
            changed_by=who[0] if who else None,
            changed_at=who[1] if who else None,
        )
    restored: dict[str, Any] | None = None
    if before is None:
        sql_rows.delete(conn, kind, record_id)
    else:
        restored = dict(before)
        # A version never goes back: a stale holder of the old row must conflict.
        base = current_row["version"] if current_row is not None else before["version"]
        restored["version"] = int(base) + 1
        try:
            if current_row is None:
                sql_rows.insert(conn, kind, restored)
            else:
                sql_rows.update(conn, kind, restored)
        except sqlite3.IntegrityError as error:
            raise ConflictError(
                f"cannot undo “{summary}”: an equal record was created since ({error})"
            ) from error
    record(
        conn,
        action=undo_action,
        reviewer=reviewer,
        at=at,
        kind=kind,
        op="undo",
        summary=f"undo: {summary}",
        before=current_row,
        after=restored,
    )


def _content(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "version"}


def entries(
    conn: sqlite3.Connection,
    where: str = "",
    params: tuple[Any, ...] = (),
    limit: int | None = None,
) -> list[HistoryEntry]:
    sql = f"SELECT {_COLUMNS} FROM history {where} ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    result = []
    for row in conn.execute(sql, params):
        (
            row_id,
            action,
            who,
            at,
            kind,
            record_id,
            ref_a,
            ref_b,
            op,
            summary,
            before,
            after,
            undone_by,
        ) = row
        result.append(
            HistoryEntry(
                id=row_id,
                action=action,
                reviewer=who,
                at=at,
                kind=kind,
                record_id=record_id,
                ref_a=ref_a,
                ref_b=ref_b,
                op=op,
                summary=summary,
                before=sql_rows.load(before),
                after=sql_rows.load(after),
                undone=undone_by is not None,
            )
        )
    return result
