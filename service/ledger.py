"""Every decision in one place: the links and notes of the review, newest change first.

The ledger screen shows these rows; this module builds and filters them
without Textual, from the session's state (links, read once per change) and
the store's notes. A row knows what it needs to be filtered (status, tag,
reviewer, areas, outdated) and what to open (a pair, or a commitment).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from store.agreements.model import split_ref
from store.review.records import STATUSES, Link, Note

if TYPE_CHECKING:
    from service.session import Session

EntryKind = Literal["link", "note"]
OUTDATED_FILTER = ("all", "outdated", "current")


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    kind: EntryKind
    key: str  # stable across refreshes: "link:<id>" or "note:<id>"
    ref_a: str
    ref_b: str | None  # None: a note on one commitment
    updated: str
    reviewer: str
    status: str | None = None  # links only
    tag: str | None = None
    origin: str | None = None
    text: str = ""  # a note's text
    outdated: bool = False
    areas: tuple[str, ...] = ()  # "agreement/area" of each side

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.ref_a,) if self.ref_b is None else (self.ref_a, self.ref_b)


@dataclass(frozen=True)
class LedgerFilter:
    """None (or "all") lets everything through; values are exact."""

    status: str | None = None
    tag: str | None = None  # a tag id, or "" for untagged links
    reviewer: str | None = None
    area: str | None = None  # "agreement/area"
    outdated: str = "all"  # all | outdated | current

    def accepts(self, entry: LedgerEntry) -> bool:
        if self.status is not None and (entry.kind != "link" or entry.status != self.status):
            return False
        if self.tag is not None and (entry.kind != "link" or (entry.tag or "") != self.tag):
            return False
        if self.reviewer is not None and entry.reviewer != self.reviewer:
            return False
        if self.area is not None and self.area not in entry.areas:
            return False
        if self.outdated == "outdated" and not entry.outdated:
            return False
        return not (self.outdated == "current" and entry.outdated)

    @property
    def active(self) -> bool:
        return self != LedgerFilter()


@dataclass
class Ledger:
    entries: list[LedgerEntry] = field(default_factory=list)

    @classmethod
    def of(cls, session: Session) -> Ledger:
        links = session.state.links.values()
        notes = session.store.notes()
        return cls(build_entries(session, links, notes))

    def filtered(self, flt: LedgerFilter) -> list[LedgerEntry]:
        return [entry for entry in self.entries if flt.accepts(entry)]

    def reviewers(self) -> list[str]:
        return sorted({entry.reviewer for entry in self.entries})

    def areas(self) -> list[str]:
        return sorted({area for entry in self.entries for area in entry.areas})

    def tags(self) -> list[str]:
        return sorted({entry.tag for entry in self.entries if entry.tag})


def build_entries(
    session: Session, links: Iterable[Link], notes: Iterable[Note]
) -> list[LedgerEntry]:
    """Rows for `links` and `notes`, the latest change first."""
    entries = [_link_entry(session, link) for link in links]
    entries += [_note_entry(session, note) for note in notes]
    entries.sort(key=lambda entry: (entry.updated, entry.key), reverse=True)
    return entries


def _area(session: Session, ref: str) -> str | None:
    commitment = session.commitment(ref)
    if commitment is None:
        return None
    return f"{commitment.agreement_id}/{commitment.area_id}"


def _areas(session: Session, refs: Sequence[str]) -> tuple[str, ...]:
    return tuple(area for area in (_area(session, ref) for ref in refs) if area is not None)


def _changed(session: Session, ref: str, fingerprint: str | None) -> bool:
    now = session.commitment(ref)
    return now is not None and fingerprint is not None and now.fingerprint != fingerprint


def _link_entry(session: Session, link: Link) -> LedgerEntry:
    link = _oriented(session, link)
    outdated = _changed(session, link.ref_a, link.fingerprint_a) or _changed(
        session, link.ref_b, link.fingerprint_b
    )
    return LedgerEntry(
        kind="link",
        key=f"link:{link.id}",
        ref_a=link.ref_a,
        ref_b=link.ref_b,
        updated=link.updated,
        reviewer=link.reviewer,
        status=link.status,
        tag=link.tag,
        origin=link.origin,
        outdated=outdated,
        areas=_areas(session, (link.ref_a, link.ref_b)),
    )


def _oriented(session: Session, link: Link) -> Link:
    """The session's first agreement on the left, as compare shows it."""
    pair = session.pair
    if pair is not None and split_ref(link.ref_b)[0] == pair[0]:
        return link.oriented(link.ref_b)
    return link


def _note_entry(session: Session, note: Note) -> LedgerEntry:
    outdated = _changed(session, note.ref, note.fingerprint) or (
        note.other_ref is not None and _changed(session, note.other_ref, note.other_fingerprint)
    )
    ref_a, ref_b = note.ref, note.other_ref
    pair = session.pair
    if ref_b is not None and pair is not None and split_ref(ref_b)[0] == pair[0]:
        ref_a, ref_b = ref_b, ref_a
    return LedgerEntry(
        kind="note",
        key=f"note:{note.id}",
        ref_a=ref_a,
        ref_b=ref_b,
        updated=note.updated,
        reviewer=note.reviewer,
        text=note.text,
        outdated=outdated,
        areas=_areas(session, note.refs),
    )


def cycle(current: str | None, choices: Sequence[str]) -> str | None:
    """The next filter value: None (all) → each choice → None."""
    if current is None:
        return choices[0] if choices else None
    try:
        index = list(choices).index(current)
    except ValueError:
        return None
    return choices[index + 1] if index + 1 < len(choices) else None


def next_status(current: str | None) -> str | None:
    return cycle(current, STATUSES)


def next_outdated(flt: LedgerFilter) -> LedgerFilter:
    index = OUTDATED_FILTER.index(flt.outdated)
    return replace(flt, outdated=OUTDATED_FILTER[(index + 1) % len(OUTDATED_FILTER)])
