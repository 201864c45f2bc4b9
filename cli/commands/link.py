"""`accord link REF_A REF_B [--status S] [--tag T] [--score X] [--note TEXT]`.

Records a link between two commitments in the review store, through the same
service action as the TUI (link and note in one transaction); durable when it
exits 0. Exit 1 for an unknown
ref, tag or status, or a store that cannot be used.
"""

from __future__ import annotations

import argparse
import sys

from cli.options import (
    CommandError,
    add_command_options,
    finite_score,
    require_corpus,
    resolve_commitment,
    review_session,
    utf8_text,
)
from store.agreements.tags import load_tags
from store.review.records import STATUSES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "link",
        help="link two commitments (status, tag, note)",
        description=(
            "Create or update the link between two commitments, given as "
            "AGREEMENT/COMMITMENT. A new link is 'confirmed' unless --status says "
            "otherwise, and its origin is 'manual' (the exports show it); an existing "
            "one keeps what is not given. Exit codes: 0 "
            "recorded, 1 unknown ref, tag or status, or an unusable store."
        ),
    )
    parser.add_argument("ref_a", metavar="REF_A", help="AGREEMENT/COMMITMENT")
    parser.add_argument("ref_b", metavar="REF_B", help="AGREEMENT/COMMITMENT")
    parser.add_argument("--status", metavar="STATUS", help=f"one of: {', '.join(STATUSES)}")
    parser.add_argument(
        "--tag",
        metavar="TAG",
        help="a tag id (see tags.toml; default tags: "
        "aligned, partial-overlap, complementary, divergent, duplicate)",
    )
    parser.add_argument(
        "--score", metavar="X", type=finite_score, help="a match score to record (0–100)"
    )
    parser.add_argument(
        "--note", metavar="TEXT", type=utf8_text, help="also add a note on the link"
    )
    add_command_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from service import actions

    if args.status is not None and args.status not in STATUSES:
        raise CommandError(f"unknown status {args.status!r} (one of: {', '.join(STATUSES)})")
    corpus = require_corpus(args)
    a = resolve_commitment(corpus, args.ref_a).ref
    b = resolve_commitment(corpus, args.ref_b).ref
    if a == b:
        raise CommandError(f"a link needs two different commitments, got {a} twice")
    tags, tag_findings = load_tags(corpus.directory)
    if args.tag is not None and args.tag not in tags:
        broken = (
            f"; {tag_findings[0].path} has errors, so the default tags apply"
            if tag_findings
            else ""
        )
        raise CommandError(f"unknown tag {args.tag!r} (one of: {', '.join(tags.ids)}){broken}")
    if args.note is not None and not args.note.strip():
        raise CommandError("the note is empty")
    with review_session(args, corpus, tags=tags) as session:
        link = actions.link(
            session,
            a,
            b,
            status=args.status,
            tag=args.tag,
            score=args.score,
            note=args.note,
            origin="manual",
        )
    tag = f", {tags.label(link.tag)}" if link.tag else ""
    noted = " (note added)" if args.note is not None else ""
    print(f"{link.ref_a} ↔ {link.ref_b}: {link.status}{tag}{noted}", file=sys.stdout)
    return 0
