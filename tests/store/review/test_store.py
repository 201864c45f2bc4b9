"""The review store's API: links, notes, marks, history, undo, outdated, orphans."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from store.agreements.model import Corpus
from store.review import db
from store.review.checks import orphan_findings
from store.review.errors import (
    ConflictError,
    NotAStoreError,
    NotFoundError,
    StoreError,
    StoreTooNewError,
    UnknownRefError,
    UnknownStatusError,
    UnknownTagError,
)
from store.review.store import ReviewStore
from tests.support.corpus import SMALL, edit_text, load, write_agreements

A, B, C = "alpha/improve-data", "beta/better-data", "alpha/youth"


def test_open_creates_parent_folders_and_a_wal_store(store_path: Path, corpus: Corpus) -> None:
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        store.set_link(A, B)
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    conn.close()


def test_link_pair_is_unordered_and_oriented_as_asked(store: ReviewStore) -> None:
    created = store.set_link(A, B, tag="aligned", score=81.5)
    assert (created.status, created.tag, created.version) == ("suggested", "aligned", 1)
    again = store.set_status(B, A, "confirmed")
    assert (again.ref_a, again.ref_b, again.version) == (B, A, 2)
    assert again.snapshot_a == "develop better labour market information systems"
    stored = store.get_link(A, B)
    assert stored is not None
    assert (stored.ref_a, stored.status, stored.tag, stored.score) == (
        A,
        "confirmed",
        "aligned",
        81.5,
    )
    assert len(store.links()) == 1
    assert store.links("beta", "alpha")[0].ref_a == B
    assert store.links("alpha")[0].ref_a == A
    assert store.links("gamma") == []


def test_set_tag_none_clears_and_set_link_none_keeps(store: ReviewStore) -> None:
    store.set_link(A, B, tag="divergent")
    assert store.set_link(A, B, status="deferred").tag == "divergent"
    assert store.set_tag(A, B, None).tag is None


def test_unchanged_write_does_not_bump_version(store: ReviewStore) -> None:
    link = store.set_link(A, B, tag="aligned")
    assert store.set_link(A, B, tag="aligned").version == link.version
    assert len(store.history()) == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"status": "maybe"}, UnknownStatusError),
        ({"tag": "similar"}, UnknownTagError),
    ],
)
def test_unknown_values_are_refused(
    store: ReviewStore, kwargs: dict[str, str], error: type
) -> None:
    with pytest.raises(error):
        store.set_link(A, B, **kwargs)
    assert store.links() == []


def test_unknown_ref_and_self_link_are_refused(store: ReviewStore) -> None:
    with pytest.raises(UnknownRefError, match="alpha/nope"):
        store.set_link(A, "alpha/nope")
    with pytest.raises(StoreError):
        store.set_link(A, A)
    with pytest.raises(UnknownRefError):
        store.add_note("nope", "x")


def test_stale_link_update_is_a_conflict_saying_who_and_what(
    store_path: Path, corpus: Corpus
) -> None:
    with (
        ReviewStore.open(store_path, "alice", corpus=corpus) as alice,
        ReviewStore.open(store_path, "bob", corpus=corpus) as bob,
    ):
        seen = alice.set_link(A, B, tag="aligned")
        bob.set_tag(A, B, "divergent", expected_version=seen.version)
        with pytest.raises(ConflictError) as caught:
            alice.set_status(A, B, "confirmed", expected_version=seen.version)
        message = str(caught.value)
        assert "bob" in message and "'aligned' → 'divergent'" in message
        assert caught.value.changed_by == "bob"
        assert caught.value.current is not None and caught.value.current.tag == "divergent"
        assert alice.get_link(A, B).status == "suggested"  # type: ignore[union-attr]


def test_notes_autosave_conflict_and_delete(store: ReviewStore) -> None:
    note = store.add_note(A, "first")
    for text in ("first d", "first dr", "first draft"):
        note = store.update_note(note.id, text, note.version)
    assert (note.text, note.version) == ("first draft", 4)
    with pytest.raises(ConflictError, match="version 2"):
        store.update_note(note.id, "stale", 2)
    link = store.set_link(A, B)
    on_link = store.add_note(link, "why they match")
    assert [n.text for n in store.notes(ref=A)] == ["first draft"]
    assert [n.id for n in store.notes(link=(B, A))] == [on_link.id]
    assert on_link.other_ref == B and on_link.link == (A, B)
    store.delete_note(note.id, note.version)
    assert store.get_note(note.id) is None
    with pytest.raises(ConflictError, match="deleted"):
        store.update_note(note.id, "again", note.version)
    with pytest.raises(NotFoundError):
        store.add_note((A, C), "no such link")


def test_reviewed_marks(store: ReviewStore) -> None:
    assert store.mark_reviewed(A) is True
    assert store.mark_reviewed(A) is False
    store.mark_reviewed(B)
    assert store.reviewed_refs() == {A, B}
    assert store.reviewed_refs("alpha") == {A}
    assert store.mark_reviewed(A, reviewed=False) is True
    assert store.reviewed_refs() == {B}


def test_undo_reverts_this_reviewers_last_action_durably(store_path: Path, corpus: Corpus) -> None:
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        store.set_link(A, B, tag="aligned")
        store.set_status(A, B, "confirmed")
        store.mark_reviewed(A)
        assert store.undo() == f"{A}: marked reviewed"
        assert "confirmed" in (store.undo() or "")
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        link = store.get_link(A, B)
        assert link is not None and (link.status, link.tag, link.version) == (
            "suggested",
            "aligned",
            3,
        )
        assert store.reviewed_refs() == set()
        assert "created" in (store.undo() or "")
        assert store.links() == []
        assert store.undo() is None
        kinds = [entry.op for entry in store.history()]
        assert kinds.count("undo") == 3


def test_undo_does_not_touch_other_reviewers_and_refuses_their_later_edits(
    store_path: Path, corpus: Corpus
) -> None:
    with (
        ReviewStore.open(store_path, "alice", corpus=corpus) as alice,
        ReviewStore.open(store_path, "bob", corpus=corpus) as bob,
    ):
        alice.set_link(A, B, tag="aligned")
        bob.set_link(C, B, tag="duplicate")
        bob.set_tag(A, B, "complementary")
        with pytest.raises(ConflictError, match="bob"):
            alice.undo()
        assert alice.get_link(A, B).tag == "complementary"  # type: ignore[union-attr]
        assert "complementary" in (bob.undo() or "")
        assert "created" in (alice.undo() or "")
        assert [link.ref_a for link in bob.links()] == [C]


def test_note_autosaves_within_the_window_are_one_undo_step(store: ReviewStore) -> None:
    moments = iter(dt.datetime(2026, 1, 1, 12, 0, s, tzinfo=dt.UTC) for s in (0, 2, 4, 6, 50))
    store.clock = lambda: next(moments)
    store.note_coalesce_seconds = 10
    note = store.add_note(A, "d")
    for text in ("dr", "dra", "draft"):
        note = store.update_note(note.id, text, note.version)
    assert len(store.history(note)) == 1
    assert store.undo() == f"{A}: note added"
    assert store.notes() == []


def test_history_of_a_record_and_of_a_ref(store: ReviewStore) -> None:
    link = store.set_link(A, B)
    store.set_tag(B, A, "aligned")
    note = store.add_note(A, "text")
    assert [e.op for e in store.history(link)] == ["update", "create"]
    assert [e.kind for e in store.history(A)] == ["note", "link", "link"]
    assert store.history(note)[0].after["text"] == "text"  # type: ignore[index]
    assert all(e.reviewer == "alice" and e.at.endswith("Z") for e in store.history())
    assert len(store.history(limit=1)) == 1


def test_has_changed_sees_other_connections_only(store_path: Path, corpus: Corpus) -> None:
    with (
        ReviewStore.open(store_path, "alice", corpus=corpus) as alice,
        ReviewStore.open(store_path, "bob", corpus=corpus) as bob,
    ):
        assert alice.has_changed() is False
        alice.set_link(A, B)
        assert alice.has_changed() is False
        bob.set_tag(A, B, "aligned")
        assert alice.has_changed() is True
        assert alice.has_changed() is False


def test_outdated_keeps_old_and_new_text_until_acknowledged(
    agreements_dir: Path, store_path: Path, corpus: Corpus
) -> None:
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        store.set_link(A, B, tag="aligned")
        note = store.add_note(B, "matches A")
        store.mark_reviewed(B)
    edit_text(agreements_dir, B, "develop NEW labour market information systems")
    edited = load(agreements_dir)
    with ReviewStore.open(store_path, "alice", corpus=edited) as store:
        found = store.outdated()
        assert sorted(type(o.record).__name__ for o in found) == ["Link", "Note"]
        assert {(o.ref, o.old_text, o.new_text) for o in found} == {
            (B, SMALL["beta"]["jobs"][0][1], "develop NEW labour market information systems")
        }
        store.acknowledge(store.get_note(note.id))  # type: ignore[arg-type]
        assert [type(o.record).__name__ for o in store.outdated()] == ["Link"]
        store.set_status(A, B, "confirmed")  # judging the link re-reads the text
        assert store.outdated() == []
        assert store.outdated(corpus) != []  # against the old wording it is outdated again


def test_orphans_are_reported_never_deleted(
    tmp_path: Path, store_path: Path, corpus: Corpus
) -> None:
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        store.set_link(A, B)
        store.add_note(A, "on A")
        store.mark_reviewed(A)
    renamed = {
        "alpha": {"skills": [("renamed", "improve skills and labour market data")]},
        "beta": SMALL["beta"],
    }
    other = load(write_agreements(tmp_path / "renamed", renamed))
    with ReviewStore.open(store_path, "alice", corpus=other) as store:
        orphans = store.orphans()
        assert sorted(type(o.record).__name__ for o in orphans) == ["Link", "Note", "ReviewedMark"]
        assert {o.ref for o in orphans} == {A}
        assert len(store.links()) == 1
    findings = orphan_findings(store_path, other)
    assert [(f.code, f.severity) for f in findings] == [("W202", "warning")]
    assert A in findings[0].message and "3 review record(s)" in findings[0].message
    assert findings[0].path == tmp_path / "renamed" / "alpha.toml"


def test_orphan_findings_never_creates_a_store(tmp_path: Path, corpus: Corpus) -> None:
    missing = tmp_path / "none" / "reviews.sqlite3"
    assert orphan_findings(missing, corpus) == []
    assert not missing.parent.exists()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_store_from_a_newer_accord_is_refused_and_left_untouched(
    store_path: Path, corpus: Corpus
) -> None:
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        store.set_link(A, B)
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.close()
    before = _digest(store_path)
    with pytest.raises(StoreTooNewError, match="newer Accord") as caught:
        ReviewStore.open(store_path, "alice", corpus=corpus)
    assert "upgrade" in str(caught.value)
    assert _digest(store_path) == before
    with pytest.raises(StoreTooNewError):
        orphan_findings(store_path, corpus)
    assert _digest(store_path) == before


def test_a_foreign_database_or_file_is_refused(tmp_path: Path, corpus: Corpus) -> None:
    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAStoreError, match="not an Accord review store"):
        ReviewStore.open(foreign, "alice", corpus=corpus)
    text = tmp_path / "notes.txt"
    text.write_text("hello, not a database, but long enough to look like one" * 20)
    with pytest.raises(NotAStoreError):
        ReviewStore.open(text, "alice", corpus=corpus)


def test_an_empty_version_0_file_is_migrated(store_path: Path, corpus: Corpus) -> None:
    store_path.parent.mkdir(parents=True)
    sqlite3.connect(store_path).close()
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        assert store.set_link(A, B).version == 1
