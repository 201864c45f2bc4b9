"""Areas, commitments, modality and actors, found in the repaired text.

Areas come from headings: a style (DOCX, HTML, Markdown), a number ("3.",
"II.", "Article 4"), the left cell of a "Heading<TAB>text" table row, or a
short line standing alone (in Title Case when it sits among list items).

Commitments come from four shapes of text, as the bundled agreements have them:

- items after a lead-in ("The Commission and the ILO intend to:"), whether
  bullets, numbered lines or a `;`-separated run whose bullet glyphs were lost;
- the sentences after a lead-in that ends without a colon ("Both organisations
  intend to" on a line of its own);
- a sentence whose subject is a party and whose verb commits ("will",
  "commit to", "agree to", "intend to", "endeavour to", "explore");
- a lead-in that holds a commitment of its own ("…will continue their
  cooperation … and intend to:", "…intend to continue …, including by:").

Everything uncertain is kept, with a `check` reason for the maintainer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from store.agreements.ingest.blocks import (
    Block,
    Segment,
    build_blocks,
    ends_open,
    heading_line,
    numbered_heading,
    split_segments,
    strip_list_mark,
    title_case_ratio,
)
from store.agreements.ingest.document import SourceLine
from store.agreements.ingest.parties import ActorFinder, candidate_parties
from store.agreements.ingest.repairs import BULLETS, Repair
from store.agreements.ingest.verbs import (
    LEAD_IN_VERB_END,
    VERB_PATTERN,
    item_modality,
    last_modality,
    modality_of,
)
from store.agreements.model import Party

_PROSE_START = frozenset(
    [
        "the",
        "this",
        "these",
        "those",
        "that",
        "several",
        "such",
        "it",
        "its",
        "their",
        "our",
        "a",
        "an",
        "many",
        "some",
        "all",
        "each",
        "over",
        "for",
        "while",
        "although",
        "however",
        "moreover",
        "furthermore",
        "there",
        "he",
        "she",
        "they",
        "officials",
    ]
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2})?\s+(?:day\s+of\s+)?("
    + "|".join(_MONTHS)
    + r"),?\s+(\d{4})\b",
    re.I,
)
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = {"twentieth": 20, "thirtieth": 30, "twenty": 20, "thirty": 30}
# "the twelfth day of June 2023", "the twenty-first day of March, 2024"
_DAY_IN_WORDS = re.compile(
    r"\bthe\s+((?:twenty|thirty)[- ])?(" + "|".join(_ORDINALS) + r"|twentieth|thirtieth)"
    r"\s+(?:day\s+)?of\s+(" + "|".join(_MONTHS) + r"),?\s+(\d{4})\b",
    re.I,
)
_DONE_AT = re.compile(
    r"^(?:(?:done|signed|adopted|made|concluded)\s+)?(?:at|in)\s+"
    r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})(?:,|\s+on\b)"
    r"|^(?:done|signed|adopted|made|concluded)\s.*?\b(?:at|in)\s+([A-Z][\w.'’-]*"
    r"(?:\s+[A-Z][\w.'’-]*){0,3})(?:,|\s+on\b)",
    re.I,
)
_TITLE_GOES_ON = re.compile(
    r"^(?:between|by|of|on|and|for|from|concerning|regarding|relating|among|amongst|"
    r"to|with|in)\b",
    re.I,
)
_PREAMBLE_TITLE = re.compile(
    r"^(?:preamble|preambular|recitals?|whereas|introduction|background|context)$", re.I
)
_MONTH_DAY_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),\s+(\d{4})\b", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_METADATA = re.compile(r"^\s*date:?\s+(\d{4}-\d{2}-\d{2})\s+", re.I)
_DATELINE = re.compile(r"^([A-Z][\w .'’-]{1,40}),\s+(.{6,30})$")
_GLUE = re.compile(
    r"^([A-Z][^.,;:!?()\"“”]{10,200}?[a-z)])\s+"
    r"((?:The|Both|In|This|These|Given|With|Under|Our|We|Following)\s+[A-Za-z])"
)
_EMBEDDED_AND = re.compile(
    rf"^(?P<body>.+?)\s+and\s+(?:also\s+)?(?:{VERB_PATTERN})(?:\s+to)?$", re.I
)
_EMBEDDED_INCLUDING = re.compile(
    r"^(?P<body>.+?),?\s+(?:including|notably|inter alia|in particular)(?:\s+by)?$", re.I
)
_QUOTES = '"“”‘’'
# The signing formula of a treaty or MoU: it records a signature, it commits to nothing.
_SIGNATURE = re.compile(
    r"\b(?:in\s+witness\s+whereof|the\s+undersigned|duly\s+authori[sz]ed)\b", re.I
)


@dataclass
class DraftCommitment:
    text: str
    modality: str
    actors: tuple[str, ...]
    lead_in: str | None = None
    lines: tuple[int, ...] = ()
    checks: list[str] = field(default_factory=list)
    incomplete: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    topics: tuple[str, ...] = ()


@dataclass
class DraftArea:
    title: str
    line: int
    context: list[str] = field(default_factory=list)
    commitments: list[DraftCommitment] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


@dataclass
class DraftAgreement:
    title: str | None
    date: dt.date | None
    place: str | None
    preamble: list[str]
    parties: list[Party]
    new_parties: list[str]  # ids of parties not known from the folder
    areas: list[DraftArea]
    repairs: list[Repair]
    checks: list[str]


@dataclass
class _LeadIn:
    text: str
    modality: str
    actors: tuple[str, ...]
    checks: list[str]


def find_date(text: str) -> dt.date | None:
    candidates: list[tuple[int, dt.date]] = []
    for match in _ISO_DATE.finditer(text):
        try:
            candidates.append((match.start(), dt.date(*map(int, match.groups()))))
        except ValueError:
            continue
    for match in _DAY_MONTH_YEAR.finditer(text):
        day, month, year = match.groups()
        try:
            date = dt.date(int(year), _MONTHS.index(month.casefold()) + 1, int(day))
        except ValueError:
            continue
        candidates.append((match.start(), date))
    for match in _DAY_IN_WORDS.finditer(text):
        tens, unit, month, year = match.groups()
        unit = unit.casefold()
        day = _TENS[unit] if unit in _TENS else _ORDINALS.index(unit) + 1
        if tens:
            day += _TENS[tens.strip(" -").casefold()]
        try:
            date = dt.date(int(year), _MONTHS.index(month.casefold()) + 1, day)
        except ValueError:
            continue
        candidates.append((match.start(), date))
    for match in _MONTH_DAY_YEAR.finditer(text):
        month, day, year = match.groups()
        try:
            date = dt.date(int(year), _MONTHS.index(month.casefold()) + 1, int(day))
        except ValueError:
            continue
        candidates.append((match.start(), date))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _is_prose(text: str) -> bool:
    words = re.findall(r"[A-Za-z’']+", text[:80])
    if text[:1] in _QUOTES:
        return True
    if re.search(r"\b(?:said|says)\b", text) or _SIGNATURE.search(text):
        return True
    return bool(words) and words[0].casefold() in _PROSE_START


def _standalone_heading(block: Block, in_list: bool) -> bool:
    text = block.text.strip()
    if block.kind == "heading":
        return True
    if not block.single_line or block.glyph or not text:
        return False
    words = text.split()
    if len(words) > 20 or len(text) > 160 or text[-1] in ".;:,!?" or text[0] in _QUOTES:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or LEAD_IN_VERB_END.search(text):
        return False
    if numbered_heading(text):
        return True
    if in_list:
        return title_case_ratio(text) >= 0.6
    return True


def _title_block(block: Block) -> bool:
    """The document's first block names it: a heading, or a heading line and its run-on."""
    if block.kind == "heading" or _standalone_heading(block, False):
        return True
    text = block.text.strip()
    first = text[: block.starts[1][0]] if len(block.starts) > 1 else text
    return (
        len(text.split()) <= 40
        and text[-1:] not in ".;:"
        and heading_line(first)
        and bool(_TITLE_GOES_ON.match(text[len(first) :].strip()))
    )


