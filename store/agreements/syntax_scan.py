"""Where a TOML syntax problem really starts, when tomli's position does not say.

tomli reports an unclosed multi-line string at the end of the document, and
nesting that is too deep without any position. One linear pass over the text
(strings and comments skipped, lines counted on "\\n" only, as TOML does) finds
the opening of a multi-line string that is never closed, and the first bracket
that nests deeper than `MAX_NESTING`.
"""

from __future__ import annotations

from dataclasses import dataclass

# Agreements, lexicons, tags and review files nest a handful of levels. Far below
# tomli's own limit (400), and low enough that the position index, which recurses
# once per level, stays clear of Python's recursion limit.
MAX_NESTING = 64


@dataclass(frozen=True, slots=True)
class Spot:
    line: int  # 1-based
    col: int  # 1-based
    what: str  # the opening delimiter: '\"\"\"', "'''", '[' or '{'


@dataclass(frozen=True, slots=True)
class Structure:
    unclosed_multiline: Spot | None = None
    too_deep: Spot | None = None


def _closing(text: str, quote: str, start: int) -> int:
    """The index of the closing triple quote at or after `start`, or -1."""
    end = text.find(quote * 3, start)
    while end != -1 and quote == '"' and _escaped(text, end):
        end = text.find(quote * 3, end + 1)
    return end


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - 1 - backslashes >= 0 and text[index - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def scan_structure(text: str, max_nesting: int = MAX_NESTING) -> Structure:
    """The unclosed multi-line string and the too-deep bracket of `text`, if any."""
    i, line, line_start, depth = 0, 1, 0, 0
    in_value = False  # after `=`, where `[` opens an array rather than a table header
    too_deep: Spot | None = None
    length = len(text)
    while i < length:
        char = text[i]
        if char == "\n":
            line, line_start = line + 1, i + 1
            in_value = in_value and depth > 0
            i += 1
        elif char == "#":
            newline = text.find("\n", i)
            i = length if newline == -1 else newline
        elif char in "\"'" and text.startswith(char * 3, i):
            end = _closing(text, char, i + 3)
            if end == -1:
                spot = Spot(line, i - line_start + 1, char * 3)
                return Structure(unclosed_multiline=spot, too_deep=too_deep)
            end += 3
            while text.startswith(char, end):  # up to two quotes belong to the string
                end += 1
            newlines = text.count("\n", i, end)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", i, end) + 1
            i = end
        elif char in "\"'":
            i += 1
            while i < length and text[i] not in (char, "\n"):
                i += 2 if char == '"' and text[i] == "\\" else 1
            if i < length and text[i] == char:
                i += 1
        else:
            if char == "=":
                in_value = True
            elif char in "[{" and (in_value or depth > 0):
                depth += 1
                if depth > max_nesting and too_deep is None:
                    too_deep = Spot(line, i - line_start + 1, char)
            elif char in "]}" and depth > 0:
                depth -= 1
            i += 1
    return Structure(too_deep=too_deep)
