"""What matching returns: matches with their explanation, for a pair of agreements."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from compare.scoring import band

# Each commitment's best (index in the other agreement, score), best first.
Ranking = list[list[tuple[int, float]]]


@dataclass(frozen=True, slots=True)
class Match:
    """One commitment (`ref`) and a counterpart candidate (`other`), explained."""

    ref: str
    other: str
    score: float  # 0–100
    shared: tuple[str, ...]  # content words both use, as the query writes them
    concepts: tuple[str, ...]  # topic ids both are about, strongest first
    # (phrase in ref, phrase in other, topic id): the lexicon made these meet.
    synonyms: tuple[tuple[str, str, str], ...]
    breakdown: dict[str, float] = field(compare=False)
    is_counterpart: bool = False
    # (kind "word" | "concept", the word as the query writes it or the topic id,
    # points): one entry per shared token, largest first; they add up to `score`.
    # Filled by `compare.explain`; empty in `match_pair` results.
    contributions: tuple[tuple[str, str, float], ...] = field(default=(), compare=False)

    @property
    def band(self) -> str:
        """The band of the score: strong, likely, weak or unlikely (`compare.scoring.BANDS`)."""
        return band(self.score)

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "other": self.other,
            "score": self.score,
            "shared": list(self.shared),
            "concepts": list(self.concepts),
            "synonyms": [list(triple) for triple in self.synonyms],
            "breakdown": dict(self.breakdown),
            "is_counterpart": self.is_counterpart,
            "contributions": [list(entry) for entry in self.contributions],
        }


class LazyMatches(Mapping[str, tuple[Match, ...]]):
    """ref → its matches, best first, explained when first read.

    Ranking a large pair is cheap beside explaining every ranked pair, and
    most are never read: a reviewer opens a few commitments, `accord match`
    prints one direction.
    """

    def __init__(
        self,
        refs: Sequence[str],
        ranking: Sequence[list[tuple[int, float]]],
        explain: Callable[[int, list[tuple[int, float]]], tuple[Match, ...]],
    ) -> None:
        self._index = {ref: index for index, ref in enumerate(refs)}
        self._ranking = ranking
        self._explain = explain
        self._built: dict[str, tuple[Match, ...]] = {}

    def __getitem__(self, ref: str) -> tuple[Match, ...]:
        found = self._built.get(ref)
        if found is None:
            index = self._index[ref]
            found = self._built[ref] = self._explain(index, self._ranking[index])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class _AtLeast(Mapping[str, tuple[Match, ...]]):
    """Another side's matches without those scoring below `floor`, read through."""

    def __init__(self, side: Mapping[str, tuple[Match, ...]], floor: float) -> None:
        self._side, self._floor = side, floor

    def __getitem__(self, ref: str) -> tuple[Match, ...]:
        return tuple(m for m in self._side[ref] if m.score >= self._floor)

    def __iter__(self) -> Iterator[str]:
        return iter(self._side)

    def __len__(self) -> int:
        return len(self._side)


@dataclass(frozen=True, slots=True)
class PairMatches:
    """Top matches of every commitment of A in B (`forward`) and of B in A (`backward`)."""

    a_id: str
    b_id: str
    forward: Mapping[str, tuple[Match, ...]]  # ref in A → matches in B, best first
    backward: Mapping[str, tuple[Match, ...]]  # ref in B → matches in A, best first
    threshold: float
    top_k: int

    def matches_for(self, ref: str) -> tuple[Match, ...]:
        """Matches of a commitment of either agreement (empty when it has none)."""
        if ref in self.forward:
            return self.forward[ref]
        return self.backward.get(ref, ())

    def best(self, ref: str) -> Match | None:
        found = self.matches_for(ref)
        return found[0] if found else None

    def filtered(self, min_score: float) -> PairMatches:
        """The same result without matches scoring below `min_score`."""
        if min_score <= 0:
            return self
        return PairMatches(
            self.a_id,
            self.b_id,
            _AtLeast(self.forward, min_score),
            _AtLeast(self.backward, min_score),
            self.threshold,
            self.top_k,
        )
