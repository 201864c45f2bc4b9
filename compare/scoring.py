"""The score of a pair of commitments, 0–100, its parts, and what it means.

    score = 100 × (a.vector · b.vector)
          = words part + concepts part

Each profile is a unit-length vector over word keys and lexicon concepts,
weighted by rarity over the two agreements of the pair (`compare.profile`),
so the score is the cosine of the two commitments' evidence. It is symmetric,
stays within 0–100, grows when the two texts share one more word or concept,
and splits exactly into one term per shared token: the words part is the sum
over shared words, the concepts part the sum over shared concepts.

`BANDS` says what a score means. The cut-offs were derived on the tuning sets
(`tests/data/eval_pairs.toml` and `tests/data/paraphrase_tuning*.toml`) by
`python3 benchmarks/quality.py --tune`; the procedure is written in that
script's docstring and in docs/matching.md. `COUNTERPART_THRESHOLD` is the
floor of the "likely" band.
"""

from __future__ import annotations

from compare.profile import CONCEPT_TOKEN, Profile

# Re-run `python3 benchmarks/quality.py --tune` after changing the lexicon,
# the stop words or the profile, and copy its result here.
BANDS: tuple[tuple[str, float], ...] = (("strong", 40.0), ("likely", 16.0), ("weak", 12.0))
COUNTERPART_THRESHOLD: float = BANDS[1][1]
NO_BAND = "unlikely"


def band(score: float) -> str:
    """ "strong", "likely", "weak" or "unlikely": what a score means."""
    for name, floor in BANDS:
        if score >= floor:
            return name
    return NO_BAND


def shared_parts(a: Profile, b: Profile) -> tuple[float, float]:
    """(words, concepts): the dot product split by kind of token, each 0–1."""
    one, two = a.vector, b.vector
    words = concepts = 0.0
    # Sorted, so that (a, b) and (b, a) add the same terms in the same order
    # and the score is symmetric to the last bit.
    for token in sorted(one.keys() & two.keys()):
        product = one[token] * two[token]
        if token.startswith(CONCEPT_TOKEN):
            concepts += product
        else:
            words += product
    return words, concepts


def combine(words: float, concepts: float) -> float:
    return min(100.0, 100.0 * words + 100.0 * concepts)


def score(a: Profile, b: Profile) -> float:
    return combine(*shared_parts(a, b))


def parts(words: float, concepts: float) -> dict[str, float]:
    """Each part's share of the score: "words" + "concepts" == the score."""
    total = combine(words, concepts)
    word_part = min(100.0 * words, total)
    return {"words": word_part, "concepts": total - word_part}


def breakdown(a: Profile, b: Profile) -> dict[str, float]:
    return parts(*shared_parts(a, b))
