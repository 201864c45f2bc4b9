"""Two commitments side by side, their words painted by how they match.

Shared by the compare and triage screens. Side by side from 100 columns,
stacked below that (an 80-column terminal cannot fit two readable columns
of policy prose). Under the texts: the score and why (shared words,
concepts, the synonym that fired), then the link's state and tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from service.actions import tag_label
from store.review.records import Link
from tui.untrusted_content import safe_content
from tui.widgets.counterparts import score_bar
from tui.widgets.styled_text import DIM_STYLE, paint, status_content, styled, tokens_content

if TYPE_CHECKING:
    from compare import Match
    from service.session import Session
    from store.agreements.model import Commitment

STACK_BELOW = 100


def _phrases(values: Iterable[object]) -> list[str]:
    return [str(value) for value in values]


def _topic_label(session: Session, topic_id: str) -> str:
    topic = session.corpus.lexicon.topic(topic_id)
    return topic.label if topic is not None else topic_id


class PairView(Vertical):
    """The link state and score stay put; the texts and the reasons scroll.

    Policy commitments can run to a dozen lines each: at 80×24 the decision
    a reviewer is about to change must not scroll out of sight.
    """

    DEFAULT_CSS = """
    PairView { height: 1fr; }
    PairView > #state { height: 1; padding: 0 1; }
    PairView > #texts { height: 1fr; }
    PairView #sides { layout: horizontal; height: auto; }
    PairView.-stacked #sides { layout: vertical; }
    PairView .side {
        width: 1fr; height: auto; padding: 0 1;
        border: round $primary 60%; border-title-style: bold;
    }
    PairView.-stacked .side { width: 100%; }
    PairView #why { height: auto; padding: 0 1; }
    PairView #link-notes { height: auto; padding: 0 1; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ref_a: str | None = None
        self.ref_b: str | None = None
        self._match: Match | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="state")
        with VerticalScroll(id="texts"):
            with Container(id="sides"):
                yield Static(id="side-a", classes="side")
                yield Static(id="side-b", classes="side")
            yield Static(id="why")
            yield Static(id="link-notes")

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < STACK_BELOW, "-stacked")

    # -- drawing ------------------------------------------------------------------
    def show(self, session: Session, ref_a: str, ref_b: str, match: Match | None) -> None:
        """Draw the pair; `match` explains it (None: the engine did not pair them)."""
        moved = (ref_a, ref_b) != (self.ref_a, self.ref_b)
        self.ref_a, self.ref_b = ref_a, ref_b
        a, b = session.commitment(ref_a), session.commitment(ref_b)
        painted_a, painted_b = self._painted(session, a, b)
        self._side("#side-a", session, ref_a, a, painted_a)
        self._side("#side-b", session, ref_b, b, painted_b)
        self.query_one("#why", Static).update(self._why(session, match))
        self._match = match
        self.show_state(session)
        if moved:
            self.query_one("#texts", VerticalScroll).scroll_home(animate=False)

    def show_state(self, session: Session) -> None:
        """Redraw only the link state (after a decision: the texts did not change)."""
        if self.ref_a is None or self.ref_b is None:
            return
        link = session.link(self.ref_a, self.ref_b)
        self.query_one("#state", Static).update(self._state(session, link))
        self.query_one("#link-notes", Static).update(
            self._notes(session, link) if link is not None else Content("")
        )

    def _painted(
        self, session: Session, a: Commitment | None, b: Commitment | None
    ) -> tuple[Content, Content]:
        if a is None or b is None:
            return safe_content(a.text if a else ""), safe_content(b.text if b else "")
        from compare import highlight

        marked = highlight(a.text, b.text, session.corpus.lexicon)
        return tokens_content(marked.a_tokens, a.text), tokens_content(marked.b_tokens, b.text)

    def _side(
        self,
        selector: str,
        session: Session,
        ref: str,
        commitment: Commitment | None,
        painted: Content,
    ) -> None:
        pane = self.query_one(selector, Static)
        agreement = session.corpus.agreement(ref.partition("/")[0])
        title = [safe_content(agreement.label if agreement else ref, single_line=True)]
        if commitment is not None:
            area = session.area_of(commitment)
            if area is not None:
                title += [Content(" · "), safe_content(area.title, single_line=True)]
        pane.border_title = Content("").join(title).truncate(60, ellipsis=True)
        pane.border_subtitle = safe_content(ref.partition("/")[2], single_line=True)
        if commitment is None:
            pane.update(styled(f"{ref} is not in the agreements in use.", "bold"))
            return
        body = [painted]
        details = [commitment.modality, *(_topic_label(session, t) for t in commitment.topics)]
        body.append(Content("\n").append(styled(" · ".join(details), DIM_STYLE)))
        pane.update(Content("").join(body))

    def _why(self, session: Session, match: Match | None) -> Content:
        if match is None:
            return styled("not suggested by the matcher", DIM_STYLE)
        parts: list[Content] = [Content("\n"), self._breakdown(session, match)]
        shared = _phrases(match.shared)
        if shared:
            parts += [Content("\n"), styled("shared  ", "bold"), self._list(shared)]
        concepts = [_topic_label(session, topic) for topic in match.concepts]
        if concepts:
            parts += [Content("\n"), styled("concept ", "bold"), self._list(concepts)]
        for synonym in match.synonyms:
            phrase_a, phrase_b, topic = (str(part) for part in synonym)
            parts += [
                Content("\n"),
                styled("synonym ", "bold"),
                paint(safe_content(phrase_a, single_line=True), "underline"),
                Content(" ≈ "),
                paint(safe_content(phrase_b, single_line=True), "underline"),
                styled(" (", DIM_STYLE),
                paint(safe_content(_topic_label(session, topic), single_line=True), DIM_STYLE),
                styled(")", DIM_STYLE),
            ]
        return Content("").join(parts[1:])

    def _breakdown(self, session: Session, match: Match) -> Content:
        """The score as `accord explain` breaks it down: its band, and parts that add up to it."""
        parts = match.breakdown
        verdict = "counterpart" if match.score >= session.threshold else "below threshold"
        top = sorted(match.contributions, key=lambda entry: -entry[2])[:3]
        return Content.assemble(
            styled("score   ", "bold"),
            f"{match.score:.1f} / 100 ",
            styled(match.band, "bold"),
            f" ({verdict}) = concepts {parts.get('concepts', 0):.1f}",
            f" + words {parts.get('words', 0):.1f}",
            styled(
                "".join(f" · {label} {points:.1f}" for _, label, points in top),
                DIM_STYLE,
            ),
        )

    def _notes(self, session: Session, link: Link) -> Content:
        """Every note on the link, in full: what the reviewers said about this pair."""
        notes = session.link_notes(link.ref_a, link.ref_b)
        if not notes:
            return styled("no notes on this link · n adds one", DIM_STYLE)
        parts: list[Content] = [styled(f"notes on this link ({len(notes)})", "bold")]
        for note in notes:
            when = note.updated[:16].replace("T", " ")
            parts += [
                Content("\n"),
                styled("✎ ", "bold"),
                paint(safe_content(note.reviewer, single_line=True), "bold"),
                styled(f" · {when}", DIM_STYLE),
                Content("\n  "),
                safe_content(note.text.strip()),
            ]
        return Content("").join(parts)

    def _changed_since(self, session: Session, link: Link) -> bool:
        for ref, fingerprint in (
            (link.ref_a, link.fingerprint_a),
            (link.ref_b, link.fingerprint_b),
        ):
            now = session.commitment(ref)
            if now is not None and now.fingerprint != fingerprint:
                return True
        return False

    def _list(self, values: list[str]) -> Content:
        return safe_content(", ".join(values), single_line=True)

    def _state(self, session: Session, link: Link | None) -> Content:
        status = link.status if link is not None else None
        label = tag_label(session, link.tag) if link is not None else None
        parts = [styled("link ", "bold"), status_content(status, label)]
        if link is not None and link.origin == "manual":
            parts.append(styled("  linked by hand", "italic"))
        if self.ref_a is not None and self.ref_b is not None and link is not None:
            notes = len(session.link_notes(self.ref_a, self.ref_b))
            if notes:
                parts.append(styled(f"  ✎ {notes} note{'s' if notes != 1 else ''}", "bold"))
        if link is not None and self._changed_since(session, link):
            parts.append(styled("  ! text changed since judged", "bold reverse"))
        if self._match is not None:
            parts += [
                styled("   score ", "bold"),
                styled(score_bar(self._match.score), "$accord-score"),
            ]
            if self._match.score < session.threshold:
                parts.append(styled(" below threshold", "italic"))
        return Content("").join(parts)
