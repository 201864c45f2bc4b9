"""Review-store speed with 10,000 existing links.

    python3 benchmarks/store.py [--links 10000] [--changes 500] [--dir DIR]

Measures, on a store in DIR (default: a temporary folder on the same disk as
the current directory, since /tmp may be RAM-backed and would flatter fsync):

- one durable tag change (set_tag returns after COMMIT, synchronous=FULL):
  p50 and p99 latency, target p99 < 20 ms;
- export of all links to Markdown and to TOML, target < 2 s each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store.agreements.model import Agreement, Area, Commitment, Corpus, Lexicon, Party
from store.agreements.tags import DEFAULT_TAGS
from store.review import history
from store.review.exports.registry import render
from store.review.store import ReviewStore

SIDE = 100  # 100 x 100 commitments: exactly 10,000 possible pairs


def corpus(side: int) -> Corpus:
    agreements = []
    for name in ("left", "right"):
        areas = tuple(
            Area(f"area-{a}", name, f"Area {a} of {name}", tuple(
                Commitment(f"c{n}", name, f"area-{a}",
                           f"{name} commitment {n}: improve skills and labour market data "
                           "for decent work and a just transition", ("ilo",), "will")
                for n in range(a * side // 10, (a + 1) * side // 10)))
            for a in range(10)
        )  # fmt: skip
        agreements.append(
            Agreement(name, name.title(), dt.date(2024, 1, 1), (Party("ilo", "ILO"),), areas)
        )
    return Corpus(tuple(agreements), Lexicon(()))


def seed(path: Path, data: Corpus, count: int) -> list[tuple[str, str]]:
    """Insert `count` links (and a note on every tenth) in one transaction, fast."""
    side = max(SIDE, math.isqrt(count - 1) + 1)
    pairs = [(f"left/c{n // side}", f"right/c{n % side}") for n in range(count)]
    with ReviewStore.open(path, "seed", corpus=data) as store:
        index = {c.ref: c for a in data.agreements for c in a.commitments()}
        at = history.iso(dt.datetime.now(dt.UTC))
        with store.transaction() as transaction:
            conn = transaction.conn
            conn.executemany(
                "INSERT INTO links (ref_a, ref_b, status, tag, score, fingerprint_a, fingerprint_b,"
                " snapshot_a, snapshot_b, reviewer, created, updated) VALUES"
                " (?, ?, 'suggested', NULL, 75.0, ?, ?, ?, ?, 'seed', ?, ?)",
                [(a, b, index[a].fingerprint, index[b].fingerprint, index[a].text, index[b].text,
                  at, at) for a, b in pairs],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO notes (ref, other_ref, text, fingerprint, snapshot, other_fingerprint,"
                " other_snapshot, reviewer, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?)",
                [(a, b, f"note {n} | with *markup*\nand a second line", index[a].fingerprint,
                  index[a].text, index[b].fingerprint, index[b].text, at, at)
                 for n, (a, b) in enumerate(pairs) if n % 10 == 0],
            )  # fmt: skip
    return pairs


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    side = max(SIDE, math.isqrt(args.links - 1) + 1)
    data = corpus(side)
    with tempfile.TemporaryDirectory(dir=args.dir or Path.cwd(), prefix=".accord-bench-") as tmp:
        path = Path(tmp) / "reviews.sqlite3"
        pairs = seed(path, data, args.links)
        rng = random.Random(1)
        latencies = []
        with ReviewStore.open(path, "bench", corpus=data) as store:
            for _ in range(args.changes):
                a, b = rng.choice(pairs)
                tag = rng.choice(DEFAULT_TAGS.ids)
                start = time.perf_counter()
                store.set_tag(a, b, tag)
                latencies.append((time.perf_counter() - start) * 1000)
            timings = {}
            for fmt in ("md", "toml"):
                start = time.perf_counter()
                text = render(fmt, store, data)
                timings[fmt] = (time.perf_counter() - start, len(text))
            count = len(store.links())
    print(f"store: {count} links, {args.changes} durable tag changes (synchronous=FULL)")
    print(f"tag change  p50 {statistics.median(latencies):6.2f} ms   "
          f"p99 {percentile(latencies, 0.99):6.2f} ms   max {max(latencies):6.2f} ms   "
          "(target p99 < 20 ms)")  # fmt: skip
    for fmt, (seconds, size) in timings.items():
        print(f"export {fmt:<4} {seconds:6.2f} s   {size / 1e6:5.1f} MB   (target < 2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
