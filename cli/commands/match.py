"""`accord match A B`: the best counterparts in B of every commitment of A.

Never imports Textual. Agreement text is untrusted: tables get it as Rich
`Text` with control characters made visible, CSV gets the same visible text
(and no cell that a spreadsheet would run as a formula), JSON escapes it.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from typing import Any

from rich.text import Text

from cli.options import (
    CommandError,
    add_command_options,
    require_corpus,
    resolve_agreement,
)
from cli.output import console, id_rows, print_whole_words
from compare import BANDS, Match, PairMatches, band, match_pair
from compare.engine import gc_paused
from store.agreements.model import Agreement, Commitment, Corpus
from store.untrusted import csv_cell, terminal_text

LARGE = 1000  # commitments: beyond this, JSON output is compact


BAND_STYLES = {"strong": "bold green", "likely": "green", "weak": "yellow", "unlikely": "dim"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "match",
        help="rank the counterparts in B of each commitment of A",
        description=(
            "For every commitment of agreement A, the commitments of agreement B that "
            "match it best, with the score (0-100) and why: shared words and concepts."
        ),
    )
    parser.add_argument("a", metavar="A", help="agreement id or file path")
    parser.add_argument("b", metavar="B", help="agreement id or file path")
    parser.add_argument(
        "--top", type=int, default=5, metavar="K", help="matches per commitment (default 5)"
    )
    parser.add_argument(
        "--min-score", type=float, default=0.0, metavar="S", help="hide matches scoring below S"
    )
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument("--no-cache", action="store_true", help="recompute, ignoring the cache")
    add_command_options(parser)
    parser.set_defaults(func=run)


def load_pair(
    args: argparse.Namespace, top_k: int = 5, min_score: float = 0.0
) -> tuple[Corpus, Agreement, Agreement, PairMatches]:
    corpus = require_corpus(args)
    if not corpus.lexicon.topics:
        raise CommandError("no lexicon: matching needs lexicon.toml beside the agreements")
    a = resolve_agreement(corpus, args.a)
    b = resolve_agreement(corpus, args.b)
    use_cache = not getattr(args, "no_cache", False)
    pair = match_pair(a, b, corpus.lexicon, top_k=top_k, min_score=min_score, use_cache=use_cache)
    return corpus, a, b, pair


def commitment_index(*agreements: Agreement) -> dict[str, Commitment]:
    return {c.ref: c for agreement in agreements for c in agreement.commitments()}


def match_json(match: Match, commitments: dict[str, Commitment]) -> dict[str, Any]:
    other = commitments.get(match.other)
    return {
        "ref": match.other,
        "area": other.area_id if other else None,
        "text": other.text if other else None,
        "score": round(match.score, 2),
        "band": band(match.score),
        "is_counterpart": match.is_counterpart,
        "shared": list(match.shared),
        "concepts": list(match.concepts),
        "synonyms": [
            {"phrase": mine, "other_phrase": theirs, "topic": topic}
            for mine, theirs, topic in match.synonyms
        ]
        if match.synonyms
        else [],
        "breakdown": dict(match.breakdown),
    }


def why(match: Match) -> Text:
    """The band first (the lead column stays narrow enough for ids at 40 columns), then why."""
    parts = []
    if match.concepts:
        parts.append("concepts: " + ", ".join(match.concepts))
    if match.synonyms:
        parts.append("via " + ", ".join(f"{mine} = {theirs}" for mine, theirs, _ in match.synonyms))
    if match.shared:
        parts.append("words: " + ", ".join(match.shared))
    return Text.assemble(
        (match.band, BAND_STYLES.get(match.band, "")),
        "  " if parts else "",
        terminal_text("; ".join(parts), "dim", single_line=True),
    )


def shown(score: float) -> str:
    """One decimal, rounded down: a 20.98 below a threshold of 21 must not read 21.0."""
    return f"{math.floor(score * 10) / 10:.1f}"


def score_cell(match: Match) -> Text:
    mark = "*" if match.is_counterpart else " "
    return Text(
        f"{shown(match.score):>5}{mark}", style="bold green" if match.is_counterpart else ""
    )


def band_legend() -> str:
    return ", ".join(f"{name} ≥ {floor:g}" for name, floor in BANDS)


def print_table(a: Agreement, b: Agreement, pair: PairMatches) -> None:
    out = console()
    out.print(
        Text.assemble(
            terminal_text(a.id, "bold", single_line=True),
            " → ",
            terminal_text(b.id, "bold", single_line=True),
            (f"   * counterpart: score ≥ {pair.threshold:g}; bands: {band_legend()}", "dim"),
        )
    )
    # Every table of the run shares one lead width, so the columns line up.
    shown = [m.other.partition("/")[2] for found in pair.forward.values() for m in found]
    lead = 7 + max(map(len, shown), default=0)
    for commitment in a.commitments():
        out.print()
        print_whole_words(
            out,
            Text.assemble(
                terminal_text(commitment.id, "bold cyan", single_line=True),
                "  ",
                terminal_text(commitment.text, single_line=True),
            ),
        )
        found = pair.forward.get(commitment.ref, ())
        if not found:
            out.print(terminal_text("  no match", "dim", single_line=True))
            continue
        rows = [
            (
                Text.assemble(
                    score_cell(m), " ", terminal_text(m.other.partition("/")[2], single_line=True)
                ),
                why(m),
            )
            for m in found
        ]
        id_rows(out, rows, lead_width=lead)


def print_csv(a: Agreement, b: Agreement, pair: PairMatches) -> None:
    commitments = commitment_index(a, b)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        [
            "ref",
            "area",
            "rank",
            "other",
            "other_area",
            "score",
            "is_counterpart",
            "band",
            "shared",
            "concepts",
            "text",
            "other_text",
        ]
    )
    for commitment in a.commitments():
        for rank, match in enumerate(pair.forward.get(commitment.ref, ()), 1):
            other = commitments.get(match.other)
            writer.writerow(
                [
                    csv_cell(commitment.ref, single_line=True),
                    csv_cell(commitment.area_id, single_line=True),
                    rank,
                    csv_cell(match.other, single_line=True),
                    csv_cell(other.area_id if other else "", single_line=True),
                    f"{match.score:.2f}",
                    "yes" if match.is_counterpart else "no",
                    match.band,
                    csv_cell("; ".join(match.shared), single_line=True),
                    csv_cell("; ".join(match.concepts), single_line=True),
                    csv_cell(commitment.text, single_line=True),
                    csv_cell(other.text if other else "", single_line=True),
                ]
            )


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise CommandError("--top must be at least 1", exit_code=2)
    # Loading, matching and writing build many objects and no cycles.
    with gc_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    _, a, b, pair = load_pair(args, args.top, args.min_score)
    if args.format == "json":
        commitments = commitment_index(a, b)
        data = {
            "a": a.id,
            "b": b.id,
            "threshold": pair.threshold,
            "bands": dict(BANDS),
            "results": [
                {
                    "ref": c.ref,
                    "area": c.area_id,
                    "text": c.text,
                    "matches": [match_json(m, commitments) for m in pair.forward.get(c.ref, ())],
                }
                for c in a.commitments()
            ],
        }
        # Indented JSON goes through Python's slow encoder: large results
        # (thousands of commitments) are written compact, in one C-encoded piece.
        indent = 2 if sum(len(area.commitments) for area in a.areas) <= LARGE else None
        sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False))
        sys.stdout.write("\n")
    elif args.format == "csv":
        print_csv(a, b, pair)
    else:
        print_table(a, b, pair)
    return 0
