"""TUI speed, headless: first paint, key-to-screen latency at 10,000 rows, opening compare.

    python3 benchmarks/tui.py [--rounds 5] [--keys 400] [--commitments 10000]

- First paint: a fresh process that opens Accord on the bundled agreements (a
  new store in a temporary folder) against a fresh process running a minimal
  Textual app (Header, Static, Footer), both measured from interpreter start to
  the first refresh after mount. Target: Accord ≤ 1.5× the minimal app.
- Key-to-screen: an agreement of 10,000 synthetic commitments, listed whole;
  each `down` / `pagedown` key is timed from press until the whole screen has
  been composed again (the detail and counterparts panes follow the cursor).
  Target: p99 < 50 ms.
- Compare: pushing the compare screen on a candidate pair and composing it,
  against pushing an empty screen in the same app.

Numbers vary with the machine; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_PAINT = r"""
import time
start = time.perf_counter()
import os, sys
sys.path.insert(0, {repo!r})
kind, store = sys.argv[1], sys.argv[2]

def report(app):
    print(f"{{time.perf_counter() - start:.6f}}", flush=True)
    os._exit(0)  # do not wait for the matching thread: only the paint counts

from textual.app import App

_display = App._display

def first_frame(self, screen, renderable):
    # The first frame the app hands to the terminal is the first paint.
    _display(self, screen, renderable)
    if renderable is not None and kind != "ready":
        report(self)

App._display = first_frame

if kind == "minimal":
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        def compose(self):
            yield Header()
            yield Static("hello")
            yield Footer()

    Minimal().run(headless=True, size=(80, 24))
else:
    from store.locate import bundled_agreements_dir
    from service.session import Session
    from tui.app import AccordApp

    session = Session.open(bundled_agreements_dir(), store, "bench", load=False)
    app = AccordApp(session, config_dir=None, watch=False, load_in_background=True)
    original = AccordApp.on_mount

    def ready(change):
        if change == "corpus":
            app.call_after_refresh(report, app)

    def on_mount(self):
        original(self)
        if kind == "ready":  # the agreements are listed
            self.session_changed.subscribe(self, ready)

    AccordApp.on_mount = on_mount
    app.run(headless=True, size=(80, 24))
"""


def first_paint(rounds: int) -> tuple[float, float, float]:
    script = _PAINT.format(repo=str(REPO))
    times: dict[str, list[float]] = {"minimal": [], "accord": [], "ready": []}
    with tempfile.TemporaryDirectory() as tmp:
        # As installed: bytecode cached (pip compiles Textual's; ours go to a
        # private prefix, even where PYTHONDONTWRITEBYTECODE is set).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        for number in range(rounds + 1):
            for kind in ("minimal", "accord", "ready"):  # interleaved: same machine state
                store = str(Path(tmp) / f"s{number}.sqlite3")
                out = subprocess.run(
                    [sys.executable, "-c", script, kind, store],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=REPO,
                    env=env,
                )
                if number:  # the first round only warms the caches
                    times[kind].append(float(out.stdout.strip().splitlines()[-1]))
    return tuple(statistics.median(times[kind]) for kind in ("minimal", "accord", "ready"))  # type: ignore[return-value]


def big_corpus(size: int) -> object:
    """The bundled corpus plus `big`: `size` commitments made of bundled sentences."""
    from store.agreements.loader import load_corpus
    from store.agreements.model import Area, Corpus
    from store.locate import bundled_agreements_dir

    corpus = load_corpus(bundled_agreements_dir()).corpus
    source = [c for a in corpus.agreements for c in a.commitments()]
    base = corpus.agreement("hlm-2022")
    assert base is not None
    per_area = 200
    areas = []
    for area_number in range(size // per_area):
        commitments = []
        for offset in range(per_area):
            number = area_number * per_area + offset
            model = source[number % len(source)]
            commitments.append(
                dataclasses.replace(
                    model,
                    id=f"c{number:05d}-{model.id}"[:60],
                    agreement_id="big",
                    area_id=f"area-{area_number:03d}",
                    text=f"{model.text} (item {number})",
                )
            )
        areas.append(
            Area(f"area-{area_number:03d}", "big", f"Area {area_number}", tuple(commitments))
        )
    big = dataclasses.replace(
        base, id="big", title="Synthetic", short_title="Big", areas=tuple(areas)
    )
    return Corpus((big, *corpus.agreements), corpus.lexicon, corpus.directory)


class FrameClock:
    """Times from a key event to the first frame written after it took effect.

    The key goes in through the driver, as a terminal's would; the frame is the
    compositor update the app hands to the driver, rendered to escape codes as
    a real terminal would receive it (the headless driver skips only the write).
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frame = asyncio.Event()
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                renderable.render_segments(app.console)
                self.frame.set()

        app._display = display

    async def key(self, key: str, changed: Callable[[], bool]) -> float:
        from textual import events

        start = time.perf_counter()
        self.app._driver.send_message(events.Key(key, None))
        while not changed():
            await asyncio.sleep(0)
        self.frame.clear()
        await self.frame.wait()
        return (time.perf_counter() - start) * 1000

    async def screen(self, action: Callable[[], object], changed: Callable[[], bool]) -> float:
        start = time.perf_counter()
        action()
        while not changed():
            await asyncio.sleep(0)
        self.frame.clear()
        await self.frame.wait()
        return (time.perf_counter() - start) * 1000


