"""A keyboard list that draws only the lines on screen, for 10,000+ items.

`ScrollView` + `render_line(y)` + an LRU cache of rendered strips (the pattern
of toolong's LogLines): the cost of a frame depends on the height of the
terminal, not on the number of items, and no widget exists per item.

Subclasses say how one item looks (`render_item`, `lines_per_item` rows of
`Text`) and what the `/` filter searches (`search_text`). Untrusted text must
already be a `Text` built by `tui.untrusted_content` when it reaches `render_item`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.filtering import matches, query_words, spans

T = TypeVar("T")


# inherit_bindings=False: ScrollView binds left/right to horizontal scrolling, which
# would swallow the arrows that move between panes.
class VirtualList(ScrollView, Generic[T], can_focus=True, inherit_bindings=False):
    """A scrolling list of items with a cursor and a word filter."""

    BINDING_GROUP_TITLE = "Lists"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="list.page-down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="list.page-up"),
        Binding("home", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("enter", "select", "Open", show=False, id="list.open"),
        Binding("slash", "filter", "Filter", id="list.filter"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--cursor",
        "virtual-list--match",
        "virtual-list--dim",
        "virtual-list--empty",
    }

    DEFAULT_CSS = """
    VirtualList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .virtual-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .virtual-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .virtual-list--match { text-style: bold underline; }
        & > .virtual-list--dim { color: $text-muted; }
        & > .virtual-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    lines_per_item: ClassVar[int] = 1
    empty_message: ClassVar[str] = "Nothing here."

    cursor: reactive[int] = reactive(0, repaint=False, init=False)

    class _ItemMessage(Message):
        """An item of this list, by index (siblings, so a handler of one never sees the other)."""

        def __init__(self, widget: VirtualList[object], index: int) -> None:
            super().__init__()
            self.widget = widget
            self.index = index

        @property
        def control(self) -> VirtualList[object]:
            return self.widget

    class Highlighted(_ItemMessage):
        """The cursor moved onto an item (or onto nothing: `index` is -1)."""

    class Selected(_ItemMessage):
        """Enter on an item."""

    class Filtered(Message):
        """The filter changed: what the list shows (and its count) changed."""

        def __init__(self, widget: VirtualList[object]) -> None:
            super().__init__()
            self.widget = widget

        @property
        def control(self) -> VirtualList[object]:
            return self.widget

    class FilterRequested(Message):
        """`/` in this list: the screen opens its filter bar for it."""

        def __init__(self, widget: VirtualList[object]) -> None:
            super().__init__()
            self.widget = widget

        @property
        def control(self) -> VirtualList[object]:
            return self.widget

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._items: list[T] = []
        self._visible: list[int] = []  # indices into _items that pass the filter
        self._search: list[str] = []
        self._filter_words: tuple[str, ...] = ()
        self._generation = 0
        self._cache: LRUCache[tuple[int, int, int, int, bool, bool], Strip] = LRUCache(1024)

    # -- data -------------------------------------------------------------------
    @property
    def items(self) -> Sequence[T]:
        return self._items

    @property
    def filter_text(self) -> str:
        return " ".join(self._filter_words)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    def set_items(self, items: Sequence[T], *, keep: T | None = None) -> None:
        """Replace the items; the cursor stays on `keep` (or its index) when possible."""
        previous = self.current
        self._items = list(items)
        self._search = [self.search_text(item).casefold() for item in self._items]
        self._apply_filter()
        target = keep if keep is not None else previous
        self._restore(target)
        self.redraw()

    def redraw(self) -> None:
        """Forget rendered lines: state shown in them (glyphs, counts) changed."""
        self._generation += 1
        self._cache.clear()
        self.refresh()

    def set_filter(self, query: str) -> None:
        previous = self.current
        self._filter_words = query_words(query)
        self._apply_filter()
        self._restore(previous)
        self.redraw()
        self.post_message(self.Filtered(self))  # type: ignore[arg-type]

    def _apply_filter(self) -> None:
        words = self._filter_words
        if not words:
            self._visible = list(range(len(self._items)))
        else:
            search = self._search
            self._visible = [i for i in range(len(self._items)) if matches(words, search[i])]
        self._resize_to_visible()

    def _resize_to_visible(self) -> None:
        height = len(self._visible) * self.lines_per_item
        self.virtual_size = Size(self.scrollable_content_region.width, height)

    def _restore(self, item: T | None) -> None:
        index = 0
        if item is not None:
            position = self._position_of(item)
            index = position if position is not None else min(self.cursor, len(self._visible) - 1)
        self._set_cursor(index, force=True)

    def _position_of(self, item: T) -> int | None:
        key = self.item_key(item)
        for position, item_index in enumerate(self._visible):
            if self.item_key(self._items[item_index]) == key:
                return position
        return None

    @property
    def current(self) -> T | None:
        if 0 <= self.cursor < len(self._visible):
            return self._items[self._visible[self.cursor]]
        return None

    def select_item(self, item: T) -> bool:
        """Put the cursor on `item` if it is visible; False when filtered out or absent."""
        position = self._position_of(item)
        if position is None:
            return False
        self._set_cursor(position, force=True)
        return True

    # -- what subclasses provide ------------------------------------------------------
    def search_text(self, item: T) -> str:
        return str(item)

    def item_key(self, item: T) -> object:
        """What stays the same when an item is rebuilt (after a reload): its id."""
        return item

    def render_item(self, item: T, width: int) -> list[Text]:
        return [Text(str(item))]

    # -- cursor ---------------------------------------------------------------------
    def _set_cursor(self, index: int, *, force: bool = False) -> None:
        count = len(self._visible)
        index = max(0, min(index, count - 1)) if count else 0
        old = self.cursor
        if index == old and not force:
            return
        self.cursor = index
        step = self.lines_per_item
        self.refresh_lines(old * step, step)
        self.refresh_lines(index * step, step)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, index if count else -1))  # type: ignore[arg-type]

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return  # not laid out yet: the first resize scrolls
        step = self.lines_per_item
        top = self.cursor * step
        scroll_y = round(self.scroll_offset.y)
        if top < scroll_y:
            target = top
        elif top + step > scroll_y + height:
            target = top + step - height
        else:
            return
        self.scroll_to(y=target, animate=False, force=True, immediate=True)

    def action_cursor_down(self) -> None:
        self._set_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._set_cursor(self.cursor - 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.lines_per_item - 1)

    def action_page_down(self) -> None:
        self._set_cursor(self.cursor + self._page())

    def action_page_up(self) -> None:
        self._set_cursor(self.cursor - self._page())

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self._visible) - 1)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self, self.cursor))  # type: ignore[arg-type]

    def action_filter(self) -> None:
        self.post_message(self.FilterRequested(self))  # type: ignore[arg-type]

    async def _on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // self.lines_per_item
        if 0 <= index < len(self._visible):
            self._set_cursor(index)
            if event.chain >= 2:
                self.action_select()

    # -- drawing --------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _on_resize(self, event: events.Resize) -> None:
        height = len(self._visible) * self.lines_per_item
        self.virtual_size = Size(self.scrollable_content_region.width, height)
        self._cache.clear()
        self._scroll_cursor_into_view()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + self.scroll_offset.y
        step = self.lines_per_item
        position, row = divmod(line, step)
        base = self.rich_style
        if not self._visible:
            if line == 0:
                style = self.get_component_rich_style("virtual-list--empty")
                return self._strip(Text(self._empty_text(), style=style), width, base)
            return Strip.blank(width, base)
        if position >= len(self._visible):
            return Strip.blank(width, base)
        selected = position == self.cursor
        key = (self._generation, position, row, width, selected, self.has_focus)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        item = self._items[self._visible[position]]
        texts = self.render_item(item, width - 1)
        text = texts[row] if row < len(texts) else Text("")
        if self._filter_words:
            match_style = self.get_component_rich_style("virtual-list--match", partial=True)
            for start, end in spans(self._filter_words, text.plain):
                text.stylize(match_style, start, end)
        # The cursor is also a glyph, so it shows without colour (NO_COLOR, 16 colours).
        marker = ("▶" if self.has_focus else "▷") if selected and row == 0 else " "
        text = Text.assemble(marker, text, end="")
        style = base + self.get_component_rich_style("virtual-list--cursor") if selected else base
        strip = self._strip(text, width, style)
        self._cache[key] = strip
        return strip

    def _empty_text(self) -> str:
        if self._filter_words and self._items:
            return f"No match for “{self.filter_text}” (escape clears the filter)."
        return self.empty_message

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text = text.copy()
        text.no_wrap = True
        text.end = ""
        text.truncate(width, overflow="ellipsis")
        segments = list(text.render(self.app.console))
        strip = Strip(segments, text.cell_len)
        return strip.apply_style(style).extend_cell_length(width, style)
