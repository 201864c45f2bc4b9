"""`accord gaps` and the TUI's gaps screen give the same gaps for the same decisions."""

from __future__ import annotations

import json
from pathlib import Path

from compare import match_pair
from compare.coverage import gaps
from store.agreements.loader import load_corpus
from store.review.store import ReviewStore
from tests.support.cli import RunAccord
from tests.support.tui import MakeApp, settle
from tui.screens.gaps import GapsScreen
from tui.widgets.ref_table import RefTable


def _decide(agreements: Path, store_path: Path) -> tuple[str, str]:
    """Confirm a gap's weak best match (B's side) and reject A's strong matches of one commitment."""
    corpus = load_corpus(agreements).corpus
    a, b = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")  # the app's pair
    assert a is not None and b is not None
    pair = match_pair(a, b, corpus.lexicon)
    closed, weak = next(
        (commitment.ref, best)
        for gap in gaps(b, a, pair)
        for commitment, best in zip(gap.commitments, gap.best, strict=True)
        if best is not None
    )
    opened = next(
        ref for ref, found in pair.forward.items() if found and found[0].score >= pair.threshold
    )
    with ReviewStore.open(store_path, "colleague", corpus=corpus) as store:
        store.set_link(closed, weak.other, status="confirmed")
        for match in pair.forward[opened]:
            if match.score >= pair.threshold:
                store.set_link(opened, match.other, status="rejected")
    return closed, opened


def _cli_gaps(run_accord: RunAccord, agreements: Path, store: Path, a: str, b: str) -> list[str]:
    done = run_accord(
        "gaps", a, b, "--format", "json", "--agreements", str(agreements), "--store", str(store)
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    return [c["ref"] for gap in data["gaps"] for c in gap["commitments"]]


async def test_the_cli_and_the_gaps_screen_agree_with_decisions(
    make_app: MakeApp, agreements_copy: Path, store_path: Path, run_accord: RunAccord
) -> None:
    closed, opened = _decide(agreements_copy, store_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        a, b = app.session.pair  # type: ignore[misc]
        assert (a, b) == ("etf-2026", "hlm-2022")
        app.action_gaps()
        await settle(pilot)
        assert isinstance(app.screen, GapsScreen)
        shown: dict[str, list[str]] = {}
        for direction in ("a", "b"):
            await pilot.press("t")
            assert app.screen.direction == direction
            shown[direction] = app.screen.query_one(RefTable).refs()
    assert shown["a"] == _cli_gaps(run_accord, agreements_copy, store_path, a, b)
    assert shown["b"] == _cli_gaps(run_accord, agreements_copy, store_path, b, a)
    # The decisions made a difference, both ways.
    assert closed not in shown["b"] and opened in shown["a"]
