"""What changed, told to whoever shows it: one `Change` per action. Textual-free.

The service emits a `Change` after each write (and the app after loading,
matching or switching the pair or lens); the TUI passes it on through a
Textual `Signal`, so panes redraw on the next frame without asking the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

ChangeKind = Literal["store", "corpus", "matches", "lens", "pair"]


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    # The commitments a store change touched; empty when unknown (undo, another process).
    refs: frozenset[str] = frozenset()

    @classmethod
    def store(cls, refs: Iterable[str] = ()) -> Change:
        return cls("store", frozenset(refs))


Listener = Callable[[Change], None]
