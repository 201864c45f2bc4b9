"""A link's origin (matcher or manual): schema version 3, its migration, undo and exchange."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.agreements.model import Corpus
from store.review import db
from store.review.errors import StoreError
from store.review.exchange import export_toml, import_files
from store.review.store import ReviewStore

A, B, C = "alpha/improve-data", "beta/better-data", "alpha/youth"


def _version_1_store(path: Path) -> None:
    """A store exactly as Accord wrote it before links had an origin, with one link in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    for statement in db.MIGRATIONS[0].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO links (ref_a, ref_b, status, tag, score, fingerprint_a, fingerprint_b,"
        " snapshot_a, snapshot_b, reviewer, created, updated) VALUES"
        " (?, ?, 'confirmed', NULL, 50.0, 'f1', 'f2', 'old a', 'old b', 'bob',"
        " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        (A, B),
    )
    conn.close()


def test_a_version_1_store_is_migrated_and_its_links_come_from_the_matcher(
    store_path: Path, corpus: Corpus
) -> None:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    _version_1_store(store_path)
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        found = store.get_link(A, B)
        assert found is not None and found.origin == "matcher"
        manual = store.set_link(C, B, status="confirmed", origin="manual")
        assert manual.origin == "manual"
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION == 3
    conn.close()


def test_origin_is_kept_unless_given_and_checked(store: ReviewStore) -> None:
    created = store.set_link(A, B, origin="manual")
    assert created.origin == "manual"
    assert store.set_status(A, B, "confirmed").origin == "manual"
    assert store.set_link(A, B, tag="aligned").origin == "manual"
    with pytest.raises(StoreError, match="unknown link origin 'robot'"):
        store.set_link(C, B, origin="robot")
    assert store.get_link(C, B) is None


def test_undo_of_a_change_logged_before_the_origin_column_restores_the_default(
    store: ReviewStore,
) -> None:
    store.set_link(A, B, status="confirmed")
    # Rewrite the logged rows as a version-1 Accord wrote them: no origin key.
    conn = store._conn
    for row_id, after in conn.execute("SELECT id, after FROM history").fetchall():
        conn.execute(
            "UPDATE history SET after = json_remove(after, '$.origin') WHERE id = ?", (row_id,)
        )
        assert '"origin"' in after
    assert store.undo() is not None
    assert store.get_link(A, B) is None


def test_manual_origin_travels_through_the_review_file(
    store: ReviewStore, store_path: Path, corpus: Corpus, tmp_path: Path
) -> None:
    store.set_link(A, B, status="confirmed", origin="manual")
    store.set_link(C, B, status="confirmed")
    exported = export_toml(store)
    assert exported.count('origin = "manual"') == 1
    review_file = tmp_path / "review.toml"
    review_file.write_text(exported, encoding="utf-8")
    with ReviewStore.open(tmp_path / "other.sqlite3", "carol", corpus=corpus) as other:
        report = import_files(other, [review_file])
        assert report.imported
        origins = {(link.ref_a, link.ref_b): link.origin for link in other.links()}
    assert origins[tuple(sorted((A, B)))] == "manual"  # type: ignore[index]
    assert origins[tuple(sorted((C, B)))] == "matcher"  # type: ignore[index]


def test_an_unknown_origin_in_a_review_file_is_a_finding(
    store: ReviewStore, corpus: Corpus, tmp_path: Path
) -> None:
    store.set_link(A, B, status="confirmed", origin="manual")
    review_file = tmp_path / "review.toml"
    review_file.write_text(
        export_toml(store).replace('origin = "manual"', 'origin = "guess"'), encoding="utf-8"
    )
    with ReviewStore.open(tmp_path / "other.sqlite3", "carol", corpus=corpus) as other:
        report = import_files(other, [review_file])
        assert not report.imported
        assert any("unknown origin 'guess'" in f.message for f in report.findings)
        assert other.links() == []
