"""Properties of the score: symmetric, within 0–100, monotone in shared evidence."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.lexicon import mapper
from compare.profile import Profile, analyse, weigh
from compare.scoring import breakdown, score
from store.agreements.loader import load_corpus
from store.agreements.model import Lexicon

LEXICON: Lexicon = load_corpus(Path(__file__).resolve().parents[2] / "agreements").corpus.lexicon
PHRASES = [
    "TVET",
    "vocational education",
    "apprenticeships",
    "work-based learning",
    "skills",
    "labour market information",
    "LMIS",
    "green jobs",
    "digitalisation",
    "fisheries",
    "young people",
    "care workers",
    "social dialogue",
    "pay transparency",
    "salary",
    "children",
    "policy",
    "country",
    "tools",
    "research",
    "inclusive",
    "workers",
    "the",
    "and",
    "reform",
    "statistics",
    "networks",
    "women",
]
TEXT = st.lists(st.sampled_from(PHRASES), max_size=10).map(" ".join)
# Words in no lexicon phrase and no stop word: adding one to both texts adds
# exactly one shared word and nothing else.
NEW_WORD = st.text(alphabet="bcdfghjkmpqvwxz", min_size=6, max_size=9)


def profiles(texts_a: list[str], texts_b: list[str]) -> tuple[list[Profile], list[Profile]]:
    concept_mapper = mapper(LEXICON)
    sides = [
        [analyse(f"{name}/{i}", text, concept_mapper) for i, text in enumerate(texts)]
        for name, texts in (("a", texts_a), ("b", texts_b))
    ]
    a, b = weigh(sides, concept_mapper.weights)
    return a, b


@settings(max_examples=80, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6), st.lists(TEXT, min_size=1, max_size=6))
def test_symmetric_and_within_0_100(texts_a: list[str], texts_b: list[str]) -> None:
    a, b = profiles(texts_a, texts_b)
    for p in a:
        for q in b:
            value = score(p, q)
            assert 0.0 <= value <= 100.0
            assert value == score(q, p)
            parts = breakdown(p, q)
            assert parts["words"] + parts["concepts"] == value


@settings(max_examples=80, deadline=None)
@given(TEXT, TEXT, st.lists(TEXT, max_size=5), NEW_WORD)
def test_monotone_when_both_share_one_more_word(
    one: str, two: str, others: list[str], word: str
) -> None:
    a, b = profiles([one, *others], [two])
    before = score(a[0], b[0])
    a2, b2 = profiles([f"{one} {word}", *others], [f"{two} {word}"])
    after = score(a2[0], b2[0])
    assert after >= before - 1e-9
    assert after > 0


def test_an_identical_text_scores_more_than_a_partial_one() -> None:
    a, b = profiles(
        ["strengthen vocational education and apprenticeships"],
        ["strengthen vocational education and apprenticeships", "strengthen apprenticeships"],
    )
    assert score(a[0], b[0]) > score(a[0], b[1]) > 0
