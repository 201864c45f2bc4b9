"""A keyboard grid whose row header and column header stay while the cells scroll.

Built for the corpus matrix (30 topics × 100 agreements at 80×24): it draws
only the lines and the columns on screen, through `render_line`. A DataTable
with fixed columns renders every cell of a row for each line it paints (3,000
cells a frame here), which made the first paint 15× slower than the pair
view's; this grid's cost depends on the terminal's size alone.

Columns scroll one whole column at a time, so a column heading (an agreement
id) is never cut. Column 0 is the row header; the cursor may rest on it
(meaning "the whole row"). Untrusted text must arrive as `Text` made by
`tui.safe`; cells are short strings the caller builds from numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

GAP = 2  # blank cells before every column


class MatrixGrid(Widget, can_focus=True):
    BINDING_GROUP_TITLE = "Matrix"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1, 0)", "Up", show=False, id="grid.up"),
        Binding("down,j", "move(1, 0)", "Down", show=False, id="grid.down"),
        Binding("left,h", "move(0, -1)", "Left", show=False, id="grid.left"),
        Binding("right,l", "move(0, 1)", "Right", show=False, id="grid.right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="grid.page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="grid.page-down"),
        Binding("home", "edge(-1)", "First column", show=False, id="grid.first"),
        Binding("end", "edge(1)", "Last column", show=False, id="grid.last"),
        Binding("enter", "select", "Open", show=False, id="grid.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "matrix-grid--header",
        "matrix-grid--label",
        "matrix-grid--cursor",
        "matrix-grid--cursor-line",
        "matrix-grid--empty",
    }

    DEFAULT_CSS = """
    MatrixGrid {
        background: $surface;
        & > .matrix-grid--header { text-style: bold; }
        & > .matrix-grid--label { }
        & > .matrix-grid--cursor-line { text-style: bold; }
        & > .matrix-grid--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: reverse;
        }
        &:focus > .matrix-grid--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold reverse;
        }
        & > .matrix-grid--empty { color: $text-muted; }
    }
    """

    class _Position(Message):
        """A cell: `row` (-1 when empty) and `column` (0: the row header)."""

        def __init__(self, grid: MatrixGrid, row: int, column: int) -> None:
            super().__init__()
            self.grid = grid
            self.row = row
            self.column = column

        @property
        def control(self) -> MatrixGrid:
            return self.grid

    # Siblings, not subclasses, so a handler of one never receives the other.
    class Moved(_Position):
        """The cursor moved."""

    class Selected(_Position):
        """Enter on a cell (or on a row header: column 0)."""

    def __init__(self, *, label_width: int = 20, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label_width = label_width
        self.corner = Text("")
        self.headings: list[Text] = []
        self.widths: list[int] = []
        self.labels: list[Text] = []
        self.cell: Callable[[int, int], str] = lambda _row, _column: ""
        self.row = 0
        self.column = 1  # 0 is the row header
        self.top = 0  # first row shown
        self.first = 0  # first data column shown (0-based over the data columns)

    # -- data --------------------------------------------------------------------------
    def set_data(
        self,
        corner: Text,
        headings: Sequence[Text],
        labels: Sequence[Text],
        cell: Callable[[int, int], str],
    ) -> None:
        """Column headings, row labels and `cell(row, data column)`; the cursor stays put."""
        self.corner = corner
        self.headings = list(headings)
        self.widths = [max(4, heading.cell_len) for heading in self.headings]
        self.labels = list(labels)
        self.cell = cell
        self.row = max(0, min(self.row, len(self.labels) - 1))
        self.column = max(0, min(self.column, len(self.headings)))
        self._into_view()
        self.refresh()
        self._announce()

    @property
    def row_count(self) -> int:
        return len(self.labels)

    def visible_columns(self) -> range:
        """The data columns on screen (0-based)."""
        room = self.size.width - self.label_width
        end = self.first
        while end < len(self.widths) and room >= GAP + self.widths[end]:
            room -= GAP + self.widths[end]
            end += 1
        return range(self.first, max(end, min(self.first + 1, len(self.widths))))

    # -- cursor ----------------------------------------------------------------------------
    def move_to(self, row: int, column: int) -> None:
        self.row = max(0, min(row, len(self.labels) - 1))
        self.column = max(0, min(column, len(self.headings)))
        self._into_view()
        self.refresh()
        self._announce()

    def _into_view(self) -> None:
        rows = max(1, self.size.height - 1)
        if self.row < self.top:
            self.top = self.row
        elif self.row >= self.top + rows:
            self.top = self.row - rows + 1
        self.top = max(0, min(self.top, max(0, len(self.labels) - rows)))
        if self.column == 0 or not self.size.width:
            return
        data_column = self.column - 1
        if data_column < self.first:
            self.first = data_column
        while data_column not in self.visible_columns() and self.first < data_column:
            self.first += 1

    def _announce(self) -> None:
        row = self.row if self.labels else -1
        self.post_message(self.Moved(self, row, self.column))

    def action_move(self, rows: int, columns: int) -> None:
        self.move_to(self.row + rows, self.column + columns)

    def action_page(self, direction: int) -> None:
        self.move_to(self.row + direction * max(1, self.size.height - 2), self.column)

    def action_edge(self, direction: int) -> None:
        self.move_to(self.row, 1 if direction < 0 else len(self.headings))

    def action_select(self) -> None:
        if self.labels:
            self.post_message(self.Selected(self, self.row, self.column))

    def _on_resize(self, event: events.Resize) -> None:
        self._into_view()
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            return self._strip(self._header(), width, base)
        row = self.top + y - 1
        if not self.labels and y == 1:
            empty = self.get_component_rich_style("matrix-grid--empty")
            return self._strip(Text("Nothing to show.", style=empty), width, base)
        if row >= len(self.labels):
            return Strip.blank(width, base)
        return self._strip(self._line(row), width, base)

    def _header(self) -> Text:
        style = self.get_component_rich_style("matrix-grid--header", partial=True)
        line = Text(end="", no_wrap=True)
        corner = self.corner.copy()
        corner.truncate(self.label_width, pad=True)
        line.append_text(corner)
        for column in self.visible_columns():
            heading = self.headings[column].copy()
            heading.align("right", self.widths[column])
            if column + 1 == self.column:
                heading.stylize("underline")
            line.append(" " * GAP)
            line.append_text(heading)
        line.stylize(style)
        return line

    def _line(self, row: int) -> Text:
        cursor = self.get_component_rich_style("matrix-grid--cursor")
        on_row = row == self.row
        line = Text(end="", no_wrap=True)
        label = self.labels[row].copy()
        label.truncate(self.label_width - 1, overflow="ellipsis", pad=True)
        label = Text.assemble(label, " ")
        if on_row and self.column == 0:
            label.stylize(cursor)
        elif on_row:
            label.stylize(self.get_component_rich_style("matrix-grid--cursor-line", partial=True))
        line.append_text(label)
        for column in self.visible_columns():
            value = Text(self.cell(row, column).rjust(self.widths[column]), end="")
            if on_row and column + 1 == self.column:
                value.stylize(cursor)
            line.append(" " * GAP)
            line.append_text(value)
        return line

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width)
        segments = list(text.render(self.app.console))
        return Strip(segments, text.cell_len).apply_style(style).extend_cell_length(width, style)
