"""The `/` filter: one input line that filters the list it was opened from, as you type.

enter keeps the filter and returns to the list; escape clears it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.widgets.virtual_list import VirtualList


class FilterBar(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "keep", "Keep filter", id="filter.keep"),
        Binding("escape", "clear", "Clear filter", id="filter.clear"),
    ]

    DEFAULT_CSS = """
    FilterBar {
        dock: bottom;
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
        &.-active { display: block; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="words in any order", id=id, compact=True)
        self.target: VirtualList[object] | None = None

    def open_for(self, target: VirtualList[object]) -> None:
        self.target = target
        name = target.border_title or "list"
        self.placeholder = f"filter {str(name).lower()}: words in any order"
        self.value = target.filter_text
        self.add_class("-active")
        self.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.target is not None:
            self.target.set_filter(event.value)

    def _close(self) -> None:
        self.remove_class("-active")
        if self.target is not None:
            self.target.focus()

    def action_keep(self) -> None:
        self._close()

    def action_clear(self) -> None:
        self.value = ""
        if self.target is not None:
            self.target.set_filter("")
        self._close()
