"""Matching two agreements: top-k counterparts in both directions.

Two stages, as record-linkage tools work: `compare.candidates` picks, with a
cheap estimate, the pairs that can rank in anyone's top k; each of those is
then scored exactly (`compare.scoring`, the dot product of the two weighted
vectors) and explained (`compare.explain`). A pair's score does not
depend on the rest of either agreement, so the two directions share the
scored pairs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from compare import cache
from compare.candidates import candidate_pairs
from compare.explain import Evidence, evidence, match_from_evidence
from compare.lexicon import mapper
from compare.profile import Profile, analyse_agreement, weigh
from compare.results import PairMatches
from compare.scoring import COUNTERPART_THRESHOLD, score
from store.agreements.model import Agreement, Lexicon

Ranking = list[list[tuple[int, float]]]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for a while, as it was afterwards.

    Matching large agreements creates millions of small objects and no
    reference cycles; the collector would walk all of them again and again
    (a tenth of the time at 10,000 × 10,000) to free nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def pair_profiles(
    a: Agreement, b: Agreement, lexicon: Lexicon
) -> tuple[list[Profile], list[Profile]]:
    """Profiles of both agreements, weighted over the commitments of the two."""
    concept_mapper = mapper(lexicon)
    side_a = analyse_agreement(a, concept_mapper)
    side_b = analyse_agreement(b, concept_mapper)
    pa, pb = weigh([side_a, side_b], concept_mapper.weights)
    return pa, pb


def _rank(candidates: dict[int, list[tuple[int, float]]], size: int, top_k: int) -> Ranking:
    ranking: Ranking = []
    for index in range(size):
        found = candidates.get(index, [])
        # Ties break on position in the agreement, so results are reproducible.
        found.sort(key=lambda item: (-item[1], item[0]))
        ranking.append(found[:top_k])
    return ranking


def top_matches(
    a: Sequence[Profile], b: Sequence[Profile], top_k: int, *, method: str = "auto"
) -> tuple[Ranking, Ranking]:
    """For each profile of `a` its best (index in b, score), and the same from b to a.

    Only pairs scoring above zero (sharing a word or a concept) are returned.
    """
    forward: dict[int, list[tuple[int, float]]] = {}
    backward: dict[int, list[tuple[int, float]]] = {}
    for i, j in candidate_pairs(a, b, top_k, method=method):
        value = score(a[i], b[j])
        if value > 0:
            forward.setdefault(i, []).append((j, value))
            backward.setdefault(j, []).append((i, value))
    return _rank(forward, len(a), top_k), _rank(backward, len(b), top_k)


def compute_pair(a: Agreement, b: Agreement, lexicon: Lexicon, top_k: int) -> PairMatches:
    with gc_paused():
        return _compute_pair(a, b, lexicon, top_k)


def _compute_pair(a: Agreement, b: Agreement, lexicon: Lexicon, top_k: int) -> PairMatches:
    pa, pb = pair_profiles(a, b, lexicon)
    # One exact pass per candidate pair gives its score and its explanation,
    # for both directions (the evidence of a pair is symmetric).
    found: dict[tuple[int, int], Evidence] = {}
    forward: dict[int, list[tuple[int, float]]] = {}
    backward: dict[int, list[tuple[int, float]]] = {}
    for i, j in candidate_pairs(pa, pb, top_k):
        shared = evidence(pa[i], pb[j])
        if shared.score > 0:
            found[i, j] = shared
            forward.setdefault(i, []).append((j, shared.score))
            backward.setdefault(j, []).append((i, shared.score))
    forward_ranking = _rank(forward, len(pa), top_k)
    backward_ranking = _rank(backward, len(pb), top_k)
    return PairMatches(
        a_id=a.id,
        b_id=b.id,
        forward={
            query.ref: tuple(
                match_from_evidence(query, pb[j], found[i, j]) for j, _ in forward_ranking[i]
            )
            for i, query in enumerate(pa)
        },
        backward={
            query.ref: tuple(
                match_from_evidence(query, pa[i], found[i, j]) for i, _ in backward_ranking[j]
            )
            for j, query in enumerate(pb)
        },
        threshold=COUNTERPART_THRESHOLD,
        top_k=top_k,
    )


def match_pair(
    a: Agreement,
    b: Agreement,
    lexicon: Lexicon,
    *,
    top_k: int = 5,
    min_score: float = 0.0,
    use_cache: bool = True,
) -> PairMatches:
    """The top `top_k` matches of every commitment of `a` in `b`, and of `b` in `a`.

    Results are cached on disk, keyed by the bytes of both agreement files and
    the lexicon file and by the engine version, so reopening a pair is instant
    and any edit recomputes it.
    """
    top_k = max(0, int(top_k))
    key = cache.cache_key(a, b, lexicon, top_k) if use_cache else None
    result = cache.load(key) if key else None
    if result is None or (result.a_id, result.b_id) != (a.id, b.id):
        result = compute_pair(a, b, lexicon, top_k)
        if key:
            cache.store(key, result)
    return result.filtered(min_score)
