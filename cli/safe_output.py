"""The one way the command line writes: every line neutralised, every failure one clear line.

`accord check` echoes source lines, commands print file names and refs from
imported files: any of them may hold ESC, OSC 52, BEL, C1, bidi or invisible
characters. `install()` puts a writer in front of stdout and stderr that makes
each of them visible (store.untrusted.terminal_safe), whatever the command
prints. Rich tables (already built from neutralised Text) use `raw_stdout()`,
so their own colour codes still reach a terminal.

The writer also turns a failing output into `OutputError`: stdout closed
before Accord started (`sys.stdout is None`), a broken pipe, or a full device.
`accord.main` reports it as one line on stderr with a non-zero exit.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from store.untrusted import terminal_safe

EXIT_OUTPUT = 2  # "usage or I/O error", as `accord check` documents
EXIT_BROKEN_PIPE = 141  # what a shell reports for a writer killed by SIGPIPE


class OutputError(Exception):
    """Standard output or error could not be written; the message is for the user."""

    def __init__(self, message: str, exit_code: int = EXIT_OUTPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _describe(name: str, error: OSError) -> OutputError:
    if isinstance(error, BrokenPipeError):
        return OutputError(
            f"{name} was closed before everything was written (broken pipe); "
            "the output is incomplete",
            EXIT_BROKEN_PIPE,
        )
    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return OutputError(
            f"cannot write {name}: the device or file is full ({error.strerror}); "
            "the output is incomplete. Free some space or write elsewhere"
        )
    return OutputError(f"cannot write {name}: {error.strerror or error}")


class SafeWriter(io.TextIOBase):
    """A text stream that neutralises what it passes on and reports failures clearly."""

    def __init__(self, stream: TextIO | None, name: str, *, neutralise: bool = True) -> None:
        super().__init__()
        self.raw_stream = stream
        self.stream_name = name
        self.neutralise = neutralise

    def _target(self) -> TextIO:
        if self.raw_stream is None or self.raw_stream.closed:
            raise OutputError(
                f"{self.stream_name} is closed; run the command with its output "
                "open (for example redirect it: `> FILE` or `> /dev/null`)"
            )
        return self.raw_stream

    def write(self, text: str) -> int:
        target = self._target()
        try:
            target.write(terminal_safe(text) if self.neutralise else text)
        except OSError as error:
            raise _describe(self.stream_name, error) from error
        return len(text)

    def flush(self) -> None:
        if self.raw_stream is None or self.raw_stream.closed:
            return
        try:
            self.raw_stream.flush()
        except OSError as error:
            raise _describe(self.stream_name, error) from error

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return (
            self.raw_stream is not None and not self.raw_stream.closed and self.raw_stream.isatty()
        )

    def fileno(self) -> int:
        return self._target().fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw_stream, "encoding", None) or "utf-8"


def _real_stdout() -> TextIO | None:
    """Standard output behind the guard, if the guard is on."""
    stream = sys.stdout
    return stream.raw_stream if isinstance(stream, SafeWriter) else stream


def stdout_is_a_file() -> bool:
    """Whether standard output is a file, pipe or terminal that another process can write
    too (not the pager's collector of a command's output)."""
    raw = _real_stdout()
    try:
        return raw is not None and not raw.closed and raw.fileno() >= 0
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is an OSError
        return False


def raw_stdout() -> TextIO:
    """Stdout without neutralising, for Rich: its tables are neutralised Text already.

    Failures are still reported as OutputError, and Rich sees the real stream's
    isatty(), so it colours a terminal and not a pipe.
    """
    return SafeWriter(_real_stdout(), "standard output", neutralise=False)  # type: ignore[return-value]


def output_failure(error: OSError) -> OutputError:
    """The OutputError for an OSError raised while writing standard output."""
    return _describe("standard output", error)


@contextlib.contextmanager
def guarded_streams() -> Iterator[None]:
    """Guard stdout and stderr for the duration of one command, then restore them."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeWriter(saved[0], "standard output")
    sys.stderr = SafeWriter(saved[1], "standard error")
    try:
        yield None
    finally:
        sys.stdout, sys.stderr = saved


def unguard() -> None:
    """Give the real streams back (the terminal UI writes its own escape codes)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, SafeWriter):
            setattr(sys, name, stream.raw_stream)


def report_output_failure(error: OutputError) -> int:
    """Say what failed on stderr (if it can still be written) and silence stdout for exit.

    Python flushes stdout again at exit; on a broken pipe or a full device that
    would add a second, confusing "Exception ignored" message. Pointing the
    descriptor at /dev/null first keeps the report to one line.
    """
    with contextlib.suppress(OSError, OutputError, ValueError):
        print(f"accord: error: {error}", file=sys.stderr)
        sys.stderr.flush()
    real = sys.__stdout__
    if real is not None and isinstance(sys.stdout, SafeWriter) and sys.stdout.raw_stream is real:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, real.fileno())
            os.close(devnull)
    return error.exit_code
