"""`accord diff OLD NEW [--format text|md|json]`: what changed between two versions.

OLD and NEW are agreement files, or OLD is the id of an agreement in use and
NEW a file. Commitments are aligned by id, then by wording; each change is
reworded (with a word-level redline), moved, split, merged, added, removed,
or a modality strengthened or weakened. The reviewer's links and notes the
change makes outdated or orphaned are listed (the store is only read).
Exit codes: 0 no commitment changed, 1 changes found, 2 unusable input.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path

from cli.options import CommandError, add_command_options, load_in_use
from store.agreements.model import Agreement, Corpus


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare two versions of an agreement",
        description=(
            "Compare two versions of one agreement, commitment by commitment: OLD and NEW "
            "are agreement files, or OLD is an agreement id and NEW a file. Lists the "
            "review links and notes the change makes outdated or orphaned. Exit codes: "
            "0 no change, 1 changes found, 2 unusable input."
        ),
    )
    parser.add_argument("old", metavar="OLD", help="agreement id or file")
    parser.add_argument("new", metavar="NEW", help="agreement file (or id)")
    parser.add_argument("--format", choices=("text", "md", "json"), default="text")
    add_command_options(parser)
    parser.set_defaults(func=run)


def _load(name: str, corpus: Corpus) -> Agreement:
    from store.agreements.loader import load_agreement

    path = Path(name)
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is None:
        found = corpus.agreement(name)
        if found is None:
            known = ", ".join(a.id for a in corpus.agreements) or "none"
            raise CommandError(
                f"{name}: neither a file nor an agreement in use (known: {known})", exit_code=2
            )
        return found
    if not stat.S_ISREG(info.st_mode):
        raise CommandError(
            f"{name}: not a regular file (a folder, FIFO or device); give an agreement file",
            exit_code=2,
        )
    agreement, findings = load_agreement(path, corpus.lexicon)
    if agreement is None:
        first = next((f for f in findings if f.severity == "error"), None)
        detail = f" ({first.location()}: {first.message})" if first else ""
        raise CommandError(
            f"{name} is not a valid agreement{detail}; run `accord check {name}`", exit_code=2
        )
    return agreement


def run(args: argparse.Namespace) -> int:
    from compare.version_report import (
        render_json,
        render_markdown,
        render_text,
        review_impact,
        with_agreement,
    )
    from compare.versions import diff_agreements
    from store.locate import default_reviewer, resolve_store_path
    from store.review.errors import StoreError

    corpus = load_in_use(args).corpus
    old = _load(args.old, corpus)
    new = _load(args.new, corpus)
    if old.id != new.id:
        print(
            f"accord: warning: comparing two different agreement ids ({old.id}, {new.id})",
            file=sys.stderr,
        )
    diff = diff_agreements(old, new)
    try:
        impact = review_impact(
            resolve_store_path(getattr(args, "store", None)),
            default_reviewer(getattr(args, "reviewer", None)),
            with_agreement(corpus, old),
            with_agreement(corpus, new),
            new.id,
        )
    except StoreError as error:
        print(f"accord: warning: review store not read: {error}", file=sys.stderr)
        impact = None
    render = {"text": render_text, "md": render_markdown, "json": render_json}[args.format]
    sys.stdout.write(render(diff, impact))
    return 1 if diff.changed else 0
