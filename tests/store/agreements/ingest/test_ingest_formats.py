"""Documents of the same family in every format: headings, lists, lead-ins, verbs.

These do not need the seeds: each document is written here, on disk, in its
real format, and its expected commitments are stated by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from store.agreements.ingest import IngestError, ingest_file
from store.agreements.loader import load_agreement, load_corpus
from store.agreements.model import Agreement, Corpus

REPO = Path(__file__).resolve().parents[4]

MEMORANDUM = [
    ("title", "Memorandum of Understanding between the ILO and the Asian Development Bank"),
    ("para", "Manila, 3 March 2025"),
    (
        "para",
        "The International Labour Organization (ILO) and the Asian Development Bank (ADB) "
        "share the aim of decent work for all.",
    ),
    ("heading", "1. Social Protection"),
    (
        "para",
        "Social protection coverage remains low in the region. The ILO and the ADB commit to "
        "support the extension of social protection floors.",
    ),
    ("para", "The Parties intend to:"),
    ("item", "Share data on coverage and benefits"),
    ("item", "Explore joint financing of pilot schemes"),
    ("heading", "2. Skills and Employment"),
    (
        "para",
        "The ADB will fund apprenticeship programmes in three countries. Both organisations "
        "agree to: Review progress every year; Consider a joint report in 2027.",
    ),
]
EXPECTED = [
    ("Social Protection", "The ILO and the ADB commit to support", "committed"),
    ("Social Protection", "Share data on coverage and benefits", "intend"),
    ("Social Protection", "Explore joint financing of pilot schemes", "explore"),
    ("Skills and Employment", "The ADB will fund apprenticeship programmes", "will"),
    ("Skills and Employment", "Review progress every year", "agreed"),
    ("Skills and Employment", "Consider a joint report in 2027.", "consider"),
]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(REPO / "agreements").corpus


def _text(path: Path) -> Path:
    lines = []
    for kind, text in MEMORANDUM:
        lines.append(f"- {text}" if kind == "item" else text)
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _markdown(path: Path) -> Path:
    lines = []
    for kind, text in MEMORANDUM:
        prefix = {"title": "# ", "heading": "## ", "item": "- "}.get(kind, "")
        lines += [prefix + text, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _html(path: Path) -> Path:
    body = []
    for kind, text in MEMORANDUM:
        tag = {"title": "h1", "heading": "h2", "item": "li"}.get(kind, "p")
        body.append(f"<{tag}>{text}</{tag}>")
    page = (
        "<!doctype html><html><head><title>MoU</title><script>var x = 'Both organisations "
        "will be tracked';</script></head><body><nav><a href='/'>Home</a> The Parties will "
        "click here</nav><main>" + "\n".join(body) + "</main><footer>Contact us</footer>"
        "</body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def _docx(path: Path) -> Path:
    from docx import Document

    document = Document()
    for kind, text in MEMORANDUM:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "heading":
            document.add_heading(text, level=1)
        elif kind == "item":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def _pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    for kind, text in MEMORANDUM:
        bold = kind in ("title", "heading")
        pdf.set_font("Helvetica", "B" if bold else "", 12 if bold else 10)
        pdf.multi_cell(0, 5, ("- " if kind == "item" else "") + text)
        pdf.ln(3)
    pdf.output(str(path))
    return path


def _draft(path: Path, corpus: Corpus, tmp_path: Path) -> Agreement:
    result = ingest_file(path, corpus=corpus, agreement_id="adb-mou")
    out = tmp_path / f"{path.stem}-{path.suffix.lstrip('.')}.toml"
    out.write_text(result.toml, encoding="utf-8")
    agreement, findings = load_agreement(out, corpus.lexicon)
    assert [f.render() for f in findings if f.severity == "error"] == []
    assert agreement is not None
    return agreement


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("mou.txt", _text),
        ("mou.md", _markdown),
        ("mou.html", _html),
        ("mou.docx", _docx),
        ("mou.pdf", _pdf),
    ],
)
def test_every_format_finds_the_same_commitments(
    name: str, build: object, corpus: Corpus, tmp_path: Path
) -> None:
    agreement = _draft(build(tmp_path / name), corpus, tmp_path)  # type: ignore[operator]
    titles = {area.id: area.title for area in agreement.areas}
    found = [
        (titles[c.area_id].split(". ", 1)[-1], c.text, c.modality) for c in agreement.commitments()
    ]
    assert [
        (a, t[: len(e)], m) for (a, t, m), (_, e, _) in zip(found, EXPECTED, strict=False)
    ] == EXPECTED
    assert len(found) == len(EXPECTED)
    parties = {p.id: p for p in agreement.parties}
    assert set(parties) == {"ilo", "adb"}
    assert parties["adb"].name == "Asian Development Bank"
    assert agreement.title.startswith("Memorandum of Understanding")
    by_text = {c.text[:20]: c for c in agreement.commitments()}
    assert by_text["The ADB will fund ap"].actors == ("adb",)
    assert by_text["Share data on covera"].actors == ("ilo", "adb")


def test_the_draft_marks_new_parties_and_assumptions(corpus: Corpus, tmp_path: Path) -> None:
    result = ingest_file(_text(tmp_path / "mou.txt"), corpus=corpus, agreement_id="adb-mou")
    assert "# check: party: not in the other agreements" in result.toml
    assert result.draft.place == "Manila"


def test_hyphenation_and_running_headers_in_a_paged_text(corpus: Corpus, tmp_path: Path) -> None:
    pages = []
    for number in range(1, 4):
        pages.append(
            "Joint Declaration on Migration\n\n"
            "The International Organization for Migration (IOM) and the International Labour "
            "Organization (ILO) met.\n\n"
            f"{'Fair Recruitment' if number == 1 else ''}\n\n"
            + (
                "The Parties will support fair recruitment of migrant workers from non- EU "
                "countries;\nExplore the portability of social security rights;\n"
                if number == 1
                else "Share information on labour migration statistics;\n"
            )
            + f"\n{number}\n"
        )
    source = tmp_path / "declaration.txt"
    source.write_text("\f".join(pages), encoding="utf-8")
    result = ingest_file(source, corpus=corpus, agreement_id="migration")
    texts = [c.text for area in result.draft.areas for c in area.commitments]
    assert any("non-EU countries" in t for t in texts)
    assert not any("Joint Declaration on Migration" in t for t in texts)
    kinds = {r.kind for r in result.repairs}
    assert {"furniture", "page-number", "hyphenation"} <= kinds


def test_a_text_without_commitments_is_refused(corpus: Corpus, tmp_path: Path) -> None:
    recipe = tmp_path / "recipe.txt"
    recipe.write_text("Pancakes\n\nMix flour and milk. Fry until golden.\n", encoding="utf-8")
    with pytest.raises(IngestError, match="no commitments found"):
        ingest_file(recipe, corpus=corpus)


def test_an_empty_document_is_refused(corpus: Corpus, tmp_path: Path) -> None:
    from docx import Document

    empty = tmp_path / "empty.docx"
    Document().save(str(empty))
    with pytest.raises(IngestError, match="no text"):
        ingest_file(empty, corpus=corpus)


def test_articles_lettered_items_and_hostile_characters(corpus: Corpus, tmp_path: Path) -> None:
    source = tmp_path / "mou.txt"
    source.write_text(
        "MEMORANDUM OF UNDERSTANDING BETWEEN THE ILO AND UNICEF\n\n"
        "Geneva, 12 May 2024\n\n"
        "The International Labour Organization (ILO) and the United Nations Children's "
        'Fund (UNICEF), hereinafter "the Parties", have agreed as follows.\n\n'
        "ARTICLE 1 – PURPOSE\n\n"
        'The purpose is \x1b]0;owned\x07 cooperation on "child labour" \\ with """ quotes.\n\n'
        "Article 2 - Areas of cooperation\n\n"
        "The Parties shall:\n\n"
        "(a) Cooperate on ending child labour in supply chains;\n\n"
        "(b) Explore joint research on social protection for children;\n\n"
        "(c) Consider a joint programme in West Africa.\n\n"
        "Article 3 – Follow-up\n\n"
        "UNICEF will host an annual review meeting. The ILO commits to publish the results.\n",
        encoding="utf-8",
    )
    result = ingest_file(source, corpus=corpus)
    out = tmp_path / "draft.toml"
    out.write_text(result.toml, encoding="utf-8")
    agreement, findings = load_agreement(out, corpus.lexicon)
    assert [f.render() for f in findings if f.severity == "error"] == []
    assert agreement is not None
    assert "\x1b" not in result.toml and "\x07" not in result.toml
    assert "control" in {r.kind for r in result.repairs}
    found = [(c.area_id, c.text, c.modality, c.actors) for c in agreement.commitments()]
    assert found == [
        (
            "article-2-areas-cooperation",
            "Cooperate on ending child labour in supply chains",
            "will",
            ("ilo", "unicef"),
        ),
        (
            "article-2-areas-cooperation",
            "Explore joint research on social protection for children",
            "explore",
            ("ilo", "unicef"),
        ),
        (
            "article-2-areas-cooperation",
            "Consider a joint programme in West Africa.",
            "consider",
            ("ilo", "unicef"),
        ),
        ("article-3-follow-up", "UNICEF will host an annual review meeting.", "will", ("unicef",)),
        ("article-3-follow-up", "The ILO commits to publish the results.", "committed", ("ilo",)),
    ]
