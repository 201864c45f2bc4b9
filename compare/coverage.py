"""Coverage and gaps: which commitments of A have a counterpart in B.

A commitment of A is *covered* when its best match in B scores at or above the
counterpart threshold. Coverage is counted per area of A and per topic (a
commitment counts for every topic it declares or its text names); the gaps
are A's uncovered commitments, area by area.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.lexicon import concepts as text_concepts
from compare.results import Match, PairMatches
from store.agreements.model import Agreement, Commitment, Lexicon


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


def _side(a: Agreement, pair: PairMatches) -> dict[str, tuple[Match, ...]]:
    """The matches of A's commitments, whichever side of `pair` A was."""
    if pair.a_id == a.id:
        return pair.forward
    if pair.b_id == a.id:
        return pair.backward
    raise ValueError(f"{a.id} is not one of the matched agreements ({pair.a_id}, {pair.b_id})")


def is_covered(matches: tuple[Match, ...], threshold: float) -> bool:
    return bool(matches) and matches[0].score >= threshold


def commitment_topics(commitment: Commitment, lexicon: Lexicon) -> tuple[str, ...]:
    """Declared topics first, then the ones the text names, each once."""
    found = text_concepts(commitment.text, lexicon)
    return tuple(dict.fromkeys([*commitment.topics, *found]))


def coverage(a: Agreement, b: Agreement, pair: PairMatches, lexicon: Lexicon) -> Coverage:
    side = _side(a, pair)
    threshold = pair.threshold
    covered_refs = {c.ref for c in a.commitments() if is_covered(side.get(c.ref, ()), threshold)}
    areas = []
    for area in a.areas:
        refs = [c.ref for c in area.commitments]
        areas.append(
            CoverageRow(
                area.id,
                area.title,
                tuple(r for r in refs if r in covered_refs),
                tuple(r for r in refs if r not in covered_refs),
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
                    tuple(r for r in refs if r in covered_refs),
                    tuple(r for r in refs if r not in covered_refs),
                )
            )
    every = [c.ref for c in a.commitments()]
    return Coverage(
        a_id=a.id,
        b_id=b.id,
        threshold=threshold,
        areas=tuple(areas),
        topics=tuple(topics),
        covered=tuple(r for r in every if r in covered_refs),
        uncovered=tuple(r for r in every if r not in covered_refs),
    )


def gaps(a: Agreement, b: Agreement, pair: PairMatches) -> tuple[Gap, ...]:
    """A's commitments without a counterpart in B, grouped by area (empty areas left out)."""
    side = _side(a, pair)
    found = []
    for area in a.areas:
        missing = [
            c for c in area.commitments if not is_covered(side.get(c.ref, ()), pair.threshold)
        ]
        if missing:
            found.append(
                Gap(
                    area.id,
                    area.title,
                    tuple(missing),
                    tuple((side.get(c.ref) or (None,))[0] for c in missing),
                )
            )
    return tuple(found)
