"""The commitments of an area (or a whole agreement), one line each.

    ✓✎ improve-skills-lm-data    improve skills and labour market data  ‹Skills›

The first column is the review state as a glyph (✓ reviewed, • not yet,
! outdated), the second a ✎ when there are notes, so state never depends on
colour. A virtual list: 10,000 commitments cost what the visible rows cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text

from service.review_state import NOTED, OUTDATED, REVIEWED
from service.session import Session
from store.agreements.model import Commitment
from store.untrusted import one_line
from tui.widgets.virtual_list import VirtualList

# An id column never takes more than this share of the row; a longer id still
# shows whole (its row's text gives way), it only stops widening the column.
_ID_SHARE = 0.75


class CommitmentList(VirtualList[Commitment]):
    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {
        "commitment-list--reviewed",
        "commitment-list--outdated",
        "commitment-list--todo",
        "commitment-list--id",
        "commitment-list--chip",
    }
    DEFAULT_CSS = """
    CommitmentList {
        & > .commitment-list--reviewed { color: $accord-reviewed; text-style: bold; }
        & > .commitment-list--outdated { color: $accord-outdated; text-style: bold; }
        & > .commitment-list--todo { color: $text-muted; }
        & > .commitment-list--id { text-style: bold; }
        & > .commitment-list--chip { color: $accord-chip; text-style: italic; }
    }
    """
    empty_message = "No commitments here."

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._id_width = 12
        self._chips: dict[str, str] = {}
        # The commitment marked with `m` for a link by hand, shown as ◆.
        self.marked: str | None = None

    def set_items(self, items: Sequence[Commitment], *, keep: Commitment | None = None) -> None:
        commitments = list(items)
        self._id_width = max((len(c.id) for c in commitments), default=8)
        lexicon = self.session.corpus.lexicon
        self._chips = {topic.id: one_line(topic.label) for topic in lexicon.topics}
        super().set_items(commitments, keep=keep)

    def item_key(self, item: Commitment) -> object:
        return item.ref

    def search_text(self, item: Commitment) -> str:
        labels = " ".join(self._chips.get(t, t) for t in item.topics)
        return f"{item.id} {item.text} {' '.join(item.topics)} {labels}"

    def render_item(self, item: Commitment, width: int) -> list[Text]:
        state = self.session.state
        glyph = state.glyph(item.ref)
        glyph_style = {REVIEWED: "reviewed", OUTDATED: "outdated"}.get(glyph, "todo")
        noted = (
            "◆" if item.ref == self.marked else NOTED if state.note_counts.get(item.ref) else " "
        )
        # Ids are never cut (they are copied and searched for): the text gives way.
        id_width = max(len(item.id), min(self._id_width, max(8, int(width * _ID_SHARE))))
        shown_id = item.id
        chips = self._chip_text(item, max(0, width // 6))
        text = Text(end="", no_wrap=True)
        text.append(
            glyph, self.get_component_rich_style(f"commitment-list--{glyph_style}", partial=True)
        )
        text.append(noted)
        text.append(" ")
        text.append(
            shown_id.ljust(id_width),
            self.get_component_rich_style("commitment-list--id", partial=True),
        )
        text.append("  ")
        room = width - text.cell_len - chips.cell_len - (1 if chips else 0)
        body = Text(one_line(item.text), end="")
        body.truncate(max(room, 0), overflow="ellipsis", pad=True)
        text.append_text(body)
        if chips:
            text.append(" ")
            text.append_text(chips)
        return [text]

    def _chip_text(self, item: Commitment, room: int) -> Text:
        chips = Text(end="")
        style = self.get_component_rich_style("commitment-list--chip", partial=True)
        for number, topic in enumerate(item.topics):
            chip = f"‹{self._chips.get(topic, topic)}›"
            rest = len(item.topics) - number
            if chips.cell_len + len(chip) > room:
                if rest and room >= 3:
                    chips.append(f"+{rest}", style)
                break
            chips.append(chip, style)
        return chips
