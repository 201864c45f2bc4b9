"""A decision reaches every pane that shows it, wherever it was made.

From a key on the compare or the triage screen, from `accord link` in another process (the app notices
through SQLite's data_version when its store watch runs) and from
`accord import`: browse's counterparts pane, the compare screen and the
coverage matrix all show it, without a restart.
"""

from __future__ import annotations

from pathlib import Path

from compare.coverage import Decisions, covered_refs
from service.review_state import LINK_GLYPHS
from store.agreements.loader import load_corpus
from store.review.exchange import export_toml
from store.review.store import ReviewStore
from tests.support.cli import RunAccord
from tests.support.tui import MakeApp, screen_text, settle
from tests.support.workflow import suggested_pairs
from tui.app import AccordApp
from tui.screens.browse import BrowseScreen
from tui.screens.compare import CompareScreen
from tui.screens.coverage import CoverageScreen
from tui.screens.triage import TriageScreen
from tui.widgets.counterparts import CounterpartList

WORDS = {"confirmed": "confirmed", "rejected": "rejected"}


def pane_lines(app: AccordApp, widget: object) -> list[str]:
    """What one pane shows on screen, line by line."""
    region = widget.region  # type: ignore[attr-defined]
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return [line[region.x : region.right] for line in lines]


async def panes_show(app: AccordApp, pilot: object, pair: tuple[str, str], status: str) -> None:
    ref_a, ref_b = pair
    await settle(pilot)  # type: ignore[arg-type]
    # Browse: the counterparts of ref_a mark ref_b with the status's glyph.
    commitment = app.session.commitment(ref_a)
    assert commitment is not None
    app.jump_to(commitment.agreement_id, commitment.area_id, ref_a)
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, BrowseScreen)
    other_id = ref_b.split("/", 1)[1]
    rows = [
        line
        for line in pane_lines(app, app.screen.query_one(CounterpartList))
        if other_id[:12] in line
    ]
    assert rows and rows[0].lstrip(" │▷▶").startswith(LINK_GLYPHS[status]), rows
    # Compare: the pair's link state, in words.
    app.open_compare(ref_a, ref_b)
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, CompareScreen)
    assert f"{LINK_GLYPHS[status]} {WORDS[status]}" in screen_text(app)
    await pilot.press("escape")  # type: ignore[attr-defined]
    # Coverage: the matrix counts A's commitments that have a confirmed link.
    app.action_coverage()
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, CoverageScreen)
    a, b = app.session.agreement_a, app.session.agreement_b
    assert a is not None and b is not None
    confirmed = Decisions.from_links(app.session.store.links()).confirmed_between(a.id, b.id)
    total = app.screen.rows[-1].cells[0]
    assert total is not None and len(total.confirmed) == len(
        confirmed & {c.ref for c in a.commitments()}
    )
    assert app.session.matches is not None
    assert len(total.gaps) == len(a) - len(covered_refs(a, b, app.session.matches,
                                                       Decisions.from_links(app.session.store.links())))  # fmt: skip
    await pilot.press("escape")  # type: ignore[attr-defined]


async def test_a_decision_from_anywhere_reaches_every_pane(
    make_app: MakeApp,
    agreements_copy: Path,
    store_path: Path,
    run_accord_process: RunAccord,
    tmp_path: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pairs = suggested_pairs(app, 5)
        first = pairs[0]
        # 1. A key on the compare screen.
        app.open_compare(*first)
        await settle(pilot)
        await pilot.press("y")
        await pilot.press("escape")
        await panes_show(app, pilot, first, "confirmed")
        # 1b. A key on the triage screen (it opens on the first undecided suggestion).
        app.action_triage()
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        triaged = app.screen.current_pair()
        assert triaged is not None and triaged != first
        await pilot.press("x")
        await pilot.press("escape")
        await panes_show(app, pilot, triaged, "rejected")
        second, third = [pair for pair in pairs if pair not in (first, triaged)][:2]
        # 2. `accord link` in another process; the store watch (its timer driven by hand).
        common = ("--agreements", str(agreements_copy), "--store", str(store_path))
        done = run_accord_process(
            "link", *second, "--status", "rejected", *common, "--reviewer", "bob"
        )
        assert done.returncode == 0, done.stderr
        app.poll()
        await panes_show(app, pilot, second, "rejected")
        # 3. `accord import` of a colleague's review file, in another process too.
        corpus = load_corpus(agreements_copy).corpus
        with ReviewStore.open(tmp_path / "colleague.sqlite3", "carol", corpus=corpus) as theirs:
            theirs.set_link(*third, status="confirmed")
            review = tmp_path / "carol.toml"
            review.write_text(export_toml(theirs), encoding="utf-8")
        done = run_accord_process("import", str(review), *common, "--reviewer", "carol")
        assert done.returncode == 0, done.stderr
        app.poll()
        await panes_show(app, pilot, third, "confirmed")
        await panes_show(app, pilot, first, "confirmed")  # and nothing earlier was lost
