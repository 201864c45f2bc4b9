"""Rich output for the command line, sized for an 80-column terminal.

Agreement text is untrusted: it only ever enters Rich as `Text`, with control
characters made visible first, never as markup.
"""

from __future__ import annotations

import shutil
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cli.safe_output import raw_stdout
from store.agreements.model import Agreement
from store.untrusted import terminal_text


def console() -> Console:
    """Fit the terminal; when piped, 80 columns so output stays readable in mail and diffs."""
    width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
    return Console(file=raw_stdout(), width=max(40, width), highlight=False, soft_wrap=False)


def list_table(agreements: list[Agreement]) -> None:
    out = console()
    for agreement in agreements:
        header = Text.assemble(
            terminal_text(agreement.id, "bold"),
            "  ",
            terminal_text(agreement.title),
            "  ",
            terminal_text(agreement.date.isoformat(), "dim"),
        )
        out.print(header)
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=True)
        table.add_column("commitment", ratio=2, overflow="fold")
        table.add_column("text", ratio=5, overflow="fold")
        table.add_column("topics", ratio=2, overflow="fold")
        for area in agreement.areas:
            table.add_row(
                terminal_text(f"{area.title} ({len(area.commitments)})", "bold cyan"), "", ""
            )
            for commitment in area.commitments:
                table.add_row(
                    terminal_text(commitment.id),
                    terminal_text(commitment.first_line),
                    terminal_text(", ".join(commitment.topics), "dim"),
                )
        out.print(table)
        out.print()
