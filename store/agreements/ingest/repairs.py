"""Undoing what text extraction does to a document, one recorded repair at a time.

Each repair keeps the words before and after, so the draft can say beside a
commitment what was changed, and a test can check that nothing was invented:
a repair only ever removes characters (page furniture, a repeated line, a
stray glyph, a markup tag) or joins a word split by a hyphen.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from store.agreements.ingest.document import SourceLine
from store.untrusted import BIDI_CONTROLS, visible

# Glyphs that start a list item; PDF symbol fonts map theirs into the private use area.
BULLETS = "•●▪◦■□►➢✓➤\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
TERMINAL = ".;:!?"
# Everything `accord check` refuses in text (E108), less the tab that tables use.
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_WORD = re.compile(r"\S+")
_TAG = re.compile(r"</?(?:i|b|em|strong|u|span)\b[^>]*>", re.IGNORECASE)
_TAG_BEFORE_PUNCT = re.compile(r"</(?:i|b|em|strong|u|span)>\s+([,.;:])", re.IGNORECASE)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_INLINE_HYPHEN = re.compile(r"\b([A-Za-z]{2,})- (?!(?:and|or|nor|to|as|of)\b)([A-Za-z]{2,})")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_LEAD_IN_END = re.compile(r"(?:\b(?:to|by|will|shall|includes?|including)|:)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Repair:
    kind: str  # furniture, page-number, repeated-line, hyphenation, markup, glyph, spacing
    line: int  # the source line it applies to (1-based)
    before: str  # the words as extracted
    after: str  # the words as repaired ("" when removed)

    def describe(self) -> str:
        labels = {
            "furniture": "repeated page header/footer removed",
            "page-number": "page number removed",
            "repeated-line": "text repeated across a page break removed",
            "hyphenation": "hyphenation joined",
            "markup": "markup removed",
            "glyph": "stray bullet glyph removed",
            "lost-bullet": "bullet glyph lost in extraction; item boundary taken from",
            "spacing": "missing space restored",
            "control": "control characters removed from",
            "metadata": "metadata before the text removed",
        }
        label = labels.get(self.kind, self.kind)
        if self.kind == "lost-bullet":
            return f"{label} {self.before!r}"
        if self.after:
            return f"{label}: {_short(self.before)!r} → {_short(self.after)!r}"
        return f"{label}: {_short(self.before)!r}"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def repair_lines(lines: list[SourceLine], *, paged: bool) -> tuple[list[SourceLine], list[Repair]]:
    """Apply every repair; return the repaired lines and what was done."""
    repairs: list[Repair] = []
    out = [_repair_controls(line, repairs) for line in lines]
    out = [_repair_markup(line, repairs) for line in out]
    out = _drop_furniture(out, repairs, paged=paged)
    out = _drop_repeated_tails(out, repairs)
    out = _drop_stray_glyphs(out, repairs)
    out = _join_hyphenation(out, repairs)
    out = [_repair_spacing(line, repairs) for line in out]
    return out, repairs


def _repair_controls(line: SourceLine, repairs: list[Repair]) -> SourceLine:
    """Control and bidi characters (a PDF's broken font map, an ESC) are never text."""
    text = _CONTROL.sub("", line.text)
    if text != line.text:
        repairs.append(Repair("control", line.number, visible(line.text.strip())[:60], ""))
        return replace(line, text=text)
    return line


def _repair_markup(line: SourceLine, repairs: list[Repair]) -> SourceLine:
    text = _TAG_BEFORE_PUNCT.sub(r"\1", line.text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub(r"\1", text)
    if text != line.text:
        repairs.append(Repair("markup", line.number, line.text.strip(), text.strip()))
        return replace(line, text=text)
    return line


def _is_furniture_candidate(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 12 and not _LEAD_IN_END.search(text) and text[-1] not in ".;,"


def _drop_furniture(
    lines: list[SourceLine], repairs: list[Repair], *, paged: bool
) -> list[SourceLine]:
    """Running headers and footers (a short line seen again and again) and page numbers."""
    stripped = [line.text.strip() for line in lines]
    counts = Counter(text for text in stripped if _is_furniture_candidate(text))
    pages = len({line.page for line in lines})
    # Unpaged text (a PDF table pasted as text) shows a running header only by
    # repetition; a real page layout also places it at a page's edge.
    threshold = max(2, pages // 2) if paged and pages >= 2 else 3
    repeated = {text for text, n in counts.items() if n >= threshold}
    if paged:
        repeated = {text for text in repeated if _at_page_edges(text, lines)}
    kept: list[SourceLine] = []
    for line, text in zip(lines, stripped, strict=True):
        if text in repeated:
            repairs.append(Repair("furniture", line.number, text, ""))
            continue
        if paged and _PAGE_NUMBER.match(text) and _near_page_edge(line, lines):
            repairs.append(Repair("page-number", line.number, text, ""))
            continue
        kept.append(line)
    return kept


def _page_lines(lines: list[SourceLine], page: int) -> list[SourceLine]:
    return [line for line in lines if line.page == page and line.text.strip()]


def _near_page_edge(line: SourceLine, lines: list[SourceLine]) -> bool:
    on_page = _page_lines(lines, line.page)
    edges = on_page[:2] + on_page[-2:]
    return any(edge.number == line.number for edge in edges)


def _at_page_edges(text: str, lines: list[SourceLine]) -> bool:
    hits = [line for line in lines if line.text.strip() == text]
    return sum(_near_page_edge(line, lines) for line in hits) >= max(2, len(hits) // 2)


def _ends_open(text: str) -> bool:
    """The line stops mid-sentence, so the next line continues it."""
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] not in TERMINAL


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _fold(words: list[str]) -> str:
    return " ".join(word.strip(",;.").casefold() for word in words)


def _repeated_tail(previous: str, following: str) -> int:
    """How many words at the end of `previous` reappear at the start of `following`.

    A page break in a table repeats the end of one line at the start of the
    next, sometimes garbled ("fastering … group transition" before "fostering
    … green transition"); a close fuzzy match over five words or more counts.
    """
    before = _words(previous)
    after = [word for word in _words(following) if word not in BULLETS]
    longest = min(len(before), len(after), 30)
    for size in range(longest, 3, -1):
        if _fold(before[-size:]) == _fold(after[:size]):
            return size
    for size in range(longest, 4, -1):
        tail, head = before[-size:], after[:size]
        ends_agree = all(
            fuzz.ratio(_fold([a]), _fold([b])) >= 80
            for a, b in ((tail[0], head[0]), (tail[-1], head[-1]))
        )
        if ends_agree and fuzz.ratio(_fold(tail), _fold(head)) >= 85:
            return size
    return 0


def _drop_repeated_tails(lines: list[SourceLine], repairs: list[Repair]) -> list[SourceLine]:
    out = list(lines)
    for index, line in enumerate(out):
        following = next((nxt for nxt in out[index + 1 :] if nxt.text.strip()), None)
        if following is None or not _ends_open(line.text):
            continue
        size = _repeated_tail(line.text, following.text)
        if not size:
            continue
        words = _words(line.text)
        # Cut at the start of the repeated words, keeping the line's indentation.
        cut = _word_offset(line.text, len(words) - size)
        removed = line.text[cut:].strip()
        out[index] = replace(line, text=line.text[:cut].rstrip())
        repairs.append(Repair("repeated-line", line.number, removed, ""))
    return out


def _word_offset(text: str, word_index: int) -> int:
    for number, match in enumerate(_WORD.finditer(text)):
        if number == word_index:
            return match.start()
    return len(text)


def _drop_stray_glyphs(lines: list[SourceLine], repairs: list[Repair]) -> list[SourceLine]:
    """A bullet glyph before a line that continues the previous sentence is misplaced."""
    out = list(lines)
    previous: SourceLine | None = None
    for index, line in enumerate(out):
        body = line.text.lstrip()
        if not body:
            continue
        if body[0] in BULLETS and previous is not None and _ends_open(previous.text):
            rest = body[1:].lstrip()
            if rest[:1].islower():
                indent = line.text[: len(line.text) - len(body)]
                out[index] = replace(line, text=indent + rest)
                repairs.append(Repair("glyph", line.number, body[:40], rest[:40]))
                line = out[index]
        previous = line
    return out


def _join_hyphenation(lines: list[SourceLine], repairs: list[Repair]) -> list[SourceLine]:
    vocabulary = {
        word.casefold() for line in lines for word in re.findall(r"[A-Za-z]{3,}", line.text)
    }
    out = list(lines)
    for index, line in enumerate(out):

        def join(match: re.Match[str], number: int = line.number) -> str:
            joined = f"{match.group(1)}-{match.group(2)}"
            repairs.append(Repair("hyphenation", number, match.group(0), joined))
            return joined

        text = _INLINE_HYPHEN.sub(join, line.text)
        # A word broken at the end of a line: keep the hyphen unless the unbroken
        # word occurs elsewhere in the document ("organi-" + "sations").
        end = re.search(r"([A-Za-z]{2,})-$", text.rstrip())
        nxt = index + 1
        if end and nxt < len(out):
            head = re.match(r"(\s*)([a-z][A-Za-z]*)(.*)$", out[nxt].text, re.DOTALL)
            if head:
                whole = end.group(1) + head.group(2)
                keep_hyphen = whole.casefold() not in vocabulary
                glue = "-" if keep_hyphen else ""
                stem = text.rstrip()[: -len(end.group(0))]
                joined = end.group(1) + glue + head.group(2)
                repairs.append(
                    Repair("hyphenation", line.number, f"{end.group(0)} {head.group(2)}", joined)
                )
                text = stem + joined
                out[nxt] = replace(out[nxt], text=head.group(1) + head.group(3).lstrip())
        if text != line.text:
            out[index] = replace(line, text=text)
    return out


def _repair_spacing(line: SourceLine, repairs: list[Repair]) -> SourceLine:
    text = re.sub(r";(?=[A-Z])", "; ", line.text)
    if text != line.text:
        found = re.search(r"\S*;(?=[A-Z])\S*", line.text)
        before = found.group(0) if found else ";"
        repairs.append(Repair("spacing", line.number, before, before.replace(";", "; ")))
        return replace(line, text=text)
    return line
