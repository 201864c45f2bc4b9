"""The vocabulary of tags a reviewer can give a link.

Accord ships five tags; maintainers can replace them with `tags.toml` next to
the agreements:

    [[tags]]
    id = "aligned"            # kebab-case, what the review store records
    label = "Aligned"         # what the reviewer sees
    description = "..."       # optional

A broken `tags.toml` never stops Accord: `load_tags` returns the defaults and
the findings (file:line) that say what is wrong, for `accord check` to print.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.agreements.findings import Finding
from store.agreements.positions import KeyIndex, Position

TAGS_FILE = "tags.toml"
_KEYS = ("id", "label", "description")


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    label: str
    description: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class TagVocabulary:
    tags: tuple[Tag, ...]
    path: Path | None = field(default=None, compare=False)

    def __contains__(self, tag_id: object) -> bool:
        return any(tag.id == tag_id for tag in self.tags)

    def __iter__(self) -> Iterator[Tag]:
        return iter(self.tags)

    def __len__(self) -> int:
        return len(self.tags)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(tag.id for tag in self.tags)

    def get(self, tag_id: str) -> Tag | None:
        return next((tag for tag in self.tags if tag.id == tag_id), None)

    def label(self, tag_id: str | None) -> str:
        """The tag's label; an id unknown to this vocabulary is shown as itself."""
        if tag_id is None:
            return ""
        tag = self.get(tag_id)
        return tag.label if tag else tag_id


DEFAULT_TAGS = TagVocabulary(
    (
        Tag("aligned", "Aligned", "both commitments aim at the same thing"),
        Tag("partial-overlap", "Partial overlap", "they share part of their scope"),
        Tag("complementary", "Complementary", "different but mutually reinforcing"),
        Tag("divergent", "Divergent", "they pull in different directions"),
        Tag("duplicate", "Duplicate", "the same commitment made twice"),
    )
)


def load_tags(directory: Path | None) -> tuple[TagVocabulary, list[Finding]]:
    """The vocabulary of `directory/tags.toml`, else the defaults (with findings if broken).

    A file with any error is ignored whole, like an agreement with errors: a
    half-read vocabulary would make valid tags look unknown.
    """
    if directory is None:
        return DEFAULT_TAGS, []
    path = directory / TAGS_FILE
    if not os.path.lexists(path):  # a FIFO or a dangling link is reported, not skipped
        return DEFAULT_TAGS, []
    from store.agreements.loader import parse_toml_file

    parsed = parse_toml_file(path)
    if parsed.data is None or any(f.severity == "error" for f in parsed.findings):
        return DEFAULT_TAGS, parsed.findings
    tags, findings = _TagsReader(path, parsed.index).read(parsed.data)
    if findings or not tags:
        return DEFAULT_TAGS, findings
    return TagVocabulary(tuple(tags), path), []


class _TagsReader:
    def __init__(self, path: Path, index: KeyIndex) -> None:
        self.path = path
        self.index = index
        self.findings: list[Finding] = []

    def report(self, code: str, message: str, at: Position, hint: str | None = None) -> None:
        source = self.index.source_line(at.line)
        self.findings.append(
            Finding(self.path, at.line, at.col, code, message, hint, source, width=at.width)
        )

    def at(self, *path: str | int) -> Position:
        return self.index.key(path) or self.index.table(path) or self.index.nearest(path)

    def read(self, data: dict[str, Any]) -> tuple[list[Tag], list[Finding]]:
        for key in data:
            if key != "tags":
                self.report(
                    "E103",
                    f"unknown key '{key}' in tags.toml",
                    self.at(key),
                    "tags.toml holds only [[tags]] tables",
                )
        entries = data.get("tags")
        if not isinstance(entries, list) or not entries:
            self.report(
                "E101",
                "tags.toml has no [[tags]] tables",
                self.at("tags"),
                'add [[tags]] tables with id = "…" and label = "…"',
            )
            return [], self.findings
        tags: list[Tag] = []
        first_line: dict[str, int] = {}
        for position, entry in enumerate(entries):
            where = self.at("tags", position)
            if not isinstance(entry, dict):
                self.report("E104", "each tag must be a [[tags]] table", where)
                continue
            before = len(self.findings)
            values = self.strings(entry, position)
            tag_id = values.get("id")
            if tag_id is not None and kebab(tag_id) != tag_id:
                self.report(
                    "E106",
                    f"tag id '{tag_id}' is not kebab-case",
                    self.at("tags", position, "id"),
                    f"use '{kebab(tag_id)}'",
                )
            elif tag_id is not None and tag_id in first_line:
                self.report(
                    "E102",
                    f"duplicate tag id '{tag_id}'",
                    self.at("tags", position, "id"),
                    f"the first '{tag_id}' is on line {first_line[tag_id]}",
                )
            elif tag_id is not None:
                first_line[tag_id] = where.line
            if len(self.findings) == before and tag_id is not None:
                tags.append(Tag(tag_id, values["label"], values.get("description"), where.line))
        return tags, self.findings

    def strings(self, entry: dict[str, Any], position: int) -> dict[str, str]:
        from store.agreements.validate import describe_character, unsafe_character

        for key in entry:
            if key not in _KEYS:
                self.report(
                    "E103",
                    f"unknown key '{key}' in a tag",
                    self.at("tags", position, key),
                    "a tag has id, label and description",
                )
        values: dict[str, str] = {}
        for key in _KEYS:
            value = entry.get(key)
            where = self.at("tags", position, key)
            if value is None:
                if key != "description":
                    self.report(
                        "E101",
                        f"a tag has no '{key}'",
                        self.at("tags", position),
                        f'add `{key} = "…"`',
                    )
            elif not isinstance(value, str):
                self.report("E104", f"'{key}' must be a string", where)
            elif not value.strip():
                self.report("E105", f"'{key}' is empty", where)
            elif (char := unsafe_character(value)) is not None:
                self.report(
                    "E108",
                    f"'{key}' contains {describe_character(char)}",
                    where,
                    "control characters and bidi overrides are refused",
                )
            else:
                values[key] = value
        return values


def kebab(value: str) -> str:
    from store.agreements.validate import kebab_case

    return kebab_case(value)
