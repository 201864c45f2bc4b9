"""Every commitment's exact top k in the other agreement, as sparse matrix products.

A pair's score is `min(100, 100 × words + 100 × concepts)`, where `words` and
`concepts` are sums of products over the two vectors' shared tokens, added in
sorted token order (`compare.scoring.shared_parts`). Written as matrices,
`words` is the product of the two sides' word matrices and `concepts` that of
their concept matrices. scipy's CSR product adds each cell's terms in the order
of the left row's column indices, starting from zero, and multiplies the same
two weights; with columns numbered in sorted token order every cell is the
same sum, term for term, as `shared_parts` computes in Python: the scores are
those of `compare.scoring.score`, to the last bit, for every pair at once.

So there is no candidate stage and nothing to rescore: each block of rows of A
is scored against the whole of B, its rows' best k are taken at once, and its
columns' best k within the block are kept for one selection over all blocks at
the end. Ties break on position in the agreement, as `compare.engine` ranks.
Blocks run on two threads where there are two cores: scipy's products and
numpy's partitions release the GIL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from compare.profile import CONCEPT_TOKEN, Profile

Ranking = list[list[tuple[int, float]]]

# Rows × columns scored at once: a float64 block and its temporaries stay
# within about 100 MB, twice that with two threads.
BLOCK_CELLS = 2_000_000


def available() -> bool:
    """Whether numpy and scipy are there (both are dependencies; a broken install falls back)."""
    try:
        import numpy  # noqa: F401
        import scipy.sparse  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:  # pragma: no cover - both are declared dependencies
        return False
    return True


def _columns(a: Sequence[Profile], b: Sequence[Profile]) -> tuple[dict[str, int], int, int]:
    """Every token's column: the words first, then the concepts, each in sorted token
    order; and how many words and concepts there are."""
    words: set[str] = set()
    concepts: set[str] = set()
    for profile in (*a, *b):
        for token in profile.vector:
            (concepts if token.startswith(CONCEPT_TOKEN) else words).add(token)
    ordered = [*sorted(words), *sorted(concepts)]
    return {token: index for index, token in enumerate(ordered)}, len(words), len(concepts)


def _matrices(
    np: Any,
    sparse: Any,
    profiles: Sequence[Profile],
    columns: dict[str, int],
    offset: int,
    n_concepts: int,
) -> tuple[Any, Any]:
    """The profiles' word matrix and concept matrix (CSR, float64, sorted columns);
    `columns` numbers the words below `offset`, the concepts from it."""
    lengths = np.fromiter((len(p.vector) for p in profiles), dtype=np.int64, count=len(profiles))
    total = int(lengths.sum())
    indices = np.fromiter(
        (columns[token] for p in profiles for token in p.vector), dtype=np.int64, count=total
    )
    values = np.fromiter(
        (value for p in profiles for value in p.vector.values()), dtype=np.float64, count=total
    )
    pointers = np.zeros(len(profiles) + 1, dtype=np.int64)
    np.cumsum(lengths, out=pointers[1:])
    both = sparse.csr_matrix(
        (values, indices, pointers), shape=(len(profiles), max(1, offset + n_concepts))
    )
    # Each row in sorted token order: the order `shared_parts` adds in.
    both.sort_indices()
    rows = np.repeat(np.arange(len(profiles)), lengths)
    built = []
    for keep, start, width in (
        (both.indices < offset, 0, offset),
        (both.indices >= offset, offset, n_concepts),
    ):
        counts = np.bincount(rows[keep], minlength=len(profiles))
        part_pointers = np.zeros(len(profiles) + 1, dtype=np.int64)
        np.cumsum(counts, out=part_pointers[1:])
        built.append(
            sparse.csr_matrix(
                (both.data[keep], both.indices[keep] - start, part_pointers),
                shape=(len(profiles), max(1, width)),
            )
        )
    return built[0], built[1]


def _best_per_group(
    np: Any, groups: Any, others: Any, values: Any, n_groups: int, keep: int
) -> Ranking:
    """Each group's `keep` best (other, value), best first; ties go to the lower `other`."""
    order = np.lexsort((others, -values, groups))
    groups, others, values = groups[order], others[order], values[order]
    first = np.searchsorted(groups, np.arange(n_groups))
    chosen = (np.arange(len(groups)) - first[groups]) < keep
    groups, others, values = groups[chosen], others[chosen], values[chosen]
    ranking: Ranking = [[] for _ in range(n_groups)]
    for group, other, value in zip(groups.tolist(), others.tolist(), values.tolist(), strict=True):
        ranking[group].append((other, value))
    return ranking


