"""Cold corpus matching in a child process, so the UI's interpreter stays free.

Matching is pure Python for the most part: in a thread of the UI process it
holds the GIL half the time, and every key the reviewer presses waits for it.
A child process (spawned, never forked: the parent runs threads) does the
uncached pairs instead and writes them to the corpus cache, which is the only
thing the two share; the parent then reads every pair from the cache. The
child reports progress through a queue; cancelling terminates it, which is
safe because cache entries are renamed into place whole.

Headless: no Textual here.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Sequence
from typing import Any

from compare.corpus_cache import (
    CorpusMatches,
    MatchingCancelled,
    Progress,
    digest,
    directory,
    match_corpus,
    oriented_pairs,
    pair_key,
)
from store.model import Agreement, Lexicon

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
            folder / f"{pair_key(digests[a.id], digests[b.id], lexicon_digest, top_k)}.bin"
        ).exists()
    )


def _child(agreements: list[Agreement], lexicon: Lexicon, top_k: int, out: Any) -> None:
    found = match_corpus(
        agreements,
        lexicon,
        top_k=top_k,
        progress=lambda done, total: out.put(("progress", done, total)),
    )
    out.put(("done", found.recomputed, found.pair_count))


def match_corpus_isolated(
    agreements: Sequence[Agreement],
    lexicon: Lexicon,
    *,
    top_k: int = 5,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    min_pairs: int = MIN_PAIRS,
) -> CorpusMatches:
    """`match_corpus`, with the uncached pairs matched in a child process when there are many.

    The result says how many pairs were recomputed in all (by the child, or
    here if the child failed). Raises MatchingCancelled.
    """
    recomputed = 0
    if uncached_pairs(agreements, lexicon, top_k) >= min_pairs:
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
    """Pairs the child matched; 0 when it failed (the caller then matches what is left)."""
    context = multiprocessing.get_context("spawn")
    channel = context.Queue()
    child = context.Process(target=_child, args=(agreements, lexicon, top_k, channel), daemon=True)
    child.start()
    try:
        while True:
            if cancelled is not None and cancelled():
                raise MatchingCancelled
            try:
                message = channel.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive():
                    return 0
                continue
            if message[0] == "progress" and progress is not None:
                progress(int(message[1]), int(message[2]))
            elif message[0] == "done":
                child.join()
                return int(message[1])
    finally:
        if child.is_alive():
            child.terminate()
            child.join()
        channel.close()
        channel.join_thread()
