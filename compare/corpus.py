"""The corpus: every agreement against every other, a topic across all of them.

Headless. Rows are topics (the lexicon's concepts that a commitment declares
or its text names, via `compare.concepts`) or areas (by area id, shared by
agreements that use the same one); columns are the agreements, oldest first,
so a row reads as a time line. A cell counts the commitments of one agreement
on one row by modality (strongest first, as `store.model.MODALITIES` orders
them) and those carrying a confirmed link.

The reviewer's decisions come in as plain data (the confirmed links as pairs
of refs): compare never reads the review store.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from compare import Match, explain
from compare.corpus_cache import (
    TABLE_SUFFIX,
    TOPICS_SUFFIX,
    CorpusMatches,
    corpus_topics_key,
    digest,
    directory,
    load_topic_table,
    load_topics,
    store_topic_table,
    store_topics,
    topics_digest,
    topics_key,
)
from compare.corpus_prune import Ledger, scope_of
from compare.lexicon import concepts
from store.agreements.model import MODALITIES, Agreement, Commitment, Lexicon

Kind = Literal["topics", "areas"]
KINDS: tuple[Kind, ...] = ("topics", "areas")


@dataclass(frozen=True, slots=True)
class Cell:
    """One agreement's commitments on one row."""

    refs: tuple[str, ...]  # in the agreement's order
    modalities: tuple[tuple[str, int], ...]  # (modality, count), strongest first, none zero
    linked: tuple[str, ...]  # those with at least one confirmed link

    @property
    def count(self) -> int:
        return len(self.refs)

    @property
    def strongest(self) -> str | None:
        return self.modalities[0][0] if self.modalities else None


EMPTY = Cell((), (), ())


class Row:
    """A topic's (or an area's) cells, one per column of the matrix.

    Each cell is built the first time it is asked for: a screen shows a few
    columns of a hundred, and building all 3,000 cells cost more than the rest
    of its first paint. `cells` builds (and keeps) the whole row.
    """

    __slots__ = ("_built", "_source", "key", "label")

    def __init__(self, key: str, label: str, source: _Cells) -> None:
        self.key = key  # topic id or area id
        self.label = label
        self._source = source
        self._built: list[Cell | None] = [None] * source.width

    def cell(self, column: int) -> Cell:
        found = self._built[column]
        if found is None:
            found = self._built[column] = self._source.cell(self.key, column)
        return found

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(self.cell(column) for column in range(len(self._built)))

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)

    @property
    def linked(self) -> int:
        return sum(len(cell.linked) for cell in self.cells)

    def __repr__(self) -> str:
        return f"Row({self.key!r}, {self.label!r})"


@dataclass(frozen=True, slots=True)
class DrillRow:
    """A commitment of a cell or row, with what a time line needs."""

    ref: str
    agreement_id: str
    agreement_label: str
    date: dt.date
    modality: str
    text: str
    linked: bool


@dataclass(frozen=True, slots=True)
class CorpusMatrix:
    kind: Kind
    agreements: tuple[Agreement, ...]  # the columns, oldest first
    rows: tuple[Row, ...]
    linked_refs: frozenset[str] = frozenset()

    def column(self, agreement_id: str) -> int | None:
        return next(
            (i for i, agreement in enumerate(self.agreements) if agreement.id == agreement_id),
            None,
        )

    def row(self, key: str) -> Row | None:
        return next((row for row in self.rows if row.key == key), None)

    def cell(self, key: str, agreement_id: str) -> Cell | None:
        row, column = self.row(key), self.column(agreement_id)
        return None if row is None or column is None else row.cell(column)


@dataclass(frozen=True, slots=True)
class CounterpartGroup:
    """A commitment's best counterparts in one other agreement, best first."""

    agreement_id: str
    label: str
    date: dt.date
    matches: tuple[Match, ...]

    @property
    def best(self) -> float:
        return self.matches[0].score if self.matches else 0.0


