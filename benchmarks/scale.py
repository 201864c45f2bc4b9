"""Scale benchmark: `accord match` against the TF-IDF peer, whole processes, same run.

    python3 benchmarks/scale.py                        # 10,000 a side, both generators
    python3 benchmarks/scale.py --sizes 1000,10000     # several sizes
    python3 benchmarks/scale.py --json                 # the figures for tools
    python3 benchmarks/scale.py --rounds 5             # more timed runs of each (median)

For every generator (`benchmarks/synthetic.py`: "markov", realistic prose from a
Markov chain over the bundled texts, and "uniform", words drawn uniformly from
the same vocabulary, whose candidate graph is far denser) and size, the two
synthetic agreements are written as agreement files beside a copy of the
lexicon, and then, each as a whole process timed from start to exit with its
peak resident memory (`os.wait4`), in alternating rounds (3 by default; the
medians are reported, and the ratio is theirs):

- **accord**: `accord match A B --top 5 --no-cache --format json` (the
  `accord` program's own entry point): loading both files, matching top-5 both
  ways, explaining and printing; it uses both cores through forked children
  (`store/forked.py`), whose pages are shared with it, so its peak memory is
  the main process's;
- **TF-IDF peer**: `benchmarks/tfidf_peer.py A B --top 5`: scikit-learn
  `TfidfVectorizer` (words, 1–2 grams, sublinear tf) fitted on both, top-5
  both ways by cosine, printed as JSON.

In-process, it also measures loading one 10,000-commitment file the way
`accord match` loads it, and the **candidate recall**: the share of the
exhaustive top-5 (every pair scored with Accord's own scorer, as a dense
float32 product over the whole vocabulary) that `match_pair` returns, both
ways (an entry tied in score with the fifth returned counts as returned; the
strict share is shown too). Last, the bundled ETF × HLM pair (median of 5,
cache off). The machine is shared: run it when nothing else runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
# The project's packages first: a benchmark script named like a package
# (benchmarks/store.py) must not shadow it.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p != str(ROOT)]
if str(HERE) not in sys.path:
    sys.path.append(str(HERE))

K = 5
TIE = 1e-3  # score points: float32 exhaustive scores against float64 ones


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of a whole process (its output discarded)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, cwd=ROOT)
        assert process.stderr is not None
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        error = process.stderr.read().decode(errors="replace")
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"scale: {command[1:3]} failed:\n{error}")
    return elapsed, usage.ru_maxrss / 1024


def write_pair(n: int, kind: str, folder: Path) -> tuple[Path, Path]:
    import tomli_w
    from synthetic import agreement_toml, synthetic_pair

    a, b, _ = synthetic_pair(n, kind=kind)
    shutil.copy(ROOT / "agreements" / "lexicon.toml", folder / "lexicon.toml")
    paths = []
    for agreement in (a, b):
        path = folder / f"{agreement.id}.toml"
        path.write_text(tomli_w.dumps(agreement_toml(agreement)), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def exhaustive(pa: list[Any], pb: list[Any]) -> tuple[list[list[tuple[int, float]]], ...]:
    """Top-K both ways from every pair's score, as one dense product per block of rows."""
    import numpy as np

    columns = {t: i for i, t in enumerate(sorted({t for p in (*pa, *pb) for t in p.vector}))}

    def matrix(profiles: list[Any]) -> Any:
        m = np.zeros((len(profiles), max(1, len(columns))), dtype=np.float32)
        for r, p in enumerate(profiles):
            for t, v in p.vector.items():
                m[r, columns[t]] = v
        return m

    ma, mb_t = matrix(pa), matrix(pb).T.copy()
    forward: list[list[tuple[int, float]]] = []
    col_scores = np.full((K, len(pb)), -1.0, dtype=np.float32)
    col_rows = np.zeros((K, len(pb)), dtype=np.int64)
    for start in range(0, len(pa), 500):
        scores = np.minimum(100.0 * (ma[start : start + 500] @ mb_t), 100.0)
        for row in scores:
            top = np.argsort(-row, kind="stable")[:K]
            forward.append([(int(j), float(row[j])) for j in top if row[j] > 0])
        rows = np.arange(start, start + len(scores))[:, None].repeat(len(pb), 1)
        merged = np.concatenate([col_scores, scores])
        order = np.argsort(-merged, axis=0, kind="stable")[:K]
        col_scores = np.take_along_axis(merged, order, axis=0)
        col_rows = np.take_along_axis(np.concatenate([col_rows, rows]), order, axis=0)
    backward = [
        [(int(col_rows[k, j]), float(col_scores[k, j])) for k in range(K) if col_scores[k, j] > 0]
        for j in range(len(pb))
    ]
    return forward, backward


