"""store.forked: two pieces of work at once, the second in a forked child where that is safe."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from store import forked

REPO = Path(__file__).resolve().parents[2]

# A fresh interpreter runs one thread, so it forks; pytest's workers may not.
SCRIPT = """
import os, sys
from store import forked

parent = os.getpid()
assert forked.can_fork()
here, there = forked.both(lambda: os.getpid(), lambda: (os.getpid(), [1, "two", 3.0]))
print(here == parent, there[0] != parent, there[1])

def dies():
    if os.getpid() != parent:
        os._exit(3)  # the child dies without a word: the parent does the work
    return "done here"

print(forked.both(lambda: 1, dies))

def fails():
    raise ValueError("bad input, line 3")

try:
    forked.both(lambda: 1, fails)
except ValueError as error:
    print("raised", error)

forked.in_turn(lambda: print("first half"), lambda: ("second", os.getpid() != parent), print)

def make_fails():
    if os.getpid() != parent:
        raise MemoryError  # the child cannot make its share: the parent does
    return "second, made here"

forked.in_turn(lambda: print("first again"), make_fails, print)

def emit_dies(share):
    os._exit(5)  # part of the output may be missing: the parent must say so

try:
    forked.in_turn(lambda: None, lambda: "x", emit_dies)
except forked.ChildFailed:
    print("child failed while writing")

# in_turn returns once its child has written; the child may still be exiting.
while True:
    try:
        os.waitpid(-1, 0)
    except ChildProcessError:
        break

try:
    forked.both(lambda: 1 / 0, lambda: __import__("time").sleep(60))
except ZeroDivisionError:
    try:
        os.waitpid(-1, os.WNOHANG)
        print("a child is left")
    except ChildProcessError:
        print("here failed, no child left")
"""


def test_the_second_piece_runs_in_a_child_and_failures_surface_in_the_parent() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=30,  # a child left running for a minute would make this fail
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "True True [1, 'two', 3.0]",
        "(1, 'done here')",
        "raised bad input, line 3",
        "first half",
        "('second', True)",
        "first again",
        "second, made here",
        "child failed while writing",
        "here failed, no child left",
    ]


def test_no_fork_while_another_thread_runs() -> None:
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert not forked.can_fork()
        here, there = forked.both(os.getpid, os.getpid)
        assert here == there == os.getpid()
    finally:
        release.set()
        worker.join()


def test_an_error_in_the_first_piece_propagates() -> None:
    with pytest.raises(ZeroDivisionError):
        forked.both(lambda: 1 / 0, lambda: 2)


PATHS_SCRIPT = """
import sys
from pathlib import Path
from store.agreements import loader
from compare import engine

folder = Path(sys.argv[1])
assert loader.forked.can_fork()
loader.LOAD_APART_FROM, engine.ANALYSE_APART_FROM = 10**12, 10**12
alone = loader.load_corpus(folder)
a, b = alone.corpus.agreements[:2]
profiles_alone = engine.pair_profiles(a, b, alone.corpus.lexicon)
loader.LOAD_APART_FROM, engine.ANALYSE_APART_FROM = 0, 0
apart = loader.load_corpus(folder)
profiles_apart = engine.pair_profiles(a, b, apart.corpus.lexicon)
print(apart.corpus == alone.corpus, apart.findings == alone.findings, len(apart.findings) > 0)
print([list(p) for p in profiles_apart] == [list(p) for p in profiles_alone], len(profiles_apart[0]) > 0)
"""


def test_loading_and_analysing_on_two_cores_give_what_one_gives(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    shutil.copytree(REPO / "agreements", folder)
    (folder / "broken.toml").write_text('id = "broken"\ntitle = \n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PATHS_SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["True True True", "True True"]
