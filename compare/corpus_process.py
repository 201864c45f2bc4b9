"""Cold corpus matching in a child process, so the UI's interpreter stays free.

Matching is pure Python for the most part: in a thread of the UI process it
holds the GIL half the time, and every key the reviewer presses waits for it.
A child process (a new interpreter, never a fork: the parent runs threads) does the
uncached pairs instead and writes them to the corpus cache, which is the only
thing the two share; the parent then reads every pair from the cache. The
child gets the agreements as a pickle in the cache folder (written and read
by us alone) and reports progress one line per pair on its standard output;
cancelling terminates it, which is safe because cache entries are renamed
into place whole. If the child cannot run, the parent matches in its thread.

Headless: no Textual here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from compare.corpus_cache import (
    PAIR_SUFFIX,
    CorpusMatches,
    MatchingCancelled,
    Progress,
    digest,
    directory,
    match_corpus,
    oriented_pairs,
    pair_key,
)
from store.agreements.model import Agreement, Lexicon

# Below this many uncached pairs, starting a Python process costs more than it saves.
MIN_PAIRS = 50
POLL_SECONDS = 0.1


def uncached_pairs(agreements: Sequence[Agreement], lexicon: Lexicon, top_k: int = 5) -> int:
    """How many pairs have no cache entry (a quick look: entries are checked when read)."""
    digests = {a.id: digest(a) for a in agreements}
    lexicon_digest = digest(lexicon)
    folder = directory()
    return sum(
        1
        for a, b in oriented_pairs(agreements)
        if not (
            folder / f"{pair_key(digests[a.id], digests[b.id], lexicon_digest, top_k)}{PAIR_SUFFIX}"
        ).exists()
    )


def _child(source: Path) -> int:
    """In the child: match what the parent pickled into `source`, one line per pair done."""
    # Below the UI in the scheduler's eyes: keys first, matching with what is left.
    with contextlib.suppress(OSError):
        os.nice(10)
    with source.open("rb") as handle:
        agreements, lexicon, top_k = pickle.load(handle)

    def report(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)

    found = match_corpus(agreements, lexicon, top_k=top_k, progress=report)
    print(f"done {found.recomputed} {found.pair_count}", flush=True)
    return 0


def match_corpus_isolated(
    agreements: Sequence[Agreement],
    lexicon: Lexicon,
    *,
    top_k: int = 5,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    min_pairs: int | None = None,
) -> CorpusMatches:
    """`match_corpus`, with the uncached pairs matched in a child process when there are many.

    The result says how many pairs were recomputed in all (by the child, or
    here if the child failed). Raises MatchingCancelled.
    """
    recomputed = 0
    least = MIN_PAIRS if min_pairs is None else min_pairs
    if uncached_pairs(agreements, lexicon, top_k) >= least:
        recomputed = _run_child(list(agreements), lexicon, top_k, progress, cancelled)
    # After a child's run the bar is full; reading the cache back is quick.
    found = match_corpus(
        agreements,
        lexicon,
        top_k=top_k,
        progress=progress if not recomputed else None,
        cancelled=cancelled,
    )
    found.recomputed += recomputed
    return found


def _run_child(
    agreements: list[Agreement],
    lexicon: Lexicon,
    top_k: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> int:
    """Pairs the child matched; 0 when it could not run (the caller matches what is left).

    A plain subprocess, not multiprocessing: under Textual, sys.stderr is a capture
    object without a usable file descriptor, which multiprocessing's spawn needs.
    """
    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".job-", suffix=".pickle")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((agreements, lexicon, top_k), handle)
    except OSError:
        return 0
    source = Path(name)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "compare.corpus_process", str(source)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
    except OSError:
        source.unlink(missing_ok=True)
        return 0
    assert child.stdout is not None
    try:
        while True:
            if cancelled is not None and cancelled():
                raise MatchingCancelled
            ready, _, _ = select.select([child.stdout], [], [], POLL_SECONDS)
            if not ready:
                continue
            line = child.stdout.readline()
            if not line:  # the child ended without saying it was done
                return 0
            word, *numbers = line.split()
            if word == "progress" and progress is not None:
                progress(int(numbers[0]), int(numbers[1]))
            elif word == "done":
                return int(numbers[0])
    finally:
        if child.poll() is None:
            child.terminate()
        child.wait()
        child.stdout.close()
        source.unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(_child(Path(sys.argv[1])))
