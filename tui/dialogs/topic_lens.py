"""The topic lens: pick one lexicon topic to filter both agreements to it.

Typing filters the topics (every word, any order, like `/` elsewhere) while
the arrows move through what is left, so the reviewer never has to leave the
input. Each topic shows how many commitments of each agreement carry it:
a topic with nothing on one side is already a finding.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.agreements.model import Agreement, Topic
from tui.context import context_of
from tui.filtering import matches, query_words
from tui.untrusted_content import safe_content
from tui.widgets.styled_text import DIM_STYLE, styled

CLEAR_ID = "\x00clear"


class TopicLensDialog(ModalScreen[str | None]):
    """Dismisses with a topic id, or None to clear the lens.

    `current` is the lens in force: escape returns it unchanged, and it is
    marked in the list.
    """

    DEFAULT_CSS = """
    TopicLensDialog { align: center middle; }
    TopicLensDialog > #lens-box {
        width: 90%; max-width: 72; height: 90%; max-height: 30;
        border: round $accent; padding: 0 1; background: $surface;
    }
    TopicLensDialog #lens-title { text-style: bold; }
    TopicLensDialog #lens-topics { height: 1fr; max-height: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="lens.cancel"),
        Binding("down", "move(1)", "Next topic", show=False, id="lens.down"),
        Binding("up", "move(-1)", "Previous topic", show=False, id="lens.up"),
        # ctrl+x is the input's "cut"; ctrl+l is free in inputs and over SSH.
        Binding("ctrl+l", "clear", "Clear the lens", id="lens.clear"),
    ]

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.current = current
        self._asked = current is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="lens-box"):
            yield Static("Topic lens: show only commitments on one topic", id="lens-title")
            yield Static(id="lens-counts")
            yield Input(placeholder="type to filter topics", id="lens-filter")
            yield OptionList(id="lens-topics")
            yield Static(
                Content.styled("enter: apply · ctrl+l: clear · esc: cancel", DIM_STYLE),
                id="lens-help",
            )

    def on_mount(self) -> None:
        context = context_of(self)
        session = context.session
        if not self._asked:
            self.current = context.topic_lens
        pair = [session.agreement_a, session.agreement_b]
        self._agreements: list[Agreement] = [a for a in pair if a is not None] or list(
            session.corpus.agreements
        )
        self._counts = {
            topic.id: [
                sum(1 for c in agreement.commitments() if topic.id in c.topics)
                for agreement in self._agreements
            ]
            for topic in session.corpus.lexicon.topics
        }
        self._topics = list(session.corpus.lexicon.topics)
        legend = [
            Content.assemble(styled(f"{letter} ", "bold"), safe_content(a.label, single_line=True))
            for letter, a in zip("ABCDEFGH", self._agreements, strict=False)
        ]
        self.query_one("#lens-counts", Static).update(
            Content.assemble(
                styled("commitments per agreement: ", DIM_STYLE), Content("  ").join(legend)
            )
        )
        self._fill("")
        self.query_one(Input).focus()

    def _prompt(self, topic: Topic) -> Content:
        counts = "  ".join(
            f"{letter} {count:>3}"
            for letter, count in zip("ABCDEFGH", self._counts[topic.id], strict=False)
        )
        marker = "● " if topic.id == self.current else "  "
        label = safe_content(topic.label, single_line=True)
        return Content.assemble(
            marker, label.pad_right(max(0, 24 - label.cell_length)), (counts, DIM_STYLE)
        )

    def _fill(self, query: str) -> None:
        words = query_words(query)
        options: list[Option] = []
        if not words:
            clear = "● " if self.current is None else "  "
            options.append(Option(f"{clear}All topics (no lens)", id=CLEAR_ID))
        for topic in self._topics:
            haystack = f"{topic.label} {topic.id} {topic.description or ''}".casefold()
            if matches(words, haystack):
                options.append(Option(self._prompt(topic), id=topic.id))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        if options:
            ids = [option.id for option in options]
            current = self.current if self.current in ids else None
            option_list.highlighted = ids.index(current) if current else 0

    @on(Input.Changed, "#lens-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#lens-filter")
    def _submit(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is None:
            self.notify("no topic matches", severity="warning")
            return
        self._choose(option.id)

    @on(OptionList.OptionSelected, "#lens-topics")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        self.dismiss(None if option_id in (None, CLEAR_ID) else option_id)

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_clear(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(self.current)
