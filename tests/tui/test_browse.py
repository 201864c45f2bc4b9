"""Browse: panes, navigation, reviewed marks, opening compare, the footer."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._footer import FooterKey

from service import actions
from store.review.store import ReviewStore
from tests.support.tui import REVIEWER, MakeApp, screen_text, settle
from tui.screens.browse import BrowseScreen
from tui.widgets.commitment_list import CommitmentList
from tui.widgets.navigator import Navigator


async def test_opens_on_the_first_area_with_progress(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        text = screen_text(app)
        assert "ILO–ETF 2026" in text
        assert "0/5 reviewed" in text
        assert "Counterparts in hlm-2022" in text
        assert app.focused is app.screen.query_one(CommitmentList)


async def test_arrows_and_vim_keys_move_the_cursor(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(CommitmentList)
        await pilot.press("j", "down")
        assert listing.cursor == 2
        await pilot.press("k")
        assert listing.cursor == 1
        await pilot.press("up")
        assert listing.cursor == 0


async def test_tab_and_h_l_move_between_panes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        order = ["navigator", "commitments", "detail", "counterparts"]
        assert app.focused is not None and app.focused.id == "commitments"
        await pilot.press("tab")
        assert app.focused.id == "detail"
        await pilot.press("tab")
        assert app.focused.id == "counterparts"
        await pilot.press("shift+tab", "h", "left")
        assert app.focused.id == "navigator"
        await pilot.press("l")
        assert app.focused.id == order[1]
        await pilot.press("right")
        assert app.focused.id == "detail"


async def test_selecting_an_area_in_the_navigator_lists_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        navigator = app.screen.query_one(Navigator)
        await pilot.press("j")  # the second area of the first agreement
        item = navigator.current
        assert item is not None and item.area_id is not None
        listing = app.screen.query_one(CommitmentList)
        assert {c.area_id for c in listing.items} == {item.area_id}
        await pilot.press("enter")
        assert app.focused is listing


async def test_r_marks_reviewed_durably_and_updates_progress(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(CommitmentList)
        ref = listing.current.ref  # type: ignore[union-attr]
        await pilot.press("r")
        await pilot.pause()
        assert "1/5 reviewed" in screen_text(app)
        with ReviewStore.open(store_path, "someone-else") as other:
            assert ref in other.reviewed_refs()
        await pilot.press("r")
        await pilot.pause()
        assert "0/5 reviewed" in screen_text(app)
        await pilot.press("u")  # undo the unmark
        await pilot.pause()
        assert "1/5 reviewed" in screen_text(app)


async def test_enter_opens_compare_with_the_candidates(make_app: MakeApp) -> None:
    app = make_app()
    opened: list[tuple[str, str, list[tuple[str, str]] | None]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_compare = lambda a, b, c=None: opened.append((a, b, c))  # type: ignore[method-assign]
        listing = app.screen.query_one(CommitmentList)
        ref = listing.current.ref  # type: ignore[union-attr]
        best = app.session.counterparts(ref)
        await pilot.press("enter")
        assert opened[-1][0] == ref and opened[-1][1] == best[0].other
        await pilot.press("tab", "tab", "j", "enter")  # the second counterpart
        assert opened[-1][:2] == (ref, best[1].other)
        assert opened[-1][2] == [(ref, match.other) for match in best]


async def test_footer_shows_at_most_seven_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys in ((), ("h",), ("tab", "tab"), ("slash",)):
            await pilot.press(*keys)
            await pilot.pause()
            shown = list(app.screen.query(FooterKey))
            assert 0 < len(shown) <= 7, [key.description for key in shown]
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert len(list(app.screen.query(FooterKey))) <= 7


async def test_counterparts_show_score_bars_and_link_state(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(CommitmentList)
        ref = listing.current.ref  # type: ignore[union-attr]
        best = app.session.counterparts(ref)[0]
        actions.decide(app.session, ref, best.other, "confirmed", seen=None)
        await pilot.pause()
        line = next(row for row in screen_text(app).splitlines() if best.other.split("/")[1] in row)
        assert "✓" in line and "▇" in line


async def test_reviewer_name_is_the_one_given(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.store.reviewer == REVIEWER
