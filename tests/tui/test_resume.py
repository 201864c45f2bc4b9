"""Resume where I left off: pair, screen, commitment and triage position, per reviewer."""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.reviewer_day import MISSED_A, show_in_browse
from tests.support.tui import MakeApp, settle
from tests.support.workflow import current, suggested_pairs
from tui.resume import ResumePoint, load_point, resume_path, save_point
from tui.screens.browse import BrowseScreen
from tui.screens.compare import CompareScreen
from tui.screens.ledger import LedgerScreen
from tui.screens.triage import TriageScreen


async def test_a_relaunch_lands_in_compare_on_the_same_pair_over_the_same_commitment(
    make_app: MakeApp, config_dir: Path
) -> None:
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await show_in_browse(first, pilot, MISSED_A)
        pairs = suggested_pairs(first, 3)
        first.open_compare(*pairs[2], pairs)
        await settle(pilot)
        await pilot.press("q")  # quitting remembers the place at once
    point = load_point(resume_path(config_dir), "tester")
    assert point == ResumePoint(("etf-2026", "hlm-2022"), "compare", MISSED_A, pairs[2])

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, CompareScreen)
        assert current(again) == pairs[2]
        await pilot.press("escape")
        await settle(pilot)
        browse = again.screen
        assert isinstance(browse, BrowseScreen)
        assert browse.selected is not None and browse.selected.ref == MISSED_A


async def test_triage_position_and_the_pair_come_back_per_reviewer(
    make_app: MakeApp, config_dir: Path
) -> None:
    first = make_app(pair=("hlm-2022", "etf-2026"))
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first.action_triage()
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        where = current(first)
        assert where is not None
        first.remember_place()
    # Another reviewer on the same machine keeps their own place.
    save_point(resume_path(config_dir), "bob", ResumePoint(screen="ledger"))

    again = make_app()  # no --pair: the pair comes back from the resume file
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.session.pair == ("hlm-2022", "etf-2026")
        assert isinstance(again.screen, TriageScreen)
        assert current(again) == where

    bob = make_app(reviewer="bob")
    async with bob.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(bob.screen, LedgerScreen)
        assert bob.session.pair == ("etf-2026", "hlm-2022")


async def test_a_broken_or_stale_resume_file_starts_as_always(
    make_app: MakeApp, config_dir: Path
) -> None:
    path = resume_path(config_dir)
    config_dir.mkdir(parents=True)
    path.write_text('[reviewers.tester\nscreen = "compare"', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
    gone = ResumePoint(("etf-2026", "nope"), "compare", "etf-2026/gone", ("etf-2026/gone", "x/y"))
    path.unlink()
    save_point(path, "tester", gone)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.session.pair == ("etf-2026", "hlm-2022")


def test_the_resume_file_is_written_atomically_and_never_over_a_special_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "resume.toml"
    save_point(path, "alice", ResumePoint(("a", "b"), "browse", "a/x"))
    save_point(path, "bob", ResumePoint(screen="ledger"))
    assert load_point(path, "alice") == ResumePoint(("a", "b"), "browse", "a/x")
    assert load_point(path, "bob") == ResumePoint(screen="ledger")
    assert [p.name for p in tmp_path.iterdir()] == ["resume.toml"]  # no temporary left
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    try:
        save_point(fifo, "alice", ResumePoint())
    except OSError as error:
        assert "not a regular file" in str(error)
    else:
        raise AssertionError("a FIFO was written over")
    assert fifo.is_fifo()


def test_a_browse_screen_without_its_panes_yet_has_no_place_rather_than_an_error() -> None:
    # The app asks every second; on a loaded machine that can be before browse composed.
    assert BrowseScreen().resume_ref() is None


async def test_with_no_pair_to_match_the_old_place_does_not_stop_remembering(
    make_app: MakeApp, config_dir: Path, agreements_copy: Path
) -> None:
    (agreements_copy / "hlm-2022.toml").unlink()
    path = resume_path(config_dir)
    link = ("etf-2026/improve-skills-lm-data", "hlm-2022/decent-work-measurement-framework")
    save_point(path, "tester", ResumePoint(("etf-2026", "hlm-2022"), "compare", link[0], link))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen) and app.session.pair is None
        await show_in_browse(app, pilot, MISSED_A)
        app.remember_place()
    assert load_point(path, "tester") == ResumePoint(None, "browse", MISSED_A, None)
