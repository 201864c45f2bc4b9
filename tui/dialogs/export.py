"""The export dialog: a format, a path, one atomic write in the background.

The format is whichever option is highlighted (arrows are enough, no extra
"select" step), and the path follows the format's extension until the
reviewer edits it. Rendering and writing run in a thread worker so a large
store never freezes the keyboard; the result (the full path, or what went
wrong) stays on screen until the dialog is closed.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from store.review.exports.registry import FORMATS
from tui.context import context_of
from tui.untrusted_content import safe_content
from tui.widgets.styled_text import DIM_STYLE, paint, styled


def default_path(pair: tuple[str, str] | None, fmt: str) -> str:
    stem = f"accord-{pair[0]}-{pair[1]}" if pair else "accord-review"
    return f"./{stem}.{fmt}"


class ExportDialog(ModalScreen[Path | None]):
    """Dismisses with the path written, or None if nothing was written."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > #export-box {
        width: 90%; max-width: 76; height: auto; max-height: 90%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    ExportDialog #export-title { text-style: bold; }
    ExportDialog #export-formats { height: auto; max-height: 6; }
    ExportDialog #export-scope { margin-top: 1; }
    ExportDialog #export-path { margin-top: 1; border-left: outer $accent; }
    ExportDialog #export-target { height: auto; }
    ExportDialog #export-status { height: auto; min-height: 1; }
    """

    # q closes too (outside the path field, where it is a letter): the footer
    # shows what q does here, not the app's Quit.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="export.close"),
        Binding("q", "close", "Close", show=False, id="export.close-q"),
        Binding("ctrl+s", "export", "Export", id="export.run"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._written: Path | None = None
        self._auto_path = ""
        self._confirm_overwrite: Path | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        session = context_of(self).session
        pair = session.pair
        with Vertical(id="export-box"):
            yield Static("Export the review", id="export-title")
            yield OptionList(
                *(
                    Option(
                        Content.assemble(styled(f"{f.label:<9}", "bold"), (f.about, DIM_STYLE)),
                        id=f.id,
                    )
                    for f in FORMATS
                ),
                id="export-formats",
            )
            scope = f"only the links between {pair[0]} and {pair[1]}" if pair else "everything"
            yield Checkbox(
                scope,
                value=pair is not None,
                id="export-scope",
                disabled=pair is None,
                compact=True,
            )
            self._auto_path = default_path(pair, "md")
            yield Input(
                self._auto_path, id="export-path", placeholder="where to write", compact=True
            )
            yield Static(id="export-target")
            yield Static(
                styled(
                    "edit the path to change it · enter (or ctrl+s): export · esc: close",
                    DIM_STYLE,
                ),
                id="export-help",
            )
            yield Static(id="export-status")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#export-formats", OptionList)
        options.highlighted = 0
        options.focus()
        self._show_target()

    def target(self) -> Path | None:
        """The full path the export will write, as typed now (None: no path yet)."""
        raw = self.query_one("#export-path", Input).value.strip()
        return Path(raw).expanduser().resolve() if raw else None

    def _show_target(self) -> None:
        target = self.target()
        self.query_one("#export-target", Static).update(
            Content.assemble(
                styled("writes ", DIM_STYLE),
                paint(safe_content(str(target), single_line=True), "bold")
                if target is not None
                else styled("nothing yet: give a path", "italic"),
            )
        )

    @property
    def fmt(self) -> str:
        option = self.query_one("#export-formats", OptionList).highlighted_option
        return option.id if option is not None and option.id else "md"

    @on(OptionList.OptionHighlighted, "#export-formats")
    def _format_changed(self) -> None:
        path_input = self.query_one("#export-path", Input)
        if path_input.value == self._auto_path:
            self._auto_path = default_path(context_of(self).session.pair, self.fmt)
            path_input.value = self._auto_path

    @on(OptionList.OptionSelected, "#export-formats")
    def _format_chosen(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Changed, "#export-path")
    def _path_edited(self) -> None:
        self._confirm_overwrite = None
        self._show_target()

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_export()

    def _refuse(self, path: Path, why: str) -> None:
        self._status(
            Content.assemble(
                styled("✗ ", "bold $accord-rejected"),
                safe_content(str(path), single_line=True),
                f" {why}",
            )
        )

    def _status(self, message: Content) -> None:
        self.query_one("#export-status", Static).update(message)

    def action_export(self) -> None:
        if self._busy:
            return
        path = self.target()
        if path is None:
            self._status(styled("✗ give a path to write to", "bold $accord-rejected"))
            return
        if path.is_dir():
            self._refuse(path, "is a folder; give a file name")
            return
        if path.exists() and not path.is_file():
            # A device or a pipe would be replaced by a file: never.
            self._refuse(path, "is not a regular file; choose another path")
            return
        if path.exists() and self._confirm_overwrite != path:
            self._confirm_overwrite = path
            self._status(
                Content.assemble(
                    styled("! ", "bold"),
                    safe_content(str(path), single_line=True),
                    " exists: press enter again to replace it",
                )
            )
            return
        self._busy = True
        self._status(styled("writing…", DIM_STYLE))
        scoped = self.query_one("#export-scope", Checkbox).value
        self._write(self.fmt, path, context_of(self).session.pair if scoped else None)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write(self, fmt: str, path: Path, pair: tuple[str, str] | None) -> None:
        from service.export import render
        from service.user_settings import display_names, read_settings, settings_file
        from store.locate import config_dir
        from store.review.exports.registry import write_output
        from store.review.selection import ExportFilter

        session = context_of(self).session
        try:
            # The same report as `accord export`: bands, and reviewers by display name.
            settings_path = settings_file(config_dir())
            names, _ = display_names(read_settings(settings_path), settings_path, session.reviewer)
            flt = ExportFilter(agreements=pair)
            text = render(fmt, session.store, session.corpus, flt, names=names)
            write_output(text, path)
        except Exception as error:  # shown to the reviewer, never a traceback
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            self.app.call_from_thread(self._failed, path, reason)
            return
        self.app.call_from_thread(self._done, path, len(text.encode("utf-8")))

    def _done(self, path: Path, size: int) -> None:
        self._busy = False
        self._written = path
        self._confirm_overwrite = None
        self._status(
            Content.assemble(
                styled("✓ written: ", "bold $accord-reviewed"),
                paint(safe_content(str(path), single_line=True), "bold"),
                (f"  ({size:,} bytes)", DIM_STYLE),
            )
        )
        # No toast here: the line above says it, and a toast would cover the dialog.

    def _failed(self, path: Path, reason: str) -> None:
        self._busy = False
        self._status(
            Content.assemble(
                styled("✗ not written: ", "bold reverse $accord-rejected"),
                safe_content(f"{path}: {reason}", single_line=True),
            )
        )

    def action_close(self) -> None:
        written = self._written
        self.dismiss(written)
        if written is not None:
            # The name only: the dialog showed the full path, and a short toast
            # stays on the header line.
            self.app.notify(f"Exported to {written.name}", markup=False)
