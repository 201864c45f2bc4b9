"""Problems in the agreement files, exactly as `accord check` prints them.

Shown at start-up when a file does not validate (the valid agreements are open
behind it), and on `!` at any time. Finding text quotes the file, so it is
untrusted: it reaches the screen only as sanitised `Text`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.agreements.findings import Finding
from store.untrusted import visible


class FindingsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss", "Close", id="findings.close"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False, id="findings.down"),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False, id="findings.up"),
        Binding("right,l", "scroll_x(8)", "Scroll right", show=False, id="findings.right"),
        Binding("left,h", "scroll_x(-8)", "Scroll left", show=False, id="findings.left"),
    ]

    def __init__(self, findings: list[Finding], *, at_start: bool = False) -> None:
        super().__init__()
        self.findings = sorted(findings, key=lambda f: (str(f.path), f.line, f.col, f.code))
        self.at_start = at_start

    def compose(self) -> ComposeResult:
        errors = [f for f in self.findings if f.severity == "error"]
        files = sorted({str(f.path) for f in errors})
        head = Text(end="")
        if errors:
            head.append(f"{len(errors)} error(s) in {len(files)} file(s)", "bold")
            head.append(
                ": those agreements are not loaded"
                if self.at_start
                else ": the last good version of each is kept",
            )
            head.append(". Fix the files and save; Accord reloads them by itself.")
        else:
            head.append(f"{len(self.findings)} warning(s); every agreement is loaded.", "bold")
        # Not wrapped: the caret under each problem must stay under its column.
        body = Text(end="", no_wrap=True)
        for finding in self.findings:
            body.append(visible(finding.render()) + "\n\n")
        with Vertical(id="findings-box") as box:
            box.border_title = "Agreement files"
            box.border_subtitle = "escape closes · ! shows this again"
            yield Static(head, id="findings-head")
            with ScrollableContainer(id="findings-scroll"):
                yield Static(body, id="findings-body")

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one("#findings-scroll", ScrollableContainer)
        scroll.scroll_relative(y=step, animate=False)

    def action_scroll_x(self, step: int) -> None:
        scroll = self.query_one("#findings-scroll", ScrollableContainer)
        scroll.scroll_relative(x=step, animate=False)
