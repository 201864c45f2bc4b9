"""`accord note REF [TEXT | -]`: add a note on a commitment, or list its notes.

With TEXT the note is added (durable when it exits 0); `-` reads the text from
standard input; without TEXT the commitment's notes are printed.
"""

from __future__ import annotations

import argparse
import sys

from cli.options import (
    CommandError,
    add_command_options,
    require_corpus,
    resolve_commitment,
    review_session,
    utf8_text,
)
from store.locate import default_reviewer, resolve_store_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "note",
        help="add a note on a commitment (or list its notes)",
        description=(
            "Add a note on a commitment given as AGREEMENT/COMMITMENT. TEXT '-' reads "
            "the note from standard input; without TEXT, print the commitment's notes. "
            "Exit codes: 0 done, 1 unknown ref, empty note or an unusable store."
        ),
    )
    parser.add_argument("ref", metavar="REF", help="AGREEMENT/COMMITMENT")
    parser.add_argument(
        "text", metavar="TEXT", nargs="?", type=utf8_text, help="the note, or - for stdin"
    )
    add_command_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from service import actions
    from store.review.errors import StoreError
    from store.review.store import ReviewStore
    from store.untrusted import visible

    corpus = require_corpus(args)
    ref = resolve_commitment(corpus, args.ref).ref
    path = resolve_store_path(getattr(args, "store", None))
    reviewer = default_reviewer(getattr(args, "reviewer", None))
    if args.text is None:
        if not path.exists():
            return 0
        try:
            # Listing reads only: a store the user may only read will do.
            with ReviewStore.open(
                path, reviewer, corpus=corpus, create=False, read_only=True
            ) as store:
                notes = store.notes(ref=ref)
        except StoreError as error:
            raise CommandError(str(error)) from error
        for note in notes:
            print(f"# {note.id} · {visible(note.reviewer)} · {note.updated}")
            print(visible(note.text))
            print()
        return 0
    text = _read_stdin() if args.text == "-" else args.text
    text = text.rstrip("\n")
    if not text.strip():
        raise CommandError("the note is empty")
    with review_session(args, corpus) as session:
        note = actions.add_note(session, ref, text)
    print(f"note {note.id} added on {ref}")
    return 0


def _read_stdin() -> str:
    """The note from standard input, as UTF-8: a clear error, never a UnicodeDecodeError."""
    if sys.stdin is None:
        return ""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (a test's StringIO)
        return sys.stdin.read()
    raw: bytes = buffer.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise CommandError(
            f"the note on standard input is not UTF-8: byte 0x{raw[error.start]:02X} on "
            f"line {line}; convert it (for example with iconv) and try again"
        ) from error
