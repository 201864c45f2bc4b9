"""Reading a source file into lines, with the page each line came from.

Four kinds of file: plain text or Markdown, PDF (pypdf), DOCX (python-docx)
and HTML (the standard library's parser, main text only). What a file *is*
comes from its first bytes, not its name: a `.pdf` that is really HTML gets a
clear error instead of a parser's traceback. A path is opened only after it
is known to be a regular file of sane size, so a FIFO never blocks us.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from store.agreements.ingest.document import SourceDocument, SourceLine
from store.agreements.ingest.errors import IngestError

# A 300-page PDF is a few MB; anything far larger is not an agreement.
MAX_BYTES = 64 * 1024 * 1024

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
KINDS = ("text", "markdown", "pdf", "docx", "html")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything that is not a regular file of sane size."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise IngestError(f"{name}: no such file; check the path") from None
    except OSError as error:
        raise IngestError(f"{name}: cannot be read ({error.strerror}); check the path") from None
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(
            f"{name}: not a regular file (a folder, FIFO or device); give the path of a "
            "PDF, DOCX, HTML or text file"
        )
    if info.st_size > MAX_BYTES:
        raise IngestError(
            f"{name}: {info.st_size // (1024 * 1024)} MB is too large for an agreement "
            f"(limit {MAX_BYTES // (1024 * 1024)} MB); split the file or give its text"
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise IngestError(f"{name}: cannot be opened ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        # The path may have been swapped for a FIFO between stat and open.
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise IngestError(f"{name}: not a regular file; give the path of a document")
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise IngestError(f"{name}: the file grew past {MAX_BYTES // (1024 * 1024)} MB")
    return data


def sniff(data: bytes) -> str:
    """What the bytes are: pdf, zip, html, text or binary."""
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


def _kind_for(path: Path, found: str) -> str:
    suffix = path.suffix.lower()
    name = str(path)
    expected = {
        ".pdf": "pdf",
        ".docx": "zip",
        **dict.fromkeys(HTML_SUFFIXES, "html"),
    }.get(suffix)
    described = {
        "pdf": "a PDF",
        "zip": "a ZIP archive",
        "html": "HTML",
        "text": "plain text",
        "binary": "binary data",
    }
    if expected is not None and found != expected:
        wanted = {"pdf": "a PDF", "zip": "a DOCX document", "html": "an HTML page"}[expected]
        raise IngestError(
            f"{name}: the name says {wanted} but the file holds {described[found]}; "
            "rename it to match its content, or export it again"
        )
    if found == "pdf":
        return "pdf"
    if found == "zip":
        if suffix not in ("", ".docx"):
            raise IngestError(f"{name}: a ZIP archive, not a DOCX document; give a .docx file")
        return "docx"
    if found == "html":
        return "html"
    if found == "binary":
        raise IngestError(
            f"{name}: binary data, not a PDF, DOCX, HTML or text file; export the "
            "agreement to one of those"
        )
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in TEXT_SUFFIXES or suffix not in (".doc", ".odt", ".rtf"):
        return "text"
    raise IngestError(f"{name}: {suffix} files are not read; save it as PDF, DOCX or text")


def read_source(path: Path) -> SourceDocument:
    data = read_bytes(path)
    kind = _kind_for(path, sniff(data))
    if kind == "pdf":
        from store.agreements.ingest.pdf_source import read_pdf

        return read_pdf(path, data)
    if kind == "docx":
        from store.agreements.ingest.docx_source import read_docx

        return read_docx(path, data)
    if kind == "html":
        from store.agreements.ingest.html_source import read_html

        return read_html(path, decode_text(path, data))
    return read_text(path, decode_text(path, data), markdown=kind == "markdown")


def decode_text(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); "
            "save the file as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(?=\S)")
# A line wholly in bold is how converters (and people) write a heading in Markdown.
_MD_BOLD_LINE = re.compile(r"^\s{0,3}(\*\*|__)(?=\S)(.+?)(?<=\S)\1\s*$")


# "Page 2 of 5", "- 2 -": a page's own number, which text saved from a PDF keeps.
_PAGE_MARK = re.compile(
    r"^\s*(?:page\s+\d{1,4}\s+(?:of|/)\s+\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—])\s*$", re.I
)


def _pages_by_marks(text: str) -> list[str]:
    """Text without form feeds split into pages at its page-number lines.

    Marks are footers (their page ends at them) unless the text starts with
    one and does not end with one: then they are headers (a page starts at each).
    """
    rows = text.split("\n")
    marks = [i for i, row in enumerate(rows) if _PAGE_MARK.match(row)]
    if not marks:
        return [text]
    filled = [i for i, row in enumerate(rows) if row.strip()]
    cut_after = marks[0] not in filled[:2] or marks[-1] in filled[-2:]
    pages: list[str] = []
    start = 0
    for mark in marks:
        end = mark + 1 if cut_after else mark
        if end > start:
            pages.append("\n".join(rows[start:end]))
        start = end
    if any(row.strip() for row in rows[start:]):
        pages.append("\n".join(rows[start:]))
    return pages


def read_text(path: Path, text: str, *, markdown: bool = False) -> SourceDocument:
    """Text and Markdown: one SourceLine per line; a form feed, or a page-number
    line such as "Page 2 of 5" when there are no form feeds, starts a new page."""
    lines: list[SourceLine] = []
    page = 1
    number = 0
    pages = text.split("\f") if "\f" in text else _pages_by_marks(text)
    for page_number, page_text in enumerate(pages, start=1):
        page = page_number
        for raw in page_text.split("\n"):
            number += 1
            style = ""
            body = raw
            if markdown:
                heading = _MD_HEADING.match(raw)
                bold = _MD_BOLD_LINE.match(raw)
                if heading:
                    body, style = heading.group(1), "heading"
                elif bold and len(bold.group(2).split()) <= 20:
                    body, style = bold.group(2), "heading"
                elif _MD_BULLET.match(raw):
                    body, style = _MD_BULLET.sub("", raw, count=1), "list"
            lines.append(SourceLine(body, page, number, style))
    kind = "markdown" if markdown else "text"
    # One page-number line is enough to know the text was laid out in pages.
    marked = any(_PAGE_MARK.match(line.text) for line in lines)
    return SourceDocument(path, kind, tuple(lines), page, paged=page > 1 or marked)
