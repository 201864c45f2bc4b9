"""Lines into blocks (headings and paragraphs), and paragraphs into segments.

A block remembers which source line each stretch of its text came from, so a
commitment can later name its lines and the repairs made on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from store.agreements.ingest.document import SourceLine
from store.agreements.ingest.repairs import BULLETS, TERMINAL
from store.agreements.ingest.verbs import LEAD_IN_VERB_END, verbs_in

_NUMBERED = re.compile(
    r"^(?:(?:\d{1,2}(?:\.\d{1,2})*\.?)|(?:[IVXLC]{1,5}\.)|"
    r"(?:(?i:article|section|part|chapter|annex|clause)\s+[\dIVXLC]+[.:]?(?:\s*[–—-])?))\s+(?=[A-Z])"
)
_GLYPH_MARK = re.compile(rf"^(?:[{BULLETS}]|[-–*](?=\s))\s*")
_LIST_MARK = re.compile(
    rf"^(?:[{BULLETS}]|[-–*](?=\s)|\(?[a-z0-9]{{1,3}}\)|\d{{1,2}}(?:\.\d{{1,2}})*\.?(?=\s)|"
    r"(?:[a-z]|[ivx]{2,4})\.(?=\s))\s*"
)
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "within",
        "between",
        "through",
        "towards",
        "toward",
        "its",
        "their",
        "our",
    ]
)


@dataclass
class Block:
    """A heading or a paragraph, with where its text came from."""

    kind: str  # "heading" or "para"
    text: str = ""
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, line)
    style: str = ""
    from_table: bool = False  # the heading column of a table ("Heading<TAB>text")
    glyph: bool = False  # began with a bullet, a dash, a number or a list style
    single_line: bool = True
    page_joins: list[int] = field(default_factory=list)  # offsets joined across removed lines
    cut_start: bool = False  # the text before this block's start was lost
    cut_end: bool = False  # the block stops in the middle of a word

    def add(self, text: str, line: int, *, skipped_lines: bool = False) -> None:
        # Justified PDF lines come out with runs of spaces ("ECA  will  lead").
        text = " ".join(text.split())
        if not text:
            return
        if self.text:
            self.single_line = False
            if skipped_lines:
                self.page_joins.append(len(self.text) + 1)
            self.text += " "
        self.starts.append((len(self.text), line))
        self.text += text

    def lines_between(self, start: int, end: int) -> tuple[int, ...]:
        found = [line for offset, line in self.starts if start <= offset < end]
        before = [line for offset, line in self.starts if offset <= start]
        if before:
            found.insert(0, before[-1])
        return tuple(sorted(set(found)))

    @property
    def first_line(self) -> int:
        return self.starts[0][1] if self.starts else 0


_SHORT_WORDS = frozenset(
    [
        "a",
        "i",
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "on",
        "or",
        "so",
        "to",
        "up",
        "us",
        "we",
    ]
)


def cut_word(text: str) -> bool:
    """The text ends in a fragment of a word ("care w"), so what followed was lost."""
    last = text.split()[-1] if text.split() else ""
    return len(last) <= 2 and last.isalpha() and last.islower() and last not in _SHORT_WORDS


def ends_open(text: str) -> bool:
    """The text stops mid-sentence (an abbreviation's full stop does not end one)."""
    stripped = text.rstrip()
    if not stripped:
        return False
    if stripped[-1] == "." and _is_abbreviation(stripped, len(stripped) - 1):
        return True
    return stripped[-1] not in TERMINAL


def strip_list_mark(text: str, *, numbers: bool = True) -> tuple[str, bool]:
    """The text without its bullet or item number; numbers only where an item may start."""
    stripped = text.lstrip()
    match = (_LIST_MARK if numbers else _GLYPH_MARK).match(stripped)
    if match and len(stripped) > match.end():
        return stripped[match.end() :], True
    return stripped, False


def title_case_ratio(text: str) -> float:
    words = [w.strip("(),;:'\"“”") for w in text.split()]
    significant = [w for w in words if w and w.casefold() not in _STOP and w[0].isalpha()]
    if not significant:
        return 0.0
    return sum(1 for w in significant if w[0].isupper()) / len(significant)


def numbered_heading(text: str) -> bool:
    return bool(_NUMBERED.match(text.strip()))


def _numbered_title(text: str) -> bool:
    return (
        numbered_heading(text)
        and len(text.split()) <= 14
        and text.rstrip()[-1] not in ".;:,"
        and title_case_ratio(_NUMBERED.sub("", text)) >= 0.5
    )


# Words a wrapped line of prose may end on; a heading never does.
_OPEN_ENDINGS = frozenset([*_STOP, "that", "which", "who", "whose", "is", "are", "be", "were"])
_DATED = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?[A-Z][a-z]+,?\s+\d{4}|"
    r"[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2}|"
    r"(?i:the\s+[a-z-]+\s+day\s+of\s+[a-z]+,?\s+\d{4}))"
)


