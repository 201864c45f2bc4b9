"""A version diff as text (80 columns, readable without colour), Markdown or JSON,
with the reviewer's links and notes the change makes outdated or orphaned.

Commitment text is untrusted: control characters are made visible in text,
Markdown structure is escaped, and JSON escapes C1 and bidi characters.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from compare.versions import Change, VersionDiff, Word, change_summary, diff_agreements
from store.agreements.model import Agreement, Commitment, Corpus
from store.review.records import Link, Note, Orphan, Outdated, Record, ReviewedMark
from store.untrusted import escape_serialized, md_block, md_inline, one_line

if TYPE_CHECKING:
    from store.review.store import ReviewStore

WIDTH = 80


@dataclass(frozen=True)
class ReviewImpact:
    """Review records that were current before the change and are not after it."""

    outdated: tuple[Outdated, ...] = ()
    orphaned: tuple[Orphan, ...] = ()

    @property
    def notes_outdated(self) -> int:
        return len({o.record.id for o in self.outdated if isinstance(o.record, Note)})

    @property
    def links_outdated(self) -> int:
        return len({o.record.id for o in self.outdated if isinstance(o.record, Link)})


def _key(record: Record, ref: str) -> tuple[str, int, str]:
    return (type(record).__name__, record.id, ref)


def review_impact(
    store_path: Path, reviewer: str, before: Corpus, after: Corpus, agreement_id: str
) -> ReviewImpact:
    """What the change does to the review store at `store_path`; no store, no impact."""
    from store.review.store import ReviewStore

    if not store_path.exists():
        return ReviewImpact()
    with ReviewStore.open(store_path, reviewer, corpus=before, create=False) as store:
        return impact_in(store, before, after, agreement_id)


def impact_in(store: ReviewStore, before: Corpus, after: Corpus, agreement_id: str) -> ReviewImpact:
    """The same with a store already open (the UI's); only reads."""
    prefix = f"{agreement_id}/"
    was_outdated = {_key(o.record, o.ref) for o in store.outdated(before)}
    was_orphaned = {_key(o.record, o.ref) for o in store.orphans(before)}
    outdated = tuple(
        o
        for o in store.outdated(after)
        if o.ref.startswith(prefix) and _key(o.record, o.ref) not in was_outdated
    )
    orphaned = tuple(
        o
        for o in store.orphans(after)
        if o.ref.startswith(prefix) and _key(o.record, o.ref) not in was_orphaned
    )
    return ReviewImpact(outdated, orphaned)


def with_agreement(corpus: Corpus, agreement: Agreement) -> Corpus:
    """The corpus with `agreement` in place of the one with its id (or added)."""
    others = tuple(a for a in corpus.agreements if a.id != agreement.id)
    return Corpus((*others, agreement), corpus.lexicon, corpus.directory)


def reload_notice(
    before: Agreement, after: Agreement, impact: ReviewImpact | None = None
) -> tuple[VersionDiff, str] | None:
    """For live reload: the diff and its status line, or None when no commitment changed.

    "hlm-2022 changed: 3 reworded, 1 added, 2 notes now outdated. Press D to see the changes."
    """
    diff = diff_agreements(before, after)
    if not diff.changed:
        return None
    impact = impact or ReviewImpact()
    line = change_summary(
        diff, outdated_notes=impact.notes_outdated, outdated_links=impact.links_outdated
    )
    return diff, line


# -- text ---------------------------------------------------------------------


def redline_text(line: tuple[Word, ...]) -> str:
    """wdiff's notation: [-deleted-] {+inserted+}, readable without colour."""
    parts = []
    for word in line:
        text = one_line(word.text)
        if word.op == "delete":
            parts.append(f"[-{text}-]")
        elif word.op == "insert":
            parts.append(f"{{+{text}+}}")
        else:
            parts.append(text)
    return " ".join(parts)


def _wrap(text: str, indent: str = "    ") -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    ) or [indent.rstrip()]


def _ids(items: tuple[Commitment, ...]) -> str:
    return ", ".join(one_line(c.id) for c in items)


def describe(change: Change, diff: VersionDiff) -> tuple[str, list[str]]:
    """(headline, detail lines) for one change, in plain words."""
    labels = " + ".join(label.upper() for label in change.labels)
    if change.kind == "added":
        new = change.new[0]
        area = one_line(diff.new_areas.get(new.area_id, new.area_id))
        return f"{labels}  {one_line(new.id)} (in {area})", [one_line(new.text)]
    if change.kind == "removed":
        old = change.old[0]
        area = one_line(diff.old_areas.get(old.area_id, old.area_id))
        return f"{labels}  {one_line(old.id)} (was in {area})", [one_line(old.text)]
    if change.kind == "split":
        head = f"{labels}  {_ids(change.old)} -> {_ids(change.new)}"
        return head, [f"{one_line(c.id)}: {one_line(c.text)}" for c in change.new]
    if change.kind == "merged":
        head = f"{labels}  {_ids(change.old)} -> {_ids(change.new)}"
        return head, [one_line(change.new[0].text)]
    old, new = change.old[0], change.new[0]
    name = one_line(new.id) if old.id == new.id else f"{one_line(old.id)} -> {one_line(new.id)}"
    details: list[str] = []
    if "moved" in change.aspects:
        before = one_line(diff.old_areas.get(old.area_id, old.area_id))
        after = one_line(diff.new_areas.get(new.area_id, new.area_id))
        details.append(f"area: {before} -> {after}")
    if "strengthened" in change.aspects or "weakened" in change.aspects:
        details.append(f"modality: {old.modality} -> {new.modality}")
    if "reworded" in change.aspects:
        details.append(redline_text(change.redline))
    return f"{labels}  {name}", details


