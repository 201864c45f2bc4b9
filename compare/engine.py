"""Matching two agreements: top-k counterparts in both directions.

Two steps. Ranking: every commitment's best k in the other agreement, by
exact score; large pairs by matrix products (`compare.matrix_topk`), small
ones through an inverted index (`compare.candidates`), whose start-up costs
nothing. Explaining: a ranked pair is explained when its match is first read
(`compare.results.LazyMatches`), once for both directions, since a pair's
evidence is the same both ways: a reviewer reads a few, `accord match` one
direction, a cached result all of them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from compare import cache, matrix_topk
from compare.candidates import candidate_pairs
from compare.explain import Evidence, evidence, match_from_evidence
from compare.lexicon import mapper
from compare.profile import Analysis, Profile, WeightedSide, analyse_agreement, refs, weigh
from compare.results import LazyMatches, Match, PairMatches, Ranking
from compare.scoring import COUNTERPART_THRESHOLD, score
from store import forked
from store.agreements.model import Agreement, Lexicon

# From this many pairs on, matrix products rank faster than the index (whose
# cost is a Python call per pair sharing a word); below it, scipy's import
# would cost more than it saves. The bundled pair has 1,254 pairs, a corpus
# of 100-commitment agreements 10,000 per pair.
MATRIX_FROM_PAIRS = 5_000
# From this many commitments in a pair on, the two agreements are analysed at
# once, one in a child process (`store.forked`, only where forking is safe):
# a fork and the pickle back cost a few milliseconds per thousand.
ANALYSE_APART_FROM = 4_000


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
) -> tuple[WeightedSide, WeightedSide]:
    """Profiles of both agreements, weighted over the commitments of the two."""
    concept_mapper = mapper(lexicon)
    if len(a) + len(b) >= ANALYSE_APART_FROM:

        def analyse_a() -> list[Analysis]:
            found = analyse_agreement(a, concept_mapper)
            if len(a) * len(b) >= MATRIX_FROM_PAIRS:
                # numpy and scipy load while the child finishes B (a tenth of a second).
                matrix_topk.available()
            return found

        side_a, plain_b = forked.both(
            analyse_a,
            # Plain tuples cross the pipe three times faster than the dataclass.
            lambda: [
                (x.ref, x.word_surfaces, x.concept_surfaces, x.phrase_words)
                for x in analyse_agreement(b, concept_mapper)
            ],
        )
        side_b = [Analysis(*fields) for fields in plain_b]
    else:
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

    Only pairs scoring above zero (sharing a word or a concept) are returned;
    exactly what exhaustive scoring with `compare.scoring.score` ranks.
    `method` is "index", "matrix" or "auto" (matrix products for large pairs).
    """
    if method == "matrix" or (
        method == "auto" and len(a) * len(b) >= MATRIX_FROM_PAIRS and matrix_topk.available()
    ):
        return matrix_topk.top_k_both_ways(a, b, top_k)
    forward: dict[int, list[tuple[int, float]]] = {}
    backward: dict[int, list[tuple[int, float]]] = {}
    for i, j in candidate_pairs(a, b, top_k):
        value = score(a[i], b[j])
        if value > 0:
            forward.setdefault(i, []).append((j, value))
            backward.setdefault(j, []).append((i, value))
    return _rank(forward, len(a), top_k), _rank(backward, len(b), top_k)


def compute_pair(a: Agreement, b: Agreement, lexicon: Lexicon, top_k: int) -> PairMatches:
    with gc_paused():
        pa, pb = pair_profiles(a, b, lexicon)
        return _explained(a, b, pa, pb, top_matches(pa, pb, top_k), top_k)


class _Explainer:
    """The matches of the ranked pairs, each pair's evidence found once for both
    directions; its score is the ranking's, to the last bit."""

    def __init__(self, pa: Sequence[Profile], pb: Sequence[Profile]) -> None:
        self.pa, self.pb = pa, pb
        self.found: dict[tuple[int, int], Evidence] = {}

    def _evidence(self, i: int, j: int) -> Evidence:
        found = self.found.get((i, j))
        if found is None:
            found = self.found[i, j] = evidence(self.pa[i], self.pb[j])
        return found

    def forward(self, i: int, ranked: list[tuple[int, float]]) -> tuple[Match, ...]:
        query = self.pa[i]
        return tuple(
            match_from_evidence(query, self.pb[j], self._evidence(i, j)) for j, _ in ranked
        )

    def backward(self, j: int, ranked: list[tuple[int, float]]) -> tuple[Match, ...]:
        query = self.pb[j]
        return tuple(
            match_from_evidence(query, self.pa[i], self._evidence(i, j)) for i, _ in ranked
        )


def _explained(
    a: Agreement,
    b: Agreement,
    pa: Sequence[Profile],
    pb: Sequence[Profile],
    rankings: tuple[Ranking, Ranking],
    top_k: int,
) -> PairMatches:
    forward_ranking, backward_ranking = rankings
    explainer = _Explainer(pa, pb)
    return PairMatches(
        a_id=a.id,
        b_id=b.id,
        forward=LazyMatches(refs(pa), forward_ranking, explainer.forward),
        backward=LazyMatches(refs(pb), backward_ranking, explainer.backward),
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

    The rankings are cached on disk, keyed by the bytes of both agreement files
    and the lexicon file and by the engine version, so reopening a pair skips
    the ranking and any edit recomputes it; the matches are explained from the
    profiles when read.
    """
    top_k = max(0, int(top_k))
    with gc_paused():
        pa, pb = pair_profiles(a, b, lexicon)
        key = cache.cache_key(a, b, lexicon, top_k) if use_cache else None
        rankings = cache.load(key, len(pa), len(pb)) if key else None
        if rankings is None:
            rankings = top_matches(pa, pb, top_k)
            if key:
                cache.store(key, *rankings)
        return _explained(a, b, pa, pb, rankings, top_k).filtered(min_score)