def heading_line(text: str) -> bool:
    """A line shaped like a heading: "2. Areas of cooperation", "PREAMBLE", "Implementation".

    Short, no sentence punctuation at its end, no verb that commits, not
    ending on a word prose wraps after, and numbered, in capitals or mostly
    capitalised.
    """
    body = text.strip()
    words = body.split()
    if not words or len(words) > 14 or len(body) > 110 or body[-1] in ".;:,!?":
        return False
    if not (body[0].isupper() or body[0].isdigit()) or body[0] in BULLETS:
        return False
    if words[-1].casefold() in _OPEN_ENDINGS or LEAD_IN_VERB_END.search(body):
        return False
    if _numbered_title(body):
        return True
    if len(words) > 10 or verbs_in(body):
        return False
    letters = [ch for ch in body if ch.isalpha()]
    if len(letters) >= 3 and all(ch.isupper() for ch in letters):
        return True
    return len(words) <= 5 or title_case_ratio(body) >= 0.5


def bare_label(text: str) -> bool:
    """ "Article 2", "SECTION 3", "IV." alone: the heading's words are on the next line."""
    return bool(
        re.fullmatch(
            r"(?i:article|section|part|chapter|annex|clause)\s+[\dIVXLC]+[.:]?|[IVXLC]{1,5}\.|\d{1,2}\.",
            text.strip(),
        )
    )


def dateline(text: str) -> bool:
    """A short line that dates the document: "Geneva, 14 March 2025", "Done at … on …"."""
    body = text.strip().rstrip(".")
    matches = list(_DATED.finditer(body))
    found = matches[-1] if matches else None
    # The date ends the line, after a place or a short formula, not mid-sentence.
    return (
        found is not None
        and found.end() == len(body)
        and len(body[: found.start()].split()) <= 9
        and body[:1].isupper()
    )


def _starts_anew(body: str) -> bool:
    first = body[:1]
    return first.isupper() or first.isdigit() or first in BULLETS or first in '("“'


def _layout_headings(lines: list[SourceLine]) -> set[int]:
    """Numbers of the lines of a page layout that are headings set in the body's font.

    A heading line is short next to the text's full lines, shaped like a
    heading, follows a line that ended a sentence (or the page's start) with
    no gap between them, and is followed by a line that starts one.
    """
    filled = [line for line in lines if line.text.strip() and line.style == ""]
    widths = sorted(len(line.text.strip()) for line in filled)
    if len(widths) < 5:
        return set()
    full = widths[int(len(widths) * 0.9)]
    gap_before = {line.number for prior, line in pairwise(lines) if not prior.text.strip()}
    found: set[int] = set()
    for index, line in enumerate(filled):
        body = line.text.strip()
        if line.number in gap_before:
            continue  # the layout already sets it apart
        if len(body) > 0.6 * full or not heading_line(body) or "\t" in line.text:
            continue  # a tab is a table's heading column, read as such elsewhere
        before = filled[index - 1].text.strip() if index else ""
        after = filled[index + 1].text.strip() if index + 1 < len(filled) else ""
        ended = not before or before[-1] in TERMINAL or dateline(before)
        if not ended and filled[index - 1].number not in found:
            continue
        if after and not _starts_anew(after):
            continue
        found.add(line.number)
    return found


def heading_like_cell(text: str) -> bool:
    """The left cell of a "Heading<TAB>text" row: short, no sentence punctuation."""
    words = text.split()
    if not 0 < len(words) <= 20 or LEAD_IN_VERB_END.search(text):
        return False
    return text.strip()[-1] not in ".;:," and text.strip()[0] not in BULLETS


def _bare_lead_in(block: Block) -> bool:
    """A short line of its own ending in a verb: "Both organisations intend to"."""
    return (
        block.single_line
        and len(block.text.split()) <= 12
        and bool(LEAD_IN_VERB_END.search(block.text))
    )


