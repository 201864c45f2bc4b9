"""Findings: what `accord check` reports, in ruff's style.

agreements/hlm-2022.toml:12:5: error[E103]: unknown key 'txt'
   |
12 | txt = "Promote ..."
   |     ^^^
   = hint: did you mean 'text'?
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]

CODES: dict[str, str] = {
    "E001": "toml-syntax",
    "E002": "byte-order-mark",
    "E003": "not-utf8",
    "E004": "unreadable-file",
    "E005": "not-a-regular-file",
    "E006": "file-too-large",
    "E101": "missing-key",
    "E102": "duplicate-id",
    "E103": "unknown-key",
    "E104": "wrong-type",
    "E105": "empty-text",
    "E106": "invalid-id",
    "E107": "invalid-date",
    "E108": "control-character",
    "E109": "unknown-topic",
    "E110": "unknown-party",
    "E111": "unknown-modality",
    "W201": "untagged-topic",
    "W202": "orphaned-review",
}


@dataclass(frozen=True, slots=True)
class Finding:
    path: Path
    line: int
    col: int
    code: str
    message: str
    hint: str | None = None
    source_line: str | None = None
    width: int = 1
    related: tuple[tuple[int, int], ...] = field(default=())

    @property
    def severity(self) -> Severity:
        return "warning" if self.code.startswith("W") else "error"

    @property
    def name(self) -> str:
        return CODES.get(self.code, "")

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def headline(self) -> str:
        return f"{self.location()}: {self.severity}[{self.code}]: {self.message}"

    def render(self) -> str:
        """The finding as ruff prints one: headline, source with a caret, hint."""
        lines = [self.headline()]
        if self.source_line is not None:
            gutter = str(self.line)
            pad = " " * len(gutter)
            shown, col, width = _window(self.source_line.rstrip("\n"), self.col, self.width)
            lines.append(f"{pad} |")
            lines.append(f"{gutter} | {shown}")
            lines.append(f"{pad} | {' ' * max(col - 1, 0)}{'^' * max(width, 1)}")
        if self.hint:
            lines.append(f"  = hint: {self.hint}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        data["severity"] = self.severity
        data["name"] = self.name
        data["related"] = [list(pair) for pair in self.related]
        return data


# A source line longer than this is shown as this many characters around the column:
# a 4 MB one-line value must not print megabytes of text and caret padding.
SHOWN_CHARS = 160


def _window(line: str, col: int, width: int) -> tuple[str, int, int]:
    """The part of `line` to echo, and the caret's column and width within it."""
    if len(line) <= SHOWN_CHARS:
        return line, col, width
    start = max(0, min(col - 1 - SHOWN_CHARS // 2, len(line) - SHOWN_CHARS))
    prefix = "…" if start else ""
    suffix = "…" if start + SHOWN_CHARS < len(line) else ""
    shown = prefix + line[start : start + SHOWN_CHARS] + suffix
    caret = col - start + len(prefix)
    return shown, caret, max(1, min(width, SHOWN_CHARS - (col - 1 - start)))
