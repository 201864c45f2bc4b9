"""Helpers for the workflow tests (compare, triage, notes, coverage, export)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Static

from tests.support.tui import settle
from tui.app import AccordApp
from tui.screens.decision_screen import DecisionScreen


def suggested_pairs(app: AccordApp, count: int | None = None) -> list[tuple[str, str]]:
    pairs = [(m.ref, m.other) for m in app.session.suggestions()]
    return pairs if count is None else pairs[:count]


async def open_compare(
    app: AccordApp, pilot: Pilot[object], count: int = 4
) -> list[tuple[str, str]]:
    """Compare on the best suggestion, with the next ones as candidates."""
    await settle(pilot)
    pairs = suggested_pairs(app, count)
    assert len(pairs) == count
    app.open_compare(*pairs[0], pairs)
    await settle(pilot)
    return pairs


def flash(app: AccordApp) -> str:
    return str(app.screen.query_one("#flash", Static).content)


def heading(app: AccordApp) -> str:
    return str(app.screen.query_one("#heading", Static).content)


def current(app: AccordApp) -> tuple[str, str] | None:
    screen = app.screen
    assert isinstance(screen, DecisionScreen)
    return screen.current_pair()


def link_status(app: AccordApp, pair: tuple[str, str]) -> tuple[str, str | None] | None:
    link = app.session.store.get_link(*pair)
    return (link.status, link.tag) if link is not None else None
