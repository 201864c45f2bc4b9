"""Matching quality on the labelled ETF→HLM pairs, for three contenders.

    python3 benchmarks/quality.py            # hit@1, hit@3, MRR and the threshold check
    python3 benchmarks/quality.py --tune     # re-choose WEIGHTS and COUNTERPART_THRESHOLD
    python3 benchmarks/quality.py --json     # the same figures for tools

Contenders, each ranking all HLM commitments for every ETF commitment:

- Accord's engine (`compare.top_matches`, the same scores as `accord match`);
- rapidfuzz `fuzz.token_set_ratio` on the raw text (with
  `utils.default_process`, which only lowercases and strips punctuation);
- `difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()` on the raw text.

hit@k is the share of ETF commitments with a labelled counterpart among the
first k; MRR is the mean of 1/rank of the first labelled counterpart. Ties
rank by position in the agreement, the same for every contender.

`--tune` runs the grid that chose the weights: concept weight 0..1 in steps of
0.05 (the word weight is the rest); for each, the threshold is the highest
score of any labelled non-counterpart (every commitment of an unrelated area
included) plus `MARGIN`, rounded up; the best MRR wins, then the weight whose
neighbours in the grid keep the best MRR (the middle of a plateau, not its
edge), then the most counterpart pairs at or above the threshold. It
also reports leave-one-query-out MRR: weights tuned without a query, scored on
it, which estimates how the choice carries to judgements it has not seen.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project's packages first: a benchmark script named like a package
# (benchmarks/store.py) must not shadow it.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p != str(ROOT)]

import tomli  # noqa: E402
from rapidfuzz import fuzz, utils  # noqa: E402

from compare.engine import profiles, top_matches  # noqa: E402
from compare.profile import Profile  # noqa: E402
from compare.scoring import (  # noqa: E402
    COUNTERPART_THRESHOLD,
    WEIGHTS,
    concept_similarity,
    word_similarity,
)
from store.agreements.loader import load_corpus  # noqa: E402
from store.agreements.model import Agreement, Commitment  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval_pairs.toml"
MARGIN = 2.5


@dataclass
class Labels:
    query_agreement: str
    other_agreement: str
    counterparts: dict[str, set[str]]
    unrelated: set[tuple[str, str]]  # explicit pairs and every pair with an unrelated area
    area_pairs: set[tuple[str, str]]  # the pairs of the unrelated areas only


def load_labels(path: Path, query: Agreement, other: Agreement) -> Labels:
    data = tomli.loads(path.read_text(encoding="utf-8"))
    counterparts: dict[str, set[str]] = {}
    unrelated: set[tuple[str, str]] = set()
    for pair in data.get("pair", []):
        if pair["label"] == "counterpart":
            counterparts.setdefault(pair["a"], set()).add(pair["b"])
        else:
            unrelated.add((pair["a"], pair["b"]))
    area_pairs: set[tuple[str, str]] = set()
    for rule in data.get("unrelated_areas", []):
        if rule["query_agreement"] != query.id or rule["agreement"] != other.id:
            continue
        areas = set(rule["areas"])
        area_pairs |= {
            (q.ref, c.ref)
            for q in query.commitments()
            for c in other.commitments()
            if c.area_id in areas
        }
    return Labels(query.id, other.id, counterparts, unrelated | area_pairs, area_pairs)


Scorer = Callable[[Commitment, Commitment], float]


def rankings(
    queries: list[Commitment], others: list[Commitment], scorer: Scorer
) -> dict[str, list[str]]:
    order = {c.ref: i for i, c in enumerate(others)}
    return {
        q.ref: sorted(
            (c.ref for c in others), key=lambda ref, q=q: (-table[q.ref][ref], order[ref])
        )
        for table in [{q.ref: {c.ref: scorer(q, c) for c in others} for q in queries}]
        for q in queries
    }


def metrics(ranked: dict[str, list[str]], labels: Labels) -> dict[str, float]:
    ranks = []
    for query, accepted in labels.counterparts.items():
        order = ranked[query]
        ranks.append(next(i for i, ref in enumerate(order, 1) if ref in accepted))
    n = len(ranks)
    return {
        "queries": n,
        "hit@1": sum(r <= 1 for r in ranks) / n,
        "hit@3": sum(r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks) / n,
    }


def engine_scores(
    a: Agreement, b: Agreement, lexicon_corpus: object
) -> dict[tuple[str, str], float]:
    from store.agreements.model import Corpus

    assert isinstance(lexicon_corpus, Corpus)
    pa, pb = profiles(a, lexicon_corpus.lexicon), profiles(b, lexicon_corpus.lexicon)
    forward, _ = top_matches(pa, pb, len(pb))
    scores = {(p.ref, q.ref): 0.0 for p in pa for q in pb}
    for i, found in enumerate(forward):
        for j, value in found:
            scores[(pa[i].ref, pb[j].ref)] = value
    return scores


def threshold_check(
    scores: dict[tuple[str, str], float], labels: Labels, threshold: float
) -> dict[str, object]:
    positives = [(a, b) for a, bs in labels.counterparts.items() for b in bs]
    worst = max(labels.unrelated, key=lambda pair: scores[pair])
    return {
        "threshold": threshold,
        "unrelated_area_pairs_above": sum(scores[p] >= threshold for p in labels.area_pairs),
        "unrelated_pairs_above": sum(scores[p] >= threshold for p in labels.unrelated),
        "highest_unrelated": [*worst, round(scores[worst], 2)],
        "counterpart_pairs_at_or_above": sum(scores[p] >= threshold for p in positives)
        / len(positives),
        "queries_with_counterpart_at_or_above": sum(
            max(scores[(a, b)] for b in bs) >= threshold for a, bs in labels.counterparts.items()
        )
        / len(labels.counterparts),
    }


def tune(pa: Sequence[Profile], pb: Sequence[Profile], labels: Labels) -> dict[str, object]:
    parts = {
        (p.ref, q.ref): (concept_similarity(p, q), word_similarity(p, q)) for p in pa for q in pb
    }
    order = {q.ref: i for i, q in enumerate(pb)}

    def evaluate(weight: float, queries: Sequence[str]) -> tuple[float, float, float]:
        scores = {k: 100 * (weight * c + (1 - weight) * w) for k, (c, w) in parts.items()}
        rr = 0.0
        for query in queries:
            ranked = sorted(order, key=lambda ref: (-scores[(query, ref)], order[ref]))
            rr += 1 / next(
                i for i, ref in enumerate(ranked, 1) if ref in labels.counterparts[query]
            )
        threshold = math.ceil(max(scores[p] for p in labels.unrelated) + MARGIN)
        positives = [(a, b) for a in queries for b in labels.counterparts[a]]
        above = sum(scores[p] >= threshold for p in positives) / len(positives)
        return rr / len(queries), above, threshold

    grid = [round(0.05 * i, 2) for i in range(21)]
    queries = sorted(labels.counterparts)

    def best(among: Sequence[str]) -> float:
        found = {w: evaluate(w, among) for w in grid}

        def steady(w: float) -> float:
            # The worse MRR of the two neighbours: a weight on the edge of a
            # plateau would not survive a slightly different set of judgements.
            near = [found[v][0] for v in grid if abs(v - w) < 0.051]
            return min(near)

        return max(grid, key=lambda w: (found[w][0], steady(w), found[w][1], -abs(w - 0.5)))

    chosen = best(queries)
    mrr, above, threshold = evaluate(chosen, queries)
    held_out = [evaluate(best([q for q in queries if q != held]), [held])[0] for held in queries]
    return {
        "weights": {"concepts": chosen, "words": round(1 - chosen, 2)},
        "threshold": threshold,
        "mrr": mrr,
        "counterpart_pairs_at_or_above": above,
        "leave_one_query_out_mrr": sum(held_out) / len(held_out),
        "grid": {str(w): [round(x, 3) for x in evaluate(w, queries)] for w in grid},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="re-run the weight and threshold grid")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--agreements", type=Path, default=ROOT / "agreements")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.agreements).corpus
    etf, hlm = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")
    if etf is None or hlm is None:
        print("quality: the bundled etf-2026 and hlm-2022 agreements are needed", file=sys.stderr)
        return 2
    labels = load_labels(EVAL, etf, hlm)
    queries, others = list(etf.commitments()), list(hlm.commitments())
    if args.tune:
        result = tune(profiles(etf, corpus.lexicon), profiles(hlm, corpus.lexicon), labels)
        print(json.dumps(result, indent=2))
        return 0
    ours = engine_scores(etf, hlm, corpus)
    contenders: dict[str, Scorer] = {
        "accord": lambda q, c: ours[(q.ref, c.ref)],
        "rapidfuzz token_set_ratio (raw)": lambda q, c: fuzz.token_set_ratio(
            q.text, c.text, processor=utils.default_process
        ),
        "difflib SequenceMatcher (raw)": lambda q, c: difflib.SequenceMatcher(
            None, q.text, c.text, autojunk=False
        ).ratio(),
    }
    results = {
        name: metrics(rankings(queries, others, s), labels) for name, s in contenders.items()
    }
    check = threshold_check(ours, labels, COUNTERPART_THRESHOLD)
    if args.json:
        print(json.dumps({"contenders": results, "accord_threshold": check, "weights": WEIGHTS}))
        return 0
    n = len(labels.counterparts)
    print(
        f"{n} ETF commitments with labelled HLM counterparts, {len(labels.unrelated)} unrelated pairs"
    )
    print(f"{'contender':34} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
    for name, m in results.items():
        print(f"{name:34} {m['hit@1']:6.3f} {m['hit@3']:6.3f} {m['mrr']:6.3f}")
    print(f"\naccord weights {WEIGHTS}, counterpart threshold {COUNTERPART_THRESHOLD}")
    for key, value in check.items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
