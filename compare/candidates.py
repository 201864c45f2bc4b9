"""Stage one of matching: cheap candidate generation.

Rescoring every pair with rapidfuzz costs a Python call per pair: fine for the
bundled agreements (11 × 114 pairs), far too slow for 10,000 × 10,000. So a
cheap estimate of the score first picks, for every commitment on either side,
the few commitments of the other side that can possibly rank in its top k;
only those pairs are rescored (`compare.engine`).

The estimate is the score itself computed in float32: the concept part is a
product of the concept vectors (as many dimensions as the lexicon has topics),
the most common words a dense matrix product, and the other words are summed
through an inverted index of the other side, capped like the score. Only the
arithmetic differs (float32, off by about 1e-6 at most), so every pair whose
estimate comes within `TIE` of a commitment's k-th best is kept: that holds
every pair of its exact top k, ties included, and the exact rescoring alone
decides scores and order.

With numpy (a dependency, imported only for large inputs) the
estimate runs on blocks of rows as matrix products and one block serves both
directions, since the estimate is symmetric. Without numpy, or for small
pairs, a pure-Python inverted index makes every pair that shares a word or a
concept a candidate: exact, and quadratic only in the worst case.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import Any

from compare.profile import CONCEPT_TOKEN, Profile

TIE = 1e-4  # estimates this close to the k-th best are kept too (float32 rounding, ties)
DENSE_WORDS = 256  # the most common words, counted by a matrix product
DENSE_MIN_DF = 32
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
    np = (
        _numpy()
        if method == "blocks" or (method == "auto" and len(a) * len(b) >= NUMPY_FROM_PAIRS)
        else None
    )
    if np is not None:
        return _numpy_candidates(np, a, b, top_k)
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
    return _best_both_ways(np, a, b, topics, keep)


def _concept_matrix(np: Any, profiles: Sequence[Profile], topics: list[str]) -> Any:
    column = {topic: index for index, topic in enumerate(topics)}
    matrix = np.zeros((len(profiles), max(1, len(topics))), dtype=np.float32)
    for row, profile in enumerate(profiles):
        for topic, value in profile.concepts.items():
            matrix[row, column[topic]] = value
    return matrix


def _word_matrix(np: Any, profiles: Sequence[Profile], column: dict[str, int]) -> Any:
    matrix = np.zeros((len(profiles), max(1, len(column))), dtype=np.float32)
    for row, profile in enumerate(profiles):
        vector = profile.vector
        for word in profile.words:
            index = column.get(word)
            if index is not None:
                matrix[row, index] = vector[word]
    return matrix


def _best_both_ways(
    np: Any, a: Sequence[Profile], b: Sequence[Profile], topics: list[str], keep: int
) -> set[tuple[int, int]]:
    """Each row's `keep` best columns and each column's `keep` best rows (estimate > 0).

    The estimate is symmetric, so one matrix per block of rows serves both
    directions: rows are cut at once; for columns each block gives the
    entries that rank in its own best `keep` of their column (a pair in a
    column's best `keep` overall is in its block's best `keep`), and one
    selection over all blocks cuts them at the end.
    """
    n_b = len(b)
    keep_cols, keep_rows = min(keep, n_b), min(keep, len(a))
    found_rows: list[Any] = []
    found_cols: list[Any] = []
    found_values: list[Any] = []
    postings = _postings(b)
    # The most common words are counted by a dense matrix product (their
    # posting lists are most of the work), the rest through the index.
    words = sorted(
        (
            w
            for w, docs in postings.items()
            if not w.startswith(CONCEPT_TOKEN) and len(docs) >= max(DENSE_MIN_DF, n_b // 200)
        ),
        key=lambda w: -len(postings[w]),
    )[:DENSE_WORDS]
    dense = {word: index for index, word in enumerate(words)}
    sparse = {
        word: (
            np.array(docs, dtype=np.int64),
            np.array([b[j].vector[word] for j in docs], dtype=np.float64),
        )
        for word, docs in postings.items()
        if not word.startswith(CONCEPT_TOKEN) and word not in dense
    }
    qa, qb_t = _concept_matrix(np, a, topics), _concept_matrix(np, b, topics).T.copy()
    wa, wb_t = _word_matrix(np, a, dense), _word_matrix(np, b, dense).T.copy()
    pairs: set[tuple[int, int]] = set()
    block = max(1, BLOCK_CELLS // n_b)
    for start in range(0, len(a), block):
        stop = min(len(a), start + block)
        estimate = qa[start:stop] @ qb_t
        estimate += wa[start:stop] @ wb_t
        parts = [
            (sparse[word], (row - start) * n_b, a[row].vector[word])
            for row in range(start, stop)
            for word in a[row].words
            if word in sparse
        ]
        if parts:
            sizes = np.fromiter((len(docs) for (docs, _), _, _ in parts), np.int64, len(parts))
            offsets = np.repeat(
                np.fromiter((offset for _, offset, _ in parts), np.int64, len(parts)), sizes
            )
            mine = np.repeat(np.fromiter((w for _, _, w in parts), np.float64, len(parts)), sizes)
            cells = np.concatenate([docs for (docs, _), _, _ in parts]) + offsets
            theirs = np.concatenate([weights for (_, weights), _, _ in parts])
            sums = np.bincount(cells, weights=mine * theirs, minlength=(stop - start) * n_b)
            estimate += sums.reshape(stop - start, n_b).astype(np.float32)
        # The score is capped at 100: pairs past the cap tie, and ties break on position.
        np.minimum(estimate, 1.0, out=estimate)
        pairs.update(_chosen(np, estimate, keep_cols, start))
        rows, cols = _column_best(np, estimate, keep_rows)
        found_rows.append(rows + start)
        found_cols.append(cols)
        found_values.append(estimate[rows, cols])
    if found_rows:
        cols, _, rows = _top_per_group(
            np,
            np.concatenate(found_cols),
            np.concatenate(found_values),
            np.concatenate(found_rows),
            n_b,
            keep_rows,
        )
        pairs.update(zip(rows.tolist(), cols.tolist(), strict=True))
    return pairs


def _column_best(np: Any, estimate: Any, keep: int) -> tuple[Any, Any]:
    """(row, column) of each column's `keep` best estimates above zero, ties included."""
    # Partitioned along contiguous memory: a strided partition is several times slower.
    columns = np.ascontiguousarray(estimate.T)
    n_rows = columns.shape[1]
    if keep < n_rows:
        kth = np.partition(columns, n_rows - keep, axis=1)[:, n_rows - keep]
        cols, rows = np.nonzero((columns >= (kth - TIE)[:, None]) & (columns > 0))
    else:
        cols, rows = np.nonzero(columns > 0)
    return rows, cols


