"""SVG snapshots of compare, triage and coverage at 80×24 and 120×40.

Deterministic: a private copy of the bundled agreements, a fresh store in
tmp_path, the fixed reviewer of the suite, no file watching. Regenerate
with `pytest tests/tui/test_workflow_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from store.review.store import ReviewStore
from tests.support.tui import MakeApp, settle

SIZES = [(80, 24), (120, 40)]

SnapCompare = Callable[..., bool]


def _decide_some(app: Any, store_path: Path) -> None:
    """A few decisions, so states and tags appear in the pictures."""
    pairs = [(m.ref, m.other) for m in app.session.suggestions()]
    with ReviewStore.open(store_path, "tester", corpus=app.session.corpus) as store:
        store.set_link(*pairs[1], status="confirmed", tag="aligned")
        store.set_link(*pairs[2], status="rejected")
    app.session.refresh_state()


def _opening(what: str, store_path: Path) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await settle(pilot)
        _decide_some(app, store_path)
        if what == "compare":
            pairs = [(m.ref, m.other) for m in app.session.suggestions()[:5]]
            app.open_compare(*pairs[1], pairs)
        elif what == "triage":
            app.action_triage()
        else:
            app.action_coverage()
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("what", ["compare", "triage", "coverage"])
def test_workflow_screens(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    store_path: Path,
    what: str,
    size: tuple[int, int],
) -> None:
    app = make_app()
    assert snap_compare(app, terminal_size=size, run_before=_opening(what, store_path))
