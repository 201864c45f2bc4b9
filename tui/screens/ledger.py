"""The ledger: every link and note of the review in one list, the latest change first.

In the manner of lazygit's lists: one key per filter (`s` status, `t` tag,
`w` reviewer, `a` area, `o` outdated), each press moving to the next value
and round to "all"; `/` filters by words; enter opens the pair in compare
(`]` `[` there walk the listed links) or a commitment's note in browse; `u`
undoes the reviewer's last action. Three lines a row, so a ref is never cut:

    ✓ confirmed ‹Aligned› · by hand · alice · 2026-12-01 09:14
      etf-2026/vet-apprenticeships-labour-demand  Stronger vocational…
      ↔ hlm-2022/promote-digital-green-tvet  Promote digitalisation of…

The list is a virtual list: 10,000 links cost what the visible rows cost.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from service import actions
from service.changes import Change
from service.ledger import (
    Ledger,
    LedgerEntry,
    LedgerFilter,
    cycle,
    next_outdated,
    next_status,
)
from service.review_state import LINK_GLYPHS, NOTED, OUTDATED
from service.session import Session
from store.untrusted import one_line
from tui.context import ReviewContext, context_of
from tui.requests import JumpTo, OpenCompare
from tui.resume import ResumablePlace
from tui.untrusted_content import safe_content
from tui.widgets.filter_bar import FilterBar
from tui.widgets.fit import fit_parts, head_and_tail
from tui.widgets.styled_text import DIM_STYLE, styled
from tui.widgets.virtual_list import VirtualList


def when(stamp: str) -> str:
    """`2026-12-01 09:14` (UTC, as stored): minutes are enough to find a change."""
    return stamp[:16].replace("T", " ")


class LedgerList(VirtualList[LedgerEntry]):
    lines_per_item = 3
    empty_message = "No decisions yet: links and notes appear here as they are made."
    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {
        "ledger--ref",
        "ledger--outdated",
    }
    DEFAULT_CSS = """
    LedgerList {
        height: 1fr;
        & > .ledger--ref { text-style: bold; }
        & > .ledger--outdated { color: $accord-outdated; text-style: bold reverse; }
    }
    """

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.note = ""  # why the list is empty when it is not the review's fault

    def _empty_text(self) -> str:
        return self.note or super()._empty_text()

    def item_key(self, item: LedgerEntry) -> object:
        return item.key

    def search_text(self, item: LedgerEntry) -> str:
        label = self.session.tag_label(item.tag) if item.tag else ""
        return " ".join((item.kind, *item.refs, item.status or "", label, item.reviewer, item.text))

    def _style(self, name: str) -> object:
        return self.get_component_rich_style(f"ledger--{name}", partial=True)

    def render_item(self, item: LedgerEntry, width: int) -> list[Text]:
        first = Text(end="", no_wrap=True)
        if item.kind == "link":
            status = item.status or "suggested"
            first.append(f"{LINK_GLYPHS.get(status, '·')} {status}", "bold")
            if item.tag:
                first.append(f" ‹{one_line(self.session.tag_label(item.tag))}›")
            if item.origin == "manual":
                first.append(" · by hand", "italic")
        else:
            first.append(f"{NOTED} note", "bold")
        first.append(f" · {one_line(item.reviewer)} · {when(item.updated)}")
        if item.outdated:
            first.append(" ")
            first.append(f"{OUTDATED} outdated", self._style("outdated"))  # type: ignore[arg-type]
        note = Text(f"“{one_line(item.text)}”", end="") if item.kind == "note" else Text("")
        lines = [head_and_tail(first, note, width)]
        lines.append(self._ref_line("  ", item.ref_a, width))
        if item.ref_b is not None:
            lines.append(self._ref_line("  ↔ ", item.ref_b, width))
        else:
            lines.append(Text("    (a note on this commitment)", style="dim", end=""))
        return lines

    def _ref_line(self, lead: str, ref: str, width: int) -> Text:
        head = Text(lead, end="")
        head.append(one_line(ref), self._style("ref"))  # type: ignore[arg-type]
        commitment = self.session.commitment(ref)
        prose = Text(one_line(commitment.text) if commitment else "(no longer in the agreements)")
        prose.stylize("dim")
        return head_and_tail(head, prose, width)


class LedgerScreen(ResumablePlace, Screen[None]):
    BINDING_GROUP_TITLE = "Ledger"
    resume_as: ClassVar[str] = "ledger"
    DEFAULT_CSS = """
    LedgerScreen > #ledger-heading { height: 1; padding: 0 1; background: $panel; }
    LedgerScreen > #ledger-filters { height: 1; padding: 0 1; }
    LedgerScreen > #ledger-flash { height: auto; max-height: 3; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "filter_status", "Status", show=False, id="ledger.status"),
        Binding("t", "filter_tag", "Tag", show=False, id="ledger.tag"),
        Binding("w", "filter_reviewer", "Reviewer", show=False, id="ledger.reviewer"),
        Binding("a", "filter_area", "Area", show=False, id="ledger.area"),
        Binding("o", "filter_outdated", "Outdated", show=False, id="ledger.outdated"),
        Binding("c", "clear_filters", "Clear filters", show=False, id="ledger.clear"),
        Binding("u", "undo", "Undo", id="ledger.undo"),
        Binding("escape", "back", "Back", id="ledger.back"),
        Binding("enter", "open", "Open", id="ledger.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = LedgerFilter()
        self.ledger = Ledger()

    @property
    def context(self) -> ReviewContext:
        return context_of(self)

    @property
    def session(self) -> Session:
        return self.context.session

    @property
    def entries(self) -> LedgerList:
        return self.query_one(LedgerList)

    def compose(self) -> ComposeResult:
        yield Static(id="ledger-heading")
        yield Static(id="ledger-filters")
        yield LedgerList(self.session, id="ledger")
        yield Static(id="ledger-flash")
        yield FilterBar(id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self.context.changes.subscribe(self, self._changed)
        self.refill()
        self.entries.focus()

    def on_resize(self) -> None:
        self._draw_heading()

    def _changed(self, change: Change) -> None:
        if change.kind in ("store", "corpus", "pair"):
            self.refill()

    def refill(self) -> None:
        self.ledger = Ledger.of(self.session)
        self._apply()

    def _apply(self) -> None:
        shown = self.ledger.filtered(self.filter)
        hidden = bool(self.ledger.entries) and not shown
        self.entries.note = "Nothing matches these filters (c clears them)." if hidden else ""
        self.entries.set_items(shown)
        self._draw_heading()

    def _draw_heading(self) -> None:
        if not self.is_mounted:
            return
        width = max(20, self.size.width - 2)
        shown, total = self.entries.visible_count, len(self.ledger.entries)
        words = f" /{self.entries.filter_text}" if self.entries.filter_text else ""
        self.query_one("#ledger-heading", Static).update(
            Content.assemble(
                styled("Ledger", "bold"),
                f"  {shown} of {total} links and notes, latest change first",
                styled(words, "bold"),
            ).truncate(width, ellipsis=True)
        )
        flt = self.filter
        tag = (
            flt.tag if flt.tag is None else (self.session.tag_label(flt.tag) if flt.tag else "none")
        )
        parts = [
            self._part("s", "status", flt.status),
            self._part("t", "tag", tag),
            self._part("w", "reviewer", flt.reviewer),
            self._part("a", "area", flt.area),
            self._part("o", "outdated", None if flt.outdated == "all" else flt.outdated),
        ]
        if flt.active:
            parts.append(styled("c clears", DIM_STYLE))
        self.query_one("#ledger-filters", Static).update(fit_parts(parts, width))

    def _part(self, key: str, name: str, value: str | None) -> Content:
        return Content.assemble(
            styled(key, "bold reverse"),
            f" {name} ",
            safe_content(value, single_line=True) if value else styled("all", DIM_STYLE),
        )

    def flash(self, message: str) -> None:
        # Wrapped, not cut: the message names refs, which stay whole.
        self.query_one("#ledger-flash", Static).update(styled(" ".join(message.split()), "bold"))

    # -- filters --------------------------------------------------------------------
    def _set(self, flt: LedgerFilter) -> None:
        self.filter = flt
        self._apply()

    def action_filter_status(self) -> None:
        self._set(replace(self.filter, status=next_status(self.filter.status)))

    def action_filter_tag(self) -> None:
        # Every tag of the vocabulary, then "" for links without one.
        choices = [*self.session.tag_ids(), ""]
        self._set(replace(self.filter, tag=cycle(self.filter.tag, choices)))

    def action_filter_reviewer(self) -> None:
        self._set(
            replace(self.filter, reviewer=cycle(self.filter.reviewer, self.ledger.reviewers()))
        )

    def action_filter_area(self) -> None:
        self._set(replace(self.filter, area=cycle(self.filter.area, self.ledger.areas())))

    def action_filter_outdated(self) -> None:
        self._set(next_outdated(self.filter))

    def action_clear_filters(self) -> None:
        self.entries.set_filter("")
        self._set(LedgerFilter())

    # -- acting on a row ------------------------------------------------------------
    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        self.action_open()

    def action_open(self) -> None:
        entry = self.entries.current
        if entry is None:
            return
        if entry.ref_b is None:
            commitment = self.session.commitment(entry.ref_a)
            if commitment is None:
                self.flash(f"{entry.ref_a} is not in the agreements any more")
                return
            self.post_message(JumpTo(commitment.agreement_id, commitment.area_id, entry.ref_a))
            return
        # The listed links are the candidates: ] and [ in compare walk this ledger.
        pairs = [
            (e.ref_a, e.ref_b)
            for e in self.entries.items
            if e.kind == "link" and e.ref_b is not None
        ]
        if (entry.ref_a, entry.ref_b) not in pairs:
            pairs = []
        self.post_message(OpenCompare(entry.ref_a, entry.ref_b, pairs or None))

    def on_virtual_list_filter_requested(self, event: VirtualList.FilterRequested) -> None:
        self.query_one(FilterBar).open_for(event.widget)

    def on_input_changed(self) -> None:
        self._draw_heading()

    def action_undo(self) -> None:
        self.flash(actions.undo(self.session).message)

    def action_back(self) -> None:
        if self.entries.filter_text:
            self.entries.set_filter("")
            self._draw_heading()
            return
        self.dismiss(None)
