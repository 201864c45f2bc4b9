"""Commitment text at the time of a review, and what became of it since.

A record keeps (fingerprint, text) of each commitment it refers to. Comparing
those with a Corpus gives the outdated records (the wording changed) and the
orphans (the commitment id is gone).
"""

from __future__ import annotations

from collections.abc import Iterable

from store.agreements.model import Commitment, Corpus
from store.review.errors import UnknownRefError
from store.review.records import Link, Note, Orphan, Outdated, Record, ReviewedMark


def commitment_index(corpus: Corpus) -> dict[str, Commitment]:
    return {c.ref: c for agreement in corpus.agreements for c in agreement.commitments()}


class Snapshots:
    """Text lookups by ref, with the index of the last corpus cached.

    Corpus.commitment() scans; one tag change must stay well under a millisecond.
    """

    def __init__(self) -> None:
        self._corpus: Corpus | None = None
        self._index: dict[str, Commitment] = {}

    def index(self, corpus: Corpus) -> dict[str, Commitment]:
        if corpus is not self._corpus:
            self._index = commitment_index(corpus)
            self._corpus = corpus
        return self._index

    def take(self, corpus: Corpus, *refs: str) -> list[tuple[str, str]]:
        """(fingerprint, text) of each ref; UnknownRefError names the first unknown one."""
        index = self.index(corpus)
        result = []
        for ref in refs:
            found = index.get(ref)
            if found is None:
                raise UnknownRefError(
                    f"unknown commitment {ref!r}: expected AGREEMENT/COMMITMENT "
                    "from the agreements in use (see `accord list`)"
                )
            result.append((found.fingerprint, found.text))
        return result


def _sides(record: Link | Note) -> list[tuple[str, str, str]]:
    if isinstance(record, Link):
        return [
            (record.ref_a, record.fingerprint_a, record.snapshot_a),
            (record.ref_b, record.fingerprint_b, record.snapshot_b),
        ]
    return [(ref, *record.snapshot_of(ref)) for ref in record.refs]


def find_outdated(records: Iterable[Link | Note], index: dict[str, Commitment]) -> list[Outdated]:
    found: list[Outdated] = []
    for record in records:
        for ref, fingerprint, snapshot in _sides(record):
            now = index.get(ref)
            if now is not None and now.fingerprint != fingerprint:
                found.append(
                    Outdated(record, ref, snapshot, now.text, fingerprint, now.fingerprint)
                )
    return found


def find_orphans(records: Iterable[Record], index: dict[str, Commitment]) -> list[Orphan]:
    found: list[Orphan] = []
    for record in records:
        if isinstance(record, Link):
            refs: tuple[str, ...] = (record.ref_a, record.ref_b)
        elif isinstance(record, Note):
            refs = record.refs
        else:
            assert isinstance(record, ReviewedMark)
            refs = (record.ref,)
        found.extend(Orphan(record, ref) for ref in refs if ref not in index)
    return found