def _title_continues(block: Block, title: str) -> bool:
    """ "between the ILO and UNICEF" or "on green skills" under a title line, or a
    subtitle that names the parties ("Annual Consultation between X and Y").

    A title set in capitals goes on in capitals: "BETWEEN" | "THE ILO" | "AND" | "UNICEF".
    """
    text = block.text.strip()
    if len(text.split()) > 30 or text[-1:] in ".;:":
        return False
    if re.search(r"\bbetween\b", text) and not re.search(r"\bbetween\b", title, re.I):
        return True  # "Summary Conclusions" | "Annual Consultation between X and Y"
    if block.kind != "para":
        return False
    capitals = text.upper() == text and title.upper() == title
    if not (text[:1].islower() or capitals):
        return False
    last = title.split()[-1].casefold() if title.split() else ""
    return bool(_TITLE_GOES_ON.match(text)) or (capitals and bool(_TITLE_GOES_ON.match(last)))


def _unnumbered(title: str) -> str:
    return _NUMBER_PREFIX.sub("", title).strip()


_NUMBER_PREFIX = re.compile(
    r"^(?:(?i:article|section|part|chapter|clause)\s+)?(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,5})[.:)]?"
    r"(?:\s*[–—-])?\s+"
)


def _split_glued_heading(block: Block) -> tuple[str, Block] | None:
    """ "Heading words The Commission and …": a heading glued to its paragraph."""
    found = _GLUE.match(block.text)
    if found is None or not block.text[found.end() :].strip():
        return None
    heading = found.group(1)
    if not 3 <= len(heading.split()) <= 20 or re.search(rf"\b(?:{VERB_PATTERN})\b", heading, re.I):
        return None
    rest = Block("para", from_table=block.from_table)
    offset = found.start(2)
    rest.text = block.text[offset:]
    rest.starts = [(max(0, o - offset), line) for o, line in block.starts]
    rest.single_line = block.single_line
    return heading, rest