def build_blocks(lines: list[SourceLine], *, wrapped: bool = False) -> list[Block]:
    """Group lines into blocks: blank lines, styles, tabs and punctuation decide."""
    blocks: list[Block] = []
    current: Block | None = None
    last_number = 0
    seen_number = 0
    seen_page = lines[0].page if lines else 1
    removed_before = False
    blank = False
    previous_length = 0

    def close() -> None:
        nonlocal current
        if current is not None and current.text:
            blocks.append(current)
        current = None

    own_line = _layout_headings(lines) if wrapped else set()
    heading_open = False  # the current block began with a heading line of a layout
    for line in lines:
        raw = line.text
        # Page furniture was taken out before this line, or a new page begins.
        removed_before = removed_before or line.number > seen_number + 1
        removed_before = removed_before or line.page != seen_page
        seen_page = line.page
        skipped = last_number and line.number > last_number + 1
        seen_number = line.number
        body = raw.strip()
        if not body:
            blank = True
            continue
        was_removed, removed_before = removed_before, False
        blank_before = blank
        if blank:
            blank = False
            # A page break in a table leaves a blank line and a running header
            # between the halves of one sentence; they still belong together.
            rejoin = (
                was_removed
                and current is not None
                and ends_open(current.text)
                and (raw.startswith("\t") or body[:1].islower())
                and line.style == ""
            )
            if rejoin and current is not None and cut_word(current.text):
                # "…unpaid care w" | "guaranteeing…": words were lost, not wrapped.
                current.cut_end = True
                close()
                current = Block("para", from_table=True, cut_start=True)
                current.add(raw.replace("\t", " "), line.number)
                last_number = line.number
                continue
            if not rejoin:
                close()
        if line.style in ("heading", "title"):
            close()
            previous = blocks[-1] if blocks else None
            if (
                wrapped
                and not blank_before
                and previous is not None
                and previous.kind == "heading"
                and previous.style == line.style
                and last_number == line.number - 1
                and ends_open(previous.text)
                and not numbered_heading(body)
            ):
                # A long title wraps onto a second line of the same style.
                previous.add(body, line.number)
                last_number = line.number
                continue
            heading = Block("heading", style=line.style)
            heading.add(body, line.number)
            blocks.append(heading)
            last_number = line.number
            continue
        cell, tab, rest = raw.lstrip(" ").partition("\t")
        if tab and cell.strip() and heading_like_cell(cell):
            close()
            heading = Block("heading", from_table=True)
            heading.add(cell, line.number)
            blocks.append(heading)
            current = Block("para", from_table=True)
            current.add(rest.replace("\t", " "), line.number)
            last_number = line.number
            continue
        text = raw.replace("\t", " ")
        continues_column = raw.startswith("\t")
        # "188) and other…" wrapped from "(No." is no item number: one can only
        # start where the text before it has ended.
        may_number = current is None or not ends_open(current.text)
        item_text, marked = strip_list_mark(text, numbers=may_number)
        marked = marked or line.style == "list"
        if marked and line.style != "list" and _numbered_title(body):
            marked = False  # "1. Social Protection" is a heading, not an item
        joinable = (
            current is not None
            and not (marked and not continues_column and line.style == "list")
            and (ends_open(current.text) or current.text.rstrip().endswith(";"))
            and not _bare_lead_in(current)
        )
        if (
            joinable
            and current is not None
            and marked
            and item_text[:1].isupper()
            and not ends_open(current.text)
        ):
            joinable = False  # a new bullet after "…;" starts a new item
        if joinable and current is not None and marked and current.glyph:
            joinable = False  # one bullet after another, even without punctuation
        if wrapped and current is not None and not marked and not blank_before:
            # A layout's line break is not a paragraph break.
            joinable = not _bare_lead_in(current)
        if joinable and current is not None and current.style == "list" and raw[:1].strip():
            joinable = False  # a list paragraph is whole; only an indented line continues it
        if (
            joinable
            and current is not None
            and not wrapped
            and current.single_line
            and not current.glyph
            and not (line.style == "list" and current.style == "list")
            and _starts_anew(body)
            and not bare_label(current.text)
            and (heading_line(current.text) or dateline(current.text))
        ):
            joinable = False  # "1. Objectives" | "The Parties will…": a heading ends at its line
        if wrapped and current is not None and (line.number in own_line or dateline(body)):
            joinable = False  # a layout's heading or dateline begins a block of its own
        if (
            wrapped
            and current is not None
            and current.single_line
            and (heading_open or dateline(current.text))
            and _starts_anew(body)
        ):
            joinable = False  # …and ends at its line
        if joinable and current is not None and not wrapped and dateline(body):
            joinable = False  # "…Children's Fund (UNICEF)" | "Geneva, 14 March 2025"
        if joinable and current is not None and cut_word(current.text):
            # "…unpaid care w" | "guaranteeing…": words were lost, not wrapped.
            current.cut_end = True
            close()
            current = Block("para", from_table=continues_column, cut_start=True)
            current.add(text, line.number)
            last_number = line.number
            continue
        if current is not None and joinable:
            # Joining a line that was a whole paragraph (not a wrapped one) is a
            # guess worth a second look, like a join across a page break.
            unwrapped = not wrapped and previous_length > 150 and ends_open(current.text)
            label = current.single_line and bare_label(current.text)
            current.add(text, line.number, skipped_lines=bool(skipped) or unwrapped)
            if label and heading_line(current.text):
                current.single_line = True  # "Article 2" + "Areas of Cooperation": one heading
        else:
            close()
            current = Block("para", style=line.style, from_table=continues_column)
            heading_open = line.number in own_line
            current.glyph = marked
            current.add(text, line.number)
        last_number = line.number
        previous_length = len(raw)
    close()
    return blocks


