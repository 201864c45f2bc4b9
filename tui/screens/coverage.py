"""The coverage matrix: areas (or topics) × the two agreements of the pair.

Each agreement has three columns: its commitments (n), those with a
confirmed link (✓) and its gaps (○: nothing in the other agreement covers
them; see `service.pair_coverage`). Numbers carry the meaning, so the matrix
reads the same at 16 colours and under NO_COLOR; a gap count above zero is
also bold. Enter on a cell lists exactly that cell's commitments.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from service.changes import Change
from service.pair_coverage import MEASURES, Cell, Measure, PairCoverage, Row
from service.session import Session
from store.untrusted import terminal_text
from tui.context import ReviewContext, context_of
from tui.screens.ref_list import CommitmentsScreen, drill_title
from tui.untrusted_content import safe_content
from tui.widgets.styled_text import DIM_STYLE, styled

HEADINGS: dict[Measure, str] = {"all": "n", "confirmed": "✓", "gaps": "○"}
WHAT: dict[Measure, str] = {
    "all": "Commitments",
    "confirmed": "Confirmed links",
    "gaps": "Gaps",
}


class CoverageScreen(Screen[None]):
    DEFAULT_CSS = """
    CoverageScreen > #coverage-title { height: 1; padding: 0 1; background: $panel; }
    CoverageScreen > DataTable { height: 1fr; }
    CoverageScreen > #coverage-legend { height: auto; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "drill", "Open cell", id="coverage.open"),
        Binding("t", "switch_rows", "Areas/topics", id="coverage.toggle"),
        Binding("h", "move(0, -1)", "Left", show=False, id="coverage.left"),
        Binding("j", "move(1, 0)", "Down", show=False, id="coverage.down"),
        Binding("k", "move(-1, 0)", "Up", show=False, id="coverage.up"),
        Binding("l", "move(0, 1)", "Right", show=False, id="coverage.right"),
        Binding("escape", "back", "Back", id="coverage.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.by_topic = False
        self.rows: list[Row] = []

    def compose(self) -> ComposeResult:
        yield Static(id="coverage-title")
        yield DataTable[Text](id="coverage-table", cursor_type="cell")
        yield Static(id="coverage-legend")
        yield Footer()

    @property
    def context(self) -> ReviewContext:
        return context_of(self)

    @property
    def session(self) -> Session:
        return self.context.session

    def on_mount(self) -> None:
        self.context.changes.subscribe(self, self._session_changed)
        self.refresh_matrix()
        self.query_one(DataTable).focus()

    def _session_changed(self, _change: Change) -> None:
        self.refresh_matrix()

    def on_screen_resume(self) -> None:
        self.refresh_matrix()

    @property
    def lens(self) -> str | None:
        return self.context.topic_lens

    # -- drawing ------------------------------------------------------------------
    def refresh_matrix(self) -> None:
        self.coverage = PairCoverage(self.session, self.lens)
        table = self.query_one(DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column(Text("topic" if self.by_topic else "area", end=""), key="label")
        for letter, agreement in zip("AB", self.coverage.agreements, strict=False):
            for measure in MEASURES:
                heading = Text(f"{letter} {HEADINGS[measure]}".rjust(4), end="")
                table.add_column(heading, key=f"{agreement.id}:{measure}")
        rows = self.coverage.topic_rows() if self.by_topic else self.coverage.area_rows()
        self.rows = [*rows, self.coverage.total_row()]
        width = max(16, self.app.size.width - 6 - 6 * 3 * len(self.coverage.agreements))
        for row in self.rows:
            label = terminal_text(row.label, "bold" if not row.key else "", single_line=True)
            label.truncate(width, overflow="ellipsis")
            cells = [label]
            for cell in row.cells:
                cells.extend(self._cells(cell))

            table.add_row(*cells, key=row.key or "total")
        if cursor.row < table.row_count:
            table.move_cursor(row=cursor.row, column=max(1, cursor.column))
        else:
            table.move_cursor(row=0, column=1)
        self._titles()

    def _cells(self, cell: Cell | None) -> list[Text]:
        if cell is None:
            return [Text("   ·", "dim", end="") for _ in MEASURES]
        return [
            Text(f"{len(cell.refs):>4}", end=""),
            Text(f"{len(cell.confirmed):>4}", end=""),
            Text(f"{len(cell.gaps):>4}", "bold" if cell.gaps else "", end=""),
        ]

    def _titles(self) -> None:
        kind = "topics" if self.by_topic else "areas"
        parts = [styled("Coverage", "bold"), Content(f" by {kind}")]
        session = self.session
        for letter, agreement in zip("AB", self.coverage.agreements, strict=False):
            parts += [
                styled(f"  {letter} ", "bold"),
                safe_content(agreement.label, single_line=True),
            ]
        if self.lens:
            topic = session.corpus.lexicon.topic(self.lens)
            parts += [
                styled("  lens: ", "bold"),
                safe_content(topic.label if topic else self.lens, single_line=True),
            ]
        self.query_one("#coverage-title", Static).update(Content("").join(parts))
        self.query_one("#coverage-legend", Static).update(
            styled("n commitments · ✓ confirmed links · ○ gaps", DIM_STYLE)
        )

    # -- actions ------------------------------------------------------------------
    def action_move(self, rows: int, columns: int) -> None:
        table = self.query_one(DataTable)
        row, column = table.cursor_coordinate
        table.move_cursor(row=row + rows, column=column + columns)

    def action_switch_rows(self) -> None:
        self.by_topic = not self.by_topic
        self.refresh_matrix()

    @on(DataTable.CellSelected)
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_drill()

    def action_drill(self) -> None:
        table = self.query_one(DataTable)
        row_index, column = table.cursor_coordinate
        if not 0 <= row_index < len(self.rows):
            return
        row = self.rows[row_index]
        if column == 0:
            column = 1  # the label column opens the first agreement's commitments
        agreement_index, measure_index = divmod(column - 1, len(MEASURES))
        if agreement_index >= len(row.cells):
            return
        cell = row.cells[agreement_index]
        if cell is None:
            self.notify("This area belongs to the other agreement.", markup=False)
            return
        measure = MEASURES[measure_index]
        refs = list(cell.pick(measure))
        agreement = self.coverage.agreements[agreement_index]
        where = f"{agreement.label} · {row.title}" if row.key else agreement.label
        title = drill_title(WHAT[measure], where, len(refs))
        self.app.push_screen(CommitmentsScreen(title, refs, self.lens))

    def action_back(self) -> None:
        self.dismiss(None)
