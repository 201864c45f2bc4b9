"""The note dialog: saved while typing, flushed on escape, outdated notes shown."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from service.review_state import NOTED
from store.review.store import ReviewStore
from tests.support.tui import MakeApp, autosave, screen_text, settle
from tests.support.workflow import suggested_pairs
from tui.dialogs import note as note_dialog
from tui.dialogs.note import NoteDialog
from tui.widgets.commitment_list import CommitmentList

REF = "etf-2026/improve-skills-lm-data"
OLD = "improve skills and labour market data"
NEW = "improve skills intelligence and labour market data"


def stored_notes(store_path: Path) -> list[tuple[str, str | None, str]]:
    """Read the SQLite file directly, as another process would."""
    with sqlite3.connect(store_path) as conn:
        return list(conn.execute("SELECT ref, other_ref, text FROM notes ORDER BY id"))


async def until_saved(pilot: Pilot[object]) -> None:
    """Turn the event loop (no sleeping) until the autosave timer has fired."""
    for _ in range(200):
        dialog = pilot.app.screen
        assert isinstance(dialog, NoteDialog)
        if not dialog.save_pending:
            return
        await pilot.pause()
    raise AssertionError("the autosave timer never fired")


def status(app: object) -> str:
    return str(app.screen.query_one("#note-status", Static).content)  # type: ignore[attr-defined]


async def test_a_note_is_saved_while_typing(
    make_app: MakeApp, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real timer, with a millisecond's delay instead of half a second.
    monkeypatch.setattr(note_dialog, "SAVE_DELAY", 0.001)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"first [TODO] thought")
        await until_saved(pilot)
        # Still open, nothing typed for a moment: it is already on disk.
        assert isinstance(app.screen, NoteDialog) and not app.screen.save_pending
        assert stored_notes(store_path) == [(REF, None, "first [TODO] thought")]
        assert "saved" in status(app)
        await pilot.press(*" and more")
        await until_saved(pilot)
        assert stored_notes(store_path)[0][2].endswith("more")
        # Still one note: later saves update it instead of adding notes.
        assert stored_notes(store_path) == [(REF, None, "first [TODO] thought and more")]


async def test_escape_flushes_what_the_timer_has_not_saved(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        await pilot.press(*"quick", "escape")
        assert not isinstance(app.screen, NoteDialog)
        assert stored_notes(store_path) == [(REF, None, "quick")]


async def test_a_note_on_a_suggestion_creates_the_link(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pair = suggested_pairs(app, 1)[0]
        app.open_note(link=pair)
        await settle(pilot)
        await pilot.press(*"same aim", "escape")
        assert stored_notes(store_path) == [(pair[0], pair[1], "same aim")]
        link = app.session.store.get_link(*pair)
        assert link is not None and link.status == "suggested"


async def test_an_emptied_note_is_deleted_and_blank_is_never_saved(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        await pilot.press("space", "space")
        await autosave(pilot)
        assert stored_notes(store_path) == []
        await pilot.press(*"ab")
        await autosave(pilot)
        assert stored_notes(store_path)
        await pilot.press("backspace", "backspace", "backspace", "backspace", "escape")
        assert stored_notes(store_path) == []


async def test_f2_edits_my_last_note(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    with ReviewStore.open(store_path, "tester", corpus=app.session.corpus) as store:
        store.add_note(REF, "draft")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        await pilot.press("f2")
        area = app.screen.query_one(TextArea)
        assert area.text == "draft"
        area.move_cursor(area.document.end)
        await pilot.press(*" done", "escape")
        assert stored_notes(store_path) == [(REF, None, "draft done")]


async def test_existing_notes_show_literally(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    nasty = "[@click=app.quit]x[/] [b]not bold[/b] \x1b]52;c;AAAA\x07 \u202eevil"
    with ReviewStore.open(store_path, "colleague", corpus=app.session.corpus) as store:
        store.add_note(REF, nasty)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        shown = "\n".join(str(s.content) for s in app.screen.query(".note").results(Static))
        assert "[@click=app.quit]x[/] [b]not bold[/b]" in shown
        assert "\x1b" not in shown and "\u202e" not in shown
        assert "␛" in shown


async def test_an_outdated_note_shows_old_and_new_text(
    make_app: MakeApp, store_path: Path, agreements_copy: Path
) -> None:
    first = make_app()
    with ReviewStore.open(store_path, "colleague", corpus=first.session.corpus) as store:
        store.add_note(REF, "checked against the old wording")
    path = agreements_copy / "etf-2026.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        note = app.screen.query_one(".note.-outdated", Static)
        shown = str(note.content)
        assert "OUTDATED" in shown
        assert f"was  {REF}: {OLD}" in shown
        assert f"now  {REF}: {NEW}" in shown
        # The inserted word is marked with a style, not only a colour.
        spans = [
            (shown[span.start : span.end], str(span.style))
            for span in note.content.spans  # type: ignore[union-attr]
        ]
        assert any(text == "intelligence" and "underline" in style for text, style in spans)


async def test_a_concurrent_edit_of_the_note_keeps_both_texts(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        await pilot.press(*"mine")
        await autosave(pilot)
        assert stored_notes(store_path)
        with ReviewStore.open(store_path, "tester", corpus=app.session.corpus) as other:
            note = other.notes(ref=REF)[0]
            other.update_note(note.id, "from my other terminal", note.version)
        await pilot.press(*" and more")
        await autosave(pilot)
        assert len(stored_notes(store_path)) == 2
        texts = sorted(text for _, _, text in stored_notes(store_path))
        assert texts == ["from my other terminal", "mine and more"]
        assert "conflict" in status(app)
        # Later keys update our own copy, not theirs.
        await pilot.press("!", "escape")
        texts = sorted(text for _, _, text in stored_notes(store_path))
        assert texts == ["from my other terminal", "mine and more!"]


async def test_a_note_added_from_browse_shows_its_mark_at_once(make_app: MakeApp) -> None:
    """The ✎ mark in the commitment list follows the note as it is saved, not later."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(CommitmentList)
        ref = listing.current.ref  # type: ignore[union-attr]

        def row_of(ref: str) -> str:
            name = ref.split("/", 1)[1]
            return next(line for line in screen_text(app).splitlines() if name in line)

        assert NOTED not in row_of(ref)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"a thought", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        assert NOTED in row_of(ref)
