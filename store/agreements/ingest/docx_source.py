"""DOCX paragraphs and tables into lines, with python-docx.

Heading styles (and Title) mark headings, list styles and numbered
paragraphs mark items, and a table row becomes "cell<TAB>cell" so a heading
column reads as it does in text extracted from a PDF table. Page headers and
footers live outside the body in DOCX and are never read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from store.agreements.ingest.document import SourceDocument, SourceLine
from store.agreements.ingest.errors import IngestError


def _style_of(paragraph: Any) -> str:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = name.casefold()
    if lowered == "title":
        return "title"
    if lowered.startswith("heading"):
        return "heading"
    p_pr = paragraph._p.pPr
    if lowered.startswith("list") or (p_pr is not None and p_pr.numPr is not None):
        return "list"
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and len(paragraph.text.split()) <= 20:
        return "heading"
    return ""


def read_docx(path: Path, data: bytes) -> SourceDocument:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    name = str(path)
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise IngestError(
            f"{name}: not a readable DOCX document ({' '.join(str(error).split())[:100]}); "
            "save it again from the word processor as .docx"
        ) from None
    except Exception as error:
        raise IngestError(
            f"{name}: not a readable DOCX document ({type(error).__name__}); save it again as .docx"
        ) from None
    lines: list[SourceLine] = []

    def add(text: str, style: str = "") -> None:
        lines.append(SourceLine(text, 1, len(lines) + 1, style))

    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            text = paragraph.text
            if not text.strip():
                add("")
                continue
            style = _style_of(paragraph)
            if style in ("heading", "title"):
                add("")
                add(text, style)
                add("")
            else:
                # Consecutive paragraphs are read like lines: one that stops
                # mid-sentence continues in the next.
                add(text.strip(), style)
        elif tag == "tbl":
            table = Table(element, document)
            add("")
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = "\n".join(p.text for p in cell.paragraphs).strip()
                    if not cells or text != cells[-1]:  # merged cells repeat
                        cells.append(text)
                first, *rest = cells or [""]
                paragraphs = "\n".join(rest).split("\n") if rest else [""]
                add(f"{first}\t{paragraphs[0]}", "cell")
                for more in paragraphs[1:]:
                    add(f"\t{more}", "cell")
            add("")
    if not any(line.text.strip() for line in lines):
        raise IngestError(f"{name}: the document has no text; check that it is the right file")
    title = document.core_properties.title or None
    return SourceDocument(path, "docx", tuple(lines), 1, title=title)
