"""Normalisation and lexicon mapping: what matching sees in a text."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.lexicon import concepts, mapper
from compare.normalise import normalise, stem, word_key
from compare.profile import analyse, analyse_agreement
from store.agreements.loader import load_corpus
from store.agreements.model import Lexicon, Topic

BUNDLED = Path(__file__).resolve().parents[2] / "agreements"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_corpus(BUNDLED).corpus.lexicon


def test_nfkc_casefold_and_punctuation() -> None:
    assert word_key("ＴＶＥＴ") == "tvet"
    assert word_key("Straße") == word_key("STRASSE")
    assert normalise("Work-based  learning!") == normalise("work based learning")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("digitalisation", "digitalization"),
        ("digitalisation", "digitalise"),
        ("organisations", "organization"),
        ("policies", "policy"),
        ("approaches", "approach"),
        ("skills", "skill"),
        ("labor", "labour"),
        ("children", "child"),
        ("adapting", "adapt"),
        ("counseling", "counselling"),
        ("analyze", "analyse"),
        ("programs", "programme"),
        ("women", "woman"),
    ],
)
def test_light_stemming_folds_variants(one: str, other: str) -> None:
    assert word_key(one) == word_key(other)


def test_stemming_keeps_short_words_and_distinct_policy_words() -> None:
    assert stem("status") == "status"
    assert stem("rise") == "rise"
    assert stem("size") == "size"
    assert word_key("union") != word_key("unit")
    assert word_key("general") != word_key("generate")


def test_framing_words_do_not_count() -> None:
    assert normalise("They intend to explore and continue, where appropriate") == []
    assert normalise("Both have agreed to consider it") == []


def test_an_agreements_own_parties_do_not_count(lexicon: Lexicon) -> None:
    hlm = load_corpus(BUNDLED).corpus.agreement("hlm-2022")
    assert hlm is not None
    found = {a.ref: a for a in analyse_agreement(hlm, mapper(lexicon))}
    words = found["hlm-2022/decent-work-measurement-framework"].word_surfaces
    # "The Commission will support also the work of the ILO ...": the
    # European Commission and the ILO are this agreement's parties.
    assert "Commission" not in words.values() and "ILO" not in words.values()
    assert {"measurement", "framework"} <= set(words.values())
    # Another agreement's parties are ordinary words.
    outsider = analyse("x/1", "the ILO and the Commission", mapper(lexicon))
    assert {"ILO", "Commission"} <= set(outsider.word_surfaces.values())


def test_tvet_meets_vocational_education(lexicon: Lexicon) -> None:
    assert set(concepts("Promote greening of TVET", lexicon)) >= {"tvet"}
    assert set(concepts("strengthen vocational education", lexicon)) == {"tvet"}
    assert "tvet" in concepts("technical and vocational education and training", lexicon)


@pytest.mark.parametrize(
    "text",
    [
        "Labour Market Information Systems (LMIS) for young people",
        "Better labour market intelligence",
        "the use of data in skills anticipation",
        "LMIS",
        "labor market information",
    ],
)
def test_labour_market_data_phrases_share_one_concept(text: str, lexicon: Lexicon) -> None:
    assert "labour-market-data" in concepts(text, lexicon)


def test_abbreviations_are_case_sensitive(lexicon: Lexicon) -> None:
    assert "tvet" in concepts("VET systems", lexicon)
    assert "tvet" not in concepts("the vet checked the dog", lexicon)
    assert "digital-transition" in concepts("AI at work", lexicon)
    assert "digital-transition" not in concepts("ai", lexicon)


def test_longest_phrase_wins_and_records_what_fired(lexicon: Lexicon) -> None:
    units = mapper(lexicon).units("labour market information systems and skills")
    first = units[0]
    assert first.surface == "labour market information systems"
    assert first.topics == ("labour-market-data",)
    assert first.kind == "term"
    assert [u.key for u in units[1:]] == ["and", "@skills"]


def test_a_phrase_names_the_topics_inside_it(lexicon: Lexicon) -> None:
    assert {"green-transition", "skills"} <= set(concepts("green skills", lexicon))
    found = concepts("a socially just transition, green and digital", lexicon)
    assert {"just-transition", "green-transition", "digital-transition"} <= set(found)


def test_units_cover_the_text_in_order() -> None:
    lexicon = Lexicon((Topic("x", "X", terms=("alpha beta",), abbreviations=("AB",)),))
    units = mapper(lexicon).units("Alpha  beta, AB and ab.")
    assert [(u.surface, u.kind) for u in units] == [
        ("Alpha beta", "term"),
        ("AB", "abbreviation"),
        ("and", "stop"),
        ("ab", "word"),
    ]
