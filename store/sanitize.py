"""Making untrusted text harmless for terminals and exports.

Agreement text and notes may hold ESC, C1 controls or bidi overrides (a TOML
"\u001b" is enough). Shown raw, they could retitle a window, write the
clipboard (OSC 52) or reorder what a reviewer reads. We replace each with a
visible placeholder instead of dropping it, so nothing is silently hidden.
"""

from __future__ import annotations

import unicodedata

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _placeholder(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str, keep_newlines: bool = True) -> str:
    """Replace control and bidi characters with visible placeholders."""
    out: list[str] = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append("    " if keep_newlines else " ")
        elif char in _BIDI or unicodedata.category(char) == "Cc":
            out.append(_placeholder(char))
        else:
            out.append(char)
    return "".join(out)


def one_line(text: str) -> str:
    """Visible text folded onto one line (for table cells and list rows)."""
    return " ".join(visible(text, keep_newlines=False).split())
