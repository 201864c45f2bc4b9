"""A saved web page into lines: the main text only, with headings and list items.

Navigation, headers, footers, scripts and forms are skipped; when the page
marks its main content (<main>, <article>, role="main") only that is read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from store.agreements.ingest.errors import IngestError
from store.agreements.ingest.sources import SourceDocument, SourceLine

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "object",
        "canvas",
    ]
)
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "tr",
        "td",
        "th",
        "blockquote",
        "section",
        "article",
        "main",
        "dd",
        "dt",
        "pre",
        "figcaption",
        "caption",
        "table",
        "ul",
        "ol",
        "dl",
    ]
)
_VOID = frozenset(
    [
        "br",
        "hr",
        "img",
        "input",
        "meta",
        "link",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    ]
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.main_depth = 0
        self.saw_main = False
        self.blocks: list[tuple[str, str, bool]] = []  # (text, style, inside main)
        self.buffer: list[str] = []
        self.style = ""
        self.title: list[str] = []
        self.in_title = False

    def flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        if text:
            self.blocks.append((text, self.style, self.main_depth > 0))
        self.buffer = []
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag == "br":
                self.flush()
            return
        self.stack.append(tag)
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in ("main", "article") or dict(attrs).get("role") == "main":
            self.main_depth += 1
            self.saw_main = True
        if tag in _BLOCKS:
            self.flush()
            if re.fullmatch(r"h[1-6]", tag):
                self.style = "heading"
            elif tag == "li":
                self.style = "list"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _BLOCKS:
                self.flush()
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag in ("main", "article"):
                self.main_depth = max(0, self.main_depth - 1)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip_depth == 0:
            self.buffer.append(data)


def read_html(path: Path, text: str) -> SourceDocument:
    parser = _TextParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception as error:  # the stdlib parser is lenient; this is a last resort
        raise IngestError(f"{path}: the HTML cannot be read ({type(error).__name__})") from None
    parser.flush()
    blocks = [b for b in parser.blocks if b[2]] if parser.saw_main else parser.blocks
    lines: list[SourceLine] = []
    for body, style, _ in blocks:
        lines.append(SourceLine(body, 1, len(lines) + 1, style))
        lines.append(SourceLine("", 1, len(lines) + 1))
    if not any(line.text.strip() for line in lines):
        raise IngestError(f"{path}: the page has no readable text; save the page again")
    title = " ".join("".join(parser.title).split()) or None
    return SourceDocument(path, "html", tuple(lines), 1, title=title)
