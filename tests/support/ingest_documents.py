"""Building real PDF and DOCX files from an agreement's text, for ingest tests.

The builders read the text the way its layout shows it: "Heading<TAB>text"
rows are a table with a heading column, lines starting with a tab continue
that column, a line repeated as a running header ("Issues addressed in
technical meetings") starts a new page and is printed at the top of every
page, and "- " lines are bullets. The ETF text is set in two newspaper
columns on one page. Text the core PDF font cannot encode is folded first
(`pdf_safe`), and the text route is compared on the same folded text.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from fpdf import FPDF

# The seeds sit beside the repository (`../shared/seeds/`); ACCORD_SEEDS points
# elsewhere, for a checkout that lives in another folder.
SEEDS = Path(
    os.environ.get("ACCORD_SEEDS")
    or Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
)
HLM_SEED = "000_5a9309664e441bf4.txt"
ETF_SEED = "003_e896a47141152b7a.txt"

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
_FOLD = {
    "•": "*",
    "–": "-",
    "—": "-",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "…": "...",
}


def seed_text(name: str) -> str | None:
    path = SEEDS / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def unicode_font() -> Path | None:
    for folder in _FONT_DIRS:
        for name in ("DejaVuSans.ttf",):
            if (folder / name).is_file():
                return folder / name
    return None


def pdf_safe(text: str) -> str:
    """The text as the PDF will hold it: folded to Latin-1 when no Unicode font exists."""
    if unicode_font() is not None:
        return text
    folded = "".join(_FOLD.get(ch, ch) for ch in text)
    return folded.encode("latin-1", "replace").decode("latin-1")


def running_header(text: str) -> str | None:
    counts = Counter(line.strip() for line in text.split("\n") if line.strip())
    repeated = [t for t, n in counts.items() if n >= 3 and len(t.split()) <= 12]
    return repeated[0] if repeated else None


class _Document(FPDF):
    header_text: str | None = None
    body_font = "Helvetica"

    def header(self) -> None:
        if self.header_text and self.page_no() > 1:
            self.set_font(self.body_font, size=9)
            self.set_xy(10, 8)
            self.cell(0, 5, self.header_text)
            self.set_y(18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.body_font, size=9)
        self.cell(0, 5, str(self.page_no()), align="C")


def _new_pdf() -> _Document:
    pdf = _Document(format="A4")
    font = unicode_font()
    if font is not None:
        pdf.add_font("Body", "", str(font))
        bold = font.with_name("DejaVuSans-Bold.ttf")
        pdf.add_font("Body", "B", str(bold if bold.is_file() else font))
        pdf.body_font = "Body"
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(10, 18, 10)
    return pdf


def _heading_cell(text: str) -> bool:
    body = text.strip()
    return 0 < len(body.split()) <= 20 and body[-1] not in ".;:," and body[0] not in "•*-"


def build_table_pdf(text: str, path: Path) -> Path:
    """A conclusions document: paragraphs, then a table with a heading column."""
    text = pdf_safe(text)
    header = running_header(text)
    pdf = _new_pdf()
    pdf.add_page()
    font = pdf.body_font
    lines = text.split("\n")
    title_done = False
    for line in lines:
        body = line.strip()
        if not body:
            pdf.ln(4)
            continue
        if header and body == header:
            pdf.header_text = header
            pdf.add_page()
            continue
        cell, tab, rest = line.partition("\t")
        if not title_done:
            pdf.set_font(font, "B", 13)
            pdf.multi_cell(0, 6, body, align="L")
            title_done = True
            continue
        pdf.set_font(font, size=9)
        if tab and cell.strip() and _heading_cell(cell):
            top = pdf.get_y()
            if top > pdf.h - 40:
                pdf.add_page()
                top = pdf.get_y()
            pdf.ln(4)
            top = pdf.get_y()
            pdf.set_xy(10, top)
            pdf.multi_cell(45, 4.5, cell.strip(), align="L")
            bottom = pdf.get_y()
            pdf.set_xy(60, top)
            if rest.strip():
                pdf.multi_cell(140, 4.5, rest.strip(), align="L")
            pdf.set_y(max(bottom, pdf.get_y()))
        elif tab and not cell.strip():
            pdf.set_x(60)
            pdf.multi_cell(140, 4.5, rest.strip(), align="L")
        else:
            pdf.set_x(10)
            pdf.multi_cell(0, 4.5, body.replace("\t", " "), align="L")
    pdf.output(str(path))
    return path


def build_columns_pdf(text: str, path: Path) -> Path:
    """A news release in two newspaper columns: the first paragraphs on the left."""
    text = pdf_safe(text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font(pdf.body_font, size=8)
    column, x, top = 0, 10.0, 18.0
    pdf.set_xy(x, top)
    for paragraph in paragraphs:
        words = paragraph.split()
        short = len(words) <= 12 and paragraph[-1] not in ".:;"
        short = short and sum(w[0].isupper() for w in words) * 2 >= len(words)
        if pdf.get_y() > pdf.h - 30:
            column += 1
            if column == 2:
                pdf.add_page()
                column = 0
            x = 10.0 if column == 0 else 108.0
            pdf.set_xy(x, top)
        pdf.set_x(x)
        pdf.set_font(pdf.body_font, "B" if short and paragraph[:1].isupper() else "", 8)
        pdf.multi_cell(92, 3.8, paragraph, align="L")
        pdf.set_x(x)
        pdf.ln(2.5)
    pdf.output(str(path))
    return path


def build_docx(text: str, path: Path) -> Path:
    """Headings as Heading styles, list items as List Bullet, the rest as paragraphs.

    A line standing alone after a lead-in ("…will work together to:") and
    the lines like it that follow are the bullets of that list.
    """
    from docx import Document

    document = Document()
    header = running_header(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    lines = text.split("\n")
    title_done = False
    in_list = False
    for index, line in enumerate(lines):
        body = line.strip()
        if not body or (header and body == header):
            continue
        cell, tab, rest = line.partition("\t")
        standalone = (index == 0 or not lines[index - 1].strip()) and (
            index + 1 >= len(lines) or not lines[index + 1].strip()
        )
        title_like = body[0].isupper() and sum(w[0].isupper() for w in body.split()) * 2 >= len(
            body.split()
        )
        if not title_done and standalone and len(body.split()) <= 25 and body[-1] not in ".:":
            document.add_heading(body, level=0)
            title_done = True
        elif tab and cell.strip() and _heading_cell(cell):
            document.add_heading(cell.strip(), level=2)
            if rest.strip():
                document.add_paragraph(rest.strip())
            in_list = False
        elif body.startswith("- "):
            document.add_paragraph(body[2:], style="List Bullet")
        elif standalone and _heading_cell(body) and in_list and not title_like:
            document.add_paragraph(body, style="List Bullet")
        elif (
            standalone
            and _heading_cell(body)
            and not re.search(r"\b(?:to|will)$", body)
            and (title_like or not in_list)
        ):
            document.add_heading(body, level=2)
            in_list = False
        else:
            document.add_paragraph(body)
            in_list = body.endswith(":")
    document.save(str(path))
    return path
