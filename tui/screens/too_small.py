"""Shown instead of a broken layout when the terminal is below the minimum size."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="too-small.quit"),
    ]
    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        & > Static { width: auto; max-width: 100%; height: auto; text-align: center; }
    }
    """

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width = min_width
        self.min_height = min_height

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self.refresh_message()

    def on_resize(self) -> None:
        self.refresh_message()

    def refresh_message(self) -> None:
        width, height = self.app.size
        message = Text(justify="center", end="")
        message.append("Terminal too small\n", "bold")
        message.append(f"{width}×{height}; Accord needs {self.min_width}×{self.min_height}.\n")
        message.append("Enlarge the window, or press q to quit.")
        self.query_one(Static).update(message)
