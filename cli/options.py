"""What every sub-command shares: global options, locating agreements and the store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from store.agreements.findings import Finding
from store.agreements.loader import LoadResult, load_corpus
from store.agreements.model import Agreement, Commitment, Corpus
from store.locate import default_reviewer, resolve_agreements_dir, resolve_store_path

if TYPE_CHECKING:
    from service.session import Session
    from store.agreements.tags import TagVocabulary


class CommandError(Exception):
    """A user-facing failure: printed as one line, never as a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Options accepted before the command, and (as defaults) after it too."""
    parser.add_argument(
        "--agreements",
        metavar="DIR",
        help="folder of agreement files (default: $ACCORD_AGREEMENTS, ./agreements, bundled)",
    )
    parser.add_argument(
        "--store",
        metavar="PATH",
        help="review store file (default: $ACCORD_STORE, else the user data folder)",
    )
    parser.add_argument(
        "--reviewer",
        metavar="NAME",
        help="who is reviewing (default: the operating-system account)",
    )
    add_ui_options(parser, default=None)


def add_ui_options(parser: argparse.ArgumentParser, default: object) -> None:
    """`--theme` and `--pair`, for the UI; `ui_pair` so `export --pair` keeps its own meaning."""
    parser.add_argument(
        "--theme",
        metavar="NAME",
        default=default,
        help="colour theme for the UI: accord-dark, accord-light, accord-high-contrast, "
        "textual-dark, ansi-dark, ansi-light… (remembered)",
    )
    parser.add_argument(
        "--pair",
        dest="ui_pair",
        nargs=2,
        metavar=("A", "B"),
        default=default,
        help="the two agreements the UI compares (default: the first two)",
    )


def add_command_options(parser: argparse.ArgumentParser) -> None:
    """The global options again, so `accord check --agreements DIR` works too."""
    for flag, metavar in (("--agreements", "DIR"), ("--store", "PATH"), ("--reviewer", "NAME")):
        parser.add_argument(
            flag, metavar=metavar, default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )


def load_in_use(args: argparse.Namespace) -> LoadResult:
    """Load the agreements in use; findings are returned, not raised."""
    try:
        directory = resolve_agreements_dir(getattr(args, "agreements", None))
    except FileNotFoundError as error:
        raise CommandError(str(error), exit_code=2) from error
    return load_corpus(directory)


def print_findings_summary(findings: list[Finding]) -> None:
    """Tell the user on stderr that some agreements were skipped, and why."""
    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return
    files = sorted({str(f.path) for f in errors})
    print(
        f"accord: warning: {len(errors)} error(s) in {', '.join(files)}; "
        "those agreements are skipped. Run `accord check` for details.",
        file=sys.stderr,
    )


def require_corpus(args: argparse.Namespace) -> Corpus:
    result = load_in_use(args)
    print_findings_summary(result.findings)
    return result.corpus


def resolve_agreement(corpus: Corpus, name: str) -> Agreement:
    """An agreement by id, or by the path of its file."""
    agreement = corpus.agreement(name)
    if agreement is not None:
        return agreement
    path = Path(name)
    if path.suffix == ".toml" and path.exists():
        from store.agreements.loader import load_agreement

        loaded, findings = load_agreement(path, corpus.lexicon)
        if loaded is None:
            first = next((f for f in findings if f.severity == "error"), None)
            detail = f": {first.location()}: {first.message}" if first else ""
            raise CommandError(f"{name} is not a valid agreement{detail}")
        return loaded
    known = ", ".join(a.id for a in corpus.agreements) or "none"
    raise CommandError(f"unknown agreement {name!r} (known: {known})")


def resolve_commitment(corpus: Corpus, ref: str) -> Commitment:
    commitment = corpus.commitment(ref)
    if commitment is None:
        raise CommandError(
            f"unknown commitment {ref!r}: expected AGREEMENT/COMMITMENT, "
            "see `accord list` for the ids"
        )
    return commitment


@contextmanager
def review_session(
    args: argparse.Namespace, corpus: Corpus, *, tags: TagVocabulary | None = None
) -> Iterator[Session]:
    """The review store the options name, as a service session; its errors become one line."""
    from service.session import Session
    from store.review.errors import StoreError
    from store.review.store import ReviewStore

    path = resolve_store_path(getattr(args, "store", None))
    reviewer = default_reviewer(getattr(args, "reviewer", None))
    try:
        with ReviewStore.open(path, reviewer, corpus=corpus, tags=tags) as store:
            yield Session.around(store, corpus)
    except StoreError as error:
        raise CommandError(str(error)) from error
