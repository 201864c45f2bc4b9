"""Leaving quickly after a read-only command, in the `accord` process only.

Once a command that only reads has flushed its output, nothing is left to
close (a cache entry is written whole and renamed into place), and the
interpreter's clean-up would only free every object one by one: a fifth of a
second after `accord match` at 10,000 × 10,000, and a tenth more when the
command's own results go out of scope; and the cycle collector, once back on,
would walk those results again. `cli.main.entry` (the `accord` program)
turns this on; `main` called in-process (tests, tools) never leaves early and
keeps nothing.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

# Commands that leave nothing open once their output is flushed.
READ_ONLY_COMMANDS = frozenset({"check", "list", "match", "gaps", "explain", "diff", "corpus"})

_state: dict[str, object] = {"enabled": False, "command": None}
_kept: list[object] = []


def enable() -> None:
    """This process is the `accord` program: it may leave without clean-up."""
    _state["enabled"] = True


def running(command: str) -> None:
    """`command` is about to run; a read-only one in the `accord` program runs without
    the cycle collector, which would only walk its results again and again."""
    _state["command"] = command
    if _state["enabled"] and command in READ_ONLY_COMMANDS:
        gc.disable()


def keep_until_exit(*objects: object) -> None:
    """Let the process free these (large results) by ending, not one object at a time."""
    if _state["enabled"] and _state["command"] in READ_ONLY_COMMANDS:
        _kept.extend(objects)


def leave(code: int) -> None:
    """End the process now if a read-only command ran; else return."""
    if _state["enabled"] and _state["command"] in READ_ONLY_COMMANDS:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
