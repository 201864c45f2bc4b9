"""Every review write, for the TUI, the command line and import alike. Textual-free.

Each action is one store transaction (so one durable commit and one step of
`undo`), then `Session.changed`: the in-memory review state is re-read once
and every listener hears exactly one `Change`. Nothing else writes to the
store. Messages are short, written for the flash line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from service.changes import Change
from store.review.drafts import Draft
from store.review.errors import ConflictError
from store.review.records import Link, Note

if TYPE_CHECKING:
    from service.session import Session
    from store.review.exchange import ImportReport

UNDECIDED = (None, "suggested")
NoteTarget = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Outcome:
    message: str
    link: Link | None = None
    conflict: bool = False


def is_decided(link: Link | None) -> bool:
    return link is not None and link.status not in UNDECIDED


def _refs(*refs: str) -> Change:
    return Change.store(refs)


# -- links ----------------------------------------------------------------------------
def decide(
    session: Session,
    ref_a: str,
    ref_b: str,
    status: str,
    *,
    seen: Link | None,
    score: float | None = None,
) -> Outcome:
    """Confirm, reject or defer; `seen` is the link as the reviewer saw it (conflict check)."""
    clash = _decided_meanwhile(session, ref_a, ref_b, seen)
    if clash is not None:
        return clash
    try:
        link = session.store.set_link(
            ref_a,
            ref_b,
            status=status,
            score=score if seen is None else None,
            expected_version=seen.version if seen is not None else None,
            corpus=session.corpus,
        )
    except ConflictError as error:
        return _conflict(session, ref_a, ref_b, error)
    session.changed(_refs(ref_a, ref_b))
    glyph = {"confirmed": "✓", "rejected": "✗", "deferred": "?"}.get(status, "·")
    return Outcome(f"{glyph} {status} · saved", link)


def tag(
    session: Session,
    ref_a: str,
    ref_b: str,
    index: int,
    *,
    seen: Link | None,
    score: float | None = None,
) -> Outcome:
    """Give the link tag number `index` (1-based) of the vocabulary.

    A tag describes a real link, so tagging an undecided suggestion also
    confirms it: one key, one decision. The tag the link already has is
    cleared instead, so a slip of the finger is one more key press to fix.
    """
    tags = session.tags
    if not 1 <= index <= len(tags):
        return Outcome(f"no tag {index}: the tags are {tag_keys(session)}")
    chosen = tags[index - 1]
    clash = _decided_meanwhile(session, ref_a, ref_b, seen)
    if clash is not None:
        return clash
    version = seen.version if seen is not None else None
    try:
        if seen is not None and seen.tag == chosen.id:
            link = session.store.set_tag(
                ref_a, ref_b, None, expected_version=version, corpus=session.corpus
            )
            session.changed(_refs(ref_a, ref_b))
            return Outcome(f"tag {chosen.label} removed · saved", link)
        status = "confirmed" if not is_decided(seen) else None
        link = session.store.set_link(
            ref_a,
            ref_b,
            status=status,
            tag=chosen.id,
            score=score if seen is None else None,
            expected_version=version,
            corpus=session.corpus,
        )
    except ConflictError as error:
        return _conflict(session, ref_a, ref_b, error)
    session.changed(_refs(ref_a, ref_b))
    verb = "✓ confirmed and tagged" if status else "tagged"
    return Outcome(f"{verb} {chosen.label} · saved", link)


def link(
    session: Session,
    ref_a: str,
    ref_b: str,
    *,
    status: str | None = None,
    tag: str | None = None,
    score: float | None = None,
    note: str | None = None,
    origin: str | None = None,
) -> Link:
    """Record a link as given (a new one is confirmed unless a status is given), with a note.

    `origin` applies to a new link only: an existing one keeps where it came from.
    """
    store = session.store
    with store.transaction():
        new = store.get_link(ref_a, ref_b) is None
        if status is None and new:
            status = "confirmed"
        found = store.set_link(
            ref_a,
            ref_b,
            status=status,
            tag=tag,
            score=score,
            corpus=session.corpus,
            origin=origin if new else None,
        )
        if note is not None:
            store.add_note(found, note, corpus=session.corpus)
    session.changed(_refs(ref_a, ref_b))
    return found


def link_by_hand(session: Session, marked: str, current: str) -> Outcome:
    """Pair two commitments the reviewer chose (`m` on one, then the link key on the other).

    The pair is put A side first. A new link is confirmed with origin 'manual'
    unless the matcher ranked the pair (then it is a suggestion like any other);
    an existing link is left as it is and said so, so nothing is overwritten.
    """
    if marked == current:
        return Outcome("pick another commitment: a link needs two different ones")
    pair = session.pair
    side = {ref: ref.partition("/")[0] for ref in (marked, current)}
    if pair is None or not all(agreement in pair for agreement in side.values()):
        return Outcome("both commitments must be in the pair under review (ctrl+p: switch pair)")
    if side[marked] == side[current]:
        return Outcome(f"both are in {side[marked]}: move to the other agreement to link")
    ref_a, ref_b = (marked, current) if side[marked] == pair[0] else (current, marked)
    existing = session.store.get_link(ref_a, ref_b)
    if existing is not None and is_decided(existing):
        return Outcome(f"already linked ({existing.status}): {ref_a} ↔ {ref_b}", existing)
    ranked = any(m.other == ref_b for m in session.counterparts(ref_a))
    found = link(
        session, ref_a, ref_b, status="confirmed", origin="matcher" if ranked else "manual"
    )
    how = "" if ranked else " by hand"
    return Outcome(f"✓ linked{how}: {ref_a} ↔ {ref_b} · saved", found)


def undo(session: Session) -> Outcome:
    try:
        done = session.store.undo()
    except ConflictError as error:
        return Outcome(f"cannot undo: {error}", conflict=True)
    if done:
        session.changed(Change.store())
    return Outcome(f"undone: {in_tag_labels(session, done)}" if done else "nothing to undo")


def _decided_meanwhile(
    session: Session, ref_a: str, ref_b: str, seen: Link | None
) -> Outcome | None:
    """A link the reviewer saw as absent that someone has judged since.

    Versions only guard existing rows; this covers the one race they cannot.
    """
    if seen is not None:
        return None
    current = session.store.get_link(ref_a, ref_b)
    if current is None or not is_decided(current):
        return None
    error = ConflictError("decided meanwhile", current=current, changed_by=current.reviewer)
    return _conflict(session, ref_a, ref_b, error)


def _conflict(session: Session, ref_a: str, ref_b: str, error: ConflictError) -> Outcome:
    """Nothing was written, but someone else did write: show their state everywhere."""
    current = session.store.get_link(ref_a, ref_b)
    session.changed(_refs(ref_a, ref_b))
    who = f" by {error.changed_by}" if error.changed_by else ""
    state = f"now {current.status}" if current is not None else "now gone"
    if current is not None and current.tag:
        state += f", tag {current.tag}"
    return Outcome(
        f"not saved: this link was changed{who} meanwhile ({state}); press the key again to apply",
        current,
        conflict=True,
    )


# -- notes ----------------------------------------------------------------------------
def add_note(session: Session, target: NoteTarget, text: str) -> Note:
    """A note on a commitment, or on a link (created, as a suggestion, if it does not exist)."""
    store = session.store
    with store.transaction():
        # The store keeps notes only on existing links; writing a note about a
        # suggestion makes it a link the reviewer has not decided yet.
        if isinstance(target, tuple) and store.get_link(*target) is None:
            store.set_link(*target, corpus=session.corpus)
        note = store.add_note(target, text, corpus=session.corpus)
    session.changed(Change.store(note.refs))
    return note


def edit_note(session: Session, note: Note, text: str) -> Note:
    """Replace the text of `note` as last read (ConflictError if someone changed it since)."""
    edited = session.store.update_note(note.id, text, note.version)
    if edited.version != note.version:
        session.changed(Change.store(edited.refs))
    return edited


def delete_note(session: Session, note: Note) -> None:
    session.store.delete_note(note.id, note.version)
    session.changed(Change.store(note.refs))


# -- drafts ---------------------------------------------------------------------------
# A draft is the note dialog's scratch copy of what was typed, kept so that a
# hangup between a key and the autosave loses nothing. It is not a review
# record: it has no history and is shown nowhere but the dialog, so writing
# one tells no listener (one Change per key would redraw every pane per key).
def save_draft(session: Session, target: NoteTarget, text: str, note_id: int | None) -> None:
    session.store.save_draft(target, text, note_id)


def clear_draft(session: Session, target: NoteTarget) -> None:
    session.store.clear_draft(target)


def unsaved_drafts(session: Session) -> list[Draft]:
    return session.store.drafts()


def draft_for(session: Session, target: NoteTarget) -> Draft | None:
    wanted = target if isinstance(target, str) else tuple(target)
    return next((d for d in unsaved_drafts(session) if d.target == wanted), None)


# -- reviewed marks -------------------------------------------------------------------
def toggle_reviewed(session: Session, ref: str) -> bool:
    """Flip the reviewed mark; an outdated mark is renewed on today's wording. The new state."""
    store = session.store
    now_reviewed = not session.state.is_reviewed(ref)
    with store.transaction():
        if now_reviewed and ref in session.state.reviewed:
            store.mark_reviewed(ref, False)  # stale: re-mark on today's wording
        store.mark_reviewed(ref, now_reviewed, corpus=session.corpus)
    session.changed(Change.store((ref,)))
    return now_reviewed


