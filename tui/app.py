"""AccordApp: the reviewer's terminal UI around one `Session`.

The app owns what outlives a screen: the session, the theme, the keymap, the
topic lens and the background work (matching, live reload, watching the store
for other instances' changes). It shares the session, the lens and a change
signal with every screen through `tui.context`; screens subscribe to
`context.changes` and redraw from the session, and ask for other screens with
`tui.requests` messages. They never poll, and never import the app.

Screens beyond browse are imported inside the actions that open them, so the
first paint pays only for what it shows; one that fails to import becomes a
message, not a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType, Keymap
from textual.notifications import Notify
from textual.screen import Screen
from textual.signal import Signal

from service import actions
from service.changes import Change, ChangeKind
from service.session import Session
from service.watch import DirectoryWatch
from store.review.errors import StoreError
from store.untrusted import one_line
from themes.accord import ACCORD_VARIABLE_DEFAULTS, DEFAULT_THEME, all_themes
from tui import requests
from tui.context import ReviewContext
from tui.gc_policy import IdleCollector
from tui.input_guard import KeepsInput
from tui.keymap import binding_rows, keymap_paths, known_binding_ids, load_keymaps
from tui.resume import ResumablePlace, ResumePoint, load_point, resume_path, save_point
from tui.settings import load_settings, save_theme, settings_path

if TYPE_CHECKING:
    from textual.command import Provider

    from compare import PairMatches
    from service.reload_changes import AgreementChange
    from store.agreements.loader import LoadResult


def _palette(name: str) -> Callable[[], type[Provider]]:
    def provider() -> type[Provider]:
        from tui import palette

        found: type[Provider] = getattr(palette, name)
        return found

    return provider


def binding_sources() -> list[tuple[str, type[Any]]]:
    """Everything with key bindings, in the order a reviewer meets it (imports every screen)."""
    from tui.dialogs.export import ExportDialog
    from tui.dialogs.note import NoteDialog
    from tui.dialogs.topic_lens import TopicLensDialog
    from tui.screens.browse import BrowseScreen
    from tui.screens.compare import CompareScreen
    from tui.screens.corpus import CorpusScreen
    from tui.screens.corpus_detail import CorpusCounterpartsScreen, CorpusListScreen
    from tui.screens.coverage import CoverageScreen
    from tui.screens.findings import FindingsScreen
    from tui.screens.gaps import GapsScreen
    from tui.screens.help import HelpScreen
    from tui.screens.ledger import LedgerScreen
    from tui.screens.triage import TriageScreen
    from tui.widgets.detail import DetailPane
    from tui.widgets.filter_bar import FilterBar
    from tui.widgets.virtual_list import VirtualList

    return [
        ("Everywhere", AccordApp),
        ("Browse", BrowseScreen),
        ("Lists", VirtualList),
        ("Detail", DetailPane),
        ("Filter", FilterBar),
        ("Compare", CompareScreen),
        ("Triage", TriageScreen),
        ("Coverage", CoverageScreen),
        ("Gaps", GapsScreen),
        ("Ledger", LedgerScreen),
        ("Corpus", CorpusScreen),
        ("Corpus: commitments", CorpusListScreen),
        ("Corpus: counterparts", CorpusCounterpartsScreen),
        ("Note", NoteDialog),
        ("Export", ExportDialog),
        ("Topic lens", TopicLensDialog),
        ("Help", HelpScreen),
        ("Findings", FindingsScreen),
    ]


MIN_WIDTH = 60
MIN_HEIGHT = 20


class AccordApp(KeepsInput, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Accord"
    # Providers load when the palette first opens, not before the first paint.
    COMMANDS = App.COMMANDS | {
        _palette(name)
        for name in ("JumpProvider", "PairProvider", "ThemeProvider", "ActionsProvider")
    }
    # Textual declares these ClassVar on App, which mypy reads as instance variables.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help", key_display="?"),
        Binding(
            "ctrl+p", "command_palette", "Palette", id="app.palette", priority=True, show=False
        ),
        Binding("e", "export", "Export", show=False, id="app.export"),
        Binding("exclamation_mark", "findings", "Findings", show=False, id="app.findings"),
        Binding("D", "version_changes", "Changes", show=False, id="app.changes"),
    ]

    def __init__(
        self,
        session: Session,
        *,
        config_dir: Path | None = None,
        theme: str | None = None,
        watch: bool = True,
        poll_interval: float = 1.0,
        load_in_background: bool = False,
    ) -> None:
        super().__init__()
        # Over SSH every animation frame is a round trip; nothing moves by default.
        self.animation_level = "none"
        self.session = session
        self.config_dir = config_dir
        self.keymap_problems: list[str] = []
        self.startup_messages: list[str] = []
        # What the keymap files rebound (binding id → keys), for the help screen.
        self.keymap: Keymap = {}
        # With load_in_background the session arrives empty: the screen paints
        # first, and the agreements are read and validated in a worker.
        self.context = ReviewContext(
            session, Signal(self, "session-changed"), loading=load_in_background
        )
        session.listen(self.context.changes.publish)
        self._watch_enabled = watch
        self._poll_interval = poll_interval
        self._watch = DirectoryWatch(session.directory)
        self._gc = IdleCollector()
        # What the last live reload changed, for D (latest last).
        self.version_changes: list[AgreementChange] = []
        for registered in all_themes():
            self.register_theme(registered)
        self._explicit_theme = theme
        self.theme = self._initial_theme(theme)
        # Where this reviewer left off last time, restored once the agreements
        # (browse, ledger) and the matches (compare, triage) are there.
        path = self.resume_file()
        self._resume_to: ResumePoint | None = (
            load_point(path, session.reviewer) if path is not None else None
        )
        self._resume_saved: ResumePoint | None = self._resume_to
        self._resume_pending = self._resume_to is not None
        # Browse opens there instead of on the first area, whichever of its mount
        # and the agreements' arrival comes last.
        self.context.start_at = self._resume_to.ref if self._resume_to else None

    @property
    def session_changed(self) -> Signal[Change]:
        return self.context.changes

    @property
    def topic_lens(self) -> str | None:
        return self.context.topic_lens

    @property
    def matching(self) -> bool:
        return self.context.matching

    @property
    def loading(self) -> bool:
        return self.context.loading

    def _publish(self, kind: ChangeKind) -> None:
        self.session.changed(Change(kind))

    def _on_notify(self, event: Notify) -> None:
        """One information toast at a time, on the header line (see app.tcss).

        A newer message replaces the older ones as it arrives, so toasts never
        pile up over the panes; warnings and errors stay for their own timeout.
        """
        if event.notification.severity == "information":
            for old in [n for n in self._notifications if n.severity == "information"]:
                self._unnotify(old, refresh=False)
        super()._on_notify(event)

    # -- theme ------------------------------------------------------------------------
    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Accord's variables for themes that do not define them (Textual's built-ins).
        return dict(ACCORD_VARIABLE_DEFAULTS)

    def resume_file(self) -> Path | None:
        return resume_path(self.config_dir) if self.config_dir is not None else None

    def settings_file(self) -> Path | None:
        return settings_path(self.config_dir) if self.config_dir is not None else None

    def _initial_theme(self, requested: str | None) -> str:
        if requested and requested in self.available_themes:
            return requested
        path = self.settings_file()
        saved = load_settings(path).theme if path else None
        if saved and saved in self.available_themes:
            return saved
        return DEFAULT_THEME

    def _remember_theme(self, _theme: object) -> None:
        path = self.settings_file()
        if path is None:
            return
        try:
            save_theme(path, self.theme)
        except OSError as error:
            self.notify(f"Could not save the theme: {error}", severity="warning", markup=False)

    # -- start-up -----------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        from tui.screens.browse import BrowseScreen

        return BrowseScreen()

    def on_mount(self) -> None:
        if self._explicit_theme and self._explicit_theme not in self.available_themes:
            names = ", ".join(sorted(self.available_themes))
            self.notify(
                f"Unknown theme {self._explicit_theme!r}; available: {names}",
                severity="warning",
                markup=False,
            )
        elif self._explicit_theme:
            self._remember_theme(None)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.call_after_refresh(self.apply_keymap)
        for message in self.startup_messages:
            self.notify(message, severity="warning", markup=False, timeout=10)
        self._refresh_subtitle()
        if self._watch_enabled:
            self._watch.snapshot()
            self.set_interval(self._poll_interval, self.poll)
        if self.context.loading:
            # After the first frame: the loader holds the GIL and would delay it.
            self.call_after_refresh(self._reload_worker)
        else:
            self._loaded()
        self.set_interval(self._gc.idle, self._gc.tick)
        self.call_after_refresh(self.check_size)
        self._catch_hangups()
        # Once a second, if the place changed: a dropped connection loses a second at most.
        self.set_interval(1.0, self.remember_place)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent):
            self._gc.input()
        await super().on_event(event)  # KeepsInput: keys in order

    def on_unmount(self) -> None:
        self._gc.stop()
        self._release_hangups()

    async def action_quit(self) -> None:
        self.remember_place()
        await super().action_quit()

    # -- resume where the reviewer left off ------------------------------------------------
    def place(self) -> ResumePoint:
        """Where the reviewer is now: the pair, the working screen, commitment and link."""
        screen_name, ref, link = "browse", None, None
        for screen in reversed(self.screen_stack):
            if not isinstance(screen, ResumablePlace):
                continue  # a dialog or the help: not a place to come back to
            name = screen.resume_as
            if screen_name == "browse" and link is None and name != "browse":
                screen_name = name
                found = screen.resume_link()
                link = found if name in ("compare", "triage") else None
            if name == "browse":
                ref = screen.resume_ref()
                break
        return ResumePoint(self.session.pair, screen_name, ref, link)

    def remember_place(self) -> None:
        if self._resume_pending or self.context.loading:
            return  # not yet where the reviewer was: keep the old place
        path = self.resume_file()
        if path is None:
            return
        point = self.place()
        if point == self._resume_saved:
            return
        try:
            save_point(path, self.session.reviewer, point)
        except OSError as error:
            self._resume_saved = point  # say it once, not every second
            self.notify(
                f"Could not remember where you are: {error}", severity="warning", markup=False
            )
            return
        self._resume_saved = point

    def _resume_pair(self) -> None:
        point = self._resume_to
        session = self.session
        if point is None or point.pair is None or session.requested_pair is not None:
            return
        if point.pair != session.pair:
            session.choose_pair(point.pair)
            if session.pair != point.pair:
                return  # that pair is gone: stay on the default one
            self._refresh_subtitle()
            self._publish("pair")

    def _resume_without_matches(self) -> None:
        point = self._resume_to
        if point is None:
            return
        if point.ref is not None:
            # After the browse screen has composed its panes.
            self.call_after_refresh(self._resume_commitment, point.ref)
        if point.screen == "ledger":
            self.action_ledger()
        if point.screen in ("browse", "ledger") or point.link is None or not self.matching:
            # Nothing left that needs the matches (or none are coming): done resuming.
            self._resume_to = None
            self._resume_pending = False

    def _resume_commitment(self, ref: str) -> None:
        from tui.screens.browse import BrowseScreen

        commitment = self.session.commitment(ref)
        browse = self.screen_stack[0] if self.screen_stack else None
        if commitment is not None and isinstance(browse, BrowseScreen):
            browse.jump_to(commitment.agreement_id, commitment.area_id, commitment.ref)

    def _resume_with_matches(self) -> None:
        point = self._resume_to
        self._resume_to = None
        self._resume_pending = False
        if point is None or point.link is None:
            return
        if not all(self.session.commitment(ref) is not None for ref in point.link):
            return
        if point.screen == "compare":
            self.open_compare(*point.link)
        elif point.screen == "triage":
            self.open_triage(point.link)

    def _loaded(self) -> None:
        """The agreements are in: start matching, say what is wrong with the files."""
        self.context.loading = False
        self._gc.freeze()
        self._gc.start()
        session = self.session
        requested = session.requested_pair
        if requested is not None and session.pair != requested:
            known = ", ".join(a.id for a in session.corpus.agreements) or "none"
            self.notify(
                f"--pair {requested[0]} {requested[1]}: not two different loaded agreements "
                f"(loaded: {known})",
                severity="warning",
                markup=False,
                timeout=10,
            )
        self._resume_pair()
        self.start_matching()
        self._mention_drafts()
        self._resume_without_matches()
        if any(f.severity == "error" for f in session.findings):
            self.call_after_refresh(self.show_findings, True)

    def _mention_drafts(self) -> None:
        """Text left unsaved when the last session ended is waiting in its note dialog."""
        try:
            drafts = actions.unsaved_drafts(self.session)
        except StoreError:
            return
        if not drafts:
            return
        first = drafts[0].target
        where = first if isinstance(first, str) else " ↔ ".join(first)
        more = f" (and {len(drafts) - 1} more)" if len(drafts) > 1 else ""
        self.notify(
            f"Unsaved note text from your last session on {one_line(where)}{more}: "
            "open its note (n) to get it back.",
            severity="warning",
            markup=False,
            timeout=15,
        )

    def apply_keymap(self) -> None:
        paths = [
            path for path in keymap_paths(self.session.directory, self.config_dir) if path.exists()
        ]
        if not paths and not self.keymap:
            return  # knowing every binding id imports every screen: only when needed
        keymap, problems = load_keymaps(paths, known_binding_ids(binding_sources()))
        self.keymap = dict(keymap)
        self.set_keymap(keymap)
        self.keymap_problems = [problem.render() for problem in problems]
        for line in self.keymap_problems:
            self.notify(line, title="Keymap", severity="warning", markup=False, timeout=15)

    # -- size ---------------------------------------------------------------------------
    def on_resize(self) -> None:
        self.call_after_refresh(self.check_size)

    def check_size(self) -> None:
        from tui.screens.too_small import TooSmallScreen

        width, height = self.size
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif not too_small and showing:
            self.pop_screen()
        elif showing:
            self.screen.refresh()

    # -- background work ---------------------------------------------------------------
    def start_matching(self) -> None:
        if self.session.pair is None:
            return
        self.context.matching = True
        self._refresh_subtitle()
        self._match_worker(self.session.pair)

    @work(thread=True, exclusive=True, group="match", exit_on_error=False)
    def _match_worker(self, pair: tuple[str, str]) -> None:
        try:
            matches = self.session.match_for(pair)
        except Exception as error:  # a matching bug must not take the review down
            self.call_from_thread(self._matching_failed, error)
            return
        self.call_from_thread(self._matches_ready, pair, matches)

    def _matches_ready(self, pair: tuple[str, str], matches: PairMatches | None) -> None:
        if self.session.set_matches(pair, matches):
            self.context.matching = False
            self._refresh_subtitle()
            self._publish("matches")
            self._gc.freeze(collect=False)  # the matches live as long as the corpus
            self._resume_with_matches()

    def _matching_failed(self, error: Exception) -> None:
        self.context.matching = False
        self._resume_to, self._resume_pending = None, False
        self._refresh_subtitle()
        self.notify(f"Matching failed: {error}", severity="error", markup=False)

    def poll(self) -> None:
        """Once a second: did an agreement file change, did another instance write?"""
        if self._watch.changed():
            self._reload_worker()
        try:
            changed = self.session.store_changed()
        except Exception as error:
            self.notify(f"Review store: {error}", severity="error", markup=False)
            return
        if changed:
            self.session.changed(Change.store())

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload_worker(self) -> None:
        from store.agreements.loader import load_corpus

        result = load_corpus(self.session.directory)
        self.call_from_thread(self._apply_reload, result)

    def _apply_reload(self, result: LoadResult) -> None:
        # Imported here: the diff engine is not needed for the first paint.
        from service.reload_changes import changes_on_reload

        changes = [] if self.context.loading else changes_on_reload(self.session, result)
        self.session.apply_reload(result)
        if self.context.loading:
            self._publish("corpus")
            self._loaded()
            return
        if changes:
            self.version_changes = changes
            for change in changes:
                self.notify(change.summary, title="Agreement changed", markup=False, timeout=15)
        errors = [f for f in result.findings if f.severity == "error"]
        if errors:
            files = sorted({Path(f.path).name for f in errors})
            self.notify(
                f"{len(errors)} error(s) in {', '.join(files)}; keeping the last good "
                f"version. Press ! for details.\n{one_line(errors[0].headline())}",
                title="Agreements reloaded",
                severity="warning",
                timeout=10,
                markup=False,
            )
        else:
            self.notify("Agreements reloaded.", markup=False)
        self._publish("corpus")
        self._gc.freeze()
        self.start_matching()

    def action_version_changes(self) -> None:
        """D: what the last reload changed in an agreement, and the records it touched."""
        if not self.version_changes:
            self.notify("No agreement has changed since Accord started.", markup=False)
            return
        from tui.screens.version_diff import VersionDiffScreen

        change = self.version_changes[-1]
        self.push_screen(VersionDiffScreen(change.diff, change.impact))

    # -- pair, lens, subtitle -------------------------------------------------------------
    def switch_pair(self, pair: tuple[str, str]) -> None:
        self.session.choose_pair(pair)
        self._publish("pair")
        self.start_matching()

    def set_topic_lens(self, topic: str | None) -> None:
        self.context.topic_lens = topic
        self._refresh_subtitle()
        self._publish("lens")

    def lens_label(self) -> str | None:
        if self.topic_lens is None:
            return None
        topic = self.session.corpus.lexicon.topic(self.topic_lens)
        return one_line(topic.label if topic else self.topic_lens)

    def _refresh_subtitle(self) -> None:
        parts = []
        if self.session.pair:
            parts.append(" ↔ ".join(self.session.pair))
        label = self.lens_label()
        if label:
            parts.append(f"lens: {label}")
        if self.matching:
            parts.append("matching…")
        self.sub_title = " · ".join(parts)

    # -- requests from screens (tui.requests) ---------------------------------------------
    def on_open_compare(self, request: requests.OpenCompare) -> None:
        self.open_compare(request.ref_a, request.ref_b, request.candidates)

    def on_open_note(self, request: requests.OpenNote) -> None:
        self.open_note(ref=request.ref, link=request.link)

    def on_jump_to(self, request: requests.JumpTo) -> None:
        self.jump_to(request.agreement_id, request.area_id, request.ref)

    def on_set_topic_lens(self, request: requests.SetTopicLens) -> None:
        self.set_topic_lens(request.topic)

    def on_switch_pair(self, request: requests.SwitchPair) -> None:
        self.switch_pair(request.pair)

    def on_copy_text(self, request: requests.CopyText) -> None:
        self.copy_text(request.text, request.what)

    # -- opening screens and dialogs ------------------------------------------------------
    def require_matches(self) -> bool:
        """True when there are matches to work on; otherwise says why not."""
        reason = self.context.why_no_matches()
        if reason is not None:
            self.notify(reason, markup=False)
        return reason is None

    def _open(
        self,
        what: str,
        load: Callable[[], type[Screen[Any]]],
        *args: Any,
        needs_matches: bool = False,
        callback: Callable[[Any], None] | None = None,
        **kwargs: Any,
    ) -> None:
        if needs_matches and not self.require_matches():
            return
        try:
            screen_class = load()
        except ImportError as error:
            self.notify(f"{what} is not available: {error}", severity="error", markup=False)
            return
        self.push_screen(screen_class(*args, **kwargs), callback)

    def open_compare(
        self, ref_a: str, ref_b: str, candidates: Sequence[tuple[str, str]] | None = None
    ) -> None:
        def load() -> type[Screen[Any]]:
            from tui.screens.compare import CompareScreen

            return CompareScreen

        chosen = list(candidates) if candidates else None
        self._open("Compare", load, ref_a, ref_b, chosen, needs_matches=True)

    def open_note(self, ref: str | None = None, link: tuple[str, str] | None = None) -> None:
        def load() -> type[Screen[Any]]:
            from tui.dialogs.note import NoteDialog

            return NoteDialog

        self._open("Notes", load, ref=ref, link=link)

    def action_triage(self) -> None:
        self.open_triage()

    def open_triage(self, start: tuple[str, str] | None = None) -> None:
        """Triage, on `start` if it is in the queue (resuming), else the first undecided."""

        def load() -> type[Screen[Any]]:
            from tui.screens.triage import TriageScreen

            return TriageScreen

        self._open("Triage", load, start=start, needs_matches=True)

    def action_coverage(self) -> None:
        def load() -> type[Screen[Any]]:
            from tui.screens.coverage import CoverageScreen

            return CoverageScreen

        self._open("Coverage", load, needs_matches=True)

    def action_gaps(self) -> None:
        def load() -> type[Screen[Any]]:
            from tui.screens.gaps import GapsScreen

            return GapsScreen

        self._open("Gaps", load, needs_matches=True)

    def action_corpus(self) -> None:
        def load() -> type[Screen[Any]]:
            from tui.screens.corpus import CorpusScreen

            return CorpusScreen

        self._open("The corpus", load)

    def action_ledger(self) -> None:
        def load() -> type[Screen[Any]]:
            from tui.screens.ledger import LedgerScreen

            return LedgerScreen

        self._open("The ledger", load)

    def action_topic_lens(self) -> None:
        def load() -> type[Screen[Any]]:
            from tui.dialogs.topic_lens import TopicLensDialog

            return TopicLensDialog

        self._open("The topic lens", load, callback=self.set_topic_lens)

    def action_export(self) -> None:
        def load() -> type[Screen[Any]]:
            from tui.dialogs.export import ExportDialog

            return ExportDialog

        self._open("Export", load)

    def action_help(self) -> None:
        from tui.screens.help import FilesInUse, HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        files = FilesInUse(
            agreements=self.session.directory,
            store=self.session.store.path,
            settings=self.settings_file(),
            keymaps=tuple(keymap_paths(self.session.directory, self.config_dir)),
            keymap_problems=tuple(self.keymap_problems),
        )
        tags = tuple(tag.label for tag in self.session.tags)
        self.push_screen(
            HelpScreen(binding_rows(binding_sources(), dict(self.keymap)), files, tags)
        )

    def action_findings(self) -> None:
        self.show_findings(False)

    def show_findings(self, at_start: bool = False) -> None:
        from tui.screens.findings import FindingsScreen

        findings = self.session.findings
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
