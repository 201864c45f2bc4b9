"""`/` filters the focused list; the command palette jumps anywhere by its words."""

from __future__ import annotations

from tests.support.tui import MakeApp, settle
from tui.widgets.commitment_list import CommitmentList
from tui.widgets.filter_bar import FilterBar
from tui.widgets.navigator import Navigator


async def test_filter_matches_several_words_in_any_order(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        app.screen.query_one(Navigator).select_item(app.screen.query_one(Navigator).items[0])
        await pilot.press("l")
        listing = app.screen.query_one(CommitmentList)
        everything = len(listing.items)
        await pilot.press("slash")
        assert isinstance(app.focused, FilterBar)
        await pilot.press(*"data labour")
        await pilot.pause()
        shown = [listing.items[i] for i in listing._visible]
        assert 0 < len(shown) < everything
        for commitment in shown:
            haystack = listing.search_text(commitment).casefold()
            assert "data" in haystack and "labour" in haystack
        await pilot.press("enter")
        assert app.focused is listing
        assert listing.filter_text == "data labour"
        await pilot.press("escape")  # escape in the list clears its filter
        assert listing.visible_count == everything


async def test_filter_applies_to_the_focused_list_only(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h", "slash", *"hlm")
        await pilot.pause()
        navigator = app.screen.query_one(Navigator)
        assert navigator.filter_text == "hlm"
        assert {navigator.items[i].agreement_id for i in navigator._visible} == {"hlm-2022"}
        await pilot.press("escape")  # in the filter bar: clears and goes back
        assert navigator.filter_text == ""
        assert app.focused is navigator
        assert app.screen.query_one(CommitmentList).filter_text == ""


async def test_palette_jumps_to_a_commitment_by_its_words(make_app: MakeApp) -> None:
    app = make_app()
    target = next(
        c for c in app.session.corpus.agreement("hlm-2022").commitments() if len(c.text.split()) > 6
    )  # type: ignore[union-attr]
    words = [w for w in target.text.split() if len(w) > 5][:2][::-1]  # any order
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*f"{target.id} {' '.join(words)}")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await settle(pilot)
        listing = app.screen.query_one(CommitmentList)
        assert listing.current is not None and listing.current.ref == target.ref
        assert app.focused is listing


async def test_palette_switches_the_theme_and_pair(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"theme accord-light")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "accord-light"
        await pilot.press("ctrl+p", *"pair hlm-2022")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.pair == ("hlm-2022", "etf-2026")
        assert app.session.matches is not None
