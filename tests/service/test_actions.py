"""The one write path: each action is one transaction, one undo step and one Change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service import actions
from service.changes import Change
from service.session import Session
from store.review.exchange import export_toml

A = "etf-2026/improve-skills-lm-data"


@pytest.fixture
def session(agreements_copy: Path, tmp_path: Path) -> Iterator[Session]:
    opened = Session.open(agreements_copy, tmp_path / "store" / "reviews.sqlite3", "alice")
    yield opened
    opened.store.close()


@pytest.fixture
def heard(session: Session) -> list[Change]:
    changes: list[Change] = []
    session.listen(changes.append)
    return changes


def other_side(session: Session) -> str:
    assert session.pair is not None
    agreement = session.corpus.agreement(session.pair[1])
    assert agreement is not None
    return next(agreement.commitments()).ref


def test_decide_writes_once_updates_the_state_and_says_so_once(
    session: Session, heard: list[Change]
) -> None:
    b = other_side(session)
    outcome = actions.decide(session, A, b, "confirmed", seen=None)
    assert not outcome.conflict
    assert heard == [Change.store((A, b))]
    assert session.state.link(A, b) is not None
    assert session.state.link(A, b).status == "confirmed"  # type: ignore[union-attr]
    assert len(session.store.history()) == 1


def test_a_note_on_a_suggestion_creates_link_and_note_as_one_undo_step(
    session: Session, heard: list[Change]
) -> None:
    b = other_side(session)
    note = actions.add_note(session, (A, b), "why these two")
    assert heard == [Change.store((A, b))]
    assert session.store.get_link(A, b) is not None
    assert {entry.action for entry in session.store.history()} == {1}
    assert session.state.note_counts[A] == 1 and note.refs == (A, b)
    actions.undo(session)
    assert session.store.get_link(A, b) is None and session.store.notes() == []
    assert len(heard) == 2 and session.state.note_counts.get(A, 0) == 0


def test_editing_a_note_to_the_same_text_is_silent(session: Session, heard: list[Change]) -> None:
    note = actions.add_note(session, A, "first")
    actions.edit_note(session, note, "first")
    assert len(heard) == 1
    edited = actions.edit_note(session, note, "second")
    actions.delete_note(session, edited)
    assert len(heard) == 3 and session.store.notes() == []


def test_toggle_reviewed_flips_the_state(session: Session, heard: list[Change]) -> None:
    assert actions.toggle_reviewed(session, A) is True
    assert session.state.is_reviewed(A)
    assert actions.toggle_reviewed(session, A) is False
    assert not session.state.is_reviewed(A)
    assert heard == [Change.store((A,))] * 2


def test_link_with_a_note_is_one_action(session: Session, heard: list[Change]) -> None:
    b = other_side(session)
    link = actions.link(session, A, b, note="seen together")
    assert link.status == "confirmed"
    assert len(heard) == 1 and len({e.action for e in session.store.history()}) == 1


def test_import_is_one_change_and_nothing_on_a_bad_file(
    session: Session, heard: list[Change], tmp_path: Path
) -> None:
    b = other_side(session)
    actions.decide(session, A, b, "rejected", seen=None)
    review = tmp_path / "review.toml"
    review.write_text(export_toml(session.store), encoding="utf-8")
    actions.undo(session)
    heard.clear()
    report = actions.import_review_files(session, [review])
    assert report.imported and heard == [Change.store()]
    assert session.state.link(A, b).status == "rejected"  # type: ignore[union-attr]
    bad = tmp_path / "bad.toml"
    bad.write_text("not = [toml", encoding="utf-8")
    assert not actions.import_review_files(session, [bad]).imported
    assert len(heard) == 1


def test_nothing_to_undo_says_nothing(session: Session, heard: list[Change]) -> None:
    assert actions.undo(session).message == "nothing to undo"
    assert heard == []


MISSED_A = "etf-2026/vet-apprenticeships-labour-demand"
MISSED_B = "hlm-2022/promote-digital-green-tvet"  # the TVET item the matcher does not rank


def test_link_by_hand_pairs_what_the_matcher_missed_as_one_manual_step(
    session: Session, heard: list[Change]
) -> None:
    session.compute_matches()
    assert all(m.other != MISSED_B for m in session.counterparts(MISSED_A))
    # Marked on the B side, linked from the A side: stored A side first all the same.
    outcome = actions.link_by_hand(session, MISSED_B, MISSED_A)
    assert outcome.link is not None and not outcome.conflict
    assert (outcome.link.ref_a, outcome.link.ref_b) == (MISSED_A, MISSED_B)
    assert (outcome.link.status, outcome.link.origin) == ("confirmed", "manual")
    assert "by hand" in outcome.message
    assert heard == [Change.store((MISSED_A, MISSED_B))]
    again = actions.link_by_hand(session, MISSED_A, MISSED_B)
    assert "already linked (confirmed)" in again.message
    assert len({entry.action for entry in session.store.history()}) == 1
    actions.undo(session)
    assert session.store.get_link(MISSED_A, MISSED_B) is None


def test_link_by_hand_of_a_ranked_pair_keeps_the_matcher_origin(session: Session) -> None:
    session.compute_matches()
    ranked = session.counterparts(A)[-1].other
    outcome = actions.link_by_hand(session, A, ranked)
    assert outcome.link is not None and outcome.link.origin == "matcher"


def test_link_by_hand_refuses_one_side_twice_and_says_why(session: Session) -> None:
    same_side = "etf-2026/joint-policy-advice"
    assert "two different" in actions.link_by_hand(session, A, A).message
    assert "both are in etf-2026" in actions.link_by_hand(session, A, same_side).message
    assert session.store.links() == []
