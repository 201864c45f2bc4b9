"""Coverage and gaps: which commitments of A have a counterpart in B.

A commitment of A is *covered* when the reviewer confirmed a link from it to
a commitment of B, or when its best match in B that the reviewer has not
rejected scores at or above the counterpart threshold. The reviewer's
decisions (`Decisions`, empty by default: the matcher alone) override the
matcher both ways: a confirmed weak match covers, a rejected strong one does
not. This is the one definition: `accord gaps` and the TUI's coverage and
gaps screens all use it.

Coverage is counted per area of A and per topic (a commitment counts for
every topic it declares or its text names); the gaps are A's uncovered
commitments, area by area.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from compare.lexicon import concepts as text_concepts
from compare.results import Match, PairMatches
from store.agreements.model import Agreement, Commitment, Lexicon
from store.review.records import Link


@dataclass(frozen=True, slots=True)
class Decisions:
    """The reviewer's judgements coverage honours: confirmed pairs cover, rejected ones do not."""

    confirmed: frozenset[frozenset[str]] = field(default_factory=frozenset)
    rejected: frozenset[frozenset[str]] = field(default_factory=frozenset)

    @classmethod
    def from_links(cls, links: Iterable[Link]) -> Decisions:
        confirmed, rejected = set(), set()
        for link in links:
            pair = frozenset((link.ref_a, link.ref_b))
            if link.status == "confirmed":
                confirmed.add(pair)
            elif link.status == "rejected":
                rejected.add(pair)
        return cls(frozenset(confirmed), frozenset(rejected))

    def confirmed_between(self, a_id: str, b_id: str) -> set[str]:
        """Refs of either agreement with a confirmed link to the other."""
        found: set[str] = set()
        for pair in self.confirmed:
            refs = tuple(pair)
            sides = {ref.partition("/")[0] for ref in refs}
            if len(refs) == 2 and sides == {a_id, b_id}:
                found.update(refs)
        return found

    def kept(self, matches: Iterable[Match]) -> tuple[Match, ...]:
        """The matches the reviewer has not rejected, best first."""
        found = [m for m in matches if frozenset((m.ref, m.other)) not in self.rejected]
        return tuple(sorted(found, key=lambda m: -m.score))


NO_DECISIONS = Decisions()


@dataclass(frozen=True, slots=True)
class CoverageRow:
    id: str  # area id or topic id
    label: str
    covered: tuple[str, ...]  # refs of A with a counterpart in B
    uncovered: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.uncovered)

    @property
    def share(self) -> float:
        return len(self.covered) / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Gap:
    """An area of A and those of its commitments with no counterpart in B."""

    area_id: str
    title: str
    commitments: tuple[Commitment, ...]
    best: tuple[Match | None, ...]  # each one's best match in B, below the threshold


@dataclass(frozen=True, slots=True)
class Coverage:
    a_id: str
    b_id: str
    threshold: float
    areas: tuple[CoverageRow, ...]
    topics: tuple[CoverageRow, ...]
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]


def _side(a: Agreement, pair: PairMatches) -> Mapping[str, tuple[Match, ...]]:
    """The matches of A's commitments, whichever side of `pair` A was."""
    if pair.a_id == a.id:
        return pair.forward
    if pair.b_id == a.id:
        return pair.backward
    raise ValueError(f"{a.id} is not one of the matched agreements ({pair.a_id}, {pair.b_id})")


def is_covered(matches: tuple[Match, ...], threshold: float) -> bool:
    """The matcher's verdict alone: the best match reaches the threshold."""
    return bool(matches) and matches[0].score >= threshold


def covered_refs(
    a: Agreement, b: Agreement, pair: PairMatches, decisions: Decisions = NO_DECISIONS
) -> set[str]:
    """A's commitments with a counterpart in B: confirmed, or matched and not rejected."""
    side = _side(a, pair)
    confirmed = decisions.confirmed_between(a.id, b.id)
    return {
        c.ref
        for c in a.commitments()
        if c.ref in confirmed or is_covered(decisions.kept(side.get(c.ref, ())), pair.threshold)
    }


def commitment_topics(commitment: Commitment, lexicon: Lexicon) -> tuple[str, ...]:
    """Declared topics first, then the ones the text names, each once."""
    found = text_concepts(commitment.text, lexicon)
    return tuple(dict.fromkeys([*commitment.topics, *found]))


def coverage(
    a: Agreement,
    b: Agreement,
    pair: PairMatches,
    lexicon: Lexicon,
    decisions: Decisions = NO_DECISIONS,
) -> Coverage:
    threshold = pair.threshold
    covered = covered_refs(a, b, pair, decisions)
    areas = []
    for area in a.areas:
        refs = [c.ref for c in area.commitments]
        areas.append(
            CoverageRow(
                area.id,
                area.title,
                tuple(r for r in refs if r in covered),
                tuple(r for r in refs if r not in covered),
            )
        )
    by_topic: dict[str, list[str]] = {}
    for commitment in a.commitments():
        for topic in commitment_topics(commitment, lexicon):
            by_topic.setdefault(topic, []).append(commitment.ref)
    topics = []
    for entry in lexicon.topics:
        refs = by_topic.get(entry.id, [])
        if refs:
            topics.append(
                CoverageRow(
                    entry.id,
                    entry.label,
                    tuple(r for r in refs if r in covered),
                    tuple(r for r in refs if r not in covered),
                )
            )
    every = [c.ref for c in a.commitments()]
    return Coverage(
        a_id=a.id,
        b_id=b.id,
        threshold=threshold,
        areas=tuple(areas),
        topics=tuple(topics),
        covered=tuple(r for r in every if r in covered),
        uncovered=tuple(r for r in every if r not in covered),
    )


def gaps(
    a: Agreement, b: Agreement, pair: PairMatches, decisions: Decisions = NO_DECISIONS
) -> tuple[Gap, ...]:
    """A's commitments without a counterpart in B, grouped by area (empty areas left out)."""
    side = _side(a, pair)
    covered = covered_refs(a, b, pair, decisions)
    found = []
    for area in a.areas:
        missing = [c for c in area.commitments if c.ref not in covered]
        if missing:
            found.append(
                Gap(
                    area.id,
                    area.title,
                    tuple(missing),
                    tuple((decisions.kept(side.get(c.ref, ())) or (None,))[0] for c in missing),
                )
            )
    return tuple(found)
