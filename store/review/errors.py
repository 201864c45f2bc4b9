"""Review-store errors. Each message is written for the user, not for a log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.review.records import Record


class StoreError(Exception):
    """A review-store problem with a message fit for the user."""


class StoreFaultError(StoreError):
    """A fault of the machine under a write: a full disk, a lock held too long, a
    read-only file. Nothing of the failed transaction was written (store.review.faults)."""


class StoreTooNewError(StoreError):
    """The store was written by a newer Accord; it is left untouched."""


class NotAStoreError(StoreError):
    """The file exists but is not an Accord review store."""


class UnknownRefError(StoreError, LookupError):
    """A commitment reference that the agreements in use do not have."""


class UnknownTagError(StoreError, ValueError):
    """A tag that is not in the vocabulary."""


class UnknownStatusError(StoreError, ValueError):
    """A link status other than suggested, confirmed, rejected or deferred."""


class NotFoundError(StoreError, LookupError):
    """The record (a link, a note) does not exist."""


class ConflictError(StoreError):
    """Someone changed the record since the caller read it; nothing was written.

    `current` is the record as it is now (None if it was deleted), so the UI
    can show it and let the reviewer decide.
    """

    def __init__(
        self,
        message: str,
        *,
        current: Record | None = None,
        changed_by: str | None = None,
        changed_at: str | None = None,
        changes: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.changes = changes
