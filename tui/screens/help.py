"""Help: every binding, by group, generated from the bindings themselves.

Keys shown are the ones in force (after the keymap), next to the binding id a
keymap file uses to change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store.untrusted import one_line, visible
from tui.keymap import BindingRow

KEY_COLUMN = 16
DESCRIPTION_COLUMN = 24


@dataclass(frozen=True)
class FilesInUse:
    agreements: Path
    store: Path
    settings: Path | None
    keymaps: tuple[Path, ...]
    keymap_problems: tuple[str, ...]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False, id="help.up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="help.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="help.page-up"),
    ]

    def __init__(
        self, rows: list[BindingRow], files: FilesInUse, tags: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.rows = rows
        self.files = files
        self.tags = tags  # the labels behind 1–9, in order

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape closes · j/k scroll"
            with VerticalScroll(id="help-scroll"):
                yield Static(self._body(), id="help-body")

    def _key_text(self, keys: str) -> str:
        shown = []
        for key in keys.split(","):
            key = key.strip()
            shown.append(self.app.get_key_display(Binding(key, "")))
        return " ".join(dict.fromkeys(shown))

    def _body(self) -> Text:
        files = self.files
        out = Text(end="")
        out.append("Every key, by where it works. ", "bold")
        out.append("ctrl+p opens the command palette (jump, pair, theme, export).\n")
        for group, members in groupby(self.rows, key=lambda row: row.group):
            out.append(f"\n{group}\n", "bold underline")
            for row in members:
                keys = self._key_text(row.keys)
                out.append(f"  {keys:<{KEY_COLUMN - 1}} ", "bold")
                out.append(f"{row.description or row.action:<{DESCRIPTION_COLUMN}}")
                out.append(f" {row.id or ''}\n", "dim")
        if self.tags:
            out.append("\nTags: 1–9 in compare and triage\n", "bold underline")
            for number, label in enumerate(self.tags[:9], 1):
                out.append(f"  {number:<{KEY_COLUMN}}", "bold")
                out.append(f"{one_line(label)}\n")
        out.append("\nFiles in use\n", "bold underline")
        for label, path in (
            ("agreements", files.agreements),
            ("review store", files.store),
            ("settings", files.settings),
        ):
            out.append(f"  {label:<14}", "dim")
            out.append(f"{visible(str(path)) if path else '(none)'}\n")
        out.append("\nKeymap files ", "bold underline")
        out.append('(id = "key", later files win)\n')
        for path in files.keymaps:
            state = "in use" if path.exists() else "not present"
            out.append(f"  {visible(str(path))}")
            out.append(f"  {state}\n", "dim")
        for problem in files.keymap_problems:
            out.append(f"  ! {visible(problem)}\n", "bold")
        return out

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.scroll_relative(y=step * max(1, scroll.size.height - 1), animate=False)
