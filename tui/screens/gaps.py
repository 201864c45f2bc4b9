"""Gaps: the commitments nothing in the other agreement covers, by area.

Both directions by default (what A promises that B does not, then the
reverse); `t` cycles both → A only → B only. What counts as a gap is
defined once, in `service.pair_coverage` (the reviewer's decisions override
the matcher). Enter compares a gap with its closest, below-threshold
counterpart, which is often how a reviewer finds a real but weak link.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Static

from service.pair_coverage import PairCoverage
from tui.screens.ref_list import LEGEND, RefListScreen
from tui.untrusted_content import safe_content
from tui.widgets.ref_table import RefTable
from tui.widgets.styled_text import DIM_STYLE, styled

DIRECTIONS = ("both", "a", "b")


class GapsScreen(RefListScreen):
    DEFAULT_CSS = """
    GapsScreen > #gaps-title { height: auto; padding: 0 1; background: $panel; }
    GapsScreen > RefTable { height: 1fr; }
    GapsScreen > #gaps-legend { height: 1; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Compare", id="gaps.open"),
        Binding("t", "direction", "Direction", id="gaps.direction"),
        Binding("b", "browse", "Show in browse", id="gaps.browse"),
        Binding("escape", "back", "Back", id="gaps.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.direction = "both"
        self.refs: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(id="gaps-title")
        yield RefTable(id="gaps-refs")
        yield Static(styled(LEGEND, DIM_STYLE), id="gaps-legend")
        yield Footer()

    def refill(self) -> None:
        self.coverage = coverage = PairCoverage(self.session, self.context.topic_lens)
        table = self.query_one(RefTable)
        current = table.current_ref()
        table.reset()
        self.refs = []
        agreements = list(coverage.agreements)
        if self.direction == "a":
            agreements = agreements[:1]
        elif self.direction == "b":
            agreements = agreements[1:]
        for agreement in agreements:
            for area_title, commitments in coverage.gaps(agreement):
                table.add_group(f"{agreement.label} · {area_title}")
                for commitment in commitments:
                    table.add_ref(commitment.ref, coverage)
                    self.refs.append(commitment.ref)
        if not self.refs:
            table.add_group("No gaps: every commitment has a counterpart.")
        if current:
            table.select_ref(current)
        else:
            self._first_ref()
        self._title(len(self.refs))

    def _first_ref(self) -> None:
        if self.refs:
            self.query_one(RefTable).select_ref(self.refs[0])

    def _title(self, count: int) -> None:
        agreements = self.coverage.agreements
        names = [a.label for a in agreements]
        if self.direction == "both" or len(names) < 2:
            scope = "both ways"
        elif self.direction == "a":
            scope = f"in {names[0]}, not in {names[1]}"
        else:
            scope = f"in {names[1]}, not in {names[0]}"
        parts = [
            styled("Gaps", "bold"),
            Content(" "),
            safe_content(scope, single_line=True),
            styled(f"  ({count}) · t: direction", DIM_STYLE),
        ]
        lens = self.coverage.lens
        if lens:
            topic = self.session.corpus.lexicon.topic(lens)
            parts += [
                styled("  lens: ", "bold"),
                safe_content(topic.label if topic else lens, single_line=True),
            ]
        self.query_one("#gaps-title", Static).update(Content("").join(parts))

    def action_direction(self) -> None:
        self.direction = DIRECTIONS[(DIRECTIONS.index(self.direction) + 1) % len(DIRECTIONS)]
        self.refill()
        self._first_ref()

    def action_back(self) -> None:
        self.dismiss(None)
