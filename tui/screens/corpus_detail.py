"""Below the corpus matrix: a cell's commitments by date, and one's counterparts everywhere.

`CorpusListScreen` lists the commitments of a cell (or of a whole row) oldest
agreement first, so a reviewer sees a topic's commitments strengthen or
weaken over time. `enter` opens `CorpusCounterpartsScreen`: that commitment's
best counterparts in every other agreement, grouped by agreement, best group
first, with the pair view's scores and explanations. `p` (or `enter`) on a
counterpart makes that pair the one under review and goes back to browse on
the commitment: the pair view, one key away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from compare.corpus import CorpusMatrix, CounterpartGroup, counterparts_across, drill_down
from store.untrusted import terminal_text
from tui.context import context_of
from tui.untrusted_content import safe_content
from tui.widgets.counterparts import score_bar
from tui.widgets.styled_text import DIM_STYLE, styled

if TYPE_CHECKING:
    from compare import Match
    from compare.corpus_cache import CorpusMatches

MatchesNow = Callable[[], "CorpusMatches | None"]
REF_PREFIX = "ref:"


def _ref_of(table: DataTable[Text]) -> str | None:
    if not table.row_count:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
    return key[len(REF_PREFIX) :] if key.startswith(REF_PREFIX) else None


class CorpusListScreen(Screen[None]):
    DEFAULT_CSS = """
    CorpusListScreen > #corpus-list-title { height: auto; padding: 0 1; background: $panel; }
    CorpusListScreen > DataTable { height: 1fr; }
    CorpusListScreen > #corpus-list-legend { height: 1; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Counterparts", id="corpus-list.open"),
        Binding("j", "move(1)", "Down", show=False, id="corpus-list.down"),
        Binding("k", "move(-1)", "Up", show=False, id="corpus-list.up"),
        Binding("escape", "back", "Back", id="corpus-list.back"),
    ]

    def __init__(
        self, matrix: CorpusMatrix, key: str, agreement_id: str | None, matches: MatchesNow
    ) -> None:
        super().__init__()
        self.matrix = matrix
        self.key = key
        self.agreement_id = agreement_id
        self.matches = matches
        self.rows = drill_down(matrix, key, agreement_id)

    def compose(self) -> ComposeResult:
        row = self.matrix.row(self.key)
        where: Content = safe_content(row.label if row else self.key, single_line=True)
        if self.agreement_id is not None:
            where = Content.assemble(where, " in ", safe_content(self.agreement_id))
        yield Static(
            Content.assemble(
                styled("Commitments on ", "bold"),
                where,
                styled(f"  ({len(self.rows)}, oldest first)", DIM_STYLE),
            ),
            id="corpus-list-title",
        )
        yield DataTable[Text](id="corpus-list", cursor_type="row")
        yield Static(
            styled("✓ has a confirmed link · enter: its counterparts across the corpus", DIM_STYLE),
            id="corpus-list-legend",
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        id_width = max((len(row.agreement_id) for row in self.rows), default=9)
        table.add_column(Text("date", end=""), key="date", width=10)
        table.add_column(Text("agreement", end=""), key="agreement", width=max(9, id_width))
        table.add_column(Text("modality", end=""), key="modality", width=9)
        table.add_column(Text("✓", end=""), key="linked", width=1)
        table.add_column(Text("commitment", end=""), key="text")
        # The other columns, two cells of padding each, and the scrollbar.
        text_width = max(20, self.app.size.width - 10 - max(9, id_width) - 9 - 1 - 12)
        for row in self.rows:
            text = Text(end="")
            text.append_text(terminal_text(row.ref.partition("/")[2], "bold", single_line=True))
            text.append("  ")
            text.append_text(terminal_text(row.text, single_line=True))
            text.truncate(text_width, overflow="ellipsis")
            table.add_row(
                Text(row.date.isoformat(), end=""),
                terminal_text(row.agreement_id, single_line=True),
                terminal_text(row.modality, single_line=True),
                Text("✓" if row.linked else " ", "bold", end=""),
                text,
                key=f"{REF_PREFIX}{row.ref}",
            )
        table.focus()

    def action_move(self, rows: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_coordinate.row + rows)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        ref = _ref_of(self.query_one(DataTable))
        if ref is None:
            return
        matches = self.matches()
        if matches is None:
            self.notify("Still matching the corpus; try again when it is done.", markup=False)
            return
        self.app.push_screen(CorpusCounterpartsScreen(ref, matches))

    def action_back(self) -> None:
        self.dismiss(None)


class CorpusCounterpartsScreen(Screen[None]):
    DEFAULT_CSS = """
    CorpusCounterpartsScreen > #across-title { height: auto; max-height: 3; padding: 0 1;
        background: $panel; }
    CorpusCounterpartsScreen > DataTable { height: 1fr; }
    CorpusCounterpartsScreen > #across-why { height: 2; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p,enter", "pair_view", "Pair view", id="corpus-across.pair"),
        Binding("j", "move(1)", "Down", show=False, id="corpus-across.down"),
        Binding("k", "move(-1)", "Up", show=False, id="corpus-across.up"),
        Binding("escape", "back", "Back", id="corpus-across.back"),
    ]

    def __init__(self, ref: str, matches: CorpusMatches) -> None:
        super().__init__()
        self.ref = ref
        self.corpus_matches = matches
        self.groups: tuple[CounterpartGroup, ...] = ()
        self._by_row: dict[str, Match] = {}

    def compose(self) -> ComposeResult:
        commitment = context_of(self).session.commitment(self.ref)
        yield Static(
            Content.assemble(
                styled("Across the corpus  ", "bold"),
                safe_content(self.ref, single_line=True),
                "\n",
                safe_content(commitment.first_line if commitment else "", single_line=True),
            ),
            id="across-title",
        )
        yield DataTable[Text](id="across-table", cursor_type="row")
        yield Static(styled("Scoring…", DIM_STYLE), id="across-why")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("", end=""), key="state", width=1)
        table.add_column(Text("score", end=""), key="score", width=9)
        # A fixed width: a column sized by its rows is measured on an idle event,
        # which sometimes never came for rows added from the worker (a narrow column).
        table.add_column(Text("counterpart", end=""), key="text", width=self._text_width())
        table.focus()
        self._score_worker()

    def _text_width(self) -> int:
        return max(20, self.app.size.width - 18)  # glyph, score, padding, scrollbar

    @work(thread=True, exclusive=True, group="corpus-across", exit_on_error=False)
    def _score_worker(self) -> None:
        session = context_of(self).session
        commitment = session.commitment(self.ref)
        if commitment is None:
            return
        corpus = session.corpus
        groups = counterparts_across(
            commitment, corpus.agreements, self.corpus_matches, corpus.lexicon
        )
        self.app.call_from_thread(self._show, groups)

    def _show(self, groups: tuple[CounterpartGroup, ...]) -> None:
        self.groups = groups
        session = context_of(self).session
        table = self.query_one(DataTable)
        table.clear()
        width = self._text_width()
        for number, group in enumerate(groups):
            heading = Text(end="")
            heading.append(group.date.isoformat() + "  ", "dim")
            heading.append_text(
                terminal_text(group.agreement_id, "bold underline", single_line=True)
            )
            heading.append("  ")
            heading.append_text(terminal_text(group.label, single_line=True))
            heading.truncate(width, overflow="ellipsis")
            table.add_row(Text("", end=""), Text("", end=""), heading, key=f"group:{number}")
            for match in group.matches:
                other = session.commitment(match.other)
                weak = match.score < session.threshold
                line = Text(end="")
                line.append_text(
                    terminal_text(match.other.partition("/")[2], "bold", single_line=True)
                )
                line.append("  ")
                line.append_text(terminal_text(other.first_line if other else "", single_line=True))
                line.truncate(width, overflow="ellipsis")
                if weak:
                    line.stylize("dim")
                glyph = session.state.link_glyph(match.ref, match.other)
                score = Text(score_bar(match.score), "dim" if weak else "", end="")
                key = f"{REF_PREFIX}{match.other}"
                self._by_row[match.other] = match
                table.add_row(Text(glyph, "bold", end=""), score, line, key=key)
        if not groups:
            self.query_one("#across-why", Static).update(
                styled("No counterpart in any other agreement.", DIM_STYLE)
            )
            return
        table.move_cursor(row=1)
        self._explain()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._explain()

    def current_match(self) -> Match | None:
        other = _ref_of(self.query_one(DataTable))
        return self._by_row.get(other) if other else None

    def _explain(self) -> None:
        match = self.current_match()
        if match is None:
            return
        lexicon = context_of(self).session.corpus.lexicon
        parts = []
        if match.shared:
            parts.append("shared: " + ", ".join(match.shared))
        if match.concepts:
            labels = [(t.label if (t := lexicon.topic(c)) else c) for c in match.concepts]
            parts.append("concepts: " + ", ".join(labels))
        if match.synonyms:
            parts.append("via " + ", ".join(f"{a} = {b}" for a, b, _ in match.synonyms))
        verdict = "counterpart" if match.is_counterpart else "below the threshold"
        self.query_one("#across-why", Static).update(
            Content.assemble(
                styled(f"{match.score:.1f} · {verdict}  ", "bold"),
                safe_content(" · ".join(parts) or "no words in common", single_line=True),
            )
        )

    def action_move(self, rows: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_coordinate.row + rows)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_pair_view()

    def action_pair_view(self) -> None:
        """Make this pair the one under review and show the commitment in browse."""
        match = self.current_match()
        if match is None:
            return
        session = context_of(self).session
        commitment = session.commitment(self.ref)
        switch = getattr(self.app, "switch_pair", None)
        jump = getattr(self.app, "jump_to", None)
        if commitment is None or switch is None or jump is None:
            self.notify("The pair view is not available here.", markup=False)
            return
        pair = (commitment.agreement_id, match.other.partition("/")[0])
        if session.pair != pair:
            switch(pair)
        jump(commitment.agreement_id, commitment.area_id, self.ref)

    def action_back(self) -> None:
        self.dismiss(None)
