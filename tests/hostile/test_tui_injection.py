"""Untrusted text (agreements, notes, findings) is shown literally, never obeyed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from service import actions
from store.agreements.model import Agreement, Corpus
from tests.support.tui import MakeApp, detail_text, screen_text, settle
from tui.screens.findings import FindingsScreen
from tui.widgets.commitment_list import CommitmentList

MARKUP = "[@click=app.quit]x[/] [TODO] keep [/ and [0] and [b]bold[/b] [link=https://evil]ok[/link]"
CONTROLS = "esc\x1b]52;c;aGFjaw==\x07 c1\x9b31m bidi\u202eTXET\u202c end"


def _poison(agreements_copy: Path) -> None:
    path = agreements_copy / "etf-2026.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"improve skills and labour market data"', repr(MARKUP).replace("'", '"')),
        encoding="utf-8",
    )


async def test_markup_in_agreement_text_shows_literally(
    make_app: MakeApp, agreements_copy: Path
) -> None:
    _poison(agreements_copy)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.session.findings, [f.render() for f in app.session.findings]
        assert MARKUP in detail_text(app)
        assert "[@click=app.quit]x[/] [TODO]" in screen_text(app)
        # Click exactly where the would-be link text sits, wherever it is shown.
        clicked = 0
        for row, line in enumerate(screen_text(app).splitlines()):
            col = line.find("[@click=app.quit]x")
            if col >= 0:
                for dx in range(len("[@click=app.quit]x[/]")):
                    await pilot.click(offset=(col + dx, row))
                clicked += 1
        assert clicked
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_markup_in_palette_hits_shows_literally(
    make_app: MakeApp, agreements_copy: Path
) -> None:
    _poison(agreements_copy)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"TODO keep")
        await settle(pilot)  # the palette searches in a worker
        assert "[@click=app.quit]x[/] [TODO] keep [/" in screen_text(app)


async def test_control_characters_in_notes_become_placeholders(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        ref = app.screen.query_one(CommitmentList).current.ref  # type: ignore[union-attr]
        actions.add_note(app.session, ref, CONTROLS + " " + MARKUP)
        await pilot.pause()
        shown = detail_text(app)
        assert "\x1b" not in shown and "\x9b" not in shown and "\u202e" not in shown
        assert "␛]52;c;aGFjaw==␇" in shown
        assert "<U+009B>" in shown and "<U+202E>" in shown
        assert MARKUP in shown
        assert "\x1b" not in screen_text(app)


async def test_control_characters_in_commitment_text_become_placeholders(
    make_app: MakeApp,
) -> None:
    # The loader refuses such files (E108); build the model directly, as if it had not.
    app = make_app()
    corpus = app.session.corpus
    etf = corpus.agreement("etf-2026")
    assert etf is not None
    area = etf.areas[0]
    evil = dataclasses.replace(area.commitments[0], text=CONTROLS)
    areas = (dataclasses.replace(area, commitments=(evil, *area.commitments[1:])), *etf.areas[1:])
    poisoned: Agreement = dataclasses.replace(etf, areas=areas)
    others = tuple(a for a in corpus.agreements if a.id != "etf-2026")
    app.session.corpus = Corpus((poisoned, *others), corpus.lexicon, corpus.directory)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "\x1b" not in text and "\u202e" not in text
        assert "esc␛]52" in text
        assert "<U+202E>" in detail_text(app)


async def test_control_characters_in_a_broken_file_are_harmless_in_findings(
    make_app: MakeApp, agreements_copy: Path
) -> None:
    path = agreements_copy / "etf-2026.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"improve skills and labour market data"', '"evil \\u001b]0;pwned\\u0007 [/"'),
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FindingsScreen)
        # Findings are not wrapped (carets stay under their columns), so a long temporary
        # path pushes the code off to the right: scroll to it as a reader would.
        shown = [screen_text(app)]
        for _ in range(len(str(path)) // 8 + 1):
            await pilot.press("l")
            shown.append(screen_text(app))
        assert any("E108" in text for text in shown)
        assert not any("\x1b" in text for text in shown)


async def test_invisible_characters_are_marked_in_the_ui(
    make_app: MakeApp, agreements_copy: Path
) -> None:
    # Valid agreement text (E108 refuses only controls and bidi), invisible when shown raw.
    path = agreements_copy / "etf-2026.toml"
    text = path.read_text(encoding="utf-8")
    planted = '"improve\\u200b skills\\u2060 and\\u00ad labour\\u2028 market data"'
    path.write_text(
        text.replace('"improve skills and labour market data"', planted), encoding="utf-8"
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.session.findings, [f.render() for f in app.session.findings]
        ref = app.screen.query_one(CommitmentList).current.ref  # type: ignore[union-attr]
        actions.add_note(app.session, ref, "zero\u200bwidth\ufeff note")
        await pilot.pause()
        shown = screen_text(app) + detail_text(app)
        for char in ("\u200b", "\u2060", "\u00ad", "\u2028", "\ufeff"):
            assert char not in shown
        assert "improve<U+200B> skills<U+2060>" in detail_text(app)
        assert "zero<U+200B>width<U+FEFF> note" in detail_text(app)
