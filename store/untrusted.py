"""Making untrusted text harmless for every output: terminal, TUI and exports.

The one place these rules live: `visible`/`one_line` for any screen,
`terminal_text` for Rich (the command line, and the TUI's Rich widgets; the
TUI wraps `visible` in a `Content` too), `md_*` for Markdown, `csv_cell` for
CSV and `escape_serialized` for JSON and TOML.

Agreement text and notes may hold ESC, C1 controls or bidi overrides (a TOML
"\u001b" is enough). Shown raw, they could retitle a window, write the
clipboard (OSC 52) or reorder what a reviewer reads. We replace each with a
visible placeholder instead of dropping it, so nothing is silently hidden.

On top of that, text placed in a Markdown document must not be able to create
structure of its own (a note starting with `#` is not a heading, a `|` does not
split a table cell, `<script>` is not HTML), and CSV cells must not be
spreadsheet formulas.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

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


# The only characters the pattern above matches that `str.isprintable` accepts
# (tests/store/test_untrusted.py checks every code point).
_PRINTABLE_BUT_UNSAFE = ("\u034f", "\u115f", "\u1160", "\u3164")


def _plainly_safe(text: str) -> bool:
    """A quick, exact test that `_TERMINAL_UNSAFE` matches nothing in `text`.

    `str.isprintable` runs in C, an order of magnitude faster than the pattern
    on a document of megabytes (`accord match --format json` at 10,000 × 10,000
    prints 40 MB); what it refuses is left to the pattern.
    """
    plain = text
    if "\n" in plain:
        plain = plain.replace("\n", "")
    if "\t" in plain:
        plain = plain.replace("\t", "")
    return plain.isprintable() and not any(char in text for char in _PRINTABLE_BUT_UNSAFE)


def terminal_safe(text: str) -> str:
    """Output text with every control, bidi and invisible character made visible.

    The last line of defence for everything a command prints: text that was
    already made visible passes unchanged.
    """
    if _plainly_safe(text):
        return text
    return _TERMINAL_UNSAFE.sub(lambda match: _placeholder(match.group()), text)


def terminal_text(text: str | None, style: str = "", *, single_line: bool = False) -> Text:
    """Untrusted text as a Rich `Text`: never parsed as markup, controls made visible."""
    from rich.text import Text  # only outputs that draw with Rich pay for it

    cleaned = one_line(text or "") if single_line else visible(text or "")
    return Text(cleaned, style=style, end="")


def escape_serialized(document: str) -> str:
    """Escape C1 and bidi characters as `\\uXXXX` inside a JSON or TOML document.

    Both formats accept `\\uXXXX` in their (basic) strings and those characters
    can only occur inside strings there, so the data round-trips exactly while
    `cat`, `less` or `git diff` show nothing misleading. (tomli-w and json
    already escape C0 controls.)
    """
    return re.sub(f"[\x80-\x9f{BIDI_CONTROLS}]", lambda m: f"\\u{ord(m.group()):04x}", document)


# Inline meaning in CommonMark, GFM or pandoc: emphasis, code, links, raw HTML,
# entities, table cells, strike-through, sub/superscript, math, citations; and the
# colon of "://", or GFM's autolinker would take the URL's escapes as literal text.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>|~$&^@]|:(?=//))")
# Meaning only at the start of a line: headings, lists, quotes, thematic breaks,
# setext underlines, definition lists, ordered lists ("1." / "1)").
_MD_LINE_START = re.compile(r"^([#>+\-=:%]|\d+[.)])")


def _escape_line(line: str) -> str:
    escaped = _MD_INLINE.sub(r"\\\1", line)
    match = _MD_LINE_START.match(escaped)
    if match:
        marker = match.group(1)
        safe = marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker
        escaped = safe + escaped[match.end() :]
    return escaped


def md_inline(text: str) -> str:
    """One line of Markdown that renders as the literal text (line breaks become spaces)."""
    return _escape_line(" ".join(visible(text).split()))


def md_block(text: str, indent: str = "") -> str:
    """Multi-line text as Markdown lines, each prefixed by `indent` (a list or quote prefix).

    Leading spaces are dropped from every line (four would start a code block),
    blank lines stay as paragraph breaks inside the surrounding item, and no
    line can open a heading, list, quote or fence of its own.
    """
    out: list[str] = []
    for raw in visible(text).splitlines():
        line = " ".join(raw.split())
        out.append(f"{indent}{_escape_line(line)}" if line else indent.rstrip())
    while out and out[-1] == indent.rstrip():
        out.pop()
    return "\n".join(out) if out else indent.rstrip()


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: one line, `|` escaped, line breaks as `<br>`."""
    parts = [_escape_line(" ".join(line.split())) for line in visible(text).splitlines()]
    return "<br>".join(part for part in parts if part) or " "


_FORMULA_START = ("=", "+", "-", "@")


def csv_cell(text: str, *, single_line: bool = False) -> str:
    """A cell a spreadsheet shows as text: controls made visible, formulas disarmed.

    Spreadsheets evaluate cells starting with = + - @ (CSV injection); a leading
    apostrophe is the usual convention that keeps them as text.
    """
    shown = one_line(text) if single_line else visible(text)
    return f"'{shown}" if shown.startswith(_FORMULA_START) else shown


def html_text(text: str) -> str:
    """Text for an HTML element or attribute: controls visible, `& < > " '` as entities.

    Newlines are kept; the report's style sheet shows them (`white-space: pre-wrap`).
    """
    import html

    return html.escape(visible(text), quote=True)
