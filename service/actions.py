"""The review decisions behind compare and triage, with no Textual in sight.

Each function makes exactly one store call, so every key press is one durable
action and one step of `undo`. Messages are short, written for the flash line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from store.review.errors import ConflictError
from store.review.records import Link

if TYPE_CHECKING:
    from service.session import Session

UNDECIDED = (None, "suggested")


def session_of(node: Any) -> Session:
    """The running app's session (screens and dialogs reach it through their app)."""
    return cast("Session", node.app.session)


@dataclass(frozen=True, slots=True)
class Outcome:
    message: str
    link: Link | None = None
    conflict: bool = False


def is_decided(link: Link | None) -> bool:
    return link is not None and link.status not in UNDECIDED


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
        return Outcome(f"no tag {index}: the vocabulary has {len(tags)} tags")
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
    verb = "✓ confirmed and tagged" if status else "tagged"
    return Outcome(f"{verb} {chosen.label} · saved", link)


def undo(session: Session) -> Outcome:
    try:
        done = session.store.undo()
    except ConflictError as error:
        return Outcome(f"cannot undo: {error}", conflict=True)
    return Outcome(f"undone: {done}" if done else "nothing to undo")


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
    current = session.store.get_link(ref_a, ref_b)
    who = f" by {error.changed_by}" if error.changed_by else ""
    state = f"now {current.status}" if current is not None else "now gone"
    if current is not None and current.tag:
        state += f", tag {current.tag}"
    return Outcome(
        f"not saved: this link was changed{who} meanwhile ({state}); press the key again to apply",
        current,
        conflict=True,
    )


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
