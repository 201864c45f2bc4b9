"""AccordApp: the reviewer's terminal UI around one `Session`.

The app owns what outlives a screen: the session, the theme, the keymap, the
topic lens and the background work (matching, live reload, watching the store
for other instances' changes). Screens subscribe to `session_changed` and
redraw from the session; they never poll on their own.

Screens beyond browse are imported inside the actions that open them, so the
first paint pays only for what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.signal import Signal

from service.session import Session
from service.watch import DirectoryWatch
from store.untrusted import one_line
from themes.accord import ACCORD_VARIABLE_DEFAULTS, DEFAULT_THEME, all_themes
from tui.app_screens import ScreenOpeners
from tui.gc_policy import IdleCollector
from tui.keymap import keymap_paths, known_binding_ids, load_keymaps
from tui.settings import load_settings, save_theme, settings_path

if TYPE_CHECKING:
    from textual.command import Provider

    from compare import PairMatches
    from store.agreements.loader import LoadResult

Change = Literal["store", "corpus", "matches", "lens", "pair"]


def _palette(name: str) -> Callable[[], type[Provider]]:
    def provider() -> type[Provider]:
        from tui import palette

        found: type[Provider] = getattr(palette, name)
        return found

    return provider


MIN_WIDTH = 60
MIN_HEIGHT = 20


class AccordApp(ScreenOpeners):
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
        self.topic_lens: str | None = None
        self.matching = False
        self.keymap_problems: list[str] = []
        self.startup_messages: list[str] = []
        # With load_in_background the session arrives empty: the screen paints
        # first, and the agreements are read and validated in a worker.
        self.loading = load_in_background
        self._watch_enabled = watch
        self._poll_interval = poll_interval
        self._watch = DirectoryWatch(session.directory)
        self._gc = IdleCollector()
        self.session_changed: Signal[Change] = Signal(self, "session-changed")
        for registered in all_themes():
            self.register_theme(registered)
        self._explicit_theme = theme
        self.theme = self._initial_theme(theme)

    # -- theme ------------------------------------------------------------------------
    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Accord's variables for themes that do not define them (Textual's built-ins).
        return dict(ACCORD_VARIABLE_DEFAULTS)

    def _settings_file(self) -> Path | None:
        return settings_path(self.config_dir) if self.config_dir is not None else None

    def _initial_theme(self, requested: str | None) -> str:
        if requested and requested in self.available_themes:
            return requested
        path = self._settings_file()
        saved = load_settings(path).theme if path else None
        if saved and saved in self.available_themes:
            return saved
        return DEFAULT_THEME

    def _remember_theme(self, _theme: object) -> None:
        path = self._settings_file()
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
        if self.loading:
            # After the first frame: the loader holds the GIL and would delay it.
            self.call_after_refresh(self._reload_worker)
        else:
            self._loaded()
        self.set_interval(self._gc.idle, self._gc.tick)
        self.call_after_refresh(self.check_size)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent):
            self._gc.input()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self._gc.stop()

    def _loaded(self) -> None:
        """The agreements are in: start matching, say what is wrong with the files."""
        self.loading = False
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
        self.start_matching()
        if any(f.severity == "error" for f in session.findings):
            self.call_after_refresh(self.show_findings, True)

    def apply_keymap(self) -> None:
        paths = [
            path for path in keymap_paths(self.session.directory, self.config_dir) if path.exists()
        ]
        if not paths and not self._keymap:
            return  # knowing every binding id imports every screen: only when needed
        keymap, problems = load_keymaps(paths, known_binding_ids())
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
        self.matching = True
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
            self.matching = False
            self._refresh_subtitle()
            self.session_changed.publish("matches")
            self._gc.freeze(collect=False)  # the matches live as long as the corpus

    def _matching_failed(self, error: Exception) -> None:
        self.matching = False
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
            self.session.refresh_state()
            self.session_changed.publish("store")

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload_worker(self) -> None:
        from store.agreements.loader import load_corpus

        result = load_corpus(self.session.directory)
        self.call_from_thread(self._apply_reload, result)

    def _apply_reload(self, result: LoadResult) -> None:
        self.session.apply_reload(result)
        if self.loading:
            self.session_changed.publish("corpus")
            self._loaded()
            return
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
        self.session_changed.publish("corpus")
        self._gc.freeze()
        self.start_matching()

    def review_changed(self) -> None:
        """Call after a store write made from this instance."""
        self.session_changed.publish("store")

    # -- pair, lens, subtitle -------------------------------------------------------------
    def switch_pair(self, pair: tuple[str, str]) -> None:
        self.session.choose_pair(pair)
        self.session_changed.publish("pair")
        self.start_matching()

    def set_topic_lens(self, topic: str | None) -> None:
        self.topic_lens = topic
        self._refresh_subtitle()
        self.session_changed.publish("lens")

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
