"""SVG snapshots of browse and help, at the design size and a large terminal.

Deterministic: a private copy of the bundled agreements, a new store in
tmp_path, a fixed reviewer, no file watching. Regenerate after a deliberate
change with `pytest tests/tui/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.support.tui import MakeApp, settle

SnapCompare = Callable[..., bool]
SIZES = [(80, 24), (120, 40)]


def _after(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_browse(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_after("j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_help(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_after("question_mark"))


def test_browse_16_colours(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    app = make_app(theme="ansi-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after("h", "j", "j"))


def test_browse_narrow(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(60, 20), run_before=_after())
