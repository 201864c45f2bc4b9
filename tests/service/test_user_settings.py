"""The reviewer's settings file as the command line reads and writes it."""

from __future__ import annotations

from pathlib import Path

import tomli

from service.user_settings import (
    display_names,
    last_pair,
    read_settings,
    remember_pair,
    settings_file,
)


def test_remember_pair_keeps_every_other_key(tmp_path: Path) -> None:
    path = settings_file(tmp_path / "config")
    path.parent.mkdir()
    path.write_text('theme = "accord-light"\n[keys]\nfuture = 1\n', encoding="utf-8")
    remember_pair(path, "alice", ("etf-2026", "hlm-2022"))
    remember_pair(path, "bob", ("hlm-2022", "etf-2026"))
    data = tomli.loads(path.read_text(encoding="utf-8"))
    assert data["theme"] == "accord-light" and data["keys"] == {"future": 1}
    settings = read_settings(path)
    assert last_pair(settings, "alice") == ("etf-2026", "hlm-2022")
    assert last_pair(settings, "bob") == ("hlm-2022", "etf-2026")
    assert last_pair(settings, "carol") is None


def test_a_broken_settings_file_is_never_overwritten(tmp_path: Path) -> None:
    path = settings_file(tmp_path)
    path.write_text("theme = \n# my notes\n", encoding="utf-8")
    remember_pair(path, "alice", ("a", "b"))
    assert path.read_text(encoding="utf-8") == "theme = \n# my notes\n"
    assert read_settings(path).warnings[0].startswith(f"{path}:1:")


def test_a_settings_path_that_is_not_a_file_is_reported_not_read(tmp_path: Path) -> None:
    path = settings_file(tmp_path)
    path.mkdir()
    settings = read_settings(path)
    assert settings.data == {} and "not a regular file" in settings.warnings[0]


def test_display_names_are_one_line_and_visible(tmp_path: Path) -> None:
    path = settings_file(tmp_path)
    path.write_text(
        'reviewer_name = "Ana\\u001b[31m\\nPereira"\n[reviewer_names]\nbob = ""\n', encoding="utf-8"
    )
    names, warnings = display_names(read_settings(path), path, "ana")
    assert names == {"ana": "Ana␛[31m␊Pereira"}
    assert warnings == [f"{path}:3: reviewer_names.bob must be a non-empty string; ignored"]
