"""Page long output through `$PAGER`, as git does, and only on a terminal.

When standard output is a terminal and a command's output is taller than the
screen, it goes through `$PAGER` (default `less -FRX`, and `LESS=FRX` when the
reader has not set LESS). Pipes and files never page; `--no-pager`, an empty
PAGER or `PAGER=cat` turn it off. If the pager cannot be started, the output is
written as it would have been without one: nothing is ever lost to a pager.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import TextIO

from cli.safe_output import SafeWriter, raw_stdout

DEFAULT_PAGER = "less -FRX"
SHELL_NOT_FOUND = 127


class _TerminalBuffer(io.StringIO):
    """Collects a command's output while it keeps behaving as the terminal it will reach."""

    def isatty(self) -> bool:
        return True


def pager_command() -> str | None:
    command = os.environ.get("PAGER")
    if command is None:
        return DEFAULT_PAGER
    command = command.strip()
    return None if command in ("", "cat") else command


def _screen_lines() -> int:
    return shutil.get_terminal_size((80, 24)).lines


@contextlib.contextmanager
def paged(enabled: bool) -> Iterator[None]:
    """Run the body with stdout collected, then show it directly or through the pager."""
    real = sys.stdout
    if not enabled or not real.isatty() or pager_command() is None:
        yield
        return
    buffer = _TerminalBuffer()
    # Plain prints are neutralised on their way into the buffer, and Rich (which
    # neutralises its own text) writes to it raw; so what the buffer holds is
    # safe, and goes on to the terminal or the pager as it is.
    sys.stdout = SafeWriter(buffer, "standard output")
    try:
        yield
    except BaseException:
        sys.stdout = real
        out = raw_stdout()
        out.write(buffer.getvalue())  # what was printed before the error still reaches the reader
        out.flush()
        raise
    sys.stdout = real
    show(buffer.getvalue(), raw_stdout())


def show(text: str, out: TextIO) -> None:
    command = pager_command()
    if command is None or text.count("\n") < _screen_lines():
        out.write(text)
        out.flush()
        return
    out.flush()
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        # A shell runs $PAGER, as git does, so "less -S" or a pipeline works.
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        out.write(text)
        out.flush()
        return
    assert pager.stdin is not None
    with contextlib.suppress(BrokenPipeError, OSError):
        pager.stdin.write(text.encode("utf-8", errors="replace"))
    with contextlib.suppress(BrokenPipeError, OSError):
        pager.stdin.close()
    while True:
        try:
            code = pager.wait()
            break
        except KeyboardInterrupt:
            continue  # ctrl+c belongs to the pager while it runs
    if code == SHELL_NOT_FOUND:
        out.write(text)
        out.flush()
