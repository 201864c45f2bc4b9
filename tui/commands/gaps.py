"""`accord gaps A B`: A's commitments with no counterpart in B, and coverage per topic."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.table import Table
from rich.text import Text

from compare import coverage, gaps
from tui.commands.common import add_command_options
from tui.commands.match import cell, load_pair, shown
from tui.commands.render import console


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "gaps",
        help="list A's commitments with no counterpart in B",
        description=(
            "The commitments of agreement A whose best match in agreement B scores below "
            "the counterpart threshold, grouped by area, and the coverage of each topic."
        ),
    )
    parser.add_argument("a", metavar="A", help="agreement id or file path")
    parser.add_argument("b", metavar="B", help="agreement id or file path")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--no-cache", action="store_true", help="recompute, ignoring the cache")
    add_command_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    corpus, a, b, pair = load_pair(args)
    found = gaps(a, b, pair)
    covered = coverage(a, b, pair, corpus.lexicon)
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
            cell(a.id, "bold"),
            " in ",
            cell(b.id, "bold"),
            f": {len(covered.covered)} of {total} commitments have a counterpart "
            f"(score ≥ {pair.threshold:g})",
        )
    )
    if not found:
        out.print(Text("No gaps.", style="green"))
    for gap in found:
        out.print()
        out.print(Text.assemble(cell(gap.title, "bold cyan"), f" ({len(gap.commitments)})"))
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("commitment", ratio=3, overflow="fold")
        table.add_column("text", ratio=5, overflow="fold")
        table.add_column("best", width=6, no_wrap=True, justify="right")
        for commitment, best in zip(gap.commitments, gap.best, strict=True):
            table.add_row(
                cell(commitment.id),
                cell(commitment.text),
                Text(shown(best.score) if best else "-", style="dim"),
            )
        out.print(table)
    out.print()
    topics = Table(box=None, header_style="bold", pad_edge=False, expand=True, title_justify="left")
    topics.add_column("topic", ratio=3, overflow="fold")
    topics.add_column("covered", width=9, justify="right", no_wrap=True)
    topics.add_column("uncovered", ratio=5, overflow="fold")
    for row in covered.topics:
        topics.add_row(
            cell(row.label),
            Text(f"{len(row.covered)}/{row.total}", style="green" if not row.uncovered else ""),
            cell(", ".join(ref.partition("/")[2] for ref in row.uncovered), "dim"),
        )
    out.print(topics)
    return 0
