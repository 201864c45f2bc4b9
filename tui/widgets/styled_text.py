"""Styled text for the review workflows: word highlights, word diffs, link states.

Every style here pairs a colour with a text attribute (bold, underline,
strike, reverse) so that the meaning survives 16 colours and NO_COLOR. All
untrusted text reaches `Content` through `tui.untrusted_content`, never as markup.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from textual.content import Content

from service.review_state import LINK_GLYPHS
from tui.untrusted_content import safe_content

EQUAL_STYLE = "bold $accord-equal"
SYNONYM_STYLE = "underline italic $accord-synonym"
REMOVED_STYLE = "strike bold $accord-rejected"
ADDED_STYLE = "underline bold $accord-reviewed"
DIM_STYLE = "$text-muted"

STATUS_GLYPHS = LINK_GLYPHS
STATUS_WORDS: dict[str, str] = {
    "confirmed": "confirmed",
    "rejected": "rejected",
    "deferred": "deferred",
    "suggested": "undecided",
}


class TokenLike(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def kind(self) -> str: ...


def legend() -> Content:
    return Content.assemble(
        styled("same word", EQUAL_STYLE), "  ", styled("lexicon match", SYNONYM_STYLE)
    )


def tokens_content(tokens: Iterable[TokenLike], original: str | None = None) -> Content:
    """Paint highlight tokens; spacing is taken from `original` when tokens omit it."""
    parts: list[Content] = []
    tokens = list(tokens)
    if original is not None and "".join(t.text for t in tokens) != original:
        return _painted_over(original, tokens)
    for token in tokens:
        parts.append(_styled(token.text, _style_for(token.kind)))
    return Content("").join(parts)


def _style_for(kind: str) -> str:
    if kind == "equal":
        return EQUAL_STYLE
    if kind == "synonym":
        return SYNONYM_STYLE
    return ""


def paint(content: Content, style: str) -> Content:
    """Apply `style` one word at a time.

    A theme without Accord's variables makes "$accord-equal" unparseable; as
    separate spans, the bold or underline beside it still applies.
    """
    for part in style.split():
        content = content.stylize(part)
    return content


def styled(text: str, style: str) -> Content:
    """Our own (trusted) text in a style; see `paint`."""
    return paint(Content(text), style)


def _styled(text: str, style: str) -> Content:
    piece = safe_content(text)
    return paint(piece, style) if style and text.strip() else piece


def _painted_over(original: str, tokens: Sequence[TokenLike]) -> Content:
    """Find each token in `original`, in order, and style it there.

    Tokens without the original's whitespace and punctuation still paint the
    words as written, so the reviewer reads the commitment verbatim.
    """
    parts: list[Content] = []
    position = 0
    for token in tokens:
        if not token.text:
            continue
        found = original.find(token.text, position)
        if found < 0:
            continue
        if found > position:
            parts.append(safe_content(original[position:found]))
        parts.append(_styled(token.text, _style_for(token.kind)))
        position = found + len(token.text)
    if position < len(original):
        parts.append(safe_content(original[position:]))
    return Content("").join(parts)


_WORD = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str) -> tuple[Content, Content]:
    """Old and new wording with removed words struck and added words underlined."""
    old_parts = _WORD.findall(old)
    new_parts = _WORD.findall(new)
    old_words = [p for p in old_parts if not p.isspace()]
    new_words = [p for p in new_parts if not p.isspace()]
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    old_changed: set[int] = set()
    new_changed: set[int] = set()
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            old_changed.update(range(i1, i2))
            new_changed.update(range(j1, j2))
    return (
        _paint_words(old_parts, old_changed, REMOVED_STYLE),
        _paint_words(new_parts, new_changed, ADDED_STYLE),
    )


def _paint_words(parts: list[str], changed: set[int], style: str) -> Content:
    pieces: list[Content] = []
    index = 0
    for part in parts:
        if part.isspace():
            pieces.append(safe_content(part))
            continue
        pieces.append(_styled(part, style if index in changed else ""))
        index += 1
    return Content("").join(pieces)


def status_content(status: str | None, tag_label: str | None = None) -> Content:
    """A link's state as glyph + word (+ tag), never colour alone."""
    key = status if status in STATUS_GLYPHS else "suggested"
    styles = {
        "confirmed": "bold $accord-reviewed",
        "rejected": "bold $accord-rejected",
        "deferred": "italic $accord-outdated",
        "suggested": DIM_STYLE,
    }
    label = "not linked yet" if status is None else STATUS_WORDS[key]
    parts: list[Content] = [styled(f"{STATUS_GLYPHS[key]} {label}", styles[key])]
    if tag_label:
        parts.append(Content("  tag "))
        parts.append(paint(safe_content(tag_label, single_line=True), "bold reverse"))
    return Content("").join(parts)
