"""What the command line reads from the reviewer's `settings.toml` (the TUI's settings file).

    reviewer_name = "Ana Pereira"        # how you appear in reports
    [reviewer_names]                     # how others appear, by account name
    bob = "Bob Martin"
    [last_pair]                          # the pair each reviewer last opened
    ana = ["etf-2026", "hlm-2022"]

Read without raising: a missing file means no settings, and a broken one is
reported as warnings (file, line, what is wrong, what to do) while Accord goes
on with the defaults. Writes keep every key that other parts of Accord (or a
newer version) put there, and go through the atomic writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli
import tomli_w

from store.atomic import atomic_write_text
from store.untrusted import one_line

SETTINGS_FILE = "settings.toml"
MAX_SETTINGS_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class UserSettings:
    data: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # the file as read, to point warnings at a line
    warnings: tuple[str, ...] = ()


def settings_file(config_dir: Path) -> Path:
    return config_dir / SETTINGS_FILE


def _line_of(text: str, key: str) -> int:
    """The line that sets `key` (TOML ends lines only at \\n), or 1."""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith((f"{key} ", f"{key}=", f"[{key}]")):
            return number
    return 1


def read_settings(path: Path) -> UserSettings:
    try:
        if not path.exists():
            return UserSettings()
        if not path.is_file():
            return UserSettings(warnings=(f"{path}: not a regular file; settings ignored",))
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            return UserSettings(warnings=(f"{path}: larger than 1 MiB; settings ignored",))
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return UserSettings(warnings=(f"{path}: cannot read it ({reason}); settings ignored",))
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        where = f"{path}:{error.lineno}:{error.colno}"
        return UserSettings(
            warnings=(f"{where}: not valid TOML ({error.msg}); settings ignored, fix the file",)
        )
    return UserSettings(data, text)


def display_names(
    settings: UserSettings, path: Path, reviewer: str, override: str | None = None
) -> tuple[dict[str, str], list[str]]:
    """Account → display name: `[reviewer_names]`, then `reviewer_name` (or the override) for you."""
    warnings = list(settings.warnings)
    text = settings.text
    names: dict[str, str] = {}
    table = settings.data.get("reviewer_names", {})
    if not isinstance(table, dict):
        warnings.append(
            f"{path}:{_line_of(text, 'reviewer_names')}: reviewer_names must be a table of "
            'account = "Display Name"; ignored'
        )
        table = {}
    for account, name in table.items():
        if isinstance(name, str) and one_line(name):
            names[account] = one_line(name)
        else:
            warnings.append(
                f"{path}:{_line_of(text, account)}: reviewer_names.{one_line(account)} must be "
                "a non-empty string; ignored"
            )
    own = settings.data.get("reviewer_name")
    if own is not None and not (isinstance(own, str) and one_line(own)):
        warnings.append(
            f"{path}:{_line_of(text, 'reviewer_name')}: reviewer_name must be a non-empty string, "
            'like reviewer_name = "Ana Pereira"; ignored'
        )
        own = None
    if override is not None and one_line(override):
        own = override
    if isinstance(own, str):
        names[reviewer] = one_line(own)
    return names, warnings


def last_pair(settings: UserSettings, reviewer: str) -> tuple[str, str] | None:
    """The pair `reviewer` last opened, if the settings remember a well-formed one."""
    table = settings.data.get("last_pair")
    value = table.get(reviewer) if isinstance(table, dict) else None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    return None


def remember_pair(path: Path, reviewer: str, pair: tuple[str, str]) -> None:
    """Record the pair `reviewer` opened, keeping every other key of the file."""
    settings = read_settings(path)
    if settings.warnings:
        return  # never overwrite a file we could not read: the reviewer's edits would be lost
    data = dict(settings.data)
    table = data.get("last_pair")
    table = dict(table) if isinstance(table, dict) else {}
    if table.get(reviewer) == list(pair):
        return
    table[reviewer] = list(pair)
    data["last_pair"] = table
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, "# Accord settings (written by Accord)\n" + tomli_w.dumps(data))
