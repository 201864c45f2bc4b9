"""Scale benchmark: top-5 matching both ways on synthetic agreement pairs.

    python3 benchmarks/scale.py                       # 1,000, 5,000 and 10,000 a side
    python3 benchmarks/scale.py --sizes 1000,5000     # a quicker run
    python3 benchmarks/scale.py --token-set-rows 0    # token_set_ratio on every row, not a sample
    python3 benchmarks/scale.py --json                # the figures for tools

Each size runs in its own subprocess, so that its peak memory is its own.
For every size it measures:

- **accord**: `compare.match_pair(a, b, lexicon, top_k=5, use_cache=False)`,
  the code path of `accord match` (profiles, candidates, rapidfuzz
  rescoring, explanations), wall time and peak memory (the growth of the
  process's peak resident set while it runs);
- **exhaustive, same scorer**: every pair scored with the same final scorer,
  rapidfuzz `process.cdist(Indel.normalized_similarity)` over the word keys
  (all cores, in blocks of rows) plus the concept vectors' products; its
  top-5 both ways gives the **recall** of the candidate stage: the share of
  exhaustive top-5 entries that accord also returns (an entry tied in score
  with accord's fifth counts as returned; the strict share is shown too);
- **token_set_ratio cdist**: `process.cdist(fuzz.token_set_ratio)` on the raw
  texts with `utils.default_process`, all cores: the exhaustive baseline the
  targets are set against, timed on a sample of rows and extrapolated
  (`--token-set-rows 0` times every row);
- **difflib**: `SequenceMatcher(None, a, b, autojunk=False).ratio()` on a
  random sample of pairs, extrapolated to all pairs.

It also times the bundled ETF × HLM pair (median of 5, cache off). The
synthetic text comes from `benchmarks/synthetic.py` (fixed seed).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The project's packages first: a benchmark script named like a package
# (benchmarks/store.py) must not shadow it.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p != str(ROOT)]
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent))

K = 5


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _exhaustive(pa: list[Any], pb: list[Any]) -> tuple[list[list[tuple[int, float]]], ...]:
    """Top-K both ways from every pair's exact score, and the time it took."""
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    from compare.scoring import WEIGHTS

    topics = sorted({t for p in (*pa, *pb) for t in p.concepts})
    col = {t: i for i, t in enumerate(topics)}

    def vectors(profiles: list[Any]) -> Any:
        m = np.zeros((len(profiles), max(1, len(topics))))
        for r, p in enumerate(profiles):
            for t, v in p.concepts.items():
                m[r, col[t]] = v
        return m

    qa, qb = vectors(pa), vectors(pb)
    wa, wb = [p.words for p in pa], [p.words for p in pb]
    empty_b = np.array([not w for w in wb])
    forward: list[list[tuple[int, float]]] = []
    col_scores = np.full((K, len(pb)), -1.0)
    col_rows = np.zeros((K, len(pb)), dtype=np.int64)
    block = 500
    for start in range(0, len(pa), block):
        stop = min(len(pa), start + block)
        words = process.cdist(
            wa[start:stop], wb, scorer=Indel.normalized_similarity, dtype=np.float32, workers=-1
        ).astype(np.float64)
        words[:, empty_b] = 0.0
        words[[not w for w in wa[start:stop]], :] = 0.0
        scores = 100.0 * (WEIGHTS["concepts"] * (qa[start:stop] @ qb.T) + WEIGHTS["words"] * words)
        for r in range(stop - start):
            row = scores[r]
            top = np.argsort(-row, kind="stable")[:K]
            forward.append([(int(j), float(row[j])) for j in top if row[j] > 0])
        merged = np.concatenate([col_scores, scores])
        rows = np.concatenate([col_rows, np.arange(start, stop)[:, None].repeat(len(pb), 1)])
        order = np.argsort(-merged, axis=0, kind="stable")[:K]
        col_scores = np.take_along_axis(merged, order, axis=0)
        col_rows = np.take_along_axis(rows, order, axis=0)
    backward = [
        [(int(col_rows[k, j]), float(col_scores[k, j])) for k in range(K) if col_scores[k, j] > 0]
        for j in range(len(pb))
    ]
    return forward, backward


def _recall(
    engine: list[list[tuple[int, float]]], exact: list[list[tuple[int, float]]]
) -> tuple[float, float]:
    total = strict = tied = 0
    for got, want in zip(engine, exact, strict=True):
        returned = {j for j, _ in got}
        floor = min((s for _, s in got), default=0.0) if len(got) >= K else -1.0
        for j, s in want:
            total += 1
            strict += j in returned
            tied += j in returned or (floor >= 0 and s <= floor + 1e-6)
    return (tied / total if total else 1.0), (strict / total if total else 1.0)


