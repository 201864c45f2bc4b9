"""What every reader (text, PDF, DOCX, HTML) makes of a file: lines, with their page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of extracted text. `style` is what the file's own markup says.

    Styles: "" (plain), "heading" (a heading style or `#`), "title", "list"
    (a list style, bullet or numbered item) and "cell" for table rows whose
    cells are joined by a tab.
    """

    text: str
    page: int
    number: int
    style: str = ""


@dataclass(frozen=True, slots=True)
class SourceDocument:
    path: Path
    kind: str
    lines: tuple[SourceLine, ...]
    pages: int
    title: str | None = None
    paged: bool = False  # pages are real (PDF, form feeds), so page furniture can be found
    wrapped: bool = False  # lines are the layout's, so only a gap or a style ends a paragraph

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
