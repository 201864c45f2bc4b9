"""The selected commitment in full: text, actors, modality, topics, notes.

Everything here is untrusted text, so the pane is one `Static` fed a `Text`
assembled from sanitised pieces; nothing is ever parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from store.model import Commitment
from store.sanitize import one_line, visible
from tui.session import Session


# inherit_bindings=False keeps left/right free for moving between panes.
class DetailPane(VerticalScroll, can_focus=True, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="detail.page-down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="detail.page-up"),
        Binding("home", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("end", "scroll_end", "Bottom", show=False, id="detail.bottom"),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.ref: str | None = None
        self.show_context = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a commitment.", style="italic"), id="detail-body")

    def show(self, ref: str | None) -> None:
        if ref != self.ref:
            self.scroll_home(animate=False)
        self.ref = ref
        commitment = self.session.commitment(ref) if ref else None
        body = self.query_one("#detail-body", Static)
        body.update(
            self._build(commitment) if commitment else Text("Select a commitment.", style="italic")
        )

    def _build(self, commitment: Commitment) -> Text:
        session = self.session
        agreement = session.corpus.agreement(commitment.agreement_id)
        area = session.area_of(commitment)
        out = Text(end="")
        state = session.state
        out.append(commitment.ref + "\n", "bold")
        out.append(f"{state.glyph(commitment.ref)} {state.state_word(commitment.ref)}\n", "dim")
        if area is not None:
            out.append("Area: ", "dim")
            out.append(one_line(area.title))
            if commitment.part:
                out.append(" · Part: ", "dim")
                out.append(one_line(commitment.part))
            out.append("\n")
        if commitment.lead_in:
            out.append(visible(commitment.lead_in) + "\n", "italic")
        out.append("\n")
        out.append(visible(commitment.text.strip()) + "\n\n")
        if commitment.incomplete:
            out.append("Incomplete source: ", "bold")
            out.append(visible(commitment.incomplete) + "\n")
        actors = []
        for actor in commitment.actors:
            party = agreement.party(actor) if agreement else None
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
