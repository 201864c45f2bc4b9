"""Where Accord finds its agreements, its review store and its reviewer.

Each follows one rule, first match wins, so that a user can always tell which
files are in use: an explicit option, then an environment variable, then a
local default, then the bundled or per-user default.
"""

from __future__ import annotations

import os
from pathlib import Path

AGREEMENTS_ENV = "ACCORD_AGREEMENTS"
STORE_ENV = "ACCORD_STORE"
KEYMAP_FILE = "keymap.toml"
RESERVED_FILES = frozenset({"lexicon.toml", "tags.toml", KEYMAP_FILE})


def bundled_agreements_dir() -> Path:
    """The agreements shipped inside the package (works after `pip install .`)."""
    import agreements

    return Path(agreements.__file__).resolve().parent


def agreement_files(directory: Path) -> list[Path]:
    """The agreement files of a folder: every `*.toml` but the reserved ones."""
    return sorted(
        path
        for path in directory.glob("*.toml")
        # Not is_file(): a FIFO, a device, a dangling link or a link loop named
        # *.toml is still listed, so that loading reports it instead of skipping it.
        if path.name not in RESERVED_FILES and not path.is_dir()
    )


def resolve_agreements_dir(option: str | None = None, cwd: Path | None = None) -> Path:
    """`--agreements DIR`, then $ACCORD_AGREEMENTS, then ./agreements, then bundled."""
    for source, value in (
        ("--agreements", option),
        (AGREEMENTS_ENV, os.environ.get(AGREEMENTS_ENV)),
    ):
        if value:
            path = Path(value).expanduser()
            if not path.is_dir():
                raise FileNotFoundError(f"{source}: {value} is not a folder of agreement files")
            return path
    local = (cwd or Path.cwd()) / "agreements"
    if local.is_dir() and agreement_files(local):
        return local
    return bundled_agreements_dir()


def resolve_store_path(option: str | None = None) -> Path:
    """`--store PATH`, then $ACCORD_STORE, then the platform's user data folder."""
    for value in (option, os.environ.get(STORE_ENV)):
        if value:
            return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("accord", appauthor=False)) / "reviews.sqlite3"


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("accord", appauthor=False))


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("accord", appauthor=False))


def default_reviewer(option: str | None = None) -> str:
    """`--reviewer NAME`, else the operating-system account (not $USER, which anyone can set)."""
    if option and option.strip():
        return option.strip()
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        # Not POSIX, or a uid with no passwd entry (some containers).
        import getpass

        try:
            return getpass.getuser()
        except Exception:
            return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "reviewer"
