"""The note dialog: a note is saved while it is typed, not when the dialog closes.

Over SSH the connection (and the process) can die at any moment, so waiting
for "save on close" would lose work. Two clocks run from the first unsaved
key, and neither is restarted by later keys, so steady typing cannot hold
them off: within DRAFT_DELAY the text is a draft in the store, within
SAVE_DELAY it is the note itself (`add_note` the first time, then `edit_note`,
which the store folds into one undo step). On SIGHUP or SIGTERM the app calls
`flush_unsaved`, which saves at once. A draft left behind (the process died
holding it, or the store refused the note) is offered back the next time the
dialog opens on the same target.
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
DRAFT_DELAY = 0.1


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
        self._draft_timer: Timer | None = None
        self._draft_kept = False
        self._conflict = ""
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
        self._offer_draft()

    def _offer_draft(self) -> None:
        """Text typed here before the process died comes back, marked, to keep or clear."""
        draft = actions.draft_for(self.session, self._target())
        if draft is None:
            return
        if draft.note_id is not None:
            self._note = next((n for n in self._existing() if n.id == draft.note_id), None)
        area = self.query_one("#note-text", TextArea)
        with area.prevent(TextArea.Changed):
            area.load_text(draft.text)
        self._pending = True
        self._draft_kept = True
        self._show_notes()
        self._status(
            f"restored unsaved text from {draft.updated[:16].replace('T', ' ')} · "
            "keep typing to save it, clear it to drop it",
            "bold",
        )

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
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft)
        if self._timer is None:
            self._timer = self.set_timer(SAVE_DELAY, self.save_now)
        self._status("editing…")

    def save_draft(self) -> None:
        """Put the typed text in the store as a draft (cheap; no history, no redraw)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if not self._pending:
            return
        text = self.query_one("#note-text", TextArea).text
        note_id = self._note.id if self._note is not None else None
        try:
            actions.save_draft(self.session, self._target(), text, note_id)
        except StoreError as error:
            self._status(f"NOT SAVED: {error}", "bold reverse $text-error")
            return
        self._draft_kept = True

    def flush_unsaved(self) -> None:
        """The process is about to end (hangup, terminate): save now, else keep a draft."""
        self.save_now()
        if self._pending:
            self.save_draft()

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
        if self._note is None and not text.strip():
            self._drop_draft()
            return
        try:
            if self._note is None:
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
        if self._conflict:
            self._status(f"{self._conflict} · ✓ saved", "bold reverse")
        else:
            self._status(f"✓ saved (note #{self._note.id})", "bold")
        self._drop_draft()

    def _drop_draft(self) -> None:
        """The text is a note now (or nothing): the draft has done its job."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if not self._draft_kept:
            return
        try:
            actions.clear_draft(self.session, self._target())
        except StoreError:
            return  # a stale draft only offers text that is already saved
        self._draft_kept = False

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
        self._drop_draft()
        # Kept on the status line through later saves: the reviewer must see it.
        self._conflict = (
            f"! conflict: the note was changed{who}; yours is kept as note #{self._note.id}"
        )
        self._status(self._conflict, "bold reverse")

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
