"""Coverage takes the reviewer's decisions: confirmed links cover, rejected suggestions do not.

(In tests/service rather than tests/compare: the TUI's pair coverage is built on it.)
"""

from __future__ import annotations

from pathlib import Path

from compare import match_pair
from compare.coverage import Decisions, coverage, covered_refs, gaps
from service import actions
from service.pair_coverage import PairCoverage
from service.session import Session
from store.agreements.loader import load_corpus
from store.review.records import Link


def _link(ref_a: str, ref_b: str, status: str) -> Link:
    return Link(
        id=1, ref_a=ref_a, ref_b=ref_b, status=status, tag=None, score=None,
        fingerprint_a="", fingerprint_b="", snapshot_a="", snapshot_b="",
        reviewer="r", created="", updated="", version=1,
    )  # fmt: skip


def test_decisions_override_the_matcher_both_ways(bundled_dir: Path) -> None:
    corpus = load_corpus(bundled_dir).corpus
    etf, hlm = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")
    assert etf is not None and hlm is not None
    pair = match_pair(etf, hlm, corpus.lexicon)
    covered = next(ref for ref, found in pair.forward.items() if found)
    strong = [m for m in pair.forward[covered] if m.score >= pair.threshold]
    gap = gaps(hlm, etf, pair)[0]
    weak_ref = gap.commitments[0].ref
    some_etf = next(c.ref for c in etf.commitments() if c.ref != covered)
    assert covered in covered_refs(etf, hlm, pair)
    assert weak_ref not in covered_refs(hlm, etf, pair)
    decisions = Decisions.from_links(
        [_link(covered, m.other, "rejected") for m in strong]
        + [_link(weak_ref, some_etf, "confirmed")]
    )
    assert covered not in covered_refs(etf, hlm, pair, decisions)
    assert weak_ref in covered_refs(hlm, etf, pair, decisions)
    assert covered in coverage(etf, hlm, pair, corpus.lexicon, decisions).uncovered
    assert weak_ref not in {c.ref for g in gaps(hlm, etf, pair, decisions) for c in g.commitments}
    # A rejected match is never offered as the closest counterpart.
    listed = next(
        g for g in gaps(etf, hlm, pair, decisions) for c in g.commitments if c.ref == covered
    )
    best = listed.best[[c.ref for c in listed.commitments].index(covered)]
    assert best is None or best.other not in {m.other for m in strong}


def test_the_tui_pair_coverage_is_compare_s(agreements_copy: Path, tmp_path: Path) -> None:
    session = Session.open(agreements_copy, tmp_path / "s.sqlite3", "alice")
    try:
        session.set_matches(session.pair, session.match_for(session.pair))
        a, b = session.agreement_a, session.agreement_b
        assert a is not None and b is not None and session.matches is not None
        gap = gaps(b, a, session.matches)[0].commitments[0].ref
        actions.decide(session, gap, next(a.commitments()).ref, "confirmed", seen=None)
        shown = PairCoverage(session)
        decisions = Decisions.from_links(session.store.links())
        for one, other in ((a, b), (b, a)):
            expected = covered_refs(one, other, session.matches, decisions)
            assert {c.ref for c in one.commitments() if not shown.is_gap(c.ref)} == expected
        assert not shown.is_gap(gap)
    finally:
        session.store.close()
