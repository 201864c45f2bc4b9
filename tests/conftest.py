"""Fixtures shared by every suite: real files on disk, the real CLI (in-process or not)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import TERMINAL, RunAccord, run_in_process

# Fixtures every suite may use: written agreements and a real store; the app on top of them.
pytest_plugins = ["tests.support.review_fixtures", "tests.support.app_fixtures"]

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "agreements"
WORKERS_PER_CORE = 2
# Each worker imports and collects the whole suite (some 3 s) and holds its own apps
# (150 MB or more): past this many, more workers cost more than they give.
MAX_WORKERS = 8


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (in addopts): WORKERS_PER_CORE test processes per core, at most MAX_WORKERS.

    Many tests spend much of their time waiting, not computing (an app idling between
    key presses, a child process starting), so more workers than cores keeps the cores
    busy. PYTEST_XDIST_AUTO_NUM_WORKERS still overrides; `-n 0` runs in one process.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(WORKERS_PER_CORE * (cores or 1), MAX_WORKERS)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--crash-kills",
        type=int,
        default=100,
        help="how many SIGKILLs the store crash test delivers (default 100)",
    )
    parser.addoption(
        "--fault-runs",
        type=int,
        default=2,
        help="how many disk-full and locked-store runs the fault-injection test makes (default 2)",
    )


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the developer's real store, cache or settings from a test."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("ACCORD_AGREEMENTS", raising=False)
    monkeypatch.delenv("ACCORD_STORE", raising=False)


@pytest.fixture
def bundled_dir() -> Path:
    return BUNDLED


@pytest.fixture
def agreements_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled agreements that a test may edit."""
    target = tmp_path / "agreements"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


@pytest.fixture
def run_accord(tmp_path: Path) -> RunAccord:
    """Run the `accord` command line in this process (working directory: tmp_path)."""

    def run(
        *args: str,
        input: str | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return run_in_process(*args, input=input, cwd=cwd or tmp_path, env=env)

    return run


@pytest.fixture
def run_accord_process(tmp_path: Path) -> RunAccord:
    """Run the real `accord` entry point in a subprocess."""

    def run(
        *args: str,
        input: str | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "PYTHONPATH": str(REPO), **TERMINAL}
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "cli.main", *args],
            input=input,
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env=full_env,
            timeout=120,
        )

    return run
