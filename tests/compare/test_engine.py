"""Top-k by index and by sparse products equals the exhaustive ranking; PairMatches behaves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare import match_pair, matrix_topk, top_matches
from compare.lexicon import mapper
from compare.profile import Profile, WeightedSide, analyse, weigh
from compare.scoring import score
from store.agreements.loader import load_corpus
from store.agreements.model import Agreement, Area, Commitment, Lexicon, Party

LEXICON: Lexicon = load_corpus(Path(__file__).resolve().parents[2] / "agreements").corpus.lexicon
VOCABULARY = [
    "TVET",
    "vocational education",
    "apprenticeships",
    "skills",
    "labour market data",
    "LMIS",
    "green jobs",
    "digital transition",
    "fishing",
    "youth",
    "care work",
    "social dialogue",
    "policy",
    "country",
    "tools",
    "research",
    "data",
    "jobs",
    "inclusive",
    "workers",
    "the",
    "and",
    "support",
    "reform",
    "statistics",
    "training",
    "networks",
    "women",
    "migration",
]
TEXT = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=9).map(" ".join)
SIDE = st.lists(TEXT, max_size=12)


def pair_profiles(a_side: list[str], b_side: list[str]) -> tuple[WeightedSide, WeightedSide]:
    concept_mapper = mapper(LEXICON)
    sides = [
        [analyse(f"{name}/c{i}", text, concept_mapper) for i, text in enumerate(side)]
        for name, side in (("a", a_side), ("b", b_side))
    ]
    a, b = weigh(sides, concept_mapper.weights)
    return a, b


def exhaustive(a: Sequence[Profile], b: Sequence[Profile], k: int) -> list[list[tuple[int, float]]]:
    result = []
    for p in a:
        scored = [(j, score(p, q)) for j, q in enumerate(b)]
        scored = [item for item in scored if item[1] > 0]
        scored.sort(key=lambda item: (-item[1], item[0]))
        result.append(scored[:k])
    return result


def same(got: list[list[tuple[int, float]]], want: list[list[tuple[int, float]]]) -> bool:
    return len(got) == len(want) and all(
        [j for j, _ in g] == [j for j, _ in w]
        and all(x == y for (_, x), (_, y) in zip(g, w, strict=True))
        for g, w in zip(got, want, strict=True)
    )


@settings(max_examples=60, deadline=None)
@given(SIDE, SIDE, st.integers(min_value=1, max_value=4))
def test_top_k_equals_exhaustive_ranking(a_side: list[str], b_side: list[str], k: int) -> None:
    a, b = pair_profiles(a_side, b_side)
    for method in ("index", "matrix"):
        forward, backward = top_matches(a, b, k, method=method)
        assert same(forward, exhaustive(a, b, k)), method
        assert same(backward, exhaustive(b, a, k)), method


@settings(max_examples=60, deadline=None)
@given(
    SIDE,
    SIDE,
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=40),
    st.sampled_from([1, 2]),
)
def test_sparse_top_k_in_blocks_equals_exhaustive_ranking(
    a_side: list[str], b_side: list[str], k: int, block_cells: int, threads: int
) -> None:
    # Small blocks: columns' best are merged over many blocks, and the short
    # vocabulary makes many exact ties, which must break on position.
    a, b = pair_profiles(a_side, b_side)
    forward, backward = matrix_topk.top_k_both_ways(
        a, b, k, threads=threads, block_cells=block_cells
    )
    assert same(forward, exhaustive(a, b, k))
    assert same(backward, exhaustive(b, a, k))


TOKENS = [f"w{n:02d}" for n in range(12)] + ["@skills", "@tvet"]
# Weights from a short list make many exact ties; others make near-ties that
# float32 cannot tell apart; long vectors push pairs past the cap.
WEIGHT = st.one_of(
    st.sampled_from([0.05, 0.1, 0.25, 0.5]),
    st.floats(min_value=1e-3, max_value=1.5, allow_nan=False),
)
VECTOR = st.dictionaries(st.sampled_from(TOKENS), WEIGHT, max_size=8)


def vectors(name: str, side: list[dict[str, float]]) -> list[Profile]:
    return [
        Profile(
            f"{name}/c{i}",
            tuple(sorted(t for t in vector if not t.startswith("@"))),
            {t: t for t in vector if not t.startswith("@")},
            {t[1:]: w for t, w in vector.items() if t.startswith("@")},
            {},
            dict(sorted(vector.items())),
        )
        for i, vector in enumerate(side)
    ]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(VECTOR, min_size=1, max_size=10),
    st.lists(VECTOR, min_size=1, max_size=10),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=1, max_value=30),
    st.sampled_from([1, 2]),
)
def test_matrix_top_k_equals_exhaustive_for_any_weights(
    a_side: list[dict[str, float]],
    b_side: list[dict[str, float]],
    k: int,
    block_cells: int,
    threads: int,
) -> None:
    a, b = vectors("a", a_side), vectors("b", b_side)
    forward, backward = matrix_topk.top_k_both_ways(
        a, b, k, threads=threads, block_cells=block_cells
    )
    assert same(forward, exhaustive(a, b, k))
    assert same(backward, exhaustive(b, a, k))


@settings(max_examples=80, deadline=None)
@given(st.lists(VECTOR, min_size=1, max_size=8), st.lists(VECTOR, min_size=1, max_size=8))
def test_float32_scores_stay_within_the_stated_bound(
    a_side: list[dict[str, float]], b_side: list[dict[str, float]]
) -> None:
    # The candidates are exact only if every float32 cell is within half the
    # margin of its exact score (the margin is twice the bound).
    import numpy as np
    import scipy.sparse as sparse  # type: ignore[import-untyped]

    a, b = vectors("a", a_side), vectors("b", b_side)
    sides = matrix_topk.Sides(np, sparse, a, b)
    approx = sides.approximate(np, 0, len(a), np.empty((len(a), len(b)), dtype=np.float32))
    for i, p in enumerate(a):
        for j, q in enumerate(b):
            error = abs(float(approx[i, j]) - score(p, q))
            assert error <= float(sides.row_margin[i]) / 2
            assert error <= float(sides.column_margin[j]) / 2


def bare(ref: str, weight: float) -> Profile:
    return Profile(ref, ("skill",), {"skill": "skills"}, {}, {}, {"skill": weight})


def test_pairs_past_the_cap_tie_and_break_on_position() -> None:
    # Every pair scores 100 (the cap), whatever its uncapped product: the
    # first commitment of b must win, as exhaustive scoring ranks it.
    a = [bare(f"a/c{i}", 2.0 + i / 10) for i in range(4)]
    b = [bare(f"b/c{j}", 1.0 + j / 10) for j in range(6)]
    assert {score(p, q) for p in a for q in b} == {100.0}
    for method in ("index", "matrix"):
        forward, backward = top_matches(a, b, 1, method=method)
        assert forward == [[(0, 100.0)]] * 4, method
        assert backward == [[(0, 100.0)]] * 6, method


def tiny(agreement_id: str, texts: list[str]) -> Agreement:
    commitments = tuple(
        Commitment(f"c{i}", agreement_id, "main", text, ("p",), "will")
        for i, text in enumerate(texts)
    )
    return Agreement(
        agreement_id,
        "Tiny",
        dt.date(2026, 1, 1),
        (Party("p", "Party"),),
        (Area("main", agreement_id, "Skills", commitments),),
    )


def test_pair_matches_both_directions_and_min_score() -> None:
    a = tiny("a", ["strengthen TVET and apprenticeships", "fishing vessels inspection"])
    b = tiny(
        "b",
        [
            "vocational education and apprenticeships reform",
            "seafarers and fishing",
            "gender equality",
        ],
    )
    pair = match_pair(a, b, LEXICON, top_k=2, use_cache=False)
    assert (pair.a_id, pair.b_id) == ("a", "b")
    assert pair.matches_for("a/c0")[0].other == "b/c0"
    assert pair.matches_for("b/c1")[0].other == "a/c1"
    assert pair.matches_for("a/c0")[0].synonyms == (("TVET", "vocational education", "tvet"),)
    assert pair.matches_for("nope/x") == ()
    assert all(len(ms) <= 2 for ms in pair.forward.values())
    strict = match_pair(a, b, LEXICON, top_k=2, min_score=99.0, use_cache=False)
    assert all(not ms for ms in strict.forward.values())
    best = pair.matches_for("a/c0")[0]
    assert best.is_counterpart == (best.score >= pair.threshold)


def test_weighing_builds_profiles_only_when_read() -> None:
    # The matrix ranking reads the flat weights; a profile (dicts and all) is
    # built for a commitment only when its matches are explained.
    a, b = pair_profiles(["skills and TVET"] * 80, ["apprenticeships and skills data"] * 80)
    assert isinstance(a, WeightedSide) and not a._built
    forward, _ = top_matches(a, b, 2, method="matrix")
    assert forward[0] and not a._built and not b._built
    assert a[-1] == a[79] and a[1:3] == [a[1], a[2]] and list(a)[5] == a[5]
    assert a[0].vector and set(a[0].vector) <= set(a.tokens)


def test_a_topic_weighted_zero_leaves_the_vectors() -> None:
    concept_mapper = mapper(LEXICON)
    sides = [
        [analyse("a/c0", "TVET reform", concept_mapper)],
        [analyse("b/c0", "TVET", concept_mapper)],
    ]
    weighted = weigh(sides, {**concept_mapper.weights, "tvet": 0.0})
    assert weighted[0][0].vector and not any(t.startswith("@tvet") for t in weighted[0][0].vector)
    assert "@tvet" in weigh(sides, concept_mapper.weights)[0][0].vector
