"""A commitment reduced to what matching compares: one weighted vector of evidence.

Two steps. `analyse` reads one text: its content words (word keys) and the
lexicon concepts its own words name. Nothing else counts: not the area heading
it sits under, not the `topics` a maintainer declared, not the names of its
agreement's own parties. `weigh` then turns the analyses of both agreements
of a pair into unit-length vectors whose weights are inverse document
frequencies over those two agreements' commitments (BM25's idf), so a word or a
concept that few commitments use counts for much and one that most use counts
for little. A concept is one more dimension beside the words that name it, so
a phrase both texts write shares its words and its concept, while a synonym
("TVET" against "vocational education") shares the concept alone.

A pair's score is the dot product of two such vectors (see `compare.scoring`),
so it depends on the two commitments and on the two agreements they belong to:
`explain` and `match_pair` agree whenever they are given the same agreements.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, pairwise, repeat
from operator import mul, truediv
from typing import overload

from compare.lexicon import ConceptMapper
from store.agreements.model import Agreement, Commitment, Party

CONCEPT_TOKEN = "@"

# How much a concept weighs against a word of the same rarity. Below 1, a
# concept never outweighs the words that name it, so one shared concept
# cannot carry a pair on its own. Chosen on the tuning sets by
# `benchmarks/quality.py --tune`.
CONCEPT_FACTOR = 1.3
# A word met only inside a lexicon phrase weighs this much of a free word: the
# phrase's concept already carries most of its meaning. So a synonym ("TVET"
# against "vocational education", sharing the concept alone) comes close to
# the same phrase written twice (sharing the concept and its words), while
# the words still count ("salary transparency" shares "transparency" with
# "pay transparency"). Chosen on the tuning sets.
PHRASE_WORD_FACTOR = 1.0
# Documents that name nothing, added to every corpus: a pair of tiny
# agreements (or `explain` without its agreements) still gets sensible,
# positive weights, and the weights of large corpora barely move.
PRIOR_DOCUMENTS = 20
# Pivoted length normalisation (Singhal et al. 1996): a vector is divided by
# (1 - slope) × the corpus's mean length + slope × its own length, not by its
# own length alone. Plain cosine (slope 1) lets a five-word commitment that
# shares one word outrank a long one that restates the query; slope 0 would
# let long lists of everything win. Chosen on the tuning sets.
LENGTH_SLOPE = 0.1


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one text names, before any weighting."""

    ref: str
    word_surfaces: dict[str, str]  # content word key → the word as first written
    concept_surfaces: dict[str, tuple[str, ...]]  # topic → phrases of the text naming it
    phrase_words: frozenset[str] = frozenset()  # words met only inside lexicon phrases

    def tokens(self) -> list[str]:
        return [*self.word_surfaces, *(CONCEPT_TOKEN + topic for topic in self.concept_surfaces)]


@dataclass(frozen=True, slots=True)
class Profile:
    ref: str
    words: tuple[str, ...]  # sorted content-word keys
    word_surfaces: dict[str, str]
    concepts: dict[str, float]  # topic → its weight in the unit vector
    concept_surfaces: dict[str, tuple[str, ...]]
    # Token (word key, or "@" + topic) → weight in the unit-length vector.
    vector: dict[str, float]

    @property
    def tokens(self) -> tuple[str, ...]:
        """Everything that can be shared: words, then concepts."""
        return tuple(self.vector)


def _party_pattern(parties: Iterable[Party]) -> re.Pattern[str] | None:
    """The parties' names as a text writes them: full name, short form, head noun.

    Every commitment of an agreement names its own parties, so they say
    nothing about what a commitment is about. The head noun ("the Commission"
    for the European Commission) is dropped only when capitalised and only for
    names of up to three words, where it is the name's usual short form.
    """
    alternatives: list[str] = []
    for party in parties:
        words = party.name.split()
        if words:
            alternatives.append(r"[\s\-]+".join(re.escape(w) for w in words))
            if len(words) <= 3 and words[-1][:1].isupper():
                alternatives.append(re.escape(words[-1]))
        if party.short and party.short.strip():
            alternatives.append(re.escape(party.short.strip()))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")


def _without_parties(text: str, pattern: re.Pattern[str] | None) -> str:
    # Replaced by spaces of the same length, so positions stay where they were.
    if pattern is None:
        return text
    return pattern.sub(lambda match: " " * len(match.group()), text)


def analyse(
    ref: str, text: str, mapper: ConceptMapper, parties: re.Pattern[str] | None = None
) -> Analysis:
    word_surfaces, concept_surfaces, phrase_words = mapper.summary(_without_parties(text, parties))
    return Analysis(
        ref=ref,
        word_surfaces=word_surfaces,
        concept_surfaces={topic: tuple(found) for topic, found in concept_surfaces.items()},
        phrase_words=frozenset(phrase_words),
    )


def analyse_agreement(agreement: Agreement, mapper: ConceptMapper) -> list[Analysis]:
    pattern = _party_pattern(agreement.parties)
    return [analyse(c.ref, c.text, mapper, pattern) for c in agreement.commitments()]


def analyse_commitment(
    agreement: Agreement | None, commitment: Commitment, mapper: ConceptMapper
) -> Analysis:
    pattern = _party_pattern(agreement.parties) if agreement is not None else None
    return analyse(commitment.ref, commitment.text, mapper, pattern)


def idf(frequency: int, documents: int) -> float:
    """BM25's inverse document frequency, over the corpus plus the prior documents."""
    total = documents + PRIOR_DOCUMENTS
    return math.log(1.0 + (total - frequency + 0.5) / (frequency + 0.5))


