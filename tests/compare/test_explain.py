"""Explanations of known pairs, and the quality goals on the bundled agreements."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from compare import NO_BAND, band, explain, match_pair
from store.agreements.loader import load_corpus
from store.agreements.model import Corpus

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(REPO / "agreements").corpus


def pair_of(corpus: Corpus, ref_a: str, ref_b: str):  # type: ignore[no-untyped-def]
    a, b = corpus.commitment(ref_a), corpus.commitment(ref_b)
    assert a is not None and b is not None
    return explain(
        a,
        b,
        corpus.lexicon,
        a_agreement=corpus.agreement(a.agreement_id),
        b_agreement=corpus.agreement(b.agreement_id),
    )


def test_vocational_education_meets_tvet(corpus: Corpus) -> None:
    match = pair_of(
        corpus, "etf-2026/strengthen-vet-apprenticeships-wbl", "hlm-2022/promote-digital-green-tvet"
    )
    assert "tvet" in match.concepts
    assert ("vocational education", "TVET", "tvet") in match.synonyms
    assert match.score == pytest.approx(
        match.breakdown["concepts"] + match.breakdown["words"], abs=0.02
    )


def test_labour_market_intelligence_meets_lmis(corpus: Corpus) -> None:
    match = pair_of(
        corpus, "etf-2026/labour-market-intelligence", "hlm-2022/youth-job-creation-almp-lmis"
    )
    assert match.concepts[0] == "labour-market-data"
    [(mine, theirs, _topic)] = [s for s in match.synonyms if s[2] == "labour-market-data"]
    assert mine == "labour market intelligence"
    assert theirs in {"Labour Market Information Systems", "LMIS"}
    # A labelled counterpart: at least a weak match, never "unlikely".
    assert band(match.score) in {"strong", "likely", "weak"}


def test_shared_words_are_quoted_as_written(corpus: Corpus) -> None:
    match = pair_of(
        corpus, "etf-2026/vet-apprenticeships-labour-demand", "hlm-2022/youth-demand-driven-skills"
    )
    assert {"labour", "market"} <= set(match.shared)
    assert match.breakdown["words"] > 0


def test_apprenticeships_counterparts_rank_first(corpus: Corpus) -> None:
    etf, hlm = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")
    assert etf is not None and hlm is not None
    pair = match_pair(etf, hlm, corpus.lexicon, use_cache=False)
    found = [m.other for m in pair.matches_for("etf-2026/strengthen-vet-apprenticeships-wbl")]
    assert found[0] == "hlm-2022/individual-learning-accounts-micro-credentials"
    # The TVET counterpart shares no word, only the concept: still offered.
    assert "hlm-2022/promote-digital-green-tvet" in found


def test_explain_agrees_with_match_pair(corpus: Corpus) -> None:
    etf, hlm = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")
    assert etf is not None and hlm is not None
    pair = match_pair(etf, hlm, corpus.lexicon, use_cache=False)
    for ref, matches in list(pair.forward.items())[:4]:
        for match in matches:
            again = pair_of(corpus, ref, match.other)
            assert again.score == pytest.approx(match.score)
            assert again.concepts == match.concepts
            back = [m for m in pair.matches_for(match.other) if m.other == ref]
            for m in back:
                assert m.score == pytest.approx(match.score)


def test_quality_goals_on_the_labelled_pairs() -> None:
    spec = importlib.util.spec_from_file_location(
        "accord_quality", REPO / "benchmarks" / "quality.py"
    )
    assert spec is not None and spec.loader is not None
    quality = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = quality  # dataclasses look their module up
    spec.loader.exec_module(quality)
    corpus = load_corpus(REPO / "agreements").corpus
    etf, hlm = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")
    assert etf is not None and hlm is not None
    quality.LEXICON[:] = [corpus.lexicon]
    judgements = quality.judgement_set(corpus)
    assert sum(len(v) for _, v in judgements.positives.values()) + len(judgements.unrelated) >= 40
    result = quality.summary(quality.evaluate(judgements, quality.accord, corpus, {}))
    assert result["hit@3"] >= 0.9
    assert result["auroc"] >= 0.95
    # No fishing, maritime or Ukraine commitment reaches even the weak band.
    scores = quality.accord(etf, hlm)
    areas = {"fishing-maritime", "ukraine"}
    unrelated_areas = [
        (q.ref, c.ref) for q in etf.commitments() for c in hlm.commitments() if c.area_id in areas
    ]
    assert unrelated_areas
    assert all(band(scores[pair]) == NO_BAND for pair in unrelated_areas)
