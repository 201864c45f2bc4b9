"""The Markdown review document a reviewer sends to colleagues.

It renders on GitHub and in pandoc: pipe tables, ATX headings, blank lines
around every block. Every piece of untrusted text goes through store.untrusted,
so a note can neither break the list it sits in nor inject HTML or markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from store.review.exports.view import Group, LinkView, NoteView, ReviewView
from store.review.records import STATUSES
from store.untrusted import md_block, md_cell, md_inline


def render_markdown(view: ReviewView, generated: dt.date | None = None) -> str:
    day = (generated or dt.datetime.now(dt.UTC).date()).isoformat()
    out: list[str] = []
    titles = " and ".join(md_inline(g.title) for g in view.groups) or "no links"
    out += [f"# Review: {titles}", "", f"Exported by Accord on {day}{_filters(view)}.", ""]
    out += _summary(view)
    for group in view.groups:
        out += _group(group, len(view.groups) > 1)
    if view.commitment_notes:
        out += ["## Notes on commitments", ""]
        for note in view.commitment_notes:
            out += _note_item(note, with_ref=True)
        out.append("")
    # Blank lines only ever separate blocks here, so runs of them can be folded.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip("\n") + "\n"


def _filters(view: ReviewView) -> str:
    parts = []
    if view.filter.agreements:
        parts.append("agreements " + " and ".join(md_inline(a) for a in view.filter.agreements))
    if view.filter.reviewer:
        parts.append(f"reviewer {md_inline(view.filter.reviewer)}")
    if view.filter.statuses:
        parts.append("status " + ", ".join(sorted(view.filter.statuses)))
    return f" (only {'; '.join(parts)})" if parts else ""


def _summary(view: ReviewView) -> list[str]:
    links = [link for group in view.groups for link in group.links]
    statuses = Counter(link.link.status for link in links)
    tags = Counter(link.link.tag for link in links)
    out = ["## Summary", "", "| Status | Links |", "| :--- | ---: |"]
    out += [f"| {status} | {statuses[status]} |" for status in STATUSES]
    out += [f"| **total** | **{len(links)}** |", "", "| Tag | Links |", "| :--- | ---: |"]
    for tag in [*view.tags.ids, *sorted(t for t in tags if t and t not in view.tags)]:
        out.append(f"| {md_cell(view.tags.label(tag))} | {tags[tag]} |")
    out += [f"| (no tag) | {tags[None]} |", ""]
    outdated = sum(1 for link in links if link.changes) + sum(
        1 for note in view.all_notes() if note.changes
    )
    orphans = sum(1 for link in links if link.orphans)
    if outdated:
        out += [
            f"**{outdated} item(s) are OUTDATED**: the agreement text changed after they "
            "were reviewed; both versions are shown.",
            "",
        ]
    if orphans:
        out += [
            f"**{orphans} link(s) are ORPHANED**: a commitment they refer to no longer "
            "exists; the text as reviewed is shown.",
            "",
        ]
    for group in view.groups:
        if not group.coverage:
            continue
        out += [
            f"### Coverage of {md_inline(group.label_a)}",
            "",
            "Commitments with at least one confirmed link, per area.",
            "",
            "| Area | Confirmed | Commitments | Coverage |",
            "| :--- | ---: | ---: | ---: |",
        ]
        for area, confirmed, total in group.coverage:
            share = f"{100 * confirmed / total:.0f} %" if total else "—"
            out.append(f"| {md_cell(area)} | {confirmed} | {total} | {share} |")
        out.append("")
    return out


def _group(group: Group, heading: bool) -> list[str]:
    out: list[str] = []
    level = "###" if heading else "##"
    if heading:
        out += [f"## {md_inline(group.title)}", ""]
    number = 0
    for area_title, provenance, links in group.areas():
        out += [f"{level} {md_inline(area_title)}", "", f"*{md_inline(provenance)}*", ""]
        for link in links:
            number += 1
            out += _link(number, link, level + "#")
    return out


def _link(number: int, view: LinkView, level: str) -> list[str]:
    link = view.link
    flags = "".join(
        f" · **{flag}**"
        for flag, on in (("OUTDATED", view.changes), ("ORPHAN", view.orphans))
        if on
    )
    tag = md_inline(view.tag_label) if view.tag_label else "—"
    score = f"{link.score:.1f}" if link.score is not None else "—"
    if link.origin == "manual":
        flags = " · **Linked by hand** (not suggested by the matcher)" + flags
    out = [
        f"{level} {number}. {md_inline(link.ref_a)} ↔ {md_inline(link.ref_b)}",
        "",
        f"- **Status:** {link.status} · **Tag:** {tag} · **Score:** {score}{flags}",
        f"- **Reviewer:** {md_inline(link.reviewer)} · **Updated:** {link.updated[:10]}",
    ]
    for side in view.sides:
        out.append(f"- **{side.letter}:** {md_inline(side.provenance)}")
        if side.orphan:
            out += ["", "  **ORPHAN:** this commitment no longer exists. Text as reviewed:", ""]
        elif side.old_text is not None:
            out += [
                "",
                "  **OUTDATED:** the text changed after review. Text as reviewed:",
                "",
                md_block(side.old_text, "  > "),
                "",
                "  Text now:",
            ]
        out += ["", md_block(side.text, "  > "), ""]
    if view.notes:
        out.append("- **Notes:**")
        out.append("")
        for note in view.notes:
            out += _note_item(note, indent="  ")
    out.append("")
    return out


def _note_item(note: NoteView, *, indent: str = "", with_ref: bool = False) -> list[str]:
    where = f"{md_inline(note.provenance)} — " if with_ref else ""
    flag = " · **OUTDATED** (the text it refers to changed)" if note.changes else ""
    head = f"{indent}- {where}**{md_inline(note.note.reviewer)}**, {note.note.updated[:10]}{flag}:"
    return [head, "", md_block(note.note.text, indent + "  "), ""]
