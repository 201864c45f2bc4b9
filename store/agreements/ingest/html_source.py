"""A saved web page into lines: the main text only, with headings and list items.

Navigation, headers, footers, scripts and forms are skipped, and so are
elements whose class, id or role says they are (class="site-menu",
role="navigation"); when the page marks its main content (<main>,
<article>, role="main") only that is read. A paragraph set wholly in bold is
a heading; a <br> breaks a line, not a paragraph.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from store.agreements.ingest.document import SourceDocument, SourceLine
from store.agreements.ingest.errors import IngestError

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


# Page furniture that is marked by its class, id or role rather than its tag.
_FURNITURE_NAME = re.compile(
    r"^(?:.*[-_])?(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|cookies?|"
    r"skip|share|social)(?:[-_].*)?$",
    re.IGNORECASE,
)
_FURNITURE_ROLE = frozenset(["navigation", "banner", "contentinfo", "complementary", "search"])


def _is_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    values = dict(attrs)
    if (values.get("role") or "").casefold() in _FURNITURE_ROLE:
        return True
    names = f"{values.get('class') or ''} {values.get('id') or ''}".split()
    return any(_FURNITURE_NAME.match(name) for name in names)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.main_depth = 0
        self.saw_main = False
        # (text, style, inside main, continued on the next line after a <br>)
        self.blocks: list[tuple[str, str, bool, bool]] = []
        self.buffer: list[str] = []
        self.bold: list[str] = []  # the buffer's text set in <b>/<strong>
        self.bold_depth = 0
        self.skipped: list[bool] = []  # per open tag: did it start a skipped region
        self.style = ""
        self.title: list[str] = []
        self.in_title = False

    def flush(self, *, line_break: bool = False) -> None:
        text = " ".join("".join(self.buffer).split())
        bold = " ".join("".join(self.bold).split())
        if text:
            style = self.style
            if not style and bold == text and len(text.split()) <= 20:
                style = "heading"  # a paragraph set wholly in bold: <p><strong>1. Aims</strong></p>
            self.blocks.append((text, style, self.main_depth > 0, line_break and not style))
        self.buffer = []
        self.bold = []
        if not line_break:
            self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag == "br":
                self.flush(line_break=True)
            return
        self.stack.append(tag)
        furniture = tag in _SKIP or _is_furniture(attrs)
        self.skipped.append(furniture)
        if furniture:
            self.skip_depth += 1
        if tag in ("b", "strong"):
            self.bold_depth += 1
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
            if self.skipped.pop():
                self.skip_depth -= 1
            if open_tag in ("b", "strong"):
                self.bold_depth = max(0, self.bold_depth - 1)
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
            if self.bold_depth > 0:
                self.bold.append(data)


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
    for body, style, _, continued in blocks:
        lines.append(SourceLine(body, 1, len(lines) + 1, style))
        if not continued:
            lines.append(SourceLine("", 1, len(lines) + 1))
    if not any(line.text.strip() for line in lines):
        raise IngestError(f"{path}: the page has no readable text; save the page again")
    title = " ".join("".join(parser.title).split()) or None
    return SourceDocument(path, "html", tuple(lines), 1, title=title)
