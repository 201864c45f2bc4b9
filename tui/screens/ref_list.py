"""A list of commitments (a coverage cell, the gaps) and the way into compare.

Enter opens compare on the commitment and its best counterpart that the
reviewer has not rejected (even a weak one: for a gap, that is the closest
thing the other agreement has), with every listed commitment's best pair
as the candidates, so `]` and `[` walk this list. `b` shows it in browse.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from service.changes import Change
from service.pair_coverage import PairCoverage
from service.session import Session
from tui.context import ReviewContext, context_of
from tui.requests import JumpTo, OpenCompare
from tui.untrusted_content import safe_content
from tui.widgets.ref_table import RefTable
from tui.widgets.styled_text import DIM_STYLE, styled

LEGEND = "✓ confirmed link · ○ gap (no counterpart) · · covered by a suggestion"


def oriented(coverage: PairCoverage, ref: str, other: str) -> tuple[str, str]:
    """The pair with the session's first agreement on the left, as everywhere else."""
    first = coverage.agreements[0].id if coverage.agreements else ""
    return (ref, other) if ref.partition("/")[0] == first else (other, ref)


class RefListScreen(Screen[None]):
    """A screen listing commitments: enter compares one, b shows it in browse.

    It redraws (`refill`) when it opens, on every change while it is shown,
    and when it comes back to the top (decisions made in compare change it).
    """

    coverage: PairCoverage
    refs: list[str]

    @property
    def context(self) -> ReviewContext:
        return context_of(self)

    @property
    def session(self) -> Session:
        return self.context.session

    def refill(self) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.context.changes.subscribe(self, self._changed)
        self.refill()
        self.query_one(RefTable).focus()

    def _changed(self, _change: Change) -> None:
        self.refill()

    def on_screen_resume(self) -> None:
        self.refill()

    def compare(self, ref: str) -> None:
        coverage = self.coverage
        best = coverage.best(ref)
        if best is None:
            self.notify(f"{ref} has no counterpart in the other agreement.", markup=False)
            return
        candidates = []
        for listed in self.refs:
            found = coverage.best(listed)
            if found is not None:
                candidates.append(oriented(coverage, listed, found.other))
        ref_a, ref_b = oriented(coverage, ref, best.other)
        self.post_message(OpenCompare(ref_a, ref_b, candidates))

    def browse_to(self, ref: str) -> None:
        commitment = self.session.commitment(ref)
        if commitment is None:
            self.notify(f"{ref} is not in the agreements any more.", markup=False)
            return
        self.post_message(JumpTo(commitment.agreement_id, commitment.area_id, ref))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        ref = self.query_one(RefTable).current_ref()
        if ref is not None:
            self.compare(ref)

    def action_browse(self) -> None:
        ref = self.query_one(RefTable).current_ref()
        if ref is not None:
            self.browse_to(ref)


class CommitmentsScreen(RefListScreen):
    DEFAULT_CSS = """
    CommitmentsScreen > #drill-title { height: auto; padding: 0 1; background: $panel; }
    CommitmentsScreen > RefTable { height: 1fr; }
    CommitmentsScreen > #drill-legend { height: 1; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Compare", id="drilldown.open"),
        Binding("b", "browse", "Show in browse", id="drilldown.browse"),
        Binding("escape", "back", "Back", id="drilldown.back"),
    ]

    def __init__(self, title: Content, refs: list[str], lens: str | None = None) -> None:
        super().__init__()
        self.title_content = title
        self.refs = refs
        self.lens = lens

    def compose(self) -> ComposeResult:
        yield Static(self.title_content, id="drill-title")
        yield RefTable(id="drill-refs")
        yield Static(styled(LEGEND, DIM_STYLE), id="drill-legend")
        yield Footer()

    def refill(self) -> None:
        table = self.query_one(RefTable)
        coverage = PairCoverage(self.session, self.lens)
        self.coverage = coverage
        current = table.current_ref()
        table.reset()
        if not self.refs:
            table.add_group("(no commitments)")
        for ref in self.refs:
            table.add_ref(ref, coverage)
        if current:
            table.select_ref(current)

    def action_back(self) -> None:
        self.dismiss(None)


def drill_title(what: str, where: str, count: int) -> Content:
    return Content.assemble(
        styled(what, "bold"),
        " in ",
        safe_content(where, single_line=True),
        styled(f"  ({count})", DIM_STYLE),
    )
