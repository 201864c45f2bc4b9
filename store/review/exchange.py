"""Review files: how reviews travel between machines and reviewers.

`export_toml` writes a plain, stable, diffable TOML file (teams keep them in
git): the same store always gives the same bytes, records sorted, no export
timestamp. `import_files` merges such files into a store in ONE transaction:

- a file with any problem is rejected whole, with file:line findings, and then
  *nothing* is imported (the store is unchanged);
- re-importing is idempotent: a record already present is left alone;
- a link present with a different judgement (status or tag) is a conflict: it
  is reported and the store's version is kept. The one exception is a link the
  store only has as an untouched suggestion (suggested, no tag), which the
  file's judgement fills in; a note with the same author and creation time but
  different text is a conflict too;
- the whole import is one action in the history: `undo()` reverts all of it.

Refs unknown to the agreements in use are imported (they show as orphans);
tags must be in the store's vocabulary.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from store.agreements.findings import Finding
from store.review import sql_rows
from store.review.exchange_read import FORMAT, FORMAT_VERSION, FileRecords, read_review_file
from store.review.records import Link, Note, ReviewedMark
from store.review.selection import ExportFilter, select
from store.review.store import ReviewStore
from store.review.transaction import Transaction
from store.untrusted import escape_serialized

HEADER = "# Accord review file. Merge it into a review store with `accord import FILE`.\n"


def _link_entry(link: Link) -> dict[str, Any]:
    entry: dict[str, Any] = {"a": link.ref_a, "b": link.ref_b, "status": link.status}
    if link.tag is not None:
        entry["tag"] = link.tag
    if link.score is not None and math.isfinite(link.score):  # `accord import` refuses inf
        entry["score"] = link.score
    entry.update(
        reviewer=link.reviewer,
        created=link.created,
        updated=link.updated,
        fingerprint_a=link.fingerprint_a,
        fingerprint_b=link.fingerprint_b,
        snapshot_a=link.snapshot_a,
        snapshot_b=link.snapshot_b,
    )
    if link.origin != "matcher":
        entry["origin"] = link.origin
    return entry


def _note_entry(note: Note) -> dict[str, Any]:
    entry: dict[str, Any] = {"ref": note.ref}
    if note.other_ref is not None:
        entry["other_ref"] = note.other_ref
    entry.update(
        text=note.text,
        reviewer=note.reviewer,
        created=note.created,
        updated=note.updated,
        fingerprint=note.fingerprint,
        snapshot=note.snapshot,
    )
    if note.other_ref is not None:
        entry.update(other_fingerprint=note.other_fingerprint, other_snapshot=note.other_snapshot)
    return entry


def _reviewed_entry(mark: ReviewedMark) -> dict[str, Any]:
    return {
        "ref": mark.ref,
        "reviewer": mark.reviewer,
        "created": mark.created,
        "updated": mark.updated,
        "fingerprint": mark.fingerprint,
        "snapshot": mark.snapshot,
    }


def export_toml(store: ReviewStore, flt: ExportFilter | None = None) -> str:
    chosen = select(store, flt)
    links = sorted(chosen.links, key=lambda link: (link.ref_a, link.ref_b))
    notes = sorted(
        chosen.notes, key=lambda n: (n.ref, n.other_ref or "", n.created, n.reviewer, n.text)
    )
    document: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION}
    if links:
        document["links"] = [_link_entry(link) for link in links]
    if notes:
        document["notes"] = [_note_entry(note) for note in notes]
    if chosen.reviewed:
        document["reviewed"] = [_reviewed_entry(mark) for mark in chosen.reviewed]
    return HEADER + escape_serialized(tomli_w.dumps(document, multiline_strings=True))


@dataclass(frozen=True, slots=True)
class ImportConflict:
    path: Path
    line: int
    message: str

    def render(self) -> str:
        return f"{self.path}:{self.line}: conflict: {self.message}"


@dataclass
class ImportReport:
    files: list[Path]
    findings: list[Finding] = field(default_factory=list)  # any error: nothing imported
    conflicts: list[ImportConflict] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=lambda: {"link": 0, "note": 0, "reviewed": 0})
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings and not self.conflicts

    @property
    def imported(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        if self.findings:
            return f"nothing imported: {len(self.findings)} problem(s) in the file(s)"
        added = ", ".join(f"{count} {kind}(s)" for kind, count in self.added.items())
        return (
            f"imported {added}; {self.updated} suggestion(s) filled in, "
            f"{self.unchanged} already present, {len(self.conflicts)} conflict(s) kept as they were"
        )


def import_files(store: ReviewStore, paths: Iterable[Path]) -> ImportReport:
    report = ImportReport([Path(p) for p in paths])
    parsed: list[FileRecords] = []
    for path in report.files:
        records, findings = read_review_file(path, store.tags)
        report.findings.extend(findings)
        if records is not None:
            parsed.append(records)
    if report.findings:
        return report
    with store.transaction() as transaction:
        merger = _Merger(store, transaction, report)
        for records in parsed:
            merger.merge(records)
    return report


class _Merger:
    def __init__(self, store: ReviewStore, transaction: Transaction, report: ImportReport) -> None:
        self.store = store
        self.conn = transaction.conn
        self.report = report
        self.log = transaction.log

    def add(self, kind: Any, row: dict[str, Any], summary: str) -> None:
        row["id"] = None
        row["version"] = 1
        row["id"] = sql_rows.insert(self.conn, kind, row)
        self.log(kind, "create", summary, None, row)
        self.report.added[kind] += 1

    def merge(self, records: FileRecords) -> None:
        for line, row in records.links:
            self.merge_link(records.path, line, row)
        for line, row in records.notes:
            self.merge_note(records.path, line, row)
        for _line, row in records.reviewed:
            found = self.conn.execute("SELECT 1 FROM reviewed WHERE ref = ?", (row["ref"],))
            if found.fetchone():
                self.report.unchanged += 1
            else:
                self.add("reviewed", row, f"{row['ref']}: marked reviewed (imported)")

    def merge_link(self, path: Path, line: int, row: dict[str, Any]) -> None:
        current = self.store.stored_link(row["ref_a"], row["ref_b"])
        label = f"link {row['ref_a']} ↔ {row['ref_b']}"
        if current is None:
            self.add("link", row, f"{label}: imported ({row['status']})")
            return
        if (current.status, current.tag) == (row["status"], row["tag"]):
            self.report.unchanged += 1
            return
        file_undecided = row["status"] == "suggested" and row["tag"] is None
        if file_undecided:
            self.report.unchanged += 1
            return
        if current.status == "suggested" and current.tag is None:
            before = sql_rows.to_row(current)
            after = {
                **before,
                "status": row["status"],
                "tag": row["tag"],
                "score": row["score"] if row["score"] is not None else current.score,
                "reviewer": row["reviewer"],
                "updated": row["updated"],
                "version": current.version + 1,
            }
            sql_rows.update(self.conn, "link", after)
            self.log("link", "update", f"{label}: judgement imported", before, after)
            self.report.updated += 1
            return
        whose = (
            f"{row['reviewer']}'s judgement changed"
            if current.reviewer == row["reviewer"]
            else f"{current.reviewer} and {row['reviewer']} disagree"
        )
        here = f"{current.status}/{current.tag or '—'}"
        there = f"{row['status']}/{row['tag'] or '—'}"
        self.report.conflicts.append(
            ImportConflict(
                path,
                line,
                f"{label}: {whose}: the store has {here}, the file {there}; kept the store's",
            )
        )

    def merge_note(self, path: Path, line: int, row: dict[str, Any]) -> None:
        other = row["other_ref"]
        same_target = (
            "((ref = ? AND other_ref IS ?) OR (ref = ? AND other_ref = ?))"
            if other is not None
            else "(ref = ? AND other_ref IS ?)"
        )
        params: tuple[Any, ...] = (
            (row["ref"], other, other, row["ref"]) if other else (row["ref"], None)
        )
        found = self.conn.execute(
            f"SELECT text FROM notes WHERE {same_target} AND reviewer = ? AND created = ?",
            (*params, row["reviewer"], row["created"]),
        ).fetchall()
        where = f"link {row['ref']} ↔ {other}" if other else row["ref"]
        if not found:
            self.add("note", row, f"{where}: note imported")
        elif any(text == row["text"] for (text,) in found):
            self.report.unchanged += 1
        else:
            self.report.conflicts.append(
                ImportConflict(
                    path,
                    line,
                    f"{row['reviewer']}'s note on {where} of {row['created']} has "
                    "different text in the store; kept the store's",
                )
            )
