"""Notes on commitments and links, and per-commitment reviewed marks."""

from __future__ import annotations

from typing import Any

from store.agreements.model import Corpus
from store.review import history, sql_rows
from store.review.errors import NotFoundError, StoreError
from store.review.links import LinksMixin
from store.review.records import Link, Note, ReviewedMark

NoteTarget = str | tuple[str, str] | Link


class NotesMixin(LinksMixin):
    def add_note(self, target: NoteTarget, text: str, *, corpus: Corpus | None = None) -> Note:
        """A new note on a commitment (a ref) or on an existing link ((ref_a, ref_b) or a Link)."""
        if isinstance(target, Link):
            target = (target.ref_a, target.ref_b)
        refs = (target,) if isinstance(target, str) else tuple(target)
        texts = self._snapshots.take(self._corpus(corpus), *refs)
        with self.transaction():
            if len(refs) == 2 and self.stored_link(refs[0], refs[1]) is None:
                raise NotFoundError(
                    f"no link between {refs[0]} and {refs[1]}: create the link before its note"
                )
            at = self.now()
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
                "reviewer": self.reviewer,
                "created": at,
                "updated": at,
                "version": 1,
            }
            row["id"] = sql_rows.insert(self._conn, "note", row)
            self._log(at, "note", "create", f"{_where(row)}: note added", None, row)
            return _note(row)

    def update_note(self, note_id: int, text: str, expected_version: int) -> Note:
        """Replace a note's text; cheap enough to call on every autosave."""
        with self.transaction():
            current = self._fetch_note(note_id)
            self._check_version("note", f"note {note_id}", current, expected_version)
            assert current is not None
            if current.text == text:
                return current
            before = sql_rows.to_row(current)
            at = self.now()
            after = {
                **before,
                "text": text,
                "reviewer": self.reviewer,
                "updated": at,
                "version": current.version + 1,
            }
            sql_rows.update(self._conn, "note", after)
            folded = history.coalesce_note_edit(
                self._conn,
                reviewer=self.reviewer,
                note_id=note_id,
                at=at,
                after=after,
                window_seconds=self.note_coalesce_seconds,
            )
            if not folded:
                self._log(at, "note", "update", f"{_where(after)}: note edited", before, after)
            return _note(after)

    def delete_note(self, note_id: int, expected_version: int | None = None) -> None:
        with self.transaction():
            current = self._fetch_note(note_id)
            if current is None and expected_version is None:
                raise NotFoundError(f"there is no note {note_id}")
            self._check_version("note", f"note {note_id}", current, expected_version)
            assert current is not None
            before = sql_rows.to_row(current)
            sql_rows.delete(self._conn, "note", note_id)
            self._log(self.now(), "note", "delete", f"{_where(before)}: note deleted", before, None)

    def _fetch_note(self, note_id: int) -> Note | None:
        found = sql_rows.fetch(self._conn, "note", note_id)
        return found if isinstance(found, Note) else None

    def get_note(self, note_id: int) -> Note | None:
        with self._lock:
            return self._fetch_note(note_id)

    def notes(
        self, ref: str | None = None, link: tuple[str, str] | Link | None = None
    ) -> list[Note]:
        """Notes on the commitment `ref`, or on `link`, or (neither given) all notes."""
        if isinstance(link, Link):
            link = (link.ref_a, link.ref_b)
        if link is not None:
            where = "WHERE (ref = ? AND other_ref = ?) OR (ref = ? AND other_ref = ?)"
            params: tuple[str, ...] = (link[0], link[1], link[1], link[0])
        elif ref is not None:
            where, params = "WHERE ref = ? AND other_ref IS NULL", (ref,)
        else:
            where, params = "", ()
        with self._lock:
            cursor = self._conn.execute(f"{sql_rows.SELECT['note']} {where} ORDER BY id", params)
            return [_note(row) for row in cursor]

    # -- reviewed marks ---------------------------------------------------------
    def mark_reviewed(
        self, ref: str, reviewed: bool = True, *, corpus: Corpus | None = None
    ) -> bool:
        """Mark (or unmark) a commitment as reviewed; True if that changed anything."""
        snapshot = self._snapshots.take(self._corpus(corpus), ref)[0] if reviewed else None
        with self.transaction():
            found = self._conn.execute(
                f"{sql_rows.SELECT['reviewed']} WHERE ref = ?", (ref,)
            ).fetchone()
            at = self.now()
            if reviewed and found is None:
                assert snapshot is not None
                row: dict[str, Any] = {
                    "id": None,
                    "ref": ref,
                    "fingerprint": snapshot[0],
                    "snapshot": snapshot[1],
                    "reviewer": self.reviewer,
                    "created": at,
                    "updated": at,
                    "version": 1,
                }
                row["id"] = sql_rows.insert(self._conn, "reviewed", row)
                self._log(at, "reviewed", "create", f"{ref}: marked reviewed", None, row)
                return True
            if not reviewed and found is not None:
                before = sql_rows.to_row(sql_rows.to_record("reviewed", found))
                sql_rows.delete(self._conn, "reviewed", before["id"])
                self._log(at, "reviewed", "delete", f"{ref}: unmarked reviewed", before, None)
                return True
            return False

    def reviewed_marks(self) -> list[ReviewedMark]:
        with self._lock:
            cursor = self._conn.execute(f"{sql_rows.SELECT['reviewed']} ORDER BY ref")
            return [
                r
                for r in (sql_rows.to_record("reviewed", row) for row in cursor)
                if isinstance(r, ReviewedMark)
            ]

    def reviewed_refs(self, agreement_id: str | None = None) -> set[str]:
        refs = {mark.ref for mark in self.reviewed_marks()}
        if agreement_id is None:
            return refs
        return {ref for ref in refs if ref.startswith(f"{agreement_id}/")}


def _where(row: dict[str, Any]) -> str:
    if row.get("other_ref"):
        return f"link {row['ref']} ↔ {row['other_ref']}"
    return str(row["ref"])


def _note(row: Any) -> Note:
    record = sql_rows.to_record("note", row)
    if not isinstance(record, Note):
        raise StoreError("internal: expected a note row")
    return record
