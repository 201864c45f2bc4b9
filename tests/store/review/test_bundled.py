"""The review store and exports on the bundled agreements."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.agreements.loader import load_corpus
from store.review.exports.registry import render
from store.review.store import ReviewStore


def test_review_and_export_the_bundled_agreements(bundled_dir: Path, tmp_path: Path) -> None:
    corpus = load_corpus(bundled_dir).corpus
    hlm, etf = corpus.agreement("hlm-2022"), corpus.agreement("etf-2026")
    if hlm is None or etf is None:
        pytest.skip("the bundled agreements are not both valid yet")
    left, right = next(hlm.commitments()), next(etf.commitments())
    with ReviewStore.open(tmp_path / "reviews.sqlite3", "alice", corpus=corpus) as store:
        store.set_link(left.ref, right.ref, status="confirmed", tag="partial-overlap")
        store.add_note((left.ref, right.ref), "both | about *data*")
        store.mark_reviewed(left.ref)
        assert store.outdated() == [] and store.orphans() == []
        markdown = render("md", store, corpus)
    # With no pair asked for, the pair reads in agreement id order: etf-2026 first.
    assert f"Coverage of {etf.label} by area" in markdown
    assert f"#### {right.ref}" in markdown and f"**{left.ref}**: no score · confirmed" in markdown
    assert left.fingerprint[:8] not in markdown and right.fingerprint[:8] not in markdown
    assert "both \\| about \\*data\\*" in markdown