# -- segments -----------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    [
        "no",
        "nos",
        "e.g",
        "i.e",
        "etc",
        "mr",
        "mrs",
        "ms",
        "dr",
        "art",
        "arts",
        "para",
        "paras",
        "vol",
        "p",
        "pp",
        "fig",
        "st",
        "vs",
        "cf",
        "inc",
        "ltd",
        "co",
        "u.s",
        "u.s.a",
        "e.u",
        "approx",
        "op",
        "al",
    ]
)
_BOUNDARY = re.compile(
    rf";\s*|[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9{BULLETS}])|:\s+|:$|\s[{BULLETS}]\s+"
)
_ITEM_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,5}|[ivx]{1,4}|[a-z]")
LEAD_IN_ENDING = re.compile(
    r"(?:\b(?:to|by|will|shall|includes?|including|following|follows|on|are|is|in)|"
    r"the following\b.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str  # without the boundary punctuation, except a sentence's full stop
    boundary: str  # ";", ".", ":", "glyph" or "" at the end of the block
    after_glyph: bool = False  # began after a bullet glyph in the middle of the text


def _is_abbreviation(text: str, dot: int) -> bool:
    before = text[:dot].rsplit(None, 1)
    word = before[-1].casefold().lstrip("(") if before else ""
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _lead_in_colon(clause: str) -> bool:
    clause = clause.strip()
    if len(clause.split()) < 2:
        return False
    return bool(LEAD_IN_ENDING.search(clause)) or "the following" in clause.casefold()


def split_segments(text: str) -> list[Segment]:
    """Split a paragraph at `;`, sentence ends, lead-in colons and bullet glyphs."""
    segments: list[Segment] = []
    start = 0
    after_glyph = False
    for match in _BOUNDARY.finditer(text):
        mark = match.group().strip()
        clause = text[start : match.start()]
        if mark.startswith((".", "!", "?")):
            if _is_abbreviation(text, match.start()):
                continue
            if _ITEM_NUMBER.fullmatch(text[start : match.start()].strip()):
                continue  # "1. The participants…": the item's number, not a sentence
            kind = "."
            body = text[start : match.start() + 1]
            # Keep a closing quote or bracket with the sentence it ends.
            body = text[start : match.start() + len(match.group().rstrip())]
        elif mark.startswith(";"):
            if text[match.end() : match.end() + 1].islower():
                continue  # "…services; adequate social protection…": an inner list
            kind, body = ";", clause
        elif mark.startswith(":"):
            following = text[match.end() : match.end() + 2]
            at_end = match.end() >= len(text.rstrip())
            if not (at_end or following[:1].isupper() or following[:1] in BULLETS):
                continue
            if not (at_end and len(clause.split()) >= 2) and not _lead_in_colon(clause):
                continue
            kind, body = ":", clause + ":"
        else:
            kind, body = "glyph", clause
        if body.strip():
            segments.append(Segment(start, match.start(), body.strip(), kind, after_glyph))
        after_glyph = kind == "glyph"
        start = match.end()
    tail = text[start:].strip()
    if tail:
        segments.append(Segment(start, len(text), tail, "", after_glyph))
    return segments
