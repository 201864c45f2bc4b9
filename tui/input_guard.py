"""Nothing typed is lost or misplaced: keys act in order, and a hangup saves what was typed.

Two dangers of a terminal over SSH, handled where every key and signal arrives,
in the app itself (`AccordApp` mixes this class in, ahead of Textual's `App`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input, TextArea

from tui.unsaved import HoldsUnsavedText


class KeepsInput(App[int]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: list[events.Key] = []
        self._settling = False
        self._settle_task: asyncio.Task[None] | None = None
        self._hangup_deadline: threading.Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._settling or self._held_keys:
                self._held_keys.append(event)
                return
            await self._key_now(event)
            return
        await super().on_event(event)

    # -- typeahead ------------------------------------------------------------------------
    # Over SSH several keys arrive in one read. A key that opens a screen does so
    # a few messages later (widget → screen → app), so the keys behind it would
    # land on the screen it leaves ("n" then a note's words would run browse
    # actions). Each key is therefore dispatched once what the previous one set
    # moving has settled: every queue of the screen and the app drained, and the
    # same screen and focus after it. Keys that arrive one at a time never wait,
    # and characters typed into a text field open nothing, so they never wait.
    _SETTLE_PASSES = 3  # one per hop a request travels: widget, screen, app
    _SETTLE_LIMIT = 12

    async def _key_now(self, event: events.Key) -> None:
        while True:
            before = self._where()
            await super().on_event(event)
            if not (event.is_printable and isinstance(before[1], TextArea | Input)):
                self._settling = True
                task = asyncio.get_running_loop().create_task(self._settle(before))
                self._settle_task = task  # keep a reference: the loop holds tasks weakly
                return
            if not self._held_keys:
                return
            event = self._held_keys.pop(0)

    def _where(self) -> tuple[object, object]:
        screen = self.screen
        return screen, screen.focused

    async def _settle(self, before: tuple[object, object]) -> None:
        passes = 0
        while passes < self._SETTLE_LIMIT:
            await self._drain_once()
            passes += 1
            now = self._where()
            if now != before:
                before = now  # a new screen or focus: let it settle too
                continue
            if passes >= self._SETTLE_PASSES:
                break
        self.call_later(self._release_next)

    async def _release_next(self) -> None:
        self._settling = False
        if self._held_keys:
            await self._key_now(self._held_keys.pop(0))

    async def _drain_once(self, *, app_too: bool = True) -> None:
        """Until the app and every widget of the screen handled what was queued for it.

        From within the app's own task, pass app_too=False: it cannot wait for itself.
        """
        widgets = list(self.screen.walk_children(with_self=True))
        pumps = [self, *widgets] if app_too else widgets
        waiting = len(pumps)
        idle = asyncio.Event()

        def one_done() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting <= 0:
                idle.set()

        for pump in pumps:
            if not pump.call_later(one_done):
                one_done()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(idle.wait(), timeout=1.0)

    # -- hangup -------------------------------------------------------------------------
    # Python's default for SIGHUP and SIGTERM ends the process at once, and
    # Textual's driver installs no handler: a dropped SSH connection would take
    # the text typed since the last autosave with it.
    _HANGUPS = (signal.SIGHUP, signal.SIGTERM)

    def _catch_hangups(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._HANGUPS:
            try:
                # On the loop, not in a raw handler: the flush never lands in
                # the middle of another store transaction.
                loop.add_signal_handler(signum, self._hung_up, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                return  # not the main thread, or no signals on this platform

    def _release_hangups(self) -> None:
        if self._hangup_deadline is not None:
            self._hangup_deadline.cancel()  # the exit got this far: no stall to break
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for signum in self._HANGUPS:
            try:
                loop.remove_signal_handler(signum)
            except (NotImplementedError, RuntimeError, ValueError):
                return

    def _hung_up(self, signum: int) -> None:
        """Save whatever is typed, let the keys already read land, save again, then end."""
        self._flush_unsaved()
        code = 128 + signum
        # With the terminal gone, a clean exit can stall writing to it; the text
        # is on disk by then, so a stall must not keep the process alive.
        self._hangup_deadline = threading.Timer(2.0, os._exit, args=(code,))
        self._hangup_deadline.daemon = True
        self._hangup_deadline.start()
        # Behind the keys already queued: they reach their widgets before the last save.
        self.call_later(self._finish_hangup, code)

    async def _finish_hangup(self, code: int) -> None:
        self._settling = False
        while self._held_keys:
            await super().on_event(self._held_keys.pop(0))
        await self._drain_once(app_too=False)
        self._flush_unsaved()
        self.exit(return_code=code)

    def _flush_unsaved(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HoldsUnsavedText):
                try:
                    screen.flush_unsaved()
                except Exception:
                    continue  # the process is ending: save what else we can
