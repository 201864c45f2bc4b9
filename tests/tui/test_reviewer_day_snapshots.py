"""SVG snapshots of issue 11's screens: the ledger, linking by hand, compare with notes
and the score, the export dialog, and a relaunch that resumes in compare.

Deterministic: a private copy of the bundled agreements, a fresh store, the suite's
reviewer, a clock that moves a minute per write. Regenerate after a deliberate change
with `pytest tests/tui/test_reviewer_day_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from service import actions
from tests.support.reviewer_day import MISSED_A, MISSED_B, fixed_clock, show_in_browse
from tests.support.tui import MakeApp, settle
from tui.resume import ResumePoint, resume_path, save_point

SnapCompare = Callable[..., bool]
Before = Callable[[Pilot[Any]], Awaitable[None]]


def _some_decisions(app: Any) -> list[tuple[str, str]]:
    session = app.session
    session.store.clock = fixed_clock()
    pairs = [(m.ref, m.other) for m in session.suggestions()][:3]
    actions.tag(session, *pairs[0], 1, seen=None)
    actions.decide(session, *pairs[1], "rejected", seen=None)
    actions.add_note(session, pairs[0], "Same aim, but [TODO] check the second clause")
    actions.link_by_hand(session, MISSED_A, MISSED_B)
    return pairs


def _then(action: Callable[[Any, Pilot[Any]], Awaitable[None]]) -> Before:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await action(pilot.app, pilot)
        await settle(pilot)

    return run_before


async def _ledger(app: Any, pilot: Pilot[Any]) -> None:
    _some_decisions(app)
    await pilot.press("d")


async def _marked(app: Any, pilot: Pilot[Any]) -> None:
    await show_in_browse(app, pilot, MISSED_A)
    await pilot.press("m")
    await show_in_browse(app, pilot, MISSED_B)


async def _linked(app: Any, pilot: Pilot[Any]) -> None:
    app.session.store.clock = fixed_clock()
    await _marked(app, pilot)
    await pilot.press("L")


async def _compare_with_notes(app: Any, pilot: Pilot[Any]) -> None:
    pairs = _some_decisions(app)
    app.open_compare(*pairs[0], pairs)


async def _export(app: Any, pilot: Pilot[Any]) -> None:
    await pilot.press("e")


def test_ledger(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_then(_ledger))


def test_link_by_hand_marked(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_then(_marked))


def test_link_by_hand_in_compare(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_then(_linked))


def test_compare_with_notes_and_breakdown(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    app = make_app()
    assert snap_compare(app, terminal_size=(120, 40), run_before=_then(_compare_with_notes))


def test_export_dialog(
    snap_compare: SnapCompare, make_app: MakeApp, tmp_path: Path, monkeypatch: Any
) -> None:
    # The dialog shows the full path: make it the same on every machine.
    work = Path("/srv/team/reviews")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "tui.dialogs.export.ExportDialog.target",
        lambda self: work / self.query_one("#export-path").value.strip().removeprefix("./"),
    )
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_then(_export))


def test_resumed_in_compare(snap_compare: SnapCompare, make_app: MakeApp, config_dir: Path) -> None:
    link = ("etf-2026/improve-skills-lm-data", "hlm-2022/decent-work-measurement-framework")
    point = ResumePoint(("etf-2026", "hlm-2022"), "compare", link[0], link)
    save_point(resume_path(config_dir), "tester", point)
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_then(_nothing))


async def _nothing(app: Any, pilot: Pilot[Any]) -> None:
    return None
