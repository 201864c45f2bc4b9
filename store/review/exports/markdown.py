"""The Markdown review report a reviewer sends to colleagues.

It renders on GitHub and in pandoc: pipe tables, ATX headings, blank lines
around every block. The sections, in order: Summary; per pair, the commitments
of A with their confirmed counterparts, the open questions, the gaps; notes on
commitments; the appendix of rejected links. Every piece of untrusted text
goes through store.untrusted, so a note can neither break the list it sits in
nor inject HTML or markup.
"""

from __future__ import annotations

import re

from store.review.exports.report import (
    Counterpart,
    Entry,
    PairReport,
    Report,
    ReportNote,
    Side,
)
from store.untrusted import md_block, md_cell, md_inline

OPEN_LABELS = {"deferred": "deferred", "suggested": "undecided"}


def render_markdown(report: Report) -> str:
    out: list[str] = [f"# Review: {md_inline(report.title)}", ""]
    out += [f"Exported by Accord on {report.generated.isoformat()}{_filters(report)}.", ""]
    if report.reviewers:
        out += ["Reviewers: " + ", ".join(md_inline(name) for name in report.reviewers) + ".", ""]
    out += _summary(report)
    for pair in report.pairs:
        out += _confirmed(pair, report)
        out += _open(pair, report)
        out += _gaps(pair)
    if report.commitment_notes:
        out += ["## Notes on commitments", ""]
        for place, note in report.commitment_notes:
            out += _note_item(note, where=place)
        out.append("")
    if report.rejected_left_out is None:
        out += _appendix(report)
    # Blank lines only ever separate blocks here, so runs of them can be folded.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip("\n") + "\n"


def _filters(report: Report) -> str:
    flt = report.filter
    parts = []
    if flt.agreements:
        parts.append("agreements " + " and ".join(md_inline(a) for a in flt.agreements))
    if report.filter_reviewer:
        parts.append(f"reviewer {md_inline(report.filter_reviewer)}")
    if flt.statuses:
        parts.append("status " + ", ".join(sorted(flt.statuses)))
    return f" (only {'; '.join(parts)})" if parts else ""


def _summary(report: Report) -> list[str]:
    out = ["## Summary", "", md_inline(report.scale), ""]
    if report.outdated:
        out += [
            f"**{report.outdated} item(s) are OUTDATED**: the agreement text changed after "
            "they were reviewed; both versions are shown.",
            "",
        ]
    if report.orphans:
        out += [
            f"**{report.orphans} link(s) are ORPHANED**: a commitment they refer to no longer "
            "exists; the text as reviewed is shown.",
            "",
        ]
    if report.rejected_left_out is not None:
        out += [f"{report.rejected_left_out} rejected link(s) are left out of this report.", ""]
    for pair in report.pairs:
        label_a = md_inline(pair.label_a)
        out += [f"### {md_inline(pair.title)}", ""]
        out += [
            f"{pair.covered} of {pair.total_a} commitments of {label_a} have a confirmed "
            f"counterpart in {md_inline(pair.label_b)}; {pair.gap_count} are gaps.",
            "",
            "| Decision | Links |",
            "| :--- | ---: |",
            f"| confirmed | {pair.counts['confirmed']} |",
            f"| deferred (open questions) | {pair.counts['deferred']} |",
            f"| undecided | {pair.counts['suggested']} |",
            f"| rejected | {pair.counts['rejected']} |",
            f"| **total** | **{sum(pair.counts.values())}** |",
            "",
            "| Tag | Links |",
            "| :--- | ---: |",
        ]
        out += [f"| {md_cell(label)} | {count} |" for label, count in pair.tag_counts]
        out.append("")
        for heading, lines in (("area", pair.areas), ("topic", pair.topics)):
            if not lines:
                continue
            out += [
                f"Coverage of {label_a} by {heading}: commitments with a confirmed counterpart.",
                "",
                f"| {heading.capitalize()} | Confirmed | Commitments | Coverage |",
                "| :--- | ---: | ---: | ---: |",
            ]
            for line in lines:
                out.append(
                    f"| {md_cell(line.label)} | {line.confirmed} | {line.total} | {line.share} |"
                )
            out.append("")
    return out