def _at_or_above_kth(np: Any, scores: Any, keep: int, spare: Any) -> tuple[Any, Any, Any]:
    """(row, column) of every positive entry at or above its row's `keep`-th best,
    and each row's `keep` best values (unordered; None when a row has no more).

    `spare` is a buffer of the scores' shape, partitioned in place.
    """
    n_cols = scores.shape[1]
    # The smallest positive float: entries at zero (sharing nothing) never rank.
    floor = np.nextafter(0.0, 1.0)
    if keep < n_cols:
        np.copyto(spare, scores)
        spare.partition(n_cols - keep, axis=1)
        best = spare[:, n_cols - keep :].copy()
        kth = np.maximum(best.min(axis=1), floor)
        rows, cols = np.nonzero(scores >= kth[:, None])
        return rows, cols, best
    rows, cols = np.nonzero(scores >= floor)
    return rows, cols, None


class _Buffers(threading.local):
    """Each thread's block buffers, reused from block to block.

    Fresh arrays of this size come from the system as untouched pages, and
    faulting them in block after block cost a sixth of the time.
    """

    def get(self, np: Any, name: str, shape: tuple[int, int]) -> Any:
        found = getattr(self, name, None)
        if found is None or found.shape != shape:
            found = np.empty(shape, dtype=np.float64)
            setattr(self, name, found)
        return found


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

    columns, n_words, n_concepts = _columns(a, b)
    words_a, concepts_a = _matrices(np, sparse, a, columns, n_words, n_concepts)
    words_b, concepts_b = _matrices(np, sparse, b, columns, n_words, n_concepts)
    words_bt, concepts_bt = words_b.T.tocsr(), concepts_b.T.tocsr()
    n_a, n_b = len(a), len(b)
    keep_cols, keep_rows = min(top_k, n_b), min(top_k, n_a)
    block = max(1, block_cells // n_b)

    buffers = _Buffers()

    def score_block(start: int) -> tuple[Any, ...]:
        stop = min(n_a, start + block)
        shape = (stop - start, n_b)
        scores = (words_a[start:stop] @ words_bt).toarray(out=buffers.get(np, "scores", shape))
        scores *= 100.0
        concept_part = (concepts_a[start:stop] @ concepts_bt).toarray(
            out=buffers.get(np, "concepts", shape)
        )
        concept_part *= 100.0
        scores += concept_part
        # The score is capped at 100: pairs past the cap tie, and ties break on position.
        np.minimum(scores, 100.0, out=scores)
        rows, cols, _ = _at_or_above_kth(np, scores, keep_cols, concept_part)
        row_values = scores[rows, cols]
        # Partitioned along contiguous memory: a strided partition is several times slower.
        columns = buffers.get(np, "columns", (n_b, stop - start))
        np.copyto(columns, scores.T)
        col_cols, col_rows, col_best = _at_or_above_kth(
            np, columns, keep_rows, buffers.get(np, "spare", columns.shape)
        )
        col_values = columns[col_cols, col_rows]
        return rows + start, cols, row_values, col_cols, col_rows + start, col_values, col_best

    starts = range(0, n_a, block)
    workers = threads if threads is not None else min(2, os.cpu_count() or 1)
    if workers > 1 and len(starts) > 1:
        with ThreadPoolExecutor(workers) as pool:
            parts = list(pool.map(score_block, starts))
    else:
        parts = [score_block(start) for start in starts]

    def joined(index: int) -> Any:
        return np.concatenate([part[index] for part in parts])

    forward = _best_per_group(np, joined(0), joined(1), joined(2), n_a, keep_cols)
    col_cols, col_rows, col_values = joined(3), joined(4), joined(5)
    bests = [part[6] for part in parts if part[6] is not None]
    if len(bests) > 1:
        # Every block kept its columns' best and their ties; only entries at or
        # above a column's k-th best over all blocks can rank in it.
        overall = np.concatenate(bests, axis=1)
        width = overall.shape[1]
        kth = np.partition(overall, width - keep_rows, axis=1)[:, width - keep_rows]
        kept = col_values >= kth[col_cols]
        col_cols, col_rows, col_values = col_cols[kept], col_rows[kept], col_values[kept]
    backward = _best_per_group(np, col_cols, col_rows, col_values, n_b, keep_rows)
    return forward, backward
