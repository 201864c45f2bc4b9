"""Requests from screens, dialogs and the palette to the app, as Textual messages.

A screen posts one and it bubbles up to the app, which opens the screen or
changes the lens: screens never call into the app (and never import it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenCompare(Message):
    ref_a: str
    ref_b: str
    candidates: Sequence[tuple[str, str]] | None = None


@dataclass
class OpenNote(Message):
    """A note dialog on a commitment (`ref`) or on a link (`link`)."""

    ref: str | None = None
    link: tuple[str, str] | None = None


@dataclass
class JumpTo(Message):
    """Back to browse, showing an agreement, an area or a commitment."""

    agreement_id: str
    area_id: str | None = None
    ref: str | None = None


@dataclass
class SetTopicLens(Message):
    topic: str | None


@dataclass
class SwitchPair(Message):
    pair: tuple[str, str]


@dataclass
class CopyText(Message):
    text: str
    what: str
