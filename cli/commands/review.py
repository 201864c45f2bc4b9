"""`accord review` (and plain `accord`): open the reviewer's terminal UI.

Textual is imported here, inside `run`, and nowhere on the path of the other
commands, so `accord check` and `accord match` start fast.
"""

from __future__ import annotations

import argparse

from cli.options import add_command_options, add_ui_options


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "review",
        help="open the reviewer's terminal UI (the default)",
        description="Open Accord's terminal UI on the agreements in use and the review store.",
    )
    # Suppressed defaults, so `accord --pair A B` (no command) is not undone here.
    add_ui_options(parser, default=argparse.SUPPRESS)
    add_command_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tui.launch import launch

    return launch(args)
