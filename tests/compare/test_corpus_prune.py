"""Stale corpus cache entries are deleted after a finished run, and nothing else is.

Real agreement files in a temporary folder, the real cache folder (the test's
own XDG_CACHE_HOME), real symlinks and directories where pruning must not go.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from compare.corpus import corpus_matrix, forget_topics
from compare.corpus_cache import MatchingCancelled, directory, match_corpus
from compare.lexicon import ConceptMapper
from compare.profile import Analysis, analyse_agreement
from store.agreements.loader import load_corpus
from store.agreements.model import Agreement, Corpus
from tests.support.corpus_data import write_corpus


def _edit(folder: Path, agreement_id: str, note: str = "edited") -> Corpus:
    """A comment appended: new bytes, so new cache keys for every pair of that agreement."""
    path = folder / f"{agreement_id}.toml"
    path.write_text(path.read_text(encoding="utf-8") + f"\n# {note}\n", encoding="utf-8")
    return load_corpus(folder).corpus


def _pairs() -> set[str]:
    return {path.name for path in directory().glob("*.bin")}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "agreements")


def test_an_edited_agreement_s_old_pairs_go_after_the_run_that_replaced_them(
    folder: Path,
) -> None:
    corpus = load_corpus(folder).corpus
    cold = match_corpus(corpus.agreements, corpus.lexicon)
    assert cold.recomputed == 6 and cold.pruned == 0
    before = _pairs()
    edited = _edit(folder, "hlm-2019")
    after = match_corpus(edited.agreements, edited.lexicon)
    assert after.recomputed == 3 and after.pruned == 3
    now = _pairs()
    assert len(now) == 6 and len(now & before) == 3
    # What is left is exactly what the corpus uses: a warm run reads it all.
    warm = match_corpus(edited.agreements, edited.lexicon)
    assert warm.recomputed == 0 and warm.pruned == 0 and _pairs() == now


def test_a_cancelled_run_deletes_nothing_and_the_next_finished_one_cleans_up(
    folder: Path,
) -> None:
    corpus = load_corpus(folder).corpus
    match_corpus(corpus.agreements, corpus.lexicon)
    before = _pairs()
    edited = _edit(folder, "hlm-2019")
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 4

    with pytest.raises(MatchingCancelled):
        match_corpus(edited.agreements, edited.lexicon, cancelled=cancelled)
    assert before <= _pairs()  # nothing of the old bytes deleted by an unfinished run
    # Edited again before the run finished: the first edit's entries were listed
    # before they were written, so they go too.
    again = _edit(folder, "hlm-2019", "edited twice")
    finished = match_corpus(again.agreements, again.lexicon)
    assert finished.recomputed == 3 and finished.pruned == 3 + 2
    assert len(_pairs()) == 6
    assert match_corpus(again.agreements, again.lexicon).recomputed == 0


def test_an_agreement_taken_out_of_the_folder_takes_its_pairs_along(folder: Path) -> None:
    corpus = load_corpus(folder).corpus
    match_corpus(corpus.agreements, corpus.lexicon)
    (folder / "etf-2026.toml").unlink()
    smaller = load_corpus(folder).corpus
    assert len(smaller.agreements) == 3
    found = match_corpus(smaller.agreements, smaller.lexicon)
    assert found.recomputed == 0 and found.pruned == 3 and len(_pairs()) == 3


def test_one_agreement_s_run_prunes_only_that_agreement_s_pairs(folder: Path) -> None:
    corpus = load_corpus(folder).corpus
    match_corpus(corpus.agreements, corpus.lexicon)
    edited = _edit(folder, "hlm-2019")
    one = match_corpus(edited.agreements, edited.lexicon, involving="etf-2026")
    # etf-2026 × hlm-2019 was replaced and its old entry went; hlm-2016 × hlm-2019
    # and hlm-2019 × hlm-2022 are stale too, but that run did not cover them.
    assert one.recomputed == 1 and one.pruned == 1 and len(_pairs()) == 6
    every = match_corpus(edited.agreements, edited.lexicon)
    assert every.recomputed == 2 and every.pruned == 2 and len(_pairs()) == 6


def test_another_folder_s_entries_are_kept(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "first")
    second = write_corpus(tmp_path / "second")
    for folder in (first, second):
        corpus = load_corpus(folder).corpus
        match_corpus(corpus.agreements, corpus.lexicon)
        corpus_matrix(corpus.agreements, corpus.lexicon).rows[0].cells  # noqa: B018
    topics = {path.name for path in directory().glob("*.topics.json")}
    assert len(topics) == 4  # the same texts in both folders: shared topic entries
    path = first / "hlm-2019.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("harness their partnership", "harness ties"),
        encoding="utf-8",
    )
    edited = load_corpus(first).corpus
    forget_topics()
    corpus_matrix(edited.agreements, edited.lexicon).rows[0].cells  # noqa: B018
    assert match_corpus(edited.agreements, edited.lexicon).pruned == 3
    # The second folder still lists the old hlm-2019 topics: they stay.
    assert topics < {path.name for path in directory().glob("*.topics.json")}
    untouched = load_corpus(second).corpus
    assert match_corpus(untouched.agreements, untouched.lexicon).recomputed == 0


def test_an_edited_text_s_old_topics_go(folder: Path) -> None:
    corpus = load_corpus(folder).corpus
    corpus_matrix(corpus.agreements, corpus.lexicon).rows[0].cells  # noqa: B018
    before = {path.name for path in directory().glob("*.topics.json")}
    tables = {path.name for path in directory().glob("*.corpus-topics")}
    assert len(before) == 4 and len(tables) == 1
    path = folder / "hlm-2019.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("harness their partnership", "harness ties"),
        encoding="utf-8",
    )
    forget_topics()
    edited = load_corpus(folder).corpus
    corpus_matrix(edited.agreements, edited.lexicon).rows[0].cells  # noqa: B018
    after = {path.name for path in directory().glob("*.topics.json")}
    assert len(after) == 4 and len(after & before) == 3
    assert {path.name for path in directory().glob("*.corpus-topics")} == tables
    # A new agreement: a new corpus table; the old one goes.
    shutil.copy(folder / "hlm-2019.toml", folder / "hlm-2020.toml")
    text = (folder / "hlm-2020.toml").read_text(encoding="utf-8")
    (folder / "hlm-2020.toml").write_text(
        text.replace('id = "hlm-2019"', 'id = "hlm-2020"', 1), encoding="utf-8"
    )
    forget_topics()
    grown = load_corpus(folder).corpus
    assert len(grown.agreements) == 5
    corpus_matrix(grown.agreements, grown.lexicon).rows[0].cells  # noqa: B018
    now = {path.name for path in directory().glob("*.corpus-topics")}
    assert len(now) == 1 and now != tables


def test_pruning_follows_no_symlink_and_leaves_other_files_alone(
    folder: Path, tmp_path: Path
) -> None:
    corpus = load_corpus(folder).corpus
    match_corpus(corpus.agreements, corpus.lexicon)
    cache = directory()
    old = sorted(_pairs())
    outside = tmp_path / "precious.bin"
    outside.write_bytes(b"not the cache's")
    # Which entries will go stale is not known by name; make every entry a trap.
    traps: dict[str, str] = {}
    for number, name in enumerate(old):
        entry = cache / name
        entry.unlink()
        if number % 2:
            entry.symlink_to(outside)
            traps[name] = "link"
        else:
            entry.mkdir()
            traps[name] = "directory"
    stray = cache / "notes.txt"
    stray.write_text("someone's file", encoding="utf-8")
    fresh_tmp = cache / ".tmp-fresh123"
    fresh_tmp.write_bytes(b"a write under way")
    old_tmp = cache / ".tmp-dead1234"
    old_tmp.write_bytes(b"a write that died")
    day_ago = os.stat(old_tmp).st_mtime - 2 * 24 * 3600
    os.utime(old_tmp, (day_ago, day_ago))
    edited = _edit(folder, "hlm-2019")
    found = match_corpus(edited.agreements, edited.lexicon)
    # Every pair was a trap, so none could be read: all recomputed, none of the traps deleted.
    assert found.recomputed == 6
    for name, kind in traps.items():
        entry = cache / name
        if kind == "link":
            assert entry.is_symlink()
        else:
            assert entry.is_dir()
    assert outside.read_bytes() == b"not the cache's"
    assert stray.read_text(encoding="utf-8") == "someone's file"
    assert fresh_tmp.exists() and not old_tmp.exists()


def test_a_linked_cache_folder_is_never_pruned(folder: Path, tmp_path: Path) -> None:
    cache = directory()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.symlink_to(elsewhere, target_is_directory=True)
    corpus = load_corpus(folder).corpus
    match_corpus(corpus.agreements, corpus.lexicon)
    edited = _edit(folder, "hlm-2019")
    found = match_corpus(edited.agreements, edited.lexicon)
    assert found.recomputed == 3 and found.pruned == 0
    assert len(list(elsewhere.glob("*.bin"))) == 9


def test_a_damaged_ledger_costs_a_leftover_never_an_error(folder: Path) -> None:
    corpus = load_corpus(folder).corpus
    match_corpus(corpus.agreements, corpus.lexicon)
    [ledger] = directory().glob("manifest-pairs-*.json")
    ledger.write_text('{"names": {"../../etc/passwd": ["x"], "[": 1}', encoding="utf-8")
    edited = _edit(folder, "hlm-2019")
    found = match_corpus(edited.agreements, edited.lexicon)
    assert found.recomputed == 3 and found.pruned == 0 and len(_pairs()) == 9
    # The ledger is whole again: the next edit's stale pairs go.
    again = _edit(folder, "hlm-2019", "again")
    assert match_corpus(again.agreements, again.lexicon).pruned == 3


def _analyses() -> set[str]:
    return {path.name for path in directory().glob("*.analyses.json")}


def test_a_recompute_reads_the_other_agreements_analyses_and_drops_the_edited_one_s_old(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus(folder).corpus
    cold = match_corpus(corpus.agreements, corpus.lexicon)
    assert len(_analyses()) == len(corpus.agreements)
    before = _analyses()
    edited = _edit(folder, "hlm-2019")
    analysed: list[str] = []
    real = analyse_agreement

    def counting(agreement: Agreement, concept_mapper: ConceptMapper) -> list[Analysis]:
        analysed.append(agreement.id)
        return real(agreement, concept_mapper)

    monkeypatch.setattr("compare.corpus_cache.analyse_agreement", counting)
    after = match_corpus(edited.agreements, edited.lexicon)
    # Only the edited agreement is analysed again; the others come from disk.
    assert analysed == ["hlm-2019"]
    assert after.pruned_analyses == 1
    assert len(_analyses()) == len(corpus.agreements) and len(_analyses() & before) == 3
    # Read back, an analysis ranks exactly as a fresh one: the untouched pairs agree.
    fresh = match_corpus(edited.agreements, edited.lexicon, use_cache=False)
    for key, ranking in fresh.pairs.items():
        kept = after.pairs[key]
        assert (ranking.forward == kept.forward).all()
        assert (ranking.forward_scores == kept.forward_scores).all()
    assert cold.recomputed == 6


def test_a_damaged_analyses_file_is_analysed_afresh(folder: Path) -> None:
    corpus = load_corpus(folder).corpus
    match_corpus(corpus.agreements, corpus.lexicon)
    for name in _analyses():
        (directory() / name).write_text('{"key": "x", "analyses": [[1, 2]]}', encoding="utf-8")
    edited = _edit(folder, "hlm-2019")
    again = match_corpus(edited.agreements, edited.lexicon)
    fresh = match_corpus(edited.agreements, edited.lexicon, use_cache=False)
    assert again.recomputed == 3
    for key, ranking in fresh.pairs.items():
        assert (ranking.forward_scores == again.pairs[key].forward_scores).all()
