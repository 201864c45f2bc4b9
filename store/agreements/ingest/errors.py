"""The one error ingest raises: a single line naming the file and what to do."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be ingested; the message is shown to the user as is."""
