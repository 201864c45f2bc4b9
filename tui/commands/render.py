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

from store.model import Agreement
from store.sanitize import visible
from tui.commands.safe_output import raw_stdout


def console() -> Console:
    """Fit the terminal; when piped, 80 columns so output stays readable in mail and diffs."""
    width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
    return Console(file=raw_stdout(), width=max(40, width), highlight=False, soft_wrap=False)


def safe(text: str | None, style: str = "") -> Text:
    return Text(visible(text or ""), style=style)


def list_table(agreements: list[Agreement]) -> None:
    out = console()
    for agreement in agreements:
        header = Text.assemble(
            safe(agreement.id, "bold"),
            "  ",
            safe(agreement.title),
            "  ",
            safe(agreement.date.isoformat(), "dim"),
        )
        out.print(header)
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=True)
        table.add_column("commitment", ratio=2, overflow="fold")
        table.add_column("text", ratio=5, overflow="fold")
        table.add_column("topics", ratio=2, overflow="fold")
        for area in agreement.areas:
            table.add_row(safe(f"{area.title} ({len(area.commitments)})", "bold cyan"), "", "")
            for commitment in area.commitments:
                table.add_row(
                    safe(commitment.id),
                    safe(commitment.first_line),
                    safe(", ".join(commitment.topics), "dim"),
                )
        out.print(table)
        out.print()
