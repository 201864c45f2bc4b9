"""Compare: one candidate pair, painted word by word, judged with one key.

`candidates` is the list the reviewer came from (the counterparts of a
commitment, a coverage cell, …); `]` and `[` walk it. Compare does not move
on by itself after a decision: the reviewer sees the result and chooses
(`]`, or `space` for the next undecided pair). When every candidate is
decided, `space` continues with the pair's triage queue, best score first.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content

from service.actions import next_undecided
from tui.screens.decision_screen import DecisionScreen, decision_bindings
from tui.widgets.styled_text import DIM_STYLE, legend, styled


class CompareScreen(DecisionScreen):
    BINDINGS: ClassVar[list[BindingType]] = decision_bindings("compare")
    resume_as: ClassVar[str] = "compare"

    def __init__(
        self, ref_a: str, ref_b: str, candidates: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__()
        pairs = [(a, b) for a, b in candidates or []]
        if (ref_a, ref_b) not in pairs:
            pairs.insert(0, (ref_a, ref_b))
        self.pairs = pairs
        self.index = pairs.index((ref_a, ref_b))
        self._queue_mode = False

    def on_mount(self) -> None:
        super().on_mount()
        self.show_current()

    def current_pair(self) -> tuple[str, str] | None:
        return self.pairs[self.index] if self.pairs else None

    def heading(self) -> Content:
        where = "triage queue" if self._queue_mode else "candidates"
        return Content.assemble(
            styled("Compare", "bold"),
            f"  {self.index + 1} of {len(self.pairs)} {where}",
            styled(" · ] [ move", DIM_STYLE),
            "   ",
            legend(),
        )

    def step(self, delta: int) -> bool:
        target = self.index + delta
        if not 0 <= target < len(self.pairs):
            return False
        self.index = target
        return True

    def next_undecided(self) -> bool:
        found = next_undecided(self.session, self.pairs, self.index)
        if found is not None and found != self.index:
            self.index = found
            return True
        if self._queue_mode:
            return False
        queue = [(m.ref, m.other) for m in self.session.suggestions()]
        found = next_undecided(self.session, queue, -1, wrap=False)
        if found is None:
            return False
        # The candidates are done: carry on through the whole pair's queue.
        self.pairs, self.index, self._queue_mode = queue, found, True
        return True
