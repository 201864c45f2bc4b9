"""Class 4: a full disk, a locked store, unusable store paths and a deleted WAL: one clear
line, a non-zero exit, and every acknowledged write kept."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from store.review import db
from tests.support.hostile import (
    BUNDLED,
    REF_A,
    REF_B,
    REF_C,
    REF_D,
    assert_clean,
    child_env,
    count,
    drop_root_file_powers,
    integrity_ok,
    one_error_line,
    run_in_process,
    run_subprocess,
)


def _file_size_limit(extra: int, store: Path) -> Callable[[], None]:
    """preexec: the child may not grow any file past the store's size + `extra` bytes.

    Python ignores SIGXFSZ, so a write past the limit fails with EFBIG, as a
    full disk fails with ENOSPC.
    """
    sizes = [os.path.getsize(p) for p in (store, Path(f"{store}-wal")) if p.exists()]
    limit = max(sizes) + extra

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _acknowledged_notes(store: Path) -> list[str]:
    conn = sqlite3.connect(store)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM notes ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("command", ["note", "link", "import"])
def test_full_disk_is_one_line_and_keeps_acknowledged_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    store = tmp_path / "reviews.sqlite3"
    for number in range(3):
        done = run_in_process(capsys, "--store", str(store), "note", REF_A, f"kept {number}")
        assert done.code == 0, done.err
    # Larger than the 16 kB of room left, smaller than one argument may be (128 kB).
    big = "x" * 100_000
    stdin: bytes | None = None
    if command == "note":
        args: list[str] = ["note", REF_C, "-"]
        stdin = big.encode()
    elif command == "link":
        args = ["link", REF_A, REF_B, "--note", big]
    else:
        review = tmp_path / "review.toml"
        exported = run_in_process(
            capsys, "--store", str(store), "export", "--format", "toml", "-o", str(review)
        )
        assert exported.code == 0
        text = review.read_text(encoding="utf-8").replace("kept 0", big)
        review.write_text(text.replace('reviewer = "', 'reviewer = "other-', 1), encoding="utf-8")
        args = ["import", str(review)]
    run = run_subprocess(
        ["--store", str(store), *args],
        cwd=tmp_path,
        stdin=stdin,
        preexec=_file_size_limit(16_384, store),
    )
    assert run.code == 1, run.both
    assert_clean(run)
    line = one_error_line(run)
    assert "disk" in line and "everything acknowledged before is kept" in line
    assert integrity_ok(store)
    assert _acknowledged_notes(store)[:3] == ["kept 0", "kept 1", "kept 2"]
    # The store is still usable once there is space again.
    again = run_in_process(capsys, "--store", str(store), "note", REF_A, "after the fault")
    assert again.code == 0, again.err


def test_locked_store_says_who_holds_it_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "reviews.sqlite3"
    assert run_in_process(capsys, "--store", str(store), "link", REF_A, REF_B).code == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(store)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
        run = run_in_process(capsys, "--store", str(store), "link", REF_C, REF_D)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert run.code == 1
    assert_clean(run)
    line = one_error_line(run)
    assert "is locked by python" in line and f"pid {holder.pid}" in line
    assert "close the other Accord" in line
    assert count(store, "links") == 1 and integrity_ok(store)


def test_store_path_under_a_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("not a folder\n", encoding="utf-8")
    run = run_in_process(
        capsys, "--store", str(tmp_path / "file" / "sub" / "r.sqlite3"), "link", REF_A, REF_B
    )
    assert run.code == 1
    assert_clean(run)
    assert "part of that path is a file" in one_error_line(run)
    assert (tmp_path / "file").read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-to-dev-null"])
def test_store_path_that_is_not_a_file_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    store = tmp_path / "r.sqlite3"
    if kind == "fifo":
        os.mkfifo(store)
    elif kind == "folder":
        store.mkdir()
    else:
        store.symlink_to("/dev/null")
    mode = os.lstat(store).st_mode
    dev_null = os.stat("/dev/null")
    run = run_in_process(capsys, "--store", str(store), "link", REF_A, REF_B)
    assert run.code == 1
    assert_clean(run)
    assert "not a file" in one_error_line(run)
    assert os.lstat(store).st_mode == mode
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.stat("/dev/null").st_rdev == dev_null.st_rdev


def _read_only_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store with one link, checkpointed, in a folder nobody may write."""
    folder = tmp_path / "shared"
    store = folder / "reviews.sqlite3"
    assert run_in_process(capsys, "--store", str(store), "link", REF_A, REF_B).code == 0
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in folder.glob("reviews.sqlite3-*"):
        extra.unlink()
    store.chmod(0o444)
    folder.chmod(0o555)
    return store


