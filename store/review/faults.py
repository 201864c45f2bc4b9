"""Faults of the machine under the review store, told to the user in one line.

SQLite reports a full disk, a lock held too long, a read-only file or a
failing write as `sqlite3.Error` with an error code. These messages say which
store, what happened, that what was acknowledged before is kept (every write
is one durable transaction), and what to do next.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# Primary SQLite result codes (sqlite3.h); Python exposes them as sqlite_errorcode.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14

_KEPT = "nothing of the failed step was written; everything acknowledged before is kept"


def holders(path: Path) -> list[str]:
    """Processes (as 'name (pid N)') that have the store open, where /proc can tell.

    SQLite itself cannot say who holds a lock. On Linux, the processes with the
    file open are the candidates; only our own user's processes are visible.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    try:
        wanted = {os.path.realpath(path), os.path.realpath(f"{path}-wal")}
    except OSError:
        return []
    found: list[str] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            fds = list((entry / "fd").iterdir())
            if any(os.readlink(fd) in wanted for fd in fds):
                name = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
                found.append(f"{name} (pid {entry.name})")
        except OSError:
            continue
    return sorted(found)


def describe_sqlite_error(error: sqlite3.Error, store: Path | str) -> str:
    """One line for the user: which store, what happened, what is kept, what to do."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text or "busy" in text:
        who = holders(Path(store)) if str(store) != ":memory:" else []
        by = f" by {', '.join(who)}" if who else " by another process"
        return (
            f"the review store {store} is locked{by}, and stayed locked past the wait; "
            f"{_KEPT}. Finish or close the other Accord (or program) and run the command again"
        )
    if primary == SQLITE_FULL or "disk is full" in text:
        return (
            f"cannot write the review store {store}: the disk is full; {_KEPT}. "
            "Free some space and run the command again"
        )
    if primary == SQLITE_IOERR:
        return (
            f"cannot write the review store {store}: disk I/O error (the disk may be full, "
            f"over a file size limit, or failing); {_KEPT}. Check the disk and run the "
            "command again"
        )
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return (
            f"the review store {store} is read-only for you ({text}); {_KEPT}. Make the file "
            "and its folder writable, or choose another store with --store or $ACCORD_STORE"
        )
    if primary == SQLITE_CANTOPEN:
        return (
            f"cannot open the review store {store}: {text} (its folder may be missing or "
            "not writable); choose another store with --store or $ACCORD_STORE"
        )
    return f"the review store {store} failed: {text}; {_KEPT}"


def describe_os_error(error: OSError) -> str:
    """One line for an OSError no command expected (a full disk, a permission)."""
    where = f" {error.filename}" if error.filename else ""
    return f"cannot use{where}: {error.strerror or error}"