def by_date(agreements: Iterable[Agreement]) -> tuple[Agreement, ...]:
    """Oldest first; agreements of the same day by id, so the order is stable."""
    return tuple(sorted(agreements, key=lambda agreement: (agreement.date, agreement.id)))


@lru_cache(maxsize=8)
def _lexicon_digest(lexicon: Lexicon) -> bytes:
    return digest(lexicon)


# (ref, modality, topics) of each commitment, in the agreement's order.
Entry = tuple[str, str, tuple[str, ...]]
Entries = tuple[Entry, ...]


class _CorpusTopics:
    """Every commitment's topics, for a whole corpus: naming them is most of a first paint.

    One file per corpus (`corpus_cache.load_topic_table`) is read in one go;
    an agreement's topics are decoded, and its digest checked against the
    file's, when its column is first drawn. When one misses (an agreement
    changed or came), every agreement's topics are gathered (from the file,
    from the agreement's own file, or named again for those that changed) and
    the corpus file is written anew under the same name.
    """

    def __init__(self, agreements: Sequence[Agreement], lexicon: Lexicon) -> None:
        self.agreements = tuple(agreements)
        self.lexicon = lexicon
        self._lexicon_digest = _lexicon_digest(lexicon)
        self._scope = scope_of(self.agreements)
        self._key = corpus_topics_key(
            [a.id for a in self.agreements], self._lexicon_digest, self._scope
        )
        self._table = load_topic_table(self._key)
        self._decoded: dict[str, Entries] = {}
        self._rebuilt = False

    def entries(self, agreement: Agreement) -> Entries:
        """The topics of one of `agreements` (the matrix's columns), commitment by commitment."""
        known = self._decoded.get(agreement.id)
        if known is not None:
            return known
        topics = self._from_table(agreement, topics_digest(agreement))
        if topics is None:
            if not self._rebuilt:
                self._rebuild()
                known = self._decoded.get(agreement.id)
                if known is not None:
                    return known
            # Not one of this corpus's agreements: named here, kept nowhere.
            topics = [commitment_topics(c, self.lexicon) for c in agreement.commitments()]
        known = self._decoded[agreement.id] = _as_entries(agreement, topics)
        return known

    def _from_table(
        self, agreement: Agreement, agreement_digest: bytes
    ) -> list[tuple[str, ...]] | None:
        topics = self._table.of(agreement.id, agreement_digest) if self._table else None
        return topics if topics is not None and len(topics) == len(agreement) else None

    def _rebuild(self) -> None:
        self._rebuilt = True
        ordered = sorted(self.agreements, key=lambda agreement: agreement.id)
        digests = [topics_digest(agreement) for agreement in ordered]
        live: dict[str, tuple[str, ...]] = {
            f"{topics_key(agreement_digest, self._lexicon_digest)}{TOPICS_SUFFIX}": (agreement.id,)
            for agreement, agreement_digest in zip(ordered, digests, strict=True)
        }
        live[f"{self._key}{TABLE_SUFFIX}"] = ()
        ledger = Ledger(directory(), self._scope, "topics") if self._scope else None
        if ledger is not None:
            ledger.record(live)
        found: list[tuple[str, bytes, Sequence[tuple[str, ...]]]] = []
        for agreement, agreement_digest in zip(ordered, digests, strict=True):
            decoded = self._decoded.get(agreement.id)
            topics = (
                [entry[2] for entry in decoded]
                if decoded is not None
                else self._from_table(agreement, agreement_digest)
            )
            if topics is None:
                one = topics_key(agreement_digest, self._lexicon_digest)
                topics = load_topics(one)
                if topics is None or len(topics) != len(agreement):
                    topics = [commitment_topics(c, self.lexicon) for c in agreement.commitments()]
                    store_topics(one, topics)
            found.append((agreement.id, agreement_digest, topics))
            if agreement.id not in self._decoded:
                self._decoded[agreement.id] = _as_entries(agreement, topics)
        store_topic_table(self._key, found)
        self._table = None  # every agreement is decoded now
        if ledger is not None:
            # The topics of these agreements' older texts can go.
            ledger.prune(live, lambda _owners: True)


