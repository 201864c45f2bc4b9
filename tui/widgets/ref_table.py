"""A table of commitments, optionally grouped under headings (areas).

Used by the coverage drill-down and the gaps screen. Every cell is a
pre-built `Text` (DataTable string cells would be parsed as markup). Rows
keyed `ref:<ref>` are commitments; rows keyed `group:<n>` are headings that
enter ignores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from store.untrusted import terminal_text
from tui.widgets.counterparts import score_bar

if TYPE_CHECKING:
    from service.pair_coverage import PairCoverage

REF_PREFIX = "ref:"


class RefTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="refs.down"),
        Binding("k", "cursor_up", "Up", show=False, id="refs.up"),
        Binding("g", "scroll_top", "Top", show=False, id="refs.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="refs.bottom"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._groups = 0

    def on_mount(self) -> None:
        self.add_column(Text("", end=""), key="state", width=1)
        self.add_column(Text("best", end=""), key="score", width=9)
        self.add_column(Text("commitment", end=""), key="text")

    def reset(self) -> None:
        self.clear()
        self._groups = 0

    def add_group(self, title: str) -> None:
        self._groups += 1
        heading = terminal_text(title, "bold underline", single_line=True)
        self.add_row(Text("", end=""), Text("", end=""), heading, key=f"group:{self._groups}")

    def add_ref(self, ref: str, coverage: PairCoverage) -> None:
        session = coverage.session
        commitment = session.commitment(ref)
        best = coverage.best(ref)
        if coverage.is_confirmed(ref):
            glyph = Text("✓", "bold", end="")
        elif coverage.is_gap(ref):
            glyph = Text("○", "bold", end="")
        else:
            glyph = Text("·", end="")
        score = Text(score_bar(best.score) if best else "   none", end="")
        if best is not None and best.score < session.threshold:
            score.stylize("dim")
        label = Text(end="")
        label.append_text(terminal_text(ref.partition("/")[2], "bold", single_line=True))
        label.append("  ")
        label.append_text(
            terminal_text(commitment.first_line if commitment else "", single_line=True)
        )
        # One line per row: the full text is one key away, in compare.
        width = max(30, (self.size.width or self.app.size.width) - 20)
        label.truncate(width, overflow="ellipsis")
        self.add_row(glyph, score, label, key=f"{REF_PREFIX}{ref}")

    def current_ref(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or ""
        return key[len(REF_PREFIX) :] if key.startswith(REF_PREFIX) else None

    def refs(self) -> list[str]:
        return [
            str(row.key.value)[len(REF_PREFIX) :]
            for row in self.ordered_rows
            if str(row.key.value).startswith(REF_PREFIX)
        ]

    def select_ref(self, ref: str) -> None:
        for index, row in enumerate(self.ordered_rows):
            if row.key.value == f"{REF_PREFIX}{ref}":
                self.move_cursor(row=index)
                return
