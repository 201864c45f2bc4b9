"""What every export shows, computed once: links grouped by agreement pair and
area, each side's provenance and text, outdated and orphaned markers, coverage.

The renderers (Markdown, CSV, JSON) only format this view.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from store.agreements.model import Commitment, Corpus
from store.agreements.tags import TagVocabulary
from store.review.outdated import commitment_index
from store.review.records import Link, Note
from store.review.selection import ExportFilter, select
from store.review.store import ReviewStore

SHORT_FINGERPRINT = 8


@dataclass(frozen=True, slots=True)
class SideView:
    letter: str  # "A" or "B"
    ref: str
    provenance: str  # agreement › area › commitment id · fingerprint
    text: str  # the text now (or as reviewed, for an orphan)
    old_text: str | None  # the text as reviewed, when it has changed since
    orphan: bool
    agreement: str
    area: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class NoteView:
    note: Note
    provenance: str
    changes: tuple[str, ...]  # refs whose text changed since the note was written


@dataclass(frozen=True, slots=True)
class LinkView:
    link: Link
    sides: tuple[SideView, SideView]
    notes: list[NoteView]
    tag_label: str

    @property
    def changes(self) -> tuple[str, ...]:
        return tuple(side.ref for side in self.sides if side.old_text is not None)

    @property
    def orphans(self) -> tuple[str, ...]:
        return tuple(side.ref for side in self.sides if side.orphan)


@dataclass
class Group:
    """The links between agreement A and agreement B, A's areas in document order."""

    title: str
    label_a: str
    links: list[LinkView] = field(default_factory=list)
    coverage: list[tuple[str, int, int]] = field(default_factory=list)  # area, confirmed, total
    area_order: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    def areas(self) -> Iterator[tuple[str, str, list[LinkView]]]:
        """(area title, provenance, links) in document order; orphans last."""
        by_area: dict[str, list[LinkView]] = {}
        for link in self.links:
            side = link.sides[0]
            by_area.setdefault(side.area if not side.orphan else "", []).append(link)
        for key in sorted(by_area, key=lambda k: self.area_order.get(k, (1 << 30, "", ""))):
            if key:
                _, title, provenance = self.area_order[key]
                yield title, provenance, by_area[key]
            else:
                yield "Orphaned links", "commitments that no longer exist", by_area[key]


@dataclass
class ReviewView:
    groups: list[Group]
    commitment_notes: list[NoteView]
    tags: TagVocabulary
    filter: ExportFilter

    def all_notes(self) -> Iterator[NoteView]:
        yield from self.commitment_notes
        for group in self.groups:
            for link in group.links:
                yield from link.notes


class _Builder:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.index = commitment_index(corpus)
        self.order = {ref: n for n, ref in enumerate(self.index)}

    def label(self, agreement_id: str) -> str:
        agreement = self.corpus.agreement(agreement_id)
        return agreement.label if agreement else agreement_id

    def area_title(self, commitment: Commitment) -> str:
        agreement = self.corpus.agreement(commitment.agreement_id)
        area = agreement.area(commitment.area_id) if agreement else None
        return area.title if area else commitment.area_id

    def side(self, letter: str, ref: str, fingerprint: str, snapshot: str) -> SideView:
        agreement_id, _, commitment_id = ref.partition("/")
        now = self.index.get(ref)
        if now is None:
            return SideView(
                letter,
                ref,
                f"{self.label(agreement_id)} › ? › {commitment_id} · "
                f"{fingerprint[:SHORT_FINGERPRINT]} (no longer exists)",
                snapshot,
                None,
                True,
                agreement_id,
                "",
                fingerprint,
            )
        changed = now.fingerprint != fingerprint
        provenance = (
            f"{self.label(agreement_id)} › {self.area_title(now)} › {commitment_id} · "
            f"{now.fingerprint[:SHORT_FINGERPRINT]}"
        )
        return SideView(
            letter,
            ref,
            provenance,
            now.text,
            snapshot if changed else None,
            False,
            agreement_id,
            now.area_id,
            now.fingerprint,
        )

    def note(self, note: Note) -> NoteView:
        changes = []
        for ref in note.refs:
            now = self.index.get(ref)
            if now is not None and now.fingerprint != note.snapshot_of(ref)[0]:
                changes.append(ref)
        where = " ↔ ".join(note.refs)
        return NoteView(note, where, tuple(changes))


def build_view(store: ReviewStore, corpus: Corpus, flt: ExportFilter | None = None) -> ReviewView:
    flt = flt or ExportFilter()
    chosen = select(store, flt)
    builder = _Builder(corpus)
    notes_by_pair = chosen.notes_by_pair()
    groups: dict[tuple[str, str], Group] = {}
    for link in chosen.links:
        first, second = link.ref_a.partition("/")[0], link.ref_b.partition("/")[0]
        if flt.agreements is None and second < first:
            link, first, second = link.oriented(link.ref_b), second, first
        group = groups.get((first, second))
        if group is None:
            title = f"{builder.label(first)} ↔ {builder.label(second)}"
            group = groups[(first, second)] = Group(title, builder.label(first))
        sides = (
            builder.side("A", link.ref_a, link.fingerprint_a, link.snapshot_a),
            builder.side("B", link.ref_b, link.fingerprint_b, link.snapshot_b),
        )
        notes = [builder.note(n) for n in notes_by_pair.get(link.pair, [])]
        group.links.append(LinkView(link, sides, notes, store.tags.label(link.tag)))
    for (first, _), group in groups.items():
        _finish(group, builder, first)
    shown = {view.link.pair for group in groups.values() for view in group.links}
    # Commitment notes, and notes on links that are not shown (undone or filtered).
    commitment_notes = [
        builder.note(n)
        for n in chosen.notes
        if n.other_ref is None or frozenset(n.refs) not in shown
    ]
    return ReviewView([groups[key] for key in sorted(groups)], commitment_notes, store.tags, flt)


def _finish(group: Group, builder: _Builder, agreement_id: str) -> None:
    order = builder.order
    group.links.sort(
        key=lambda v: (
            order.get(v.link.ref_a, 1 << 30),
            order.get(v.link.ref_b, 1 << 30),
            v.link.ref_a,
            v.link.ref_b,
        )
    )
    agreement = builder.corpus.agreement(agreement_id)
    if agreement is None:
        return
    confirmed = {v.link.ref_a for v in group.links if v.link.status == "confirmed"}
    for number, area in enumerate(agreement.areas):
        refs = [c.ref for c in area.commitments]
        group.coverage.append((area.title, sum(ref in confirmed for ref in refs), len(refs)))
        group.area_order[area.id] = (number, area.title, f"{agreement.label} › {area.id}")
