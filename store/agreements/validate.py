"""Schema-driven checks of a parsed TOML document, with positions.

The checker never raises on odd input: whatever tomli produced, it yields
findings. Cross-references (ids, topics, actors) are checked by the agreement
and lexicon builders on top of this.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.agreements.findings import Finding
from store.agreements.positions import KeyIndex, PathKey, Position
from store.agreements.schema import ID_PATTERN, MAX_NUMBER, FieldSpec, TableSpec
from store.untrusted import first_unsafe

_ID_RE = re.compile(ID_PATTERN)


def unsafe_character(text: str) -> str | None:
    """The first character that could rewrite a terminal, if any."""
    return first_unsafe(text)


def describe_character(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name and char == "\x1b":
        name = "ESCAPE"
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    from rapidfuzz import fuzz, process

    options = list(choices)
    if not options:
        return None
    found = process.extractOne(word, options, scorer=fuzz.WRatio, score_cutoff=60)
    return found[0] if found else None


def kebab_case(value: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", value.casefold())).strip("-")


@dataclass
class Checker:
    path: Path
    index: KeyIndex
    findings: list[Finding] = field(default_factory=list)

    def report(
        self,
        code: str,
        message: str,
        at: Position,
        hint: str | None = None,
        related: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self.findings.append(
            Finding(
                path=self.path,
                line=at.line,
                col=at.col,
                code=code,
                message=message,
                hint=hint,
                source_line=self.index.source_line(at.line),
                width=at.width,
                related=related,
            )
        )

    def key_at(self, path: PathKey) -> Position:
        return self.index.key(path) or self.index.nearest(path)

    def value_at(self, path: PathKey) -> Position:
        return self.index.value(path) or self.index.nearest(path)

    def table_at(self, path: PathKey) -> Position:
        found = self.index.table(path)
        if found is None and not path:
            # The root table has no header: point at its first key, not a comment on line 1.
            first = list(self.index.keys.values())
            return min(first, key=lambda p: (p.line, p.col)) if first else Position(1, 1)
        return found or self.index.nearest(path)

    # -- tables --------------------------------------------------------------
    def check_table(self, data: dict[str, Any], spec: TableSpec, path: PathKey) -> None:
        for key in data:
            if spec.field(key) is None:
                suggestion = did_you_mean(key, spec.names)
                hint = (
                    f"did you mean '{suggestion}'?"
                    if suggestion
                    else f"{article(spec.title)} {spec.title} takes: {', '.join(spec.names)}"
                )
                self.report(
                    "E103", f"unknown key '{key}' in {spec.title}", self.key_at((*path, key)), hint
                )
        for spec_field in spec.fields:
            key_path = (*path, spec_field.name)
            if spec_field.name not in data:
                if spec_field.required:
                    self.report(
                        "E101",
                        f"{spec.title} has no '{spec_field.name}'",
                        self.table_at(path),
                        f"add `{spec_field.name} = …`: {spec_field.description}",
                    )
                continue
            self.check_value(data[spec_field.name], spec_field, key_path)

    def check_value(self, value: Any, spec: FieldSpec, path: PathKey) -> None:
        kind = spec.kind
        if kind in ("string", "text", "id"):
            self.check_string(value, spec, path)
        elif kind == "date":
            self.check_date(value, spec, path)
        elif kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                self.wrong_type(value, "an integer", spec, path)
        elif kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.wrong_type(value, "a number", spec, path)
            elif not (0 <= value <= MAX_NUMBER and math.isfinite(value)):
                # nan, inf (or 1e400) and negatives silently drop a topic out of matching.
                self.report(
                    "E104",
                    f"'{spec.name}' must be a finite number from 0 to {MAX_NUMBER:g}, "
                    f"not {value!r}",
                    self.value_at(path),
                    spec.description,
                )
        elif kind in ("strings", "ids"):
            self.check_string_list(value, spec, path)
        elif kind == "tables":
            self.check_tables(value, spec, path)

    def wrong_type(self, value: Any, expected: str, spec: FieldSpec, path: PathKey) -> None:
        self.report(
            "E104",
            f"'{spec.name}' must be {expected}, not {type_name(value)}",
            self.value_at(path),
            spec.description,
        )

    def check_string(self, value: Any, spec: FieldSpec, path: PathKey) -> None:
        if not isinstance(value, str):
            self.wrong_type(value, "a string", spec, path)
            return
        if self.check_characters(value, spec.name, path):
            return
        if spec.kind in ("text", "id") and not value.strip():
            self.report(
                "E105",
                f"'{spec.name}' is empty",
                self.value_at(path),
                f"write the {spec.name}, or remove the key if it is optional",
            )
            return
        if spec.kind == "id" and not _ID_RE.match(value):
            self.report(
                "E106",
                f"'{value}' is not a kebab-case id",
                self.value_at(path),
                f"use lower-case words joined by hyphens, such as '{kebab_case(value) or 'my-id'}'",
            )
        if spec.enum and value not in spec.enum:
            suggestion = did_you_mean(value, spec.enum)
            hint = f"did you mean '{suggestion}'? " if suggestion else ""
            self.report(
                "E111",
                f"unknown {spec.name} '{value}'",
                self.value_at(path),
                f"{hint}one of: {', '.join(spec.enum)}",
            )

    def check_characters(self, value: str, name: str, path: PathKey) -> bool:
        char = unsafe_character(value)
        if char is None:
            return False
        self.report(
            "E108",
            f"'{name}' holds the control character {describe_character(char)}",
            self.value_at(path),
            "remove it: control characters and bidi overrides can rewrite a reviewer's terminal",
        )
        return True

    def check_date(self, value: Any, spec: FieldSpec, path: PathKey) -> None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return
        hint = "write a TOML date without quotes, such as 2022-07-05"
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
                hint = f"remove the quotes: {spec.name} = {value}"
            except ValueError:
                pass
        elif isinstance(value, dt.datetime):
            hint = f"drop the time: {spec.name} = {value.date().isoformat()}"
        self.report(
            "E107",
            f"'{spec.name}' is not a date: {short_repr(value)}",
            self.value_at(path),
            hint,
        )

    def check_string_list(self, value: Any, spec: FieldSpec, path: PathKey) -> None:
        if not isinstance(value, list):
            self.wrong_type(value, "an array of strings", spec, path)
            return
        if len(value) < spec.min_items:
            self.report(
                "E101",
                f"'{spec.name}' is empty",
                self.value_at(path),
                spec.description,
            )
        for number, item in enumerate(value):
            item_path = (*path, number)
            if not isinstance(item, str):
                self.report(
                    "E104",
                    f"'{spec.name}' must hold strings, not {type_name(item)}",
                    self.value_at(item_path),
                    spec.description,
                )
            elif not self.check_characters(item, spec.name, item_path) and not item.strip():
                self.report(
                    "E105", f"'{spec.name}' holds an empty string", self.value_at(item_path)
                )

    def check_tables(self, value: Any, spec: FieldSpec, path: PathKey) -> None:
        assert spec.table is not None
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.wrong_type(
                value, f"an array of tables ([[{'.'.join(map(str, path))}]])", spec, path
            )
            return
        if len(value) < spec.min_items:
            self.report(
                "E101",
                f"'{spec.name}' is empty",
                self.key_at(path),
                f"add at least one [[{spec.name}]] table",
            )
        for number, item in enumerate(value):
            self.check_table(item, spec.table, (*path, number))


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    return type(value).__name__


def short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