def _as_entries(agreement: Agreement, topics: Sequence[tuple[str, ...]]) -> Entries:
    return tuple(
        (f"{agreement.id}/{c.id}", c.modality, found)
        for c, found in zip(agreement.commitments(), topics, strict=True)
    )


# The topics of the corpora seen lately, by the identity of their agreements (held, so
# no id is reused): reopening the screen on the same corpus decodes nothing twice.
_TOPICS: dict[tuple[int, ...], tuple[tuple[Agreement, ...], Lexicon, _CorpusTopics]] = {}
_TOPICS_LIMIT = 4


def _corpus_topics(agreements: tuple[Agreement, ...], lexicon: Lexicon) -> _CorpusTopics:
    identity = tuple(id(agreement) for agreement in agreements)
    known = _TOPICS.get(identity)
    if known is not None and known[1] is lexicon:
        return known[2]
    found = _CorpusTopics(agreements, lexicon)
    if len(_TOPICS) >= _TOPICS_LIMIT:
        _TOPICS.clear()
    _TOPICS[identity] = (agreements, lexicon, found)
    return found


def forget_topics() -> None:
    """Drop the in-memory topics (the disk cache stays); for benchmarks and tests."""
    _TOPICS.clear()


def commitment_topics(commitment: Commitment, lexicon: Lexicon) -> tuple[str, ...]:
    """Declared topics first, then those the text names, each once."""
    return tuple(
        dict.fromkeys(
            [
                *(t for t in commitment.topics if t in lexicon.ids),
                *concepts(commitment.text, lexicon),
            ]
        )
    )


def resolve_topic(lexicon: Lexicon, name: str) -> str | None:
    """A topic id from its id or its label (case does not matter)."""
    wanted = " ".join(name.split()).casefold()
    for topic in lexicon.topics:
        if wanted in (topic.id.casefold(), " ".join(topic.label.split()).casefold()):
            return topic.id
    return None


def linked_refs(confirmed: Iterable[tuple[str, str]]) -> frozenset[str]:
    return frozenset(ref for pair in confirmed for ref in pair)


def _cell(entries: Sequence[Entry], linked: frozenset[str]) -> Cell:
    # Called for every cell of the matrix (3,000 at 100 agreements) before a first paint.
    if not entries:
        return EMPTY
    counts = Counter([entry[1] for entry in entries])
    ordered = [(modality, counts[modality]) for modality in MODALITIES if modality in counts]
    if len(ordered) < len(counts):  # a modality the model does not know: last, by name
        ordered += sorted((m, n) for m, n in counts.items() if m not in MODALITIES)
    refs = tuple([entry[0] for entry in entries])
    return Cell(refs, tuple(ordered), tuple([r for r in refs if r in linked]) if linked else ())


def corpus_matrix(
    agreements: Iterable[Agreement],
    lexicon: Lexicon,
    *,
    kind: Kind = "topics",
    confirmed: Iterable[tuple[str, str]] = (),
    topic: str | None = None,
) -> CorpusMatrix:
    """Topics (every one of the lexicon, even where nobody commits) or areas × agreements.

    `topic` keeps only that topic's row (topics), or only the commitments on
    that topic (areas); `confirmed` are the pairs of refs the reviewers confirmed.
    Cells are built as they are read (`Row.cell`).
    """
    columns = by_date(agreements)
    linked = linked_refs(confirmed)
    source = _Cells(columns, _corpus_topics(columns, lexicon), linked, kind, topic)
    rows: list[Row]
    if kind == "topics":
        rows = [
            Row(entry.id, entry.label, source)
            for entry in lexicon.topics
            if topic is None or entry.id == topic
        ]
    else:
        labels: dict[str, str] = {}
        for agreement in columns:
            for area in agreement.areas:
                labels.setdefault(area.id, area.title)
        rows = [Row(key, label, source) for key, label in labels.items()]
        if topic is not None:
            rows = [row for row in rows if any(cell.count for cell in row.cells)]
    return CorpusMatrix(kind, columns, tuple(rows), linked)


