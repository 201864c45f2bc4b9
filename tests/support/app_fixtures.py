"""Fixtures for the TUI suites: a real session on a private copy of the agreements."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual._styles_cache import StylesCache

from service.session import Session
from tests.support.tui import REVIEWER, MakeApp
from tui.app import AccordApp


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def make_app(agreements_copy: Path, store_path: Path, config_dir: Path) -> Iterator[MakeApp]:
    """Build an AccordApp; file and store watching are off unless asked for."""
    sessions: list[Session] = []

    def make(
        directory: Path | None = None,
        *,
        reviewer: str = REVIEWER,
        theme: str | None = None,
        watch: bool = False,
        poll_interval: float = 0.05,
        pair: tuple[str, str] | None = None,
    ) -> AccordApp:
        session = Session.open(directory or agreements_copy, store_path, reviewer, pair)
        sessions.append(session)
        return AccordApp(
            session, config_dir=config_dir, theme=theme, watch=watch, poll_interval=poll_interval
        )

    yield make
    for session in sessions:
        session.store.close()


@pytest.fixture(autouse=True)
def _forget_finished_apps() -> Iterator[None]:
    """Let a finished app's widgets go before the next test.

    Textual memoises `StylesCache.get_inner_outer` per instance (an `lru_cache` of
    1,024 entries), which keeps the styles caches of finished apps, and every strip
    they drew, alive. Across a test process that is some 150,000 objects that each
    full collection walks again; the app collects on every start.
    """
    yield
    StylesCache.get_inner_outer.cache_clear()
