"""Untrusted text (agreements, notes) on its way to the screen.

Plain strings given to Textual widgets are parsed as markup, and `escape()` is
not enough (it misses `[TODO]`). So agreement and note text only ever reaches a
widget through these helpers: control characters become visible placeholders
first, and the result is a `Text`/`Content` object that is never parsed.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from store.untrusted import one_line, visible


def safe_text(text: str | None, style: str = "", *, single_line: bool = False) -> Text:
    cleaned = one_line(text or "") if single_line else visible(text or "")
    return Text(cleaned, style=style, end="")


def safe_content(text: str | None, *, single_line: bool = False) -> Content:
    cleaned = one_line(text or "") if single_line else visible(text or "")
    return Content(cleaned)
