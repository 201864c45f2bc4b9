"""Theme persistence, the keymap file, the too-small terminal."""

from __future__ import annotations

from pathlib import Path

import tomli

from tests.support.tui import MakeApp, screen_text, settle
from tui.screens.browse import BrowseScreen
from tui.screens.help import HelpScreen
from tui.screens.too_small import TooSmallScreen


async def test_the_chosen_theme_persists(make_app: MakeApp, config_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "accord-dark"
        app.theme = "accord-high-contrast"
        await pilot.pause()
    saved = tomli.loads((config_dir / "settings.toml").read_text(encoding="utf-8"))
    assert saved["theme"] == "accord-high-contrast"
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        assert again.theme == "accord-high-contrast"


async def test_an_explicit_theme_wins_and_is_remembered(
    make_app: MakeApp, config_dir: Path
) -> None:
    app = make_app(theme="ansi-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "ansi-dark"
    assert "ansi-dark" in (config_dir / "settings.toml").read_text(encoding="utf-8")


async def test_an_unknown_theme_falls_back_with_a_message(make_app: MakeApp) -> None:
    app = make_app(theme="no-such-theme")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert app.theme == "accord-dark"
        assert any("no-such-theme" in str(n.message) for n in app._notifications)


async def test_every_accord_theme_renders(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for name in ("accord-light", "accord-high-contrast", "ansi-light", "textual-dark"):
            app.theme = name
            await pilot.pause()
            assert "0/5 reviewed" in screen_text(app)


async def test_too_small_terminal_shows_a_message_then_recovers(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "Terminal too small" in screen_text(app)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        shown = screen_text(app)
        # The narrow layout drops the pane, and says so and how to reach counterparts.
        assert "Counterparts in" not in shown
        assert "Counterparts hidden: enter compares, then ] [ for others" in shown
        await pilot.resize_terminal(59, 20)
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)


async def test_keymap_rebinds_by_id(make_app: MakeApp, config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "keymap.toml").write_text(
        '# mine\nbrowse.triage = "T"\n\n[app]\nhelp = ["f2", "question_mark"]\n', encoding="utf-8"
    )
    app = make_app()
    triaged: list[bool] = []
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.action_triage = lambda: triaged.append(True)  # type: ignore[method-assign]
        await pilot.press("t")
        assert triaged == []
        await pilot.press("T")
        assert triaged == [True]
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "T " in text and "browse.triage" in text
        assert not app._notifications


async def test_a_bad_keymap_is_reported_with_its_line(
    make_app: MakeApp, agreements_copy: Path
) -> None:
    (agreements_copy / "keymap.toml").write_text(
        'browse.triage = "T"\nbrowse.triaje = "x"\nlist.down = 5\napp.quit = "ctrl+nosuchkey"\n',
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        joined = "\n".join(messages)
        assert "keymap.toml:2:1: unknown binding id 'browse.triaje'" in joined
        assert "did you mean 'browse.triage'" in joined
        assert "keymap.toml:3:13: list.down" in joined
        assert "keymap.toml:4:12: app.quit: 'ctrl+nosuchkey' is not a key name" in joined
        triaged: list[bool] = []
        app.action_triage = lambda: triaged.append(True)  # type: ignore[method-assign]
        await pilot.press("T")  # the good line still applies
        assert triaged == [True]


async def test_a_keymap_with_a_syntax_error_is_reported(
    make_app: MakeApp, config_dir: Path
) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "keymap.toml").write_text('\n\nbrowse.triage = "T\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert any(
            ":3:" in str(n.message) and "invalid TOML" in str(n.message) for n in app._notifications
        )
        assert isinstance(app.screen, BrowseScreen)


async def test_help_lists_every_binding_with_its_id(make_app: MakeApp) -> None:
    from tui.app import binding_sources
    from tui.keymap import binding_rows

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        body = str(app.screen.query_one("#help-body").content)  # type: ignore[attr-defined]
        rows = binding_rows(binding_sources())
        assert {"Everywhere", "Browse", "Lists"} <= {row.group for row in rows}
        for row in rows:
            assert row.id, f"binding without an id: {row}"
            assert row.id in body
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


def test_the_documented_keymap_example_is_valid(tmp_path: Path) -> None:
    from tui.app import binding_sources
    from tui.keymap import known_binding_ids, load_keymap

    doc = (Path(__file__).resolve().parents[2] / "docs" / "keys.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "keymap.toml"
    path.write_text(example, encoding="utf-8")
    keymap, problems = load_keymap(path, known_binding_ids(binding_sources()))
    assert problems == []
    assert keymap["compare.next"] == "right,l"
