"""`accord import FILE...`: merge review files (from `accord export --format toml`).

All files are merged in one transaction. A file with any problem rejects the
whole import (findings on stderr, store unchanged); conflicting judgements are
reported and the store's version is kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.options import CommandError, add_command_options, review_session
from store.locate import resolve_agreements_dir

EXIT_CONFLICTS = 3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="merge review files into the review store",
        description=(
            "Merge review files written by `accord export --format toml` into the "
            "review store, in one transaction. Re-importing is harmless. Exit codes: "
            "0 merged, 1 a file has problems (nothing imported) or the store is "
            f"unusable, {EXIT_CONFLICTS} merged but some records conflict (the store's kept)."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="review files (.toml)")
    add_command_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from service import actions
    from store.agreements.model import Corpus, Lexicon
    from store.agreements.tags import load_tags
    from store.untrusted import visible

    try:
        directory = resolve_agreements_dir(getattr(args, "agreements", None))
    except FileNotFoundError as error:
        raise CommandError(str(error), exit_code=2) from error
    tags, _ = load_tags(directory)
    # Imported refs need not be in the agreements: no corpus is loaded.
    with review_session(args, Corpus((), Lexicon(()), directory), tags=tags) as session:
        report = actions.import_review_files(session, [Path(name) for name in args.files])
    for finding in report.findings:
        print(visible(finding.render()), file=sys.stderr)
    for conflict in report.conflicts:
        print(visible(conflict.render()), file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.findings else sys.stdout)
    if report.findings:
        return 1
    return EXIT_CONFLICTS if report.conflicts else 0
