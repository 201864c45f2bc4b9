"""The ranked counterparts of the selected commitment in the other agreement.

    ✓ ▇▇▇▇▁ 72  youth-guarantee-support  support the Youth Guarantee…
        shared: youth, guarantee · concepts: Youth employment

The first glyph is the link state (✓ confirmed, ✗ rejected, ? deferred,
· suggested, blank: not judged), then a text score bar that survives 16 colours
and NO_COLOR. Matches under the threshold are listed too, dimmed, so a
reviewer can still find a weak but real counterpart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text

from service.session import Session
from store.untrusted import one_line
from tui.widgets.fit import head_and_tail
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from compare import Match

BAR_CELLS = 5


def score_percent(score: float) -> int:
    """The engine scores 0–100."""
    return max(0, min(100, round(score)))


def score_bar(score: float, cells: int = BAR_CELLS) -> str:
    """`▇▇▇▇▁ 72`: filled cells for the score, so it reads without colour."""
    percent = score_percent(score)
    filled = round(percent * cells / 100)
    return "▇" * filled + "▁" * (cells - filled) + f" {percent:>3}"


def _words(values: Iterable[object]) -> str:
    parts = []
    for value in values:
        if isinstance(value, tuple | list):
            parts.append("≈".join(str(v) for v in value))
        else:
            parts.append(str(value))
    return ", ".join(parts)


class CounterpartList(VirtualList["Match"]):
    lines_per_item = 2
    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {
        "counterparts--score",
        "counterparts--weak",
        "counterparts--why",
        "counterparts--confirmed",
        "counterparts--rejected",
    }
    DEFAULT_CSS = """
    CounterpartList {
        & > .counterparts--score { color: $accord-score; }
        & > .counterparts--weak { color: $text-muted; }
        & > .counterparts--why { color: $text-muted; }
        & > .counterparts--confirmed { color: $accord-reviewed; text-style: bold; }
        & > .counterparts--rejected { color: $accord-rejected; text-style: bold; }
    }
    """
    empty_message = "No counterparts."

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.ref: str | None = None
        self.note = ""

    def show_for(self, ref: str | None, note: str = "") -> None:
        """The matches of `ref`; `note` explains an empty list (matching, not in pair)."""
        self.ref = ref
        self.note = note
        matches = self.session.counterparts(ref) if ref else ()
        self.set_items(list(matches))

    def _empty_text(self) -> str:
        return self.note or super()._empty_text()

    def item_key(self, item: Match) -> object:
        return item.other

    def search_text(self, item: Match) -> str:
        commitment = self.session.commitment(item.other)
        text = commitment.text if commitment else ""
        return f"{item.other} {text} {_words(item.shared)} {_words(item.concepts)}"

    def _partial(self, name: str) -> object:
        return self.get_component_rich_style(f"counterparts--{name}", partial=True)

    def render_item(self, item: Match, width: int) -> list[Text]:
        state = self.session.state
        link = state.link(item.ref, item.other)
        glyph = state.link_glyph(item.ref, item.other)
        weak = item.score < self.session.threshold
        commitment = self.session.commitment(item.other)
        _, other_id = item.other.split("/", 1)
        head = Text(end="", no_wrap=True)
        glyph_style = (
            self._partial("confirmed")
            if link and link.status == "confirmed"
            else self._partial("rejected")
            if link and link.status == "rejected"
            else ""
        )
        head.append(glyph, glyph_style)  # type: ignore[arg-type]
        head.append(" ")
        head.append(score_bar(item.score), self._partial("weak" if weak else "score"))  # type: ignore[arg-type]
        name = Text(other_id, "bold", end="")
        if link and link.tag:
            name.append(f" ‹{one_line(self.session.tag_label(link.tag))}›")
        prose = Text(one_line(commitment.text) if commitment else "(missing)", end="")
        # The id is never cut: when it does not fit beside the score, it opens the
        # second line instead, and the prose beside it gives way.
        id_fits = head.cell_len + 2 + len(other_id) <= width
        if id_fits:
            head.append("  ")
            head.append_text(name)
        line = head_and_tail(head, prose, width)
        why = Text("    ", end="", no_wrap=True)
        shared = _words(item.shared)
        lexicon = self.session.corpus.lexicon
        concepts = ", ".join(
            topic.label if (topic := lexicon.topic(str(c))) else str(c) for c in item.concepts
        )
        # The band says what the number means (strong, likely: a counterpart; weak, unlikely: not).
        parts = [item.band]
        if shared:
            parts.append(f"shared: {one_line(shared)}")
        if concepts:
            parts.append(f"concepts: {one_line(concepts)}")
        reason = Text(" · ".join(parts) or "no words in common", end="")
        reason.stylize(self._partial("why"))  # type: ignore[arg-type]
        if not id_fits:
            why.append_text(name)
            why = head_and_tail(why, reason, width)
        else:
            why.append_text(reason)
        if weak:
            line.stylize(self._partial("weak"))  # type: ignore[arg-type]
        return [line, why]
