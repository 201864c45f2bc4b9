"""The cycle collector runs between keystrokes, and is handed back on exit."""

from __future__ import annotations

import gc

from tests.support.tui import MakeApp, settle
from tui.gc_policy import IdleCollector


def test_collects_only_when_input_pauses_or_too_long_passed() -> None:
    now = [100.0]
    collector = IdleCollector(idle=0.5, longest=30.0, clock=lambda: now[0])
    try:
        collector.start()
        assert not gc.isenabled()
        junk = [[] for _ in range(gc.get_threshold()[0] + 10)]
        for item in junk:
            item.append(item)  # cycles: only the collector frees them
        del junk
        collector.input()
        now[0] += 0.1
        assert not collector.tick()  # still typing
        now[0] += 0.5
        assert collector.tick()  # a pause: collect
        assert not collector.tick()  # nothing pending now
        now[0] += 31
        collector.input()
        assert collector.tick()  # overdue, even while typing
    finally:
        collector.stop()
    assert gc.isenabled()


async def test_the_app_pauses_automatic_collection_and_restores_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
