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
    parser.add_argument("text", metavar="TEXT", nargs="?", help="the note, or - for stdin")
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
            with ReviewStore.open(path, reviewer, corpus=corpus, create=False) as store:
                notes = store.notes(ref=ref)
        except StoreError as error:
            raise CommandError(str(error)) from error
        for note in notes:
            print(f"# {note.id} · {visible(note.reviewer)} · {note.updated}")
            print(visible(note.text))
            print()
        return 0
    text = sys.stdin.read() if args.text == "-" else args.text
    text = text.rstrip("\n")
    if not text.strip():
        raise CommandError("the note is empty")
    with review_session(args, corpus) as session:
        note = actions.add_note(session, ref, text)
    print(f"note {note.id} added on {ref}")
    return 0
