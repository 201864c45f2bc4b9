"""The version-diff screen, pushed on a real app with a real diff."""

from __future__ import annotations

from pathlib import Path

from compare.version_report import ReviewImpact
from compare.versions import diff_agreements
from store.agreements.loader import load_agreement
from tests.support.tui import MakeApp, screen_text
from tests.support.versions import edited_hlm, write
from tui.screens.version_diff import VersionDiffScreen


async def test_the_changes_screen_shows_each_change_and_closes(
    make_app: MakeApp, tmp_path: Path
) -> None:
    old, new = edited_hlm()
    # A hostile word in the new text must show as text, never act as markup.
    new["areas"][2]["commitments"][-1]["text"] += " [@click=app.quit]x[/]"
    before, _ = load_agreement(write(old, tmp_path / "old.toml"))
    after, _ = load_agreement(write(new, tmp_path / "new.toml"))
    assert before is not None and after is not None
    diff = diff_agreements(before, after)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(VersionDiffScreen(diff, ReviewImpact()))
        await pilot.pause()
        text = screen_text(app)
        assert "hlm-2022 changed: 1 reworded, 1 moved" in text
        assert "REWORDED inequality-joint-cooperation" in text
        assert "{+closer+}" in text
        for _ in range(60):
            await pilot.press("j")
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, VersionDiffScreen)
        assert app.is_running
