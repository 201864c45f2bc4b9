"""From a PDF, DOCX, HTML or text file to a TOML draft that `accord check` validates.

sources.py reads a file into lines with page numbers, repairs.py undoes the
extraction's damage (recording each repair), structure.py finds areas and
commitments, draft.py writes the TOML. `ingest_file` runs all four.
"""

from store.agreements.ingest.errors import IngestError
from store.agreements.ingest.pipeline import IngestResult, ingest_file

__all__ = ["IngestError", "IngestResult", "ingest_file"]
