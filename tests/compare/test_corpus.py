"""The corpus model and its pair-by-pair cache, on real agreement files."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import concepts, match_pair
from compare.corpus import (
    corpus_matrix,
    counterparts_across,
    drill_down,
    resolve_topic,
)
from compare.corpus_cache import MatchingCancelled, directory, match_corpus
from store.agreements.loader import load_corpus
from store.agreements.model import MODALITIES, Corpus
from tests.support.corpus_data import write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return load_corpus(write_corpus(tmp_path / "agreements")).corpus


def test_columns_run_oldest_first_and_every_topic_has_a_row(corpus: Corpus) -> None:
    matrix = corpus_matrix(corpus.agreements, corpus.lexicon)
    assert [a.id for a in matrix.agreements] == ["hlm-2016", "hlm-2019", "hlm-2022", "etf-2026"]
    assert [row.key for row in matrix.rows] == [t.id for t in corpus.lexicon.topics]
    for row in matrix.rows:
        assert len(row.cells) == 4


def test_a_cell_counts_the_commitments_stating_its_topic_by_modality(corpus: Corpus) -> None:
    matrix = corpus_matrix(corpus.agreements, corpus.lexicon)
    etf = corpus.agreement("etf-2026")
    assert etf is not None
    expected = [
        c.ref
        for c in etf.commitments()
        if "tvet" in c.topics or "tvet" in concepts(c.text, corpus.lexicon)
    ]
    cell = matrix.cell("tvet", "etf-2026")
    assert cell is not None
    assert list(cell.refs) == expected and cell.count == len(expected) > 0
    for row in matrix.rows:
        for found in row.cells:
            assert sum(n for _, n in found.modalities) == found.count
            order = [MODALITIES.index(m) for m, _ in found.modalities]
            assert order == sorted(order)
    # The 2016 copy was written with weaker modalities than 2022's.
    weak, strong = matrix.cell("tvet", "hlm-2016"), matrix.cell("tvet", "hlm-2022")
    assert weak is not None and strong is not None
    assert weak.count == strong.count
    assert dict(weak.modalities) != dict(strong.modalities)
    assert "intend" not in dict(weak.modalities)


def test_confirmed_links_count_in_the_cells_of_both_ends(corpus: Corpus) -> None:
    a, b = "etf-2026/strengthen-vet-apprenticeships-wbl", "hlm-2022/promote-digital-green-tvet"
    matrix = corpus_matrix(corpus.agreements, corpus.lexicon, confirmed=[(a, b)])
    etf, hlm = matrix.cell("tvet", "etf-2026"), matrix.cell("tvet", "hlm-2022")
    assert etf is not None and hlm is not None
    assert etf.linked == (a,)
    assert hlm.linked == (b,)
    assert matrix.row("tvet") is not None and matrix.row("tvet").linked == 2  # type: ignore[union-attr]
    untouched = matrix.cell("tvet", "hlm-2019")
    assert untouched is not None and untouched.linked == ()


def test_drill_down_runs_by_date(corpus: Corpus) -> None:
    matrix = corpus_matrix(corpus.agreements, corpus.lexicon, confirmed=[])
    rows = drill_down(matrix, "apprenticeships")
    dates = [row.date for row in rows]
    assert dates == sorted(dates) and len({row.agreement_id for row in rows}) == 4
    only = drill_down(matrix, "apprenticeships", "etf-2026")
    assert {row.agreement_id for row in only} == {"etf-2026"}
    assert [row.ref for row in only] == list(matrix.cell("apprenticeships", "etf-2026").refs)  # type: ignore[union-attr]
    assert drill_down(matrix, "no-such-topic") == ()


def test_area_rows_and_the_topic_filter(corpus: Corpus) -> None:
    areas = corpus_matrix(corpus.agreements, corpus.lexicon, kind="areas")
    care = areas.row("care")
    assert care is not None
    assert [cell.count for cell in care.cells] == [12, 12, 12, 0]
    skills_only = corpus_matrix(corpus.agreements, corpus.lexicon, kind="areas", topic="skills")
    assert all(row.total > 0 for row in skills_only.rows)
    assert skills_only.row("fishing-maritime") is None
    one = corpus_matrix(corpus.agreements, corpus.lexicon, topic="youth")
    assert [row.key for row in one.rows] == ["youth"]
    assert resolve_topic(corpus.lexicon, "  labour-market DATA ") == "labour-market-data"
    assert resolve_topic(corpus.lexicon, "TVET") == "tvet"
    assert resolve_topic(corpus.lexicon, "nothing") is None


def test_changing_one_agreement_recomputes_only_its_pairs(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "agreements")
    corpus = load_corpus(folder).corpus
    n = len(corpus.agreements)
    seen: list[tuple[int, int]] = []
    cold = match_corpus(
        corpus.agreements, corpus.lexicon, progress=lambda done, total: seen.append((done, total))
    )
    assert cold.recomputed == cold.pair_count == n * (n - 1) // 2
    assert seen[-1] == (cold.pair_count, cold.pair_count)
    assert [done for done, _ in seen] == list(range(1, cold.pair_count + 1))
    warm = match_corpus(corpus.agreements, corpus.lexicon)
    assert warm.recomputed == 0
    # A comment is an edit too: the file's bytes are part of the key.
    path = folder / "hlm-2019.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed again\n", encoding="utf-8")
    edited = load_corpus(folder).corpus
    after = match_corpus(edited.agreements, edited.lexicon)
    assert after.recomputed == n - 1
    for other in ("hlm-2016", "hlm-2022", "etf-2026"):
        assert after.ranked("hlm-2019/reduce-neet", other) == cold.ranked(
            "hlm-2019/reduce-neet", other
        )


def test_rankings_are_the_pair_views(corpus: Corpus) -> None:
    found = match_corpus(corpus.agreements, corpus.lexicon)
    etf, hlm = corpus.agreement("etf-2026"), corpus.agreement("hlm-2022")
    assert etf is not None and hlm is not None
    pair = match_pair(etf, hlm, corpus.lexicon, use_cache=False)
    for commitment in etf.commitments():
        expected = [(m.other, m.score) for m in pair.forward[commitment.ref]]
        assert list(found.ranked(commitment.ref, "hlm-2022")) == expected
    for commitment in hlm.commitments():
        expected = [(m.other, m.score) for m in pair.backward[commitment.ref]]
        assert list(found.ranked(commitment.ref, "etf-2026")) == expected
    assert found.ranked("etf-2026/joint-policy-advice", "etf-2026") == ()
    assert found.ranked("nowhere/none", "etf-2026") == ()


def test_counterparts_across_the_corpus_are_explained_like_the_pair_view(
    corpus: Corpus,
) -> None:
    found = match_corpus(corpus.agreements, corpus.lexicon)
    commitment = corpus.commitment("etf-2026/strengthen-vet-apprenticeships-wbl")
    assert commitment is not None
    groups = counterparts_across(commitment, corpus.agreements, found, corpus.lexicon)
    assert {g.agreement_id for g in groups} == {"hlm-2016", "hlm-2019", "hlm-2022"}
    bests = [g.best for g in groups]
    assert bests == sorted(bests, reverse=True)
    etf = corpus.agreement("etf-2026")
    for group in groups:
        other = corpus.agreement(group.agreement_id)
        assert etf is not None and other is not None
        pair = match_pair(etf, other, corpus.lexicon, use_cache=False)
        assert group.matches == pair.forward[commitment.ref]
        assert [m.breakdown for m in group.matches] == [
            m.breakdown for m in pair.forward[commitment.ref]
        ]


def test_a_damaged_cache_entry_is_recomputed_not_trusted(corpus: Corpus) -> None:
    match_corpus(corpus.agreements, corpus.lexicon)
    entries = sorted(directory().glob("*.bin"))
    assert len(entries) == 6
    entries[0].write_bytes(entries[0].read_bytes()[:-9] + b"\x00" * 9)
    entries[1].write_bytes(entries[1].read_bytes()[:40])
    entries[2].write_bytes(b"not a cache entry")
    again = match_corpus(corpus.agreements, corpus.lexicon)
    assert again.recomputed == 3


def test_a_cancelled_run_stops_between_pairs(corpus: Corpus) -> None:
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(MatchingCancelled):
        match_corpus(corpus.agreements, corpus.lexicon, cancelled=cancelled)
    # The two pairs finished before the cancel are cached; the rest is not.
    assert match_corpus(corpus.agreements, corpus.lexicon).recomputed == 4


def test_only_the_pairs_of_one_agreement(corpus: Corpus) -> None:
    found = match_corpus(corpus.agreements, corpus.lexicon, involving="etf-2026")
    assert found.pair_count == 3
    assert all("etf-2026" in pair for pair in found.pairs)


def test_a_child_process_matches_the_uncached_pairs(corpus: Corpus) -> None:
    from compare.corpus_process import match_corpus_isolated, uncached_pairs

    assert uncached_pairs(corpus.agreements, corpus.lexicon) == 6
    seen: list[int] = []
    found = match_corpus_isolated(
        corpus.agreements,
        corpus.lexicon,
        progress=lambda done, _total: seen.append(done),
        min_pairs=1,
    )
    assert found.recomputed == 6 and seen == [1, 2, 3, 4, 5, 6]
    assert uncached_pairs(corpus.agreements, corpus.lexicon) == 0
    here = match_corpus(corpus.agreements, corpus.lexicon, use_cache=False)
    for ref in ("etf-2026/joint-policy-advice", "hlm-2016/reduce-neet"):
        for other in here.agreement_ids:
            assert found.ranked(ref, other) == here.ranked(ref, other)
    again = match_corpus_isolated(corpus.agreements, corpus.lexicon, min_pairs=1)
    assert again.recomputed == 0


def test_cancelling_stops_the_child(corpus: Corpus) -> None:
    from compare.corpus_process import match_corpus_isolated

    with pytest.raises(MatchingCancelled):
        match_corpus_isolated(
            corpus.agreements, corpus.lexicon, cancelled=lambda: True, min_pairs=1
        )


def test_children_share_the_uncached_pairs_and_the_parent_prunes(corpus: Corpus) -> None:
    from compare.corpus_process import match_corpus_isolated

    seen: list[tuple[int, int]] = []
    found = match_corpus_isolated(
        corpus.agreements,
        corpus.lexicon,
        progress=lambda done, total: seen.append((done, total)),
        min_pairs=1,
        children=2,
    )
    # Three pairs each; the bar counts both children's pairs against all six.
    assert found.recomputed == 6 and seen == [(n, 6) for n in range(1, 7)]
    here = match_corpus(corpus.agreements, corpus.lexicon, use_cache=False)
    for ref in ("etf-2026/joint-policy-advice", "hlm-2019/reduce-neet"):
        for other in here.agreement_ids:
            assert found.ranked(ref, other) == here.ranked(ref, other)
    folder = corpus.agreements[0].path.parent  # type: ignore[union-attr]
    path = folder / "hlm-2019.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = load_corpus(folder).corpus
    again = match_corpus_isolated(edited.agreements, edited.lexicon, min_pairs=1, children=2)
    assert again.recomputed == 3
    assert len(list(directory().glob("*.bin"))) == 6  # the three old entries went