def token_weights(
    frequencies: Counter[str], documents: int, topic_weights: dict[str, float] | None = None
) -> dict[str, float]:
    """Every token's weight in a corpus of `documents` texts: its idf, and for a
    concept times `CONCEPT_FACTOR` and its topic's weight."""
    topic_weights = topic_weights or {}
    weights: dict[str, float] = {}
    for token, frequency in frequencies.items():
        weight = idf(frequency, documents)
        if token.startswith(CONCEPT_TOKEN):
            weight *= CONCEPT_FACTOR * topic_weights.get(token[1:], 1.0)
        weights[token] = weight
    return weights


class WeightedSide(Sequence[Profile]):
    """One agreement's profiles, each built when first read.

    `weigh` computes every vector's weights for all sides at once, as flat
    lists (`tokens`, `values`, and each profile's `bounds` in them), which is
    also what the matrix ranking reads; a `Profile` (a dict per vector, its
    concepts, its sorted words) is built only for the commitments whose
    matches are explained.
    """

    def __init__(
        self,
        analyses: Sequence[Analysis],
        tokens: list[str],
        values: list[float],
        bounds: list[int],
    ) -> None:
        self.analyses = analyses
        self.tokens, self.values, self.bounds = tokens, values, bounds
        self._built: dict[int, Profile] = {}

    def __len__(self) -> int:
        return len(self.analyses)

    def refs(self) -> list[str]:
        """Every profile's ref, without building the profiles."""
        return [analysis.ref for analysis in self.analyses]

    @overload
    def __getitem__(self, index: int) -> Profile: ...

    @overload
    def __getitem__(self, index: slice) -> list[Profile]: ...

    def __getitem__(self, index: int | slice) -> Profile | list[Profile]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        found = self._built.get(index)
        if found is None:
            found = self._built[index] = self._profile(index)
        return found

    def _profile(self, index: int) -> Profile:
        analysis = self.analyses[index]
        start, end = self.bounds[index], self.bounds[index + 1]
        vector = dict(zip(self.tokens[start:end], self.values[start:end], strict=True))
        # Concept tokens follow the words in `Analysis.tokens`; the topics are
        # read off the analysis rather than by testing every token's prefix.
        concepts = {
            topic: vector[token]
            for topic in sorted(analysis.concept_surfaces)
            if (token := CONCEPT_TOKEN + topic) in vector
        }
        return Profile(
            ref=analysis.ref,
            words=tuple(sorted(analysis.word_surfaces)),
            word_surfaces=analysis.word_surfaces,
            concepts=concepts,
            concept_surfaces=analysis.concept_surfaces,
            vector=vector,
        )


def refs(profiles: Sequence[Profile]) -> list[str]:
    """The profiles' refs, in order (a `WeightedSide` builds none of them for it)."""
    if isinstance(profiles, WeightedSide):
        return profiles.refs()
    return [profile.ref for profile in profiles]


def weigh(
    sides: Sequence[Sequence[Analysis]], topic_weights: dict[str, float] | None = None
) -> list[WeightedSide]:
    """Profiles of every side, weighted and length-normalised over all sides together.

    A token weighs its idf over the commitments of every side (times
    `PHRASE_WORD_FACTOR` for a word met only inside lexicon phrases; tokens
    weighing nothing are dropped); a vector is divided by its pivoted length,
    `(1 - LENGTH_SLOPE) × the mean length + LENGTH_SLOPE × its own length`.
    The per-token work runs as C-level loops over flat lists.
    """
    analyses = [analysis for side in sides for analysis in side]
    token_lists = [analysis.tokens() for analysis in analyses]
    tokens = list(chain.from_iterable(token_lists))
    # Each token's document frequency: a text names a token once.
    weights = token_weights(Counter(tokens), len(analyses), topic_weights)
    raw = list(map(weights.__getitem__, tokens))
    counts = list(map(len, token_lists))
    if PHRASE_WORD_FACTOR != 1.0:
        start = 0
        for analysis, count in zip(analyses, counts, strict=True):
            if analysis.phrase_words:
                for place in range(start, start + count):
                    if tokens[place] in analysis.phrase_words:
                        raw[place] *= PHRASE_WORD_FACTOR
            start += count
    if raw and min(raw) <= 0:  # a topic weighted 0: its token says nothing
        keep = [value > 0 for value in raw]
        counts = [sum(keep[start:end]) for start, end in pairwise([0, *accumulate(counts)])]
        tokens, raw = list(compress(tokens, keep)), list(compress(raw, keep))
    bounds = [0, *accumulate(counts)]
    lengths = [
        math.sqrt(sum(map(mul, part, part)))
        for part in (raw[start:end] for start, end in pairwise(bounds))
    ]
    nonzero = [length for length in lengths if length > 0]
    pivot = sum(nonzero) / len(nonzero) if nonzero else 1.0
    norms = [(1.0 - LENGTH_SLOPE) * pivot + LENGTH_SLOPE * length for length in lengths]
    values = list(map(truediv, raw, chain.from_iterable(map(repeat, norms, counts))))
    result: list[WeightedSide] = []
    first = 0
    for side in sides:
        last = first + len(side)
        side_bounds = bounds[first : last + 1]
        offset = side_bounds[0]
        result.append(
            WeightedSide(
                list(side),
                tokens[offset : side_bounds[-1]],
                values[offset : side_bounds[-1]],
                [bound - offset for bound in side_bounds],
            )
        )
        first = last
    return result


def build_profile(ref: str, text: str, mapper: ConceptMapper) -> Profile:
    """One text on its own (weights from it alone plus the prior): for tests and tools."""
    return weigh([[analyse(ref, text, mapper)]], mapper.weights)[0][0]
