"""What changed in an agreement: the `accord diff` view inside the UI.

Pushed with a VersionDiff (and, when known, the review records the change
makes outdated or orphaned). Commitment text is untrusted: it reaches the
screen only as sanitised `Text`, never as markup. The redline reads without
colour too: deleted words are [-struck-], inserted ones {+underlined+}.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from compare.version_report import ReviewImpact, describe
from compare.versions import Change, VersionDiff, change_summary
from store.review.records import Link, Note
from store.untrusted import one_line


def _redline(change: Change) -> Text:
    line = Text(end="")
    for number, word in enumerate(change.redline):
        if number:
            line.append(" ")
        text = one_line(word.text)
        if word.op == "delete":
            line.append(f"[-{text}-]", "strike red")
        elif word.op == "insert":
            line.append(f"{{+{text}+}}", "underline green")
        else:
            line.append(text)
    return line


def diff_body(diff: VersionDiff, impact: ReviewImpact | None) -> Text:
    body = Text(end="")
    for change in diff.changed:
        head, details = describe(change, diff)
        body.append(one_line(head) + "\n", "bold")
        reworded = change.kind == "pair" and "reworded" in change.aspects
        # describe() puts a reword's redline last; here it is drawn with styles.
        for detail in details[:-1] if reworded else details:
            body.append("    " + one_line(detail) + "\n")
        if reworded:
            body.append("    ")
            body.append_text(_redline(change))
            body.append("\n")
        body.append("\n")
    if not diff.changed:
        body.append("No commitment changed.\n")
    if impact is not None and (impact.outdated or impact.orphaned):
        body.append("Review records this change touches\n", "bold")
        for outdated in impact.outdated:
            body.append(f"  outdated  {_record(outdated.record, outdated.ref)}\n")
        for orphan in impact.orphaned:
            body.append(f"  orphaned  {_record(orphan.record, orphan.ref)}\n")
    return body


def _record(record: object, ref: str) -> str:
    if isinstance(record, Link):
        return f"link {one_line(record.ref_a)} ↔ {one_line(record.ref_b)}"
    if isinstance(record, Note):
        return f"note on {one_line(ref)} by {one_line(record.reviewer)}"
    return f"reviewed mark on {one_line(ref)}"


class VersionDiffScreen(ModalScreen[None]):
    """The changes between two versions of one agreement; escape closes."""

    DEFAULT_CSS = """
    VersionDiffScreen { align: center middle; }
    #version-diff-box {
        width: 100%; height: 100%; max-width: 120;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #version-diff-head { margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", id="version_diff.close"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False, id="version_diff.down"),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False, id="version_diff.up"),
        Binding("pagedown", "scroll(10)", "Page down", show=False, id="version_diff.pagedown"),
        Binding("pageup", "scroll(-10)", "Page up", show=False, id="version_diff.pageup"),
    ]

    def __init__(self, diff: VersionDiff, impact: ReviewImpact | None = None) -> None:
        super().__init__()
        self.diff = diff
        self.impact = impact

    def compose(self) -> ComposeResult:
        impact = self.impact or ReviewImpact()
        summary = change_summary(
            self.diff,
            outdated_notes=impact.notes_outdated,
            outdated_links=impact.links_outdated,
            hint=None,
        )
        with Vertical(id="version-diff-box") as box:
            box.border_title = "Changes"
            box.border_subtitle = "escape closes"
            yield Static(Text(one_line(summary), "bold"), id="version-diff-head")
            with ScrollableContainer(id="version-diff-scroll"):
                yield Static(diff_body(self.diff, self.impact), id="version-diff-body")

    def action_scroll(self, step: int) -> None:
        self.query_one("#version-diff-scroll", ScrollableContainer).scroll_relative(
            y=step, animate=False
        )
