"""Fault injection beside the SIGKILL test: a full disk and a locked store, many writers.

Each run starts several writer processes running the real `accord note` command
over one store:

- disk full: each writer has its own file size limit (RLIMIT_FSIZE, a few kB
  to a few hundred kB past the store's size), so they hit "the disk is full" at
  different moments, while the others go on writing;
- locked store: the test holds the store's write lock during some rounds (the
  writers' busy timeout is short), and releases it for others.

Every failed command must print exactly one `accord: error:` line (no
traceback) and exit 1; every acknowledged note must be in the store afterwards,
and `PRAGMA integrity_check` must pass. `pytest --fault-runs N` (default 2) sets
the number of runs of each kind.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.corpus import PYTHON, child_env, write_agreements

CHILD = Path(__file__).with_name("fault_child.py")
WRITERS = 4
WRITES = 12


def _env() -> dict[str, str]:
    env = child_env()
    env["PYTHONPATH"] = f"{CHILD.parent}:{env['PYTHONPATH']}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # the file size limit is for the store
    return env


def _spawn(
    mode: str, store: Path, agreements: Path, writer: int, preexec: Callable[[], None] | None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [PYTHON, str(CHILD), mode, str(store), str(agreements), str(writer), str(WRITES)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        preexec_fn=preexec,
    )


def _limit(size: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return apply


def _parse(line: str, failures: list[str], acks: list[str]) -> str:
    kind, _, rest = line.rstrip("\n").partition(" ")
    if kind == "ack":
        acks.append(rest)
    else:
        code, _, err = rest.partition(" ")
        message = json.loads(err)
        assert code == "1", message
        assert "Traceback" not in message, message
        lines = [line for line in message.splitlines() if line]
        assert len(lines) == 1 and lines[0].startswith("accord: error: "), message
        failures.append(lines[0])
    return kind


def _seed(store: Path, agreements: Path) -> list[str]:
    """One acknowledged note, so the store exists with its schema before the faults."""
    from cli.main import main

    assert (
        main(
            ["--store", str(store), "--agreements", str(agreements), "note", "alpha/youth", "seed"]
        )
        == 0
    )
    return ["seed"]


def _check(store: Path, acks: list[str]) -> None:
    conn = sqlite3.connect(store)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0].split()[0] for row in conn.execute("SELECT text FROM notes")}
    finally:
        conn.close()
    lost = sorted(set(acks) - stored)
    assert not lost, f"acknowledged notes lost: {lost}"


def _disk_full_run(tmp_path: Path, rng: random.Random, agreements: Path) -> tuple[int, int]:
    store = tmp_path / "reviews.sqlite3"
    acks = _seed(store, agreements)
    base = max(os.path.getsize(p) for p in tmp_path.glob("reviews.sqlite3*"))
    children = [
        _spawn("disk", store, agreements, n, _limit(base + rng.randrange(4_096, 300_000)))
        for n in range(WRITERS)
    ]
    failures: list[str] = []
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        for line in out.splitlines():
            _parse(line, failures, acks)
    for failure in failures:
        assert "disk" in failure and "everything acknowledged before is kept" in failure
    _check(store, acks)
    return len(acks) - 1, len(failures)


def _locked_run(tmp_path: Path, rng: random.Random, agreements: Path) -> tuple[int, int]:
    store = tmp_path / "reviews.sqlite3"
    acks = _seed(store, agreements)
    children = [_spawn("lock", store, agreements, n, None) for n in range(WRITERS)]
    holder = sqlite3.connect(store, isolation_level=None)
    failures: list[str] = []
    try:
        for _ in range(WRITES):
            locked = rng.random() < 0.5
            if locked:
                holder.execute("BEGIN IMMEDIATE")
            for child in children:
                assert child.stdin is not None
                child.stdin.write("go\n")
                child.stdin.flush()
            kinds = []
            for child in children:
                assert child.stdout is not None
                kinds.append(_parse(child.stdout.readline(), failures, acks))
            if locked:
                # Held by us for the whole round: every writer must have been refused.
                assert kinds == ["fail"] * WRITERS
                holder.execute("COMMIT")
    finally:
        holder.close()
        for child in children:
            assert child.stdin is not None and child.stdout is not None
            child.stdin.close()  # the child stops at end of input
            child.wait(timeout=60)
            child.stdout.close()
            if child.stderr is not None:
                child.stderr.close()
    for failure in failures:
        assert "is locked by" in failure and "run the command again" in failure
    _check(store, acks)
    return len(acks) - 1, len(failures)


@pytest.mark.parametrize("kind", ["disk-full", "locked"])
def test_faults_lose_no_acknowledged_write(
    tmp_path: Path, request: pytest.FixtureRequest, kind: str
) -> None:
    runs = int(request.config.getoption("--fault-runs", default=2) or 2)
    rng = random.Random()
    totals = [0, 0]
    for run in range(runs):
        folder = tmp_path / f"run-{run}"
        agreements = write_agreements(folder / "agreements")
        fault = _disk_full_run if kind == "disk-full" else _locked_run
        acked, failed = fault(folder, rng, agreements)
        totals[0] += acked
        totals[1] += failed
    print(f"{kind}: {runs} run(s), {totals[0]} acknowledged notes kept, {totals[1]} refused")
    # The faults must bite, and writing must go on around them.
    assert totals[1] > 0, "no write failed: the fault was never injected"
    assert totals[0] > 0, "no write succeeded: nothing was tested for loss"
