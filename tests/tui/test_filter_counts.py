"""The `/` filter: titles count what is shown while typing; the navigator keeps its context."""

from __future__ import annotations

from tests.support.tui import MakeApp, screen_text, settle
from tui.widgets.commitment_list import CommitmentList
from tui.widgets.detail import DetailPane
from tui.widgets.navigator import Navigator


async def test_the_list_title_counts_the_filtered_rows_while_typing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(CommitmentList)
        total = len(listing.items)
        await pilot.press("slash", *"skills")
        await pilot.pause()
        shown = listing.visible_count
        assert 0 < shown < total
        # Still typing (no enter yet): the title already says what is shown.
        assert f"({shown}/{total}) /skills" in str(listing.border_title)


async def test_filtering_the_navigator_keeps_agreement_rows_and_the_other_panes(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h", "slash", *"fishing")
        await pilot.pause()
        navigator = app.screen.query_one(Navigator)
        shown = [navigator.items[i] for i in navigator._visible]
        assert any(item.is_agreement for item in shown)
        assert any(item.area_id and "fish" in item.area_id for item in shown)
        assert "/fishing" in str(navigator.border_title)
        detail_before = app.screen.query_one(DetailPane).plain
        await pilot.press(*"zzzz")  # nothing matches any more
        await pilot.pause()
        assert navigator.visible_count == 0
        # The commitments and the detail stay as they were instead of blanking.
        assert app.screen.query_one(CommitmentList).items
        assert app.screen.query_one(DetailPane).plain == detail_before
        assert "(0/" in screen_text(app)
