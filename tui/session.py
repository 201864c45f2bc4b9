"""The reviewer's session: corpus, the pair under review, its matches and the store.

This is the single seam between the Textual screens and the headless packages.
It never imports Textual, so everything a screen does can also be tested (and
scripted) without a terminal. Screens read from it and call its actions; every
action goes straight to the review store, which makes it durable on return.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from compare import COUNTERPART_THRESHOLD, Match, PairMatches, match_pair
from store.findings import Finding
from store.loader import LoadResult, load_corpus
from store.model import Agreement, Area, Commitment, Corpus, split_ref
from store.review import Link, Note, ReviewStore
from store.tags import Tag, load_tags


@dataclass
class Session:
    directory: Path
    store: ReviewStore
    reviewer: str
    corpus: Corpus
    findings: list[Finding] = field(default_factory=list)
    pair: tuple[str, str] | None = None
    matches: PairMatches | None = None
    tags: tuple[Tag, ...] = ()

    # -- loading ------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        directory: Path,
        store_path: Path,
        reviewer: str,
        pair: tuple[str, str] | None = None,
    ) -> Session:
        result = load_corpus(directory)
        store = ReviewStore.open(store_path, reviewer)
        session = cls(directory, store, reviewer, result.corpus, list(result.findings))
        session.tags = tuple(load_tags(directory)[0])
        session.choose_pair(pair)
        return session

    def apply_reload(self, result: LoadResult) -> None:
        """Take a fresh load; agreements that no longer validate keep their last good version."""
        kept = {a.id: a for a in self.corpus.agreements}
        fresh = {a.id: a for a in result.corpus.agreements}
        broken_paths = {f.path for f in result.findings if f.severity == "error"}
        for agreement_id, agreement in kept.items():
            if agreement_id not in fresh and agreement.path in broken_paths:
                fresh[agreement_id] = agreement
        lexicon = result.corpus.lexicon
        if self.corpus.lexicon.path in broken_paths or not lexicon.topics:
            lexicon = self.corpus.lexicon
        ordered = tuple(sorted(fresh.values(), key=lambda a: str(a.path)))
        self.corpus = Corpus(ordered, lexicon, self.directory)
        self.findings = list(result.findings)
        self.choose_pair(self.pair)

    def choose_pair(self, pair: tuple[str, str] | None) -> None:
        ids = [a.id for a in self.corpus.agreements]
        if pair and pair[0] in ids and pair[1] in ids and pair[0] != pair[1]:
            self.pair = pair
        elif len(ids) >= 2:
            self.pair = (ids[0], ids[1]) if not self.pair else self._repair(ids)
        else:
            self.pair = None
        self.matches = None

    def _repair(self, ids: list[str]) -> tuple[str, str]:
        assert self.pair is not None
        a, b = self.pair
        if a in ids and b in ids:
            return a, b
        rest = [i for i in ids if i != a] if a in ids else ids
        return (a, rest[0]) if a in ids else (ids[0], ids[1])

    def compute_matches(self) -> PairMatches | None:
        """The expensive part (cached on disk by the engine); call it from a worker."""
        if self.pair is None:
            return None
        a, b = (self.corpus.agreement(i) for i in self.pair)
        if a is None or b is None:
            return None
        self.matches = match_pair(a, b, self.corpus.lexicon)
        return self.matches

    # -- reading ------------------------------------------------------------------
    @property
    def agreement_a(self) -> Agreement | None:
        return self.corpus.agreement(self.pair[0]) if self.pair else None

    @property
    def agreement_b(self) -> Agreement | None:
        return self.corpus.agreement(self.pair[1]) if self.pair else None

    @property
    def threshold(self) -> float:
        return self.matches.threshold if self.matches else COUNTERPART_THRESHOLD

    def commitment(self, ref: str) -> Commitment | None:
        return self.corpus.commitment(ref)

    def area_of(self, commitment: Commitment) -> Area | None:
        agreement = self.corpus.agreement(commitment.agreement_id)
        return agreement.area(commitment.area_id) if agreement else None

    def counterparts(self, ref: str) -> tuple[Match, ...]:
        return self.matches.matches_for(ref) if self.matches else ()

    def suggestions(self) -> list[Match]:
        """Every A→B match at or above the threshold, best first: the triage queue."""
        if self.matches is None:
            return []
        found = [
            match
            for matches in self.matches.forward.values()
            for match in matches
            if match.score >= self.threshold
        ]
        return sorted(found, key=lambda m: (-m.score, m.ref, m.other))

    def link(self, ref_a: str, ref_b: str) -> Link | None:
        return self.store.get_link(ref_a, ref_b)

    def notes(self, ref: str) -> list[Note]:
        return self.store.notes(ref=ref)

    def reviewed(self, agreement_id: str | None = None) -> set[str]:
        return self.store.reviewed_refs(agreement_id)

    def progress(self, area: Area) -> tuple[int, int]:
        done = self.reviewed(area.agreement_id)
        return sum(1 for c in area.commitments if c.ref in done), len(area.commitments)

    def tag_ids(self) -> list[str]:
        return [tag.id for tag in self.tags]

    def iter_commitments(self) -> Iterator[Commitment]:
        for agreement in self.corpus.agreements:
            yield from agreement.commitments()

    def other_agreement(self, ref: str) -> Agreement | None:
        """The other side of the pair from the commitment's agreement."""
        if self.pair is None:
            return None
        agreement_id, _ = split_ref(ref)
        other = self.pair[1] if agreement_id == self.pair[0] else self.pair[0]
        return self.corpus.agreement(other)
