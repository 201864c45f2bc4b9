"""Rich output for the command line, sized for an 80-column terminal.

Agreement text is untrusted: it only ever enters Rich as `Text`, with control
characters made visible first, never as markup.

Ids are what a reader copies into the next command, so they are never wrapped
or cut: `id_rows` keeps them whole in a column of their own while the prose
beside them wraps, and puts the prose under the id when too little room is left.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cli.safe_output import raw_stdout
from store.agreements.model import Agreement
from store.untrusted import terminal_text

DEFAULT_WIDTH = 80
MIN_WIDTH = 40
MIN_PROSE = 30  # narrower than this, prose goes under its id instead of beside it
GAP = 2


def terminal_width() -> int:
    """`COLUMNS` when set; else the terminal's width; when piped, 80 (readable in mail and diffs)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    if sys.stdout.isatty():
        return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def console() -> Console:
    return Console(file=raw_stdout(), width=terminal_width(), highlight=False, soft_wrap=False)


def _breaks(plain: str, width: int) -> list[int]:
    """Where to break `plain` to fit `width`: only between words, never inside one."""
    breaks, used = [], 0
    for word in re.finditer(r"\S+\s*", plain):
        length = len(word.group().rstrip())
        if used and used + length > width:
            breaks.append(word.start())
            used = 0
        used += len(word.group())
    return breaks


def print_whole_words(out: Console, text: Text, indent: int = 0) -> None:
    """Print wrapped at spaces, but never cut a word: one wider than the screen overflows it.

    Ids are single words, so a 55-character ref on a 40-column screen stays one
    piece that a reader can still select and copy.
    """
    width = max(1, out.width - indent)
    for paragraph in text.split(allow_blank=True):
        for line in paragraph.divide(_breaks(paragraph.plain, width)):
            line.rstrip()
            out.print(Text(" " * indent) + line, no_wrap=True, crop=False, overflow="ignore")


def id_rows(
    out: Console,
    rows: Sequence[tuple[Text, Text]],
    *,
    header: tuple[str, str] | None = None,
    lead_width: int | None = None,
    prose_words: int = 0,
) -> None:
    """Rows of (lead, prose): the lead (ids, scores) never wraps; the prose wraps beside it.

    `prose_words` is the longest unbreakable word the prose holds (an id in a
    list of ids), so the prose column is never narrower than it. When the prose
    cannot get that room beside the lead, each row prints its lead on a line of
    its own and the prose, indented, under it.
    """
    if not rows:
        return
    lead = lead_width or max(len(row[0].plain) for row in rows)
    room = out.width - lead - GAP
    if room >= max(MIN_PROSE, prose_words):
        table = Table(
            box=None,
            show_header=header is not None,
            header_style="bold",
            pad_edge=False,
            expand=True,
            padding=(0, GAP, 0, 0),
        )
        table.add_column(header[0] if header else "", width=lead, no_wrap=True)
        table.add_column(header[1] if header else "", ratio=1, overflow="fold")
        for row in rows:
            table.add_row(*row)
        out.print(table)
        return
    if header is not None:
        out.print(Text(f"{header[0]}  ({header[1]} under each)", style="bold"), crop=False)
    for first, prose in rows:
        out.print(first, no_wrap=True, crop=False, overflow="ignore")
        if prose.plain:
            print_whole_words(out, prose, indent=GAP)


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
        widest = max((len(c.id) for c in agreement.commitments()), default=0)
        first = True
        for area in agreement.areas:
            out.print()
            out.print(terminal_text(f"{area.title} ({len(area.commitments)})", "bold cyan"))
            rows = []
            for commitment in area.commitments:
                prose = terminal_text(commitment.first_line)
                if commitment.topics:
                    prose.append("\n")
                    prose.append_text(
                        terminal_text("topics: " + ", ".join(commitment.topics), "dim")
                    )
                rows.append((terminal_text(commitment.id), prose))
            id_rows(
                out,
                rows,
                header=("commitment", "text and topics") if first else None,
                lead_width=max(widest, len("commitment")),
            )
            first = False
        out.print()
