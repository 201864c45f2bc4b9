"""The `accord` command line.

Sub-commands live one per module in `cli.commands`; each module exposes
`register(subparsers)` which adds its parser and sets `func`. Only `review`
(the default) imports Textual, so `accord check` and `accord match` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from cli.commands import COMMAND_MODULES
from cli.options import CommandError, add_global_options
from cli.pager import paged

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
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    func = getattr(args, "func", None)
    if func is None:
        # `accord` alone opens the UI, exactly as `accord review` does.
        args = parser.parse_args([*args_list, "review"])
        func = args.func
    pages = args.command in PAGED_COMMANDS and not args.no_pager
    try:
        with paged(pages):
            code: int = func(args)
    except CommandError as error:
        print(f"accord: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `accord list | head` closes stdout early; that is not an error.
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    raise SystemExit(main())
