"""The review report a reviewer sends: one model that the Markdown and HTML renderers format.

Built from the export view (links grouped by agreement pair, with provenance,
outdated and orphan markers), reorganised the way a reader asks:

1. the summary: decisions counted, coverage of A per area and per topic;
2. per commitment of A, its confirmed counterparts grouped by tag, each with its notes;
3. the open questions (deferred or still undecided links);
4. the gaps: commitments of A with no confirmed counterpart;
5. an appendix of rejected links (or only their number, when left out).

Reviewers appear by display name; fingerprints never appear (they belong to the
machine formats). Scores bands and word highlighting need the matcher, which this
layer may not import: the caller passes them in as functions (see
`service.report`). Without them the report is complete, only without bands and
highlighting.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from store.agreements.model import Agreement, Corpus
from store.agreements.tags import TagVocabulary
from store.review.exports.view import LinkView, NoteView, ReviewView, SideView, build_view
from store.review.selection import ExportFilter
from store.review.store import ReviewStore

WordKind = Literal["equal", "synonym", "other"]


@dataclass(frozen=True, slots=True)
class Word:
    """A piece of text and how it relates to the other side (joining a side's words gives it back)."""

    text: str
    kind: WordKind


BandOf = Callable[[float], str]
Highlighter = Callable[[str, str], tuple[tuple[Word, ...], tuple[Word, ...]]]


@dataclass(frozen=True, slots=True)
class ReportNote:
    reviewer: str  # display name
    date: str  # YYYY-MM-DD of the last change
    text: str
    outdated: bool  # the text it refers to changed since


@dataclass(frozen=True, slots=True)
class Side:
    ref: str
    place: str  # agreement › area › commitment id, no fingerprint
    text: str
    old_text: str | None  # as reviewed, when the text changed since
    orphan: bool


@dataclass(frozen=True, slots=True)
class Counterpart:
    """One link from a commitment of A, seen from A."""

    a: Side
    b: Side
    status: str
    tag: str | None
    tag_label: str
    score: float | None
    band: str | None
    reviewer: str  # display name of who last changed it
    date: str
    notes: tuple[ReportNote, ...]
    words: tuple[tuple[Word, ...], tuple[Word, ...]] | None  # A's and B's, highlighted
    by_hand: bool = False  # paired by the reviewer, not suggested by the matcher

    @property
    def score_phrase(self) -> str:
        """`score 22.9 (likely)`, and whether the reviewer paired it by hand (plain text)."""
        by_hand = " · linked by hand" if self.by_hand else ""
        if self.score is None:
            return f"no score{by_hand}"
        band = f" ({self.band})" if self.band else ""
        return f"score {self.score:.1f}{band}{by_hand}"


@dataclass
class Entry:
    """A commitment of A and the links of one kind (confirmed, open or rejected) from it."""

    side: Side
    links: list[Counterpart] = field(default_factory=list)

    def by_tag(self, tags: TagVocabulary) -> list[tuple[str, list[Counterpart]]]:
        """(tag label, links) in the vocabulary's order, unknown tags next, untagged last."""
        order = {tag_id: n for n, tag_id in enumerate(tags.ids)}
        groups: dict[str | None, list[Counterpart]] = {}
        for link in self.links:
            groups.setdefault(link.tag, []).append(link)
        keys = sorted(
            groups,
            key=lambda t: (t is None, order.get(t or "", len(order)), t or ""),
        )
        return [(tags.label(key) if key else "No tag", groups[key]) for key in keys]


@dataclass(frozen=True, slots=True)
class CoverageLine:
    label: str
    confirmed: int
    total: int

    @property
    def share(self) -> str:
        return f"{100 * self.confirmed / self.total:.0f} %" if self.total else "—"


@dataclass(frozen=True, slots=True)
class GapItem:
    side: Side
    notes: tuple[ReportNote, ...]


Sections = list[tuple[str, list[Entry]]]  # (area title, entries) in document order


@dataclass
class PairReport:
    a_id: str
    b_id: str
    label_a: str
    label_b: str
    counts: Counter[str]
    tag_counts: list[tuple[str, int]]
    areas: list[CoverageLine]
    topics: list[CoverageLine]
    confirmed: Sections
    open: Sections
    gaps: list[tuple[str, list[GapItem]]]
    rejected: list[Counterpart]
    total_a: int  # commitments of A that exist today

    @property
    def title(self) -> str:
        return f"{self.label_a} ↔ {self.label_b}"

    @property
    def covered(self) -> int:
        return sum(line.confirmed for line in self.areas)

    @property
    def gap_count(self) -> int:
        return sum(len(items) for _, items in self.gaps)


@dataclass
class Report:
    generated: dt.date
    pairs: list[PairReport]
    commitment_notes: list[tuple[str, ReportNote]]  # (place, note)
    reviewers: list[str]  # display names, sorted
    tags: TagVocabulary
    filter: ExportFilter
    rejected_left_out: int | None  # None: rejected links are in the appendix
    scale: str  # how to read a score and its band, one sentence
    outdated: int = 0
    orphans: int = 0
    names: Mapping[str, str] = field(default_factory=dict)  # account → display name

    @property
    def title(self) -> str:
        return " and ".join(pair.title for pair in self.pairs) or "no links"

    @property
    def filter_reviewer(self) -> str | None:
        """The reviewer the export is limited to, by display name."""
        reviewer = self.filter.reviewer
        if reviewer is None:
            return None
        return self.names.get(reviewer) or reviewer


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the caller decides: names, rejected links, and the matcher's help."""

    names: Mapping[str, str] = field(default_factory=dict)  # account → display name
    include_rejected: bool = True
    band: BandOf | None = None
    highlight: Highlighter | None = None
    scale: str = "Scores run from 0 to 100."
    generated: dt.date | None = None


class _Builder:
    def __init__(self, corpus: Corpus, view: ReviewView, options: ReportOptions) -> None:
        self.corpus = corpus
        self.view = view
        self.options = options
        self.reviewers: set[str] = set()
        self.notes_shown: set[int] = set()  # note ids placed beside a gap

    def name(self, account: str) -> str:
        shown = self.options.names.get(account) or account
        self.reviewers.add(shown)
        return shown

    def note(self, view: NoteView) -> ReportNote:
        note = view.note
        return ReportNote(
            self.name(note.reviewer), note.updated[:10], note.text, bool(view.changes)
        )

    def place(self, ref: str, orphan: bool) -> str:
        agreement_id, _, commitment_id = ref.partition("/")
        agreement = self.corpus.agreement(agreement_id)
        label = agreement.label if agreement else agreement_id
        if orphan:
            return f"{label} › {commitment_id} (no longer exists)"
        commitment = self.corpus.commitment(ref)
        area = agreement.area(commitment.area_id) if agreement and commitment else None
        return f"{label} › {area.title if area else '?'} › {commitment_id}"

    def side(self, side: SideView) -> Side:
        return Side(
            side.ref, self.place(side.ref, side.orphan), side.text, side.old_text, side.orphan
        )

    def counterpart(self, item: LinkView, highlight: bool) -> Counterpart:
        link = item.link
        a, b = (self.side(s) for s in item.sides)
        band = self.options.band
        words = None
        if highlight and self.options.highlight is not None:
            words = self.options.highlight(a.text, b.text)
        return Counterpart(
            a,
            b,
            link.status,
            link.tag,
            item.tag_label,
            link.score,
            band(link.score) if band is not None and link.score is not None else None,
            self.name(link.reviewer),
            link.updated[:10],
            tuple(self.note(n) for n in item.notes),
            words,
            link.origin == "manual",
        )

    def pair(self, a_id: str, b_id: str, links: list[LinkView]) -> PairReport:
        agreement_a, agreement_b = self.corpus.agreement(a_id), self.corpus.agreement(b_id)
        counts = Counter(item.link.status for item in links)
        tags = Counter(item.link.tag for item in links)
        tag_counts = [
            (self.view.tags.label(t), tags[t])
            for t in [
                *self.view.tags.ids,
                *sorted(t for t in tags if t and t not in self.view.tags),
            ]
        ] + [("No tag", tags[None])]
        entries: dict[str, dict[str, Entry]] = {"confirmed": {}, "open": {}}
        rejected: list[Counterpart] = []
        for item in links:
            status = item.link.status
            if status == "rejected":
                if self.options.include_rejected:
                    rejected.append(self.counterpart(item, highlight=False))
                continue
            kind = "confirmed" if status == "confirmed" else "open"
            counterpart = self.counterpart(item, highlight=True)
            entry = entries[kind].setdefault(item.link.ref_a, Entry(counterpart.a))
            entry.links.append(counterpart)
        confirmed_refs = set(entries["confirmed"])
        return PairReport(
            a_id,
            b_id,
            agreement_a.label if agreement_a else a_id,
            agreement_b.label if agreement_b else b_id,
            counts,
            tag_counts,
            self.area_coverage(agreement_a, confirmed_refs),
            self.topic_coverage(agreement_a, confirmed_refs),
            self.sections(agreement_a, entries["confirmed"]),
            self.sections(agreement_a, entries["open"]),
            self.gaps(agreement_a, confirmed_refs),
            rejected,
            sum(1 for _ in agreement_a.commitments()) if agreement_a else 0,
        )

    def area_coverage(self, agreement: Agreement | None, confirmed: set[str]) -> list[CoverageLine]:
        if agreement is None:
            return []
        return [
            CoverageLine(
                area.title,
                sum(c.ref in confirmed for c in area.commitments),
                len(area.commitments),
            )
            for area in agreement.areas
        ]

    def topic_coverage(
        self, agreement: Agreement | None, confirmed: set[str]
    ) -> list[CoverageLine]:
        """Per lexicon topic, A's commitments that declare it (as the coverage screen counts)."""
        if agreement is None:
            return []
        lines = []
        for topic in self.corpus.lexicon.topics:
            refs = [c.ref for c in agreement.commitments() if topic.id in c.topics]
            if refs:
                lines.append(
                    CoverageLine(topic.label, sum(r in confirmed for r in refs), len(refs))
                )
        return lines

    def sections(self, agreement: Agreement | None, entries: dict[str, Entry]) -> Sections:
        """Entries under A's area titles in document order; commitments gone since, last."""
        out: Sections = []
        placed: set[str] = set()
        for area in agreement.areas if agreement else ():
            found = [entries[c.ref] for c in area.commitments if c.ref in entries]
            placed.update(entry.side.ref for entry in found)
            if found:
                out.append((area.title, found))
        rest = [entry for ref, entry in entries.items() if ref not in placed]
        if rest:
            out.append(("Commitments that no longer exist", rest))
        return out

    def gaps(
        self, agreement: Agreement | None, confirmed: set[str]
    ) -> list[tuple[str, list[GapItem]]]:
        if agreement is None:
            return []
        notes: dict[str, list[NoteView]] = {}
        for view in self.view.commitment_notes:
            if view.note.other_ref is None:
                notes.setdefault(view.note.ref, []).append(view)
        out = []
        for area in agreement.areas:
            items = []
            for commitment in area.commitments:
                if commitment.ref in confirmed:
                    continue
                beside = notes.get(commitment.ref, [])
                self.notes_shown.update(view.note.id for view in beside)
                place = self.place(commitment.ref, False)
                side = Side(commitment.ref, place, commitment.text, None, False)
                items.append(GapItem(side, tuple(self.note(view) for view in beside)))
            if items:
                out.append((area.title, items))
        return out


def _pairs(view: ReviewView) -> Iterable[tuple[str, str, list[LinkView]]]:
    for group in view.groups:
        first = group.links[0].sides if group.links else None
        if first is not None:
            yield first[0].agreement, first[1].agreement, group.links


def build_report(
    store: ReviewStore,
    corpus: Corpus,
    flt: ExportFilter | None = None,
    options: ReportOptions | None = None,
) -> Report:
    options = options or ReportOptions()
    flt = flt or ExportFilter()
    view = build_view(store, corpus, flt)
    builder = _Builder(corpus, view, options)
    pairs = [builder.pair(a, b, links) for a, b, links in _pairs(view)]
    if not pairs and flt.agreements is not None:
        # The pair asked for, with no decision yet: still its coverage and gaps.
        pairs = [builder.pair(*flt.agreements, [])]
    # A note on a gap sits beside it; every other note on a commitment (or on a link
    # that is not shown) gets a section of its own.
    commitment_notes = [
        (note.provenance, builder.note(note))
        for note in view.commitment_notes
        if note.note.id not in builder.notes_shown
    ]
    links = [item for group in view.groups for item in group.links]
    rejected = sum(1 for item in links if item.link.status == "rejected")
    outdated = sum(1 for item in links if item.changes) + sum(
        1 for note in view.all_notes() if note.changes
    )
    return Report(
        generated=options.generated or dt.datetime.now(dt.UTC).date(),
        pairs=pairs,
        commitment_notes=commitment_notes,
        reviewers=sorted(builder.reviewers, key=str.casefold),
        tags=view.tags,
        filter=flt,
        rejected_left_out=None if options.include_rejected else rejected,
        scale=options.scale,
        outdated=outdated,
        orphans=sum(1 for item in links if item.orphans),
        names=options.names,
    )