def _text(side: Side, indent: str) -> list[str]:
    """A commitment's text as a quote; an outdated one shows both versions."""
    if side.orphan:
        return [f"{indent}**ORPHAN:** this commitment no longer exists. Text as reviewed:", "",
                md_block(side.text, indent + "> "), ""]  # fmt: skip
    if side.old_text is not None:
        return [
            f"{indent}**OUTDATED:** the text changed after review. Text as reviewed:",
            "",
            md_block(side.old_text, indent + "> "),
            "",
            f"{indent}Text now:",
            "",
            md_block(side.text, indent + "> "),
            "",
        ]
    return [md_block(side.text, indent + "> "), ""]


def _entry(entry: Entry, report: Report, what: str) -> list[str]:
    side = entry.side
    out = [f"#### {md_inline(side.ref)}", "", f"*{md_inline(side.place)}*", ""]
    out += _text(side, "")
    for label, links in entry.by_tag(report.tags):
        out += [f"**{md_inline(label)}** ({len(links)} {what}):", ""]
        for link in links:
            out += _counterpart(link)
    return out


def _counterpart(link: Counterpart) -> list[str]:
    status = OPEN_LABELS.get(link.status, link.status)
    out = [
        f"- **{md_inline(link.b.ref)}**: {md_inline(link.score_phrase)} · {status} by "
        f"{md_inline(link.reviewer)}, {link.date}",
        "",
        f"  *{md_inline(link.b.place)}*",
        "",
    ]
    out += _text(link.b, "  ")
    if link.a.old_text is not None or link.a.orphan:
        out += [f"  The text of {md_inline(link.a.ref)} as reviewed:", ""]
        out += [md_block(link.a.old_text or link.a.text, "  > "), ""]
    for note in link.notes:
        out += _note_item(note, indent="  ")
    return out


def _confirmed(pair: PairReport, report: Report) -> list[str]:
    out = [f"## Commitments of {md_inline(pair.label_a)} and their counterparts in "
           f"{md_inline(pair.label_b)}", ""]  # fmt: skip
    if not pair.confirmed:
        out += ["No confirmed counterpart yet.", ""]
    for area, entries in pair.confirmed:
        out += [f"### {md_inline(area)}", ""]
        for entry in entries:
            out += _entry(entry, report, "confirmed")
    return out


def _open(pair: PairReport, report: Report) -> list[str]:
    out = [f"## Open questions: {md_inline(pair.title)}", ""]
    if not pair.open:
        out += ["None: every suggested link has been decided.", ""]
    for area, entries in pair.open:
        out += [f"### {md_inline(area)}", ""]
        for entry in entries:
            out += _entry(entry, report, "open")
    return out


def _gaps(pair: PairReport) -> list[str]:
    out = [f"## Gaps: {md_inline(pair.label_a)} commitments with no confirmed counterpart in "
           f"{md_inline(pair.label_b)}", ""]  # fmt: skip
    if not pair.gaps:
        out += ["None: every commitment has a confirmed counterpart.", ""]
    for area, items in pair.gaps:
        out += [f"### {md_inline(area)}", ""]
        for item in items:
            out += [f"- **{md_inline(item.side.ref)}**: {md_inline(item.side.text)}", ""]
            for note in item.notes:
                out += _note_item(note, indent="  ")
    return out


def _appendix(report: Report) -> list[str]:
    out = ["## Appendix: rejected links", ""]
    rejected = [(pair, link) for pair in report.pairs for link in pair.rejected]
    if not rejected:
        return [*out, "None.", ""]
    for _, link in rejected:
        gone = " · **ORPHAN**" if link.a.orphan or link.b.orphan else ""
        out += [
            f"- **{md_inline(link.a.ref)}** ↔ **{md_inline(link.b.ref)}**: {md_inline(link.score_phrase)} · "
            f"rejected by {md_inline(link.reviewer)}, {link.date}{gone}",
            "",
        ]
        for note in link.notes:
            out += _note_item(note, indent="  ")
    return out


def _note_item(note: ReportNote, *, indent: str = "", where: str | None = None) -> list[str]:
    place = f"{md_inline(where)}: " if where else ""
    flag = " · **OUTDATED** (the text it refers to changed)" if note.outdated else ""
    head = f"{indent}- {place}note by **{md_inline(note.reviewer)}**, {note.date}{flag}:"
    body = md_block(note.text, indent + "  ")
    if not body.strip():
        body = f"{indent}  (empty note)"  # a blank note still reads as a note
    return [head, "", body, ""]
