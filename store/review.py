"""The review store: links, notes and reviewed marks, durable when a call returns.

Public API (the TUI and the `accord link/note/export/import` commands use only this)::

    store = ReviewStore.open(path, reviewer, corpus=None, tags=None)  # creates parent dirs
    with store: ...                                   # or store.close()

    store.set_link(ref_a, ref_b, *, status=None, tag=None, score=None,
                   expected_version=None, corpus=None) -> Link
    store.set_status(ref_a, ref_b, status, *, expected_version=None, corpus=None) -> Link
    store.set_tag(ref_a, ref_b, tag_or_None, *, expected_version=None, corpus=None) -> Link
    store.get_link(ref_a, ref_b) -> Link | None       # oriented as asked
    store.links(agreement_a=None, agreement_b=None) -> list[Link]

    store.add_note(target, text, *, corpus=None) -> Note   # target: ref, (ref_a, ref_b) or Link
    store.update_note(note_id, text, expected_version) -> Note
    store.delete_note(note_id, expected_version=None) -> None
    store.get_note(note_id) -> Note | None
    store.notes(ref=None, link=None) -> list[Note]

    store.mark_reviewed(ref, reviewed=True, *, corpus=None) -> bool
    store.reviewed_refs(agreement_id=None) -> set[str]
    store.reviewed_marks() -> list[ReviewedMark]
    store.acknowledge(record, *, corpus=None) -> Link | Note   # accept the current wording

    store.undo() -> str | None                        # what was undone, or None
    store.history(record=None, *, limit=None) -> list[HistoryEntry]
    store.has_changed() -> bool                       # another connection committed
    store.outdated(corpus=None) -> list[Outdated]
    store.orphans(corpus=None) -> list[Orphan]

`accord check` warnings about orphans: store.review_check.orphan_findings.

Text snapshots. Every record keeps the fingerprint *and the text* of each
commitment it refers to, taken from a Corpus: the one passed as `corpus=`,
else the one bound to the store (`ReviewStore.open(..., corpus=)` or
`store.corpus = ...`). A ref missing from that corpus raises UnknownRefError.
Judging a link (`set_link`, `set_status`, `set_tag`) re-takes its snapshots,
since the reviewer judges the text they see; editing a note does not (typing
is not a judgement of the wording): `acknowledge` does that explicitly.

Links. A pair is stored in the orientation first given; (a, b) and (b, a) are
the same link (unique index on the unordered pair). Methods that take a pair
return the link oriented as asked; `links(a, b)` orients every link a → b.
`set_link(tag=None)` keeps the tag; `set_tag(a, b, None)` clears it. A new
link without a status is "suggested".

Undo. `undo()` reverts this reviewer's latest action not undone yet (a whole
import counts as one action; a burst of note autosaves within
`note_coalesce_seconds` too) and is itself durable and logged. If the record
was changed by someone since, it raises ConflictError and changes nothing.

Concurrency. Every write is one BEGIN IMMEDIATE transaction, synchronous=FULL.
Rows carry a `version`; pass the version you read as `expected_version` and a
concurrent change raises ConflictError (saying what changed, who, when)
instead of being overwritten. Errors are StoreError subclasses with
user-facing messages (store.errors).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from types import TracebackType

from store import db, history, rows
from store.errors import NotFoundError, StoreError
from store.model import Corpus
from store.records import HistoryEntry, Link, Note, Orphan, Outdated, Record
from store.review_notes import NotesMixin
from store.snapshots import find_orphans, find_outdated
from store.tags import DEFAULT_TAGS, TagVocabulary, load_tags

__all__ = ["ReviewStore"]


class ReviewStore(NotesMixin):
    """One reviewer's connection to a shared review store (see the module docstring)."""

    @classmethod
    def open(
        cls,
        path: str | Path,
        reviewer: str,
        *,
        corpus: Corpus | None = None,
        tags: TagVocabulary | None = None,
        create: bool = True,
        read_only: bool = False,
    ) -> ReviewStore:
        """Open the store, creating it and its folder unless `create=False`.

        Without `tags`, the vocabulary is the corpus folder's tags.toml (the
        defaults when it has none or it is broken; `accord check` says why).
        Raises StoreTooNewError, NotAStoreError or StoreError.
        """
        if not reviewer.strip():
            raise StoreError("a reviewer name is needed to use the review store")
        if tags is None:
            tags = load_tags(corpus.directory)[0] if corpus is not None else DEFAULT_TAGS
        conn = db.connect(path, create=create, read_only=read_only)
        store = cls(conn, Path(path), reviewer.strip(), corpus, tags)
        store._data_version = store._read_data_version()
        return store

    def close(self) -> None:
        with self._lock:
            if self._conn.total_changes:
                # Copy this connection's commits from the WAL into the main file now,
                # not when the last process closes: a WAL deleted (or lost) under
                # another live connection then loses none of them. PASSIVE never
                # waits; a failure only leaves the commits in the WAL, as before.
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self._conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _read_data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def has_changed(self) -> bool:
        """True if another connection committed since the last call (cheap: no table read)."""
        with self._lock:
            version = self._read_data_version()
            changed = version != self._data_version
            self._data_version = version
            return changed

    # -- history ------------------------------------------------------------------
    def undo(self) -> str | None:
        """Revert this reviewer's latest action; say what was undone (None: nothing to undo)."""
        with self._lock, db.write_transaction(self._conn):
            return history.undo_last(self._conn, self.reviewer, self.now())

    def history(
        self, record: Record | str | None = None, *, limit: int | None = None
    ) -> list[HistoryEntry]:
        """Changes, newest first: all, or of one record, or touching one commitment ref."""
        if isinstance(record, Link):
            low, high = sorted((record.ref_a, record.ref_b))
            where = "WHERE kind = 'link' AND min(ref_a, ref_b) = ? AND max(ref_a, ref_b) = ?"
            params: tuple[object, ...] = (low, high)
        elif isinstance(record, str):
            where, params = "WHERE ref_a = ? OR ref_b = ?", (record, record)
        elif record is not None:
            where = "WHERE kind = ? AND record_id = ?"
            params = ("note" if isinstance(record, Note) else "reviewed", record.id)
        else:
            where, params = "", ()
        with self._lock:
            return history.entries(self._conn, where, params, limit)

    # -- outdated and orphaned records -------------------------------------------
    def acknowledge(self, record: Link | Note, *, corpus: Corpus | None = None) -> Link | Note:
        """Accept the current wording: re-take the record's snapshots (no longer outdated)."""
        if isinstance(record, Link):
            return self.set_link(
                record.ref_a, record.ref_b, expected_version=record.version, corpus=corpus
            )
        texts = self._snapshots.take(self._corpus(corpus), *record.refs)
        with self._lock, db.write_transaction(self._conn):
            current = self._fetch_note(record.id)
            self._check_version("note", f"note {record.id}", current, record.version)
            if current is None:
                raise NotFoundError(f"there is no note {record.id}")
            before = rows.to_row(current)
            after = {**before, "fingerprint": texts[0][0], "snapshot": texts[0][1]}
            if len(texts) == 2:
                after.update(other_fingerprint=texts[1][0], other_snapshot=texts[1][1])
            if after == before:
                return current
            at = self.now()
            after.update(reviewer=self.reviewer, updated=at, version=current.version + 1)
            rows.update(self._conn, "note", after)
            self._log(at, "note", "update", f"note {record.id}: text re-read", before, after)
            return Note(**after)

    def _all_records(self) -> tuple[list[Link], list[Note]]:
        with self._lock, db.read_transaction(self._conn):
            return self.links(), self.notes()

    def outdated(self, corpus: Corpus | None = None) -> list[Outdated]:
        """Links and notes made on wording that has changed since: old and new text."""
        links, notes = self._all_records()
        return find_outdated([*links, *notes], self._snapshots.index(self._corpus(corpus)))

    def orphans(self, corpus: Corpus | None = None) -> list[Orphan]:
        """Records referring to a commitment id that no longer exists (kept, never deleted)."""
        links, notes = self._all_records()
        records: list[Record] = [*links, *notes, *self.reviewed_marks()]
        return find_orphans(records, self._snapshots.index(self._corpus(corpus)))
