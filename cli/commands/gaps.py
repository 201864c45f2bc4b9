"""`accord gaps A B`: A's commitments with no counterpart in B, and coverage per topic."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.text import Text

from cli.commands.match import load_pair
from cli.match_rows import shown
from cli.options import CommandError, add_command_options, default_pair, load_in_use
from cli.output import console, id_rows
from compare import coverage, gaps
from compare.coverage import Decisions
from store.locate import default_reviewer, resolve_store_path
from store.untrusted import terminal_text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "gaps",
        help="list A's commitments with no counterpart in B",
        description=(
            "The commitments of agreement A with no counterpart in agreement B, grouped by "
            "area, and the coverage of each topic. A commitment is covered when the review "
            "store has a confirmed link from it to B, or when its best match in B that the "
            "reviewer has not rejected reaches the counterpart threshold (the TUI's gaps "
            "screen says the same)."
        ),
    )
    parser.add_argument(
        "a",
        metavar="A",
        nargs="?",
        help="agreement id or file path (default: the pair last opened in the UI, "
        "or the only two agreements)",
    )
    parser.add_argument("b", metavar="B", nargs="?", help="agreement id or file path")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--no-cache", action="store_true", help="recompute, ignoring the cache")
    parser.add_argument(
        "--matcher-only",
        action="store_true",
        help="ignore the reviewer's decisions in the review store: the matcher alone",
    )
    add_command_options(parser)
    parser.set_defaults(func=run)


def _decisions(args: argparse.Namespace) -> Decisions:
    """The confirmed and rejected links of the review store (none if it does not exist)."""
    from store.review.errors import StoreError
    from store.review.store import ReviewStore

    path = resolve_store_path(getattr(args, "store", None))
    if args.matcher_only or not path.exists():
        return Decisions()
    reviewer = default_reviewer(getattr(args, "reviewer", None))
    try:
        with ReviewStore.open(path, reviewer, create=False) as store:
            return Decisions.from_links(store.links())
    except StoreError as error:
        raise CommandError(str(error)) from error


def run(args: argparse.Namespace) -> int:
    if args.b is None:
        if args.a is not None:
            raise CommandError("give both agreements, A B, or neither", exit_code=2)
        chosen = default_pair(args, load_in_use(args).corpus)
        args.a, args.b = chosen[0].id, chosen[1].id
    corpus, a, b, pair = load_pair(args)
    decisions = _decisions(args)
    found = gaps(a, b, pair, decisions)
    covered = coverage(a, b, pair, corpus.lexicon, decisions)
    if args.format == "json":
        data: dict[str, Any] = {
            "a": a.id,
            "b": b.id,
            "threshold": pair.threshold,
            "gaps": [
                {
                    "area": gap.area_id,
                    "title": gap.title,
                    "commitments": [
                        {
                            "ref": c.ref,
                            "text": c.text,
                            "best": {
                                "ref": best.other,
                                "score": round(best.score, 2),
                                "band": best.band,
                            }
                            if best
                            else None,
                        }
                        for c, best in zip(gap.commitments, gap.best, strict=True)
                    ],
                }
                for gap in found
            ],
            "areas": [
                {
                    "area": row.id,
                    "title": row.label,
                    "covered": list(row.covered),
                    "uncovered": list(row.uncovered),
                }
                for row in covered.areas
            ],
            "topics": [
                {
                    "topic": row.id,
                    "label": row.label,
                    "covered": list(row.covered),
                    "uncovered": list(row.uncovered),
                }
                for row in covered.topics
            ],
        }
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    out = console()
    total = len(covered.covered) + len(covered.uncovered)
    out.print(
        Text.assemble(
            terminal_text(a.id, "bold", single_line=True),
            " in ",
            terminal_text(b.id, "bold", single_line=True),
            f": {len(covered.covered)} of {total} commitments have a counterpart "
            f"(score ≥ {pair.threshold:g})",
        )
    )
    if not found:
        out.print(Text("No gaps.", style="green"))
    # One lead width for every area: best score, then the commitment id.
    lead = 7 + max((len(c.id) for gap in found for c in gap.commitments), default=0)
    for number, gap in enumerate(found):
        out.print()
        out.print(
            Text.assemble(
                terminal_text(gap.title, "bold cyan", single_line=True),
                f" ({len(gap.commitments)})",
            )
        )
        rows = [
            (
                Text.assemble(
                    (f"{shown(best.score) if best else '-':>5}", "dim"),
                    "  ",
                    terminal_text(commitment.id, single_line=True),
                ),
                terminal_text(commitment.text, single_line=True),
            )
            for commitment, best in zip(gap.commitments, gap.best, strict=True)
        ]
        id_rows(out, rows, header=("best   commitment", "text") if number == 0 else None,
                lead_width=lead)  # fmt: skip
    out.print()
    label = max((len(row.label) for row in covered.topics), default=0) + 2 + 7
    rows = [
        (
            Text.assemble(
                terminal_text(row.label, single_line=True),
                " " * (label - len(row.label) - 7),
                (
                    f"{len(row.covered)}/{row.total}".rjust(7),
                    "green" if not row.uncovered else "",
                ),
            ),
            terminal_text(
                ", ".join(ref.partition("/")[2] for ref in row.uncovered), "dim", single_line=True
            ),
        )
        for row in covered.topics
    ]
    ids = max(
        (len(r.partition("/")[2]) for row in covered.topics for r in row.uncovered), default=0
    )
    id_rows(out, rows, header=("topic  covered", "uncovered"), lead_width=label, prose_words=ids)
    return 0