def moved(listing: Any, before: int) -> bool:
    return bool(listing.cursor != before)


def showing(app: Any, screen: Any) -> bool:
    return app.screen is screen


def left(app: Any, screen: Any) -> bool:
    return app.screen is not screen


async def key_latency(size: int, keys: int, store: Path) -> tuple[list[float], float, float]:
    from textual.screen import Screen

    from service.session import Session
    from store.review.store import ReviewStore
    from tui.app import AccordApp
    from tui.screens.browse import BrowseScreen
    from tui.widgets.navigator import NavItem

    corpus: Any = big_corpus(size)
    review = ReviewStore.open(store, "bench", corpus=corpus)
    session = Session(corpus.directory, review, "bench", corpus)
    session.choose_pair(("big", "etf-2026"))
    session.refresh_state()
    app = AccordApp(session, config_dir=None, watch=False)
    latencies: list[float] = []
    empty_times: list[float] = []
    compare_times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        screen.navigator.select_item(NavItem("big"))
        screen.show_area(screen.navigator.current)
        screen.commitments.focus()
        await pilot.pause()
        listing = screen.commitments
        assert len(listing.items) == size, len(listing.items)
        clock = FrameClock(app)
        for number in range(keys):
            key = "pagedown" if number % 10 == 9 else "down"
            before = listing.cursor
            latencies.append(await clock.key(key, partial(moved, listing, before)))
        ref = listing.current.ref  # type: ignore[union-attr]
        best = session.counterparts(ref)
        candidates = [(ref, m.other) for m in best]
        for _ in range(10):
            empty = Screen[None]()
            empty_times.append(
                await clock.screen(partial(app.push_screen, empty), partial(showing, app, empty))
            )
            app.pop_screen()
            await pilot.pause()
            if best:
                compare_times.append(
                    await clock.screen(
                        partial(app.open_compare, ref, best[0].other, candidates),
                        partial(left, app, screen),
                    )
                )
                app.pop_screen()
                await pilot.pause()
    review.close()
    compare = statistics.median(compare_times) if compare_times else float("nan")
    return latencies, statistics.median(empty_times), compare


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="first-paint runs of each app")
    parser.add_argument("--keys", type=int, default=400, help="key presses to time")
    parser.add_argument("--commitments", type=int, default=10_000)
    args = parser.parse_args()

    minimal, accord, ready = first_paint(args.rounds)
    print(
        f"first paint   minimal {minimal * 1000:6.0f} ms   accord {accord * 1000:6.0f} ms"
        f"   ratio {accord / minimal:.2f}× (target ≤ 1.50×)"
    )
    print(
        f"agreements    listed after {ready * 1000:6.0f} ms   ratio {ready / minimal:.2f}× the"
        " minimal app's first paint (loaded and validated in a worker)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        latencies, empty, compare = asyncio.run(
            key_latency(args.commitments, args.keys, Path(tmp) / "bench.sqlite3")
        )
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    print(
        f"key→screen    {args.commitments} rows, {len(latencies)} keys: p50 {p50:.1f} ms"
        f"   p99 {p99:.1f} ms   p99/budget {p99 / 50:.2f} (target < 1.00, 50 ms)"
    )
    print(
        f"open compare  {compare:.1f} ms   empty screen {empty:.1f} ms"
        f"   ratio {compare / empty:.2f}×"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
