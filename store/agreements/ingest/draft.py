"""Writing the draft: Accord's own TOML, with the repairs and doubts as comments.

Values go through tomli-w, so every string is escaped as TOML wants; the
comments (`# repair:` and `# check:`) are folded onto one line and have
control characters made visible, since they quote the untrusted source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import tomli_w

from store.agreements.ingest.structure import DraftAgreement, DraftArea, DraftCommitment
from store.agreements.model import Lexicon
from store.agreements.terms import TermFinder
from store.agreements.validate import kebab_case
from store.untrusted import one_line

_ID_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "as",
        "from",
        "into",
        "their",
        "its",
        "each",
        "other",
        "both",
        "this",
        "that",
        "these",
        "those",
        "be",
        "is",
        "are",
        "will",
    ]
)


def slug(text: str, words: int = 5) -> str:
    found = [w for w in re.findall(r"[A-Za-z0-9]+", text) if w.casefold() not in _ID_STOP]
    return kebab_case(" ".join(found[:words])) or "item"


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.used:
            candidate = f"{base}-{number}"
            number += 1
        self.used.add(candidate)
        return candidate


def _value(key: str, value: object, *, multiline: bool = False) -> str:
    if isinstance(value, list):
        # One line, as the bundled files write their short id lists.
        items = [tomli_w.dumps({"v": item}).partition(" = ")[2].strip() for item in value]
        return f"{_value('k', key).partition(' = ')[2].strip() if not _BARE.match(key) else key} = [{', '.join(items)}]\n"
    return tomli_w.dumps({key: value}, multiline_strings=multiline)


_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _comment(kind: str, text: str) -> str:
    return f"# {kind}: {one_line(text)}\n"


def topics_for(text: str, lexicon: Lexicon, find: TermFinder | None) -> tuple[str, ...]:
    """Lexicon topics the text names in so many words (no inference)."""
    if find is None:
        return ()
    found = find(text, lexicon)
    return tuple(topic.id for topic in lexicon.topics if topic.id in found)


Topics = Callable[[str], tuple[str, ...]]


def render_draft(
    draft: DraftAgreement,
    *,
    agreement_id: str,
    source_name: str,
    lexicon: Lexicon,
    term_finder: TermFinder | None = None,
    schema: str = "./agreement.schema.json",
    schema_note: str | None = None,
    fallback_date: dt.date | None = None,
) -> str:
    def topics(text: str) -> tuple[str, ...]:
        return topics_for(text, lexicon, term_finder)

    out: list[str] = [f"#:schema {schema}\n"]
    if schema_note:
        out.append(_comment("check", schema_note))
    out.append("\n")
    out.append(_comment("draft", f"made by `accord ingest` from {source_name}"))
    out.append(
        "# Every text is the source's own words after the repairs noted beside it.\n"
        "# Read each `# check:` comment, fix what it points at, then delete it;\n"
        "# run `accord check` on this file until it reports no errors.\n"
    )
    for check in draft.checks:
        out.append(_comment("check", check))
    out.append("\n")
    title = draft.title
    if title is None:
        out.append(_comment("check", "title: the source has no title line; the file name is used"))
        title = source_name
    out.append(_value("id", agreement_id))
    out.append(_value("title", title))
    date = draft.date
    if date is None:
        out.append(_comment("check", "date: no date found in the source; this is the file's date"))
        date = fallback_date or dt.date.today()
    out.append(_value("date", date))
    if draft.place:
        out.append(_value("place", draft.place))
    out.append(_value("source", source_name))
    if draft.preamble:
        out.append(_value("preamble", "\n\n".join(draft.preamble) + "\n", multiline=True))
    out.append("\n")
    for party in draft.parties:
        out.append("[[parties]]\n")
        if party.id in draft.new_parties:
            out.append(
                _comment(
                    "check",
                    "party: not in the other agreements of this folder; its id, name and "
                    "abbreviation come from the source",
                )
            )
        out.append(_value("id", party.id))
        out.append(_value("name", party.name))
        if party.short:
            out.append(_value("short", party.short))
        out.append("\n")
    area_ids, commitment_ids = _Ids(), _Ids()
    for area in draft.areas:
        out.extend(_render_area(area, area_ids, commitment_ids, topics))
    return "".join(out).rstrip("\n") + "\n"


def _render_area(
    area: DraftArea, area_ids: _Ids, commitment_ids: _Ids, topics: Topics
) -> list[str]:
    out = ["# " + "=" * 74 + "\n", f"# {one_line(area.title)[:72]}\n", "# " + "=" * 74 + "\n"]
    out.append("[[areas]]\n")
    for check in area.checks:
        out.append(_comment("check", check))
    out.append(_value("id", area_ids.take(slug(area.title))))
    out.append(_value("title", area.title))
    if area.context:
        context = "\n\n".join(area.context) + "\n"
        out.append(_value("context", context, multiline=True))
    out.append("\n")
    for commitment in area.commitments:
        out.extend(_render_commitment(commitment, commitment_ids, topics))
    return out


def _render_commitment(commitment: DraftCommitment, ids: _Ids, topics: Topics) -> list[str]:
    out = ["[[areas.commitments]]\n"]
    seen: set[str] = set()
    for repair in commitment.repairs:
        note = repair.describe()
        if note not in seen:
            seen.add(note)
            out.append(_comment("repair", note))
    for check in commitment.checks:
        out.append(_comment("check", check))
    out.append(_value("id", ids.take(slug(commitment.text, 6))))
    out.append(_value("text", commitment.text))
    out.append(_value("actors", list(commitment.actors)))
    out.append(_value("modality", commitment.modality))
    named = commitment.topics or topics(commitment.text)
    if named:
        out.append(_value("topics", list(named)))
    if commitment.lead_in:
        out.append(_value("lead_in", commitment.lead_in))
    if commitment.incomplete:
        out.append(_value("incomplete", commitment.incomplete))
    out.append("\n")
    return out
