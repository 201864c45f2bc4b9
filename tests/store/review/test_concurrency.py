"""Several instances on one store: no write lost, conflicting edits detected."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from store.agreements.model import Corpus
from store.review.errors import ConflictError
from store.review.store import ReviewStore
from tests.support.corpus import PYTHON, child_env

A, B = "alpha/improve-data", "beta/better-data"

WORKER = """
import sys
from pathlib import Path
from tests.support.corpus import load
from store.review.errors import ConflictError
from store.review.store import ReviewStore

store_path, agreements, who = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
corpus = load(agreements)
conflicts = 0
with ReviewStore.open(store_path, who, corpus=corpus) as store:
    for n in range(40):
        store.add_note("alpha/youth", f"{who} {n}")
        while True:  # read-modify-write: a counter in the link's score
            link = store.get_link("alpha/improve-data", "beta/better-data")
            try:
                store.set_link(link.ref_a, link.ref_b, score=link.score + 1,
                               expected_version=link.version)
                break
            except ConflictError:
                conflicts += 1
print(conflicts)
"""


def test_two_processes_lose_nothing(tmp_path: Path, agreements_dir: Path, corpus: Corpus) -> None:
    store_path = tmp_path / "shared.sqlite3"
    with ReviewStore.open(store_path, "setup", corpus=corpus) as store:
        store.set_link(A, B, score=0)
    env = child_env()
    workers = [
        subprocess.Popen(
            [PYTHON, "-c", WORKER, str(store_path), str(agreements_dir), who],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("alice", "bob")
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    with ReviewStore.open(store_path, "check", corpus=corpus) as store:
        texts = {note.text for note in store.notes("alpha/youth")}
        assert texts == {f"{who} {n}" for who in ("alice", "bob") for n in range(40)}
        link = store.get_link(A, B)
        assert link is not None and link.score == 80
        assert link.version == 81


def test_a_stale_note_edit_is_detected_not_overwritten(store_path: Path, corpus: Corpus) -> None:
    with (
        ReviewStore.open(store_path, "alice", corpus=corpus) as one,
        ReviewStore.open(store_path, "alice", corpus=corpus) as two,  # a second terminal
    ):
        note = one.add_note(A, "draft")
        seen_by_two = two.get_note(note.id)
        assert seen_by_two is not None
        one.update_note(note.id, "draft, edited in terminal one", note.version)
        with pytest.raises(ConflictError) as caught:
            two.update_note(note.id, "draft, edited in terminal two", seen_by_two.version)
        assert "text is now 'draft, edited in terminal one'" in str(caught.value)
        assert two.get_note(note.id).text == "draft, edited in terminal one"  # type: ignore[union-attr]


def test_a_write_waits_for_another_writer_instead_of_failing(
    store_path: Path, corpus: Corpus
) -> None:
    with (
        ReviewStore.open(store_path, "alice", corpus=corpus) as alice,
        ReviewStore.open(store_path, "bob", corpus=corpus) as bob,
    ):
        alice.set_link(A, B)
        # A read in progress on one connection does not block or break a writer.
        bob_conn = bob._conn
        bob_conn.execute("BEGIN")
        bob_conn.execute("SELECT count(*) FROM links").fetchone()
        assert alice.set_tag(A, B, "aligned").version == 2
        bob_conn.execute("COMMIT")
        assert bob.get_link(A, B).tag == "aligned"  # type: ignore[union-attr]