def test_read_only_store_and_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _read_only_place(tmp_path, capsys)
    try:
        before = store.read_bytes()
        write = run_subprocess(
            ["--store", str(store), "link", REF_C, REF_D],
            cwd=tmp_path,
            preexec=drop_root_file_powers,
        )
        assert write.code == 1, write.both
        assert_clean(write)
        assert "read-only" in one_error_line(write)
        new = run_subprocess(
            ["--store", str(store.parent / "new" / "r.sqlite3"), "link", REF_C, REF_D],
            cwd=tmp_path,
            preexec=drop_root_file_powers,
        )
        assert new.code == 1, new.both
        assert_clean(new)
        assert "cannot create the folder" in one_error_line(new)
        # Exporting needs only read access.
        export = run_subprocess(
            ["--store", str(store), "export", "--format", "csv"],
            cwd=tmp_path,
            preexec=drop_root_file_powers,
        )
        assert export.code == 0, export.both
        assert_clean(export)
        assert REF_A in export.out
        # Listing notes and checking for orphans read only, too.
        for args in (["note", REF_A], ["check"]):
            reading = run_subprocess(
                ["--store", str(store), *args], cwd=tmp_path, preexec=drop_root_file_powers
            )
            assert reading.code == 0, reading.both
            assert_clean(reading)
            assert "warning" not in reading.err
        assert store.read_bytes() == before
    finally:
        store.parent.chmod(0o755)
        store.chmod(0o644)


def test_export_of_an_empty_store_file_is_one_line_and_leaves_it_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "reviews.sqlite3"
    store.touch()
    run = run_in_process(capsys, "--store", str(store), "export", "--format", "json")
    assert run.code == 1
    assert_clean(run)
    assert "is empty or from an older Accord" in one_error_line(run)
    assert store.stat().st_size == 0


def test_deleted_wal_under_a_live_reader_loses_no_acknowledged_cli_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two faults: the WAL is deleted while another process holds the store, which then dies.

    Every CLI command that wrote checkpoints its commits into the main file on
    closing, so the acknowledged writes are not only in the WAL.
    """
    store = tmp_path / "reviews.sqlite3"
    assert run_in_process(capsys, "--store", str(store), "note", REF_A, "first").code == 0
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(store)!r})\n"
            "c.execute('SELECT count(*) FROM notes').fetchall()\n"
            "print('reading', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline() == "reading\n"
        for number in range(5):
            done = run_in_process(capsys, "--store", str(store), "note", REF_B, f"ack {number}")
            assert done.code == 0, done.err
        wal = Path(f"{store}-wal")
        assert wal.exists()
        wal.unlink()
    finally:
        reader.send_signal(signal.SIGKILL)
        reader.wait(timeout=30)
    assert integrity_ok(store)
    assert _acknowledged_notes(store) == ["first", *(f"ack {n}" for n in range(5))]
    assert stat.S_ISREG(os.stat(store).st_mode)


def test_store_faults_reach_every_caller_as_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The UI handles StoreError: a lock or a full disk must arrive as one, not as sqlite3's."""
    from store.agreements.loader import load_corpus
    from store.review.errors import StoreFaultError
    from store.review.store import ReviewStore

    corpus = load_corpus(BUNDLED).corpus
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "reviews.sqlite3"
    with ReviewStore.open(path, "alice", corpus=corpus) as store:
        store.add_note(REF_A, "kept")
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreFaultError, match="is locked by another process"):
                store.add_note(REF_A, "refused")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert [note.text for note in store.notes(ref=REF_A)] == ["kept"]
        store.add_note(REF_A, "after the lock")
    assert integrity_ok(path)
