"""The navigator: agreements, each followed by its areas, two lines per row.

    ▸ ILO–ETF 2026               A
      11 commitments · 3 reviewed
      Joint focus on skills, jobs…
      7/12 reviewed

Under a topic lens only the areas with commitments on that topic are listed,
and the counts are of those commitments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text

from service.session import Session
from store.agreements.model import Agreement, Area, Commitment
from store.untrusted import one_line
from tui.context import context_of
from tui.widgets.virtual_list import VirtualList


@dataclass(frozen=True)
class NavItem:
    agreement_id: str
    area_id: str | None = None  # None: the agreement itself (all its commitments)

    @property
    def is_agreement(self) -> bool:
        return self.area_id is None


class Navigator(VirtualList[NavItem]):
    lines_per_item = 2
    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {
        "navigator--agreement",
        "navigator--count",
        "navigator--done",
    }
    DEFAULT_CSS = """
    Navigator {
        & > .navigator--agreement { text-style: bold; }
        & > .navigator--count { color: $text-muted; }
        & > .navigator--done { color: $accord-reviewed; }
    }
    """
    empty_message = "No agreements loaded."

    def __init__(
        self,
        session: Session,
        in_lens: Callable[[Commitment], bool],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.in_lens = in_lens
        self._count_cache: dict[tuple[str, str | None], tuple[int, int]] = {}

    def _empty_text(self) -> str:
        if context_of(self).loading:
            return "Loading agreements…"
        return super()._empty_text()

    def rebuild(self) -> None:
        items: list[NavItem] = []
        for agreement in self.session.corpus.agreements:
            items.append(NavItem(agreement.id))
            for area in agreement.areas:
                if any(self.in_lens(c) for c in area.commitments):
                    items.append(NavItem(agreement.id, area.id))
        self.set_items(items)

    def _apply_filter(self) -> None:
        super()._apply_filter()
        if not self.filter_text:
            return
        # An area that matches keeps its agreement's row above it, so the
        # reviewer still sees which agreement it belongs to.
        shown = set(self._visible)
        parents: dict[str, int] = {}
        for index, item in enumerate(self._items):
            if item.is_agreement:
                parents[item.agreement_id] = index
            elif index in shown:
                shown.add(parents[item.agreement_id])
        if len(shown) != len(self._visible):
            self._visible = sorted(shown)
            self._resize_to_visible()

    def search_text(self, item: NavItem) -> str:
        agreement = self.session.corpus.agreement(item.agreement_id)
        if agreement is None:
            return item.agreement_id
        if item.area_id is None:
            return f"{agreement.id} {agreement.title} {agreement.label}"
        area = agreement.area(item.area_id)
        return f"{agreement.id} {item.area_id} {area.title if area else ''}"

    def redraw(self) -> None:
        self._count_cache.clear()
        super().redraw()

    def _counts(self, item: NavItem, commitments: Iterable[Commitment]) -> tuple[int, int]:
        """(reviewed, shown) under the lens; cached until the next redraw (10,000 rows)."""
        key = (item.agreement_id, item.area_id)
        if key not in self._count_cache:
            state = self.session.state
            shown = [c for c in commitments if self.in_lens(c)]
            done = sum(1 for c in shown if state.is_reviewed(c.ref))
            self._count_cache[key] = (done, len(shown))
        return self._count_cache[key]

    def render_item(self, item: NavItem, width: int) -> list[Text]:
        agreement = self.session.corpus.agreement(item.agreement_id)
        if agreement is None:
            return [Text(item.agreement_id), Text("")]
        if item.area_id is None:
            return self._agreement_lines(agreement, width)
        area = agreement.area(item.area_id)
        return self._area_lines(area, width) if area else [Text(item.area_id), Text("")]

    def _agreement_lines(self, agreement: Agreement, width: int) -> list[Text]:
        pair = self.session.pair or ()
        side = "A" if pair and pair[0] == agreement.id else "B" if agreement.id in pair else ""
        title = Text(f"▸ {one_line(agreement.label)}", end="")
        title.truncate(max(width - len(side) - 1, 1), overflow="ellipsis", pad=True)
        title.stylize(self.get_component_rich_style("navigator--agreement", partial=True))
        line = Text.assemble(title, " ", side, end="")
        done, total = self._counts(NavItem(agreement.id), agreement.commitments())
        count = Text(f"  {done}/{total} reviewed", end="")
        count.stylize(self.get_component_rich_style("navigator--count", partial=True))
        return [line, count]

    def _area_lines(self, area: Area, width: int) -> list[Text]:
        title = Text(f"  {one_line(area.title)}", end="")
        title.truncate(width, overflow="ellipsis")
        done, total = self._counts(NavItem(area.agreement_id, area.id), area.commitments)
        mark = " ✓" if total and done == total else ""
        count = Text(f"  {done}/{total} reviewed", end="")
        count.stylize(self.get_component_rich_style("navigator--count", partial=True))
        if mark:
            count.append(mark, self.get_component_rich_style("navigator--done", partial=True))
        return [title, count]
