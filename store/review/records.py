"""The review store's records, as the TUI and the exports see them.

All are frozen: a record is a snapshot of one row at one `version`. To change
it, pass that version back (`expected_version`) so a concurrent edit is
detected instead of silently overwritten.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Literal

STATUSES: tuple[str, ...] = ("suggested", "confirmed", "rejected", "deferred")
# Where a link came from: the matcher's suggestions, or a reviewer pairing two
# commitments the matcher did not offer (`m` in the TUI, `accord link`).
ORIGINS: tuple[str, ...] = ("matcher", "manual")
MAX_SCORE = 100.0


def score_problem(value: object) -> str | None:
    """Why `value` cannot be a link's score (a finite number from 0 to 100), or None.

    nan, inf and 1e400 (which parses as inf) would make a JSON export invalid
    or silently become NULL in SQLite, so they are refused where they enter.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    # The range first: math.isfinite() overflows on an integer too large for a float.
    if not 0 <= value <= MAX_SCORE or not math.isfinite(value):
        return f"must be a finite number from 0 to {MAX_SCORE:g}, not {value!r}"
    return None


Kind = Literal["link", "note", "reviewed"]


@dataclass(frozen=True, slots=True)
class Link:
    """A pair of commitments and the reviewer's judgement of it."""

    id: int
    ref_a: str
    ref_b: str
    status: str
    tag: str | None
    score: float | None
    fingerprint_a: str
    fingerprint_b: str
    snapshot_a: str  # the text of ref_a when the link was last judged
    snapshot_b: str
    reviewer: str  # who last changed it
    created: str  # UTC ISO 8601
    updated: str
    version: int
    origin: str = "matcher"

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.ref_a, self.ref_b))

    def other(self, ref: str) -> str:
        return self.ref_b if ref == self.ref_a else self.ref_a

    def oriented(self, ref_a: str) -> Link:
        """The same link with `ref_a` first (fingerprints and snapshots follow)."""
        if ref_a == self.ref_a or ref_a != self.ref_b:
            return self
        return dataclasses.replace(
            self,
            ref_a=self.ref_b,
            ref_b=self.ref_a,
            fingerprint_a=self.fingerprint_b,
            fingerprint_b=self.fingerprint_a,
            snapshot_a=self.snapshot_b,
            snapshot_b=self.snapshot_a,
        )


@dataclass(frozen=True, slots=True)
class Note:
    """Free text on a commitment (`other_ref` is None) or on the link ref ↔ other_ref."""

    id: int
    ref: str
    other_ref: str | None
    text: str
    fingerprint: str
    snapshot: str
    other_fingerprint: str | None
    other_snapshot: str | None
    reviewer: str
    created: str
    updated: str
    version: int

    @property
    def link(self) -> tuple[str, str] | None:
        return (self.ref, self.other_ref) if self.other_ref is not None else None

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.ref,) if self.other_ref is None else (self.ref, self.other_ref)

    def snapshot_of(self, ref: str) -> tuple[str, str]:
        """(fingerprint, text) of `ref` as the note's author saw it."""
        if ref == self.other_ref and self.other_fingerprint is not None:
            return self.other_fingerprint, self.other_snapshot or ""
        return self.fingerprint, self.snapshot


@dataclass(frozen=True, slots=True)
class ReviewedMark:
    id: int
    ref: str
    fingerprint: str
    snapshot: str
    reviewer: str
    created: str
    updated: str
    version: int


Record = Link | Note | ReviewedMark


@dataclass(frozen=True, slots=True)
class Outdated:
    """A record made on wording that has since changed: both versions, never dropped."""

    record: Link | Note
    ref: str
    old_text: str
    new_text: str
    old_fingerprint: str
    new_fingerprint: str


@dataclass(frozen=True, slots=True)
class Orphan:
    """A record whose commitment `ref` no longer exists. Orphans are kept, never deleted."""

    record: Record
    ref: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    action: int  # rows of one call (an import, an undo) share an action
    reviewer: str  # who made the change (not necessarily the record's author)
    at: str
    kind: Kind
    record_id: int
    ref_a: str
    ref_b: str | None
    op: Literal["create", "update", "delete", "undo"]
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undone: bool


def record_kind(record: Record) -> Kind:
    if isinstance(record, Link):
        return "link"
    if isinstance(record, Note):
        return "note"
    return "reviewed"
