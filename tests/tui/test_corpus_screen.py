"""The corpus screen on a real AccordApp: matrix, scrolling, drill-down, counterparts, pair view.

The screen has no key in the app yet (the owner wires one), so the tests push
it the way that key will. Matching runs in the screen's thread worker;
`settle` waits for it, so nothing here sleeps.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, ProgressBar

from compare.corpus_cache import match_corpus
from service import actions
from tests.support.corpus_data import write_corpus
from tests.support.tui import MakeApp, screen_text, settle
from tui.screens.browse import BrowseScreen
from tui.screens.corpus import CorpusScreen
from tui.screens.corpus_detail import CorpusCounterpartsScreen, CorpusListScreen

SnapCompare = Callable[..., bool]
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


async def _open(pilot: Pilot[Any]) -> CorpusScreen:
    await settle(pilot)
    screen = CorpusScreen()
    await pilot.app.push_screen(screen)
    # The matching worker starts after the first frame; then wait for it to end.
    for _ in range(3):
        await pilot.pause()
        await settle(pilot)
    assert screen.matches is not None, screen.status
    return screen


async def _until_shown(pilot: Pilot[Any], text: str) -> None:
    """Frame by frame (no clock) until `text` is on screen: a DataTable measures rows it
    was given on an idle event, which `settle` can miss on a loaded machine."""
    for _ in range(50):
        if text in screen_text(pilot.app):  # type: ignore[arg-type]
            return
        await pilot.pause()


async def test_the_matrix_counts_and_says_what_it_matched(
    make_app: MakeApp, corpus_dir: Path
) -> None:
    app = make_app(corpus_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        text = screen_text(app)
        assert f"{len(app.session.corpus.lexicon.topics)} topics × 4 agreements" in text
        assert "Matched 6 pairs · 6 recomputed, 0 from the cache" in text
        assert not screen.query_one(ProgressBar).display
        header = next(line for line in text.splitlines() if line.strip().startswith("topic"))
        assert header.split() == ["topic", "hlm-2016", "hlm-2019", "hlm-2022", "etf-2026"]
        tvet = next(line for line in text.splitlines() if line.strip().startswith("TVET"))
        assert tvet.split() == ["TVET", "4", "4", "4", "4"]
        # The cursor starts on the first agreement's cell; the line below breaks it down.
        assert "2016-06-01  hlm-2016 · Skills" in text
        assert "13 commitments: agreed 1 · explore 12 · ✓ 0 with a confirmed link" in text
        await pilot.press("t")
        await settle(pilot)
        assert "× 4 agreements" in screen_text(app) and screen.kind == "areas"
        assert "area " in screen_text(app)


async def test_columns_scroll_and_the_row_header_stays(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(write_corpus(tmp_path / "many", extra=12))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        first = screen_text(app)
        assert "hlm-copy-00" in first and "etf-2026" not in first
        await pilot.press(*["l"] * 16)
        await settle(pilot)
        moved = screen_text(app)
        assert "etf-2026" in moved and "hlm-copy-00" not in moved
        for label in ("topic", "Skills", "TVET", "Apprenticeships"):
            assert any(line.strip().startswith(label) for line in moved.splitlines()), label
        assert "2026-02-09  ILO–ETF 2026 · Skills" in moved


async def test_enter_lists_by_date_then_counterparts_then_the_pair_view(
    make_app: MakeApp, corpus_dir: Path
) -> None:
    app = make_app(corpus_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await pilot.press("j", "h", "enter")  # the TVET row, label column: the whole row
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CorpusListScreen)
        dates = [row.date for row in listing.rows]
        assert dates == sorted(dates) and len({row.agreement_id for row in listing.rows}) == 4
        table = listing.query_one(DataTable)
        assert table.row_count == 16
        await pilot.press(*["j"] * 12, "enter")  # the first ETF commitment
        await settle(pilot)
        await _until_shown(pilot, "hlm-2016")
        across = app.screen
        assert isinstance(across, CorpusCounterpartsScreen)
        assert across.ref.startswith("etf-2026/")
        assert [g.agreement_id for g in across.groups][:1] != ["etf-2026"]
        assert {g.agreement_id for g in across.groups} == {"hlm-2016", "hlm-2019", "hlm-2022"}
        text = screen_text(app)
        assert "Across the corpus" in text and "hlm-2016" in text
        assert " · counterpart" in text or "below the threshold" in text
        chosen = across.current_match()
        assert chosen is not None
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.session.pair == ("etf-2026", chosen.other.partition("/")[0])


async def test_confirmed_links_show_in_the_cells(make_app: MakeApp, corpus_dir: Path) -> None:
    app = make_app(corpus_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        actions.decide(
            app.session,
            "etf-2026/strengthen-vet-apprenticeships-wbl",
            "hlm-2022/promote-digital-green-tvet",
            "confirmed",
            seen=None,
        )
        await settle(pilot)
        tvet = next(line for line in screen_text(app).splitlines() if line.startswith(" TVET"))
        assert tvet.split() == ["TVET", "4", "4", "4✓1", "4✓1"]


async def test_changing_one_agreement_rematches_only_its_pairs(
    make_app: MakeApp, corpus_dir: Path
) -> None:
    first = make_app(corpus_dir)
    async with first.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        assert "6 recomputed" in screen_text(first)
    path = corpus_dir / "hlm-2016.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = make_app(corpus_dir)
    async with second.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        assert "Matched 6 pairs · 3 recomputed, 3 from the cache" in screen_text(second)


async def test_counterparts_wait_for_matching(make_app: MakeApp, corpus_dir: Path) -> None:
    app = make_app(corpus_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.matrix is not None
        await app.push_screen(CorpusListScreen(screen.matrix, "tvet", None, lambda: None))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CorpusListScreen)


async def test_hostile_titles_are_shown_not_obeyed(make_app: MakeApp, corpus_dir: Path) -> None:
    path = corpus_dir / "hlm-2019.toml"
    text = path.read_text(encoding="utf-8")
    # Control characters are refused by validation (E108); markup is not.
    text = text.replace('short_title = "hlm-2019"', 'short_title = "[@click=app.quit]x[/]"')
    path.write_text(text, encoding="utf-8")
    # An area row takes its label from the oldest agreement that has the area.
    oldest = corpus_dir / "hlm-2016.toml"
    text = oldest.read_text(encoding="utf-8")
    text = text.replace('title = "Youth employment"', 'title = "[b]Youth[/b] [TODO]"', 1)
    oldest.write_text(text, encoding="utf-8")
    app = make_app(corpus_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await pilot.press("l", "t")
        await settle(pilot)
        shown = screen_text(app)
        assert "[@click=app.quit]x[/]" in shown
        assert "[b]Youth[/b] [TODO]" in shown


def test_warm_cache_is_what_the_screen_reuses(corpus_dir: Path) -> None:
    from store.agreements.loader import load_corpus

    corpus = load_corpus(corpus_dir).corpus
    assert match_corpus(corpus.agreements, corpus.lexicon).recomputed == 6
    assert match_corpus(corpus.agreements, corpus.lexicon).recomputed == 0


def _after(*keys: str, shown: str = "") -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _open(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)
        if shown:
            await _until_shown(pilot, shown)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_corpus_snapshot(
    snap_compare: SnapCompare, make_app: MakeApp, corpus_dir: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(corpus_dir), terminal_size=size, run_before=_after("j", "l"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_corpus_counterparts_snapshot(
    snap_compare: SnapCompare, make_app: MakeApp, corpus_dir: Path, size: tuple[int, int]
) -> None:
    keys = ("j", "l", "l", "l", "enter", "enter")
    run_before = _after(*keys, shown="hlm-2016")
    assert snap_compare(make_app(corpus_dir), terminal_size=size, run_before=run_before)


async def test_a_cold_run_in_a_child_process_under_textual(
    make_app: MakeApp, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual replaces sys.stderr: the children must start without its descriptor.
    from compare import corpus_process

    monkeypatch.setattr(corpus_process, "MIN_PAIRS", 1)  # six pairs: one child per core
    started: list[int] = []
    original = corpus_process._run_children

    def counting(*args: Any) -> int:
        started.append(1)
        done: int = original(*args)
        return done

    monkeypatch.setattr(corpus_process, "_run_children", counting)
    app = make_app(corpus_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        assert started == [1]
        assert "Matched 6 pairs · 6 recomputed, 0 from the cache" in screen_text(app)
