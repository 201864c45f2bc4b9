from __future__ import annotations

from pathlib import Path

import pytest
from review_support import load, write_agreements

from store.model import Corpus
from store.review import ReviewStore


@pytest.fixture
def agreements_dir(tmp_path: Path) -> Path:
    return write_agreements(tmp_path / "agreements")


@pytest.fixture
def corpus(agreements_dir: Path) -> Corpus:
    return load(agreements_dir)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "reviews.sqlite3"


@pytest.fixture
def store(store_path: Path, corpus: Corpus):  # type: ignore[no-untyped-def]
    with ReviewStore.open(store_path, "alice", corpus=corpus) as opened:
        yield opened
