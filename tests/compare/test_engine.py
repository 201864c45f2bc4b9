"""Top-k by index and by sparse products equals the exhaustive ranking; PairMatches behaves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare import exact_topk, match_pair, top_matches
from compare.lexicon import mapper
from compare.profile import Profile, analyse, weigh
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


def pair_profiles(a_side: list[str], b_side: list[str]) -> tuple[list[Profile], list[Profile]]:
    concept_mapper = mapper(LEXICON)
    sides = [
        [analyse(f"{name}/c{i}", text, concept_mapper) for i, text in enumerate(side)]
        for name, side in (("a", a_side), ("b", b_side))
    ]
    a, b = weigh(sides, concept_mapper.weights)
    return a, b


def exhaustive(a: list[Profile], b: list[Profile], k: int) -> list[list[tuple[int, float]]]:
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
    for method in ("index", "sparse"):
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
    forward, backward = exact_topk.top_k_both_ways(
        a, b, k, threads=threads, block_cells=block_cells
    )
    assert same(forward, exhaustive(a, b, k))
    assert same(backward, exhaustive(b, a, k))


def bare(ref: str, weight: float) -> Profile:
    return Profile(ref, ("skill",), {"skill": "skills"}, {}, {}, {"skill": weight})


def test_pairs_past_the_cap_tie_and_break_on_position() -> None:
    # Every pair scores 100 (the cap), whatever its uncapped product: the
    # first commitment of b must win, as exhaustive scoring ranks it.
    a = [bare(f"a/c{i}", 2.0 + i / 10) for i in range(4)]
    b = [bare(f"b/c{j}", 1.0 + j / 10) for j in range(6)]
    assert {score(p, q) for p in a for q in b} == {100.0}
    for method in ("index", "sparse"):
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
