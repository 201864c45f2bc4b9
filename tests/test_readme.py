"""The README's quick start is what CI runs, and a plain install ships the data."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _quick_start() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert commands[0].endswith("accord")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start()[1] in ci.splitlines()


def test_a_plain_install_ships_the_agreements_and_themes(tmp_path: Path) -> None:
    # Build from a copy of the tracked files: setuptools leaves a build/ folder in the
    # source tree, which must not collect stale code in a developer's checkout.
    source = tmp_path / "source"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], check=True, capture_output=True, text=True, cwd=REPO
    ).stdout.split("\0")
    for name in filter(None, tracked):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("accord-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "agreements/hlm-2022.toml",
        "agreements/etf-2026.toml",
        "agreements/lexicon.toml",
        "agreements/agreement.schema.json",
        "agreements/lexicon.schema.json",
        "store/agreements/model.py",
        "store/review/store.py",
        "store/review/exports/registry.py",
        "compare/__init__.py",
        "service/session.py",
        "cli/main.py",
        "cli/commands/review.py",
        "tui/app.py",
        "themes/__init__.py",
    ):
        assert required in names


def test_the_readme_lists_the_export_formats_of_the_registry() -> None:
    from store.review.exports.registry import FORMAT_IDS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = "\\|".join(FORMAT_IDS)  # the README's table escapes the bars
    assert f"accord export --format {listed} " in readme
