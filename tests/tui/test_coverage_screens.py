"""Coverage matrix, its drill-down, and the gaps screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from compare.coverage import Decisions, covered_refs, gaps
from service.changes import Change
from store.review.store import ReviewStore
from tests.support.tui import MakeApp, screen_text, settle
from tests.support.workflow import suggested_pairs
from tui.app import AccordApp
from tui.screens.compare import CompareScreen
from tui.screens.coverage import CoverageScreen
from tui.screens.gaps import GapsScreen
from tui.screens.ref_list import CommitmentsScreen
from tui.widgets.ref_table import RefTable


def cell_text(app: AccordApp, row: int, column: int) -> str:
    table = app.screen.query_one(DataTable)
    return str(table.get_cell_at((row, column))).strip()  # type: ignore[arg-type]


async def open_coverage(app: AccordApp, pilot: object) -> CoverageScreen:
    await settle(pilot)  # type: ignore[arg-type]
    app.action_coverage()
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, CoverageScreen)
    return app.screen


async def test_matrix_counts_commitments_links_and_gaps(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pair = suggested_pairs(app, 1)[0]
        with ReviewStore.open(store_path, "colleague", corpus=app.session.corpus) as other:
            other.set_link(*pair, status="confirmed")
        app.session.refresh_state()
        screen = await open_coverage(app, pilot)
        etf = app.session.corpus.agreement("etf-2026")
        assert etf is not None
        first_area = etf.areas[0]
        assert screen.rows[0].title == first_area.title
        assert cell_text(app, 0, 1) == str(len(first_area.commitments))
        # The other agreement's columns do not apply to this area.
        assert cell_text(app, 0, 4) == "·"
        total = screen.rows[-1]
        assert total.label == "All commitments"
        last = len(screen.rows) - 1
        assert cell_text(app, last, 1) == str(len(etf))
        assert cell_text(app, last, 2) == "1"
        # The gaps are compare's, with the colleague's confirmation counted.
        hlm = app.session.corpus.agreement("hlm-2022")
        assert hlm is not None and app.session.matches is not None
        decisions = Decisions.from_links(app.session.store.links())
        covered = covered_refs(etf, hlm, app.session.matches, decisions)
        assert cell_text(app, last, 3) == str(len(etf) - len(covered))
        text = screen_text(app)
        assert "A ILO–ETF 2026" in text and "○ gaps" in text


async def test_hjkl_move_and_enter_drills_down_to_compare(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_coverage(app, pilot)
        table = screen.query_one(DataTable)
        assert tuple(table.cursor_coordinate) == (0, 1)
        await pilot.press("l", "l", "h", "j", "k", "down")
        assert tuple(table.cursor_coordinate) == (1, 2)
        await pilot.press("h", "enter")
        assert isinstance(app.screen, CommitmentsScreen)
        etf = app.session.corpus.agreement("etf-2026")
        assert etf is not None
        listed = app.screen.query_one(RefTable).refs()
        assert listed == [c.ref for c in etf.areas[1].commitments]
        assert etf.areas[1].title in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.current_pair()[0] == listed[0]  # type: ignore[index]
        # ] walks the drilled-down list.
        await pilot.press("right_square_bracket")
        assert app.screen.current_pair()[0] == listed[1]  # type: ignore[index]
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, CoverageScreen)


async def test_toggle_to_topics_and_the_lens(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_coverage(app, pilot)
        await pilot.press("t")
        topics = app.session.corpus.lexicon.topics
        assert [row.key for row in screen.rows[:-1]] == [t.id for t in topics]
        assert "by topics" in screen_text(app)
        app.set_topic_lens("tvet")
        await settle(pilot)
        assert [row.key for row in screen.rows[:-1]] == ["tvet"]
        assert "lens: TVET" in screen_text(app)
        # With a lens, the totals count only the lens's commitments.
        etf = app.session.corpus.agreement("etf-2026")
        assert etf is not None
        on_topic = sum(1 for c in etf.commitments() if "tvet" in c.topics)
        assert cell_text(app, 1, 1) == str(on_topic)


async def test_gaps_lists_uncovered_commitments_by_area(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_gaps()
        await settle(pilot)
        assert isinstance(app.screen, GapsScreen)
        a, b = (app.session.corpus.agreement(i) for i in app.session.pair)  # type: ignore[union-attr]
        assert a is not None and b is not None and app.session.matches is not None
        found = [*gaps(a, b, app.session.matches), *gaps(b, a, app.session.matches)]
        expected = [c.ref for gap in found for c in gap.commitments]
        assert expected
        table = app.screen.query_one(RefTable)
        assert table.refs() == expected
        assert "Gaps both ways" in screen_text(app)
        # A confirmed link closes a gap, even below the threshold.
        gap, best = next(
            (c.ref, m) for g in found for c, m in zip(g.commitments, g.best, strict=True) if m
        )
        if best is not None:
            with ReviewStore.open(store_path, "colleague", corpus=app.session.corpus) as other:
                other.set_link(gap, best.other, status="confirmed")
            app.session.changed(Change.store())
            await settle(pilot)
            assert gap not in table.refs()
        await pilot.press("t")
        assert all(ref.startswith(f"{a.id}/") for ref in table.refs())
        await pilot.press("t")
        assert all(ref.startswith(f"{b.id}/") for ref in table.refs())
        assert f"in {b.label}, not in {a.label}" in screen_text(app)
