"""What the review store's parts share: the connection, the lock, the clock, the log."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.agreements.model import Corpus
from store.agreements.tags import TagVocabulary
from store.review import db, history
from store.review.errors import ConflictError, StoreError
from store.review.outdated import Snapshots
from store.review.records import Kind, Record

_FIELDS = ("status", "tag", "score", "text")


@dataclass(frozen=True, slots=True)
class Transaction:
    """One BEGIN IMMEDIATE … COMMIT: every write inside it is one action of the history."""

    conn: sqlite3.Connection
    action: int


class StoreBase:
    # Edits of one note closer together than this are one undo step (autosave).
    note_coalesce_seconds: float = 60.0

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        reviewer: str,
        corpus: Corpus | None,
        tags: TagVocabulary,
    ) -> None:
        self._conn = conn
        self.path = path
        self.reviewer = reviewer
        self.corpus = corpus
        self.tags = tags
        self.clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
        # The TUI may call from worker threads; one connection, one caller at a time.
        self._lock = threading.RLock()
        self._snapshots = Snapshots()
        self._data_version = 0
        self._transaction: Transaction | None = None

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One durable write; writes nested inside join it (one commit, one undo step)."""
        with self._lock:
            if self._transaction is not None:
                yield self._transaction
                return
            with db.write_transaction(self._conn):
                self._transaction = Transaction(self._conn, history.next_action(self._conn))
                try:
                    yield self._transaction
                finally:
                    self._transaction = None

    def now(self) -> str:
        return history.iso(self.clock())

    def _corpus(self, corpus: Corpus | None) -> Corpus:
        chosen = corpus if corpus is not None else self.corpus
        if chosen is None:
            raise StoreError("no agreements loaded: the store needs them to record the text")
        return chosen

    def _log(
        self,
        at: str,
        kind: Kind,
        op: str,
        summary: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        action = (
            self._transaction.action
            if self._transaction is not None
            else history.next_action(self._conn)
        )
        history.record(
            self._conn,
            action=action,
            reviewer=self.reviewer,
            at=at,
            kind=kind,
            op=op,
            summary=summary,
            before=before,
            after=after,
        )

    def _check_version(
        self, kind: Kind, label: str, current: Record | None, expected_version: int | None
    ) -> None:
        if expected_version is None:
            return
        if current is None:
            raise ConflictError(f"{label} was deleted by someone else", current=None)
        if current.version != expected_version:
            raise conflict(self._conn, kind, label, current, expected_version)


def conflict(
    conn: sqlite3.Connection, kind: Kind, label: str, current: Record, expected: int
) -> ConflictError:
    """A ConflictError saying what changed between `expected` and now, and who changed it."""
    who = history.last_change(conn, kind, current.id)
    then = history.state_at_version(conn, kind, current.id, expected)
    now_row = {name: getattr(current, name, None) for name in _FIELDS}
    if then is not None:
        changes = tuple(
            f"{name} {_show(then.get(name))} → {_show(value)}"
            for name, value in now_row.items()
            if name in then and then[name] != value
        )
    else:
        changes = tuple(
            f"{name} is now {_show(value)}"
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


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str) and len(value) > 40:
        return repr(value[:37] + "…")
    return repr(value) if isinstance(value, str) else str(value)


def describe_link(row: dict[str, Any]) -> str:
    parts = [str(row["status"])]
    if row.get("tag"):
        parts.append(str(row["tag"]))
    return ", ".join(parts)


def link_changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    return ", ".join(
        f"{name} {_show(before[name])} → {_show(after[name])}"
        for name in ("status", "tag", "score", "origin")
        if before.get(name) != after.get(name)
    )
