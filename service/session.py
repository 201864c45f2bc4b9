"""The reviewer's session: corpus, the pair under review, its matches and the store.

This is the single seam between the Textual screens (or the command line) and
the headless packages. It never imports Textual. Screens read from it; writes
go through `service.actions`, which end in `Session.changed`: the in-memory
review state is re-read once and every listener hears one `Change`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from service.changes import Change, Listener
from service.review_state import ReviewState, read_state
from store.agreements.findings import Finding
from store.agreements.model import Agreement, Area, Commitment, Corpus, Lexicon, split_ref
from store.agreements.tags import Tag, load_tags
from store.review.records import Link, Note
from store.review.store import ReviewStore

if TYPE_CHECKING:
    # Matching and loading are imported where they run (often in a worker), so
    # that the first paint does not wait for them.
    from compare import Match, PairMatches
    from store.agreements.loader import LoadResult


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
    state: ReviewState = field(default_factory=ReviewState)
    # The pair asked for (--pair), kept until the agreements it names are loaded.
    requested_pair: tuple[str, str] | None = None
    _ref_index: tuple[Corpus, dict[str, Commitment]] | None = field(
        default=None, repr=False, compare=False
    )
    _listeners: list[Listener] = field(default_factory=list, repr=False, compare=False)

    # -- loading ------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        directory: Path,
        store_path: Path,
        reviewer: str,
        pair: tuple[str, str] | None = None,
        *,
        load: bool = True,
    ) -> Session:
        """Open the store; with load=False the agreements come later, via `apply_reload`."""
        corpus = Corpus((), Lexicon(()), directory)
        findings: list[Finding] = []
        if load:
            from store.agreements.loader import load_corpus

            result = load_corpus(directory)
            corpus, findings = result.corpus, list(result.findings)
        store = ReviewStore.open(store_path, reviewer, corpus=corpus)
        session = cls(directory, store, reviewer, corpus, findings, requested_pair=pair)
        session.tags = tuple(load_tags(directory)[0])
        session.choose_pair(pair)
        session.refresh_state()
        return session

    @classmethod
    def around(cls, store: ReviewStore, corpus: Corpus) -> Session:
        """A session over a store already open (the command line's one-shot commands)."""
        directory = corpus.directory or Path.cwd()
        session = cls(directory, store, store.reviewer, corpus, tags=tuple(store.tags))
        session.refresh_state()
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
        self.store.corpus = self.corpus
        self.findings = list(result.findings)
        self.choose_pair(self.pair or self.requested_pair)
        self.refresh_state()

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

    def match_for(self, pair: tuple[str, str] | None) -> PairMatches | None:
        """Match `pair` without touching the session: safe in a worker thread."""
        if pair is None:
            return None
        from compare import match_pair

        a, b = (self.corpus.agreement(i) for i in pair)
        if a is None or b is None:
            return None
        return match_pair(a, b, self.corpus.lexicon)

    def set_matches(self, pair: tuple[str, str] | None, matches: PairMatches | None) -> bool:
        """Keep a worker's result unless the pair changed meanwhile."""
        if pair != self.pair:
            return False
        self.matches = matches
        return True

    def compute_matches(self) -> PairMatches | None:
        """The expensive part (cached on disk by the engine); call it from a worker."""
        if self.pair is None:
            return None
        a, b = (self.corpus.agreement(i) for i in self.pair)
        if a is None or b is None:
            return None
        self.matches = self.match_for(self.pair)
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
        if self.matches:
            return self.matches.threshold
        from compare import COUNTERPART_THRESHOLD

        return float(COUNTERPART_THRESHOLD)

    def commitment(self, ref: str) -> Commitment | None:
        """By ref, in constant time: screens ask for every row they draw."""
        index = self._ref_index
        if index is None or index[0] is not self.corpus:
            commitments = {c.ref: c for a in self.corpus.agreements for c in a.commitments()}
            index = self._ref_index = (self.corpus, commitments)
        return index[1].get(ref)

    def area_of(self, commitment: Commitment) -> Area | None:
        agreement = self.corpus.agreement(commitment.agreement_id)
        return agreement.area(commitment.area_id) if agreement is not None else None

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

    def link_notes(self, ref_a: str, ref_b: str) -> list[Note]:
        return self.store.notes(link=(ref_a, ref_b))

    def tag_label(self, tag_id: str) -> str:
        return self.store.tags.label(tag_id)

    def reviewed(self, agreement_id: str | None = None) -> set[str]:
        return self.store.reviewed_refs(agreement_id)

    def progress(self, area: Area) -> tuple[int, int]:
        """(reviewed, total) from the last store snapshot: cheap enough to draw every row."""
        state = self.state
        return sum(1 for c in area.commitments if state.is_reviewed(c.ref)), len(area.commitments)

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

    # -- changes ------------------------------------------------------------------------
    def refresh_state(self) -> ReviewState:
        self.state = read_state(self.store, self.corpus)
        return self.state

    def store_changed(self) -> bool:
        """Another instance (or reviewer) committed to the store since we last looked."""
        return self.store.has_changed()

    def listen(self, listener: Listener) -> None:
        """Hear every `Change` (the TUI turns them into a Textual signal)."""
        self._listeners.append(listener)

    def changed(self, change: Change) -> None:
        """After a write (ours or another process's): re-read the state once, tell everyone once."""
        if change.kind == "store":
            self.refresh_state()
        for listener in list(self._listeners):
            listener(change)
