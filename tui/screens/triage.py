"""Triage: every suggested link of the pair, best score first, one key each.

The queue is taken once, when the screen opens (or when matching finishes),
so positions do not shift under the reviewer while they work. It opens on
the first undecided suggestion, and after each decision it moves to the next
undecided one, skipping what was decided before (by anyone). `]` and `[`
still visit every suggestion, decided or not, so any decision can be
revisited; `u` undoes the last one and goes back to it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content

from service.actions import is_decided, next_undecided
from tui.screens.decision_screen import DecisionScreen, decision_bindings
from tui.untrusted_content import safe_content
from tui.widgets.styled_text import legend, styled


class TriageScreen(DecisionScreen):
    BINDINGS: ClassVar[list[BindingType]] = decision_bindings("triage")
    resume_as: ClassVar[str] = "triage"

    def __init__(self, start: tuple[str, str] | None = None) -> None:
        super().__init__()
        self._start = start  # where a resumed session left off
        self.queue: list[tuple[str, str]] = []
        self.index = 0
        self._trail: list[int] = []

    def on_mount(self) -> None:
        super().on_mount()
        self._take_queue()

    @property
    def lens(self) -> str | None:
        return self.context.topic_lens

    def _in_lens(self, pair: tuple[str, str]) -> bool:
        if self.lens is None:
            return True
        sides = (self.session.commitment(ref) for ref in pair)
        return any(c is not None and self.lens in c.topics for c in sides)

    def _take_queue(self) -> None:
        # With a topic lens, a suggestion stays if either side is on the topic.
        pairs = [(match.ref, match.other) for match in self.session.suggestions()]
        self.queue = [pair for pair in pairs if self._in_lens(pair)]
        first = next_undecided(self.session, self.queue, -1, wrap=False)
        self.index = first if first is not None else 0
        start, self._start = self._start, None
        if start is not None and start in self.queue:
            self.index = self.queue.index(start)
        self._trail = []
        self.show_current()

    def reload(self, change: str) -> None:
        if change == "corpus":
            self.show_current(keep_flash=True)
            return
        self._take_queue()

    def current_pair(self) -> tuple[str, str] | None:
        return self.queue[self.index] if self.queue else None

    def empty_message(self) -> str:
        if self.session.matches is None:
            return "Matching the pair… the queue appears when it is done."
        return "No suggestions above the threshold for this pair."

    def decided_count(self) -> int:
        state = self.session.state
        return sum(1 for pair in self.queue if is_decided(state.link(*pair)))

    def heading(self) -> Content:
        if not self.queue:
            return styled("Triage", "bold")
        decided = self.decided_count()
        total = len(self.queue)
        lens = f" · lens {self.lens}" if self.lens else ""
        return Content.assemble(
            styled("Triage", "bold"),
            "  ",
            styled(f"{self.index + 1} of {total}", "bold"),
            f"  · {decided} decided · {total - decided} to go",
            safe_content(lens, single_line=True),
            "   ",
            legend(),
        )

    def step(self, delta: int) -> bool:
        target = self.index + delta
        if not 0 <= target < len(self.queue):
            return False
        self.index = target
        return True

    def next_undecided(self) -> bool:
        found = next_undecided(self.session, self.queue, self.index)
        if found is None or found == self.index:
            return False
        self.index = found
        return True

    def after_decision(self) -> str | None:
        found = next_undecided(self.session, self.queue, self.index)
        if found is None:
            self.show_current(keep_flash=True)
            return f"all {len(self.queue)} suggestions are decided"
        self._trail.append(self.index)
        self.index = found
        self.show_current(keep_flash=True)
        return None

    def after_undo(self) -> None:
        if self._trail:
            self.index = self._trail.pop()
