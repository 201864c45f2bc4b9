"""The `accord` command line.

Sub-commands live one per module in `cli.commands`; each module exposes
`register(subparsers)` which adds its parser and sets `func`. Only `review`
(the default) imports Textual, so `accord check` and `accord match` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence

from cli import quick_exit
from cli.commands import COMMAND_MODULES
from cli.options import CommandError, add_global_options
from cli.pager import paged
from cli.safe_output import (
    OutputError,
    guarded_streams,
    output_failure,
    report_output_failure,
    unguard,
)
from store.locate import resolve_store_path
from store.review.faults import describe_os_error, describe_sqlite_error
from store.safe_paths import UnsafePathError
from store.untrusted import terminal_safe

# Commands whose output is read on screen; the others print little or write files.
PAGED_COMMANDS = frozenset({"list", "match", "gaps", "explain"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description=(
            "Review and compare agreements between organisations. "
            "Without a command, opens the reviewer's terminal UI."
        ),
        epilog=(
            "In the UI: ? or F1 lists every key, ctrl+p opens the command palette, q quits. "
            "`accord COMMAND --help` describes each command."
        ),
    )
    add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"cli.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Everything printed, argparse's messages included, passes the output guard:
    # it neutralises control bytes and turns a closed or full output into one line.
    with guarded_streams():
        try:
            return _main(argv)
        except OutputError as error:
            return report_output_failure(error)


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit_:  # --help, or a usage error argparse has printed
        sys.stdout.flush()
        return exit_.code if isinstance(exit_.code, int) else 2
    func = getattr(args, "func", None)
    if func is None:
        # `accord` alone opens the UI, exactly as `accord review` does.
        args = parser.parse_args([*args_list, "review"])
        func = args.func
    quick_exit.running(args.command)
    if args.command == "review":
        unguard()  # the terminal UI writes its own escape codes
    pages = args.command in PAGED_COMMANDS and not args.no_pager
    try:
        with paged(pages):
            code: int = func(args)
        sys.stdout.flush()  # inside the try: a full device shows up here
    except CommandError as error:
        # terminal_safe: after `review` the guard is off, and the message may hold a path.
        print(f"accord: error: {terminal_safe(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except sqlite3.Error as error:
        # Any store fault a command did not expect: a full disk, a lock held too long.
        store = resolve_store_path(getattr(args, "store", None))
        message = describe_sqlite_error(error, store)
        print(f"accord: error: {terminal_safe(message)}", file=sys.stderr)
        return 1
    except (UnsafePathError, UnicodeError) as error:
        print(f"accord: error: {terminal_safe(str(error))}", file=sys.stderr)
        return 1
    except OSError as error:
        if isinstance(error, BrokenPipeError) and sys.stdout is not None:
            raise output_failure(error) from error
        print(f"accord: error: {terminal_safe(describe_os_error(error))}", file=sys.stderr)
        return 1
    return code


def entry() -> None:
    """The `accord` program: `main`, then out (quickly after a read-only command)."""
    quick_exit.enable()
    code = main()
    quick_exit.leave(code)
    raise SystemExit(code)


if __name__ == "__main__":
    entry()
