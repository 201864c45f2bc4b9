"""The corpus: topics (or areas) × every agreement, oldest first.

A cell reads `n` (commitments on the row) or `n✓k` (k of them with a
confirmed link); the line under the matrix breaks the current cell down by
modality. The row header and the agreement ids stay while the columns and rows
scroll (`tui.widgets.matrix_grid`), so the matrix works at 80×24 with a
hundred agreements. `enter` lists the cell's
commitments (the label column: the whole row's) in date order.

All-pairs matching runs in a thread worker with a progress bar; the matrix
itself needs no matching, so it paints at once and stays usable meanwhile.
When matching ends, the status line says how many pairs were recomputed
(only those of changed agreements: see `compare.corpus_cache`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import get_current_worker

from compare.corpus import Cell, CorpusMatrix, Kind, corpus_matrix
from compare.corpus_cache import CorpusMatches, MatchingCancelled
from compare.corpus_process import match_corpus_isolated
from store.agreements.model import Corpus
from store.untrusted import terminal_text
from tui.context import context_of
from tui.untrusted_content import safe_content
from tui.widgets.matrix_grid import MatrixGrid
from tui.widgets.styled_text import DIM_STYLE, styled

LABEL_WIDTH = 20
LEGEND = "n commitments · n✓k: k with a confirmed link · · none · enter: list them"
# How often the worker reports progress: every 1/200th of the pairs, and the last.
PROGRESS_STEPS = 200

# The last matching of a corpus, kept while that exact corpus is loaded, so that
# leaving and reopening the screen does not read every pair from disk again.
_last: tuple[Corpus, CorpusMatches] | None = None


def remembered(corpus: Corpus) -> CorpusMatches | None:
    return _last[1] if _last is not None and _last[0] is corpus else None


def cell_text(cell: Cell) -> str:
    if not cell.count:
        return "·"
    return f"{cell.count}✓{len(cell.linked)}" if cell.linked else str(cell.count)


def confirmed_pairs(screen: Screen[Any]) -> list[tuple[str, str]]:
    """The confirmed links, from the session's snapshot of the store (no store call)."""
    links = context_of(screen).session.state.links.values()
    return [(link.ref_a, link.ref_b) for link in links if link.status == "confirmed"]


