"""Running the `accord` command line from tests: in-process (fast) or as a real process.

`run_in_process` calls `cli.main.main(argv)` with its own stdin, stdout,
stderr, environment and working directory, the way sqlite-utils' tests use
click's CliRunner; it returns what `subprocess.run` would. A few tests keep
the real entry point in a subprocess (`run_accord_process`): the launch of
the UI, durability on exit, and changes made "in another process".
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

RunAccord = Callable[..., subprocess.CompletedProcess[str]]

# The same terminal the subprocess runs get: no colour, 80 columns.
TERMINAL = {"NO_COLOR": "1", "COLUMNS": "80"}


class _Capture(io.StringIO):
    """stdout/stderr that survive `close()` (the CLI closes stderr on a broken pipe)."""

    def close(self) -> None:
        pass


@contextlib.contextmanager
def _environment(env: Mapping[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_in_process(
    *args: str,
    input: str | None = None,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    from cli.commands import COMMAND_MODULES
    from cli.main import main

    argv = [str(arg) for arg in args]
    # Every sub-command but `review` (which opens the UI) runs in-process.
    commands = {name.removesuffix("_cmd") for name in COMMAND_MODULES} - {"review"}
    if not any(arg in commands for arg in argv) and "--help" not in argv:
        raise ValueError("`accord review` opens the UI: use run_accord_process for it")
    stdout, stderr = _Capture(), _Capture()
    merged = {**TERMINAL, **(env or {})}
    old_cwd = Path.cwd()
    with (
        _environment(merged),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        old_stdin = sys.stdin
        sys.stdin = io.StringIO(input or "")
        try:
            if cwd is not None:
                os.chdir(cwd)
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse: usage errors and --help
                code = exit_.code if isinstance(exit_.code, int) else 1
        finally:
            sys.stdin = old_stdin
            os.chdir(old_cwd)
    return subprocess.CompletedProcess(
        ["accord", *argv], code, stdout.getvalue(), stderr.getvalue()
    )
