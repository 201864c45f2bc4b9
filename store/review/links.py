"""Links between commitments: create, judge (status, tag), read."""

from __future__ import annotations

from typing import Any

from store.agreements.model import Corpus
from store.review import sql_rows
from store.review.base import StoreBase, describe_link, link_changes
from store.review.errors import StoreError, UnknownStatusError, UnknownTagError
from store.review.records import ORIGINS, STATUSES, Link

KEEP: Any = object()


def _span(agreement_id: str) -> tuple[str, str]:
    # Refs of an agreement sort between "id/" and "id0" ("0" follows "/"),
    # which lets SQLite use the ref indexes instead of LIKE.
    return f"{agreement_id}/", f"{agreement_id}0"


def _in(column: str) -> str:
    return f"({column} >= ? AND {column} < ?)"


class LinksMixin(StoreBase):
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
        return self._write_link(
            ref_a,
            ref_b,
            status,
            KEEP if tag is None else tag,
            score,
            expected_version,
            corpus,
            origin,
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
        return self._write_link(ref_a, ref_b, status, KEEP, None, expected_version, corpus)

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

    def validate_link_values(
        self, status: str | None, tag: str | None, origin: str | None = None
    ) -> None:
        if status is not None and status not in STATUSES:
            raise UnknownStatusError(f"unknown status {status!r} (one of: {', '.join(STATUSES)})")
        if origin is not None and origin not in ORIGINS:
            raise StoreError(f"unknown link origin {origin!r} (one of: {', '.join(ORIGINS)})")
        if tag is not None and tag not in self.tags:
            raise UnknownTagError(f"unknown tag {tag!r} (one of: {', '.join(self.tags.ids)})")

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
        self.validate_link_values(status, None if tag is KEEP else tag, origin)
        if ref_a == ref_b:
            raise StoreError(f"a link needs two different commitments, got {ref_a} twice")
        texts = dict(
            zip(
                (ref_a, ref_b),
                self._snapshots.take(self._corpus(corpus), ref_a, ref_b),
                strict=True,
            )
        )
        label = f"link {ref_a} ↔ {ref_b}"
        with self.transaction():
            current = self.stored_link(ref_a, ref_b)
            self._check_version("link", label, current, expected_version)
            at = self.now()
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
                    "reviewer": self.reviewer,
                    "created": at,
                    "updated": at,
                    "version": 1,
                    "origin": origin or "matcher",
                }
                row["id"] = sql_rows.insert(self._conn, "link", row)
                self._log(
                    at, "link", "create", f"{label}: created ({describe_link(row)})", None, row
                )
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
                after.update(reviewer=self.reviewer, updated=at, version=current.version + 1)
                sql_rows.update(self._conn, "link", after)
                what = link_changes(before, after) or "re-read the changed text"
                self._log(at, "link", "update", f"{label}: {what}", before, after)
            return _link(after).oriented(ref_a)

    def stored_link(self, ref_a: str, ref_b: str) -> Link | None:
        """The link a ↔ b in its stored orientation (callers hold the lock)."""
        row = self._conn.execute(
            f"{sql_rows.SELECT['link']} WHERE min(ref_a, ref_b) = ? AND max(ref_a, ref_b) = ?",
            (min(ref_a, ref_b), max(ref_a, ref_b)),
        ).fetchone()
        return _link(row) if row else None

    def get_link(self, ref_a: str, ref_b: str) -> Link | None:
        """The link a ↔ b (in either stored order), oriented with ref_a first."""
        with self._lock:
            found = self.stored_link(ref_a, ref_b)
        return found.oriented(ref_a) if found else None

    def links(self, agreement_a: str | None = None, agreement_b: str | None = None) -> list[Link]:
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
                    f"WHERE ({_in('ref_a')} AND {_in('ref_b')})"
                    f" OR ({_in('ref_a')} AND {_in('ref_b')})"
                )
                params = (*span_a, *span_b, *span_b, *span_a)
        with self._lock:
            found = [
                _link(row)
                for row in self._conn.execute(f"{sql_rows.SELECT['link']} {where}", params)
            ]
        if agreement_a is not None:
            prefix = f"{agreement_a}/"
            found = [
                link if link.ref_a.startswith(prefix) else link.oriented(link.ref_b)
                for link in found
            ]
        found.sort(key=lambda link: (link.ref_a, link.ref_b))
        return found


def _link(row: Any) -> Link:
    record = sql_rows.to_record("link", row)
    assert isinstance(record, Link)
    return record
