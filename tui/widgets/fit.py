"""Lines that keep ids and refs whole: the prose beside them gives way instead.

A ref cut in the middle (`improve-skills-lm` / `-data`) cannot be copied or
searched for, so lines are built from an unbreakable head (glyphs, a ref) and
a tail of prose that is shortened with an ellipsis to whatever room is left;
lists of labelled parts drop whole parts rather than cut one.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.content import Content


def head_and_tail(head: Text, tail: Text, width: int, gap: str = "  ") -> Text:
    """`head` whole, then `tail` shortened to the room left (nothing if there is none)."""
    line = head.copy()
    line.no_wrap = True
    line.end = ""
    room = width - line.cell_len - len(gap)
    if room >= 2 and tail.plain:
        shown = tail.copy()
        shown.truncate(room, overflow="ellipsis")
        line.append(gap)
        line.append_text(shown)
    return line


def fit_parts(parts: Sequence[Content], width: int, separator: str = " · ") -> Content:
    """As many whole parts as fit in `width`, then `…` if some were left out."""
    shown: list[Content] = []
    used = 0
    for index, part in enumerate(parts):
        extra = part.cell_length + (len(separator) if shown else 0)
        last = index == len(parts) - 1
        if used + extra + (0 if last else 2) > width:
            shown.append(Content(" …"))
            break
        if shown:
            shown.append(Content(separator))
        shown.append(part)
        used += extra
    return Content("").join(shown)
