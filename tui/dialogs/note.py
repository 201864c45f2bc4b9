"""The note dialog: a note is saved while it is typed, not when the dialog closes.

Over SSH the connection (and the process) can die at any moment, so waiting
for "save on close" would lose work. Half a second after the last key press
the text goes to the store through the service: `add_note` the first time,
then `edit_note` with the version we last wrote, which the store folds into
one undo step. Each save tells every pane (the ✎ marks in browse, too).
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from service import actions
from service.session import Session
from store.review.errors import ConflictError, StoreError
from store.review.records import Note
from tui.context import context_of
from tui.untrusted_content import safe_content
from tui.widgets.styled_text import DIM_STYLE, word_diff

SAVE_DELAY = 0.5


class NoteDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > #note-box {
        width: 90%; max-width: 100; height: 90%; max-height: 34;
        border: round $accent; padding: 0 1; background: $surface;
    }
    NoteDialog #note-title { text-style: bold; }
    NoteDialog #note-list { height: 1fr; min-height: 3; }
    NoteDialog .note { margin-bottom: 1; }
    NoteDialog .note.-outdated { border-left: thick $warning; padding-left: 1; }
    NoteDialog #note-text { height: 8; min-height: 4; }
    NoteDialog #note-status { height: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="note.close"),
        Binding("f2", "edit_mine", "Edit my last note", id="note.edit_mine"),
    ]

    def __init__(self, ref: str | None = None, link: tuple[str, str] | None = None) -> None:
        if (ref is None) == (link is None):
            raise ValueError("a note is on a commitment (ref) or on a link, not both")
        super().__init__()
        self.ref = ref
        self.link = link
        self._note: Note | None = None
        self._timer: Timer | None = None
        self._pending = False
        self._close_armed = False

    @property
    def session(self) -> Session:
        return context_of(self).session

    # -- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(self._title(), id="note-title")
            yield VerticalScroll(id="note-list", can_focus=False)
            yield TextArea(id="note-text", placeholder="Type a note; it is saved as you type.")
            yield Static(id="note-status")

    def _title(self) -> Content:
        if self.link is not None:
            return Content.assemble(
                "Note on the link ",
                safe_content(self.link[0], single_line=True),
                " ↔ ",
                safe_content(self.link[1], single_line=True),
            )
        return Content.assemble("Note on ", safe_content(self.ref, single_line=True))

    def on_mount(self) -> None:
        self._show_notes()
        self._status("New note · saved as you type · f2 edits your last note · esc closes")
        self.query_one(TextArea).focus()

    def _existing(self) -> list[Note]:
        store = self.session.store
        return store.notes(link=self.link) if self.link is not None else store.notes(ref=self.ref)

    def _show_notes(self) -> None:
        box = self.query_one("#note-list", VerticalScroll)
        box.remove_children()
        notes = [n for n in self._existing() if self._note is None or n.id != self._note.id]
        if not notes:
            box.mount(Static(Content.styled("No notes yet.", DIM_STYLE), classes="note"))
            return
        box.mount_all(self._note_widget(note) for note in notes)

    def _note_widget(self, note: Note) -> Static:
        session = self.session
        parts: list[Content] = [
            Content.styled(f"#{note.id} ", "bold"),
            safe_content(note.reviewer, single_line=True),
            Content.styled(f" · {note.updated[:10]}", DIM_STYLE),
        ]
        changed: list[tuple[str, str, str]] = []
        for ref in note.refs:
            fingerprint, snapshot = note.snapshot_of(ref)
            now = session.commitment(ref)
            if now is not None and now.fingerprint != fingerprint:
                changed.append((ref, snapshot, now.text))
        if changed:
            parts.append(Content.styled("  ! OUTDATED: the text changed since", "bold reverse"))
        parts.append(Content("\n"))
        parts.append(safe_content(note.text))
        for ref, old, new in changed:
            old_content, new_content = word_diff(old, new)
            parts.extend(
                [
                    Content.styled("\n  was  ", "bold"),
                    safe_content(ref, single_line=True),
                    Content(": "),
                    old_content,
                    Content.styled("\n  now  ", "bold"),
                    safe_content(ref, single_line=True),
                    Content(": "),
                    new_content,
                ]
            )
        classes = "note -outdated" if changed else "note"
        return Static(Content("").join(parts), classes=classes)

    def _status(self, message: str, style: str = DIM_STYLE) -> None:
        self.query_one("#note-status", Static).update(Content.styled(message, style))

    # -- autosave -----------------------------------------------------------------
    @on(TextArea.Changed, "#note-text")
    def _typed(self) -> None:
        self._pending = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.save_now)
        self._status("editing…")

    @property
    def save_pending(self) -> bool:
        """Typed text is waiting for the autosave timer."""
        return self._timer is not None

    def save_now(self) -> None:
        """Write the typed text to the store now (also used to flush on close)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._pending:
            return
        self._pending = False
        text = self.query_one("#note-text", TextArea).text
        try:
            if self._note is None:
                if not text.strip():
                    return
                self._note = actions.add_note(self.session, self._target(), text)
            else:
                self._note = actions.edit_note(self.session, self._note, text)
        except ConflictError as error:
            self._rescue(text, error)
            return
        except StoreError as error:
            self._pending = True
            self._status(f"NOT SAVED: {error}", "bold reverse $text-error")
            return
        self._status(f"✓ saved (note #{self._note.id})", "bold")

    def _target(self) -> str | tuple[str, str]:
        if self.link is None:
            assert self.ref is not None
            return self.ref
        return self.link

    def _rescue(self, text: str, error: ConflictError) -> None:
        """Someone else changed the note: keep both, never overwrite theirs or drop ours."""
        who = f" by {error.changed_by}" if error.changed_by else ""
        try:
            self._note = actions.add_note(self.session, self._target(), text)
        except StoreError as again:
            self._pending = True
            self._status(f"NOT SAVED: {again}", "bold reverse $text-error")
            return
        self._show_notes()
        self._status(
            f"! conflict: the note was changed{who}; yours is kept as note #{self._note.id}",
            "bold reverse",
        )

    # -- actions ------------------------------------------------------------------
    def action_edit_mine(self) -> None:
        self.save_now()
        reviewer = self.session.reviewer
        mine = [n for n in self._existing() if n.reviewer == reviewer]
        if not mine:
            self._status("you have no note here yet")
            return
        note = mine[-1]
        if self._note is not None and self._note.id == note.id:
            return
        self._note = note
        area = self.query_one("#note-text", TextArea)
        with area.prevent(TextArea.Changed):
            area.load_text(note.text)
        self._show_notes()
        self._status(f"editing note #{note.id} · saved as you type")

    def action_close(self) -> None:
        self.save_now()
        if self._pending and not self._close_armed:
            # The store refused the text: keep it on screen unless asked twice.
            self._close_armed = True
            self._status("NOT SAVED · press esc again to close anyway", "bold reverse $text-error")
            return
        if self._note is not None and not self._note.text.strip():
            # An emptied note is a deleted note, not a blank record in exports.
            with contextlib.suppress(StoreError):
                actions.delete_note(self.session, self._note)
        self.dismiss(None)
