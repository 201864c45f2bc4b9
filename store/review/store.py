"""The review store: links, notes and reviewed marks, durable when a call returns.

Public API (the TUI and the `accord link/note/export/import` commands use only this)::

    store = ReviewStore.open(path, reviewer, corpus=None, tags=None)  # creates parent dirs
    with store: ...                                   # or store.close()
    with store.transaction(): ...                     # writes inside: one commit, one undo step

    store.set_link(ref_a, ref_b, *, status=None, tag=None, score=None,
                   expected_version=None, corpus=None) -> Link
    store.set_status(ref_a, ref_b, status, *, expected_version=None, corpus=None) -> Link
    store.set_tag(ref_a, ref_b, tag_or_None, *, expected_version=None, corpus=None) -> Link
    store.get_link(ref_a, ref_b) -> Link | None       # oriented as asked
    store.stored_link(ref_a, ref_b) -> Link | None    # in its stored orientation
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

    store.save_draft(target, text, note_id=None)      # text typed, not yet a note
    store.clear_draft(target)
    store.drafts() -> list[Draft]                     # this reviewer's unsaved drafts

    store.undo() -> str | None                        # what was undone, or None
    store.history(record=None, *, limit=None) -> list[HistoryEntry]
    store.has_changed() -> bool                       # another connection committed
    store.outdated(corpus=None) -> list[Outdated]
    store.orphans(corpus=None) -> list[Orphan]

`accord check` warnings about orphans: store.review.checks.orphan_findings.

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
user-facing messages (store.review.errors).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from store.agreements.model import Corpus
from store.agreements.tags import DEFAULT_TAGS, TagVocabulary, load_tags
from store.review import db, drafts, history, links, notes
from store.review.errors import StoreError
from store.review.outdated import Snapshots, find_orphans, find_outdated
from store.review.records import (
    HistoryEntry,
    Link,
    Note,
    Orphan,
    Outdated,
    Record,
    ReviewedMark,
    score_problem,
)
from store.review.transaction import Transaction

__all__ = ["ReviewStore"]


class ReviewStore:
    """One reviewer's connection to a shared review store (see the module docstring)."""

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

    # -- transactions -------------------------------------------------------------
    def now(self) -> str:
        return history.iso(self.clock())

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One durable write; writes nested inside join it (one commit, one undo step)."""
        with self._lock:
            if self._transaction is not None:
                yield self._transaction
                return
            with db.write_transaction(self._conn):
                self._transaction = Transaction(
                    self._conn, history.next_action(self._conn), self.reviewer, self.now()
                )
                try:
                    yield self._transaction
                finally:
                    self._transaction = None

    def _corpus(self, corpus: Corpus | None) -> Corpus:
        chosen = corpus if corpus is not None else self.corpus
        if chosen is None:
            raise StoreError("no agreements loaded: the store needs them to record the text")
        return chosen

    def _read_data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def has_changed(self) -> bool:
        """True if another connection committed since the last call (cheap: no table read)."""
        with self._lock:
            version = self._read_data_version()
            changed = version != self._data_version
            self._data_version = version
            return changed

    # -- links --------------------------------------------------------------------
    def set_link(
        self,
        ref_a: str,
        ref_b: str,
        *,
        status: str | None = None,
        tag: str | None = None,
        score: float | None = None,
        expected_version: int | None = None,
        corpus: Corpus | None = None,
        origin: str | None = None,
    ) -> Link:
        """Create or update the link a ↔ b; None arguments keep the current value.

        `origin` ('matcher' or 'manual') defaults to 'matcher' for a new link.
        """
        tag_value = links.KEEP if tag is None else tag
        return self._write_link(
            ref_a, ref_b, status, tag_value, score, expected_version, corpus, origin
        )

    def set_status(
        self,
        ref_a: str,
        ref_b: str,
        status: str,
        *,
        expected_version: int | None = None,
        corpus: Corpus | None = None,
    ) -> Link:
        return self._write_link(ref_a, ref_b, status, links.KEEP, None, expected_version, corpus)

    def set_tag(
        self,
        ref_a: str,
        ref_b: str,
        tag: str | None,
        *,
        expected_version: int | None = None,
        corpus: Corpus | None = None,
    ) -> Link:
        """Set the tag, or clear it with None."""
        return self._write_link(ref_a, ref_b, None, tag, None, expected_version, corpus)

    def validate_link_values(self, status: str | None, tag: str | None) -> None:
        links.validate(self.tags, status, tag)

    def _write_link(
        self,
        ref_a: str,
        ref_b: str,
        status: str | None,
        tag: Any,
        score: float | None,
        expected_version: int | None,
        corpus: Corpus | None,
        origin: str | None = None,
    ) -> Link:
        links.validate(self.tags, status, None if tag is links.KEEP else tag, origin)
        if score is not None and (problem := score_problem(score)) is not None:
            raise StoreError(f"the score {problem}")
        if ref_a == ref_b:
            raise StoreError(f"a link needs two different commitments, got {ref_a} twice")
        taken = self._snapshots.take(self._corpus(corpus), ref_a, ref_b)
        texts = dict(zip((ref_a, ref_b), taken, strict=True))
        with self.transaction() as tx:
            return links.write(
                tx,
                ref_a,
                ref_b,
                status=status,
                tag=tag,
                score=score,
                expected_version=expected_version,
                texts=texts,
                origin=origin,
            )

    def stored_link(self, ref_a: str, ref_b: str) -> Link | None:
        """The link a ↔ b in its stored orientation (exchange merges rows as stored)."""
        with self._lock:
            return links.find(self._conn, ref_a, ref_b)

    def get_link(self, ref_a: str, ref_b: str) -> Link | None:
        """The link a ↔ b (in either stored order), oriented with ref_a first."""
        found = self.stored_link(ref_a, ref_b)
        return found.oriented(ref_a) if found else None

    def links(self, agreement_a: str | None = None, agreement_b: str | None = None) -> list[Link]:
        """All links; or those touching agreement_a; or those between a and b. Oriented a → b."""
        with self._lock:
            return links.select(self._conn, agreement_a, agreement_b)

    # -- notes --------------------------------------------------------------------
    def add_note(
        self, target: notes.NoteTarget, text: str, *, corpus: Corpus | None = None
    ) -> Note:
        """A new note on a commitment (a ref) or on an existing link ((ref_a, ref_b) or a Link)."""
        refs = notes.refs_of(target)
        texts = self._snapshots.take(self._corpus(corpus), *refs)
        with self.transaction() as tx:
            return notes.insert(tx, refs, text, texts)

    def update_note(self, note_id: int, text: str, expected_version: int) -> Note:
        """Replace a note's text; cheap enough to call on every autosave."""
        with self.transaction() as tx:
            return notes.update(tx, note_id, text, expected_version, self.note_coalesce_seconds)

    def delete_note(self, note_id: int, expected_version: int | None = None) -> None:
        with self.transaction() as tx:
            notes.delete(tx, note_id, expected_version)

    def get_note(self, note_id: int) -> Note | None:
        with self._lock:
            return notes.fetch(self._conn, note_id)

    def notes(
        self, ref: str | None = None, link: tuple[str, str] | Link | None = None
    ) -> list[Note]:
        """Notes on the commitment `ref`, or on `link`, or (neither given) all notes."""
        pair = (link.ref_a, link.ref_b) if isinstance(link, Link) else link
        with self._lock:
            return notes.select(self._conn, ref, pair)

    # -- reviewed marks -------------------------------------------------------------
    def mark_reviewed(
        self, ref: str, reviewed: bool = True, *, corpus: Corpus | None = None
    ) -> bool:
        """Mark (or unmark) a commitment as reviewed; True if that changed anything."""
        snapshot = self._snapshots.take(self._corpus(corpus), ref)[0] if reviewed else None
        with self.transaction() as tx:
            return notes.mark_reviewed(tx, ref, reviewed, snapshot)

    def reviewed_marks(self) -> list[ReviewedMark]:
        with self._lock:
            return notes.reviewed_marks(self._conn)

    def reviewed_refs(self, agreement_id: str | None = None) -> set[str]:
        refs = {mark.ref for mark in self.reviewed_marks()}
        if agreement_id is None:
            return refs
        return {ref for ref in refs if ref.startswith(f"{agreement_id}/")}

    # -- drafts -------------------------------------------------------------------
    def save_draft(self, target: drafts.DraftTarget, text: str, note_id: int | None = None) -> None:
        """Keep typed text durable before it is a note (not a review record: no history)."""
        with self._lock:
            drafts.save(self._conn, self.reviewer, target, text, note_id, self.now())

    def clear_draft(self, target: drafts.DraftTarget) -> None:
        with self._lock:
            drafts.clear(self._conn, self.reviewer, target)

    def drafts(self) -> list[drafts.Draft]:
        with self._lock:
            return drafts.of_reviewer(self._conn, self.reviewer)

    # -- history ------------------------------------------------------------------
    def undo(self) -> str | None:
        """Revert this reviewer's latest action; say what was undone (None: nothing to undo)."""
        with self.transaction() as tx:
            return history.undo_last(tx.conn, self.reviewer, tx.at)

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
        with self.transaction() as tx:
            return notes.reread(tx, record, texts)

    def _all_records(self) -> tuple[list[Link], list[Note]]:
        with self._lock, db.read_transaction(self._conn):
            return self.links(), self.notes()

    def outdated(self, corpus: Corpus | None = None) -> list[Outdated]:
        """Links and notes made on wording that has changed since: old and new text."""
        found_links, found_notes = self._all_records()
        index = self._snapshots.index(self._corpus(corpus))
        return find_outdated([*found_links, *found_notes], index)

    def orphans(self, corpus: Corpus | None = None) -> list[Orphan]:
        """Records referring to a commitment id that no longer exists (kept, never deleted)."""
        found_links, found_notes = self._all_records()
        records: list[Record] = [*found_links, *found_notes, *self.reviewed_marks()]
        return find_orphans(records, self._snapshots.index(self._corpus(corpus)))
