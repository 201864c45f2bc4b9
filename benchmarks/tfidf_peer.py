"""The TF-IDF peer of the scale benchmark, as a whole process of its own.

    python3 benchmarks/tfidf_peer.py A.toml B.toml [--top 5] > matches.json

What a user would write instead of Accord: read both agreement files, fit
scikit-learn's `TfidfVectorizer` (words, 1–2 grams, `sublinear_tf=True`) on
every commitment text of both, and print the top-k of every commitment of A
in B and of B in A by cosine similarity, as JSON. The product runs on blocks of
rows so that memory stays bounded. scikit-learn is a benchmark-only
dependency (the `test` extra).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import tomli


def commitments(path: Path) -> list[tuple[str, str]]:
    data = tomli.loads(path.read_text(encoding="utf-8"))
    return [
        (f"{data['id']}/{c['id']}", c["text"])
        for area in data.get("areas", [])
        for c in area.get("commitments", [])
    ]


def top_both_ways(a: Any, b: Any, k: int, block: int = 1000) -> tuple[list[Any], list[Any]]:
    import numpy as np

    forward: list[Any] = []
    n_b = b.shape[0]
    best_values = np.full((n_b, 0), -1.0, dtype=np.float32)
    best_rows = np.zeros((n_b, 0), dtype=np.int64)
    bt = b.T.tocsr()
    for start in range(0, a.shape[0], block):
        sims = (a[start : start + block] @ bt).toarray().astype(np.float32)
        kk = min(k, n_b)
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for r in range(sims.shape[0]):
            cols = top[r][np.argsort(-sims[r, top[r]], kind="stable")]
            forward.append([(int(j), float(sims[r, j])) for j in cols])
        kr = min(k, sims.shape[0])
        rows = np.argpartition(-sims, kr - 1, axis=0)[:kr].T  # n_b × kr
        values = np.take_along_axis(sims.T, rows, axis=1)
        merged_values = np.concatenate([best_values, values], axis=1)
        merged_rows = np.concatenate([best_rows, rows + start], axis=1)
        keep = np.argsort(-merged_values, axis=1, kind="stable")[:, :k]
        best_values = np.take_along_axis(merged_values, keep, axis=1)
        best_rows = np.take_along_axis(merged_rows, keep, axis=1)
    backward = [
        [(int(i), float(v)) for i, v in zip(best_rows[j], best_values[j], strict=True)]
        for j in range(n_b)
    ]
    return forward, backward


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    side_a, side_b = commitments(args.a), commitments(args.b)
    vectorizer = TfidfVectorizer(
        analyzer="word", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
    )
    matrix = vectorizer.fit_transform([text for _, text in (*side_a, *side_b)])
    a, b = matrix[: len(side_a)], matrix[len(side_a) :]
    forward, backward = top_both_ways(a, b, args.top)
    out = {
        "forward": {
            side_a[i][0]: [[side_b[j][0], s] for j, s in found] for i, found in enumerate(forward)
        },
        "backward": {
            side_b[j][0]: [[side_a[i][0], s] for i, s in found] for j, found in enumerate(backward)
        },
    }
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
