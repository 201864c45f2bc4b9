"""One write to the review store: a transaction, and the one place a change is logged.

Every write happens inside `ReviewStore.transaction()`, which yields a
`Transaction`: the connection, the history action number all its changes
share (so `undo()` reverts them together) and `log()`, the only way a change
reaches the history. `check_version` and `conflict` say what someone else
changed when a version no longer matches.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from store.review import history
from store.review.errors import ConflictError
from store.review.records import Kind, Record

_FIELDS = ("status", "tag", "score", "text")


@dataclass(frozen=True, slots=True)
class Transaction:
    """One BEGIN IMMEDIATE … COMMIT: every write inside it is one action of the history."""

    conn: sqlite3.Connection
    action: int
    reviewer: str
    at: str

    def log(
        self,
        kind: Kind,
        op: str,
        summary: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        *,
        at: str | None = None,
    ) -> None:
        history.record(
            self.conn,
            action=self.action,
            reviewer=self.reviewer,
            at=at or self.at,
            kind=kind,
            op=op,
            summary=summary,
            before=before,
            after=after,
        )


def check_version(
    conn: sqlite3.Connection,
    kind: Kind,
    label: str,
    current: Record | None,
    expected_version: int | None,
) -> None:
    """Raise ConflictError when the record is not at the version the caller read."""
    if expected_version is None:
        return
    if current is None:
        raise ConflictError(f"{label} was deleted by someone else", current=None)
    if current.version != expected_version:
        raise conflict(conn, kind, label, current, expected_version)


def conflict(
    conn: sqlite3.Connection, kind: Kind, label: str, current: Record, expected: int
) -> ConflictError:
    """A ConflictError saying what changed between `expected` and now, and who changed it."""
    who = history.last_change(conn, kind, current.id)
    then = history.state_at_version(conn, kind, current.id, expected)
    now_row = {name: getattr(current, name, None) for name in _FIELDS}
    if then is not None:
        changes = tuple(
            f"{name} {show(then.get(name))} → {show(value)}"
            for name, value in now_row.items()
            if name in then and then[name] != value
        )
    else:
        changes = tuple(
            f"{name} is now {show(value)}"
            for name, value in now_row.items()
            if hasattr(current, name)
        )
    by = f" by {who[0]} at {who[1]}" if who else ""
    what = f": {', '.join(changes)}" if changes else ""
    return ConflictError(
        f"{label} was changed{by}{what} (you had version {expected}, it is now "
        f"{current.version}); nothing was written",
        current=current,
        changed_by=who[0] if who else None,
        changed_at=who[1] if who else None,
        changes=changes,
    )


def show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str) and len(value) > 40:
        return repr(value[:37] + "…")
    return repr(value) if isinstance(value, str) else str(value)
