"""`accord export --format md|html|csv|json|toml [-o FILE] [filters]`.

md and html are the report a reviewer sends: reviewers by display name
(`reviewer_name` / `[reviewer_names]` in settings.toml, or `--reviewer-name`),
scores with their band, rejected links in an appendix (`--omit-rejected` leaves
them out), no fingerprints. csv, json and toml keep everything.

The agreement filter clashes with the global `--agreements DIR` option, so:

- `--pair A B` selects the links between agreements A and B (A's side first);
- `--agreements A B` (exactly two values, after `export`) means the same;
- `--agreements DIR` (one value) keeps its global meaning: the agreements folder.

`--reviewer NAME` after `export` filters by reviewer; given before `export`
it is the usual "who is reviewing" and filters nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.options import CommandError, require_corpus, resolve_agreement
from store.locate import config_dir, default_reviewer, resolve_store_path
from store.review.exports.registry import FORMAT_IDS, FORMATS
from store.review.records import STATUSES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the review (Markdown, CSV, JSON, TOML review file)",
        description=(
            "Export the review store: "
            + ", ".join(f"{f.id} ({f.about})" for f in FORMATS)
            + ". Writes to stdout, or atomically to -o FILE. Exit codes: 0 written, "
            "1 unknown agreement or status, or an unusable store."
        ),
    )
    parser.add_argument("--format", choices=FORMAT_IDS, default="md", help="default: md")
    parser.add_argument(
        "--reviewer-name",
        metavar="NAME",
        help="your display name in the report (default: reviewer_name in settings.toml, "
        "else the account name)",
    )
    parser.add_argument(
        "--omit-rejected",
        action="store_true",
        help="leave rejected links out of the report (md, html) instead of an appendix",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    parser.add_argument(
        "--pair", nargs=2, metavar=("A", "B"), help="only links between agreements A and B, A first"
    )
    parser.add_argument(
        "--agreements",
        nargs="+",
        action="append",
        metavar="ID",
        dest="export_agreements",
        default=argparse.SUPPRESS,
        help="two agreement ids: the same as --pair A B; one value: the agreements folder",
    )
    parser.add_argument(
        "--reviewer", metavar="NAME", dest="filter_reviewer", help="only records by this reviewer"
    )
    parser.add_argument(
        "--status",
        metavar="STATUS",
        action="append",
        help=f"only links with this status (repeatable): {', '.join(STATUSES)}",
    )
    parser.add_argument(
        "--store", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    parser.set_defaults(func=run)


def _pair(args: argparse.Namespace) -> tuple[str, str] | None:
    """The agreement filter; a one-value `--agreements` sets the folder instead."""
    pair = args.pair
    for values in getattr(args, "export_agreements", None) or ():
        if len(values) == 1:
            args.agreements = values[0]
        elif len(values) == 2:
            if pair is not None and list(pair) != values:
                raise CommandError("two different agreement pairs given; give one")
            pair = values
        else:
            raise CommandError(
                "--agreements takes a folder (one value) or two agreement ids (A B), "
                f"not {len(values)} values"
            )
    return (pair[0], pair[1]) if pair is not None else None


def run(args: argparse.Namespace) -> int:
    from service.export import render
    from service.user_settings import display_names, read_settings, settings_file
    from store.review.errors import StoreError
    from store.review.exports.registry import write_output
    from store.review.selection import ExportFilter
    from store.review.store import ReviewStore
    from store.safe_paths import UnsafePathError

    pair = _pair(args)
    statuses = frozenset(args.status or ())
    unknown = sorted(statuses - set(STATUSES))
    if unknown:
        raise CommandError(f"unknown status {unknown[0]!r} (one of: {', '.join(STATUSES)})")
    corpus = require_corpus(args)
    if pair is not None:
        pair = (resolve_agreement(corpus, pair[0]).id, resolve_agreement(corpus, pair[1]).id)
    flt = ExportFilter(agreements=pair, reviewer=args.filter_reviewer, statuses=statuses)
    path = resolve_store_path(getattr(args, "store", None))
    reviewer = default_reviewer(getattr(args, "reviewer", None))
    # Exporting reads only: a missing store is an empty review, and is not created.
    target = path if path.exists() else ":memory:"
    if not path.exists():
        print(
            f"accord: note: no review store at {path} yet; exporting an empty review",
            file=sys.stderr,
        )
    names: dict[str, str] = {}
    if args.format in ("md", "html"):
        path_of_settings = settings_file(config_dir())
        names, warnings = display_names(
            read_settings(path_of_settings), path_of_settings, reviewer, args.reviewer_name
        )
        for warning in warnings:
            print(f"accord: warning: {warning}", file=sys.stderr)
    try:
        # Read-only: exporting needs only read access, and never creates or migrates.
        with ReviewStore.open(
            target, reviewer, corpus=corpus, read_only=target != ":memory:"
        ) as store:
            text = render(
                args.format,
                store,
                corpus,
                flt,
                names=names,
                include_rejected=not args.omit_rejected,
            )
    except StoreError as error:
        raise CommandError(str(error)) from error
    try:
        write_output(text, Path(args.output) if args.output else None)
    except UnsafePathError as error:  # a FIFO, a device, a read-only file: left as it was
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror or error}") from error
    return 0
