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
    record_pairs,
)
from store.agreements.model import Agreement, Lexicon

# Below this many uncached pairs, starting a Python process costs more than it saves.
MIN_PAIRS = 50
MAX_CHILDREN = 4
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


def _child(source: Path, part: int = 0, parts: int = 1) -> int:
    """In a child: match its share of what the parent pickled, one line per pair done."""
    # Below the UI in the scheduler's eyes: keys first, matching with what is left.
    with contextlib.suppress(OSError):
        os.nice(10)
    with source.open("rb") as handle:
        agreements, lexicon, top_k = pickle.load(handle)

    def report(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)

    found = match_corpus(
        agreements,
        lexicon,
        top_k=top_k,
        progress=report,
        share=(part, parts) if parts > 1 else None,
    )
    print(f"done {found.recomputed} {found.pair_count}", flush=True)
    return 0


def children_for(uncached: int) -> int:
    """One child per core, at most `MAX_CHILDREN`, and one per `MIN_PAIRS` uncached pairs.

    They run at a lower priority than the UI, so a key still finds a core.
    """
    return max(1, min(MAX_CHILDREN, _cores(), uncached // MIN_PAIRS))


def _cores() -> int:
    """The cores this process may run on (a container's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def match_corpus_isolated(
    agreements: Sequence[Agreement],
    lexicon: Lexicon,
    *,
    top_k: int = 5,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    min_pairs: int | None = None,
    children: int | None = None,
) -> CorpusMatches:
    """`match_corpus`, with the uncached pairs matched in child processes when there are many.

    The result says how many pairs were recomputed in all (by the children, or
    here for what they could not do). Raises MatchingCancelled.
    """
    recomputed = 0
    least = MIN_PAIRS if min_pairs is None else min_pairs
    uncached = uncached_pairs(agreements, lexicon, top_k)
    if uncached >= least:
        count = children_for(uncached) if children is None else max(1, children)
        if count > 1:
            # The children's shares keep no ledger: what they will write is listed here.
            record_pairs(agreements, lexicon, top_k)
        recomputed = _run_children(list(agreements), lexicon, top_k, progress, cancelled, count)
    # After the children's run the bar is full; reading the cache back is quick.
    found = match_corpus(
        agreements,
        lexicon,
        top_k=top_k,
        progress=progress if not recomputed else None,
        cancelled=cancelled,
    )
    found.recomputed += recomputed
    return found


def _run_children(
    agreements: list[Agreement],
    lexicon: Lexicon,
    top_k: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    count: int,
) -> int:
    """Pairs the children matched; those that could not run or died count none (the
    caller matches what is left).

    Plain subprocesses, not multiprocessing: under Textual, sys.stderr is a capture
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
    running: list[subprocess.Popen[str]] = []
    try:
        for part in range(count):
            with contextlib.suppress(OSError):
                running.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "compare.corpus_process", str(source)]
                        + ([str(part), str(count)] if count > 1 else []),
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL,
                        env=env,
                        text=True,
                    )
                )
        if len(running) < count:  # a share nobody matches: the caller does it all
            return 0
        total = len(agreements) * (len(agreements) - 1) // 2
        return _follow(running, total, progress, cancelled)
    finally:
        for child in running:
            if child.poll() is None:
                child.terminate()
        for child in running:
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
        source.unlink(missing_ok=True)


def _follow(
    running: list[subprocess.Popen[str]],
    total: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> int:
    """Sum the children's progress lines until each says done or ends; raises
    MatchingCancelled."""
    streams = {child.stdout: index for index, child in enumerate(running) if child.stdout}
    done = [0] * len(running)
    recomputed = 0
    while streams:
        if cancelled is not None and cancelled():
            raise MatchingCancelled
        ready, _, _ = select.select(list(streams), [], [], POLL_SECONDS)
        for stream in ready:
            index = streams[stream]
            line = stream.readline()
            word, *numbers = line.split() or ["ended"]
            if word == "progress" and len(numbers) == 2:
                done[index] = int(numbers[0])
                if progress is not None:
                    progress(sum(done), total)
            elif word == "done":
                recomputed += int(numbers[0])
                del streams[stream]
            elif word == "ended":  # it ended without saying it was done
                del streams[stream]
    return recomputed


if __name__ == "__main__":
    arguments = sys.argv[1:]
    part, parts = (int(arguments[1]), int(arguments[2])) if len(arguments) == 3 else (0, 1)
    raise SystemExit(_child(Path(arguments[0]), part, parts))
