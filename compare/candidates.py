"""Stage one of matching: cheap candidate generation.

Rescoring every pair with rapidfuzz costs a Python call per pair: fine for the
bundled agreements (11 × 114 pairs), far too slow for 10,000 × 10,000. So a
cheap estimate of the score first picks, for every commitment on either side,
the few commitments of the other side that can possibly rank in its top k;
only those pairs are rescored (`compare.engine`).

The estimate has the same form as the score and the same parts: the concept
part is a product of the concept vectors (as many dimensions as the lexicon
has topics), the word part counts shared words through an inverted index of
the other side. Only the arithmetic differs (float32, word counts instead of
rapidfuzz), so `MARGIN` extra candidates per commitment absorb rounding and
ties; the rescoring alone decides scores and order.

With numpy (rapidfuzz's optional companion) the estimate runs on blocks of
rows as dense matrix products; without it, a pure-Python inverted index does
the same for small inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import Any

from compare.profile import CONCEPT_TOKEN, Profile
from compare.scoring import WEIGHTS

MARGIN = 4  # candidates beyond k kept per commitment: the estimate is not the score
TIE = 1e-4  # estimates this close to the cut-off are kept too (float32 rounding)
BLOCK_CELLS = 4_000_000  # rows × columns per numpy block: ~16 MB a float32 matrix

# Below this many pairs the pure-Python index is fast enough (the bundled
# pair takes milliseconds), and numpy's import would cost more than it saves.
NUMPY_FROM_PAIRS = 250_000


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is optional
        return None
    return numpy


def candidate_pairs(
    a: Sequence[Profile], b: Sequence[Profile], top_k: int, *, method: str = "auto"
) -> set[tuple[int, int]]:
    """Pairs (index in a, index in b) worth rescoring for top-`top_k` both ways.

    `method` is "index" (pure Python, every pair sharing a token), "blocks"
    (numpy estimate) or "auto" (blocks for large inputs when numpy is there).
    """
    if not a or not b or top_k <= 0:
        return set()
    np = _numpy() if method == "blocks" or (
        method == "auto" and len(a) * len(b) >= NUMPY_FROM_PAIRS
    ) else None
    if np is not None:
        return _numpy_candidates(np, a, b, top_k + MARGIN)
    return _python_candidates(a, b)


def _postings(profiles: Sequence[Profile]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = {}
    for index, profile in enumerate(profiles):
        for token in profile.tokens:
            postings.setdefault(token, []).append(index)
    return postings


def _python_candidates(a: Sequence[Profile], b: Sequence[Profile]) -> set[tuple[int, int]]:
    """Every pair sharing a word or a concept: exact, quadratic at worst."""
    postings = _postings(b)
    pairs: set[tuple[int, int]] = set()
    for i, profile in enumerate(a):
        lists = [postings[token] for token in profile.tokens if token in postings]
        pairs.update((i, j) for j in Counter(chain.from_iterable(lists)))
    return pairs


def _numpy_candidates(
    np: Any, a: Sequence[Profile], b: Sequence[Profile], keep: int
) -> set[tuple[int, int]]:
    topics = sorted({topic for p in (*a, *b) for topic in p.concepts})
    forward = _best_columns(np, a, b, topics, keep)
    backward = _best_columns(np, b, a, topics, keep)
    return forward | {(i, j) for j, i in backward}


def _concept_matrix(np: Any, profiles: Sequence[Profile], topics: list[str]) -> Any:
    column = {topic: index for index, topic in enumerate(topics)}
    matrix = np.zeros((len(profiles), max(1, len(topics))), dtype=np.float32)
    for row, profile in enumerate(profiles):
        for topic, value in profile.concepts.items():
            matrix[row, column[topic]] = value
    return matrix


def _best_columns(
    np: Any, a: Sequence[Profile], b: Sequence[Profile], topics: list[str], keep: int
) -> set[tuple[int, int]]:
    """For each row of `a`, the `keep` columns of `b` with the best estimate above 0."""
    qa, qb_t = _concept_matrix(np, a, topics), _concept_matrix(np, b, topics).T.copy()
    la = np.array([len(p.words) for p in a], dtype=np.float32)
    lb = np.array([len(p.words) for p in b], dtype=np.float32)
    postings = {
        word: np.array(docs, dtype=np.int64)
        for word, docs in _postings(b).items()
        if not word.startswith(CONCEPT_TOKEN)
    }
    n_b = len(b)
    keep = min(keep, n_b)
    pairs: set[tuple[int, int]] = set()
    block = max(1, BLOCK_CELLS // n_b)
    concept_weight = np.float32(WEIGHTS["concepts"])
    word_weight = np.float32(2.0 * WEIGHTS["words"])
    for start in range(0, len(a), block):
        stop = min(len(a), start + block)
        estimate = qa[start:stop] @ qb_t
        estimate *= concept_weight
        parts = [
            (postings[word], (row - start) * n_b)
            for row in range(start, stop)
            for word in a[row].words
            if word in postings
        ]
        if parts:
            offsets = np.repeat(
                np.fromiter((offset for _, offset in parts), dtype=np.int64, count=len(parts)),
                np.fromiter((len(docs) for docs, _ in parts), dtype=np.int64, count=len(parts)),
            )
            cells = np.concatenate([docs for docs, _ in parts]) + offsets
            counts = np.bincount(cells, minlength=(stop - start) * n_b)
            shared = counts.reshape(stop - start, n_b).astype(np.float32)
            lengths = la[start:stop, None] + lb[None, :]
            np.maximum(lengths, 1.0, out=lengths)
            shared *= word_weight
            shared /= lengths
            estimate += shared
        if keep < n_b:
            # The keep-th best estimate of each row; every column within a
            # rounding error of it stays, so ties are never cut arbitrarily.
            kth = -np.partition(-estimate, keep - 1, axis=1)[:, keep - 1]
            chosen = (estimate >= (kth - TIE)[:, None]) & (estimate > 0)
        else:
            chosen = estimate > 0
        rows, cols = np.nonzero(chosen)
        pairs.update(zip((rows + start).tolist(), cols.tolist(), strict=True))
    return pairs
