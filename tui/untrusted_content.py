"""Untrusted text (agreements, notes) on its way to a Textual widget, as `Content`.

Plain strings given to Textual widgets are parsed as markup, and `escape()` is
not enough (it misses `[TODO]`). So agreement and note text only ever reaches a
widget as `Content` made here or as Rich `Text` from `store.untrusted.terminal_text`:
the rules themselves (control characters become visible placeholders) live in
`store.untrusted`.
"""

from __future__ import annotations

from textual.content import Content

from store.untrusted import one_line, visible


def safe_content(text: str | None, *, single_line: bool = False) -> Content:
    cleaned = one_line(text or "") if single_line else visible(text or "")
    return Content(cleaned)
