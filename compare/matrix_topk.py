"""Every commitment's exact top k in the other agreement, by matrix products.

Two passes. The first scores every pair at once in float32: the common words
and every concept as a dense product (BLAS), the other words as a sparse one,
capped at 100 as the score is. It is not exact, but its error is bounded:
each cell is a sum of at most `n` non-negative products, each weight rounded
once to float32, one side scaled once to points and the two parts added
once, so it lies within `(n + 8) · 2⁻²⁴` times its sum of terms of the exact
dot product (Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1),
and the sum of terms is at most the product of the two vectors' lengths
(Cauchy–Schwarz). Capping moves no two values further apart. So a row's
cells are all within `E = (n + 8) · 2⁻²⁴ · 100 · |a| · max |b|` points (with
some slack) of their exact scores, and a column's within the same with the
roles swapped.

Every pair whose exact score is among a row's k best then has an approximate
score within `2E` of the row's k-th best approximate score: at most k − 1
pairs score strictly above the exact k-th best `T`, so the approximate k-th
best is at most `T + E`, and each of the exact k best is at least `T − E`.
Those pairs are the candidates, both ways. A pair sharing nothing scores
exactly zero (every product is zero) and is never one.

The second pass scores the candidates exactly, as `compare.scoring.score`
does, to the last bit: its sum runs over the shared tokens in sorted order,
words and concepts apart. With columns numbered in sorted token order, the
element-wise product of two rows keeps that order, and scipy's CSR
matrix-vector product adds a row's terms in that order from zero; multiplying
by a vector of ones is exact. The candidates are then ranked, ties on
position: the result is exhaustive scoring's.

Each block of rows of A is scored against the whole of B: its rows'
candidates at once, its columns' best values kept for one threshold over all
blocks at the end. Blocks run on two threads where there are two cores, BLAS
on one thread each: BLAS, scipy's products and numpy's partitions release the
GIL, and BLAS's own threads would spin against the other block's work.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from itertools import accumulate, chain
from typing import Any

from compare.profile import CONCEPT_TOKEN, Profile, WeightedSide
from compare.results import Ranking

# Rows × columns scored at once: each thread's float32 block and its two
# working copies stay within about 25 MB.
BLOCK_CELLS = 2_000_000

# A word goes into the dense product when the shares of the two sides' texts
# that use it multiply to at least this: one dense column costs a BLAS pass
# over every pair, one sparse word a scipy step per pair that shares it. At
# 10,000 × 10,000 this keeps 150-300 words dense (0.002 was fastest of 0.001-0.005
# on both generators of benchmarks/scale.py, with the blocks on two threads).
DENSE_FROM_SHARE = 0.002
# At most this many dense columns, however long the texts: memory and the
# error bound both grow with it.
MAX_DENSE = 1024

UNIT_ROUNDOFF = 2.0**-24  # float32
# The smallest value a candidate may have: pairs at zero share nothing.
FLOOR = 1e-30


def available() -> bool:
    """Whether numpy and scipy are there (both are dependencies; a broken install falls back)."""
    # BLAS runs on one thread per block (the blocks run on two). Where numpy is
    # not loaded yet, BLAS then starts no threads of its own either, and the
    # process, back on one thread once the blocks are done, may still fork
    # (`store.forked`).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Transparent huge pages for numpy's large arrays cost more than they save
    # here: the blocks' temporaries live briefly, and each huge page is zeroed
    # whole on first touch.
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    try:
        import numpy  # noqa: F401
        import scipy.sparse  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:  # pragma: no cover - both are declared dependencies
        return False
    return True


@cache
def _blas_threads() -> Any:
    """threadpoolctl's view of the BLAS libraries numpy and scipy loaded (found once:
    finding them takes a fifth of a millisecond, setting them a hundredth)."""
    try:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return ThreadpoolController()


@contextmanager
def _blas_on_one_thread() -> Iterator[None]:
    """BLAS on the calling thread alone: its own threads would spin against the other
    block's work, or burn a core each on a corpus pair's small products."""
    controller = _blas_threads()
    if controller is None:  # pragma: no cover - a declared dependency
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


def _flat(profiles: Sequence[Profile]) -> tuple[list[str], list[float], list[int]]:
    """The vectors' tokens and values one after the other, and where each vector starts
    (and the last ends); read straight from a `WeightedSide`, which holds them so."""
    if isinstance(profiles, WeightedSide):
        return profiles.tokens, profiles.values, profiles.bounds
    vectors = [profile.vector for profile in profiles]
    return (
        list(chain.from_iterable(vectors)),
        list(chain.from_iterable(vector.values() for vector in vectors)),
        [0, *accumulate(map(len, vectors))],
    )


def _columns(a_tokens: list[str], b_tokens: list[str]) -> tuple[dict[str, int], int]:
    """Every token's column, words then concepts, each in sorted token order; and
    how many words there are."""
    ordered = sorted({*a_tokens, *b_tokens})
    words = [token for token in ordered if not token.startswith(CONCEPT_TOKEN)]
    concepts = [token for token in ordered if token.startswith(CONCEPT_TOKEN)]
    return {token: index for index, token in enumerate((*words, *concepts))}, len(words)


def _matrix(
    np: Any, sparse: Any, flat: tuple[list[str], list[float], list[int]], columns: dict[str, int]
) -> Any:
    """The vectors as rows of a CSR matrix (float64, columns sorted in each row)."""
    tokens, values, bounds = flat
    matrix = sparse.csr_matrix(
        (
            np.array(values, dtype=np.float64),
            np.fromiter(map(columns.__getitem__, tokens), dtype=np.int32, count=len(tokens)),
            np.array(bounds, dtype=np.int64),
        ),
        shape=(len(bounds) - 1, len(columns)),
    )
    matrix.sort_indices()
    return matrix


def _split(np: Any, sparse: Any, matrix: Any, dense: Any, rare: Any, scale: float) -> Any:
    """`matrix` (float64) times `scale`, in float32: its `dense` columns as a dense
    array and its `rare` ones as a CSR matrix, each renumbered from zero.

    Built straight from the entries: a float64 dense copy of the whole would be
    twice the memory, and fresh memory is slow to come by.
    """
    place = np.full(matrix.shape[1], -1, dtype=np.int64)
    place[dense] = np.arange(len(dense))
    rare_place = np.full(matrix.shape[1], -1, dtype=np.int64)
    rare_place[rare] = np.arange(len(rare))
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    values = (matrix.data * scale).astype(np.float32)
    is_dense = place[matrix.indices] >= 0
    dense_part = np.zeros((matrix.shape[0], len(dense)), dtype=np.float32)
    dense_part[rows[is_dense], place[matrix.indices[is_dense]]] = values[is_dense]
    is_rare = rare_place[matrix.indices] >= 0
    pointers = np.zeros(matrix.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[is_rare], minlength=matrix.shape[0]), out=pointers[1:])
    rare_part = sparse.csr_matrix(
        (values[is_rare], rare_place[matrix.indices[is_rare]].astype(np.int32), pointers),
        shape=(matrix.shape[0], len(rare)),
    )
    return dense_part, rare_part


def _add_sparse(np: Any, matrix: Any, out: Any) -> None:
    """out += matrix (CSR, the shape of `out`)."""
    try:
        # scipy's own loop for toarray(), which adds into the array it is given:
        # a third of the time of numpy's indexed add.
        from scipy.sparse import _sparsetools

        _sparsetools.csr_todense(
            matrix.shape[0], matrix.shape[1], matrix.indptr, matrix.indices, matrix.data, out
        )
    except (
        ImportError,
        AttributeError,
        TypeError,
        ValueError,
    ):  # pragma: no cover - scipy moved it
        rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
        # Each (row, column) appears once in a product: no sum is lost.
        out.reshape(-1)[rows * out.shape[1] + matrix.indices] += matrix.data


class Sides:
    """Both sides as matrices: exact (float64, sorted columns) and split for the
    float32 pass into a dense part (A scaled to points) and a sparse one, with
    `row_margin` and `column_margin`, the bound `2E` for each row of A and each
    column (row of B)."""

    def __init__(self, np: Any, sparse: Any, a: Sequence[Profile], b: Sequence[Profile]):
        flat_a, flat_b = _flat(a), _flat(b)
        columns, self.n_words = _columns(flat_a[0], flat_b[0])
        self.a = _matrix(np, sparse, flat_a, columns)
        self.b = _matrix(np, sparse, flat_b, columns)
        share_a = np.bincount(self.a.indices, minlength=len(columns)) / len(a)
        share_b = np.bincount(self.b.indices, minlength=len(columns)) / len(b)
        both = share_a * share_b
        # Concepts are few and common: always dense. Then the most shared words.
        priority = both.copy()
        priority[self.n_words :] = np.inf
        order = np.argsort(-priority, kind="stable")
        wanted = int(np.count_nonzero((priority >= DENSE_FROM_SHARE) & (both > 0)))
        dense = np.sort(order[: min(wanted, MAX_DENSE)])
        rare = np.setdiff1d(np.flatnonzero(both > 0), dense, assume_unique=True)
        self.dense_a, self.rare_a = _split(np, sparse, self.a, dense, rare, 100.0)
        dense_b, rare_b = _split(np, sparse, self.b, dense, rare, 1.0)
        self.dense_bt = np.ascontiguousarray(dense_b.T)
        self.rare_bt = rare_b.T.tocsr()
        longest_rare = int(np.diff(self.rare_a.indptr).max()) if self.rare_a.nnz else 0
        terms = len(dense) + longest_rare
        # The slack covers the float64 rounding of the exact scores too.
        relative = (terms + 8) * UNIT_ROUNDOFF * 100.0 * 1.01
        length_a = np.sqrt(self.a.multiply(self.a).sum(axis=1)).A1
        length_b = np.sqrt(self.b.multiply(self.b).sum(axis=1)).A1
        self.row_margin = (2.0 * relative * length_a * length_b.max()).astype(np.float32)
        self.column_margin = (2.0 * relative * length_b * length_a.max()).astype(np.float32)

    def approximate(self, np: Any, start: int, stop: int, out: Any) -> Any:
        """The float32 scores of rows `start:stop` of A against all of B, into `out`."""
        np.matmul(self.dense_a[start:stop], self.dense_bt, out=out)
        rare = self.rare_a[start:stop] @ self.rare_bt
        if rare.nnz:
            _add_sparse(np, rare, out)
        np.minimum(out, np.float32(100.0), out=out)
        return out

    def exact(self, np: Any, rows: Any, cols: Any) -> Any:
        """`compare.scoring.score` of each pair (rows[i], cols[i]), to the last bit."""
        if not len(rows):
            return np.zeros(0)
        products = self.a[rows].multiply(self.b[cols]).tocsr()
        products.sort_indices()
        is_word = products.indices < self.n_words
        sums = []
        for keep in (is_word, ~is_word):
            part = products.copy()
            part.data = np.where(keep, part.data, 0.0)
            # Adding an exact zero leaves a sum as it was: each part's sum runs
            # over its own tokens, in sorted order.
            sums.append(part @ np.ones(part.shape[1]))
        words, concepts = sums
        return np.minimum(100.0, 100.0 * words + 100.0 * concepts)


class _Buffers(threading.local):
    """Each thread's block buffers, reused from block to block: fresh arrays of
    this size come from the system as untouched pages, slow to fault in."""

    def get(self, np: Any, name: str, shape: tuple[int, int]) -> Any:
        found = getattr(self, name, None)
        if found is None or found.shape != shape:
            found = np.empty(shape, dtype=np.float32)
            setattr(self, name, found)
        return found


def _candidates(
    np: Any, sides: Sides, n_a: int, n_b: int, top_k: int, threads: int, block_cells: int
) -> tuple[Any, Any]:
    """(rows, columns) of every pair that can be in a row's or a column's exact top k."""
    floor_value = np.float32(FLOOR)
    keep_cols, keep_rows = min(top_k, n_b), min(top_k, n_a)
    block = max(1, block_cells // n_b)
    buffers = _Buffers()

    def score_block(start: int) -> tuple[Any, Any, Any, Any]:
        stop = min(n_a, start + block)
        height = stop - start
        scores = sides.approximate(np, start, stop, buffers.get(np, "scores", (height, n_b)))
        # Rows: at or above each row's k-th best, less the margin.
        spare = buffers.get(np, "spare", (height, n_b))
        np.copyto(spare, scores)
        spare.partition(n_b - keep_cols, axis=1)
        row_floor = np.maximum(
            spare[:, n_b - keep_cols] - sides.row_margin[start:stop], floor_value
        )
        by_row = np.flatnonzero(scores >= row_floor[:, None])
        # Columns: each column's best within the block, kept for the threshold
        # over all blocks, and the entries that could pass it.
        columns = buffers.get(np, "columns", (n_b, height))
        np.copyto(columns, scores.T)
        if keep_rows < height:
            columns.partition(height - keep_rows, axis=1)
        best = columns[:, max(0, height - keep_rows) :].copy()
        column_floor = np.maximum(best.min(axis=1) - sides.column_margin, floor_value)
        by_column = np.flatnonzero(scores >= column_floor[None, :])
        values = scores.reshape(-1)[by_column]
        return by_row + start * n_b, by_column + start * n_b, values, best

    starts = range(0, n_a, block)
    with _blas_on_one_thread():
        if threads > 1 and len(starts) > 1:
            with ThreadPoolExecutor(threads) as pool:
                parts = list(pool.map(score_block, starts))
        else:
            parts = [score_block(start) for start in starts]
    by_row = np.concatenate([part[0] for part in parts])
    by_column = np.concatenate([part[1] for part in parts])
    values = np.concatenate([part[2] for part in parts])
    # A column's k-th best over all blocks is among the blocks' own k best.
    overall = np.concatenate([part[3] for part in parts], axis=1)
    width = overall.shape[1]
    kth = np.partition(overall, width - keep_rows, axis=1)[:, width - keep_rows]
    column = by_column % n_b
    kept = values >= np.maximum(kth[column] - sides.column_margin[column], floor_value)
    cells = np.union1d(by_row, by_column[kept])
    return cells // n_b, cells % n_b


def _best_per_group(
    np: Any, groups: Any, others: Any, values: Any, n_groups: int, keep: int
) -> Ranking:
    """Each group's `keep` best (other, value) above zero, best first; ties go to
    the lower `other`."""
    positive = values > 0
    groups, others, values = groups[positive], others[positive], values[positive]
    order = np.lexsort((others, -values, groups))
    groups, others, values = groups[order], others[order], values[order]
    first = np.searchsorted(groups, np.arange(n_groups))
    chosen = (np.arange(len(groups)) - first[groups]) < keep
    groups, others, values = groups[chosen], others[chosen], values[chosen]
    ranking: Ranking = [[] for _ in range(n_groups)]
    for group, other, value in zip(groups.tolist(), others.tolist(), values.tolist(), strict=True):
        ranking[group].append((other, value))
    return ranking


def top_k_both_ways(
    a: Sequence[Profile],
    b: Sequence[Profile],
    top_k: int,
    *,
    threads: int | None = None,
    block_cells: int = BLOCK_CELLS,
) -> tuple[Ranking, Ranking]:
    """For each profile of `a` its best (index in b, score), and the same from b to a.

    Only pairs scoring above zero are returned, best first, ties broken on
    position; exactly what exhaustive scoring with `compare.scoring.score` ranks.
    """
    if not a or not b or top_k <= 0:
        return [[] for _ in a], [[] for _ in b]
    import numpy as np
    import scipy.sparse as sparse

    sides = Sides(np, sparse, a, b)
    workers = threads if threads is not None else min(2, os.cpu_count() or 1)
    rows, cols = _candidates(np, sides, len(a), len(b), top_k, workers, block_cells)
    scores = sides.exact(np, rows, cols)
    forward = _best_per_group(np, rows, cols, scores, len(a), top_k)
    backward = _best_per_group(np, cols, rows, scores, len(b), top_k)
    return forward, backward
