"""Has anything in the agreements folder changed? Polled, not inotify.

A stat of a handful of files costs microseconds, works on every platform and
filesystem (inotify misses changes over NFS and in some containers), and needs
no thread. Editors that save by rename change the inode's mtime too.
Textual-free.
"""

from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[int, int]


class DirectoryWatch:
    def __init__(self, directory: Path | None, pattern: str = "*.toml") -> None:
        self.directory = directory
        self.pattern = pattern
        self._last: dict[str, Stamp] = {}

    def _scan(self) -> dict[str, Stamp]:
        if self.directory is None:
            return {}
        found: dict[str, Stamp] = {}
        try:
            paths = list(self.directory.glob(self.pattern))
        except OSError:
            return {}
        for path in paths:
            try:
                stat = os.stat(path)
            except OSError:
                continue  # deleted between glob and stat: the next poll sees it gone
            found[path.name] = (stat.st_mtime_ns, stat.st_size)
        return found

    def snapshot(self) -> None:
        self._last = self._scan()

    def changed(self) -> bool:
        """True once per change (files added, removed, rewritten)."""
        current = self._scan()
        if current == self._last:
            return False
        self._last = current
        return True
