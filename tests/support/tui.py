"""Helpers for the TUI tests: settling, reading the screen, driving timers by hand."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tui.app import AccordApp

REVIEWER = "tester"
# A watch interval no test lasts: such tests call `app.poll()` themselves.
POLL_BY_HAND = 3600.0

MakeApp = Callable[..., AccordApp]

# A screen's worker may start another (matching, then scoring): a bound, not a spin.
MAX_SETTLE_ROUNDS = 20


async def settle(pilot: Pilot[object]) -> None:
    """Let matching and reload workers finish and the screen catch up.

    A worker that a screen mounted during the pause starts is waited for as well:
    under load (other test processes on the same cores) a pause can end before
    the mount has run.
    """
    workers = pilot.app.workers
    await workers.wait_for_complete()
    await pilot.pause()
    for _ in range(MAX_SETTLE_ROUNDS):
        if all(worker.is_finished for worker in workers):
            break
        await workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


def screen_text(app: AccordApp) -> str:
    """The plain text of the whole screen, as a person would read it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def detail_text(app: AccordApp) -> str:
    """All of the detail pane's text, also the part scrolled out of view."""
    from tui.widgets.detail import DetailPane

    return app.screen.query_one(DetailPane).plain


async def autosave(pilot: Pilot[object]) -> None:
    """Fire the note dialog's armed autosave now, as its timer would, without waiting for it."""
    from tui.dialogs.note import NoteDialog

    dialog = pilot.app.screen
    assert isinstance(dialog, NoteDialog)
    assert dialog.save_pending, "typing arms the autosave timer"
    dialog.save_now()
    await pilot.pause()
