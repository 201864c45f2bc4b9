"""`ingest_file`: source file → repaired lines → structure → TOML draft."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from store.agreements.ingest.document import SourceDocument
from store.agreements.ingest.draft import render_draft, slug
from store.agreements.ingest.errors import IngestError
from store.agreements.ingest.repairs import Repair, repair_lines
from store.agreements.ingest.sources import read_source
from store.agreements.ingest.structure import DraftAgreement, find_structure
from store.agreements.model import Corpus, Lexicon, Party
from store.agreements.terms import TermFinder


@dataclass(frozen=True)
class IngestResult:
    source: SourceDocument
    draft: DraftAgreement
    toml: str
    agreement_id: str

    @property
    def repairs(self) -> list[Repair]:
        return self.draft.repairs

    @property
    def commitments(self) -> int:
        return sum(len(area.commitments) for area in self.draft.areas)

    @property
    def checks(self) -> int:
        per_item = sum(
            len(c.checks) + bool(c.incomplete) for a in self.draft.areas for c in a.commitments
        )
        return per_item + sum(len(a.checks) for a in self.draft.areas) + len(self.draft.checks)

    def summary(self) -> str:
        draft = self.draft
        return (
            f"{self.source.path.name}: {len(draft.areas)} areas, {self.commitments} "
            f"commitments, {len(draft.repairs)} repairs, {self.checks} places to check "
            f"(`# check:` in the draft)"
        )


def known_parties(corpus: Corpus | None) -> list[Party]:
    """Parties of the agreements already in the folder, each id once."""
    if corpus is None:
        return []
    seen: dict[str, Party] = {}
    for agreement in corpus.agreements:
        for party in agreement.parties:
            seen.setdefault(party.id, party)
    return list(seen.values())


def ingest_file(
    path: Path,
    *,
    corpus: Corpus | None = None,
    lexicon: Lexicon | None = None,
    term_finder: TermFinder | None = None,
    agreement_id: str | None = None,
    schema: str = "./agreement.schema.json",
    schema_note: str | None = None,
) -> IngestResult:
    """Read, repair and structure `path`; raises IngestError for unusable input.

    `term_finder` (the matcher's, from `accord ingest`) fills each commitment's
    topics with what its text names; without it the draft's topics stay empty.
    """
    source = read_source(path)
    return ingest_source(
        source,
        corpus=corpus,
        lexicon=lexicon,
        term_finder=term_finder,
        agreement_id=agreement_id,
        schema=schema,
        schema_note=schema_note,
    )


def ingest_source(
    source: SourceDocument,
    *,
    corpus: Corpus | None = None,
    lexicon: Lexicon | None = None,
    term_finder: TermFinder | None = None,
    agreement_id: str | None = None,
    schema: str = "./agreement.schema.json",
    schema_note: str | None = None,
) -> IngestResult:
    lines, repairs = repair_lines(list(source.lines), paged=source.paged)
    draft = find_structure(
        lines,
        repairs,
        known_parties(corpus),
        metadata_title=source.title,
        wrapped=source.wrapped,
    )
    if not draft.areas:
        raise IngestError(
            f"{source.path}: no commitments found (no sentence where a named party "
            "commits, and no list under a lead-in such as 'The Parties intend to:'); "
            "check that this is the agreement's text"
        )
    if not draft.parties:
        raise IngestError(
            f"{source.path}: no party found (an organisation named as 'Full Name (ABBR)' "
            "or one of the parties of the agreements in use); write the parties into "
            "the text's first paragraph or encode this agreement by hand"
        )
    lexicon = lexicon or (corpus.lexicon if corpus is not None else Lexicon(topics=()))
    if agreement_id is None:
        stem = slug(draft.title or source.path.stem, 4)
        year = f"-{draft.date.year}" if draft.date else ""
        agreement_id = stem + (year if not stem.endswith(year) else "")
    try:
        mtime = dt.date.fromtimestamp(os.stat(source.path).st_mtime)
    except OSError:
        mtime = None
    toml = render_draft(
        draft,
        agreement_id=agreement_id,
        source_name=source.path.name,
        lexicon=lexicon,
        term_finder=term_finder,
        schema=schema,
        schema_note=schema_note,
        fallback_date=mtime,
    )
    return IngestResult(source, draft, toml, agreement_id)
