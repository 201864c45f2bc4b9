"""The session's pair as the TUI's coverage matrix and gaps lists need it. Textual-free.

What *covered* and *gap* mean is `compare.coverage` (the reviewer's decisions
override the matcher both ways); this only arranges it for the screens: both
agreements of the pair, cells per area or declared topic, the topic lens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from compare.coverage import Decisions, covered_refs
from store.agreements.model import Agreement, Commitment

if TYPE_CHECKING:
    from compare import Match
    from service.session import Session

Measure = Literal["all", "confirmed", "gaps"]
MEASURES: tuple[Measure, ...] = ("all", "confirmed", "gaps")


@dataclass(frozen=True, slots=True)
class Cell:
    refs: tuple[str, ...]
    confirmed: tuple[str, ...]
    gaps: tuple[str, ...]

    def pick(self, measure: Measure) -> tuple[str, ...]:
        if measure == "confirmed":
            return self.confirmed
        if measure == "gaps":
            return self.gaps
        return self.refs


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell | None, ...]  # one per agreement of the pair; None: not applicable
    title: str = ""  # the area or topic alone, without the A/B marker


def decisions_of(session: Session) -> Decisions:
    """The reviewer's decisions as coverage takes them, from the last store snapshot."""
    return Decisions.from_links(session.state.links.values())


class PairCoverage:
    """Who covers what, for the session's pair, read once per change."""

    def __init__(self, session: Session, lens: str | None = None) -> None:
        self.session = session
        self.lens = lens
        pair = [session.agreement_a, session.agreement_b]
        self.agreements: tuple[Agreement, ...] = tuple(a for a in pair if a is not None)
        self.decisions = decisions_of(session)
        self._confirmed: set[str] = set()
        self._covered: set[str] = set()
        matches = session.matches
        if len(self.agreements) == 2:
            a, b = self.agreements
            self._confirmed = self.decisions.confirmed_between(a.id, b.id)
            if matches is not None:
                self._covered = covered_refs(a, b, matches, self.decisions) | covered_refs(
                    b, a, matches, self.decisions
                )
            else:
                self._covered = set(self._confirmed)

    def _in_lens(self, commitment: Commitment) -> bool:
        return self.lens is None or self.lens in commitment.topics

    def counterparts(self, ref: str) -> list[Match]:
        """The matcher's counterparts of `ref` the reviewer has not rejected, best first."""
        return list(self.decisions.kept(self.session.counterparts(ref)))

    def best(self, ref: str) -> Match | None:
        found = self.counterparts(ref)
        return found[0] if found else None

    def is_gap(self, ref: str) -> bool:
        return ref not in self._covered

    def is_confirmed(self, ref: str) -> bool:
        return ref in self._confirmed

    def cell(self, commitments: Iterable[Commitment]) -> Cell:
        refs = tuple(c.ref for c in commitments if self._in_lens(c))
        return Cell(
            refs,
            tuple(r for r in refs if r in self._confirmed),
            tuple(r for r in refs if self.is_gap(r)),
        )

    def area_rows(self) -> list[Row]:
        rows = []
        for position, agreement in enumerate(self.agreements):
            for area in agreement.areas:
                cells: list[Cell | None] = [None] * len(self.agreements)
                cells[position] = self.cell(area.commitments)
                label = f"{'AB'[position]} {area.title}" if position < 2 else area.title
                rows.append(Row(f"{agreement.id}/{area.id}", label, tuple(cells), area.title))
        return rows

    def topic_rows(self) -> list[Row]:
        rows = []
        for topic in self.session.corpus.lexicon.topics:
            if self.lens is not None and topic.id != self.lens:
                continue
            cells = tuple(
                self.cell(c for c in agreement.commitments() if topic.id in c.topics)
                for agreement in self.agreements
            )
            rows.append(Row(topic.id, topic.label, cells, topic.label))
        return rows

    def total_row(self) -> Row:
        cells = tuple(self.cell(agreement.commitments()) for agreement in self.agreements)
        return Row("", "All commitments", cells)

    def gaps(self, agreement: Agreement) -> list[tuple[str, list[Commitment]]]:
        """(area title, gap commitments) for each area of `agreement` that has gaps."""
        grouped = []
        for area in agreement.areas:
            found = [c for c in area.commitments if self._in_lens(c) and self.is_gap(c.ref)]
            if found:
                grouped.append((area.title, found))
        return grouped