class _AreaReader:
    """Walks an area's paragraphs, keeping the lead-in that governs the items."""

    def __init__(self, finder: ActorFinder, area: DraftArea) -> None:
        self.finder = finder
        self.area = area
        self.lead_in: _LeadIn | None = None

    def read(self, block: Block) -> None:
        segments = split_segments(block.text)
        context: list[str] = []
        for index, segment in enumerate(segments):
            text, marked = strip_list_mark(segment.text, numbers=index == 0)
            text = text.rstrip(";").strip()
            if not text or all(ch in BULLETS for ch in text):
                continue
            if (
                index == 0
                and self.lead_in
                and not block.glyph
                and _is_prose(text)
                and (not block.from_table or not ends_open(text))
            ):
                self.lead_in = None  # prose after a list ends the list
            if segment.boundary == ":" or self._bare_lead_in(text, segment, index, segments):
                self._start_lead_in(text, block, segment)
                context.append(text)
                continue
            subject = (
                None
                if text[:1] in _QUOTES or _SIGNATURE.search(text)
                else self.finder.subject(text)
            )
            if subject is not None:
                actors, verb = subject
                modality = item_modality(text) or modality_of(verb)
                checks = []
                if self.lead_in is not None:
                    checks.append(
                        "boundary: a whole sentence inside a list; it has its own subject "
                        "and verb, so the lead-in's modality and actors were not used"
                    )
                else:
                    context.append(text)
                self._emit(text, modality, actors, None, block, segment, checks)
                continue
            if self.lead_in is not None and not _is_prose(text):
                lead = self.lead_in
                modality = item_modality(text) or lead.modality
                self._emit(
                    text, modality, lead.actors, lead.text, block, segment, list(lead.checks)
                )
                continue
            if (marked or block.glyph or segment.after_glyph) and not _is_prose(text):
                modality = item_modality(text) or "intend"
                self._emit(
                    text,
                    modality,
                    self.finder.all_ids(),
                    None,
                    block,
                    segment,
                    [
                        f"modality: a list item with no lead-in; '{modality}' and all parties "
                        "assumed"
                    ],
                )
                continue
            context.append(text)
        if context:
            self.area.context.append(" ".join(context))

    def _bare_lead_in(
        self, text: str, segment: Segment, index: int, segments: list[Segment]
    ) -> bool:
        """ "Both organisations intend to" with no colon, ending its line or run."""
        if segment.boundary not in ("", ";") or len(text.split()) > 30:
            return False
        if not re.search(rf"\b(?:{VERB_PATTERN})(?:\s+to)?$", text, re.I):
            return False
        return self.finder.subject(text) is not None

    def _start_lead_in(self, text: str, block: Block, segment: Segment) -> None:
        clause = text.rstrip(":").strip()
        checks: list[str] = []
        modality = last_modality(clause)
        actors = self.finder.actors_in(clause)
        outer = self.lead_in
        if modality is None:
            if outer is not None:
                modality = outer.modality
            else:
                modality = "intend"
                checks.append(
                    f"modality: the lead-in {_quote(clause)} names no verb that binds; "
                    "'intend' assumed"
                )
        if not actors:
            if outer is not None:
                actors = outer.actors
            else:
                actors = self.finder.all_ids()
                checks.append("actors: the lead-in names no party; all parties assumed")
        self.lead_in = _LeadIn(clause + ":", modality, actors, checks)
        for pattern in (_EMBEDDED_AND, _EMBEDDED_INCLUDING):
            found = pattern.match(clause)
            if found is None:
                continue
            body = found.group("body").strip().rstrip(",")
            subject = self.finder.subject(body)
            if subject is not None:
                own_actors, verb = subject
                self._emit(
                    body,
                    modality_of(verb),
                    own_actors,
                    None,
                    block,
                    segment,
                    ["boundary: taken from the lead-in of the list that follows"],
                )
                break

    def _emit(
        self,
        text: str,
        modality: str,
        actors: tuple[str, ...],
        lead_in: str | None,
        block: Block,
        segment: Segment,
        checks: list[str],
    ) -> None:
        commitment = DraftCommitment(
            text=text,
            modality=modality,
            actors=actors or self.finder.all_ids(),
            lead_in=lead_in,
            lines=block.lines_between(segment.start, segment.end),
            checks=checks,
        )
        if block.cut_end and segment.end >= len(block.text.rstrip()):
            tail = " ".join(text.split()[-6:])
            commitment.incomplete = (
                f"The source text is cut off at a page break in the middle of a word "
                f"({_quote(tail + '…')}): the rest of this item is missing."
            )
        elif block.cut_start and segment.start == 0:
            head = " ".join(text.split()[:6])
            commitment.incomplete = (
                f"The start of this text is lost at a page break: it begins at "
                f"{_quote(head + '…')}. Its verb and actors are taken from the lead-in."
            )
        elif segment.boundary == "glyph" and ends_open(text):
            tail = " ".join(text.split()[-6:])
            commitment.incomplete = (
                f"The source text stops after {_quote(tail)} where the next bullet begins: "
                "the end of this item is missing."
            )
        for offset in block.page_joins:
            if segment.start < offset < segment.end:
                before = " ".join(block.text[:offset].split()[-4:])
                after = " ".join(block.text[offset:].split()[:4])
                if after[:1].islower() or ends_open(before):
                    commitment.checks.append(
                        f"boundary: joined across a line or page break at {_quote(before)} + "
                        f"{_quote(after)}; make sure no words were lost there"
                    )
        if len(text.split()) > 150:
            commitment.checks.append(
                "boundary: a very long item; it may hold more than one commitment"
            )
        self.area.commitments.append(commitment)


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = "…" + text[-(limit - 1) :]
    return f"“{text}”"


