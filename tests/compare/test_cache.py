"""The match cache: reused while nothing changes, recomputed when any byte does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare import cache, engine
from store.agreements.loader import load_corpus


def load(directory: Path):  # type: ignore[no-untyped-def]
    corpus = load_corpus(directory).corpus
    return corpus.agreement("etf-2026"), corpus.agreement("hlm-2022"), corpus.lexicon


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Rankings computed (not served from the cache)."""
    calls: list[int] = []
    real = engine.top_matches

    def compute(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "top_matches", compute)
    return calls


def test_reopening_is_served_from_the_cache(
    agreements_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting(monkeypatch)
    a, b, lexicon = load(agreements_copy)
    first = engine.match_pair(a, b, lexicon)
    again = engine.match_pair(a, b, lexicon)
    assert len(calls) == 1
    assert again == first
    assert list(cache.directory().glob("*.json"))
    assert not list(cache.directory().glob(".tmp-*"))


@pytest.mark.parametrize("name", ["etf-2026.toml", "hlm-2022.toml", "lexicon.toml"])
def test_any_byte_changed_recomputes(
    agreements_copy: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    calls = counting(monkeypatch)
    engine.match_pair(*load(agreements_copy)[:2], load(agreements_copy)[2])
    path = agreements_copy / name
    # A comment: the model does not change, the bytes do.
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    a, b, lexicon = load(agreements_copy)
    engine.match_pair(a, b, lexicon)
    assert len(calls) == 2
    engine.match_pair(a, b, lexicon)
    assert len(calls) == 2


def test_corrupt_cache_is_ignored(agreements_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    a, b, lexicon = load(agreements_copy)
    first = engine.match_pair(a, b, lexicon)
    for path in cache.directory().glob("*.json"):
        path.write_text('{"key": "truncat', encoding="utf-8")
    assert engine.match_pair(a, b, lexicon) == first
    assert len(calls) == 2
    for path in cache.directory().glob("*.json"):
        path.write_text('{"key": 1, "result": []}', encoding="utf-8")
    assert engine.match_pair(a, b, lexicon) == first
    assert len(calls) == 3
    # The right key, but a ranking that does not fit the agreements.
    for path in cache.directory().glob("*.json"):
        key = path.stem
        path.write_text(
            json.dumps({"key": key, "forward": [[[999, 50.0]]], "backward": []}), encoding="utf-8"
        )
    assert engine.match_pair(a, b, lexicon) == first
    assert len(calls) == 4


def test_unwritable_cache_is_not_an_error(
    agreements_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(cache, "directory", lambda: blocker / "matches")
    a, b, lexicon = load(agreements_copy)
    assert engine.match_pair(a, b, lexicon).forward
