"""Hand-written documents of the agreement family, with their expected answers.

Each fixture under tests/data/ingest/ is a source (text, Markdown, HTML, or a
spec a real DOCX / two-column PDF is built from) plus `NAME.expected.toml`:
the title, the parties, and every commitment with its area and modality, as a
maintainer would encode them. `half` splits them into the documents the
heuristics were tuned on ("tune") and the ones kept back to measure them
("held-out"). Scoring follows store.agreements.ingest.quality: each expected
commitment is matched to the draft commitment with the greatest word overlap,
counting at a token Jaccard of 0.8 or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomli

from store.agreements.ingest.quality import MATCH_AT, jaccard, tokens
from store.agreements.model import Agreement
from tests.support.ingest_documents import build_columns_pdf, pdf_safe, unicode_font

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


@dataclass(frozen=True)
class Expected:
    area: str
    text: str
    modality: str


@dataclass(frozen=True)
class Fixture:
    name: str
    half: str
    build: str  # "text", "docx", "columns-pdf", "plain-pdf" or "styled-pdf"
    source: Path
    title: str
    parties: tuple[str, ...]
    commitments: tuple[Expected, ...]


@dataclass(frozen=True)
class Score:
    expected: int
    drafted: int
    matched: int
    area_agree: int
    modality_agree: int
    title_ok: bool
    parties_found: int
    parties_expected: int
    missed: tuple[str, ...]
    extra: tuple[str, ...]
    wrong: tuple[str, ...]  # matched but in another area or with another modality

    @property
    def f1(self) -> float:
        p = self.matched / self.drafted if self.drafted else 0.0
        r = self.matched / self.expected if self.expected else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def fixtures() -> list[Fixture]:
    found = []
    for spec in sorted(DATA.glob("*.expected.toml")):
        data = tomli.loads(spec.read_text(encoding="utf-8"))
        found.append(
            Fixture(
                name=spec.name.removesuffix(".expected.toml"),
                half=data["half"],
                build=data["build"],
                source=DATA / data["source"],
                title=data["title"],
                parties=tuple(data["parties"]),
                commitments=tuple(
                    Expected(c["area"], c["text"], c["modality"]) for c in data["commitments"]
                ),
            )
        )
    return found


def build_styled_docx(spec: str, path: Path) -> Path:
    """A DOCX from "Style: text" lines, each a paragraph in that Word style."""
    from docx import Document

    document = Document()
    for line in spec.split("\n"):
        style, sep, text = line.partition(": ")
        if not sep:
            continue
        if style == "Title":
            document.add_heading(text, level=0)
        elif style.startswith("Heading "):
            document.add_heading(text, level=int(style.split()[1]))
        else:
            document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


def build_plain_pdf(text: str, path: Path) -> Path:
    """A PDF set in one font and size, no gaps: each line of `text` a paragraph.

    Headings look like every other line, as in a document typed in a word
    processor without styles; a form feed starts a new page, and each page
    ends with a "Page N of M" footer.
    """
    from fpdf import FPDF

    pages = pdf_safe(text).split("\f")
    pdf = FPDF(format="A4")
    font = unicode_font()
    family = "Helvetica"
    if font is not None:
        pdf.add_font("Body", "", str(font))
        family = "Body"
    for number, page in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font(family, size=10)
        for line in page.strip("\n").split("\n"):
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 5, f"Page {number} of {len(pages)}", align="C")
    pdf.output(str(path))
    return path


def build_styled_pdf(spec: str, path: Path) -> Path:
    """A PDF from "Style: text" lines: Title (bold, large), Heading (bold), Normal, Item.

    Each paragraph is followed by a small gap except list items, which sit one
    under the other as a word processor sets them.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    regular = unicode_font()
    family = "Helvetica"
    if regular is not None and regular.with_name("DejaVuSans-Bold.ttf").is_file():
        pdf.add_font("Body", "", str(regular))
        pdf.add_font("Body", "B", str(regular.with_name("DejaVuSans-Bold.ttf")))
        family = "Body"
    pdf.add_page()
    for line in pdf_safe(spec).split("\n"):
        style, sep, text = line.partition(": ")
        if not sep:
            continue
        bold = style in ("Title", "Heading")
        pdf.set_font(family, "B" if bold else "", 14 if style == "Title" else 10)
        body = f"- {text}" if style == "Item" else text
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
        if style != "Item":
            pdf.ln(2)
    pdf.output(str(path))
    return path


def materialise(fixture: Fixture, folder: Path) -> Path:
    """The fixture's document as the file a maintainer would be given."""
    if fixture.build == "text":
        return fixture.source
    spec = fixture.source.read_text(encoding="utf-8")
    if fixture.build == "docx":
        return build_styled_docx(spec, folder / f"{fixture.name}.docx")
    if fixture.build == "columns-pdf":
        return build_columns_pdf(spec, folder / f"{fixture.name}.pdf")
    if fixture.build == "styled-pdf":
        return build_styled_pdf(spec, folder / f"{fixture.name}.pdf")
    if fixture.build == "plain-pdf":
        return build_plain_pdf(spec, folder / f"{fixture.name}.pdf")
    raise ValueError(f"{fixture.name}: unknown build {fixture.build!r}")


def _fold(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def score(fixture: Fixture, draft: Agreement) -> Score:
    drafted = list(draft.commitments())
    area_title = {a.id: _fold(a.title) for a in draft.areas}
    draft_tokens = [tokens(c.text) for c in drafted]
    used: set[int] = set()
    matched = area_agree = modality_agree = 0
    missed: list[str] = []
    wrong: list[str] = []
    for want in fixture.commitments:
        words = tokens(want.text)
        best, best_score = -1, 0.0
        for index, candidate in enumerate(draft_tokens):
            if index not in used and jaccard(words, candidate) > best_score:
                best, best_score = index, jaccard(words, candidate)
        if best < 0 or best_score < MATCH_AT:
            missed.append(want.text)
            continue
        used.add(best)
        matched += 1
        got = drafted[best]
        same_area = _fold(want.area) in area_title[got.area_id]
        area_agree += same_area
        modality_agree += got.modality == want.modality
        if not same_area or got.modality != want.modality:
            wrong.append(
                f"{want.text[:50]}: area {area_title[got.area_id]!r} (want {_fold(want.area)!r}),"
                f" modality {got.modality} (want {want.modality})"
            )
    names = {_fold(n) for p in draft.parties for n in (p.name, p.short or "") if n}
    parties_found = sum(1 for p in fixture.parties if _fold(p) in names)
    return Score(
        expected=len(fixture.commitments),
        drafted=len(drafted),
        matched=matched,
        area_agree=area_agree,
        modality_agree=modality_agree,
        title_ok=_fold(draft.title) == _fold(fixture.title),
        parties_found=parties_found,
        parties_expected=len(fixture.parties),
        missed=tuple(missed),
        extra=tuple(c.text for i, c in enumerate(drafted) if i not in used),
        wrong=tuple(wrong),
    )