# -- review files ---------------------------------------------------------------------
def import_review_files(session: Session, paths: Iterable[Path]) -> ImportReport:
    """Merge review files (one transaction, one undo step); nothing is written on findings."""
    from store.review.exchange import import_files

    report = import_files(session.store, paths)
    if report.imported:
        session.changed(Change.store())
    return report


# -- reading helpers the screens share ------------------------------------------------
def _literal(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: text


def tag_keys(session: Session) -> str:
    """`1 Aligned, 2 Partial overlap, …`: the tags behind the number keys."""
    return ", ".join(f"{number} {tag.label}" for number, tag in enumerate(session.tags, 1))


def in_tag_labels(session: Session, summary: str) -> str:
    """A history summary with tag ids turned into the labels the reviewer knows.

    Only after the first ": " (the refs come before it), and only whole ids,
    quoted or not: `tag 'aligned' → 'divergent'` reads `tag Aligned → Divergent`.
    """
    head, colon, rest = summary.partition(": ")
    if not colon:
        return summary
    for tag_ in session.tags:
        pattern = rf"(?<![\w/-])'?{re.escape(tag_.id)}'?(?![\w/-])"
        # A function, not a template: a label's backslashes stay literal.
        rest = re.sub(pattern, _literal(tag_.label), rest)
    return f"{head}{colon}{rest}"


def tag_label(session: Session, tag_id: str | None) -> str | None:
    if tag_id is None:
        return None
    found = next((t for t in session.tags if t.id == tag_id), None)
    return found.label if found else tag_id


def next_undecided(
    session: Session, pairs: Sequence[tuple[str, str]], start: int, *, wrap: bool = True
) -> int | None:
    """Index of the first undecided pair after `start` (wrapping round), or None."""
    count = len(pairs)
    if not count:
        return None
    steps = range(1, count + 1) if wrap else range(1, count - start)
    for step in steps:
        index = (start + step) % count
        if not is_decided(session.store.get_link(*pairs[index])):
            return index
    return None
