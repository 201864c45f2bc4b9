"""Two pieces of work at once: one here, one in a forked child.

Loading and analysing large agreements is pure Python: threads would hold
the GIL in turn, so the second core is reached through a child process. A
fork starts in a millisecond and inherits everything already loaded, where a
new interpreter would spend the gain on imports. Forking is safe only in a
process with one thread (a fork copies one thread, and any lock another held
stays locked), so it happens only then: in `accord` commands, never in the
TUI, whose work then runs here, one piece after the other.

The child sends its result back through a pipe (marshalled when it is plain
data, pickled otherwise) and exits without
running any clean-up of the parent's. If it fails for any reason (it died,
ran out of memory, the result would not pickle), the parent does that piece
of work itself, so an error surfaces exactly as it would without the child.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar, cast

Here = TypeVar("Here")
There = TypeVar("There")


class ChildFailed(Exception):
    """A child failed while writing its share of an output: the output is incomplete."""


def _one_thread() -> bool:
    """Whether this process runs a single thread of any kind (Python's or a library's)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc (macOS, BSD): threads cannot be counted, so never fork
        return False


def can_fork() -> bool:
    return hasattr(os, "fork") and _one_thread()


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # or the child would write the parent's buffered output again


def _encode(value: object) -> bytes:
    """`marshal` for plain data (lists, tuples, dicts, sets, str, numbers: three times
    faster than pickle both ways), pickle for the rest."""
    try:
        return b"M" + marshal.dumps(cast(Any, value))  # raises ValueError if not plain data
    except ValueError:
        return b"P" + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _decode(payload: bytes) -> Any:
    body = memoryview(payload)[1:]
    return marshal.loads(body) if payload[:1] == b"M" else pickle.loads(body)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _spawn(child: Callable[[], int]) -> int:
    """Fork; the child runs `child` and exits with its status (1 if it raised),
    without running any clean-up of the parent's. Returns the child's pid."""
    _flush_standard_streams()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its outcome is checked in the parent
        status = 1
        try:
            status = child()
        finally:
            os._exit(status)
    return pid


def both(here: Callable[[], Here], there: Callable[[], There]) -> tuple[Here, There]:
    """(here(), there()), with `there` run in a forked child when that is safe."""
    if not can_fork():
        return here(), there()
    read_end, write_end = os.pipe()

    def child() -> int:
        os.close(read_end)
        view = memoryview(_encode(there()))
        while view:
            view = view[os.write(write_end, view) :]
        return 0

    pid = _spawn(child)
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
            return mine, _decode(payload)
    return mine, there()


def in_turn(
    here: Callable[[], None], make: Callable[[], There], emit: Callable[[There], None]
) -> None:
    """`here()`, then `emit(make())`; `make` runs in a forked child while `here` runs,
    and the child emits its share itself once `here` is done.

    For a large output in two halves: the second half never crosses to the
    parent, which would copy it twice. The two write to the same file in order:
    the parent flushes its standard output before the child may start. Without
    a fork, the three run here in turn. If the child fails before its share is
    ready, the parent makes and emits it itself; if it fails while emitting,
    `ChildFailed` is raised, as part of the output may be missing. Once the
    child has written its share, it closes its standard output and error and
    this returns, while the child may still be exiting.
    """
    if not can_fork():
        here()
        emit(make())
        return
    ready_read, ready_write = os.pipe()
    go_read, go_write = os.pipe()

    def child() -> int:
        os.close(ready_read)
        os.close(go_write)
        share = make()
        os.write(ready_write, b"R")
        if os.read(go_read, 1) != b"G":
            return 1
        emit(share)
        sys.stdout.flush()
        sys.stderr.flush()
        # Closed now, so that a reader of the output sees its end while this
        # process is still being taken down.
        os.close(1)
        os.close(2)
        os.write(ready_write, b"D")
        return 0

    pid = _spawn(child)
    os.close(ready_write)
    os.close(go_read)
    ready = done = b""
    try:
        here()
        ready = os.read(ready_read, 1)  # the child's share is made, or the child is gone
        if ready == b"R":
            sys.stdout.flush()
            os.write(go_write, b"G")
            done = os.read(ready_read, 1)  # written and flushed, or the child is gone
    except BaseException:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(ready_read)
        os.close(go_write)
        if done != b"D":
            os.waitpid(pid, 0)
    if done == b"D":
        # Its output is complete; taking down its copy of this process's memory
        # takes a fifth of a second at 10,000 × 10,000, which nobody waits for.
        # It is reaped now if it is gone, else when this process ends.
        os.waitpid(pid, os.WNOHANG)
    elif ready != b"R":
        emit(make())
    else:
        raise ChildFailed("a child process failed while writing its share of the output")
