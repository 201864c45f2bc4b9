"""Two pieces of work at once: one here, one in a forked child.

Loading and analysing large agreements is pure Python: threads would hold
the GIL in turn, so the second core is reached through a child process. A
fork starts in a millisecond and inherits everything already loaded, where a
new interpreter would spend the gain on imports. Forking is safe only in a
process with one thread (a fork copies one thread, and any lock another held
stays locked), so it happens only then: in `accord` commands, never in the
TUI, whose work then runs here, one piece after the other.

The child sends its result back as a pickle through a pipe and exits without
running any clean-up of the parent's. If it fails for any reason (it died,
ran out of memory, the result would not pickle), the parent does that piece
of work itself, so an error surfaces exactly as it would without the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

Here = TypeVar("Here")
There = TypeVar("There")


def _one_thread() -> bool:
    """Whether this process runs a single thread of any kind (Python's or a library's)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc (macOS, BSD): threads cannot be counted, so never fork
        return False


def can_fork() -> bool:
    return hasattr(os, "fork") and _one_thread()


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def both(here: Callable[[], Here], there: Callable[[], There]) -> tuple[Here, There]:
    """(here(), there()), with `there` run in a forked child when that is safe."""
    if not can_fork():
        return here(), there()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # or the child would write the parent's buffered output again
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result is checked in the parent
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps(there(), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        mine = here()
        payload = _read_all(read_end)
    except BaseException:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)  # its work is of no use now
        raise
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if status == 0:
        with contextlib.suppress(Exception):
            return mine, pickle.loads(payload)
    return mine, there()