def _top_per_group(
    np: Any, groups: Any, values: Any, other: Any, n_groups: int, keep: int
) -> tuple[Any, Any, Any]:
    """Entries (group, value, other) that rank in their group's best `keep`, ties kept."""
    if len(groups) == 0:
        return groups, values, other
    order = np.lexsort((-values, groups))
    groups, values, other = groups[order], values[order], other[order]
    first = np.searchsorted(groups, np.arange(n_groups))
    rank = np.arange(len(groups)) - first[groups]
    last = first + keep - 1
    counts = np.bincount(groups, minlength=n_groups)
    kth = np.where(counts >= keep, values[np.minimum(last, len(values) - 1)], -np.inf)
    chosen = (rank < keep) | (values >= kth[groups] - TIE)
    return groups[chosen], values[chosen], other[chosen]


def _chosen(np: Any, estimate: Any, keep: int, start: int) -> list[tuple[int, int]]:
    """(row, column) of each row's `keep` best estimates above zero, ties included.

    The `keep`-th best of each row comes from a partial sort (C, linear);
    every entry at or above it, less `TIE`, is chosen.
    """
    n_cols = estimate.shape[1]
    if keep < n_cols:
        kth = np.partition(estimate, n_cols - keep, axis=1)[:, n_cols - keep]
        rows, cols = np.nonzero((estimate >= (kth - TIE)[:, None]) & (estimate > 0))
    else:
        rows, cols = np.nonzero(estimate > 0)
    return list(zip((rows + start).tolist(), cols.tolist(), strict=True))
