"""End to end, a reviewer's day in tmux at 80×24: find a commitment, link it by hand to one
the matcher did not suggest, export, quit, relaunch, and land where they were.

The real `accord` runs in a tmux pane; the test reads the pane with capture-pane,
polling up to a deadline (never a fixed sleep to wait for the app).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.review.exports.registry import FORMAT_IDS
from tests.support.reviewer_day import MISSED_A, MISSED_B
from tests.support.tmux import Pane, accord_command

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    server = Pane(f"accord-day-{os.getpid()}-{tmp_path.name}")
    yield server
    server("kill-server")


def _launch(pane: Pane, agreements: Path, store: Path, work: Path, session: str) -> None:
    env = {
        "TERM": "xterm-256color",
        "PYTHONPATH": str(REPO),
        "XDG_CONFIG_HOME": str(work / "config"),
        "XDG_CACHE_HOME": str(work / "cache"),
        "ESCDELAY": "50",
    }
    command = [
        *accord_command(),
        "--agreements",
        str(agreements),
        "--store",
        str(store),
        "--reviewer",
        "e2e",
    ]
    shell = (
        f"cd {shlex.quote(str(work))} && env "
        + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        + " "
        + " ".join(shlex.quote(part) for part in command)
        + f"; echo {session}-EXITED-$?; sleep 30"
    )
    if session == "FIRST":
        pane("new-session", "-d", "-s", "accord", "-x", "80", "-y", "24", shell)
    else:
        pane("respawn-pane", "-k", "-t", "accord", shell)


def _jump(pane: Pane, ref: str) -> None:
    """Find a commitment with the palette, by its id, and go there."""
    pane.keys("C-p")
    pane.wait_for("Search for commands")
    pane.keys(ref.partition("/")[2], literal=True)
    pane.wait_for(f"{ref} ·")
    pane.keys("Enter")
    pane.wait_until_gone("Search for commands")
    # Selected in the list (the cursor ▶) and shown in the detail pane.
    agreement, _, ident = ref.partition("/")
    pane.wait_for(f"▶•  {ident}", f" {ident} · {agreement}  •")


def _export(pane: Pane, fmt: str, work: Path) -> Path:
    pane.keys("e")
    pane.wait_for("Export the review", "esc Close")
    pane.keys(*(["Down"] * FORMAT_IDS.index(fmt)))
    target = work / f"accord-etf-2026-hlm-2022.{fmt}"
    pane.wait_for(f"./accord-etf-2026-hlm-2022.{fmt}")
    pane.keys("C-s")  # export, as the dialog's footer says
    pane.wait_for("✓ written")
    pane.keys("Escape")
    # The dialog is gone (a toast of an earlier export may still be showing).
    pane.wait_until_gone("Export the review")
    pane.wait_for("Exported to")
    return target


def test_find_link_by_hand_export_quit_relaunch_and_resume(
    pane: Pane, agreements_copy: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    store = tmp_path / "e2e.sqlite3"
    _launch(pane, agreements_copy, store, work, "FIRST")
    pane.wait_for("0/5 reviewed", "Counterparts in hlm-2022", "▇")  # matching is done

    _jump(pane, MISSED_A)
    pane.keys("m")
    pane.wait_for(f"L links ◆ {MISSED_A}")
    _jump(pane, MISSED_B)
    pane.keys("L")
    pane.wait_for("Compare", "linked by hand")
    pane.keys("1")  # tag it: Aligned
    pane.wait_for("tag Aligned")
    pane.keys("Escape")
    pane.wait_for("Counterparts in etf-2026")

    written = [_export(pane, fmt, work) for fmt in ("md", "html") if fmt in FORMAT_IDS]
    pane.keys("q")
    pane.wait_for("FIRST-EXITED-0")

    markdown = written[0].read_text(encoding="utf-8")
    # The report lists A's commitment with its counterpart, linked by hand and tagged.
    entry = markdown.split(f"#### {MISSED_A}\n", 1)[1].split("\n#### ", 1)[0]
    assert f"**{MISSED_B}**" in entry
    assert "linked by hand" in entry and "Aligned" in entry
    if len(written) > 1:
        assert "vet-apprenticeships-labour-demand" in written[1].read_text(encoding="utf-8")
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT status, tag, origin FROM links").fetchall() == [
        ("confirmed", "aligned", "manual")
    ]
    conn.close()

    # Relaunch: back in browse on the commitment the reviewer was on.
    _launch(pane, agreements_copy, store, work, "SECOND")
    shown = pane.wait_for("━hlm-2022 ·", "Counterparts in etf-2026")
    assert "▶" in shown and MISSED_B.partition("/")[2] in shown
    assert "promote-digital-green-tvet · hlm-2022  •" in shown  # in the detail pane
    pane.keys("d")  # and the ledger has the link, by hand
    pane.wait_for("Ledger", "✓ confirmed ‹Aligned› · by hand · e2e")
    pane.keys("q")
    pane.wait_for("SECOND-EXITED-0")
