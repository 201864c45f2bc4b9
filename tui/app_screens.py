"""The app's ways into the other screens and dialogs, imported when first opened.

Screens other than browse load only when asked for, so the first paint pays
for what it shows; a screen that fails to import becomes a message, not a crash.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual.app import App

from store.agreements.findings import Finding

if TYPE_CHECKING:
    from service.session import Session


class ScreenOpeners(App[int]):
    session: Session
    matching: bool

    def review_changed(self) -> None:
        raise NotImplementedError

    def set_topic_lens(self, topic: str | None) -> None:
        raise NotImplementedError

    def require_matches(self) -> bool:
        """True when there are matches to work on; otherwise says why not."""
        if self.session.matches is None:
            message = (
                "Still matching; try again in a moment."
                if self.matching
                else "No pair to compare: add a second agreement."
            )
            self.notify(message, markup=False)
            return False
        return True

    def _open(
        self,
        what: str,
        source: str,
        *args: Any,
        needs_matches: bool = False,
        callback: Callable[[Any], None] | None = None,
        **kwargs: Any,
    ) -> None:
        if needs_matches and not self.require_matches():
            return
        module_name, _, class_name = source.partition(":")
        try:
            screen_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError) as error:
            self.notify(f"{what} is not available: {error}", severity="error", markup=False)
            return
        self.push_screen(screen_class(*args, **kwargs), callback)

    def open_compare(
        self, ref_a: str, ref_b: str, candidates: Sequence[tuple[str, str]] | None = None
    ) -> None:
        chosen = list(candidates) if candidates else None
        self._open(
            "Compare", "tui.screens.compare:CompareScreen", ref_a, ref_b, chosen, needs_matches=True
        )

    def open_note(self, ref: str | None = None, link: tuple[str, str] | None = None) -> None:
        self._open(
            "Notes",
            "tui.dialogs.note:NoteDialog",
            ref=ref,
            link=link,
            callback=lambda _result: self.review_changed(),
        )

    def action_triage(self) -> None:
        self._open("Triage", "tui.screens.triage:TriageScreen", needs_matches=True)

    def action_coverage(self) -> None:
        self._open("Coverage", "tui.screens.coverage:CoverageScreen", needs_matches=True)

    def action_gaps(self) -> None:
        self._open("Gaps", "tui.screens.gaps:GapsScreen", needs_matches=True)

    def action_topic_lens(self) -> None:
        self._open(
            "The topic lens", "tui.dialogs.topic_lens:TopicLensDialog", callback=self.set_topic_lens
        )

    def action_export(self) -> None:
        self._open("Export", "tui.dialogs.export:ExportDialog")

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_findings(self) -> None:
        self.show_findings(False)

    def show_findings(self, at_start: bool = False) -> None:
        from tui.screens.findings import FindingsScreen

        findings: Sequence[Finding] = self.session.findings
        if not findings:
            self.notify("Every agreement file is valid.", markup=False)
            return
        self.push_screen(FindingsScreen(list(findings), at_start=at_start))

    def jump_to(
        self, agreement_id: str, area_id: str | None = None, ref: str | None = None
    ) -> None:
        """Back to browse, showing an agreement, an area or a commitment."""
        from tui.screens.browse import BrowseScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, BrowseScreen):
            self.pop_screen()
        if isinstance(self.screen, BrowseScreen):
            self.screen.jump_to(agreement_id, area_id, ref)

    def copy_text(self, text: str, what: str) -> None:
        """Copy through the terminal (OSC 52), which also works over SSH."""
        self.copy_to_clipboard(text)
        self.notify(f"Copied {what} to the clipboard.", markup=False, timeout=3)
