"""`accord corpus [--topic T] [--by topics|areas] [--format table|json|csv]`.

The corpus matrix: topics (or areas) × every agreement, oldest first; each
cell counts the commitments on that row by modality and those with a
confirmed link. With `--topic`, the table shows that topic agreement by
agreement and then its commitments in date order: how a commitment
strengthened or weakened over time.

Never imports Textual, and does no matching (the matrix needs only the
topics and the reviewers' confirmed links), so it is quick on any corpus.
The table fits 80 columns: agreement columns come in blocks, and an id is
never split across lines.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from cli.match_rows import match_json, score_cell, shown, why
from cli.options import (
    CommandError,
    add_command_options,
    require_corpus,
    resolve_commitment,
)
from cli.output import console
from compare.corpus import (
    KINDS,
    Cell,
    CorpusMatrix,
    CounterpartGroup,
    corpus_matrix,
    counterparts_across,
    drill_down,
    resolve_topic,
)
from store.agreements.model import MODALITIES, Corpus
from store.locate import default_reviewer, resolve_store_path
from store.untrusted import csv_cell, terminal_text

LABEL_WIDTH = 22
LEGEND = "n commitments on the row; ✓k of them with a confirmed link; · none"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "corpus",
        help="topics (or areas) × every agreement: who commits to what, how strongly",
        description=(
            "The corpus matrix: for every topic of the lexicon (or every area) and every "
            "agreement, oldest first, how many commitments state it, by modality, and how "
            "many carry a confirmed link. --topic shows one topic's commitments by date."
        ),
    )
    parser.add_argument("--topic", metavar="T", help="one topic, by id or label")
    parser.add_argument(
        "--by", choices=KINDS, default="topics", help="rows: lexicon topics or areas"
    )
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_command_options(parser)
    parser.set_defaults(func=run)


def confirmed_links(args: argparse.Namespace, corpus: Corpus) -> list[tuple[str, str]]:
    """The confirmed links of the review store; none when there is no store yet."""
    from store.review.errors import StoreError
    from store.review.store import ReviewStore

    path = Path(resolve_store_path(getattr(args, "store", None)))
    if not path.exists():
        return []
    try:
        with ReviewStore.open(
            path, default_reviewer(getattr(args, "reviewer", None)), corpus=corpus, create=False
        ) as store:
            return [
                (link.ref_a, link.ref_b) for link in store.links() if link.status == "confirmed"
            ]
    except StoreError as error:
        raise CommandError(str(error)) from error


def build_matrix(args: argparse.Namespace) -> tuple[CorpusMatrix, str | None]:
    """The matrix the options ask for, and the topic id `--topic` named."""
    corpus = require_corpus(args)
    if not corpus.agreements:
        raise CommandError("no agreements: the corpus is empty")
    topic = None
    if args.topic is not None:
        topic = resolve_topic(corpus.lexicon, args.topic)
        if topic is None:
            known = ", ".join(t.id for t in corpus.lexicon.topics) or "none (no lexicon.toml)"
            raise CommandError(f"unknown topic {args.topic!r} (known: {known})")
    matrix = corpus_matrix(
        corpus.agreements,
        corpus.lexicon,
        kind=args.by,
        confirmed=confirmed_links(args, corpus),
        topic=topic,
    )
    return matrix, topic


def cell_text(found: Cell) -> str:
    if not found.count:
        return "·"
    return f"{found.count}✓{len(found.linked)}" if found.linked else str(found.count)


def modality_text(found: Cell) -> str:
    return " · ".join(f"{modality} {count}" for modality, count in found.modalities)


def cell_json(agreement_id: str, found: Cell) -> dict[str, Any]:
    return {
        "agreement": agreement_id,
        "count": found.count,
        "linked": len(found.linked),
        "modalities": dict(found.modalities),
        "refs": list(found.refs),
    }


def matrix_json(matrix: CorpusMatrix, topic: str | None) -> dict[str, Any]:
    return {
        "by": matrix.kind,
        "topic": topic,
        "modalities": list(MODALITIES),
        "agreements": [
            {"id": a.id, "label": a.label, "date": a.date.isoformat(), "commitments": len(a)}
            for a in matrix.agreements
        ],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "total": row.total,
                "linked": row.linked,
                "cells": [
                    cell_json(agreement.id, found)
                    for agreement, found in zip(matrix.agreements, row.cells, strict=True)
                ],
            }
            for row in matrix.rows
        ],
    }


def print_csv(matrix: CorpusMatrix) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["by", "key", "label", "agreement", "date", "count", "linked", *MODALITIES])
    for row in matrix.rows:
        for agreement, found in zip(matrix.agreements, row.cells, strict=True):
            counts = dict(found.modalities)
            writer.writerow(
                [
                    matrix.kind,
                    csv_cell(row.key, single_line=True),
                    csv_cell(row.label, single_line=True),
                    csv_cell(agreement.id, single_line=True),
                    agreement.date.isoformat(),
                    found.count,
                    len(found.linked),
                    *(counts.get(modality, 0) for modality in MODALITIES),
                ]
            )


def column_blocks(matrix: CorpusMatrix, width: int) -> list[list[int]]:
    """Agreement columns in blocks that fit beside the row labels (at least one each)."""
    # Rich pads each column by one space a side (none at the table's edges).
    room = max(1, width - LABEL_WIDTH)
    blocks: list[list[int]] = [[]]
    used = 0
    for index, agreement in enumerate(matrix.agreements):
        need = max(len(agreement.id), 5) + 2
        if blocks[-1] and used + need > room:
            blocks.append([])
            used = 0
        blocks[-1].append(index)
        used += need
    return blocks


def print_matrix(matrix: CorpusMatrix) -> None:
    out = console()
    kind = "topic" if matrix.kind == "topics" else "area"
    out.print(
        Text.assemble(
            ("Corpus", "bold"),
            f": {len(matrix.agreements)} agreements × {len(matrix.rows)} {matrix.kind}",
        )
    )
    out.print(Text(LEGEND, style="dim"))
    for block in column_blocks(matrix, out.width):
        out.print()
        table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
        table.add_column(kind, width=LABEL_WIDTH, no_wrap=True, overflow="ellipsis")
        for index in block:
            agreement = matrix.agreements[index]
            table.add_column(
                terminal_text(agreement.id, single_line=True),
                justify="right",
                no_wrap=True,
                min_width=max(len(agreement.id), 5),
            )
        for row in matrix.rows:
            table.add_row(
                terminal_text(row.label, single_line=True),
                *(Text(cell_text(row.cells[index])) for index in block),
            )
        out.print(table)


def print_topic(matrix: CorpusMatrix) -> None:
    """One topic: agreement by agreement, then its commitments in date order."""
    out = console()
    row = matrix.rows[0]
    out.print(
        Text.assemble(
            ("Topic ", "bold"),
            terminal_text(row.label, "bold", single_line=True),
            f": {row.total} commitments in "
            f"{sum(1 for found in row.cells if found.count)} of "
            f"{len(matrix.agreements)} agreements, {row.linked} with a confirmed link",
        )
    )
    table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
    table.add_column("date", width=10, no_wrap=True)
    table.add_column("agreement", no_wrap=True)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("✓", justify="right", no_wrap=True)
    table.add_column("by modality", ratio=1, overflow="fold")
    for agreement, found in zip(matrix.agreements, row.cells, strict=True):
        table.add_row(
            agreement.date.isoformat(),
            terminal_text(agreement.id, single_line=True),
            str(found.count),
            str(len(found.linked)),
            terminal_text(modality_text(found) or "·", "dim", single_line=True),
        )
    out.print(table)
    for item in drill_down(matrix, row.key):
        out.print()
        out.print(
            Text.assemble(
                (item.date.isoformat(), "dim"),
                "  ",
                terminal_text(item.ref, "bold cyan", single_line=True),
                "  ",
                (item.modality, "italic"),
                ("  ✓ confirmed link", "green") if item.linked else "",
            )
        )
        out.print(Padding(terminal_text(item.text, single_line=True), (0, 0, 0, 2)))


def run(args: argparse.Namespace) -> int:
    matrix, topic = build_matrix(args)
    if args.format == "json":
        json.dump(matrix_json(matrix, topic), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        print_csv(matrix)
    elif topic is not None and matrix.kind == "topics":
        print_topic(matrix)
    else:
        print_matrix(matrix)
    return 0


# -- accord match REF --all -------------------------------------------------------------
def match_all(args: argparse.Namespace) -> int:
    """`accord match REF --all`: one commitment's counterparts in every other agreement."""
    from compare import COUNTERPART_THRESHOLD
    from compare.corpus_cache import match_corpus

    if not args.all:
        raise CommandError(
            "match needs two agreements (A B), or one commitment and --all (REF --all)",
            exit_code=2,
        )
    if args.b is not None:
        raise CommandError("--all takes one commitment REF, not a second agreement", exit_code=2)
    corpus = require_corpus(args)
    if not corpus.lexicon.topics:
        raise CommandError("no lexicon: matching needs lexicon.toml beside the agreements")
    commitment = resolve_commitment(corpus, args.a)
    if len(corpus.agreements) < 2:
        raise CommandError("--all needs at least two agreements in the corpus")
    matches = match_corpus(
        corpus.agreements,
        corpus.lexicon,
        top_k=max(5, args.top),
        use_cache=not args.no_cache,
        involving=commitment.agreement_id,
    )
    groups = [
        CounterpartGroup(
            group.agreement_id,
            group.label,
            group.date,
            tuple(m for m in group.matches[: args.top] if m.score >= args.min_score),
        )
        for group in counterparts_across(commitment, corpus.agreements, matches, corpus.lexicon)
    ]
    groups = [group for group in groups if group.matches]
    commitments = {c.ref: c for a in corpus.agreements for c in a.commitments()}
    if args.format == "json":
        data = {
            "ref": commitment.ref,
            "text": commitment.text,
            "threshold": float(COUNTERPART_THRESHOLD),
            "agreements": len(corpus.agreements) - 1,
            "groups": [
                {
                    "agreement": group.agreement_id,
                    "label": group.label,
                    "date": group.date.isoformat(),
                    "best": round(group.best, 2),
                    "matches": [match_json(m, commitments) for m in group.matches],
                }
                for group in groups
            ],
        }
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        header = ["ref", "agreement", "date", "rank", "other", "score", "is_counterpart"]
        writer.writerow([*header, "shared", "concepts", "other_text"])
        for group in groups:
            for rank, match in enumerate(group.matches, 1):
                other = commitments.get(match.other)
                writer.writerow(
                    [
                        csv_cell(commitment.ref, single_line=True),
                        csv_cell(group.agreement_id, single_line=True),
                        group.date.isoformat(),
                        rank,
                        csv_cell(match.other, single_line=True),
                        f"{match.score:.2f}",
                        "yes" if match.is_counterpart else "no",
                        csv_cell("; ".join(match.shared), single_line=True),
                        csv_cell("; ".join(match.concepts), single_line=True),
                        csv_cell(other.text if other else "", single_line=True),
                    ]
                )
    else:
        print_across(commitment.ref, commitment.text, groups, len(corpus.agreements) - 1)
    return 0


def print_across(ref: str, text: str, groups: list[CounterpartGroup], others: int) -> None:
    from compare import COUNTERPART_THRESHOLD

    out = console()
    out.print(
        Text.assemble(
            terminal_text(ref, "bold cyan", single_line=True),
            "  ",
            terminal_text(text, single_line=True),
        )
    )
    out.print(
        Text(
            f"counterparts in {len(groups)} of {others} other agreements, best first"
            f"   * counterpart: score ≥ {COUNTERPART_THRESHOLD:g}",
            style="dim",
        )
    )
    for group in groups:
        out.print()
        out.print(
            Text.assemble(
                terminal_text(group.agreement_id, "bold", single_line=True),
                "  ",
                (group.date.isoformat(), "dim"),
                "  ",
                terminal_text(group.label, single_line=True),
                ("  best ", "dim"),
                shown(group.best),
            )
        )
        for match in group.matches:
            # The id on a line of its own: never split, whatever its length.
            out.print(
                Text.assemble(
                    score_cell(match),
                    " ",
                    terminal_text(match.other.partition("/")[2], single_line=True),
                )
            )
            out.print(Padding(why(match), (0, 0, 0, 8)))
