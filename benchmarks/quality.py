"""Matching quality: Accord against the rankings a user could pick instead, in one run.

    python3 benchmarks/quality.py            # every set, every contender
    python3 benchmarks/quality.py --json     # the same figures for tools
    python3 benchmarks/quality.py --tune     # re-derive the weights and the bands (tuning sets only)

Sets (all in tests/data/):

- **ETF→HLM judgements** (`eval_pairs.toml`, TUNING): each ETF commitment with
  a labelled counterpart ranks all HLM commitments.
- **paraphrase tuning** (`paraphrase_tuning.toml` + `-labels.toml`, TUNING):
  short headline probes posed as a third agreement; each ranks the
  commitments of the bundled agreement its target belongs to.
- **paraphrase held-out** (`paraphrase_heldout.toml` + `-labels.toml`,
  HELD-OUT): sentence probes written before any score was run on them; never
  used by `--tune`.

Measures: hit@1, hit@3 (a labelled counterpart among the first k), MRR (mean
of 1/rank of the first one); AUROC of negatives against positives (positives:
each probe's best-scoring labelled counterpart; negatives: each off-topic
probe's best score against any commitment of either bundled agreement, and
for the judgement set every labelled or unrelated-area non-counterpart pair);
and "off-topic in a top 3": how many bundled commitments, ranking every probe
of the set, put an off-topic probe among their first three (scores above 0;
for Accord also counted at the weak band or above, i.e. shown as a candidate
worth a look).
Ties rank by position in the agreement, the same for every contender.

Contenders, all scoring the same texts:

- Accord (`compare.engine.pair_profiles` + `compare.scoring.score`: the
  scores `accord match` gives);
- BM25 (k1 1.5, b 0.75) on raw lowercased words, the ranked agreement as the
  index;
- scikit-learn `TfidfVectorizer` on words (1–2 grams, `sublinear_tf=True`) and
  on character n-grams (`char_wb`, 3–5), cosine, fitted on both agreements;
- rapidfuzz `token_set_ratio` (`utils.default_process`);
- difflib `SequenceMatcher(autojunk=False).ratio()`.

scikit-learn is a benchmark-only dependency (the `test` extra).

`--tune` (tuning sets only): a grid over `CONCEPT_FACTOR` (0.6–1.4),
`PHRASE_WORD_FACTOR` (0.3, 0.5, 0.7, 1) and `LENGTH_SLOPE` (0.1–1.0: at 0 length would not count at all and
a commitment listing every topic would top every ranking); the best
mean of the two tuning MRRs (to 3 decimals) wins, ties broken by the worst
MRR among its grid neighbours (the middle of a plateau, not its edge), then
by the tuning AUROC. `PRIOR_DOCUMENTS` (20) is not tuned: it only matters for
tiny corpora, which these sets are not. The bands
then come from the tuning scores with the chosen settings:

- weak: the highest score of any off-topic tuning probe against any bundled
  commitment, rounded up: below it, a score is within the noise of unrelated
  text;
- likely (the counterpart threshold): the cut that maximises Youden's J
  (share of positives at or above minus share of negatives at or above) over
  positives = every labelled counterpart's score, negatives = every tuning
  negative, but never below weak + 4;
- strong: the median score of the positives that rank first for their query,
  never below likely + 8.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project's packages first: a benchmark script named like a package
# (benchmarks/store.py) must not shadow it.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p != str(ROOT)]

import tomli  # noqa: E402
from rapidfuzz import fuzz, utils  # noqa: E402

import compare.profile as profile_module  # noqa: E402
from compare.engine import pair_profiles  # noqa: E402
from compare.scoring import BANDS, score  # noqa: E402
from store.agreements.loader import load_agreement, load_corpus  # noqa: E402
from store.agreements.model import Agreement, Corpus  # noqa: E402

DATA = ROOT / "tests" / "data"
EVAL = DATA / "eval_pairs.toml"

Table = dict[tuple[str, str], float]  # (query ref, other ref) → score
Contender = Callable[[Agreement, Agreement], Table]


@dataclass
class EvalSet:
    name: str
    split: str  # "tuning" or "held-out"
    queries: Agreement
    # query ref → (agreement ranked, accepted refs)
    positives: dict[str, tuple[str, set[str]]]
    off_topic: list[str] = field(default_factory=list)
    # labelled non-counterpart pairs (judgement set only)
    unrelated: set[tuple[str, str]] = field(default_factory=set)


def judgement_set(corpus: Corpus) -> EvalSet:
    etf, hlm = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")
    assert etf is not None and hlm is not None
    data = tomli.loads(EVAL.read_text(encoding="utf-8"))
    positives: dict[str, tuple[str, set[str]]] = {}
    unrelated: set[tuple[str, str]] = set()
    for pair in data.get("pair", []):
        if pair["label"] == "counterpart":
            positives.setdefault(pair["a"], (hlm.id, set()))[1].add(pair["b"])
        else:
            unrelated.add((pair["a"], pair["b"]))
    for rule in data.get("unrelated_areas", []):
        areas = set(rule["areas"])
        unrelated |= {
            (q.ref, c.ref)
            for q in etf.commitments()
            for c in hlm.commitments()
            if c.area_id in areas
        }
    return EvalSet("ETF→HLM judgements", "tuning", etf, positives, [], unrelated)


def probe_set(corpus: Corpus, stem: str, name: str, split: str) -> EvalSet:
    agreement, findings = load_agreement(DATA / f"{stem}.toml", corpus.lexicon)
    if agreement is None:
        raise SystemExit(f"quality: {stem}.toml does not load: {findings}")
    labels = tomli.loads((DATA / f"{stem}-labels.toml").read_text(encoding="utf-8"))
    positives: dict[str, tuple[str, set[str]]] = {}
    off_topic: list[str] = []
    for probe in labels["probe"]:
        ref = f"{agreement.id}/{probe['id']}"
        if probe.get("off_topic"):
            off_topic.append(ref)
        else:
            positives[ref] = (probe["agreement"], set(probe["targets"]))
    return EvalSet(name, split, agreement, positives, off_topic)


# --- contenders -------------------------------------------------------------------

_RAW_WORD = re.compile(r"\w+")


def raw_words(text: str) -> list[str]:
    return _RAW_WORD.findall(text.casefold())


def accord(q: Agreement, o: Agreement) -> Table:
    pq, po = pair_profiles(q, o, LEXICON[0])
    return {(a.ref, b.ref): score(a, b) for a in pq for b in po}


def bm25(q: Agreement, o: Agreement, k1: float = 1.5, b: float = 0.75) -> Table:
    docs = [(c.ref, Counter(raw_words(c.text))) for c in o.commitments()]
    n = len(docs)
    average = sum(sum(d.values()) for _, d in docs) / max(1, n)
    df: Counter[str] = Counter(w for _, d in docs for w in d)
    idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}
    table: Table = {}
    for query in q.commitments():
        terms = set(raw_words(query.text))
        for ref, tf in docs:
            length = sum(tf.values())
            value = 0.0
            for term in terms:
                f = tf.get(term, 0)
                if f:
                    value += idf[term] * f * (k1 + 1) / (f + k1 * (1 - b + b * length / average))
            table[(query.ref, ref)] = value
    return table


def tfidf(analyzer: str, ngrams: tuple[int, int]) -> Contender:
    def run(q: Agreement, o: Agreement) -> Table:
        from sklearn.feature_extraction.text import TfidfVectorizer

        qs, os_ = list(q.commitments()), list(o.commitments())
        vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True)
        matrix = vectorizer.fit_transform([c.text for c in (*qs, *os_)])
        sims = (matrix[: len(qs)] @ matrix[len(qs) :].T).toarray()
        return {
            (a.ref, b.ref): float(sims[i, j]) for i, a in enumerate(qs) for j, b in enumerate(os_)
        }

    return run


def pairwise(scorer: Callable[[str, str], float]) -> Contender:
    def run(q: Agreement, o: Agreement) -> Table:
        return {
            (a.ref, b.ref): scorer(a.text, b.text) for a in q.commitments() for b in o.commitments()
        }

    return run


CONTENDERS: dict[str, Contender] = {
    "Accord": accord,
    "BM25 (raw words)": bm25,
    "TF-IDF words 1-2": tfidf("word", (1, 2)),
    "TF-IDF char_wb 3-5": tfidf("char_wb", (3, 5)),
    "rapidfuzz token_set": pairwise(
        lambda x, y: fuzz.token_set_ratio(x, y, processor=utils.default_process)
    ),
    "difflib": pairwise(lambda x, y: difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()),
}
LEXICON: list[object] = []


# --- measures ---------------------------------------------------------------------


def auroc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    if not positives or not negatives:
        return float("nan")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


@dataclass
class SetScores:
    ranks: list[int]
    positive_scores: list[float]  # best labelled counterpart per query
    all_positive_scores: list[float]  # every labelled counterpart
    negative_scores: list[float]
    off_topic_in_top3: int
    off_topic_in_top3_weak: int = 0  # ... scoring at least the weak band (Accord only)


def evaluate(
    evalset: EvalSet, contender: Contender, corpus: Corpus, cache: dict[tuple[str, str], Table]
) -> SetScores:
    def table(other_id: str) -> Table:
        key = (evalset.queries.id, other_id)
        if key not in cache:
            other = corpus.agreement(other_id)
            assert other is not None
            cache[key] = contender(evalset.queries, other)
        return cache[key]

    ranks: list[int] = []
    best: list[float] = []
    every: list[float] = []
    for query, (other_id, accepted) in evalset.positives.items():
        other = corpus.agreement(other_id)
        assert other is not None
        scores = table(other_id)
        order = sorted(
            enumerate(c.ref for c in other.commitments()),
            key=lambda item: (-scores[(query, item[1])], item[0]),
        )
        ranks.append(next(i for i, (_, ref) in enumerate(order, 1) if ref in accepted))
        best.append(max(scores[(query, ref)] for ref in accepted))
        every.extend(scores[(query, ref)] for ref in accepted)
    negatives: list[float] = []
    in_top3 = in_top3_weak = 0
    weak = BANDS[-1][1]
    bundled = [a for a in corpus.agreements if a.id in ("etf-2026", "hlm-2022")]
    if evalset.off_topic:
        for query in evalset.off_topic:
            negatives.append(
                max(table(a.id)[(query, c.ref)] for a in bundled for c in a.commitments())
            )
        off = set(evalset.off_topic)
        probes = [c.ref for c in evalset.queries.commitments()]
        for agreement in bundled:
            scores = table(agreement.id)
            for commitment in agreement.commitments():
                ranked = sorted(
                    enumerate(probes),
                    key=lambda item: (-scores[(item[1], commitment.ref)], item[0]),
                )[:3]
                in_top3 += any(
                    ref in off and scores[(ref, commitment.ref)] > 0 for _, ref in ranked
                )
                in_top3_weak += any(
                    ref in off and scores[(ref, commitment.ref)] >= weak for _, ref in ranked
                )
    else:
        hlm = corpus.agreement("hlm-2022")
        assert hlm is not None
        scores = table(hlm.id)
        negatives = [scores[pair] for pair in evalset.unrelated]
    return SetScores(ranks, best, every, negatives, in_top3, in_top3_weak)


def summary(result: SetScores) -> dict[str, float]:
    n = len(result.ranks)
    return {
        "queries": n,
        "hit@1": sum(r <= 1 for r in result.ranks) / n,
        "hit@3": sum(r <= 3 for r in result.ranks) / n,
        "mrr": sum(1 / r for r in result.ranks) / n,
        "auroc": auroc(result.positive_scores, result.negative_scores),
        "off_topic_in_top3": result.off_topic_in_top3,
        "off_topic_in_top3_weak": result.off_topic_in_top3_weak,
    }


def load_sets(corpus: Corpus) -> list[EvalSet]:
    return [
        judgement_set(corpus),
        probe_set(corpus, "paraphrase_tuning", "paraphrase tuning", "tuning"),
        probe_set(corpus, "paraphrase_heldout", "paraphrase held-out", "held-out"),
    ]


def run_all(
    corpus: Corpus, sets: Sequence[EvalSet], names: Sequence[str]
) -> dict[str, dict[str, dict[str, float]]]:
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name in names:
        contender = CONTENDERS[name]
        cache: dict[tuple[str, str], Table] = {}
        results[name] = {s.name: summary(evaluate(s, contender, corpus, cache)) for s in sets}
    return results


# --- tuning -----------------------------------------------------------------------


def tune(corpus: Corpus, sets: Sequence[EvalSet]) -> dict[str, object]:
    tuning = [s for s in sets if s.split == "tuning"]
    factors = [round(0.6 + 0.1 * i, 2) for i in range(9)]
    phrase_factors = [0.3, 0.5, 0.7, 1.0]
    slopes = [0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
    Key = tuple[float, float, float]
    grid: dict[Key, tuple[float, float]] = {}
    for factor in factors:
        for phrase in phrase_factors:
            for slope in slopes:
                profile_module.CONCEPT_FACTOR = factor
                profile_module.PHRASE_WORD_FACTOR = phrase
                profile_module.LENGTH_SLOPE = slope
                found = [evaluate(s, accord, corpus, {}) for s in tuning]
                mrr = statistics.mean(summary(r)["mrr"] for r in found)
                negatives = [x for r in found for x in r.negative_scores]
                positives = [x for r in found for x in r.positive_scores]
                grid[(factor, phrase, slope)] = (mrr, auroc(positives, negatives))

    def steady(key: Key) -> float:
        # The worst MRR among the grid neighbours: a setting on the edge of a
        # plateau would not survive a slightly different set of judgements.
        near = [
            grid[k][0]
            for k in grid
            if abs(k[0] - key[0]) < 0.11 and abs(k[1] - key[1]) < 0.21 and abs(k[2] - key[2]) < 0.21
        ]
        return min(near)

    chosen = max(grid, key=lambda k: (round(grid[k][0], 3), round(steady(k), 3), grid[k][1]))
    profile_module.CONCEPT_FACTOR, profile_module.PHRASE_WORD_FACTOR = chosen[0], chosen[1]
    profile_module.LENGTH_SLOPE = chosen[2]
    found = [evaluate(s, accord, corpus, {}) for s in tuning]
    positives = sorted(x for r in found for x in r.all_positive_scores)
    negatives = sorted(x for r in found for x in r.negative_scores)
    off_topic = [
        x for s, r in zip(tuning, found, strict=True) if s.off_topic for x in r.negative_scores
    ]
    weak = math.ceil(max(off_topic))

    def youden(cut: float) -> float:
        return sum(p >= cut for p in positives) / len(positives) - sum(
            n >= cut for n in negatives
        ) / len(negatives)

    likely = max(range(weak + 4, 101), key=lambda cut: (youden(cut), -cut))
    firsts = [r.positive_scores[i] for r in found for i, rank in enumerate(r.ranks) if rank == 1]
    strong = max(likely + 8, math.ceil(statistics.median(firsts)))
    return {
        "concept_factor": chosen[0],
        "phrase_word_factor": chosen[1],
        "length_slope": chosen[2],
        "bands": {"strong": strong, "likely": likely, "weak": weak},
        "tuning_mrr": grid[chosen][0],
        "tuning_auroc": grid[chosen][1],
        "grid": {"/".join(map(str, k)): [round(v, 3) for v in grid[k]] for k in sorted(grid)},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="re-derive weights and bands")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--only", help="comma-separated contenders (default: all)")
    parser.add_argument(
        "--split", choices=("tuning", "held-out"), help="only the sets of one split"
    )
    parser.add_argument("--agreements", type=Path, default=ROOT / "agreements")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.agreements).corpus
    if corpus.agreement("etf-2026") is None or corpus.agreement("hlm-2022") is None:
        print("quality: the bundled etf-2026 and hlm-2022 agreements are needed", file=sys.stderr)
        return 2
    LEXICON[:] = [corpus.lexicon]
    sets = [s for s in load_sets(corpus) if args.split in (None, s.split)]
    if args.tune:
        print(json.dumps(tune(corpus, sets), indent=2))
        return 0
    names = args.only.split(",") if args.only else list(CONTENDERS)
    results = run_all(corpus, sets, names)
    if args.json:
        print(json.dumps({"bands": dict(BANDS), "results": results}, indent=2))
        return 0
    for evalset in sets:
        print(
            f"\n{evalset.name} ({evalset.split}, {len(evalset.positives)} queries"
            f"{f', {len(evalset.off_topic)} off-topic' if evalset.off_topic else ''})"
        )
        print(
            f"  {'contender':22} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'AUROC':>6} {'off-topic in a top 3':>21}"
        )
        for name in names:
            m = results[name][evalset.name]
            top3 = str(int(m["off_topic_in_top3"])) if evalset.off_topic else "-"
            print(
                f"  {name:22} {m['hit@1']:6.3f} {m['hit@3']:6.3f} {m['mrr']:6.3f}"
                f" {m['auroc']:6.3f} {top3:>21}"
            )
    print(f"\nAccord bands: {dict(BANDS)}")
    for evalset in sets:
        if evalset.off_topic and "Accord" in results:
            m = results["Accord"][evalset.name]
            print(
                f"Accord, {evalset.name}: off-topic probes in a bundled commitment's top 3 "
                f"at the weak band or above: {int(m['off_topic_in_top3_weak'])}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
