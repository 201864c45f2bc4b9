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

from rich.table import Table
from rich.text import Text

from compare import Match, PairMatches, match_pair
from store.model import Agreement, Commitment, Corpus
from store.sanitize import one_line
from tui.commands.common import (
    CommandError,
    add_command_options,
    require_corpus,
    resolve_agreement,
)
from tui.commands.render import console


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
    parser.add_argument("b", metavar="B", nargs="?", help="agreement id or file path")
    parser.add_argument(
        "--all",
        action="store_true",
        help="A is a commitment AGREEMENT/COMMITMENT: rank its counterparts in every "
        "other agreement, grouped by agreement",
    )
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


def cell(text: str | None, style: str = "") -> Text:
    """Untrusted text for a table cell: one line, control characters visible."""
    return Text(one_line(text or ""), style=style)


def csv_cell(text: str) -> str:
    visible = one_line(text)
    # A leading = + - @ makes spreadsheets evaluate the cell (CSV injection).
    return "'" + visible if visible[:1] in ("=", "+", "-", "@") else visible


def commitment_index(*agreements: Agreement) -> dict[str, Commitment]:
    return {c.ref: c for agreement in agreements for c in agreement.commitments()}


def match_json(match: Match, commitments: dict[str, Commitment]) -> dict[str, Any]:
    other = commitments.get(match.other)
    return {
        "ref": match.other,
        "area": other.area_id if other else None,
        "text": other.text if other else None,
        "score": round(match.score, 2),
        "is_counterpart": match.is_counterpart,
        "shared": list(match.shared),
        "concepts": list(match.concepts),
        "synonyms": [
            {"phrase": mine, "other_phrase": theirs, "topic": topic}
            for mine, theirs, topic in match.synonyms
        ],
        "breakdown": dict(match.breakdown),
    }


def why(match: Match) -> Text:
    parts = []
    if match.concepts:
        parts.append("concepts: " + ", ".join(match.concepts))
    if match.synonyms:
        parts.append("via " + ", ".join(f"{mine} = {theirs}" for mine, theirs, _ in match.synonyms))
    if match.shared:
        parts.append("words: " + ", ".join(match.shared))
    return cell("; ".join(parts), "dim")


def shown(score: float) -> str:
    """One decimal, rounded down: a 20.98 below a threshold of 21 must not read 21.0."""
    return f"{math.floor(score * 10) / 10:.1f}"


def score_cell(match: Match) -> Text:
    mark = "*" if match.is_counterpart else " "
    return Text(
        f"{shown(match.score):>5}{mark}", style="bold green" if match.is_counterpart else ""
    )


def print_table(a: Agreement, b: Agreement, pair: PairMatches) -> None:
    out = console()
    out.print(
        Text.assemble(
            cell(a.id, "bold"),
            " → ",
            cell(b.id, "bold"),
            (f"   * counterpart: score ≥ {pair.threshold:g}", "dim"),
        )
    )
    for commitment in a.commitments():
        out.print()
        out.print(Text.assemble(cell(commitment.id, "bold cyan"), "  ", cell(commitment.text)))
        found = pair.forward.get(commitment.ref, ())
        if not found:
            out.print(cell("  no match", "dim"))
            continue
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("score", width=7, no_wrap=True)
        table.add_column("counterpart", ratio=3, overflow="fold")
        table.add_column("why", ratio=4, overflow="fold")
        for match in found:
            table.add_row(score_cell(match), cell(match.other.partition("/")[2]), why(match))
        out.print(table)


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
                    csv_cell(commitment.ref),
                    csv_cell(commitment.area_id),
                    rank,
                    csv_cell(match.other),
                    csv_cell(other.area_id if other else ""),
                    f"{match.score:.2f}",
                    "yes" if match.is_counterpart else "no",
                    csv_cell("; ".join(match.shared)),
                    csv_cell("; ".join(match.concepts)),
                    csv_cell(commitment.text),
                    csv_cell(other.text if other else ""),
                ]
            )


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise CommandError("--top must be at least 1", exit_code=2)
    if args.all or args.b is None:
        # One commitment against the whole corpus lives with the corpus command.
        from tui.commands.corpus import match_all

        return match_all(args)
    _, a, b, pair = load_pair(args, args.top, args.min_score)
    if args.format == "json":
        commitments = commitment_index(a, b)
        data = {
            "a": a.id,
            "b": b.id,
            "threshold": pair.threshold,
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
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        print_csv(a, b, pair)
    else:
        print_table(a, b, pair)
    return 0