def worker(n: int, token_set_rows: int, difflib_pairs: int) -> dict[str, Any]:
    from rapidfuzz import fuzz, process, utils
    from synthetic import synthetic_pair

    from compare.engine import match_pair, profiles

    a, b, lexicon = synthetic_pair(n)
    result: dict[str, Any] = {"size": n}

    before = _rss_mb()
    start = time.perf_counter()
    pair = match_pair(a, b, lexicon, top_k=K, use_cache=False)
    result["accord_s"] = time.perf_counter() - start
    result["accord_peak_mb"] = max(0.0, _peak_mb() - before)
    result["process_peak_mb"] = _peak_mb()

    pa, pb = profiles(a, lexicon), profiles(b, lexicon)
    index_a = {p.ref: i for i, p in enumerate(pa)}
    index_b = {p.ref: i for i, p in enumerate(pb)}
    engine_forward = [[(index_b[m.other], m.score) for m in pair.forward[p.ref]] for p in pa]
    engine_backward = [[(index_a[m.other], m.score) for m in pair.backward[p.ref]] for p in pb]
    start = time.perf_counter()
    exact_forward, exact_backward = _exhaustive(pa, pb)
    result["exhaustive_same_scorer_s"] = time.perf_counter() - start
    tied_f, strict_f = _recall(engine_forward, exact_forward)
    tied_b, strict_b = _recall(engine_backward, exact_backward)
    result["recall"] = min(tied_f, tied_b)
    result["recall_strict"] = min(strict_f, strict_b)

    texts_a = [c.text for c in a.commitments()]
    texts_b = [c.text for c in b.commitments()]
    rows = n if token_set_rows <= 0 else min(n, token_set_rows)
    start = time.perf_counter()
    process.cdist(
        texts_a[:rows],
        texts_b,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        workers=-1,
        dtype="uint8",
    )
    result["token_set_cdist_s"] = (time.perf_counter() - start) * n / rows
    result["token_set_measured_rows"] = rows

    rng = random.Random(7)
    sample = [(rng.choice(texts_a), rng.choice(texts_b)) for _ in range(difflib_pairs)]
    start = time.perf_counter()
    for x, y in sample:
        difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
    result["difflib_s"] = (time.perf_counter() - start) * n * n / max(1, difflib_pairs)
    return result


def bundled() -> dict[str, float]:
    from compare.engine import match_pair
    from store.agreements.loader import load_corpus

    corpus = load_corpus(ROOT / "agreements").corpus
    etf, hlm = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")
    assert etf is not None and hlm is not None
    times = []
    for _ in range(5):
        start = time.perf_counter()
        match_pair(etf, hlm, corpus.lexicon, use_cache=False)
        times.append(time.perf_counter() - start)
    return {
        "bundled_first_ms": times[0] * 1000,
        "bundled_median_ms": statistics.median(times) * 1000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Accord matching at scale")
    parser.add_argument(
        "--sizes", default="1000,5000,10000", help="commitments a side, comma-separated"
    )
    parser.add_argument(
        "--token-set-rows",
        type=int,
        default=1000,
        help="rows of the token_set_ratio baseline to time (0: all)",
    )
    parser.add_argument("--difflib-pairs", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.token_set_rows, args.difflib_pairs)))
        return 0
    results = []
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                str(size),
                "--token-set-rows",
                str(args.token_set_rows),
                "--difflib-pairs",
                str(args.difflib_pairs),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        results.append(json.loads(done.stdout))
        if not args.json:
            r = results[-1]
            print(
                f"{r['size']:>6} a side: accord {r['accord_s']:.2f} s, "
                f"peak +{r['accord_peak_mb']:.0f} MB (process {r['process_peak_mb']:.0f} MB); "
                f"exhaustive same scorer {r['exhaustive_same_scorer_s']:.1f} s; "
                f"token_set cdist {r['token_set_cdist_s']:.1f} s"
                f"{'' if r['token_set_measured_rows'] == r['size'] else ' (extrapolated)'}; "
                f"difflib {r['difflib_s']:.0f} s (extrapolated)\n"
                f"        speed-up ×{r['token_set_cdist_s'] / r['accord_s']:.1f} vs token_set, "
                f"×{r['exhaustive_same_scorer_s'] / r['accord_s']:.1f} vs same scorer, "
                f"×{r['difflib_s'] / r['accord_s']:.0f} vs difflib; "
                f"recall {r['recall']:.4f} (strict {r['recall_strict']:.4f})",
                flush=True,
            )
    timing = bundled()
    if args.json:
        print(json.dumps({"sizes": results, **timing}))
    else:
        print(
            f"bundled ETF × HLM: first {timing['bundled_first_ms']:.1f} ms, "
            f"median {timing['bundled_median_ms']:.1f} ms (cache off)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
