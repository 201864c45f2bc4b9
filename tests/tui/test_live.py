"""Live reload of edited agreement files, and other instances' writes appearing."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from store.review.store import ReviewStore
from tests.support.tui import POLL_BY_HAND, MakeApp, detail_text, screen_text, settle
from tui.app import AccordApp
from tui.screens.findings import FindingsScreen
from tui.widgets.commitment_list import CommitmentList


def findings_text(app: AccordApp) -> str:
    return str(app.screen.query_one("#findings-body", Static).content)


OLD = "improve skills and labour market data"
NEW = "improve skills intelligence and labour market information systems"


async def poll(app: AccordApp, pilot: Pilot[object]) -> None:
    """One tick of the app's watch (its timer is left idle: the test drives it by hand)."""
    app.poll()
    await settle(pilot)


async def test_an_edited_file_is_reloaded_and_rematched(
    make_app: MakeApp, agreements_copy: Path
) -> None:
    app = make_app(watch=True, poll_interval=POLL_BY_HAND)
    path = agreements_copy / "etf-2026.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert OLD in detail_text(app)
        path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
        ref = "etf-2026/improve-skills-lm-data"
        await poll(app, pilot)
        await settle(pilot)  # the reload starts matching again
        assert app.session.commitment(ref).text == NEW  # type: ignore[union-attr]
        assert app.session.matches is not None
        assert NEW in detail_text(app)
        listing = app.screen.query_one(CommitmentList)
        assert listing.current is not None and listing.current.ref == ref


async def test_a_broken_file_keeps_the_last_good_version(
    make_app: MakeApp, agreements_copy: Path
) -> None:
    app = make_app(watch=True, poll_interval=POLL_BY_HAND)
    path = agreements_copy / "etf-2026.toml"
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        good = app.session.corpus.agreement("etf-2026")
        path.write_text(
            path.read_text(encoding="utf-8").replace('text = "', 'txt = "', 1), encoding="utf-8"
        )
        await poll(app, pilot)
        assert app.session.findings
        assert app.session.corpus.agreement("etf-2026") == good
        messages = [str(n.message) for n in app._notifications]
        assert any("etf-2026.toml" in m and "last good" in m for m in messages), messages
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, FindingsScreen)
        assert "etf-2026.toml:" in findings_text(app) and "E103" in findings_text(app)


async def test_another_instances_change_appears(make_app: MakeApp, store_path: Path) -> None:
    app = make_app(watch=True, poll_interval=POLL_BY_HAND)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(CommitmentList)
        ref = listing.items[1].ref
        assert "0/5 reviewed" in screen_text(app)
        with ReviewStore.open(store_path, "other-reviewer", corpus=app.session.corpus) as other:
            other.mark_reviewed(ref)
            other.add_note(ref, "seen from the other terminal")
        await poll(app, pilot)
        assert "1/5 reviewed" in screen_text(app)
        assert app.session.state.is_reviewed(ref)
        await pilot.press("j")
        await pilot.pause()
        assert "seen from the other terminal" in detail_text(app)


async def test_invalid_agreement_at_start_shows_findings_and_opens_the_rest(
    make_app: MakeApp, agreements_copy: Path
) -> None:
    path = agreements_copy / "etf-2026.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('modality = "will"', 'modality = "shall"', 1),
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FindingsScreen)
        text = findings_text(app)
        assert "etf-2026.toml:74:12: error[E111]" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "ILO–EC HLM 2022" in screen_text(app)
        assert app.session.corpus.agreement("etf-2026") is None


async def test_a_reload_that_changes_wording_offers_the_changes_on_d(
    make_app: MakeApp, agreements_copy: Path, store_path: Path
) -> None:
    """A reviewer's note on the old wording is named, and D opens the word-level changes."""
    from tui.screens.version_diff import VersionDiffScreen

    ref = "etf-2026/improve-skills-lm-data"
    app = make_app(watch=True, poll_interval=POLL_BY_HAND)
    with ReviewStore.open(store_path, "tester", corpus=app.session.corpus) as store:
        store.add_note(ref, "written against the old wording")
    path = agreements_copy / "etf-2026.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        assert not isinstance(app.screen, VersionDiffScreen)  # nothing changed yet
        path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
        await poll(app, pilot)
        change = app.version_changes[-1]
        assert change.agreement_id == "etf-2026"
        assert change.summary == (
            "etf-2026 changed: 1 reworded, 1 note now outdated. Press D to see the changes."
        )
        await settle(pilot)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, VersionDiffScreen)
        assert "improve-skills-lm-data" in screen_text(app)
