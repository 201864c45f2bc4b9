"""Review files: round trip, idempotent merge, conflicts, malformed files rejected whole."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from store.agreements.model import Corpus
from store.review.exchange import export_toml, import_files
from store.review.selection import ExportFilter
from store.review.store import ReviewStore

A, B, C, D = "alpha/improve-data", "beta/better-data", "alpha/youth", "beta/young"
TRICKY = 'quote " back\\slash\n\n# heading\tTAB \x1b[2J ESC \u202e RLO \x85 NEL """ end'


def _fill(store: ReviewStore) -> None:
    store.set_link(A, B, status="confirmed", tag="aligned", score=91.25)
    store.set_link(D, C, status="deferred")
    store.set_link("alpha/dialogue", "beta/green", tag="divergent")
    store.add_note(A, TRICKY)
    store.add_note((B, A), "on the link\nsecond line")
    store.mark_reviewed(C)


def _state(store: ReviewStore) -> tuple[object, ...]:
    links = {
        (k.pair, k.ref_a, k.status, k.tag, k.score, k.reviewer, k.created, k.updated,
         k.fingerprint_a, k.fingerprint_b, k.snapshot_a, k.snapshot_b)
        for k in store.links()
    }  # fmt: skip
    notes = {
        (n.ref, n.other_ref, n.text, n.reviewer, n.created, n.updated, n.fingerprint, n.snapshot,
         n.other_fingerprint, n.other_snapshot)
        for n in store.notes()
    }  # fmt: skip
    marks = {
        (m.ref, m.reviewer, m.created, m.fingerprint, m.snapshot) for m in store.reviewed_marks()
    }
    return links, notes, marks


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_export_then_import_into_an_empty_store_gives_an_equal_store(
    tmp_path: Path, store: ReviewStore, corpus: Corpus
) -> None:
    _fill(store)
    text = export_toml(store)
    assert "\x1b" not in text and "\u202e" not in text and "\x85" not in text
    assert "\\u202e" in text and "\\u001b" in text
    assert tomli.loads(text)["format"] == "accord-review"
    with ReviewStore.open(tmp_path / "empty.sqlite3", "carol", corpus=corpus) as empty:
        report = import_files(empty, [_write(tmp_path / "r.toml", text)])
        assert report.ok and report.added == {"link": 3, "note": 2, "reviewed": 1}
        assert _state(empty) == _state(store)
        assert export_toml(empty) == text


def test_export_is_stable_and_sorted(store: ReviewStore) -> None:
    _fill(store)
    first = export_toml(store)
    assert export_toml(store) == first
    data = tomli.loads(first)
    pairs = [(link["a"], link["b"]) for link in data["links"]]
    assert pairs == sorted(pairs)


def test_reimport_is_idempotent(tmp_path: Path, store: ReviewStore, corpus: Corpus) -> None:
    _fill(store)
    path = _write(tmp_path / "r.toml", export_toml(store))
    with ReviewStore.open(tmp_path / "other.sqlite3", "carol", corpus=corpus) as other:
        import_files(other, [path])
        state = _state(other)
        history = len(other.history())
        again = import_files(other, [path, path])
        assert again.ok and again.added == {"link": 0, "note": 0, "reviewed": 0}
        assert again.unchanged == 12
        assert _state(other) == state and len(other.history()) == history


def test_same_reviewer_different_judgement_is_reported_not_overwritten(
    tmp_path: Path, store_path: Path, corpus: Corpus
) -> None:
    with ReviewStore.open(tmp_path / "laptop.sqlite3", "alice", corpus=corpus) as laptop:
        laptop.set_link(A, B, status="confirmed", tag="aligned")
        laptop.set_link(C, D, status="rejected")
        path = _write(tmp_path / "laptop.toml", export_toml(laptop))
    with ReviewStore.open(store_path, "alice", corpus=corpus) as desk:
        desk.set_link(A, B, status="confirmed", tag="divergent")
        desk.set_link(C, D)  # an untouched suggestion: the file's judgement fills it in
        report = import_files(desk, [path])
        assert len(report.conflicts) == 1 and report.updated == 1
        conflict = report.conflicts[0]
        assert conflict.path == path
        assert path.read_text().splitlines()[conflict.line - 1] == "[[links]]"
        assert "alice's judgement changed" in conflict.message and "divergent" in conflict.message
        assert desk.get_link(A, B).tag == "divergent"  # type: ignore[union-attr]
        assert desk.get_link(C, D).status == "rejected"  # type: ignore[union-attr]


def test_malformed_file_is_rejected_whole_with_lines_and_store_unchanged(
    tmp_path: Path, store: ReviewStore
) -> None:
    _fill(store)
    good = _write(tmp_path / "good.toml", export_toml(store, ExportFilter(reviewer="nobody")))
    before = (_state(store), len(store.history()))
    bad_text = export_toml(store).replace('tag = "divergent"', 'tag = "similar"')
    bad_text = bad_text.replace('status = "deferred"', "status = 3")
    bad = _write(tmp_path / "bad.toml", bad_text)
    lines = bad_text.splitlines()
    report = import_files(store, [good, bad])
    assert not report.imported
    found = {(f.path.name, f.line, f.code) for f in report.findings}
    assert ("bad.toml", lines.index('tag = "similar"') + 1, "E104") in found
    assert ("bad.toml", lines.index("status = 3") + 1, "E104") in found
    assert (_state(store), len(store.history())) == before


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ('format = "accord-review"\nversion = 1\n[[links]\n', "E001", 3),
        ('format = "something-else"\n', "E101", 1),
        ('format = "accord-review"\nversion = 9\n', "E104", 2),
        ('format = "accord-review"\nversion = 1\nextra = 1\n', "E103", 3),
        ('format = "accord-review"\nversion = 1\n[[reviewed]]\nref = "alpha/youth"\n', "E101", 3),
    ],
)
def test_bad_files_give_file_line_findings(
    tmp_path: Path, store: ReviewStore, text: str, code: str, line: int
) -> None:
    report = import_files(store, [_write(tmp_path / "x.toml", text)])
    assert [(f.code, f.line) for f in report.findings][:1] == [(code, line)]
    assert store.reviewed_marks() == []


def test_a_whole_import_is_one_undo_step(
    tmp_path: Path, store: ReviewStore, corpus: Corpus
) -> None:
    with ReviewStore.open(tmp_path / "src.sqlite3", "bob", corpus=corpus) as source:
        _fill(source)
        path = _write(tmp_path / "bob.toml", export_toml(source))
    store.set_link(A, C, tag="duplicate")
    import_files(store, [path])
    assert len(store.links()) == 4
    assert store.undo() is not None
    assert [link.pair for link in store.links()] == [frozenset((A, C))]
    assert store.notes() == [] and store.reviewed_marks() == []


def test_imported_unknown_refs_become_orphans(tmp_path: Path, store: ReviewStore) -> None:
    text = (
        'format = "accord-review"\nversion = 1\n\n[[links]]\na = "alpha/gone"\nb = "beta/young"\n'
        'status = "confirmed"\nreviewer = "bob"\ncreated = "2026-01-01T00:00:00.000Z"\n'
        'updated = "2026-01-01T00:00:00.000Z"\nfingerprint_a = "abc"\nfingerprint_b = "def"\n'
        'snapshot_a = "old"\nsnapshot_b = "older"\n'
    )
    assert import_files(store, [_write(tmp_path / "o.toml", text)]).ok
    assert [o.ref for o in store.orphans()] == ["alpha/gone"]
    assert {o.ref for o in store.outdated()} == {"beta/young"}
