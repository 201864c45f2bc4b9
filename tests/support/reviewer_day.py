"""Helpers for the reviewer's-day tests: a fixed clock, the missed pair, finding a commitment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from textual.pilot import Pilot

from tests.support.tui import settle
from tui.app import AccordApp
from tui.screens.browse import BrowseScreen

# ETF's "vocational education and apprenticeships linked to labour market demand"
# and HLM's TVET item: the pair the matcher does not rank (issue 11, part 3).
MISSED_A = "etf-2026/vet-apprenticeships-labour-demand"
MISSED_B = "hlm-2022/promote-digital-green-tvet"


def fixed_clock(start: dt.datetime | None = None) -> Callable[[], dt.datetime]:
    """A clock that moves one minute per call, so "latest first" is deterministic."""
    moments: Iterator[dt.datetime] = (
        (start or dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)) + dt.timedelta(minutes=n)
        for n in range(1_000_000)
    )
    return lambda: next(moments)


async def show_in_browse(app: AccordApp, pilot: Pilot[object], ref: str) -> None:
    """Select `ref` in browse, as the palette's jump does."""
    commitment = app.session.commitment(ref)
    assert commitment is not None, ref
    app.jump_to(commitment.agreement_id, commitment.area_id, ref)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    assert screen.selected is not None and screen.selected.ref == ref


def recorded(app: AccordApp) -> list[str]:
    """Every message the app shows as a toast from now on, in order."""
    said: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        said.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return said
