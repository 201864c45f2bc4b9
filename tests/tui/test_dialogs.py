"""The topic lens and the export dialog."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets._footer import FooterKey

from store.review.exports.registry import FORMAT_IDS
from tests.support.reviewer_day import recorded
from tests.support.tui import MakeApp, settle
from tests.support.workflow import suggested_pairs
from tui.dialogs.export import ExportDialog
from tui.dialogs.topic_lens import TopicLensDialog


def options(app: object) -> list[str]:
    option_list = app.screen.query_one(OptionList)  # type: ignore[attr-defined]
    return [str(option_list.get_option_at_index(i).id) for i in range(option_list.option_count)]


async def test_topic_lens_filters_as_you_type_and_applies(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_topic_lens()
        await settle(pilot)
        assert isinstance(app.screen, TopicLensDialog)
        everything = options(app)
        assert len(everything) > 10
        await pilot.press(*"market data")
        assert options(app) == ["labour-market-data"]
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        # The counts of both agreements: A has 2 and B has some.
        assert "Labour-market data" in prompt and "A   " in prompt and "B " in prompt
        await pilot.press("enter")
        assert app.topic_lens == "labour-market-data"
        assert "lens: Labour-market data" in app.sub_title


async def test_topic_lens_arrows_escape_and_clear(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.set_topic_lens("tvet")
        app.action_topic_lens()
        await settle(pilot)
        # The lens in force is highlighted; escape keeps it.
        highlighted = app.screen.query_one(OptionList).highlighted_option
        assert highlighted is not None and highlighted.id == "tvet"
        await pilot.press("down", "escape")
        assert app.topic_lens == "tvet"
        app.action_topic_lens()
        await settle(pilot)
        await pilot.press("ctrl+l")
        assert app.topic_lens is None
        app.action_topic_lens()
        await settle(pilot)
        await pilot.press("down", "enter")
        assert app.topic_lens == options_first_topic(app)


def options_first_topic(app: object) -> str:
    return app.session.corpus.lexicon.topics[0].id  # type: ignore[attr-defined]


def export_status(app: object) -> str:
    return str(app.screen.query_one("#export-status", Static).content)  # type: ignore[attr-defined]


async def test_export_writes_the_file_and_shows_its_path(
    make_app: MakeApp, tmp_path: Path, monkeypatch: object
) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pair = suggested_pairs(app, 1)[0]
        app.session.store.set_link(*pair, status="confirmed", tag="aligned")
        app.session.store.add_note(pair, "a note | with [markup]")
        app.action_export()
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value == "./accord-etf-2026-hlm-2022.md"
        # The format follows the highlight; the default path follows the format.
        await pilot.press("down", "down", "down")  # md, html, csv, json
        assert path_input.value == "./accord-etf-2026-hlm-2022.json"
        await pilot.press("up", "up", "up", "enter")
        assert app.focused is path_input
        await pilot.press("enter")
        target = tmp_path / "accord-etf-2026-hlm-2022.md"
        await settle(pilot)  # the export is written by a worker
        assert "written" in export_status(app)
        assert str(target) in export_status(app)
        text = target.read_text(encoding="utf-8")
        assert pair[0].partition("/")[2] in text and "Aligned" in text
        assert "with" in text and "markup" in text
        leftovers = [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
        assert leftovers == []
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportDialog)


async def test_export_asks_before_replacing_and_reports_errors(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    existing = tmp_path / "out.json"
    existing.write_text("old", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # json
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(existing)
        await pilot.press("enter")
        assert "exists" in export_status(app)
        assert existing.read_text(encoding="utf-8") == "old"
        await pilot.press("enter")
        await settle(pilot)
        assert "written" in export_status(app)
        assert json.loads(existing.read_text(encoding="utf-8"))["links"] == []

        path_input.value = str(tmp_path / "missing" / "folder" / "out.md")
        await pilot.press("enter")
        await settle(pilot)
        assert "not written" in export_status(app)
        assert "missing" in export_status(app)
        path_input.value = str(tmp_path)
        await pilot.press("enter")
        assert "is a folder" in export_status(app)


async def test_export_dialog_shows_the_full_path_q_closes_and_no_toast_covers_it(
    make_app: MakeApp, tmp_path: Path, monkeypatch: object
) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = recorded(app)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert options(app) == list(FORMAT_IDS)  # the one registry decides the formats
        target = str(dialog.query_one("#export-target", Static).content)
        assert target == f"writes {tmp_path / 'accord-etf-2026-hlm-2022.md'}"
        # The footer says what q and escape do here: close, not quit.
        assert dialog.query_one(Footer) is not None
        shown = {key.description for key in dialog.query(FooterKey)}
        assert "Close" in shown and "Export" in shown and "Quit" not in shown
        path_input = dialog.query_one("#export-path", Input)
        path_input.focus()
        path_input.value = ""
        await pilot.press(*"q.md")  # in the path, q is a letter
        assert path_input.value == "q.md"
        assert str(dialog.query_one("#export-target", Static).content) == (
            f"writes {tmp_path / 'q.md'}"
        )
        await pilot.press("enter")
        await settle(pilot)  # the export is written by a worker
        assert "written" in export_status(app)
        assert (tmp_path / "q.md").is_file()
        assert said == []  # the dialog's own line says it; no toast over the dialog
        dialog.query_one("#export-formats", OptionList).focus()
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)
        assert app.is_running
        assert said == ["Exported to q.md"]


async def test_export_never_replaces_a_file_that_is_not_regular(
    make_app: MakeApp, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(fifo)
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        assert "is not a regular file; choose another path" in export_status(app)
        assert fifo.is_fifo()
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportDialog)
