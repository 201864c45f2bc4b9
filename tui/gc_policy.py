"""When Python's cycle collector may run: between keystrokes, not during them.

A full collection walks every tracked object. With 10,000 commitments (and the
strip caches that draw them) that is tens of milliseconds: a visible stall if
it lands in the middle of a keypress, which the allocation-count trigger makes
likely while someone holds `j`. So once the corpus is loaded, the long-lived
heap is frozen (never walked again), automatic collection is switched off, and
the app collects when input has paused, or at the latest every `longest`
seconds. Reference counting still frees almost all garbage immediately; only
cycles wait. Textual does the same while scrolling (`PAUSE_GC_ON_SCROLL`).
Textual-free.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


class IdleCollector:
    def __init__(
        self,
        *,
        idle: float = 0.5,
        longest: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle = idle
        self.longest = longest
        self.clock = clock
        self.active = False
        self.last_input = clock()
        self.last_collect = clock()
        self.collections = 0

    def freeze(self, *, collect: bool = True) -> None:
        """Move everything alive now out of the collector's sight."""
        if collect:
            gc.collect()
        gc.freeze()

    def start(self) -> None:
        if not self.active:
            self.active = True
            gc.disable()

    def stop(self) -> None:
        """Hand the collector back as we found it (tests run many apps in one process)."""
        gc.unfreeze()
        if self.active:
            self.active = False
            gc.enable()

    def input(self) -> None:
        self.last_input = self.clock()

    def tick(self) -> bool:
        """Collect if input has paused and garbage built up, or if it has been too long."""
        if not self.active:
            return False
        now = self.clock()
        pending = gc.get_count()[0] > gc.get_threshold()[0]
        quiet = now - self.last_input >= self.idle
        overdue = now - self.last_collect >= self.longest
        if (pending and quiet) or overdue:
            gc.collect()
            self.last_collect = now
            self.collections += 1
            return True
        return False
