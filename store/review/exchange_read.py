"""Reading and checking a review file before anything of it is imported.

Every problem is a Finding at the offending key's line, as `accord check`
reports agreement files, so a maintainer can fix a hand-edited review file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.agreements.findings import Finding
from store.agreements.model import split_ref
from store.agreements.positions import KeyIndex, Position
from store.agreements.tags import TagVocabulary
from store.review.records import ORIGINS, STATUSES, score_problem

FORMAT = "accord-review"
FORMAT_VERSION = 1

# key → (kind, required). Kinds: ref, str (may be empty), time, status, tag, score.
_SPECS: dict[str, dict[str, tuple[str, bool]]] = {
    "links": {
        "a": ("ref", True),
        "b": ("ref", True),
        "status": ("status", True),
        "tag": ("tag", False),
        "score": ("score", False),
        "reviewer": ("name", True),
        "created": ("time", True),
        "updated": ("time", True),
        "fingerprint_a": ("name", True),
        "fingerprint_b": ("name", True),
        "snapshot_a": ("str", True),
        "snapshot_b": ("str", True),
        "origin": ("origin", False),
    },
    "notes": {
        "ref": ("ref", True),
        "other_ref": ("ref", False),
        "text": ("str", True),
        "reviewer": ("name", True),
        "created": ("time", True),
        "updated": ("time", True),
        "fingerprint": ("name", True),
        "snapshot": ("str", True),
        "other_fingerprint": ("name", False),
        "other_snapshot": ("str", False),
    },
    "reviewed": {
        "ref": ("ref", True),
        "reviewer": ("name", True),
        "created": ("time", True),
        "updated": ("time", True),
        "fingerprint": ("name", True),
        "snapshot": ("str", True),
    },
}
_RENAME = {"a": "ref_a", "b": "ref_b"}


@dataclass
class FileRecords:
    path: Path
    links: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    notes: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    reviewed: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


class _Reader:
    def __init__(self, path: Path, index: KeyIndex, tags: TagVocabulary) -> None:
        self.path, self.index, self.tags = path, index, tags
        self.findings: list[Finding] = []

    def report(self, code: str, message: str, at: Position, hint: str | None = None) -> None:
        self.findings.append(
            Finding(
                self.path,
                at.line,
                at.col,
                code,
                message,
                hint,
                self.index.source_line(at.line),
                width=at.width,
            )
        )

    def at(self, *path: str | int) -> Position:
        return self.index.value(path) or self.index.table(path) or self.index.nearest(path)

    def read(self, data: dict[str, Any]) -> FileRecords:
        records = FileRecords(self.path)
        if data.get("format") != FORMAT:
            self.report(
                "E101",
                f'not an Accord review file (no format = "{FORMAT}")',
                self.at("format"),
                "export one with `accord export --format toml`",
            )
            return records
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.report("E104", "'version' must be a positive integer", self.at("version"))
        elif version > FORMAT_VERSION:
            self.report(
                "E104",
                f"review file version {version} is newer than this Accord reads ({FORMAT_VERSION})",
                self.at("version"),
                "upgrade Accord",
            )
        for key in data:
            if key not in ("format", "version", *_SPECS):
                self.report(
                    "E103",
                    f"unknown key '{key}'",
                    self.at(key),
                    "a review file has links, notes and reviewed",
                )
        for section, spec in _SPECS.items():
            entries = data.get(section, [])
            if not isinstance(entries, list):
                self.report("E104", f"'{section}' must be an array of tables", self.at(section))
                continue
            target = getattr(records, section)
            for position, entry in enumerate(entries):
                row = self.entry(section, position, entry, spec)
                if row is not None:
                    target.append((self.at(section, position).line, row))
        self.duplicates(records)
        return records

    def entry(
        self, section: str, position: int, entry: Any, spec: dict[str, tuple[str, bool]]
    ) -> dict[str, Any] | None:
        where = self.at(section, position)
        if not isinstance(entry, dict):
            self.report("E104", f"each of '{section}' must be a table", where)
            return None
        before = len(self.findings)
        for key in entry:
            if key not in spec:
                self.report(
                    "E103",
                    f"unknown key '{key}' in {section}",
                    self.at(section, position, key),
                    f"known keys: {', '.join(spec)}",
                )
        row: dict[str, Any] = {}
        for key, (kind, required) in spec.items():
            value = entry.get(key)
            if value is None:
                if required:
                    self.report("E101", f"{section} entry has no '{key}'", where)
                row[_RENAME.get(key, key)] = None
                continue
            problem = self.problem(kind, value)
            if problem:
                self.report("E104", f"'{key}': {problem}", self.at(section, position, key))
            row[_RENAME.get(key, key)] = float(value) if kind == "score" and not problem else value
        if len(self.findings) > before:
            return None
        if section == "links" and row["origin"] is None:
            row["origin"] = "matcher"  # files written before links had an origin
        if section == "links" and row["ref_a"] == row["ref_b"]:
            self.report("E104", "a link needs two different commitments", where)
            return None
        if section == "notes" and (row["other_ref"] is None) != (row["other_fingerprint"] is None):
            self.report(
                "E101",
                "a note on a link needs other_ref, other_fingerprint and other_snapshot together",
                where,
            )
            return None
        return row

    def problem(self, kind: str, value: Any) -> str | None:
        if kind == "score":
            return score_problem(value)
        if not isinstance(value, str):
            return "must be a string"
        if kind == "ref":
            try:
                split_ref(value)
            except ValueError:
                return f"{value!r} is not AGREEMENT/COMMITMENT"
        elif kind == "name" and not value.strip():
            return "must not be empty"
        elif kind == "origin" and value not in ORIGINS:
            return f"unknown origin {value!r} (one of: {', '.join(ORIGINS)})"
        elif kind == "status" and value not in STATUSES:
            return f"unknown status {value!r} (one of: {', '.join(STATUSES)})"
        elif kind == "tag" and value not in self.tags:
            return f"unknown tag {value!r} (one of: {', '.join(self.tags.ids)})"
        elif kind == "time":
            try:
                dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return f"{value!r} is not an ISO 8601 time"
        return None

    def duplicates(self, records: FileRecords) -> None:
        for section in _SPECS:
            seen: dict[Any, int] = {}
            for line, row in getattr(records, section):
                identity = _identity(section, row)
                if identity in seen:
                    self.report(
                        "E102",
                        f"duplicate {section} entry (first on line {seen[identity]})",
                        Position(line, 1),
                    )
                seen.setdefault(identity, line)


def _identity(section: str, row: dict[str, Any]) -> Any:
    if section == "links":
        return frozenset((row["ref_a"], row["ref_b"]))
    if section == "notes":
        return frozenset((row["ref"], row["other_ref"])), row["reviewer"], row["created"]
    return row["ref"]


def read_review_file(path: Path, tags: TagVocabulary) -> tuple[FileRecords | None, list[Finding]]:
    """The file's records, or None and the findings that reject it whole."""
    from store.agreements.loader import parse_toml_file

    parsed = parse_toml_file(path)
    if parsed.data is None or any(f.severity == "error" for f in parsed.findings):
        return None, parsed.findings
    reader = _Reader(path, parsed.index, tags)
    records = reader.read(parsed.data)
    return (None, reader.findings) if reader.findings else (records, [])
