"""PDF pages into lines with pypdf, keeping what the layout says.

pypdf reports each piece of text with its position, font and size. From
those we rebuild what plain extraction loses:

- a gap between lines larger than the usual line spacing ends a paragraph
  (a blank line, as in a text file);
- a bold or larger line is a heading;
- a table whose narrow left column holds headings ("Decent Work in Supply
  Chains" beside its paragraphs) becomes "Heading<TAB>text" rows, the shape
  the bundled HLM text has, and its right column's later lines start with a
  tab;
- a page set in two newspaper columns is read left column first.

pdfminer.six was measured against this on the same pages (benchmarks/ingest.py):
on a two-column page it keeps every paragraph whole but puts about a third of
them out of reading order, on a table it loses the heading/text cell pairing,
and it is two to eight times slower. So pypdf it is, with the layout pass here.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.agreements.ingest.document import SourceDocument, SourceLine
from store.agreements.ingest.errors import IngestError


@dataclass(frozen=True, slots=True)
class Fragment:
    x: float
    y: float
    text: str
    size: float
    bold: bool


@dataclass
class _Row:
    y: float
    parts: list[Fragment]

    @property
    def x(self) -> float:
        return self.parts[0].x


def read_pdf(path: Path, data: bytes) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    name = str(path)
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise IngestError(
            f"{name}: not a readable PDF ({_one_line(error)}); export it again or give its text"
        ) from None
    if encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # pypdf needs `cryptography` for AES; either way we cannot read it
            opened = False
        if not opened:
            raise IngestError(
                f"{name}: the PDF is encrypted; save an unprotected copy (print to PDF) "
                "and ingest that"
            )
    title = None
    try:
        meta = reader.metadata
        if meta is not None and meta.title and str(meta.title).strip():
            title = " ".join(str(meta.title).split())
    except Exception:  # broken metadata is no reason to refuse the text
        title = None
    lines: list[SourceLine] = []
    number = 0
    try:
        pages = list(reader.pages)
    except Exception as error:
        raise IngestError(f"{name}: the PDF's pages cannot be read ({_one_line(error)})") from None
    for page_number, page in enumerate(pages, start=1):
        try:
            page_lines = _page_lines(page)
        except IngestError:
            raise
        except Exception as error:
            raise IngestError(
                f"{name}: page {page_number} cannot be read ({_one_line(error)}); "
                "export the PDF again or give its text"
            ) from None
        for text, style in page_lines:
            number += 1
            lines.append(SourceLine(text, page_number, number, style))
        number += 1
        lines.append(SourceLine("", page_number, number))
    if not any(line.text.strip() for line in lines):
        raise IngestError(
            f"{name}: the PDF has no text layer (a scan?); run OCR on it (for example "
            "`ocrmypdf in.pdf out.pdf`) and ingest the result"
        )
    return SourceDocument(
        path, "pdf", tuple(lines), len(pages), title=title, paged=True, wrapped=True
    )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:120] or type(error).__name__


def _fragments(page: Any) -> list[Fragment]:
    found: list[Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        base = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        bold = bool(re.search(r"bold|black|heavy", base, re.IGNORECASE))
        for piece in text.split("\n"):
            if piece.strip():
                found.append(Fragment(x, y, piece, size * scale, bold))

    page.extract_text(visitor_text=visit)
    return found


def _rows(fragments: list[Fragment]) -> list[_Row]:
    rows: list[_Row] = []
    for fragment in sorted(fragments, key=lambda f: (-round(f.y, 1), f.x)):
        if rows and abs(rows[-1].y - fragment.y) < max(1.5, fragment.size * 0.3):
            rows[-1].parts.append(fragment)
        else:
            rows.append(_Row(fragment.y, [fragment]))
    for row in rows:
        row.parts.sort(key=lambda f: f.x)
    return rows


def _page_lines(page: Any) -> list[tuple[str, str]]:
    fragments = _fragments(page)
    if not fragments:
        return []
    width = float(page.mediabox.width)
    body_size = statistics.median(f.size for f in fragments)
    header, footer, fragments = _margins(fragments, body_size)
    if not fragments:
        return [*header, *footer]
    left = min(f.x for f in fragments)
    split = _column_split(fragments, left, width)
    rows = _rows(fragments)
    if split is None:
        return [*header, *_single_column(rows, body_size), *footer]
    beside = [
        p for row in rows if any(q.x >= split for q in row.parts) for p in row.parts if p.x < split
    ]
    if beside and statistics.mean(len(p.text) for p in beside) >= 35:
        # Newspaper columns: the left one is read to its end first.
        left_side = [f for f in fragments if f.x < split]
        right_side = [f for f in fragments if f.x >= split]
        return [
            *header,
            *_single_column(_rows(left_side), body_size),
            ("", ""),
            *_single_column(_rows(right_side), body_size),
            *footer,
        ]
    return [*header, *_table(rows, split, body_size), *footer]


def _margins(
    fragments: list[Fragment], body_size: float
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[Fragment]]:
    """A running header or footer (page number) set apart by a wide gap, read on its own."""
    rows = _rows(fragments)
    if len(rows) < 3:
        return [], [], fragments
    wide = body_size * 2.5
    header: list[tuple[str, str]] = []
    footer: list[tuple[str, str]] = []
    taken: set[int] = set()
    if rows[0].y - rows[1].y > wide and len(rows[0].parts) <= 2:
        header = [(_text(rows[0].parts), ""), ("", "")]
        taken.update(id(p) for p in rows[0].parts)
    if rows[-2].y - rows[-1].y > wide and len(rows[-1].parts) <= 2:
        footer = [("", ""), (_text(rows[-1].parts), "")]
        taken.update(id(p) for p in rows[-1].parts)
    return header, footer, [f for f in fragments if id(f) not in taken]


def _column_split(fragments: list[Fragment], left: float, width: float) -> float | None:
    """The x where a second column starts, if a good share of the text starts there."""
    starts = [f.x for f in fragments if f.x > left + width * 0.15]
    if len(starts) < 3:
        return None
    column = min(starts, key=lambda x: (-sum(abs(s - x) < 2 for s in starts), x))
    share = sum(abs(s - column) < 2 for s in starts) / len(fragments)
    return column - 1 if share >= 0.15 else None


def _gap_lines(rows: list[_Row], body_size: float) -> list[tuple[str, str, float]]:
    """(text, style, y) per row, with ("", "", y) where a paragraph gap falls."""
    out: list[tuple[str, str, float]] = []
    spacings = [a.y - b.y for a, b in itertools.pairwise(rows) if a.y - b.y > 0]
    usual = _usual_spacing(spacings, body_size)
    previous: _Row | None = None
    for row in rows:
        if previous is not None and previous.y - row.y > usual * 1.45:
            out.append(("", "", row.y))
        text = " ".join(part.text.strip() for part in row.parts)
        heading = (
            all(p.bold for p in row.parts) or min(p.size for p in row.parts) > body_size * 1.15
        )
        out.append((text, "heading" if heading and len(text.split()) <= 25 else "", row.y))
        previous = row
    return out


def _usual_spacing(spacings: list[float], body_size: float) -> float:
    """The line spacing inside a paragraph: the low end, since gaps between short
    paragraphs can outnumber it."""
    if not spacings:
        return body_size * 1.2
    ordered = sorted(spacings)
    return ordered[len(ordered) // 4]


def _single_column(rows: list[_Row], body_size: float) -> list[tuple[str, str]]:
    return [(text, style) for text, style, _ in _gap_lines(rows, body_size)]


def _text(parts: list[Fragment]) -> str:
    return " ".join(part.text.strip() for part in parts)


def _table(rows: list[_Row], split: float, body_size: float) -> list[tuple[str, str]]:
    """A heading column beside a text column: "Heading<TAB>first line", then "<TAB>line".

    Full-width paragraphs between the table's rows are read as plain lines; a
    short line at the left margin right after one is that paragraph's end, not
    a heading cell.
    """
    spacings = [a.y - b.y for a, b in itertools.pairwise(rows) if a.y - b.y > 0]
    usual = _usual_spacing(spacings, body_size)
    out: list[tuple[str, str]] = []
    consumed: set[int] = set()
    previous_kind = ""
    for index, row in enumerate(rows):
        left = [p for p in row.parts if p.x < split]
        right = [p for p in row.parts if p.x >= split]
        gap = index > 0 and rows[index - 1].y - row.y > usual * 1.45
        if left and index not in consumed:
            continues_paragraph = previous_kind == "full" and not gap and not right
            if not right and (continues_paragraph or len(_text(left)) > 45):
                if gap:
                    out.append(("", ""))
                out.append((_text(left), _style(left, body_size)))
                previous_kind = "full"
                continue
            # A heading cell: this row's left part and the left parts just below it.
            cell = [_text(left)]
            below = index + 1
            while (
                below < len(rows)
                and rows[below - 1].y - rows[below].y < usual * 1.45
                and any(p.x < split for p in rows[below].parts)
                and len(_text([p for p in rows[below].parts if p.x < split])) <= 45
            ):
                cell.append(_text([p for p in rows[below].parts if p.x < split]))
                consumed.add(below)
                below += 1
            out.append(("", ""))
            out.append((f"{' '.join(cell)}\t{_text(right)}", ""))
            previous_kind = "cell"
            continue
        if right:
            out.append((f"\t{_text(right)}", ""))
            previous_kind = "right"
    return out


def _style(parts: list[Fragment], body_size: float) -> str:
    heading = all(p.bold for p in parts) or min(p.size for p in parts) > body_size * 1.15
    return "heading" if heading and len(_text(parts).split()) <= 25 else ""
