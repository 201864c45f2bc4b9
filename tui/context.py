"""What every screen of the app shares, without importing the app: session, lens, changes.

Screens and dialogs read the session and the topic lens from here and
subscribe to `changes`, a Textual `Signal` carrying one `service.Change` per
write (or reload, new matches, another pair or lens); Textual prunes
subscribers that are gone. Requests go the other way as messages
(`tui.requests`), which bubble up to the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from textual.dom import DOMNode
from textual.signal import Signal

from service.changes import Change
from service.session import Session


@dataclass(eq=False)
class ReviewContext:
    session: Session
    changes: Signal[Change]
    topic_lens: str | None = None
    # Matching runs in a worker: until it is done there are no counterparts.
    matching: bool = False
    # The agreements are read in a worker after the first paint.
    loading: bool = False
    # The commitment marked with `m`, waiting to be linked by hand to another.
    marked: str | None = None
    # The commitment browse should open on (where the reviewer left off), once.
    start_at: str | None = None
    # Keys that do nothing where they were pressed, already explained once.
    explained: set[str] = field(default_factory=set)

    def why_no_matches(self) -> str | None:
        """None when there are matches to work on; otherwise what to tell the reviewer."""
        if self.session.matches is not None:
            return None
        if self.matching:
            return "Still matching; try again in a moment."
        return "No pair to compare: add a second agreement."


@runtime_checkable
class HasReviewContext(Protocol):
    context: ReviewContext


def context_of(node: DOMNode) -> ReviewContext:
    """The context of the app `node` runs in."""
    app = node.app
    if not isinstance(app, HasReviewContext):
        raise RuntimeError(f"{type(node).__name__} runs only inside Accord's app")
    return app.context
