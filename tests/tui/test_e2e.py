"""End to end: the real `accord` in tmux at 80×24, driven by keys, then its export."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.tmux import Pane, accord_command

REPO = Path(__file__).resolve().parents[2]
NOTE = "Both promise better labour market data [TODO] check"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Pane]:
    server = Pane(f"accord-test-{os.getpid()}-{tmp_path.name}", pause_after_keys=0.3)
    yield server
    server("kill-server")


def test_tag_confirm_and_note_reach_the_markdown_export(
    tmux: Pane, agreements_copy: Path, tmp_path: Path
) -> None:
    store = tmp_path / "e2e.sqlite3"
    env = {
        "TERM": "xterm-256color",
        "PYTHONPATH": str(REPO),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ESCDELAY": "50",
    }
    command = [
        *accord_command(),
        "--agreements",
        str(agreements_copy),
        "--store",
        str(store),
        "--reviewer",
        "e2e",
    ]
    shell = (
        f"cd {shlex.quote(str(REPO))} && env "
        + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        + " "
        + " ".join(shlex.quote(part) for part in command)
        + "; echo ACCORD-EXITED-$?; sleep 30"
    )
    tmux("new-session", "-d", "-s", "accord", "-x", "80", "-y", "24", shell)
    tmux.wait_for("0/5 reviewed")
    tmux.wait_for("Counterparts in hlm-2022")
    tmux.wait_for("▇")  # matching is done
    tmux.keys("Enter")  # compare the first commitment with its best counterpart
    tmux.wait_for("Compare")
    tmux.keys("y")  # confirm
    tmux.keys("1")  # tag: the first tag (Aligned)
    tmux.keys("n")  # note on the link
    tmux.wait_for("Note on the link")
    tmux.keys(NOTE, literal=True)
    tmux.wait_for("saved")
    tmux.keys("Escape")
    time.sleep(0.5)
    tmux.keys("Escape")
    tmux.wait_for("0/5 reviewed")
    tmux.keys("q")
    tmux.wait_for("ACCORD-EXITED-0")

    exported = subprocess.run(
        [
            *accord_command(),
            "--agreements",
            str(agreements_copy),
            "--store",
            str(store),
            "export",
            "--format",
            "md",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=True,
    ).stdout
    confirmed = exported.split("## Commitments of ", 1)[1].split("\n## ", 1)[0]
    assert "#### etf-2026/improve-skills-lm-data" in confirmed
    assert "**Aligned** (1 confirmed):" in confirmed
    assert "- **hlm-2022/" in confirmed and "· confirmed by " in confirmed
    assert "Both promise better labour market data" in exported
    assert "TODO" in exported
