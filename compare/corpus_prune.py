"""Pruning the corpus cache: entries that no current agreement, lexicon or engine can hit.

Cache entries are named by digests, so an edited agreement's old entries are
never read again, and nothing in a name says whose they were. Each corpus
folder therefore keeps a ledger per kind of entry (`manifest-<kind>-<folder
digest>.json` in the cache folder): every name its runs wrote, with the
agreements it belongs to. A run records the names it is about to write
*before* writing them (so a cancelled or killed run leaves nothing unlisted),
and a run that finished deletes the listed names it no longer uses, for the
agreements it covered (all of them, or the one of `involving`).

The cost is bounded by the ledger, never by the folder: the cache folder is
listed only when there is something to delete, to find the other folders'
ledgers (an entry another folder still lists is kept: two folders may hold the
same agreement). Only regular files with an entry's exact name are deleted,
through a descriptor of the cache folder opened without following a symlink;
a symlink, a directory or any other name is left alone. A damaged ledger is
read as empty: at worst some stale entries stay, which deleting the folder
always clears.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from store.agreements.model import Agreement

# Every name the corpus cache writes for an entry (see `corpus_cache`).
ENTRY = re.compile(r"[0-9a-f]{64}(?:\.bin|\.topics\.json|\.analyses\.json|\.corpus-topics)")
LEDGER = re.compile(r"manifest-[a-z0-9-]{1,40}-[0-9a-f]{32}\.json")
# Temporary files of writes or jobs that died; older than this they are nobody's.
LEFTOVER = re.compile(r"\.(?:tmp|job)-[A-Za-z0-9_-]{1,64}(?:\.pickle)?")
LEFTOVER_SECONDS = 24 * 3600
LEDGER_LIMIT = 64 * 1024 * 1024

Owners = tuple[str, ...]  # the agreement ids an entry belongs to (none: the whole corpus)


def scope_of(agreements: Iterable[Agreement]) -> str | None:
    """The folders the agreements were read from; None if any was built in memory."""
    folders: set[str] = set()
    for agreement in agreements:
        if agreement.path is None:
            return None
        folders.add(str(agreement.path.absolute().parent))
    return "\n".join(sorted(folders)) if folders else None


class Ledger:
    """The names one corpus folder's runs wrote, of one kind, by owner."""

    def __init__(self, folder: Path, scope: str, kind: str) -> None:
        self.folder = folder
        self.kind = kind
        self.name = f"manifest-{kind}-{hashlib.sha256(scope.encode()).hexdigest()[:32]}.json"
        self.scope = scope
        self._names: dict[str, Owners] | None = None

    # -- reading and writing ------------------------------------------------------------
    def names(self) -> dict[str, Owners]:
        if self._names is None:
            self._names = _read_ledger(self.folder, self.name) or {}
        return self._names

    def _save(self, names: dict[str, Owners]) -> None:
        self._names = names
        data = json.dumps(
            {
                "scope": self.scope,
                "kind": self.kind,
                "names": {n: list(o) for n, o in names.items()},
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode("utf-8")
        _write(self.folder, self.name, data)

    # -- what a run does -------------------------------------------------------------------
    def record(self, live: Mapping[str, Owners]) -> None:
        """Before writing: list the names this run may write (a no-op if all are listed)."""
        known = self.names()
        if any(known.get(name) != owners for name, owners in live.items()):
            self._save({**known, **live})

    def prune(self, live: Mapping[str, Owners], covers: Callable[[Owners], bool]) -> int:
        """After a finished run: delete the listed names it covers and no longer uses.

        Returns how many files were deleted.
        """
        known = self.names()
        stale = {name for name, owners in known.items() if name not in live and covers(owners)}
        if not stale and all(known.get(name) == owners for name, owners in live.items()):
            return 0
        deleted = _delete(self.folder, stale, keep=self._listed_elsewhere)
        self._save({**{n: o for n, o in known.items() if n not in stale}, **live})
        return deleted

    def _listed_elsewhere(self) -> set[str]:
        """Names the other folders' ledgers of this kind still list."""
        listed: set[str] = set()
        prefix = f"manifest-{self.kind}-"
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return listed
        for entry in entries:
            if entry.name != self.name and entry.name.startswith(prefix):
                listed.update(_read_ledger(self.folder, entry.name) or {})
        return listed


def _read_ledger(folder: Path, name: str) -> dict[str, Owners] | None:
    if not LEDGER.fullmatch(name):
        return None
    try:
        descriptor = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = json.loads(handle.read(LEDGER_LIMIT + 1)[:LEDGER_LIMIT].decode("utf-8"))
        return {
            str(name): tuple(str(owner) for owner in owners)
            for name, owners in data["names"].items()
            if ENTRY.fullmatch(str(name)) and isinstance(owners, list)
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    finally:
        os.close(descriptor)


def _delete(folder: Path, names: set[str], keep: Callable[[], set[str]]) -> int:
    """Unlink those of `names` that are regular files of the cache folder itself."""
    names = {name for name in names if ENTRY.fullmatch(name)}
    try:
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return 0
    deleted = 0
    try:
        if names:
            names -= keep()
        for name in sorted(names):
            deleted += _unlink_regular(directory, name)
        for entry in os.scandir(directory) if names else ():
            if LEFTOVER.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if time.time() - info.st_mtime > LEFTOVER_SECONDS:
                        deleted += _unlink_regular(directory, entry.name)
    finally:
        os.close(directory)
    return deleted


def _unlink_regular(directory: int, name: str) -> int:
    try:
        if not stat.S_ISREG(os.stat(name, dir_fd=directory, follow_symlinks=False).st_mode):
            return 0
        os.unlink(name, dir_fd=directory)
    except OSError:
        return 0
    return 1


def _write(folder: Path, name: str, data: bytes) -> None:
    """Atomically, as the cache's entries are; a ledger that cannot be written is no error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(target).st_mode):
                return  # never replace a link, a FIFO or a device
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return
