"""Candidate pairs for small agreements: every pair that shares a word or a concept.

A pair that shares nothing scores zero, so these are all the pairs that can
rank. An inverted index of one side finds them at a Python call per pair:
milliseconds for the bundled pair, quadratic only in the worst case. Large
pairs are ranked by sparse matrix products instead (`compare.exact_topk`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain

from compare.profile import Profile


def _postings(profiles: Sequence[Profile]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = {}
    for index, profile in enumerate(profiles):
        for token in profile.tokens:
            postings.setdefault(token, []).append(index)
    return postings


def candidate_pairs(a: Sequence[Profile], b: Sequence[Profile], top_k: int) -> set[tuple[int, int]]:
    """Pairs (index in a, index in b) sharing a word or a concept: exact, quadratic at worst."""
    if not a or not b or top_k <= 0:
        return set()
    postings = _postings(b)
    pairs: set[tuple[int, int]] = set()
    for i, profile in enumerate(a):
        lists = [postings[token] for token in profile.tokens if token in postings]
        pairs.update((i, j) for j in Counter(chain.from_iterable(lists)))
    return pairs
