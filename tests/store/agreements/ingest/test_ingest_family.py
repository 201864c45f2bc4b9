"""Documents of the family nobody here encoded: MoUs, declarations, meeting outcomes.

Each document under tests/data/ingest/ was written by hand with its expected
answer (title, parties, every commitment with its area and modality). The
"tune" half is what the heuristics were adjusted on and must come out exactly;
the "held-out" half was written before any tuning and is held to floors, so a
change that helps one half by hurting the other shows here. "held-out-2" is a
second set, written after a round of fixes prompted by the first set's results,
and measured before anything was changed for it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from store.agreements.ingest import ingest_file
from store.agreements.ingest.blocks import dateline, heading_line
from store.agreements.ingest.parties import ActorFinder, PartyGuess, candidate_parties
from store.agreements.ingest.repairs import repair_lines
from store.agreements.ingest.sources import read_text
from store.agreements.ingest.structure import find_date
from store.agreements.ingest.verbs import modality_of
from store.agreements.loader import load_agreement, load_corpus
from store.agreements.model import Agreement, Corpus, Party
from tests.support.ingest_family import Fixture, Score, fixtures, materialise, score

REPO = Path(__file__).resolve().parents[4]
FIXTURES = fixtures()
TUNE = [f for f in FIXTURES if f.half == "tune"]
HELD_OUT = [f for f in FIXTURES if f.half.startswith("held-out")]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(REPO / "agreements").corpus


def _ingest(fixture: Fixture, corpus: Corpus, folder: Path) -> tuple[Agreement, Path]:
    path = materialise(fixture, folder)
    result = ingest_file(path, corpus=corpus, agreement_id=fixture.name.replace("_", "-"))
    out = folder / f"{fixture.name}.toml"
    out.write_text(result.toml, encoding="utf-8")
    agreement, findings = load_agreement(out, corpus.lexicon)
    assert [f.render() for f in findings if f.severity == "error"] == []
    assert agreement is not None
    return agreement, path


def _fold(text: str) -> str:
    return " ".join(text.split())


def test_both_halves_have_documents() -> None:
    assert len(TUNE) >= 4 and len(HELD_OUT) >= 4
    kinds = {f.source.suffix for f in FIXTURES} | {f.build for f in FIXTURES}
    assert {".txt", ".html", ".md", "docx", "columns-pdf"} <= kinds


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_every_draft_checks_clean_and_keeps_the_sources_words(
    fixture: Fixture, corpus: Corpus, tmp_path: Path
) -> None:
    draft, path = _ingest(fixture, corpus, tmp_path)
    result = ingest_file(path, corpus=corpus)
    repaired, _ = repair_lines(list(result.source.lines), paged=result.source.paged)
    stream = _fold(" ".join(line.text for line in repaired))
    source_words = set(re.findall(r"\w+", fixture.source.read_text(encoding="utf-8").casefold()))
    assert list(draft.commitments())
    for commitment in draft.commitments():
        assert _fold(commitment.text) in stream, commitment.text
        invented = set(re.findall(r"\w+", commitment.text.casefold())) - source_words
        assert invented == set(), commitment.text


@pytest.mark.parametrize("fixture", TUNE, ids=lambda f: f.name)
def test_tuned_documents_come_out_as_encoded_by_hand(
    fixture: Fixture, corpus: Corpus, tmp_path: Path
) -> None:
    draft, _ = _ingest(fixture, corpus, tmp_path)
    found = score(fixture, draft)
    assert (found.missed, found.extra, found.wrong) == ((), (), ())
    assert found.title_ok, draft.title
    assert found.parties_found == found.parties_expected, [p.name for p in draft.parties]


def _pooled(scores: list[Score]) -> tuple[float, float, float]:
    matched = sum(s.matched for s in scores)
    drafted = sum(s.drafted for s in scores)
    wanted = sum(s.expected for s in scores)
    p, r = matched / drafted, matched / wanted
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    area = sum(s.area_agree for s in scores) / matched
    modality = sum(s.modality_agree for s in scores) / matched
    return f1, area, modality


def test_held_out_documents_meet_the_floors(corpus: Corpus, tmp_path: Path) -> None:
    scores = [score(f, _ingest(f, corpus, tmp_path)[0]) for f in HELD_OUT]
    f1, area, modality = _pooled(scores)
    detail = [(s.missed, s.extra, s.wrong) for s in scores]
    assert f1 >= 0.9, detail
    assert area >= 0.85, detail
    assert modality >= 0.9, detail
    assert all(s.f1 >= 0.75 for s in scores), detail


# -- the shapes behind the fixtures, one at a time --------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "1. Objectives",
        "PREAMBLE",
        "Article 3 – Consultation",
        "Clause 2 - Data",
        "2.1 Trade information",
        "Governance",
    ],
)
def test_heading_lines(line: str) -> None:
    assert heading_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The Parties will cooperate to eliminate child labour in agricultural supply chains.",
        "The Parties agree to:",
        "Both organisations intend to",
        "The Signatories will maintain a joint portal of trade and market access information for",
        "• develop joint guidance",
    ],
)
def test_prose_lines_are_not_headings(line: str) -> None:
    assert not heading_line(line)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Done at Geneva on the twelfth day of June 2023", dt.date(2023, 6, 12)),
        ("Signed on the twenty-first day of March, 2024", dt.date(2024, 3, 21)),
        ("Nairobi, 1st February 2025", dt.date(2025, 2, 1)),
    ],
)
def test_dates_in_words(text: str, date: dt.date) -> None:
    assert find_date(text) == date


def test_page_number_lines_split_text_into_pages_and_drop_its_running_header() -> None:
    text = (
        "Joint Letter on Data\nThe Parties will share data.\nPage 1 of 2\n"
        "Joint Letter on Data\nThe Parties will publish a report.\nPage 2 of 2\n"
    )
    source = read_text(Path("letter.txt"), text)
    assert source.paged and source.pages == 2
    lines, repairs = repair_lines(list(source.lines), paged=source.paged)
    kept = [line.text for line in lines if line.text.strip()]
    assert kept == ["The Parties will share data.", "The Parties will publish a report."]
    kinds = sorted(r.kind for r in repairs)
    assert kinds == ["furniture", "furniture", "page-number", "page-number"]


def test_a_signature_block_and_a_one_page_header_are_no_commitments(
    corpus: Corpus, tmp_path: Path
) -> None:
    (fixture,) = [f for f in FIXTURES if f.name == "t2_article_agreement"]
    draft, _ = _ingest(fixture, corpus, tmp_path)
    texts = " ".join(c.text for c in draft.commitments())
    assert "Director" not in texts and "WHO–IOM Agreement" not in texts
    assert draft.place == "Geneva" and draft.date == dt.date(2023, 6, 12)


@pytest.mark.parametrize(
    ("text", "name", "short"),
    [
        (
            "the World Health Organization (hereinafter referred to as “WHO”) and",
            "World Health Organization",
            "WHO",
        ),
        (
            "with the United Nations Educational, Scientific and Cultural Organization (UNESCO).",
            "United Nations Educational, Scientific and Cultural Organization",
            "UNESCO",
        ),
        (
            "and the United Nations Human Settlements Programme (UN-Habitat)",
            "United Nations Human Settlements Programme",
            "UN-Habitat",
        ),
    ],
)
def test_party_definitions_in_their_usual_shapes(text: str, name: str, short: str) -> None:
    (guess,) = candidate_parties(text, [])
    assert (guess.party.name, guess.party.short) == (name, short)


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("Each Party undertakes to notify the other of any change.", "committed"),
        ("The two institutions decided to establish a working group.", "agreed"),
        ("Both agencies aim to publish a joint report.", "intend"),
        ("The Signatories shall endeavour to meet every year.", "endeavour"),
        ("The Participants will seek to align their work plans.", "endeavour"),
    ],
)
def test_collective_subjects_and_their_verbs(sentence: str, modality: str) -> None:
    parties = [Party("who", "World Health Organization", "WHO"), Party("iom", "Migration", "IOM")]
    finder = ActorFinder([PartyGuess(p, (p.name, p.short or ""), True) for p in parties])
    found = finder.subject(sentence)
    assert found is not None
    actors, verb = found
    assert actors == ("who", "iom") and modality_of(verb) == modality


@pytest.mark.parametrize(
    ("line", "is_dateline"),
    [
        ("Geneva, 14 March 2025", True),
        ("Done at Geneva on the twelfth day of June 2023", True),
        ("February 2022 shocked the global world order.", False),
        ("Resolution XVII adopted by the Conference on 11 December 2021 concerning Skills", False),
    ],
)
def test_a_dateline_is_a_line_that_ends_with_its_date(line: str, is_dateline: bool) -> None:
    assert dateline(line) is is_dateline


def test_parties_named_in_full_by_the_title_without_abbreviations(
    corpus: Corpus, tmp_path: Path
) -> None:
    source = tmp_path / "mou.txt"
    source.write_text(
        "Memorandum of Understanding between the Food and Agriculture Organization of the "
        "United Nations and the World Bank\n\nRome, 2 May 2024\n\n1. Cooperation\n"
        "The World Bank will finance early warning systems in ten countries.\n"
        "The Parties intend to share climate data.\n",
        encoding="utf-8",
    )
    result = ingest_file(source, corpus=corpus, agreement_id="fao-wb-2024")
    names = [p.name for p in result.draft.parties]
    assert names == ["Food and Agriculture Organization of the United Nations", "World Bank"]
    ids = [p.id for p in result.draft.parties]
    actors = [c.actors for a in result.draft.areas for c in a.commitments]
    assert actors == [(ids[1],), tuple(ids)]


def test_a_title_in_capitals_over_several_lines(corpus: Corpus, tmp_path: Path) -> None:
    source = tmp_path / "mou.txt"
    lines = [
        "MEMORANDUM OF UNDERSTANDING",
        "BETWEEN",
        "THE INTERNATIONAL LABOUR ORGANIZATION",
        "AND",
        "THE UNITED NATIONS CHILDREN'S FUND",
        "",
        "The International Labour Organization (ILO) and the United Nations Children's Fund "
        "(UNICEF) have agreed as follows:",
        "",
        "ARTICLE 1",
        "COOPERATION",
        "UNICEF shall share data on children in employment.",
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    draft = ingest_file(source, corpus=corpus, agreement_id="ilo-unicef").draft
    assert draft.title == " ".join(lines[:5])
    assert [a.title for a in draft.areas] == ["ARTICLE 1 COOPERATION"]
    assert [c.text for c in draft.areas[0].commitments] == [lines[-1]]


def test_markdown_bold_lines_are_headings_and_pronoun_subjects_commit(
    corpus: Corpus, tmp_path: Path
) -> None:
    source = tmp_path / "statement.md"
    source.write_text(
        "**Joint Statement between the World Health Organization (WHO) and the ILO**\n\n"
        "Geneva, 2 May 2024\n\n**Health at Work**\n\n"
        "WHO and the ILO will publish joint estimates. They further agree to:\n\n"
        "* endeavour to align their country work;\n* share data.\n",
        encoding="utf-8",
    )
    draft = ingest_file(source, corpus=corpus, agreement_id="who-ilo").draft
    assert draft.title is not None and draft.title.startswith("Joint Statement")
    assert [a.title for a in draft.areas] == ["Health at Work"]
    found = [(c.text, c.modality) for c in draft.areas[0].commitments]
    assert found == [
        ("WHO and the ILO will publish joint estimates.", "will"),
        ("endeavour to align their country work", "endeavour"),
        ("share data.", "agreed"),
    ]
