"""On-disk cache of `match_pair` rankings.

What is stored is the ranking both ways (each commitment's best k: position
in the other agreement and exact score), not the explanations: those come
back from the two agreements' profiles when a match is read, as they do after
a fresh ranking, and storing them made the entry of a 10,000 × 10,000 pair
43 MB and its first run twice as slow. A ranking is stored under a key made of
the bytes of both agreement files, the lexicon file and `engine_version()`, so
that editing any of them (even a comment) or upgrading the engine recomputes
it. A file that cannot be read or parsed, or that does not fit the two
agreements, is ignored; files are written to a temporary file and renamed into
place, so a reader never sees half a ranking.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

from compare import profile
from compare.results import Ranking
from compare.scoring import BANDS
from store.agreements.model import Agreement, Lexicon
from store.safe_paths import check_replaceable, read_regular

ENGINE = "accord-compare-3"
CACHE_ENTRY_LIMIT = 512 * 1024 * 1024


@cache
def engine_version() -> str:
    """The engine's name plus everything data-driven that changes its results."""
    digest = hashlib.sha256(ENGINE.encode())
    settings = (
        BANDS,
        profile.CONCEPT_FACTOR,
        profile.PHRASE_WORD_FACTOR,
        profile.LENGTH_SLOPE,
        profile.PRIOR_DOCUMENTS,
    )
    digest.update(repr(settings).encode())
    data = resources.files("compare").joinpath("data")
    for name in sorted(item.name for item in data.iterdir() if item.name.endswith(".txt")):
        digest.update(name.encode())
        digest.update(data.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def _content(source: Agreement | Lexicon) -> bytes:
    """The file's bytes (every edit counts, comments too) and the model itself.

    The model is part of the key as well: an agreement built in memory, or one
    whose file changed after loading, must not be served another's result.
    """
    data = b""
    if source.path is not None:
        try:
            data = read_regular(source.path)
        except OSError:
            data = b"<unreadable>"
    return hashlib.sha256(data).digest() + hashlib.sha256(repr(source).encode()).digest()


def cache_key(a: Agreement, b: Agreement, lexicon: Lexicon, top_k: int) -> str:
    digest = hashlib.sha256(engine_version().encode())
    for part in (_content(a), _content(b), _content(lexicon)):
        digest.update(hashlib.sha256(part).digest())
    digest.update(f"top_k={top_k}".encode())
    return digest.hexdigest()


def directory() -> Path:
    from store.locate import cache_dir

    return cache_dir() / "matches"


def _ranking(raw: object, size: int, other_size: int) -> Ranking:
    """A stored ranking, checked against the agreements it must fit (ValueError if not)."""
    if not isinstance(raw, list) or len(raw) != size:
        raise ValueError("not a ranking of this agreement")
    ranking: Ranking = []
    for row in raw:
        found = [(int(index), float(score)) for index, score in row]
        if any(not 0 <= index < other_size for index, _ in found):
            raise ValueError("a position outside the other agreement")
        ranking.append(found)
    return ranking


def load(key: str, size_a: int, size_b: int) -> tuple[Ranking, Ranking] | None:
    """The stored rankings both ways of a pair of `size_a` and `size_b` commitments."""
    path = directory() / f"{key}.json"
    try:
        # The check that matters is that it is a regular file, so a FIFO planted
        # there cannot hang a run.
        data = json.loads(read_regular(path, limit=CACHE_ENTRY_LIMIT).decode("utf-8"))
        if data.get("key") != key:
            return None
        return (
            _ranking(data["forward"], size_a, size_b),
            _ranking(data["backward"], size_b, size_a),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Missing, truncated, or written by another version: recompute.
        return None


def store(key: str, forward: Ranking, backward: Ranking) -> None:
    """Write atomically; a cache that cannot be written is not an error."""
    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"key": key, "forward": forward, "backward": backward}, handle)
                handle.flush()
                os.fsync(handle.fileno())
            check_replaceable(folder / f"{key}.json")  # never replace a FIFO or a device
            os.replace(temporary, folder / f"{key}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return
