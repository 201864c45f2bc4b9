"""Compare: every key writes to the store at once, and the view follows."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._footer import FooterKey

from store.review.store import ReviewStore
from tests.support.tui import POLL_BY_HAND, MakeApp, screen_text, settle
from tests.support.workflow import current, flash, heading, link_status, open_compare
from tui.dialogs.note import NoteDialog
from tui.screens.compare import CompareScreen


async def test_confirm_reject_defer_are_durable_at_once(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("y")
        # A second connection sees it: the write is committed, not buffered.
        with ReviewStore.open(store_path, "reader") as other:
            link = other.get_link(*pairs[0])
            assert link is not None and link.status == "confirmed"
        assert "confirmed" in flash(app)
        assert "✓ confirmed" in screen_text(app)
        await pilot.press("x")
        assert link_status(app, pairs[0]) == ("rejected", None)
        assert "✗ rejected" in screen_text(app)
        await pilot.press("d")
        assert link_status(app, pairs[0]) == ("deferred", None)
        # Compare stays on the pair: moving on is the reviewer's choice.
        assert current(app) == pairs[0]


async def test_tag_keys_follow_the_vocabulary(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot)
        # An undecided suggestion that gets a tag is a confirmed link.
        await pilot.press("2")
        assert link_status(app, pairs[0]) == ("confirmed", "partial-overlap")
        assert "Partial overlap" in screen_text(app)
        await pilot.press("4")
        assert link_status(app, pairs[0]) == ("confirmed", "divergent")
        # The tag it already has is cleared; the decision stays.
        await pilot.press("4")
        assert link_status(app, pairs[0]) == ("confirmed", None)
        # A rejected link keeps its status when tagged.
        await pilot.press("x", "1")
        assert link_status(app, pairs[0]) == ("rejected", "aligned")
        await pilot.press("9")
        assert "no tag 9" in flash(app)


async def test_undo_reverts_the_last_action(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot)
        await pilot.press("y", "3")
        assert link_status(app, pairs[0]) == ("confirmed", "complementary")
        await pilot.press("u")
        assert link_status(app, pairs[0]) == ("confirmed", None)
        assert "undone" in flash(app)
        await pilot.press("u")
        assert link_status(app, pairs[0]) is None
        await pilot.press("u")
        assert "nothing to undo" in flash(app)


async def test_next_previous_and_next_undecided(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot, count=4)
        assert "1 of 4" in heading(app)
        await pilot.press("right_square_bracket")
        assert current(app) == pairs[1]
        assert "2 of 4" in heading(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert current(app) == pairs[0]
        assert "first" in flash(app)
        # Decide 1 and 2 (0-based), then `space` from 0 skips them.
        await pilot.press("right_square_bracket", "y", "right_square_bracket", "x")
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert current(app) == pairs[0]
        await pilot.press("y", "space")
        assert current(app) == pairs[3]
        await pilot.press("y", "space")
        # All four candidates decided: on to the pair's triage queue.
        assert current(app) not in pairs
        assert "triage queue" in heading(app)


async def test_escape_goes_back(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)


async def test_a_concurrent_decision_is_shown_not_overwritten(
    make_app: MakeApp, store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot)
        with ReviewStore.open(store_path, "colleague", corpus=app.session.corpus) as other:
            other.set_link(*pairs[0], status="rejected")
        await pilot.press("y")
        assert link_status(app, pairs[0]) == ("rejected", None)
        assert "not saved" in flash(app) and "colleague" in flash(app)
        assert app.screen.query_one("#flash").has_class("-conflict")
        assert "✗ rejected" in screen_text(app)
        # Now that the reviewer has seen it, the same key applies theirs.
        await pilot.press("y")
        assert link_status(app, pairs[0]) == ("confirmed", None)

        with ReviewStore.open(store_path, "colleague", corpus=app.session.corpus) as other:
            other.set_tag(*pairs[0], "duplicate")
        await pilot.press("1")
        assert link_status(app, pairs[0]) == ("confirmed", "duplicate")
        assert "not saved" in flash(app)


async def test_n_opens_the_note_dialog_on_the_link(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.link == pairs[0]
        await pilot.press(*"keep")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert "✎ 1 note" in screen_text(app)


async def test_stacks_when_narrow_and_sits_side_by_side_when_wide(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        view = app.screen.query_one("#pair")
        assert view.has_class("-stacked")
        side_a, side_b = view.query_one("#side-a"), view.query_one("#side-b")
        assert side_b.region.y > side_a.region.y
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert not view.has_class("-stacked")
        assert side_a.region.y == side_b.region.y
        assert side_b.region.x > side_a.region.x


def _styles_of(content: object, word: str) -> set[str]:
    plain = str(content)
    found: set[str] = set()
    for span in content.spans:  # type: ignore[attr-defined]
        if word in plain[span.start : span.end]:
            found.update(str(span.style).split())
    return found


async def test_same_words_and_synonyms_differ_by_text_style(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pair = ("etf-2026/improve-skills-lm-data", "hlm-2022/skills-anticipation-big-data")
        app.open_compare(*pair)
        await settle(pilot)
        side_a = app.screen.query_one("#side-a").content  # type: ignore[attr-defined]
        side_b = app.screen.query_one("#side-b").content  # type: ignore[attr-defined]
        # Not colour alone: bold for the same word, underline for the synonym.
        assert "bold" in _styles_of(side_a, "skills")
        assert "underline" in _styles_of(side_a, "labour market data")
        assert "underline" in _styles_of(side_b, "big data")
        assert "underline" not in _styles_of(side_a, "skills")
        why = str(app.screen.query_one("#why").content)  # type: ignore[attr-defined]
        assert "labour market data ≈ skills anticipation (Labour-market data)" in why


async def test_agreement_text_is_never_markup(make_app: MakeApp, agreements_copy: Path) -> None:
    old = "improve skills and labour market data"
    nasty = "improve skills [@click=app.quit]x[/] [TODO] [0] data"
    path = agreements_copy / "etf-2026.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, nasty), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ref = "etf-2026/improve-skills-lm-data"
        other = app.session.counterparts(ref)[0].other
        app.open_compare(ref, other)
        await settle(pilot)
        assert "[@click=app.quit]x[/] [TODO] [0] data" in screen_text(app)
        await pilot.click("#side-a")
        await pilot.press("y")
        assert app.is_running
        assert link_status(app, (ref, other)) == ("confirmed", None)


async def test_another_instances_decision_appears(make_app: MakeApp, store_path: Path) -> None:
    app = make_app(watch=True, poll_interval=POLL_BY_HAND)
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot)
        with ReviewStore.open(store_path, "colleague", corpus=app.session.corpus) as other:
            other.set_link(*pairs[0], status="deferred", tag="duplicate")
        app.poll()  # what the store watch's timer does
        await settle(pilot)
        assert "? deferred" in screen_text(app)
        assert "Duplicate" in screen_text(app)
        # What the reviewer now sees is what the next key acts on: no conflict.
        await pilot.press("y")
        assert link_status(app, pairs[0]) == ("confirmed", "duplicate")


async def test_the_footer_shows_at_most_seven_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_compare(app, pilot)
        for opener in (lambda: None, app.action_triage, app.action_coverage, app.action_gaps):
            opener()
            await settle(pilot)
            shown = [key.description for key in app.screen.query(FooterKey)]
            assert 0 < len(shown) <= 7, shown


async def test_a_link_judged_on_old_wording_is_marked(
    make_app: MakeApp, store_path: Path, agreements_copy: Path
) -> None:
    ref = "etf-2026/improve-skills-lm-data"
    first = make_app()
    pair = (ref, "hlm-2022/skills-anticipation-big-data")
    with ReviewStore.open(store_path, "colleague", corpus=first.session.corpus) as store:
        store.set_link(*pair, status="confirmed")
    path = agreements_copy / "etf-2026.toml"
    old = "improve skills and labour market data"
    path.write_text(
        path.read_text(encoding="utf-8").replace(old, old + " systems"), encoding="utf-8"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_compare(*pair)
        await settle(pilot)
        assert "! text changed since judged" in screen_text(app)
