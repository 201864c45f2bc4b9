"""Browse: navigator, commitment list, detail and counterparts, on one screen.

The panes are laid out by `app.tcss` for the width at hand (breakpoints):
three columns from 120 cells, a navigator beside stacked panes from 80, and
below 80 the counterparts pane goes (enter still opens the best candidate).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from service import actions
from service.changes import Change
from service.session import Session
from store.agreements.model import Commitment
from store.untrusted import one_line
from tui.context import ReviewContext, context_of
from tui.requests import CopyText, OpenCompare, OpenNote, SetTopicLens
from tui.resume import ResumablePlace
from tui.widgets.commitment_list import CommitmentList
from tui.widgets.counterparts import CounterpartList
from tui.widgets.detail import DetailPane
from tui.widgets.filter_bar import FilterBar
from tui.widgets.fit import head_and_tail
from tui.widgets.navigator import Navigator, NavItem
from tui.widgets.virtual_list import VirtualList


class BrowseScreen(ResumablePlace, Screen[None]):
    BINDING_GROUP_TITLE = "Browse"
    resume_as: ClassVar[str] = "browse"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "pane(1)", "Next pane", show=False, id="browse.next-pane"),
        Binding("shift+tab", "pane(-1)", "Previous pane", show=False, id="browse.previous-pane"),
        Binding("l,right", "pane(1)", "Pane right", show=False, id="browse.right"),
        Binding("h,left", "pane(-1)", "Pane left", show=False, id="browse.left"),
        Binding("escape", "back", "Back", show=False, id="browse.back"),
        Binding("t", "app.triage", "Triage", id="browse.triage"),
        Binding("n", "note", "Note", id="browse.note"),
        Binding("r", "toggle_reviewed", "Reviewed", id="browse.reviewed"),
        # Not in the footer (seven keys at most): the help, the palette, and for L the
        # line above the footer once m is pressed, say them.
        Binding("d", "app.ledger", "Ledger", show=False, id="browse.ledger"),
        Binding("m", "mark", "Mark to link by hand", show=False, id="browse.mark"),
        Binding("L", "link_marked", "Link to the mark", show=False, id="browse.link-marked"),
        Binding("c", "app.coverage", "Coverage", show=False, id="browse.coverage"),
        Binding("C", "app.corpus", "Corpus", show=False, id="browse.corpus"),
        Binding("g", "app.gaps", "Gaps", show=False, id="browse.gaps"),
        Binding("o", "app.topic_lens", "Topic lens", show=False, id="browse.lens"),
        Binding("a", "toggle_context", "Area context", show=False, id="browse.context"),
        Binding("u", "undo", "Undo", show=False, id="browse.undo"),
        Binding("Y", "copy_text", "Copy text", show=False, id="browse.copy-text"),
        Binding("ctrl+y", "copy_ref", "Copy ref", show=False, id="browse.copy-ref"),
        # Keys of compare and triage that do nothing here: said why, once.
        Binding("y", "explain_key('y')", "Why not here", show=False, id="browse.why-y"),
        Binding("x", "explain_key('x')", "Why not here", show=False, id="browse.why-x"),
        Binding(
            ",".join(str(n) for n in range(1, 10)),
            "explain_key('1-9')",
            "Why not here",
            show=False,
            key_display="1-9",
            id="browse.why-tags",
        ),
    ]

    WHY_NOT_HERE: ClassVar[dict[str, str]] = {
        "y": "y confirms a link in compare or triage: enter compares this commitment "
        "with its best counterpart, t opens triage.",
        "x": "x rejects a link in compare or triage: enter compares this commitment "
        "with its best counterpart, t opens triage.",
        "1-9": "1–9 tag a link in compare or triage ({tags}): enter compares this "
        "commitment with its best counterpart.",
    }

    def __init__(self) -> None:
        super().__init__()
        self._area: NavItem | None = None
        self._list_title = "Commitments"

    @property
    def context(self) -> ReviewContext:
        return context_of(self)

    @property
    def session(self) -> Session:
        return self.context.session

    def compose(self) -> ComposeResult:
        session = self.session
        yield Header(icon="§")
        navigator = Navigator(session, self.in_lens, id="navigator")
        navigator.border_title = "Agreements"
        commitments = CommitmentList(session, id="commitments")
        commitments.border_title = "Commitments"
        detail = DetailPane(session, id="detail")
        detail.border_title = "Detail"
        counterparts = CounterpartList(session, id="counterparts")
        counterparts.border_title = "Counterparts"
        with Widget(id="browse-body"):
            yield navigator
            yield commitments
            yield detail
            yield counterparts
        yield Static(id="browse-status")
        yield FilterBar(id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self.context.changes.subscribe(self, self.on_session_change)
        self.query_one("#browse-status", Static).display = False
        self.commitments.marked = self.context.marked
        self.call_after_refresh(self.show_status)
        self.navigator.rebuild()
        if not self._open_at_start():
            self._select_first_area()
            self.show_area(self.navigator.current)
            self.commitments.focus()

    def _open_at_start(self) -> bool:
        """Go where the reviewer left off last time, once its commitment is loaded."""
        ref = self.context.start_at
        commitment = self.session.commitment(ref) if ref else None
        if commitment is None:
            return False
        self.context.start_at = None
        self.jump_to(commitment.agreement_id, commitment.area_id, commitment.ref)
        return True

    def _select_first_area(self) -> None:
        first_area = next((item for item in self.navigator.items if not item.is_agreement), None)
        if first_area is not None:
            self.navigator.select_item(first_area)

    # -- the panes --------------------------------------------------------------------
    @property
    def navigator(self) -> Navigator:
        return self.query_one("#navigator", Navigator)

    @property
    def commitments(self) -> CommitmentList:
        return self.query_one("#commitments", CommitmentList)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def counterparts(self) -> CounterpartList:
        return self.query_one("#counterparts", CounterpartList)

    def panes(self) -> list[Widget]:
        """The focusable panes, left to right, that the layout currently shows."""
        panes: list[Widget] = [self.navigator, self.commitments, self.detail, self.counterparts]
        return [pane for pane in panes if pane.display and pane.styles.display != "none"]

    @property
    def selected(self) -> Commitment | None:
        return self.commitments.current

    # -- what the panes show ------------------------------------------------------------
    def in_lens(self, commitment: Commitment) -> bool:
        lens = self.context.topic_lens
        return lens is None or lens in commitment.topics

    def show_area(self, item: NavItem | None, keep: Commitment | None = None) -> None:
        self._area = item
        agreement = self.session.corpus.agreement(item.agreement_id) if item else None
        commitments: list[Commitment] = []
        title = "Commitments"
        if agreement is not None and item is not None:
            if item.area_id is None:
                commitments = list(agreement.commitments())
                title = f"{agreement.id} · all"
            else:
                area = agreement.area(item.area_id)
                commitments = list(area.commitments) if area else []
                title = f"{agreement.id} · {item.area_id}"
        commitments = [c for c in commitments if self.in_lens(c)]
        self.commitments.set_items(commitments, keep=keep)
        self._title_list(title)
        self.show_commitment(self.commitments.current)

    def _title_list(self, title: str | None = None) -> None:
        widget = self.commitments
        if title is not None:
            self._list_title = title
        base = self._list_title
        shown, total = widget.visible_count, len(widget.items)
        count = f" ({shown}/{total})" if widget.filter_text else f" ({total})"
        filtered = f" /{widget.filter_text}" if widget.filter_text else ""
        widget.border_title = Text(f"{base}{count}{filtered}")

    def show_commitment(self, commitment: Commitment | None) -> None:
        ref = commitment.ref if commitment else None
        self.detail.show(ref)
        note = ""
        session = self.session
        if commitment is not None:
            if session.pair is None or commitment.agreement_id not in session.pair:
                note = "Not in the pair under review (ctrl+p: switch the pair)."
            elif session.matches is None:
                note = "Matching… counterparts appear when it is done."
            else:
                note = "No counterparts."
        self.counterparts.show_for(ref if session.matches else None, note)
        other = session.other_agreement(ref) if ref else None
        self.counterparts.border_title = Text(
            f"Counterparts in {other.id}" if other else "Counterparts"
        )

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_status)

    def show_status(self) -> None:
        """The line above the footer: the mark waiting for a link, or why a pane is hidden."""
        line = self.query_one("#browse-status", Static)
        marked = self.context.marked
        width = max(10, self.size.width - 2)
        if marked is not None:
            other = self.session.other_agreement(marked)
            where = f"a commitment of {other.id}" if other else "another commitment"
            # The key and the ref first and whole; the explanation gives way.
            head = Text.assemble(("L", "bold reverse"), " links ◆ ", (one_line(marked), "bold"))
            tail = Text(f"to the selected one: go to {where} · m unmarks")
            line.display = True
            line.update(head_and_tail(head, tail, width, gap=" "))
            return
        if not self.counterparts.display or self.counterparts.styles.display == "none":
            # Short enough for 60 columns, where it shows.
            text = Text(
                "Counterparts hidden: enter compares, then ] [ for others "
                "(80 columns show the pane)",
                style="italic",
            )
        else:
            line.display = False
            return
        line.display = True
        line.update(head_and_tail(Text(""), text, width, gap=""))

    def on_session_change(self, change: Change) -> None:
        current = self.selected
        if change.kind in ("corpus", "lens", "pair"):
            area = self._area
            self.navigator.rebuild()
            if area is not None:
                self.navigator.select_item(area)
            elif self._open_at_start():
                return  # the agreements just arrived: where the reviewer left off
            else:
                self._select_first_area()  # the agreements just arrived
            fresh = self.session.commitment(current.ref) if current else None
            self.show_area(self.navigator.current, keep=fresh)
        else:
            self.navigator.redraw()
            self.commitments.redraw()
            self.show_commitment(current)

    # -- events from the lists ----------------------------------------------------------
    def on_virtual_list_highlighted(self, event: VirtualList.Highlighted) -> None:
        if event.widget is self.navigator:
            item = self.navigator.current
            # A filter that hides every row leaves the other panes as they were.
            if item is not None and item != self._area:
                self.show_area(item)
        elif event.widget is self.commitments:
            self.show_commitment(self.commitments.current)

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        if event.widget is self.navigator:
            self.commitments.focus()
        elif event.widget is self.commitments:
            self._compare_best()
        elif event.widget is self.counterparts:
            self._compare_counterpart()

    def on_virtual_list_filter_requested(self, event: VirtualList.FilterRequested) -> None:
        self.query_one(FilterBar).open_for(event.widget)

    def on_virtual_list_filtered(self, event: VirtualList.Filtered) -> None:
        if event.widget is self.commitments:
            self._title_list()
        elif event.widget is self.navigator:
            self._title_navigator()

    def _title_navigator(self) -> None:
        widget = self.navigator
        query = widget.filter_text
        widget.border_title = Text(
            f"Agreements ({widget.visible_count}/{len(widget.items)}) /{query}"
            if query
            else "Agreements"
        )

    def _compare_best(self) -> None:
        commitment = self.selected
        if commitment is None:
            return
        reason = self.context.why_no_matches()
        if reason is not None:
            self.app.notify(reason, markup=False)
            return
        matches = self.session.counterparts(commitment.ref)
        if not matches:
            self.app.notify("No counterpart to compare with.", markup=False)
            return
        self._open_compare(commitment.ref, [m.other for m in matches], matches[0].other)

    def _compare_counterpart(self) -> None:
        match = self.counterparts.current
        if match is None or self.counterparts.ref is None:
            return
        others = [m.other for m in self.counterparts.items]
        self._open_compare(self.counterparts.ref, others, match.other)

    def _open_compare(self, ref: str, others: list[str], chosen: str) -> None:
        """Open compare on ref ↔ chosen, A side first, with the other candidates to step through."""
        pair = self.session.pair
        first_is_a = pair is None or ref.split("/", 1)[0] == pair[0]
        candidates = [(ref, other) if first_is_a else (other, ref) for other in others]
        ref_a, ref_b = (ref, chosen) if first_is_a else (chosen, ref)
        self.post_message(OpenCompare(ref_a, ref_b, candidates))

    # -- actions ---------------------------------------------------------------------------
    def action_pane(self, step: int) -> None:
        panes = self.panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else 0
        # Synchronously: focus() lands on the next frame, and a second key of the
        # same burst (typeahead over SSH) would still see the old pane.
        self.set_focus(panes[(index + step) % len(panes)])

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, VirtualList) and focused.filter_text:
            focused.set_filter("")
            self._title_list()
        elif focused is not self.navigator:
            self.navigator.focus()

    def action_note(self) -> None:
        if self.focused is self.counterparts and self.counterparts.current is not None:
            match = self.counterparts.current
            self.post_message(OpenNote(link=(match.ref, match.other)))
            return
        commitment = self.selected
        if commitment is not None:
            self.post_message(OpenNote(ref=commitment.ref))

    def action_toggle_reviewed(self) -> None:
        commitment = self.selected
        if commitment is None:
            return
        now = actions.toggle_reviewed(self.session, commitment.ref)
        self.app.notify(
            f"{commitment.ref}: {'reviewed ✓' if now else 'not reviewed •'}",
            markup=False,
            timeout=2,
        )

    def action_undo(self) -> None:
        outcome = actions.undo(self.session)
        self.app.notify(outcome.message, markup=False)

    # -- linking by hand: m on one commitment, L on another ---------------------------
    def action_mark(self) -> None:
        commitment = self.selected
        if commitment is None:
            return
        marked = None if self.context.marked == commitment.ref else commitment.ref
        self._show_mark(marked)

    def action_link_marked(self) -> None:
        marked, current = self.context.marked, self.selected
        if marked is None:
            self.app.notify("Nothing is marked: m marks a commitment to link.", markup=False)
            return
        if current is None:
            return
        outcome = actions.link_by_hand(self.session, marked, current.ref)
        if outcome.link is None or "already linked" in outcome.message:
            self.app.notify(outcome.message, markup=False)
            return
        self._show_mark(None)
        link = outcome.link
        # Straight into compare, which says "linked by hand" on the link's state line
        # (no toast over it): the reviewer sees the pair and can tag it (1–9).
        self.post_message(OpenCompare(link.ref_a, link.ref_b, [(link.ref_a, link.ref_b)]))

    def _show_mark(self, marked: str | None) -> None:
        self.context.marked = marked
        self.commitments.marked = marked
        self.refresh_bindings()
        self.commitments.redraw()
        self.show_status()

    def action_explain_key(self, key: str) -> None:
        if key in self.context.explained:
            return
        self.context.explained.add(key)
        tags = actions.tag_keys(self.session)
        self.app.notify(self.WHY_NOT_HERE[key].format(tags=tags), markup=False, timeout=6)

    def resume_ref(self) -> str | None:
        """The commitment to come back to after a relaunch (None before the panes exist)."""
        lists = self.query(CommitmentList)
        current = lists.first().current if lists else None
        return current.ref if current is not None else None

    def action_toggle_context(self) -> None:
        self.detail.show_context = not self.detail.show_context
        self.detail.show(self.detail.ref)

    def action_copy_text(self) -> None:
        if self.selected is not None:
            self.post_message(CopyText(self.selected.text, "the commitment's text"))

    def action_copy_ref(self) -> None:
        if self.selected is not None:
            self.post_message(CopyText(self.selected.ref, self.selected.ref))

    def jump_to(self, agreement_id: str, area_id: str | None, ref: str | None) -> None:
        """Show an agreement, area or commitment (the palette's jumps land here)."""
        for widget in (self.navigator, self.commitments):
            widget.set_filter("")
        if ref is not None and self.context.topic_lens is not None:
            commitment = self.session.commitment(ref)
            if commitment is not None and not self.in_lens(commitment):
                # The target would be hidden by the lens: clear it now, tell the app.
                self.context.topic_lens = None
                self.post_message(SetTopicLens(None))
                self.navigator.rebuild()
        item = NavItem(agreement_id, area_id)
        if not self.navigator.select_item(item):
            self.navigator.select_item(NavItem(agreement_id))
        self.show_area(self.navigator.current)
        target = self.session.commitment(ref) if ref else None
        if target is not None:
            self.commitments.select_item(target)
            self.commitments.focus()
        else:
            self.navigator.focus()
