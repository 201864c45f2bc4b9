"""Links the matcher missed: m on one commitment, L on another, from the keyboard."""

from __future__ import annotations

from textual.widgets import Static

from tests.support.reviewer_day import MISSED_A, MISSED_B, recorded, show_in_browse
from tests.support.tui import MakeApp, screen_text, settle
from tests.support.workflow import flash
from tui.screens.browse import BrowseScreen
from tui.screens.compare import CompareScreen


def status_line(app: object) -> str:
    line = app.screen.query_one("#browse-status", Static)  # type: ignore[attr-defined]
    return str(line.content) if line.display else ""


async def test_mark_move_to_the_other_agreement_and_link_by_hand(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert all(m.other != MISSED_B for m in app.session.counterparts(MISSED_A))
        await show_in_browse(app, pilot, MISSED_A)
        await pilot.press("m")
        assert status_line(app).startswith(f"L links ◆ {MISSED_A} to the selected one")
        assert "◆ vet-apprenticeships-labour-demand" in screen_text(app)
        # Anywhere in the other agreement: the mark stays while the reviewer moves.
        await show_in_browse(app, pilot, MISSED_B)
        assert MISSED_A in status_line(app)
        await pilot.press("L")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.current_pair() == (MISSED_A, MISSED_B)  # A side first, as everywhere
        link = app.session.store.get_link(MISSED_A, MISSED_B)
        assert link is not None and (link.status, link.origin) == ("confirmed", "manual")
        state = str(screen.query_one("#state", Static).content)
        assert "✓ confirmed" in state and "linked by hand" in state
        assert "not suggested by the matcher" not in screen_text(app)  # it is explained
        await pilot.press("1")  # the tag keys work on it like on any link
        await settle(pilot)
        assert "Aligned" in flash(app)
        tagged = app.session.store.get_link(MISSED_A, MISSED_B)
        assert tagged is not None and (tagged.tag, tagged.origin) == ("aligned", "manual")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert status_line(app) == ""  # the mark is used up
        assert app.context.marked is None


async def test_linking_without_a_mark_or_within_one_agreement_says_why(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = recorded(app)
        await show_in_browse(app, pilot, MISSED_A)
        await pilot.press("L")
        assert said[-1] == "Nothing is marked: m marks a commitment to link."
        await pilot.press("m")
        await pilot.press("m")  # m again unmarks
        assert app.context.marked is None and status_line(app) == ""
        await pilot.press("m", "k")  # mark, then a neighbour in the same agreement
        await pilot.press("L")
        assert "both are in etf-2026: move to the other agreement to link" in said[-1]
        assert app.session.store.links() == []
        assert isinstance(app.screen, BrowseScreen)


async def test_keys_that_do_nothing_in_browse_say_why_once(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = recorded(app)
        await pilot.press("y")
        assert said == [
            "y confirms a link in compare or triage: enter compares this commitment "
            "with its best counterpart, t opens triage."
        ]
        await pilot.press("y", "y")
        assert len(said) == 1  # once
        await pilot.press("7")
        assert "1 Aligned, 2 Partial overlap, 3 Complementary" in said[-1]
        assert app.session.store.links() == []
