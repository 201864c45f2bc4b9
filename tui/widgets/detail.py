"""The selected commitment in full: text, actors, modality, topics, notes.

Everything here is untrusted text, so the pane draws a `Text` assembled from
sanitised pieces; nothing is ever parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from service.session import Session
from store.agreements.model import Commitment
from store.untrusted import one_line, visible


# inherit_bindings=False keeps left/right free for moving between panes.
class DetailPane(ScrollView, can_focus=True, inherit_bindings=False):
    """Draws its own wrapped lines (line API): a new commitment repaints this
    pane only, where a `Static` of changing height would re-lay out the screen
    on every cursor move. inherit_bindings=False keeps left/right for panes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="detail.page-down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="detail.page-up"),
        Binding("home", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("end", "scroll_end", "Bottom", show=False, id="detail.bottom"),
    ]
    DEFAULT_CSS = """
    DetailPane {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.ref: str | None = None
        self.show_context = False
        self._text = Text("Select a commitment.", style="italic", end="")
        self._strips: list[Strip] = []
        self._wrapped_width = -1

    @property
    def plain(self) -> str:
        """Everything the pane holds, also what is scrolled out of view."""
        return self._text.plain

    def show(self, ref: str | None) -> None:
        if ref != self.ref:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.ref = ref
        commitment = self.session.commitment(ref) if ref else None
        if commitment is None:
            self._text = Text("Select a commitment.", style="italic", end="")
        else:
            self._text = self._build(commitment)
        self._wrapped_width = -1
        self._wrap()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            return
        console = self.app.console
        lines = self._text.wrap(console, width, overflow="fold", no_wrap=False)
        strips = []
        for line in lines:
            line.end = ""
            strips.append(Strip(list(line.render(console)), line.cell_len))
        self._strips = strips
        self._wrapped_width = width
        self.virtual_size = Size(width, len(strips))
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped_width = -1
        if self.is_mounted:
            self._wrap()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        base = self.rich_style
        if not 0 <= index < len(self._strips):
            return Strip.blank(width, base)
        return self._strips[index].apply_style(base).extend_cell_length(width, base).crop(0, width)

    def _build(self, commitment: Commitment) -> Text:
        session = self.session
        agreement = session.corpus.agreement(commitment.agreement_id)
        area = session.area_of(commitment)
        out = Text(end="")
        state = session.state
        # The text comes first: at 80×24 the pane shows only a few lines.
        # The id, then its agreement after a space: lines wrap at spaces, so a
        # narrow pane moves the agreement to the next line instead of cutting the id.
        out.append(commitment.id, "bold")
        out.append(f" · {commitment.agreement_id}", "dim")
        out.append(f"  {state.glyph(commitment.ref)} {state.state_word(commitment.ref)}\n", "dim")
        out.append(visible(commitment.text.strip()) + "\n\n")
        if area is not None:
            out.append("Area: ", "dim")
            out.append(one_line(area.title))
            if commitment.part:
                out.append(" · Part: ", "dim")
                out.append(one_line(commitment.part))
            out.append("\n")
        if commitment.lead_in:
            out.append(visible(commitment.lead_in) + "\n", "italic")
        if commitment.incomplete:
            out.append("Incomplete source: ", "bold")
            out.append(visible(commitment.incomplete) + "\n")
        actors = []
        for actor in commitment.actors:
            party = agreement.party(actor) if agreement is not None else None
            actors.append(one_line(party.label if party else actor))
        out.append("Actors: ", "dim")
        out.append(", ".join(actors))
        out.append("   Modality: ", "dim")
        out.append(one_line(commitment.modality) + "\n")
        if commitment.topics:
            out.append("Topics: ", "dim")
            lexicon = session.corpus.lexicon
            labels = []
            for topic_id in commitment.topics:
                topic = lexicon.topic(topic_id)
                labels.append(f"‹{one_line(topic.label if topic else topic_id)}›")
            out.append(" ".join(labels) + "\n")
        if area is not None and area.context:
            if self.show_context:
                out.append("\nArea context (a hides it)\n", "bold")
                out.append(visible(area.context.strip()) + "\n")
            else:
                out.append("\nArea context: press a to show it\n", "dim")
        self._append_notes(out, commitment)
        return out

    def _append_notes(self, out: Text, commitment: Commitment) -> None:
        notes = self.session.notes(commitment.ref)
        out.append(f"\nNotes ({len(notes)})", "bold")
        out.append("  n adds one\n" if not notes else "\n", "dim")
        for note in notes:
            where = f" on the link with {note.other_ref}" if note.other_ref else ""
            old_fingerprint, old_text = note.snapshot_of(commitment.ref)
            out.append("✎ ", "bold")
            out.append(
                f"{one_line(note.reviewer)} · {note.updated[:16].replace('T', ' ')}{where}", "dim"
            )
            out.append("\n")
            if old_fingerprint != commitment.fingerprint:
                out.append("! outdated, written on: ", "bold")
                out.append(one_line(old_text) + "\n", "italic")
            out.append(visible(note.text.rstrip()) + "\n")
