"""Which records an export includes: `--agreements A B`, `--reviewer`, `--status`."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.review.records import Link, Note, ReviewedMark
from store.review.store import ReviewStore


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Empty fields select everything. `agreements` also orients links A → B."""

    agreements: tuple[str, str] | None = None
    reviewer: str | None = None
    statuses: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Selection:
    links: list[Link]
    notes: list[Note]  # commitment notes, and link notes of selected links
    reviewed: list[ReviewedMark]

    def notes_by_pair(self) -> dict[frozenset[str], list[Note]]:
        grouped: dict[frozenset[str], list[Note]] = {}
        for note in self.notes:
            if note.other_ref is not None:
                grouped.setdefault(frozenset(note.refs), []).append(note)
        return grouped

    @property
    def commitment_notes(self) -> list[Note]:
        return [note for note in self.notes if note.other_ref is None]


def _agreement(ref: str) -> str:
    return ref.partition("/")[0]


def select(store: ReviewStore, flt: ExportFilter | None = None) -> Selection:
    flt = flt or ExportFilter()
    links = store.links(*flt.agreements) if flt.agreements is not None else store.links()
    if flt.reviewer is not None:
        links = [link for link in links if link.reviewer == flt.reviewer]
    if flt.statuses:
        links = [link for link in links if link.status in flt.statuses]
    pairs = {link.pair for link in links}
    wanted = set(flt.agreements) if flt.agreements is not None else None

    def in_scope(refs: tuple[str, ...], reviewer: str) -> bool:
        if flt.reviewer is not None and reviewer != flt.reviewer:
            return False
        return wanted is None or all(_agreement(ref) in wanted for ref in refs)

    notes = []
    for note in store.notes():
        if note.other_ref is not None:
            selected = frozenset(note.refs) in pairs
            dangling = not flt.statuses and store.get_link(note.ref, note.other_ref) is None
            if not (selected or dangling) or not in_scope(note.refs, note.reviewer):
                continue
        elif not in_scope(note.refs, note.reviewer):
            continue
        notes.append(note)
    reviewed = [mark for mark in store.reviewed_marks() if in_scope((mark.ref,), mark.reviewer)]
    return Selection(links, notes, reviewed)