def _record_line(kind: str, record: Record, ref: str) -> str:
    if isinstance(record, Link):
        what = f"link {one_line(record.ref_a)} <-> {one_line(record.ref_b)}"
    elif isinstance(record, Note):
        what = f"note {record.id} on {one_line(ref)}"
    else:
        assert isinstance(record, ReviewedMark)
        what = f"reviewed mark on {one_line(ref)}"
    return f"{kind}  {what} (by {one_line(record.reviewer)})"


def render_text(diff: VersionDiff, impact: ReviewImpact | None = None) -> str:
    counts = diff.counts()
    summary = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
    lines = [*_wrap(f"{one_line(diff.agreement_id)}: {summary or 'no commitments'}", ""), ""]
    for change in diff.changed:
        head, details = describe(change, diff)
        lines += _wrap(head, "")
        for detail in details:
            lines += _wrap(detail)
        lines.append("")
    if not diff.changed:
        lines += ["No commitment changed.", ""]
    if impact is not None:
        lines += _impact_text(impact)
    return "\n".join(lines).rstrip("\n") + "\n"


def _impact_text(impact: ReviewImpact) -> list[str]:
    if not impact.outdated and not impact.orphaned:
        return ["Review records: none made outdated or orphaned by this change."]
    lines = ["Review records this change touches:"]
    for outdated in impact.outdated:
        lines += _wrap(_record_line("OUTDATED", outdated.record, outdated.ref), "  ")
    for orphan in impact.orphaned:
        lines += _wrap(_record_line("ORPHANED", orphan.record, orphan.ref), "  ")
    return lines


# -- Markdown -----------------------------------------------------------------


def _md_redline(line: tuple[Word, ...]) -> str:
    parts = []
    for word in line:
        text = md_inline(word.text)
        parts.append(
            f"~~{text}~~" if word.op == "delete" else f"**{text}**" if word.op == "insert" else text
        )
    return " ".join(parts)


def render_markdown(diff: VersionDiff, impact: ReviewImpact | None = None) -> str:
    counts = diff.counts()
    out = [f"# Changes to {md_inline(diff.agreement_id)}", ""]
    out += [f"- **{label}:** {n}" for label, n in sorted(counts.items())]
    out.append("")
    for change in diff.changed:
        head, details = describe(change, diff)
        out += [f"## {md_inline(head)}", ""]
        if change.kind == "pair" and "reworded" in change.aspects:
            details = [d for d in details if not d.startswith(("[-", "{+"))]
            out += [f"- {md_inline(d)}" for d in details if d.startswith(("area:", "modality:"))]
            out += ["", _md_redline(change.redline), ""]
        else:
            out += [md_block(detail, "> ") for detail in details]
            out.append("")
    if impact is not None and (impact.outdated or impact.orphaned):
        out += ["## Review records this change touches", ""]
        for outdated in impact.outdated:
            line = _record_line("OUTDATED", outdated.record, outdated.ref)
            out.append(f"- {md_inline(line)}")
        for orphan in impact.orphaned:
            out.append(f"- {md_inline(_record_line('ORPHANED', orphan.record, orphan.ref))}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- JSON ---------------------------------------------------------------------


def _commitment_json(commitment: Commitment, areas: dict[str, str]) -> dict[str, object]:
    return {
        "id": commitment.id,
        "area": commitment.area_id,
        "area_title": areas.get(commitment.area_id, commitment.area_id),
        "modality": commitment.modality,
        "text": commitment.text,
    }


def _record_json(record: Record, ref: str) -> dict[str, object]:
    return {"kind": type(record).__name__.lower(), "id": record.id, "ref": ref}


def render_json(diff: VersionDiff, impact: ReviewImpact | None = None) -> str:
    data: dict[str, object] = {
        "agreement": diff.agreement_id,
        "counts": dict(sorted(diff.counts().items())),
        "changes": [
            {
                "labels": list(change.labels),
                "old": [_commitment_json(c, diff.old_areas) for c in change.old],
                "new": [_commitment_json(c, diff.new_areas) for c in change.new],
                "redline": [{"op": w.op, "text": w.text} for w in change.redline],
            }
            for change in diff.changed
        ],
    }
    if impact is not None:
        data["review"] = {
            "outdated": [_record_json(o.record, o.ref) for o in impact.outdated],
            "orphaned": [_record_json(o.record, o.ref) for o in impact.orphaned],
        }
    return escape_serialized(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"
