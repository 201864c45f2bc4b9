"""Triage: the suggestions best first, one key per decision, auto-advance."""

from __future__ import annotations

from pathlib import Path

from store.review.store import ReviewStore
from tests.support.tui import MakeApp, settle
from tests.support.workflow import current, flash, heading, link_status, suggested_pairs
from tui.app import AccordApp
from tui.screens.triage import TriageScreen


async def open_triage(app: AccordApp, pilot: object) -> list[tuple[str, str]]:
    await settle(pilot)  # type: ignore[arg-type]
    app.action_triage()
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, TriageScreen)
    return suggested_pairs(app)


async def test_progress_counter_and_auto_advance(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await open_triage(app, pilot)
        total = len(queue)
        assert total > 5
        assert f"1 of {total}" in heading(app)
        assert "0 decided" in heading(app)
        assert current(app) == queue[0]
        await pilot.press("y")
        assert link_status(app, queue[0]) == ("confirmed", None)
        assert current(app) == queue[1]
        assert f"2 of {total}" in heading(app) and "1 decided" in heading(app)
        await pilot.press("x")
        await pilot.press("d")
        await pilot.press("1")
        assert [link_status(app, p) for p in queue[:4]] == [
            ("confirmed", None),
            ("rejected", None),
            ("deferred", None),
            ("confirmed", "aligned"),
        ]
        assert f"5 of {total}" in heading(app) and "4 decided" in heading(app)


async def test_opens_on_the_first_undecided_and_skips_decided(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await open_triage(app, pilot)
        await pilot.press("escape")
        with ReviewStore.open(store_path, "colleague", corpus=app.session.corpus) as other:
            for pair in (queue[0], queue[1], queue[3]):
                other.set_link(*pair, status="confirmed")
        app.session.refresh_state()
        app.action_triage()
        await settle(pilot)
        assert current(app) == queue[2]
        assert "3 decided" in heading(app)
        await pilot.press("x")
        assert current(app) == queue[4]
        # ] and [ still visit decided suggestions.
        await pilot.press("left_square_bracket")
        assert current(app) == queue[3]


async def test_undo_goes_back_to_the_undone_decision(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await open_triage(app, pilot)
        await pilot.press("y", "x")
        assert current(app) == queue[2]
        await pilot.press("u")
        assert current(app) == queue[1]
        assert link_status(app, queue[1]) is None
        assert "undone" in flash(app)
        await pilot.press("d")
        assert link_status(app, queue[1]) == ("deferred", None)
        assert current(app) == queue[2]


async def test_the_end_of_the_queue_says_so(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await open_triage(app, pilot)
        with ReviewStore.open(store_path, "colleague", corpus=app.session.corpus) as other:
            for pair in queue[1:]:
                other.set_link(*pair, status="rejected")
        app.session.refresh_state()
        await pilot.press("y")
        assert f"all {len(queue)} suggestions are decided" in flash(app)
        assert f"{len(queue)} decided · 0 to go" in heading(app)


async def test_the_topic_lens_narrows_the_queue(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        everything = await open_triage(app, pilot)
        await pilot.press("escape")
        app.set_topic_lens("apprenticeships")
        app.action_triage()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TriageScreen)
        assert 0 < len(screen.queue) < len(everything)
        for pair in screen.queue:
            topics = {t for ref in pair for t in app.session.commitment(ref).topics}  # type: ignore[union-attr]
            assert "apprenticeships" in topics
        assert "lens apprenticeships" in heading(app)
