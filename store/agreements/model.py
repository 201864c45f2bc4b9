"""The frozen, typed agreement model: agreement → areas → commitments.

Everything downstream (matching, the review store, the TUI) reads agreements
through these classes only, never through raw TOML dictionaries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MODALITIES: tuple[str, ...] = (
    "agreed",
    "committed",
    "will",
    "intend",
    "endeavour",
    "explore",
    "consider",
)


def make_ref(agreement_id: str, commitment_id: str) -> str:
    return f"{agreement_id}/{commitment_id}"


def split_ref(ref: str) -> tuple[str, str]:
    """Split `AGREEMENT/COMMITMENT`; raises ValueError for anything else."""
    agreement_id, sep, commitment_id = ref.partition("/")
    if not sep or not agreement_id or not commitment_id or "/" in commitment_id:
        raise ValueError(f"not a commitment reference: {ref!r} (expected AGREEMENT/COMMITMENT)")
    return agreement_id, commitment_id


def text_fingerprint(text: str) -> str:
    """A short, stable fingerprint of a commitment's wording.

    Whitespace and Unicode normalisation differences do not count as a change,
    so re-wrapping a TOML string does not make reviewers' notes outdated.
    """
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str
    short: str | None = None

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    role: str | None = None
    party: str | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    id: str
    agreement_id: str
    area_id: str
    text: str
    actors: tuple[str, ...]
    modality: str
    topics: tuple[str, ...] = ()
    part: str | None = None
    lead_in: str | None = None
    incomplete: str | None = None
    line: int = field(default=0, compare=False)

    @property
    def ref(self) -> str:
        return make_ref(self.agreement_id, self.id)

    @property
    def fingerprint(self) -> str:
        return text_fingerprint(self.text)

    @property
    def first_line(self) -> str:
        return " ".join(self.text.split())


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    agreement_id: str
    title: str
    commitments: tuple[Commitment, ...]
    context: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    title: str
    date: dt.date
    parties: tuple[Party, ...]
    areas: tuple[Area, ...]
    short_title: str | None = None
    kind: str | None = None
    signed: dt.date | None = None
    announced: dt.date | None = None
    place: str | None = None
    term: str | None = None
    term_years: int | None = None
    source: str | None = None
    preamble: str | None = None
    signatories: tuple[Signatory, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return self.short_title or self.title

    def commitments(self) -> Iterator[Commitment]:
        for area in self.areas:
            yield from area.commitments

    def commitment(self, commitment_id: str) -> Commitment | None:
        for commitment in self.commitments():
            if commitment.id == commitment_id:
                return commitment
        return None

    def area(self, area_id: str) -> Area | None:
        return next((area for area in self.areas if area.id == area_id), None)

    def party(self, party_id: str) -> Party | None:
        return next((party for party in self.parties if party.id == party_id), None)

    def __len__(self) -> int:
        return sum(len(area.commitments) for area in self.areas)


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label: str
    description: str | None = None
    terms: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    weight: float = 1.0
    line: int = field(default=0, compare=False)

    def all_terms(self) -> tuple[str, ...]:
        return self.terms + self.synonyms + self.abbreviations


@dataclass(frozen=True, slots=True)
class Lexicon:
    topics: tuple[Topic, ...]
    path: Path | None = field(default=None, compare=False)

    def topic(self, topic_id: str) -> Topic | None:
        return next((topic for topic in self.topics if topic.id == topic_id), None)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(topic.id for topic in self.topics)


@dataclass(frozen=True, slots=True)
class Corpus:
    """The agreements in use and their lexicon: what every command works on."""

    agreements: tuple[Agreement, ...]
    lexicon: Lexicon
    directory: Path | None = None

    def agreement(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)

    def commitment(self, ref: str) -> Commitment | None:
        try:
            agreement_id, commitment_id = split_ref(ref)
        except ValueError:
            return None
        agreement = self.agreement(agreement_id)
        return agreement.commitment(commitment_id) if agreement else None