def recall(
    engine: list[list[tuple[int, float]]], exact: list[list[tuple[int, float]]]
) -> tuple[float, float]:
    total = strict = tied = 0
    for got, want in zip(engine, exact, strict=True):
        returned = {j for j, _ in got}
        floor = min((s for _, s in got), default=0.0) if len(got) >= K else -1.0
        for j, s in want:
            total += 1
            strict += j in returned
            tied += j in returned or (floor >= 0 and s <= floor + TIE)
    return (tied / total if total else 1.0), (strict / total if total else 1.0)


def in_process(a_path: Path, b_path: Path) -> dict[str, float]:
    from compare.engine import match_pair, pair_profiles
    from store.agreements.loader import load_agreement, load_lexicon

    lexicon, _ = load_lexicon(a_path.parent / "lexicon.toml")
    assert lexicon is not None
    start = time.perf_counter()
    a, _ = load_agreement(a_path, lexicon)
    load_s = time.perf_counter() - start
    b, _ = load_agreement(b_path, lexicon)
    assert a is not None and b is not None
    pair = match_pair(a, b, lexicon, top_k=K, use_cache=False)
    pa, pb = pair_profiles(a, b, lexicon)
    index_a = {p.ref: i for i, p in enumerate(pa)}
    index_b = {p.ref: i for i, p in enumerate(pb)}
    got_f = [[(index_b[m.other], m.score) for m in pair.forward[p.ref]] for p in pa]
    got_b = [[(index_a[m.other], m.score) for m in pair.backward[p.ref]] for p in pb]
    want_f, want_b = exhaustive(pa, pb)
    tied_f, strict_f = recall(got_f, want_f)
    tied_b, strict_b = recall(got_b, want_b)
    return {
        "load_10k_s" if len(pa) == 10_000 else "load_s": load_s,
        "recall": min(tied_f, tied_b),
        "recall_strict": min(strict_f, strict_b),
    }


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


def run(n: int, kind: str, cache_home: Path, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="accord-scale-") as name:
        folder = Path(name)
        a_path, b_path = write_pair(n, kind, folder)
        accord = [
            sys.executable,
            "-c",
            "from cli.main import entry; entry()",
            "--agreements",
            str(folder),
            "match",
            a_path.stem,
            b_path.stem,
            "--top",
            str(K),
            "--no-cache",
            "--format",
            "json",
        ]
        peer = [
            sys.executable,
            str(HERE / "tfidf_peer.py"),
            str(a_path),
            str(b_path),
            "--top",
            str(K),
        ]
        os.environ["XDG_CACHE_HOME"] = str(cache_home)
        # Alternating rounds, medians: the machine's load moves while they run.
        accord_runs, peer_runs = [], []
        for round_number in range(rounds):
            pair = [(accord, accord_runs), (peer, peer_runs)]
            for command, runs in pair if round_number % 2 == 0 else reversed(pair):
                runs.append(timed(command))
        accord_s = statistics.median(s for s, _ in accord_runs)
        peer_s = statistics.median(s for s, _ in peer_runs)
        result: dict[str, Any] = {
            "generator": kind,
            "size": n,
            "accord_s": accord_s,
            "accord_peak_mb": max(mb for _, mb in accord_runs),
            "tfidf_s": peer_s,
            "tfidf_peak_mb": max(mb for _, mb in peer_runs),
            "ratio": accord_s / peer_s,
        }
        # In a process of its own: Linux carries a parent's peak memory into the
        # children it starts, so this process must stay small while it times them.
        done = subprocess.run(
            [sys.executable, __file__, "--in-process", str(a_path), str(b_path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        result.update(json.loads(done.stdout))
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="commitments a side, comma-separated")
    parser.add_argument("--generators", default="markov,uniform")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each (median)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--in-process", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.in_process:
        print(json.dumps(in_process(*args.in_process)))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="accord-scale-cache-") as cache_home:
        for kind in args.generators.split(","):
            for size in (int(s) for s in args.sizes.split(",") if s.strip()):
                r = run(size, kind, Path(cache_home), max(1, args.rounds))
                results.append(r)
                if not args.json:
                    load = r.get("load_10k_s", r.get("load_s", 0.0))
                    print(
                        f"{kind:8} {size:>6} a side: accord {r['accord_s']:.2f} s "
                        f"(peak {r['accord_peak_mb']:.0f} MB), TF-IDF peer {r['tfidf_s']:.2f} s "
                        f"(peak {r['tfidf_peak_mb']:.0f} MB), ratio {r['ratio']:.2f}; "
                        f"load one file {load:.2f} s; recall {r['recall']:.4f} "
                        f"(strict {r['recall_strict']:.4f})",
                        flush=True,
                    )
    timing = bundled()
    if args.json:
        print(json.dumps({"runs": results, **timing}))
    else:
        print(
            f"bundled ETF × HLM: first {timing['bundled_first_ms']:.1f} ms, "
            f"median {timing['bundled_median_ms']:.1f} ms (cache off)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
