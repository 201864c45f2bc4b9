"""A hangup keeps what was typed; keys that arrive in one burst all act, in order."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static, TextArea

from store.review.store import ReviewStore
from tests.support.tui import MakeApp, settle
from tests.support.workflow import suggested_pairs
from tui.app import AccordApp
from tui.dialogs.note import NoteDialog

REF = "etf-2026/improve-skills-lm-data"
REPO = Path(__file__).resolve().parents[2]


def burst(app: AccordApp, keys: str) -> None:
    """Post the keys as one read from the terminal delivers them: no pause between."""
    for key in keys:
        name = {" ": "space", "\t": "tab"}.get(key, key)
        app.post_message(events.Key(name, None if key == "\t" else key))


def typed(store_path: Path) -> tuple[list[str], list[str]]:
    """The notes and the drafts in the store file, read as another process would."""
    with sqlite3.connect(store_path) as conn:
        notes = [row[0] for row in conn.execute("SELECT text FROM notes ORDER BY id")]
        drafts = [row[0] for row in conn.execute("SELECT text FROM drafts")]
    return notes, drafts


async def test_sighup_saves_the_text_typed_since_the_last_autosave(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        burst(app, "typed at full speed")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "typed at full speed"
        # The real signal, handled on the app's loop; no timer had to fire first.
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGHUP
    notes, drafts = typed(store_path)
    assert notes == ["typed at full speed"]
    assert drafts == []  # saved as the note itself: nothing left to offer back


async def test_sigterm_also_flushes(make_app: MakeApp, store_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(link=suggested_pairs(app, 1)[0])
        await settle(pilot)
        burst(app, "on the link")
        await pilot.pause()
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    assert typed(store_path)[0] == ["on the link"]


async def test_a_draft_left_behind_is_offered_back_and_saved(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    with ReviewStore.open(store_path, "tester", corpus=app.session.corpus) as store:
        store.save_draft(REF, "half a thought when the line dropped")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one(TextArea).text == "half a thought when the line dropped"
        assert "restored unsaved text" in str(dialog.query_one("#note-status", Static).content)
        await pilot.press("escape")
    assert typed(store_path) == (["half a thought when the line dropped"], [])


async def test_a_draft_of_another_reviewer_is_not_offered(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    with ReviewStore.open(store_path, "someone-else", corpus=app.session.corpus) as store:
        store.save_draft(REF, "not yours")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_note(ref=REF)
        await settle(pilot)
        assert app.screen.query_one(TextArea).text == ""


@pytest.mark.parametrize(
    ("keys", "steps"),
    [("ll", 2), ("lll", 3), ("\t\t", 2), ("hh", -2), ("lh", 0)],
)
async def test_pane_keys_in_one_burst_each_move_one_pane(
    make_app: MakeApp, keys: str, steps: int
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        panes = screen.panes()  # type: ignore[attr-defined]
        start = panes.index(screen.focused)
        burst(app, keys)
        await pilot.pause()
        assert screen.focused is panes[(start + steps) % len(panes)]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tmux_kill_session_within_150_ms_of_the_last_key_loses_nothing(
    agreements_copy: Path, tmp_path: Path
) -> None:
    """The real program in a real terminal; kill-session sends it SIGHUP."""
    store = tmp_path / "hangup.sqlite3"
    socket = f"accord-hup-{os.getpid()}"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "PYTHONPATH": str(REPO),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    command = [sys.executable, "-m", "cli.main", "--agreements", str(agreements_copy)]
    command += ["--store", str(store), "--reviewer", "hup"]

    def tmux(*args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30, env=env
        )
        return done.stdout

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if text in tmux("capture-pane", "-p", "-t", "hup"):
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared:\n{tmux('capture-pane', '-p', '-t', 'hup')}")

    sentence = "Both name apprenticeships and work-based learning as the route"
    try:
        tmux("new-session", "-d", "-s", "hup", "-x", "80", "-y", "24", *command)
        wait_for("Commitments")
        wait_for("reviewed")
        tmux("send-keys", "-t", "hup", "n")
        wait_for("Note on")
        tmux("send-keys", "-t", "hup", "-l", sentence)  # one write, as typeahead arrives
        time.sleep(0.1)  # hang up within 150 ms of the last key
        tmux("kill-session", "-t", "hup")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if store.exists() and sentence in "".join(typed(store)[0] + typed(store)[1]):
                break
            time.sleep(0.1)
        notes, drafts = typed(store)
        assert sentence in notes + drafts, (notes, drafts)
    finally:
        tmux("kill-server")


async def test_keys_typed_after_the_key_that_opens_a_dialog_land_in_it(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "nquick note")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(TextArea).text == "quick note"
