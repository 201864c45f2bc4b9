"""SIGKILL a writer at random moments: every acknowledged write survives, the file stays sound.

`pytest --crash-kills N` (default 100) sets the number of kills.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from store.review.store import ReviewStore
from tests.support.corpus import PYTHON, child_env, grid_layout, make_corpus

CHILD = Path(__file__).with_name("crash_child.py")
RUNS_PER_STORE = 100  # the child's START ranges of one store must not overlap


def _run_once(store: Path, start: int, rng: random.Random, env: dict[str, str]) -> list[str]:
    child = subprocess.Popen(
        [PYTHON, str(CHILD), str(store), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert child.stdout is not None
    if rng.random() < 0.1:
        # Sometimes kill while it starts: opening, recovering or migrating the store.
        time.sleep(rng.uniform(0, 0.15))
    else:
        child.stdout.readline()  # "ready"
        time.sleep(rng.uniform(0, 0.03))
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read().decode()
    child.wait()
    child.stdout.close()
    # A line cut by the kill has no newline: it was never acknowledged.
    return [line for line in rest.split("\n")[:-1] if line and line != "ready"]


def _check(store: Path, acks: list[str]) -> None:
    """Every acknowledged write so far in this store is there; the file is sound."""
    if not store.exists():  # killed before it created the store
        assert not acks
        return
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    with ReviewStore.open(store, "checker", corpus=CORPUS) as opened:
        links = {(link.ref_a, link.ref_b): link for link in opened.links()}
        notes = {note.id: note for note in opened.notes()}
    for ack in acks:
        kind, *rest = ack.split()
        if kind == "L":
            a, b, tag = rest
            assert (a, b) in links, f"acknowledged link lost: {ack}"
            assert (links[(a, b)].status, links[(a, b)].tag) == ("confirmed", tag)
        else:
            note_id, number, step = rest
            assert int(note_id) in notes, f"acknowledged note lost: {ack}"
            # A later, unacknowledged edit may also have committed.
            assert notes[int(note_id)].text in {f"n{number}-{s}" for s in range(int(step), 2)}


CORPUS = make_corpus(grid_layout(150))


def test_acknowledged_writes_survive_sigkill(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    kills = int(request.config.getoption("--crash-kills", default=100) or 100)
    rng = random.Random()
    env = child_env()
    acks: dict[Path, list[str]] = {}
    for run in range(kills):
        store = tmp_path / f"block-{run // RUNS_PER_STORE}" / "reviews.sqlite3"
        done = acks.setdefault(store, [])
        done += _run_once(store, (run % RUNS_PER_STORE) * 200, rng, env)
        _check(store, done)
    # The kills must land mid-work, not always before the first write.
    assert sum(len(done) for done in acks.values()) > kills
