"""Word-level highlighting: opcodes in difflib's shape that rebuild both texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare import highlight
from store.agreements.loader import load_corpus
from store.agreements.model import Lexicon

LEXICON: Lexicon = load_corpus(Path(__file__).resolve().parents[2] / "agreements").corpus.lexicon

WORDS = st.sampled_from(
    [
        "TVET",
        "vocational",
        "education",
        "and",
        "the",
        "skills",
        "labour",
        "market",
        "data",
        "LMIS",
        "green",
        "digital",
        "transition",
        "fishing",
        "ILO",
        "work-based",
        "learning",
        "é",
        "ＡＩ",
        "",
        "(",
        ")",
        ",",
        ";",
        "\u202e",
        "\n",
        "  ",
        "'s",
        "x1",
    ]
)
TEXTS = st.lists(WORDS, max_size=25).map(" ".join) | st.text(max_size=60)


def rebuild(tokens, opcodes, side):  # type: ignore[no-untyped-def]
    out = []
    for _tag, i1, i2, j1, j2 in opcodes:
        out.extend(tokens[i1:i2] if side == "a" else tokens[j1:j2])
    return "".join(t.text for t in out)


@settings(max_examples=150, deadline=None)
@given(TEXTS, TEXTS)
def test_opcodes_reconstruct_both_texts(a: str, b: str) -> None:
    marks = highlight(a, b, LEXICON)
    assert "".join(t.text for t in marks.a_tokens) == a
    assert "".join(t.text for t in marks.b_tokens) == b
    assert rebuild(marks.a_tokens, marks.opcodes, "a") == a
    assert rebuild(marks.b_tokens, marks.opcodes, "b") == b
    # Contiguous, difflib-shaped, every equal block pairs shared tokens.
    i = j = 0
    for tag, i1, i2, j1, j2 in marks.opcodes:
        assert tag in {"equal", "replace", "insert", "delete"}
        assert (i1, j1) == (i, j)
        i, j = i2, j2
        if tag == "equal":
            assert i2 - i1 == j2 - j1
            assert all(t.kind != "other" for t in marks.a_tokens[i1:i2])
    assert (i, j) == (len(marks.a_tokens), len(marks.b_tokens))
    assert {t.kind for t in (*marks.a_tokens, *marks.b_tokens)} <= {"equal", "synonym", "other"}


def test_kinds_of_a_known_pair() -> None:
    marks = highlight(
        "strengthen vocational education, apprenticeships and work-based learning",
        "Promote digitalisation and greening of TVET and quality apprenticeships",
        LEXICON,
    )
    kinds = {t.text.strip(" ,"): (t.kind, t.concept) for t in marks.a_tokens}
    assert kinds["vocational education"] == ("synonym", "tvet")
    assert kinds["apprenticeships"][0] == "equal"
    assert kinds["and"] == ("other", None)
    assert kinds["strengthen"] == ("other", None)
    b_kinds = {t.text.strip(): t.kind for t in marks.b_tokens}
    assert b_kinds["TVET"] == "synonym"


@pytest.mark.parametrize(("a", "b"), [("", ""), ("", "TVET"), ("...", ""), ("!", "?")])
def test_texts_without_words(a: str, b: str) -> None:
    marks = highlight(a, b, LEXICON)
    assert rebuild(marks.a_tokens, marks.opcodes, "a") == a
    assert rebuild(marks.b_tokens, marks.opcodes, "b") == b
