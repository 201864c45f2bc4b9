"""Binding ids, the user's keymap file, and the binding table the help screen shows.

Every binding in Accord has an id (`browse.triage`, `list.down`, …). A keymap
file maps ids to keys, one per line; dotted ids are ordinary TOML dotted keys,
so both spellings below work:

    # ~/.config/accord/keymap.toml
    browse.triage = "T"
    app.quit = "ctrl+q"

    [compare]
    confirm = "Y"
    next = "right,l"          # several keys: comma-separated, or a TOML array

Two files are read, later ones winning: `keymap.toml` next to the agreements
(a team's shared choices) and `keymap.toml` in the reviewer's config folder.
A mistake never stops Accord: it is reported as `file:line:col: message` and the
rest of the file still applies.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEYMAP_FILE = "keymap.toml"

# Groups for the help screen, in the order a reviewer meets them. Each source is
# "module:Class"; a screen that does not exist yet (or fails to import) is skipped.
BINDING_SOURCES: tuple[tuple[str, str], ...] = (
    ("Everywhere", "tui.app:AccordApp"),
    ("Browse", "tui.screens.browse:BrowseScreen"),
    ("Lists", "tui.widgets.virtual_list:VirtualList"),
    ("Detail", "tui.widgets.detail:DetailPane"),
    ("Filter", "tui.widgets.filter_bar:FilterBar"),
    ("Compare", "tui.screens.compare:CompareScreen"),
    ("Triage", "tui.screens.triage:TriageScreen"),
    ("Coverage", "tui.screens.coverage:CoverageScreen"),
    ("Gaps", "tui.screens.gaps:GapsScreen"),
    ("Ledger", "tui.screens.ledger:LedgerScreen"),
    ("Note", "tui.dialogs.note:NoteDialog"),
    ("Export", "tui.dialogs.export:ExportDialog"),
    ("Topic lens", "tui.dialogs.topic_lens:TopicLensDialog"),
    ("Help", "tui.screens.help:HelpScreen"),
    ("Findings", "tui.screens.findings:FindingsScreen"),
)

_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@dataclass(frozen=True)
class KeymapProblem:
    path: Path
    line: int
    col: int
    message: str

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True)
class BindingRow:
    group: str
    id: str | None
    keys: str
    description: str
    action: str


def keymap_paths(agreements_dir: Path | None, config_dir: Path | None) -> list[Path]:
    """Where keymaps are read from, team file first so the reviewer's own wins."""
    paths = []
    if agreements_dir is not None:
        paths.append(agreements_dir / KEYMAP_FILE)
    if config_dir is not None:
        paths.append(config_dir / KEYMAP_FILE)
    return paths


def valid_key(key: str) -> bool:
    """A key name Textual understands: `x`, `X`, `ctrl+x`, `f5`, `pagedown`, `question_mark`…"""
    from textual.keys import Keys, key_to_character

    *modifiers, base = key.split("+")
    if not base or any(m not in _MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    if base in {k.value for k in Keys}:
        return True
    return re.fullmatch(r"f\d{1,2}", base) is not None or key_to_character(base) is not None


def _flatten(
    data: dict[str, Any], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    for key, value in data.items():
        path = (*prefix, key)
        if isinstance(value, dict):
            yield from _flatten(value, path)
        else:
            yield path, value


def load_keymap(
    path: Path, known_ids: Iterable[str] | None = None
) -> tuple[dict[str, str], list[KeymapProblem]]:
    """The id → keys mapping of one file; problems are returned, never raised."""
    import tomli  # only when a keymap exists: not on the way to the first paint

    from store.agreements.positions import index_toml

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return {}, [KeymapProblem(path, 1, 1, f"cannot read the keymap: {error.strerror}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return {}, [
            KeymapProblem(
                path, 1, 1, "the file starts with a UTF-8 byte-order mark; save it without one"
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return {}, [KeymapProblem(path, line, 1, "the file is not UTF-8")]
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = str(error).split(" (at ")[0]
        line = getattr(error, "lineno", 1) or 1
        col = getattr(error, "colno", 1) or 1
        return {}, [KeymapProblem(path, line, col, f"invalid TOML: {message}")]
    index = index_toml(text)
    known = set(known_ids) if known_ids is not None else None
    keymap: dict[str, str] = {}
    problems: list[KeymapProblem] = []
    for key_path, value in _flatten(data):
        binding_id = ".".join(key_path)
        line = index.nearest(key_path).line
        source = index.source_line(line) or ""
        # A dotted key's own position is its last part; point at the whole key.
        key_col = len(source) - len(source.lstrip()) + 1
        value_at = index.value(key_path)
        value_col = value_at.col if value_at and value_at.line == line else key_col
        if known is not None and binding_id not in known:
            close = _suggest(binding_id, known)
            hint = f"; did you mean {close!r}?" if close else " (press ? in Accord for the ids)"
            problems.append(
                KeymapProblem(path, line, key_col, f"unknown binding id {binding_id!r}{hint}")
            )
            continue
        keys = _keys_of(value)
        bad = [key for key in keys if not valid_key(key)] if keys is not None else []
        if keys is None or bad:
            message = (
                f'{binding_id}: expected a key such as "ctrl+t" or a list of keys'
                if keys is None
                else f"{binding_id}: {', '.join(repr(b) for b in bad)} is not a key name"
            )
            problems.append(KeymapProblem(path, line, value_col, message))
            continue
        keymap[binding_id] = ",".join(keys)
    return keymap, problems


def _keys_of(value: Any) -> list[str] | None:
    if isinstance(value, str):
        keys = [part.strip() for part in value.split(",")]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        keys = [item.strip() for item in value]
    else:
        return None
    return keys if keys and all(keys) else None


def _suggest(binding_id: str, known: set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(binding_id, sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None


def load_keymaps(
    paths: Iterable[Path], known_ids: Iterable[str] | None = None
) -> tuple[dict[str, str], list[KeymapProblem]]:
    known = list(known_ids) if known_ids is not None else None
    merged: dict[str, str] = {}
    problems: list[KeymapProblem] = []
    for path in paths:
        keymap, found = load_keymap(path, known)
        merged.update(keymap)
        problems.extend(found)
    return merged, problems


# -- the bindings themselves ------------------------------------------------------------
def _source_bindings(source: str) -> list[Any]:
    module_name, _, class_name = source.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except Exception:  # a screen still being written must not break the help
        return []
    return list(cls.__dict__.get("BINDINGS", []))


def binding_rows(keymap: dict[str, str] | None = None) -> list[BindingRow]:
    """Every binding of every source, with the keys the keymap gives it."""
    from textual.binding import Binding

    keymap = keymap or {}
    rows: list[BindingRow] = []
    for group, source in BINDING_SOURCES:
        for entry in _source_bindings(source):
            binding = entry if isinstance(entry, Binding) else Binding(*entry)
            if binding.system:
                continue
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            rows.append(BindingRow(group, binding.id, keys, binding.description, binding.action))
    return rows


def known_binding_ids() -> list[str]:
    return sorted({row.id for row in binding_rows() if row.id})
