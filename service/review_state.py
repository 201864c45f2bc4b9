"""What the review store says about each commitment, read once per change.

Screens draw thousands of rows; asking SQLite per row per frame would make
scrolling depend on the store. So the store is read in one pass into this
frozen snapshot whenever it changes (ours or another instance's commit), and
rows look their state up in dictionaries. Textual-free.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from store.agreements.model import Corpus
from store.review.records import Link
from store.review.store import ReviewStore

REVIEWED = "✓"
UNREVIEWED = "•"
OUTDATED = "!"
NOTED = "✎"

LINK_GLYPHS: dict[str, str] = {
    "confirmed": "✓",
    "rejected": "✗",
    "deferred": "?",
    "suggested": "·",
}
NO_LINK = " "


def link_key(ref_a: str, ref_b: str) -> frozenset[str]:
    return frozenset((ref_a, ref_b))


@dataclass(frozen=True)
class ReviewState:
    reviewed: frozenset[str] = frozenset()
    # Reviewed on wording that has since changed: shown as outdated, not done.
    stale_reviewed: frozenset[str] = frozenset()
    outdated: frozenset[str] = frozenset()
    note_counts: Mapping[str, int] = field(default_factory=dict)
    links: Mapping[frozenset[str], Link] = field(default_factory=dict)

    def glyph(self, ref: str) -> str:
        """✓ reviewed, ! outdated (text changed since a mark, note or link), • to do."""
        if ref in self.outdated or ref in self.stale_reviewed:
            return OUTDATED
        return REVIEWED if ref in self.reviewed else UNREVIEWED

    def state_word(self, ref: str) -> str:
        glyph = self.glyph(ref)
        if glyph == OUTDATED:
            return "outdated: the text changed since it was reviewed or noted"
        return "reviewed" if glyph == REVIEWED else "not reviewed"

    def link(self, ref_a: str, ref_b: str) -> Link | None:
        found = self.links.get(link_key(ref_a, ref_b))
        return found.oriented(ref_a) if found else None

    def link_glyph(self, ref_a: str, ref_b: str) -> str:
        found = self.links.get(link_key(ref_a, ref_b))
        return LINK_GLYPHS.get(found.status, "·") if found else NO_LINK

    def is_reviewed(self, ref: str) -> bool:
        return ref in self.reviewed and ref not in self.stale_reviewed


def read_state(store: ReviewStore, corpus: Corpus) -> ReviewState:
    fingerprints = {c.ref: c.fingerprint for a in corpus.agreements for c in a.commitments()}
    reviewed: set[str] = set()
    stale: set[str] = set()
    for mark in store.reviewed_marks():
        reviewed.add(mark.ref)
        current = fingerprints.get(mark.ref)
        if current is not None and current != mark.fingerprint:
            stale.add(mark.ref)
    outdated = {item.ref for item in store.outdated(corpus)}
    counts: Counter[str] = Counter()
    for note in store.notes():
        for ref in note.refs:
            counts[ref] += 1
    links = {link_key(link.ref_a, link.ref_b): link for link in store.links()}
    return ReviewState(frozenset(reviewed), frozenset(stale), frozenset(outdated), counts, links)
