"""`accord review` (and plain `accord`): open the reviewer's terminal UI.

Textual is imported here, inside `run`, and nowhere on the path of the other
commands, so `accord check` and `accord match` start fast.
"""

from __future__ import annotations

import argparse

from tui.commands.common import add_command_options


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "review",
        help="open the reviewer's terminal UI (the default)",
        description="Open Accord's terminal UI on the agreements in use and the review store.",
    )
    parser.add_argument("--theme", metavar="NAME", help="colour theme (persists)")
    parser.add_argument("--pair", nargs=2, metavar=("A", "B"), help="the agreements to compare")
    add_command_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tui.launch import launch

    return launch(args)
