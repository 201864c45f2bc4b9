"""Issue 11's small things: notes and the score in compare, tag names, toasts, whole ids."""

from __future__ import annotations

import re

from textual.widgets import Static
from textual.widgets._toast import Toast

from service import actions
from tests.support.reviewer_day import fixed_clock
from tests.support.tui import MakeApp, screen_text, settle
from tests.support.workflow import flash, open_compare


async def test_compare_shows_every_note_on_the_link_and_the_score_breakdown(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot)
        session = app.session
        session.store.clock = fixed_clock()
        actions.add_note(session, pairs[0], "Same aim; [b]check[/b] the\nsecond clause")
        session.store.reviewer = "bob"
        actions.add_note(session, pairs[0], "Agreed with alice")
        await settle(pilot)
        notes = str(app.screen.query_one("#link-notes", Static).content)
        assert notes.startswith("notes on this link (2)")
        # The link and the first note are one transaction, so they share 09:00.
        assert "✎ tester · 2026-03-02 09:00" in notes and "✎ bob · 2026-03-02 09:01" in notes
        assert "Same aim; [b]check[/b] the\nsecond clause" in notes  # literal, not markup
        assert "Agreed with alice" in notes
        why = str(app.screen.query_one("#why", Static).content)
        match = session.counterparts(pairs[0][0])[0]
        parts = match.breakdown
        expected = (
            f"score   {match.score:.1f} / 100 {match.band} (counterpart) = "
            f"concepts {parts['concepts']:.1f} + words {parts['words']:.1f}"
        )
        assert why.startswith(expected)
        # The two parts add up to the score, as `accord explain` shows.
        assert abs(parts["concepts"] + parts["words"] - match.score) < 0.1


async def test_tags_are_named_beside_the_footer_and_a_missing_number_says_them(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pairs = await open_compare(app, pilot)
        keys = str(app.screen.query_one("#tag-keys", Static).content)
        assert keys.startswith("tags  1 Aligned  2 Partial overlap  3 Complementary")
        await pilot.press("9")
        assert flash(app) == (
            "no tag 9: the tags are 1 Aligned, 2 Partial overlap, 3 Complementary, "
            "4 Divergent, 5 Duplicate"
        )
        assert app.session.store.get_link(*pairs[0]) is None
        await pilot.press("2", "u")
        await settle(pilot)
        assert "undone:" in flash(app) and "Partial overlap" in flash(app)
        assert "partial-overlap" not in flash(app)


async def test_help_names_the_tags_behind_the_numbers(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        body = str(app.screen.query_one("#help-body", Static).content)
        assert "Tags: 1–9 in compare and triage" in body
        assert re.search(r"\n  1 +Aligned\n  2 +Partial overlap\n", body)
        assert "browse.ledger" in body and "browse.mark" in body and "ledger.status" in body


async def test_a_toast_stays_on_the_header_line_at_80x24(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("first message", markup=False)
        app.notify("Copied etf-2026/improve-skills-lm-data to the clipboard.", markup=False)
        await settle(pilot)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1  # the newer one replaced the older
        region = toasts[0].region
        assert (region.y, region.height) == (0, 1)  # the header line, nothing below it
        header = app.screen.query_one("Header").region
        assert region.y == header.y and region.height <= header.height


async def test_ids_are_never_cut_even_at_200_columns(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        app.jump_to("hlm-2022", "skills-twin-transitions")
        await settle(pilot)
        shown = screen_text(app)
        area = app.session.corpus.agreement("hlm-2022").area("skills-twin-transitions")  # type: ignore[union-attr]
        assert area is not None
        for commitment in area.commitments:
            assert re.search(rf"(?<![\w-]){re.escape(commitment.id)}(?![\w-])", shown), (
                commitment.id
            )


async def test_a_long_counterpart_id_opens_its_second_line_rather_than_being_cut(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        long_id = "individual-learning-accounts-micro-credentials"
        app.jump_to("etf-2026", "joint-focus", "etf-2026/career-guidance-lifelong-learning")
        await settle(pilot)
        assert app.session.counterparts("etf-2026/career-guidance-lifelong-learning")[0].other == (
            f"hlm-2022/{long_id}"
        )
        lines = screen_text(app).splitlines()
        found = [line for line in lines if long_id in line]
        assert found, "\n".join(lines)
        assert all(re.search(rf"(?<![\w-]){long_id}(?![\w-])", line) for line in found)
