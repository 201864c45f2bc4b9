"""Before Accord opens or replaces a path: is it a regular file, and not too large?

Opening a FIFO for reading blocks until a writer appears, a device can be
endless, and `os.replace` onto a FIFO, a device or a symlink to one turns that
node into a regular file (as root over /dev/null, it destroys the device). So
every file Accord reads goes through `read_regular`, and every file it replaces
through `check_replaceable`. Both raise `UnsafePathError`, whose message says
what the path is and what to do, for a finding or a one-line CLI error.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Agreement, lexicon, tags, keymap and review files are hand-sized TOML: the
# largest real agreement is well under 1 MB, but a generated agreement of
# 10,000 long commitments (the scale benchmark's) reaches 4.5 MB. The limit
# keeps a stray huge file from exhausting memory in the parser and the
# position index.
MAX_FILE_BYTES = 16 * 1024 * 1024


class UnsafePathError(OSError):
    """A path Accord refuses to read or replace; the message is for the user."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_large = too_large

    def __str__(self) -> str:
        return self.message


def describe_kind(mode: int) -> str:
    """'a FIFO', 'a character device'…: what a non-regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _link_problem(path: Path) -> str | None:
    """Why a symlink cannot be followed (dangling or a loop), if it cannot."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a symbolic link loop"
        if error.errno == errno.ENOENT and os.path.islink(path):
            return f"is a dangling symbolic link (to {os.readlink(path)!r})"
    return None


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; UnsafePathError otherwise.

    The check is made on the opened descriptor (O_NONBLOCK, so a FIFO does not
    block the open), so the file cannot be swapped between check and read.
    OSError (missing, unreadable) propagates as it is.
    """
    problem = _link_problem(path)
    if problem is not None:
        raise UnsafePathError(f"{path} {problem}; remove it or point it at a file")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePathError(
                f"{path} is {describe_kind(info.st_mode)}, not a regular file; "
                "Accord reads only regular files"
            )
        if info.st_size > limit:
            raise UnsafePathError(_too_large(path, info.st_size, limit), too_large=True)
        chunks: list[bytes] = []
        size = 0
        # Read to EOF (a file may grow after fstat) but never past the limit.
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise UnsafePathError(_too_large(path, size, limit), too_large=True)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(path: Path, size: int, limit: int) -> str:
    return (
        f"{path} is larger than Accord's limit of {limit // (1024 * 1024)} MB "
        f"({size:,} bytes or more); split it into several files"
    )


def check_replaceable(path: Path) -> None:
    """Refuse to replace anything but a new path or a writable regular file.

    A symlink to a regular file is fine (the atomic writer replaces its
    target). A FIFO, a device, a socket, a folder, a symlink to one of them, a
    dangling link or a loop, and a read-only file are refused: replacing them
    would destroy what they are, or override a protection the user set.
    """
    try:
        link_info = os.lstat(path)
    except FileNotFoundError:
        return
    problem = _link_problem(path) if stat.S_ISLNK(link_info.st_mode) else None
    if problem is not None:
        raise UnsafePathError(f"{path} {problem}; nothing was written")
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        via = " (through a symbolic link)" if stat.S_ISLNK(link_info.st_mode) else ""
        raise UnsafePathError(
            f"{path} is {describe_kind(info.st_mode)}{via}; Accord replaces only regular "
            "files, so nothing was written. Write to stdout and redirect instead "
            "(for example `> FILE`)"
        )
    # As root os.access() always says yes; a file with no write bit at all is
    # still one its owner marked read-only.
    if not os.access(path, os.W_OK) or not info.st_mode & 0o222:
        raise UnsafePathError(
            f"{path} is read-only; nothing was written. Make it writable "
            "(chmod u+w) or choose another file"
        )
