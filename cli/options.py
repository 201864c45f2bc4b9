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
    from store.agreements.terms import TermFinder


class CommandError(Exception):
    """A user-facing failure: printed as one line, never as a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def finite_score(text: str) -> float:
    """argparse type for --score and --min-score: a finite number from 0 to 100."""
    from store.review.records import score_problem

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    problem = score_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{text!r}: a score {problem.removeprefix('must be ')}")
    return value


def utf8_text(text: str) -> str:
    """argparse type for free text (--note, --reviewer, a note): valid UTF-8 only.

    Python keeps undecodable argument bytes as lone surrogates, which SQLite and
    every output would refuse later with a UnicodeEncodeError.
    """
    bad = next((char for char in text if "\ud800" <= char <= "\udfff"), None)
    if bad is not None:
        raise argparse.ArgumentTypeError(
            f"byte 0x{ord(bad) - 0xDC00:02X} at character {text.index(bad) + 1} is not "
            "UTF-8; set a UTF-8 locale or convert the text (for example with iconv)"
        )
    return text


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
        type=utf8_text,
        help="who is reviewing (default: the operating-system account)",
    )
    parser.add_argument(
        "--no-pager",
        action="store_true",
        help="never page long output through $PAGER (default: page on a terminal, as git does)",
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
            flag,
            metavar=metavar,
            default=argparse.SUPPRESS,
            help=argparse.SUPPRESS,
            type=utf8_text if flag == "--reviewer" else str,
        )
    parser.add_argument(
        "--no-pager", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def load_in_use(args: argparse.Namespace, *, term_finder: TermFinder | None = None) -> LoadResult:
    """Load the agreements in use; findings are returned, not raised."""
    try:
        directory = resolve_agreements_dir(getattr(args, "agreements", None))
    except FileNotFoundError as error:
        raise CommandError(str(error), exit_code=2) from error
    return load_corpus(directory, term_finder=term_finder)


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
    # Only errors are reported here, so the W201 search for untagged lexicon
    # terms (a warning, for `accord check`) is skipped: on large agreements
    # it is most of the loading time.
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


def default_pair(args: argparse.Namespace, corpus: Corpus) -> tuple[Agreement, Agreement]:
    """The pair the reviewer last opened in the UI, else the only pair there is."""
    from service.user_settings import last_pair, read_settings, settings_file
    from store.locate import config_dir, default_reviewer

    reviewer = default_reviewer(getattr(args, "reviewer", None))
    remembered = last_pair(read_settings(settings_file(config_dir())), reviewer)
    if remembered is not None:
        a, b = (corpus.agreement(agreement_id) for agreement_id in remembered)
        if a is not None and b is not None and a.id != b.id:
            return a, b
    if len(corpus.agreements) == 2:
        return corpus.agreements[0], corpus.agreements[1]
    known = ", ".join(a.id for a in corpus.agreements) or "none"
    raise CommandError(
        "which agreements? No pair was opened in `accord review` yet and there are "
        f"{len(corpus.agreements)} agreements ({known}): give two ids, A B",
        exit_code=2,
    )


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
