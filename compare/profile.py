"""A commitment reduced to what matching compares: its words and its concepts.

A profile is built once per commitment and is all the scorer looks at, so a
pair's score depends on the two commitments alone (plus the lexicon), never on
what else is in either agreement: `explain` and `match_pair` always agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from compare.lexicon import ConceptMapper
from store.agreements.model import Agreement, Commitment


@dataclass(frozen=True, slots=True)
class Profile:
    ref: str
    # Content words (not stop words, not part of a lexicon phrase) as sorted
    # unique keys: sorted so that rapidfuzz's Indel on two of them counts the
    # shared words (the longest common subsequence of two sorted sets is
    # their intersection).
    words: tuple[str, ...]
    word_surfaces: dict[str, str]  # key → the word as first written
    # Topic → weight in the unit-length concept vector.
    concepts: dict[str, float]
    concept_surfaces: dict[str, tuple[str, ...]]  # topic → phrases of the text naming it

    @property
    def tokens(self) -> tuple[str, ...]:
        """Everything that can be shared: words, then concepts."""
        return (*self.words, *(CONCEPT_TOKEN + topic for topic in self.concepts))


CONCEPT_TOKEN = "@"


def context_text(agreement: Agreement | None, commitment: Commitment) -> str:
    """The headings a commitment sits under: its area's title and its part.

    "Supporting capacity building efforts of relevant actors" means capacity
    building for fishing because its area says so; without the heading it
    would look like any other capacity-building commitment.
    """
    parts: list[str] = []
    area = agreement.area(commitment.area_id) if agreement is not None else None
    if area is not None:
        parts.append(area.title)
    if commitment.part:
        parts.append(commitment.part)
    return "\n".join(parts)


def build_profile(
    ref: str,
    text: str,
    mapper: ConceptMapper,
    *,
    context: str = "",
    topics: Iterable[str] = (),
) -> Profile:
    """Profile of one text; `context` and declared `topics` add concepts only."""
    word_surfaces, concept_surfaces = mapper.summary(text)
    counts = {topic: len(found) for topic, found in concept_surfaces.items()}
    for line in context.splitlines():
        for topic in mapper.heading_topics(line):
            counts[topic] = counts.get(topic, 0) + 1
    for topic in topics:
        # A declared topic is the maintainer's judgement: it counts once even
        # when no phrase of the text names it.
        counts.setdefault(topic, 1)
    return Profile(
        ref=ref,
        words=tuple(sorted(word_surfaces)),
        word_surfaces=word_surfaces,
        concepts=_unit_vector(counts, mapper.weights),
        concept_surfaces={topic: tuple(found) for topic, found in concept_surfaces.items()},
    )


def _unit_vector(counts: dict[str, int], weights: dict[str, float]) -> dict[str, float]:
    # sqrt damps repetition: naming a topic three times makes a commitment
    # more about it, but not three times more.
    raw = {topic: weights.get(topic, 1.0) * math.sqrt(n) for topic, n in counts.items()}
    raw = {topic: value for topic, value in raw.items() if value > 0}
    norm = math.sqrt(sum(value * value for value in raw.values()))
    return {topic: value / norm for topic, value in sorted(raw.items())} if norm else {}


def commitment_profile(
    agreement: Agreement | None, commitment: Commitment, mapper: ConceptMapper
) -> Profile:
    return build_profile(
        commitment.ref,
        commitment.text,
        mapper,
        context=context_text(agreement, commitment),
        topics=commitment.topics,
    )
