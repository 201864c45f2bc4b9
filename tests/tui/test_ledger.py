"""The ledger: every link and note, latest change first, filtered one key at a time."""

from __future__ import annotations

from service import actions
from service.ledger import Ledger, LedgerEntry
from tests.support.reviewer_day import fixed_clock, recorded
from tests.support.tui import MakeApp, screen_text, settle
from tests.support.workflow import suggested_pairs
from tui.screens.compare import CompareScreen
from tui.screens.ledger import LedgerList, LedgerScreen


def _decide(app: object) -> list[tuple[str, str]]:
    """Three decisions and a note, a minute apart, by two reviewers."""
    session = app.session  # type: ignore[attr-defined]
    session.store.clock = fixed_clock()
    pairs = suggested_pairs(app, 4)  # type: ignore[arg-type]
    actions.decide(session, *pairs[1], "rejected", seen=None)
    actions.tag(session, *pairs[0], 1, seen=None)  # confirmed, Aligned
    session.store.reviewer = "bob"
    actions.tag(session, *pairs[2], 2, seen=None)  # confirmed, Partial overlap
    actions.add_note(session, pairs[0][0], "check the [TODO] wording")
    session.store.reviewer = "tester"
    return pairs


def _shown(app: object) -> list[LedgerEntry]:
    return list(app.screen.query_one(LedgerList).items)  # type: ignore[attr-defined]


async def test_ledger_lists_everything_latest_first_and_filters_by_key(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pairs = _decide(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        entries = _shown(app)
        assert [(e.kind, e.status) for e in entries] == [
            ("note", None),
            ("link", "confirmed"),
            ("link", "confirmed"),
            ("link", "rejected"),
        ]
        assert [(e.ref_a, e.ref_b) for e in entries[1:]] == [pairs[2], pairs[0], pairs[1]]
        text = screen_text(app)
        assert "4 of 4 links and notes, latest change first" in text
        assert "‹Partial overlap› · bob · 2026-03-02 09:02" in text
        assert "“check the [TODO] wording”" in text  # a note's text, never markup

        await pilot.press("s")  # status: the first status, then the next…
        assert app.screen.filter.status == "suggested"
        await pilot.press("s")
        assert {e.status for e in _shown(app)} == {"confirmed"}
        assert "s status confirmed" in screen_text(app)
        await pilot.press("t")  # tag: Aligned
        assert [(e.ref_a, e.ref_b) for e in _shown(app)] == [pairs[0]]
        await pilot.press("c")  # clear
        await pilot.press("w")  # reviewer: bob (sorted: bob, tester)
        assert {e.reviewer for e in _shown(app)} == {"bob"}
        await pilot.press("w", "w")  # tester, then all again
        assert len(_shown(app)) == 4
        await pilot.press("o")  # outdated only: nothing changed, nothing listed
        assert _shown(app) == []
        assert "Nothing matches these filters (c clears them)." in screen_text(app)
        await pilot.press("o")  # current only
        assert len(_shown(app)) == 4


async def test_enter_opens_compare_on_the_pair_and_undo_speaks_in_tag_labels(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pairs = _decide(app)
        app.action_ledger()
        await settle(pilot)
        await pilot.press("j", "enter")  # the latest link: pairs[2]
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.current_pair() == pairs[2]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        # The last action of this reviewer is the Aligned tag on pairs[0].
        await pilot.press("u")
        await settle(pilot)
        flash = str(app.screen.query_one("#ledger-flash").content)
        assert "undone:" in flash and "Aligned" in flash and "'aligned'" not in flash
        assert app.session.store.get_link(*pairs[0]) is None
        assert (pairs[0][0], pairs[0][1]) not in [(e.ref_a, e.ref_b) for e in _shown(app)]


async def test_a_note_on_a_commitment_opens_in_browse(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pairs = _decide(app)
        app.action_ledger()
        await settle(pilot)
        said = recorded(app)
        await pilot.press("enter")  # the note, on pairs[0][0]
        await settle(pilot)
        assert app.screen.selected.ref == pairs[0][0]  # type: ignore[attr-defined]
        assert said == []


async def test_ten_thousand_links_draw_only_the_rows_on_screen(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_ledger()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LedgerScreen)
        refs = [c.ref for c in app.session.iter_commitments()]
        entries = [
            LedgerEntry(
                kind="link",
                key=f"link:{n}",
                ref_a=refs[n % 11],
                ref_b=refs[11 + n % 114],
                updated=f"2026-03-02T09:{n % 60:02d}:00.000Z",
                reviewer=("alice", "bob")[n % 2],
                status=("confirmed", "rejected")[n % 2],
            )
            for n in range(10_000)
        ]
        drawn: list[str] = []
        widget = screen.query_one(LedgerList)
        render = widget.render_item

        def counting(item: LedgerEntry, width: int) -> list[object]:
            drawn.append(item.key)
            return render(item, width)  # type: ignore[return-value]

        widget.render_item = counting  # type: ignore[method-assign,assignment]
        screen.ledger = Ledger(entries)
        screen._apply()
        await pilot.press("end")
        await pilot.press("s", "s")  # confirmed only: half of them
        await pilot.pause()
        assert widget.visible_count == 5_000
        assert widget.current is not None and widget.current.status == "confirmed"
        # Three lines an entry, about seven entries a screen: never the whole list.
        assert 0 < len(set(drawn)) < 100
