"""What matching returns: matches with their explanation, for a pair of agreements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compare.scoring import band


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Match:
        return cls(
            ref=str(data["ref"]),
            other=str(data["other"]),
            score=float(data["score"]),
            shared=tuple(str(word) for word in data["shared"]),
            concepts=tuple(str(topic) for topic in data["concepts"]),
            synonyms=tuple(
                (str(mine), str(theirs), str(topic)) for mine, theirs, topic in data["synonyms"]
            ),
            breakdown={str(k): float(v) for k, v in data["breakdown"].items()},
            is_counterpart=bool(data["is_counterpart"]),
            contributions=tuple(
                (str(kind), str(label), float(points))
                for kind, label, points in data.get("contributions", [])
            ),
        )


@dataclass(frozen=True, slots=True)
class PairMatches:
    """Top matches of every commitment of A in B (`forward`) and of B in A (`backward`)."""

    a_id: str
    b_id: str
    forward: dict[str, tuple[Match, ...]]  # ref in A → matches in B, best first
    backward: dict[str, tuple[Match, ...]]  # ref in B → matches in A, best first
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

        def keep(side: dict[str, tuple[Match, ...]]) -> dict[str, tuple[Match, ...]]:
            return {ref: tuple(m for m in ms if m.score >= min_score) for ref, ms in side.items()}

        return PairMatches(
            self.a_id,
            self.b_id,
            keep(self.forward),
            keep(self.backward),
            self.threshold,
            self.top_k,
        )

    def to_json(self) -> dict[str, Any]:
        def side(data: dict[str, tuple[Match, ...]]) -> dict[str, list[dict[str, Any]]]:
            return {ref: [m.to_json() for m in ms] for ref, ms in data.items()}

        return {
            "a": self.a_id,
            "b": self.b_id,
            "threshold": self.threshold,
            "top_k": self.top_k,
            "forward": side(self.forward),
            "backward": side(self.backward),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairMatches:
        def side(raw: dict[str, Any]) -> dict[str, tuple[Match, ...]]:
            return {str(ref): tuple(Match.from_json(m) for m in ms) for ref, ms in raw.items()}

        return cls(
            a_id=str(data["a"]),
            b_id=str(data["b"]),
            forward=side(data["forward"]),
            backward=side(data["backward"]),
            threshold=float(data["threshold"]),
            top_k=int(data["top_k"]),
        )
