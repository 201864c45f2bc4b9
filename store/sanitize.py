"""Making untrusted text harmless for terminals and exports.

Agreement text and notes may hold ESC, C1 controls or bidi overrides (a TOML
"\u001b" is enough). Shown raw, they could retitle a window, write the
clipboard (OSC 52) or reorder what a reviewer reads. We replace each with a
visible placeholder instead of dropping it, so nothing is silently hidden.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides, isolates and marks: they reorder what a reader sees.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Unicode category Cc (C0, DEL, C1) and the bidi controls, in one pass.
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
# The same, less tab and newline, which agreement text may hold.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def _placeholder(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def first_unsafe(text: str) -> str | None:
    """The first character that could rewrite a terminal, if any (tab and newline are fine)."""
    found = _UNSAFE.search(text)
    return found.group() if found else None


def visible(text: str, keep_newlines: bool = True) -> str:
    """Replace control and bidi characters with visible placeholders."""

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n" and keep_newlines:
            return char
        if char == "\t":
            return "    " if keep_newlines else " "
        return _placeholder(char)

    return _CONTROL.sub(replace, text)


def one_line(text: str) -> str:
    """Visible text folded onto one line (for table cells and list rows)."""
    return " ".join(visible(text, keep_newlines=False).split())
