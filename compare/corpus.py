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
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from compare import Match, explain
from compare.corpus_cache import CorpusMatches, digest, load_topics, store_topics, topics_key
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


@dataclass(frozen=True, slots=True)
class Row:
    key: str  # topic id or area id
    label: str
    cells: tuple[Cell, ...]  # one per column of the matrix

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)

    @property
    def linked(self) -> int:
        return sum(len(cell.linked) for cell in self.cells)


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
        return None if row is None or column is None else row.cells[column]


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


def _topics_digest(refs: Sequence[str], agreement: Agreement) -> bytes:
    """Exactly what a commitment's topics depend on (besides the lexicon): ref, text, topics."""
    commitments = agreement.commitments()
    parts = (
        "\x1f".join((ref, c.text, ",".join(c.topics)))
        for ref, c in zip(refs, commitments, strict=True)
    )
    return hashlib.sha256("\x1e".join(parts).encode()).digest()


# (ref, modality, topics) of each commitment, in the agreement's order.
Entry = tuple[str, str, tuple[str, ...]]
Entries = tuple[Entry, ...]

# Keyed by the agreement object itself (held, so its id cannot be reused): hashing
# a frozen agreement walks every commitment, which a first paint cannot afford.
_ENTRIES: dict[int, tuple[Agreement, Lexicon, Entries]] = {}
_ENTRIES_LIMIT = 1024


def _entries(agreement: Agreement, lexicon: Lexicon) -> Entries:
    """Every commitment's topics; kept on disk too, since naming them is most of a first paint."""
    known = _ENTRIES.get(id(agreement))
    if known is not None and known[0] is agreement and known[1] is lexicon:
        return known[2]
    commitments = list(agreement.commitments())
    refs = [f"{agreement.id}/{c.id}" for c in commitments]
    key = topics_key(_topics_digest(refs, agreement), _lexicon_digest(lexicon))
    found = load_topics(key)
    if found is None or len(found) != len(refs):
        found = [commitment_topics(c, lexicon) for c in commitments]
        store_topics(key, found)
    entries = tuple(
        (ref, c.modality, topics) for ref, c, topics in zip(refs, commitments, found, strict=True)
    )
    if len(_ENTRIES) >= _ENTRIES_LIMIT:
        _ENTRIES.clear()
    _ENTRIES[id(agreement)] = (agreement, lexicon, entries)
    return entries


def forget_topics() -> None:
    """Drop the in-memory topics (the disk cache stays); for benchmarks and tests."""
    _ENTRIES.clear()


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
    """
    columns = by_date(agreements)
    linked = linked_refs(confirmed)
    if kind == "topics":
        rows = _topic_rows(columns, lexicon, linked, topic)
    else:
        rows = _area_rows(columns, lexicon, linked, topic)
    return CorpusMatrix(kind, columns, tuple(rows), linked)


def _topic_rows(
    columns: Sequence[Agreement], lexicon: Lexicon, linked: frozenset[str], topic: str | None
) -> list[Row]:
    per_topic: dict[str, list[list[Entry]]] = {t.id: [[] for _ in columns] for t in lexicon.topics}
    for column, agreement in enumerate(columns):
        for entry in _entries(agreement, lexicon):
            for found in entry[2]:
                per_topic[found][column].append(entry)
    return [
        Row(entry.id, entry.label, tuple(_cell(cell, linked) for cell in per_topic[entry.id]))
        for entry in lexicon.topics
        if topic is None or entry.id == topic
    ]


def _area_rows(
    columns: Sequence[Agreement], lexicon: Lexicon, linked: frozenset[str], topic: str | None
) -> list[Row]:
    labels: dict[str, str] = {}
    per_area: dict[str, list[list[Entry]]] = {}
    for column, agreement in enumerate(columns):
        entries = iter(_entries(agreement, lexicon))
        for area in agreement.areas:
            labels.setdefault(area.id, area.title)
            cells = per_area.setdefault(area.id, [[] for _ in columns])
            for _commitment, entry in zip(area.commitments, entries, strict=False):
                if topic is None or topic in entry[2]:
                    cells[column].append(entry)
    return [
        Row(key, labels[key], tuple(_cell(cell, linked) for cell in cells))
        for key, cells in per_area.items()
        if topic is None or any(cells)
    ]


def drill_down(
    matrix: CorpusMatrix, key: str, agreement_id: str | None = None
) -> tuple[DrillRow, ...]:
    """A row's commitments (or one cell's), oldest agreement first, then as written."""
    row = matrix.row(key)
    if row is None:
        return ()
    found: list[DrillRow] = []
    for agreement, cell in zip(matrix.agreements, row.cells, strict=True):
        if (agreement_id is not None and agreement.id != agreement_id) or not cell.refs:
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
