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
# Invisible format characters (a regex class body): zero-width space, joiners and
# word joiner, invisible operators, BOM, soft hyphen, combining grapheme joiner,
# Mongolian vowel separator, Hangul fillers, interlinear annotation marks, tag
# characters (which can smuggle hidden text), and the line and paragraph
# separators (a terminal may break the line there; TOML does not). Shown raw they
# hide text from the reader or shift a table's borders. They are marked, not
# refused: PDF extraction leaves soft hyphens and zero-width spaces in real text.
INVISIBLE_FORMAT = (
    "\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2028\u2029\u2060-\u2064\u3164\ufeff"
    "\ufff9-\ufffb\U000e0000-\U000e007f"
)
# A lone surrogate is an undecodable byte kept by Python's surrogateescape (a
# non-UTF-8 argument or file name); it cannot be encoded for any output.
_SURROGATES = "\ud800-\udfff"
# Unicode category Cc (C0, DEL, C1), the bidi controls, invisible format characters
# and lone surrogates, in one pass.
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}{INVISIBLE_FORMAT}{_SURROGATES}]")
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
    """Replace control, bidi and invisible format characters with visible placeholders.

    A lone surrogate (an undecodable byte kept by surrogateescape) shows as
    `<U+DCxx>`, so the result can always be encoded as UTF-8.
    """

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


# What may not reach a terminal from a command's output: like visible(), but tab,
# newline and a CR that ends a CRLF line (CSV) are kept, since they only lay text out.
_TERMINAL_UNSAFE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}{INVISIBLE_FORMAT}{_SURROGATES}]|\r(?!\n)"
)


def terminal_safe(text: str) -> str:
    """Output text with every control, bidi and invisible character made visible.

    The last line of defence for everything a command prints: text that was
    already made visible passes unchanged.
    """
    return _TERMINAL_UNSAFE.sub(lambda match: _placeholder(match.group()), text)