def find_structure(
    lines: list[SourceLine],
    repairs: list[Repair],
    known_parties: list[Party],
    *,
    metadata_title: str | None = None,
    wrapped: bool = False,
) -> DraftAgreement:
    blocks = build_blocks(lines, wrapped=wrapped)
    checks: list[str] = []
    date: dt.date | None = None
    place: str | None = None
    title: str | None = None

    if blocks and blocks[0].kind == "para":
        meta = _METADATA.match(blocks[0].text)
        if meta:
            date = dt.date.fromisoformat(meta.group(1))
            repairs.append(Repair("metadata", blocks[0].first_line, meta.group(0).strip(), ""))
            blocks[0].text = blocks[0].text[meta.end() :]
            blocks[0].starts = [(max(0, o - meta.end()), n) for o, n in blocks[0].starts]

    position = 0
    if blocks and (_title_block(blocks[0])):
        title = blocks[0].text.strip()
        position = 1
        # "MEMORANDUM OF UNDERSTANDING" | "between X" | "and Y": one title.
        while position < len(blocks) and _title_continues(blocks[position], title):
            title += " " + blocks[position].text.strip()
            position += 1
    elif metadata_title:
        title = metadata_title
    if position < len(blocks) and blocks[position].kind == "para":
        text = blocks[position].text.strip()
        line = _DATELINE.match(text)
        done_at = _DONE_AT.match(text)
        if line and find_date(line.group(2)):
            place = line.group(1)
            date = date or find_date(line.group(2))
            position += 1
        elif done_at and find_date(text) and len(text.split()) <= 20:
            place = done_at.group(1) or done_at.group(2)
            date = date or find_date(text)
            position += 1

    full_text = "\n".join(block.text for block in blocks)
    date = date or find_date(full_text)
    guesses = candidate_parties(full_text, known_parties, title)
    finder = ActorFinder(guesses)
    sentences = [s.text for block in blocks for s in split_segments(block.text)]
    finder.find_principal(sentences, title)

    # Headings, with glued ones split off their paragraphs.
    marked: list[tuple[bool, Block]] = []
    in_list = False
    for block in blocks[position:]:
        glued = _split_glued_heading(block) if block.kind == "para" else None
        if glued is not None and not in_list:
            heading_text, rest = glued
            heading = Block("heading")
            heading.add(heading_text, block.first_line)
            marked.append((True, heading))
            marked.append((False, rest))
            checks.append(
                f"area: the heading {_quote(heading_text)} was glued to its paragraph "
                "in the source and has been split off"
            )
            in_list = rest.text.rstrip().endswith(":")
            continue
        is_heading = _standalone_heading(block, in_list)
        marked.append((is_heading, block))
        text = block.text.rstrip()
        if is_heading:
            in_list = False
        else:
            in_list = (
                text.endswith(":")
                or bool(LEAD_IN_VERB_END.search(text))
                or block.glyph
                or (in_list and block.single_line and ends_open(text))
            )

    preamble: list[str] = []
    areas: list[DraftArea] = []
    reader: _AreaReader | None = None
    for is_heading, block in marked:
        if is_heading:
            area = DraftArea(block.text.strip(), block.first_line)
            areas.append(area)
            reader = _AreaReader(finder, area)
            continue
        if reader is None:
            preamble.append(block.text.strip())
            continue
        reader.read(block)
    if not areas:
        # No headings: one area, named by the document's own title.
        area = DraftArea(title or "Commitments", 1)
        area.checks.append("area: the source has no headings; all commitments are in one area")
        reader = _AreaReader(finder, area)
        for block in blocks[position:]:
            reader.read(block)
        areas = [area]
        preamble = []

    # "Preamble" (or "Recitals", "Background") before the first commitment: the preamble.
    # Recitals do not commit, even when they say "have decided to"; their words stay.
    while len(areas) > 1 and _PREAMBLE_TITLE.match(_unnumbered(areas[0].title)):
        recitals = areas.pop(0)
        preamble.extend(recitals.context)
        said = " ".join(recitals.context)
        preamble.extend(c.text for c in recitals.commitments if c.text not in said)
    areas = _merge_empty_areas(areas)
    _attach_repairs(areas, repairs)
    used = [a for area in areas for c in area.commitments for a in c.actors]
    parties = [g.party for g in guesses if g.party.id in used] or [
        g.party for g in guesses if g.party.id in finder.principal
    ]
    new_parties = [g.party.id for g in guesses if not g.known and g.party in parties]
    return DraftAgreement(
        title, date, place, preamble, parties, new_parties, areas, repairs, checks
    )


def _merge_empty_areas(areas: list[DraftArea]) -> list[DraftArea]:
    """An area without commitments becomes context of the next (or the last) one."""
    merged: list[DraftArea] = []
    pending: list[str] = []
    for area in areas:
        if not area.commitments:
            pending.extend([area.title, *area.context])
            continue
        area.context[:0] = pending
        pending = []
        merged.append(area)
    if pending and merged:
        merged[-1].context.extend(pending)
    return merged


def _attach_repairs(areas: list[DraftArea], repairs: list[Repair]) -> None:
    for area in areas:
        for commitment in area.commitments:
            if not commitment.lines:
                continue
            low, high = min(commitment.lines), max(commitment.lines)
            for repair in repairs:
                if repair.kind in ("furniture", "page-number"):
                    if low < repair.line < high:
                        commitment.repairs.append(repair)
                elif repair.line in commitment.lines and (
                    (repair.after and repair.after in commitment.text)
                    or (repair.kind == "repeated-line" and repair.line < high)
                ):
                    commitment.repairs.append(repair)
