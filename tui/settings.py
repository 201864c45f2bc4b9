"""The reviewer's own settings (`settings.toml` in the config folder): the chosen theme.

Written atomically (a crash never leaves half a file) and read forgivingly: a
broken or foreign settings file means defaults, never a failed start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli
import tomli_w

from store.atomic import atomic_write_text
from store.safe_paths import read_regular

SETTINGS_FILE = "settings.toml"


@dataclass(frozen=True)
class Settings:
    theme: str | None = None


def settings_path(config_dir: Path) -> Path:
    return config_dir / SETTINGS_FILE


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomli.loads(read_regular(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return {}


def load_settings(path: Path) -> Settings:
    data = _read(path)
    theme = data.get("theme")
    return Settings(theme=theme if isinstance(theme, str) and theme else None)


def save_theme(path: Path, theme: str) -> None:
    """Remember `theme`, keeping any other keys a newer Accord may have written."""
    data = _read(path)
    if data.get("theme") == theme:
        return
    data["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, "# Accord settings (written by Accord)\n" + tomli_w.dumps(data))
