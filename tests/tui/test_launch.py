"""Launching: clear failures before the UI, the topic lens, copying, NO_COLOR."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.review.store import ReviewStore
from tests.support.tui import MakeApp, screen_text, settle
from tui.widgets.commitment_list import CommitmentList
from tui.widgets.navigator import Navigator


def test_a_store_from_a_newer_accord_is_refused_on_stderr(
    run_accord_process, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "new.sqlite3"
    ReviewStore.open(store, "someone").close()
    with sqlite3.connect(store) as conn:
        conn.execute("PRAGMA user_version = 99")
    done = run_accord_process("--store", str(store), "review")
    assert done.returncode == 1
    assert "newer Accord" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_agreements_folder_is_a_usage_error(run_accord_process, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord_process(
        "--agreements", str(tmp_path / "nope"), "--store", str(tmp_path / "s.db")
    )
    assert done.returncode == 2
    assert "is not a folder" in done.stderr
    assert "Traceback" not in done.stderr


async def test_the_topic_lens_filters_both_agreements(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.set_topic_lens("tvet")
        await settle(pilot)
        assert "lens: TVET" in app.sub_title
        navigator = app.screen.query_one(Navigator)
        shown_areas = {(i.agreement_id, i.area_id) for i in navigator.items if i.area_id}
        assert {a for a, _ in shown_areas} == {"etf-2026", "hlm-2022"}
        for agreement_id, area_id in shown_areas:
            area = app.session.corpus.agreement(agreement_id).area(area_id)  # type: ignore[union-attr]
            assert any("tvet" in c.topics for c in area.commitments)  # type: ignore[union-attr]
        listing = app.screen.query_one(CommitmentList)
        assert listing.items and all("tvet" in c.topics for c in listing.items)
        app.set_topic_lens(None)
        await settle(pilot)
        assert "lens" not in app.sub_title


async def test_copy_keys_use_the_terminal_clipboard(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        commitment = app.screen.query_one(CommitmentList).current
        assert commitment is not None
        await pilot.press("Y")
        assert app.clipboard == commitment.text
        await pilot.press("ctrl+y")
        assert app.clipboard == commitment.ref


async def test_no_color_keeps_state_readable(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "▶✓" in text  # the cursor and the reviewed mark are glyphs
        assert "1/5 reviewed" in text