class _Cells:
    """Builds any cell of a matrix, indexing an agreement's commitments by row when its
    column is first read (so a first paint indexes the columns on screen only)."""

    def __init__(
        self,
        columns: tuple[Agreement, ...],
        topics: _CorpusTopics,
        linked: frozenset[str],
        kind: Kind,
        topic: str | None,
    ) -> None:
        self.columns = columns
        self.topics = topics
        self.linked = linked
        self.kind = kind
        self.topic = topic
        self._index: list[dict[str, list[Entry]] | None] = [None] * len(columns)

    @property
    def width(self) -> int:
        return len(self.columns)

    def cell(self, key: str, column: int) -> Cell:
        index = self._index[column]
        if index is None:
            index = self._index[column] = self._column(column)
        return _cell(index.get(key, ()), self.linked)

    def _column(self, column: int) -> dict[str, list[Entry]]:
        agreement = self.columns[column]
        entries = self.topics.entries(agreement)
        index: dict[str, list[Entry]] = {}
        if self.kind == "topics":
            for entry in entries:
                for found in entry[2]:
                    index.setdefault(found, []).append(entry)
            return index
        position = 0
        for area in agreement.areas:
            cell = index.setdefault(area.id, [])
            for entry in entries[position : position + len(area.commitments)]:
                if self.topic is None or self.topic in entry[2]:
                    cell.append(entry)
            position += len(area.commitments)
        return index


def drill_down(
    matrix: CorpusMatrix, key: str, agreement_id: str | None = None
) -> tuple[DrillRow, ...]:
    """A row's commitments (or one cell's), oldest agreement first, then as written."""
    row = matrix.row(key)
    if row is None:
        return ()
    found: list[DrillRow] = []
    for column, agreement in enumerate(matrix.agreements):
        if agreement_id is not None and agreement.id != agreement_id:
            continue
        cell = row.cell(column)
        if not cell.refs:
            continue
        commitments = {c.ref: c for c in agreement.commitments()}
        for ref in cell.refs:
            commitment = commitments[ref]
            found.append(
                DrillRow(
                    ref,
                    agreement.id,
                    agreement.label,
                    agreement.date,
                    commitment.modality,
                    commitment.text,
                    ref in matrix.linked_refs,
                )
            )
    return tuple(found)


def counterparts_across(
    commitment: Commitment,
    agreements: Iterable[Agreement],
    matches: CorpusMatches,
    lexicon: Lexicon,
    *,
    top_k: int | None = None,
) -> tuple[CounterpartGroup, ...]:
    """Its best counterparts in every other agreement, grouped, best group first.

    Each `Match` is the pair view's own (`explain` scores and explains a pair
    exactly as `match_pair` does). Agreements with no match are left out.
    """
    own = next((a for a in agreements if a.id == commitment.agreement_id), None)
    groups: list[CounterpartGroup] = []
    for other in agreements:
        if other.id == commitment.agreement_id:
            continue
        ranked = matches.ranked(commitment.ref, other.id)[: top_k or None]
        if not ranked:
            continue
        by_ref = {c.ref: c for c in other.commitments()}
        found = tuple(
            explain(commitment, by_ref[ref], lexicon, a_agreement=own, b_agreement=other)
            for ref, _score in ranked
            if ref in by_ref
        )
        if found:
            groups.append(CounterpartGroup(other.id, other.label, other.date, found))
    groups.sort(key=lambda group: (-group.best, group.date, group.agreement_id))
    return tuple(groups)
