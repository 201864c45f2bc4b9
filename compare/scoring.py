"""The score of a pair of commitments, 0–100, and its parts.

    score = 100 × (WEIGHTS["concepts"] × concept similarity
                   + WEIGHTS["words"] × word similarity)

- **concept similarity**: cosine of the two concept vectors. A vector holds
  every lexicon topic that the text names (through a term, a synonym or an
  abbreviation), that its area heading names, or that its maintainer declared
  in `topics`, weighted by the lexicon's `weight` and damped repetition.
- **word similarity**: rapidfuzz's normalised Indel similarity of the two
  sorted sets of content-word keys, which is their Dice coefficient
  (2·shared / (words in A + words in B)). Stop words, party names and
  boilerplate are gone before this point; lexicon phrases count as concepts,
  not words.

The weights and `COUNTERPART_THRESHOLD` were chosen on the labelled pairs in
`tests/data/eval_pairs.toml` by `benchmarks/quality.py --tune`: a grid over
the concept weight (steps of 0.05) keeps the weight with the best mean
reciprocal rank, preferring the middle of a plateau of equal MRR to its edge,
then the best share of labelled counterparts above the threshold; the
threshold is the highest score of any labelled non-counterpart (including
every fishing, maritime and Ukraine commitment against every ETF commitment)
plus a safety margin of 2.5, rounded up to a whole number.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel

from compare.profile import Profile

# Re-run `python3 benchmarks/quality.py --tune` after changing the lexicon,
# the stop words or the profile, and copy its result here.
WEIGHTS: dict[str, float] = {"concepts": 0.55, "words": 0.45}
COUNTERPART_THRESHOLD: float = 21.0


def concept_similarity(a: Profile, b: Profile) -> float:
    small, large = (
        (a.concepts, b.concepts)
        if len(a.concepts) <= len(b.concepts)
        else (
            b.concepts,
            a.concepts,
        )
    )
    return sum(value * large[topic] for topic, value in small.items() if topic in large)


def word_similarity(a: Profile, b: Profile) -> float:
    if not a.words or not b.words:
        return 0.0
    return float(Indel.normalized_similarity(a.words, b.words))


def combine(concepts: float, words: float) -> float:
    return 100.0 * (WEIGHTS["concepts"] * concepts + WEIGHTS["words"] * words)


def score(a: Profile, b: Profile) -> float:
    return combine(concept_similarity(a, b), word_similarity(a, b))


def parts(concepts: float, words: float) -> dict[str, float]:
    """Each part's share of the score (they add up to it) and its raw similarity."""
    return {
        "concepts": round(100.0 * WEIGHTS["concepts"] * concepts, 2),
        "words": round(100.0 * WEIGHTS["words"] * words, 2),
        "concept_similarity": round(concepts, 4),
        "word_similarity": round(words, 4),
    }


def breakdown(a: Profile, b: Profile) -> dict[str, float]:
    return parts(concept_similarity(a, b), word_similarity(a, b))
