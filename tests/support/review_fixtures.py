"""Fixtures for the store suites: small agreements written to disk, a real review store."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.agreements.model import Corpus
from store.review.store import ReviewStore
from tests.support.corpus import load, write_agreements


@pytest.fixture
def agreements_dir(tmp_path: Path) -> Path:
    return write_agreements(tmp_path / "agreements")


@pytest.fixture
def corpus(agreements_dir: Path) -> Corpus:
    return load(agreements_dir)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "reviews.sqlite3"


@pytest.fixture
def store(store_path: Path, corpus: Corpus):  # type: ignore[no-untyped-def]
    with ReviewStore.open(store_path, "alice", corpus=corpus) as opened:
        yield opened
