"""Driving the real `accord` in a tmux pane: send keys, poll what the screen shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time


class Pane:
    """One tmux server (its own socket) with a session named `accord`."""

    def __init__(self, socket: str, *, pause_after_keys: float = 0.0) -> None:
        self.socket = socket
        self.pause_after_keys = pause_after_keys

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "accord")

    def wait_for(self, *texts: str, timeout: float = 60) -> str:
        """Poll the pane until every text shows, or fail with what it shows."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never all appeared; the screen shows:\n{shown}")

    def wait_until_gone(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text not in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never went away; the screen shows:\n{shown}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self("send-keys", "-t", "accord", *(["-l"] if literal else []), *keys)
        if self.pause_after_keys:
            time.sleep(self.pause_after_keys)


def accord_command() -> list[str]:
    """The installed `accord`, or the same entry point through this Python."""
    installed = shutil.which("accord")
    return [installed] if installed else [sys.executable, "-m", "cli.main"]