class CorpusScreen(Screen[None]):
    DEFAULT_CSS = """
    CorpusScreen > #corpus-title { height: 1; padding: 0 1; background: $panel; }
    CorpusScreen > #corpus-progress { height: 1; padding: 0 1; }
    CorpusScreen > #corpus-status { height: 1; padding: 0 1; }
    CorpusScreen > MatrixGrid { height: 1fr; padding: 0 1; }
    CorpusScreen > #corpus-cell { height: 2; padding: 0 1; }
    CorpusScreen > #corpus-legend { height: 1; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "drill", "List", id="corpus.open"),
        Binding("t", "switch_rows", "Topics/areas", id="corpus.toggle"),
        Binding("escape", "back", "Back", id="corpus.back"),
    ]

    def __init__(self, kind: Kind = "topics") -> None:
        super().__init__()
        self.kind: Kind = kind
        self.matrix: CorpusMatrix | None = None
        self.matches: CorpusMatches | None = None
        self.status = ""
        # Rebuild on resume only when something changed while another screen was on top.
        self._stale = False

    def compose(self) -> ComposeResult:
        yield Static(id="corpus-title")
        yield ProgressBar(id="corpus-progress", show_eta=False)
        yield Static(id="corpus-status")
        yield MatrixGrid(label_width=LABEL_WIDTH, id="corpus-grid")
        yield Static(id="corpus-cell")
        yield Static(styled(LEGEND, DIM_STYLE), id="corpus-legend")
        yield Footer()

    def on_mount(self) -> None:
        # Textual prunes the subscription when this screen goes: no unsubscribing.
        context_of(self).changes.subscribe(self, self._session_changed)
        self.refresh_matrix()
        self.query_one(MatrixGrid).focus()
        # After the first frame: the worker's reading of the cache competes for the GIL.
        self.call_after_refresh(self.start_matching)

    def _session_changed(self, change: Any) -> None:
        if self.app.screen is self:
            self.refresh_matrix()
        else:
            self._stale = True
        if change == "corpus":
            self.start_matching()

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh_matrix()

    # -- matching -----------------------------------------------------------------------
    def start_matching(self) -> None:
        corpus = context_of(self).session.corpus
        known = remembered(corpus)
        if known is not None:
            self._matched(corpus, known)
            return
        self.matches = None
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._set_status(f"Matching {len(corpus.agreements)} agreements…")
        self._match_worker(corpus)

    @work(thread=True, exclusive=True, group="corpus", exit_on_error=False)
    def _match_worker(self, corpus: Corpus) -> None:
        worker = get_current_worker()
        total_pairs = len(corpus.agreements) * (len(corpus.agreements) - 1) // 2
        step = max(1, total_pairs // PROGRESS_STEPS)

        def progress(done: int, total: int) -> None:
            if done % step == 0 or done == total:
                self.app.call_from_thread(self._progress, done, total)

        try:
            # Many uncached pairs are matched in a child process: the UI keeps the GIL.
            found = match_corpus_isolated(
                corpus.agreements,
                corpus.lexicon,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
            )
        except MatchingCancelled:
            return
        except Exception as error:  # a matching bug must not take the review down
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._matched, corpus, found)

    def _progress(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self._set_status(f"Matching: {done} of {total} pairs")

    def _matched(self, corpus: Corpus, found: CorpusMatches) -> None:
        global _last
        if corpus is not context_of(self).session.corpus:
            return  # the agreements were reloaded meanwhile; a new run follows
        _last = (corpus, found)
        self.matches = found
        self.query_one(ProgressBar).display = False
        self._set_status(
            f"Matched {found.pair_count} pairs · {found.recomputed} recomputed, "
            f"{found.pair_count - found.recomputed} from the cache"
        )

    def _failed(self, error: Exception) -> None:
        self.query_one(ProgressBar).display = False
        self._set_status(f"Matching failed: {error}")

    def _set_status(self, text: str) -> None:
        self.status = text
        self.query_one("#corpus-status", Static).update(safe_content(text, single_line=True))

    # -- drawing ------------------------------------------------------------------------
    def refresh_matrix(self) -> None:
        session = context_of(self).session
        corpus = session.corpus
        self.matrix = matrix = corpus_matrix(
            corpus.agreements, corpus.lexicon, kind=self.kind, confirmed=confirmed_pairs(self)
        )
        heading = "topic" if self.kind == "topics" else "area"
        rows = matrix.rows

        def cell(row: int, column: int) -> str:
            return cell_text(rows[row].cell(column))

        self.query_one(MatrixGrid).set_data(
            Text(heading, end=""),
            [terminal_text(agreement.id, single_line=True) for agreement in matrix.agreements],
            [terminal_text(row.label, single_line=True) for row in rows],
            cell,
        )
        self._titles()
        self._describe_cell()

    def _titles(self) -> None:
        matrix = self.matrix
        assert matrix is not None
        count = len(matrix.agreements)
        what = "topics" if self.kind == "topics" else "areas"
        title = Content.assemble(
            styled("Corpus", "bold"),
            f"  {len(matrix.rows)} {what} × {count} agreement{'s' if count != 1 else ''}",
        )
        if matrix.agreements:
            first, last = matrix.agreements[0].date, matrix.agreements[-1].date
            shown = self.query_one(MatrixGrid).visible_columns()
            title = Content.assemble(
                title,
                styled(f"  {first.year}–{last.year}", DIM_STYLE),
                styled(f"  ◂ {shown.start + 1}–{shown.stop} of {count} ▸", DIM_STYLE),
            )
        self.query_one("#corpus-title", Static).update(title)

    def current(self) -> tuple[str, str | None] | None:
        """(row key, agreement id or None on the label column) under the cursor."""
        matrix = self.matrix
        grid = self.query_one(MatrixGrid)
        if matrix is None or not matrix.rows:
            return None
        row, column = grid.row, grid.column
        if not 0 <= row < len(matrix.rows):
            return None
        if column == 0 or column > len(matrix.agreements):
            return matrix.rows[row].key, None
        return matrix.rows[row].key, matrix.agreements[column - 1].id

    def _describe_cell(self) -> None:
        matrix = self.matrix
        where = self.current()
        target = self.query_one("#corpus-cell", Static)
        if matrix is None or where is None:
            target.update(styled("No agreements." if matrix else "", DIM_STYLE))
            return
        key, agreement_id = where
        row = matrix.row(key)
        assert row is not None
        if agreement_id is None:
            agreements = sum(1 for cell in row.cells if cell.count)
            line = Content.assemble(
                safe_content(row.label, single_line=True),
                styled(
                    f"  {row.total} commitments in {agreements} agreements, "
                    f"{row.linked} with a confirmed link",
                    DIM_STYLE,
                ),
            )
            target.update(line)
            return
        column = matrix.column(agreement_id)
        assert column is not None
        agreement = matrix.agreements[column]
        cell = row.cell(column)
        modalities = " · ".join(f"{name} {count}" for name, count in cell.modalities)
        first = Content.assemble(
            styled(agreement.date.isoformat(), "bold"),
            "  ",
            safe_content(agreement.label, single_line=True),
            styled(" · ", DIM_STYLE),
            safe_content(row.label, single_line=True),
        )
        second = styled(
            f"{cell.count} commitments"
            + (f": {modalities}" if modalities else "")
            + f" · ✓ {len(cell.linked)} with a confirmed link",
            DIM_STYLE,
        )
        target.update(Content("\n").join([first, second]))

    @on(MatrixGrid.Moved)
    def _moved(self, event: MatrixGrid.Moved) -> None:
        event.stop()
        self._titles()
        self._describe_cell()

    @on(MatrixGrid.Selected)
    def _selected(self, event: MatrixGrid.Selected) -> None:
        event.stop()
        self.action_drill()

    # -- actions ------------------------------------------------------------------------
    def action_switch_rows(self) -> None:
        self.kind = "areas" if self.kind == "topics" else "topics"
        self.refresh_matrix()

    def action_drill(self) -> None:
        from tui.screens.corpus_detail import CorpusListScreen

        where = self.current()
        if where is None or self.matrix is None:
            return
        key, agreement_id = where
        self.app.push_screen(CorpusListScreen(self.matrix, key, agreement_id, self.matches_now))

    def matches_now(self) -> CorpusMatches | None:
        """The corpus matches once ready (screens pushed from here ask when they need them)."""
        return self.matches

    def action_back(self) -> None:
        self.dismiss(None)
