"""The four causes of issue 8, each pinned by a test that failed on the old engine.

The old engine dropped a word from word matching when a lexicon phrase used it,
stemmed only plurals ending in -s, let one shared concept carry a pair, and
counted area headings and declared `topics` as concepts of the text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compare import COUNTERPART_THRESHOLD, NO_BAND, band, explain, match_pair
from store.agreements.loader import load_corpus
from store.agreements.model import Agreement, Area, Commitment, Corpus, Party

REPO = Path(__file__).resolve().parents[2]
NORDIC = Party("x", "Nordic Council", "NC")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(REPO / "agreements").corpus


def third(
    texts: list[str],
    *,
    heading: str = "Other",
    topics: tuple[str, ...] = (),
    party: Party = NORDIC,
) -> Agreement:
    """An agreement nobody tuned to, by two parties of its own."""
    commitments = tuple(
        Commitment(f"p{i}", "third", "main", text, ("x", "y"), "will", topics)
        for i, text in enumerate(texts)
    )
    return Agreement(
        "third",
        "A third agreement",
        dt.date(2026, 1, 1),
        (party, Party("y", "Andean Community", "CAN")),
        (Area("main", "third", heading, commitments),),
    )


def best_in(corpus: Corpus, agreement: Agreement, other_id: str) -> list[tuple[str, float]]:
    other = corpus.agreement(other_id)
    assert other is not None
    pair = match_pair(agreement, other, corpus.lexicon, top_k=3, use_cache=False)
    return [(m.other, m.score) for m in pair.matches_for(next(agreement.commitments()).ref)]


def test_salary_transparency_meets_pay_transparency(corpus: Corpus) -> None:
    # Old engine: "pay transparency" took "transparency" out of word matching
    # and no lexicon entry knew "salary", so this pair scored 0.
    probe = third(["Promote salary transparency in firms"])
    found = best_in(corpus, probe, "hlm-2022")
    assert found[0][0] == "hlm-2022/pay-transparency-epic"
    assert found[0][1] >= COUNTERPART_THRESHOLD


def test_words_inside_a_lexicon_phrase_still_count(corpus: Corpus) -> None:
    a = Commitment("a", "t", "m", "publish data on pay transparency", ("x",), "will")
    b = Commitment("b", "t", "m", "improve transparency of supply chains", ("x",), "will")
    match = explain(a, b, corpus.lexicon)
    assert "transparency" in match.shared
    assert match.breakdown["words"] > 0


def test_child_meets_children(corpus: Corpus) -> None:
    # Old engine: light stemming left "children" alone.
    a = Commitment("a", "t", "m", "protect children in education", ("x",), "will")
    b = Commitment("b", "t", "m", "every child in education", ("x",), "will")
    match = explain(a, b, corpus.lexicon)
    assert "children" in match.shared


def test_adapting_meets_adapt(corpus: Corpus) -> None:
    a = Commitment("a", "t", "m", "schools adapting curricula", ("x",), "will")
    b = Commitment("b", "t", "m", "adapt curricula of schools", ("x",), "will")
    assert {"adapting", "curricula", "schools"} <= set(explain(a, b, corpus.lexicon).shared)


def test_a_single_shared_concept_does_not_carry_a_pair(corpus: Corpus) -> None:
    # Old engine: a query naming only "maritime" scored about 55 against a
    # fisheries commitment through that one concept.
    probe = third(["Coordinate naval patrols against maritime piracy"])
    found = best_in(corpus, probe, "hlm-2022")
    assert found, "the concept is shared, so there are candidates"
    assert all(score < COUNTERPART_THRESHOLD for _, score in found)


def test_a_skills_heading_adds_no_concept(corpus: Corpus) -> None:
    # Old engine: every commitment under a skills heading "shared" Skills.
    text = "Coordinate naval patrols against piracy in the Gulf of Guinea"
    under_skills = third([text], heading="Joint focus on skills, jobs and evidence")
    neutral = third([text], heading="Other matters")
    assert best_in(corpus, under_skills, "etf-2026") == best_in(corpus, neutral, "etf-2026")
    assert all(band(score) == NO_BAND for _, score in best_in(corpus, under_skills, "etf-2026"))


def test_a_declared_topic_the_text_does_not_state_adds_no_concept(corpus: Corpus) -> None:
    # Old engine: a declared topic counted once even when no phrase named it,
    # so a survey of violence "shared" labour-market data with data commitments.
    text = "Publish a survey of violence and harassment at work"
    tagged = third([text], topics=("labour-market-data",))
    etf = corpus.agreement("etf-2026")
    assert etf is not None
    lm_data = etf.commitment("improve-skills-lm-data")
    assert lm_data is not None
    match = explain(
        next(tagged.commitments()), lm_data, corpus.lexicon, a_agreement=tagged, b_agreement=etf
    )
    assert "labour-market-data" not in match.concepts
    plain = third([text])
    again = explain(
        next(plain.commitments()), lm_data, corpus.lexicon, a_agreement=plain, b_agreement=etf
    )
    assert match.score == again.score


def test_a_third_agreements_own_parties_are_not_evidence(corpus: Corpus) -> None:
    # Old engine: only ILO, ETF, Commission… were stop words.
    # A party named "Skills Council" must not make its commitments about skills.
    council = Party("x", "Skills Council of the Andes", "SCA")
    one = third(
        ["The Skills Council of the Andes and CAN will strengthen apprenticeships"], party=council
    )
    two = third(["Strengthen apprenticeships"], party=council)
    assert best_in(corpus, one, "etf-2026") == best_in(corpus, two, "etf-2026")
