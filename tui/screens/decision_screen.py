"""What compare and triage share: the pair view, the decision keys, the flash line.

Both screens judge one pair of commitments at a time with the same keys;
they differ in where the pairs come from and what happens after a decision
(compare stays, triage moves on). Subclasses give `current_pair`,
`step` and `after_decision`.

Binding ids are prefixed per screen (`compare.confirm`, `triage.confirm`),
so a keymap can give triage, the fast path, different keys from compare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from service.actions import Outcome, decide, tag, undo
from service.changes import Change
from store.review.errors import StoreError
from store.review.records import Link
from tui.context import ReviewContext, context_of
from tui.resume import ResumablePlace
from tui.untrusted_content import safe_content
from tui.widgets.fit import fit_parts
from tui.widgets.pair_view import PairView
from tui.widgets.styled_text import styled

if TYPE_CHECKING:
    from compare import Match
    from service.session import Session


def decision_bindings(prefix: str) -> list[BindingType]:
    """The judging keys; the footer shows the four a reviewer uses most.

    With the app's quit, help and palette that makes seven; the rest are in
    the help screen (and `] [` in the compare heading).
    """
    tags = [
        Binding(
            str(number),
            f"tag({number})",
            "Tag" if number == 1 else f"Tag {number}",
            show=number == 1,
            key_display="1-9" if number == 1 else None,
            id=f"{prefix}.tag{number}",
        )
        for number in range(1, 10)
    ]
    return [
        Binding("y", "decide('confirmed')", "Confirm", id=f"{prefix}.confirm"),
        Binding("x", "decide('rejected')", "Reject", id=f"{prefix}.reject"),
        Binding("d", "decide('deferred')", "Defer", show=False, id=f"{prefix}.defer"),
        *tags,
        Binding("n", "note", "Note", id=f"{prefix}.note"),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Next",
            show=False,
            key_display="]",
            id=f"{prefix}.next",
        ),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Previous",
            show=False,
            key_display="[",
            id=f"{prefix}.previous",
        ),
        Binding("space", "next_undecided", "Next undecided", show=False, id=f"{prefix}.undecided"),
        Binding("u", "undo", "Undo", show=False, id=f"{prefix}.undo"),
        Binding("j", "scroll_texts(1)", "Scroll down", show=False, id=f"{prefix}.down"),
        Binding("k", "scroll_texts(-1)", "Scroll up", show=False, id=f"{prefix}.up"),
        Binding("escape", "back", "Back", show=False, id=f"{prefix}.back"),
    ]


class DecisionScreen(ResumablePlace, Screen[None]):
    DEFAULT_CSS = """
    DecisionScreen > #heading { height: 1; padding: 0 1; background: $panel; }
    DecisionScreen > #flash { height: auto; max-height: 3; padding: 0 1; }
    DecisionScreen > #flash.-conflict { background: $error 30%; }
    DecisionScreen > #tag-keys { height: 1; padding: 0 1; }
    DecisionScreen > #empty { height: 1fr; padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._seen: Link | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="heading")
        yield PairView(id="pair")
        yield Static(id="empty")
        yield Static(id="flash")
        yield Static(id="tag-keys")
        yield Footer()

    @property
    def context(self) -> ReviewContext:
        return context_of(self)

    @property
    def session(self) -> Session:
        return self.context.session

    @property
    def pair_view(self) -> PairView:
        return self.query_one(PairView)

    def on_mount(self) -> None:
        self.context.changes.subscribe(self, self._session_changed)
        self.query_one("#texts").focus()
        self._show_tag_keys()

    def on_resize(self) -> None:
        self._show_tag_keys()

    def _show_tag_keys(self) -> None:
        """Beside the footer's `1-9 Tag`: which tag each number gives (from tags.toml)."""
        if not self.is_mounted:
            return
        keys = [
            Content.assemble(
                styled(str(number), "bold reverse"), " ", safe_content(tag.label, single_line=True)
            )
            for number, tag in enumerate(self.session.tags[:9], 1)
        ]
        width = max(10, self.size.width - 2)
        line = fit_parts([styled("tags", "bold"), *keys], width, separator="  ")
        self.query_one("#tag-keys", Static).update(line)

    def _session_changed(self, change: Change) -> None:
        if change.kind == "store":
            self.show_current(keep_flash=True)
        elif change.kind in ("corpus", "matches", "pair"):
            self.reload(change.kind)

    # -- for subclasses -----------------------------------------------------------
    def current_pair(self) -> tuple[str, str] | None:
        raise NotImplementedError

    def heading(self) -> Content:
        raise NotImplementedError

    def empty_message(self) -> str:
        return "Nothing to review here."

    def step(self, delta: int) -> bool:
        """Move to another pair; False at either end."""
        raise NotImplementedError

    def next_undecided(self) -> bool:
        raise NotImplementedError

    def after_decision(self) -> str | None:
        """Called after a decision was written (not after a conflict); may add to the flash."""
        return None

    def after_undo(self) -> None:
        """Called after undo."""

    def reload(self, change: str) -> None:
        """The agreements or the matches changed."""
        self.show_current(keep_flash=True)

    # -- drawing ------------------------------------------------------------------
    def match_for(self, ref_a: str, ref_b: str) -> Match | None:
        session = self.session
        for match in session.counterparts(ref_a):
            if match.other == ref_b:
                return match
        for match in session.counterparts(ref_b):
            if match.other == ref_a:
                return match
        # Outside every top-k list (a reviewer's own pairing): score it now.
        a, b = session.commitment(ref_a), session.commitment(ref_b)
        if a is None or b is None:
            return None
        from compare import explain

        corpus = session.corpus
        return explain(
            a,
            b,
            corpus.lexicon,
            a_agreement=corpus.agreement(a.agreement_id),
            b_agreement=corpus.agreement(b.agreement_id),
        )

    def show_current(self, *, keep_flash: bool = False) -> None:
        pair = self.current_pair()
        view = self.pair_view
        empty = self.query_one("#empty", Static)
        view.display = pair is not None
        empty.display = pair is None
        self.query_one("#heading", Static).update(self.heading())
        if not keep_flash:
            self.flash("")
        if pair is None:
            empty.update(styled(self.empty_message(), "bold"))
            self._seen = None
            return
        self._seen = self.session.link(*pair)
        view.show(self.session, pair[0], pair[1], self.match_for(*pair))

    def flash(self, message: str, *, conflict: bool = False) -> None:
        """One line under the texts: what the last key did (and it is saved)."""
        line = self.query_one("#flash", Static)
        line.set_class(conflict, "-conflict")
        text = " ".join(message.split())
        if conflict:
            content = Content.assemble(styled("! ", "bold reverse"), styled(text, "bold"))
        else:
            content = styled(text, "bold") if text else Content("")
        # Wrapped, not cut (three lines at most): messages name refs, which stay whole.
        line.update(content)

    def _written(self, outcome: Outcome) -> None:
        # The action has already told every pane (this one too) through the change signal.
        # A conflict rings and shows on the flash line (marked, up to three lines), not
        # as a toast: a toast would cover the link's state, the very thing that changed.
        if outcome.conflict:
            self.app.bell()
        self.flash(outcome.message, conflict=outcome.conflict)

    # -- actions ------------------------------------------------------------------
    def _score(self, pair: tuple[str, str]) -> float | None:
        match = self.match_for(*pair)
        return match.score if match is not None else None

    def action_decide(self, status: str) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        self._apply(
            lambda: decide(self.session, *pair, status, seen=self._seen, score=self._score(pair))
        )

    def action_tag(self, number: int) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        self._apply(
            lambda: tag(self.session, *pair, number, seen=self._seen, score=self._score(pair))
        )

    def _apply(self, write: Any) -> None:
        try:
            outcome: Outcome = write()
        except StoreError as error:
            outcome = Outcome(f"not saved: {error}", conflict=True)
        self._written(outcome)
        if outcome.conflict:
            self.show_current(keep_flash=True)
            return
        self._seen = outcome.link
        self.pair_view.show_state(self.session)
        extra = self.after_decision()
        self.flash(f"{outcome.message} · {extra}" if extra else outcome.message)

    def action_undo(self) -> None:
        outcome = undo(self.session)
        self._written(outcome)
        self.after_undo()
        self.show_current(keep_flash=True)

    def action_note(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        from tui.dialogs.note import NoteDialog

        self.app.push_screen(NoteDialog(link=pair))

    def action_step(self, delta: int) -> None:
        if self.step(delta):
            self.show_current()
        else:
            self.flash("this is the last one" if delta > 0 else "this is the first one")

    def action_next_undecided(self) -> None:
        if self.next_undecided():
            self.show_current()
        else:
            self.flash("every suggestion here is decided")

    def action_scroll_texts(self, direction: int) -> None:
        texts = self.query_one("#texts")
        if direction > 0:
            texts.scroll_down(animate=False)
        else:
            texts.scroll_up(animate=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def resume_link(self) -> tuple[str, str] | None:
        """The pair to come back to after a relaunch."""
        return self.current_pair()
