"""`accord match A B`: the best counterparts in B of every commitment of A.

Never imports Textual. Agreement text is untrusted: tables get it as Rich
`Text` with control characters made visible, CSV gets the same visible text
(and no cell that a spreadsheet would run as a formula), JSON escapes it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

import orjson
from rich.text import Text

from cli import quick_exit
from cli.match_rows import (
    band_legend,
    commitment_index,
    match_json,
    score_cell,
    why,
)
from cli.options import (
    CommandError,
    add_command_options,
    finite_score,
    require_corpus,
    resolve_agreement,
)
from cli.output import console, id_rows, print_whole_words
from cli.safe_output import OutputError, stdout_is_a_file
from compare import BANDS, PairMatches, match_pair
from compare.engine import gc_paused
from store import forked
from store.agreements.model import Agreement, Commitment, Corpus
from store.untrusted import csv_cell, terminal_text

LARGE = 1000  # commitments: beyond this, JSON output is compact and written in two halves


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
        "--min-score",
        type=finite_score,
        default=0.0,
        metavar="S",
        help="hide matches scoring below S",
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


def _results(
    a: Agreement, b: Agreement, pair: PairMatches, share: list[Commitment]
) -> list[dict[str, Any]]:
    commitments = commitment_index(a, b)
    return [
        {
            "ref": c.ref,
            "area": c.area_id,
            "text": c.text,
            "matches": [match_json(m, commitments) for m in pair.forward.get(c.ref, ())],
        }
        for c in share
    ]


def _compact(value: object) -> str:
    """Compact JSON (no spaces), encoded by orjson: ten times faster than `json`,
    which matters at 40 MB."""
    return orjson.dumps(value).decode("utf-8")


def _compact_items(a: Agreement, b: Agreement, pair: PairMatches, share: list[Commitment]) -> str:
    """`share`'s results as the items of a compact JSON array, without its brackets."""
    encoded = memoryview(orjson.dumps(_results(a, b, pair, share)))
    return str(encoded[1:-1], "utf-8")


def print_json(a: Agreement, b: Agreement, pair: PairMatches) -> None:
    """`accord match --format json`: every commitment of A with its matches, explained.

    Large results are written compact (indented JSON goes through Python's slow
    encoder), and in two halves at once, the second made by a child process
    (`store.forked.in_turn`) that writes it itself once the first is written:
    explaining the matches and encoding them is pure Python, most of the time
    at 10,000 × 10,000 once the ranking is done, and each half is 20 MB.
    """
    head: dict[str, Any] = {
        "a": a.id,
        "b": b.id,
        "threshold": pair.threshold,
        "bands": dict(BANDS),
    }
    write = sys.stdout.write
    mine = list(a.commitments())
    if len(mine) <= LARGE:
        head["results"] = _results(a, b, pair, mine)
        write(json.dumps(head, indent=2, ensure_ascii=False) + "\n")
        return
    half = len(mine) // 2

    def first_half() -> None:
        # The same text as one compact encoding of the whole: "results" is the last key,
        # and the two arrays' items join into one.
        write(_compact(head)[:-1] + ',"results":[')
        write(_compact_items(a, b, pair, mine[:half]))

    def second_half(items: str) -> None:
        write(",")
        write(items)
        write("]}\n")

    if not stdout_is_a_file():  # the pager's collector: a child's writes would not reach it
        first_half()
        second_half(_compact_items(a, b, pair, mine[half:]))
        return
    try:
        forked.in_turn(first_half, lambda: _compact_items(a, b, pair, mine[half:]), second_half)
    except forked.ChildFailed as error:
        raise OutputError(
            "standard output failed while the second half was written; the output is incomplete"
        ) from error


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise CommandError("--top must be at least 1", exit_code=2)
    if args.all or args.b is None:
        # One commitment against the whole corpus lives with the corpus command.
        from cli.commands.corpus import match_all

        return match_all(args)
    # Loading, matching and writing build many objects and no cycles.
    with gc_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    corpus, a, b, pair = load_pair(args, args.top, args.min_score)
    quick_exit.keep_until_exit(corpus, pair)
    if args.format == "json":
        print_json(a, b, pair)
    elif args.format == "csv":
        print_csv(a, b, pair)
    else:
        print_table(a, b, pair)
    return 0
