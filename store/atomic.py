"""The one way Accord writes a file: all of it or none of it, durable on return.

A reader (or a crash at any moment) sees either the old file or the new one,
never a truncated mix: the data goes to a temporary file in the same directory
(so `os.replace` is a rename within one filesystem), is fsynced, replaces the
target, and the directory is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from store.safe_paths import check_replaceable


def _current_umask() -> int:
    # Reading /proc avoids the os.umask() set-and-restore dance, which races
    # with other threads creating files.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        # What open() would have given a new file; mkstemp's 0600 would
        # surprise a user who shares exports with a group.
        return 0o666 & ~_current_umask()


def fsync_directory(directory: Path) -> None:
    """Make a rename or creation inside `directory` durable (no-op where unsupported)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data` atomically and durably, keeping its mode.

    On any failure the previous file is untouched and no temporary file is left.
    Anything but a new path or a writable regular file (or a symlink to one) is
    refused with UnsafePathError before a byte is written (store.safe_paths).
    """
    check_replaceable(Path(path))
    # Write through a symlink to its target rather than replacing the link.
    target = Path(os.path.realpath(path))
    directory = target.parent
    mode = _target_mode(target)
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            else:
                os.chmod(tmp_name, mode)
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_directory(directory)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """`atomic_write_bytes` for text; newlines are written as given (no translation)."""
    atomic_write_bytes(path, text.encode(encoding))
