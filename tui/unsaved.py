"""What a screen that holds typed-but-unsaved text promises the app."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class HoldsUnsavedText(Protocol):
    def flush_unsaved(self) -> None:
        """Make the typed text durable now; the process may end right after."""
