"""The corpus's topics file: one per corpus, read by the columns a screen draws, never trusted blindly.

Real agreement files, the real cache folder (the test's own XDG_CACHE_HOME).
What the cache gives is held against the topics named afresh with
`commitment_topics`; spies count how much work a matrix does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import corpus as corpus_module
from compare.corpus import CorpusMatrix, commitment_topics, corpus_matrix, forget_topics
from compare.corpus_cache import TABLE_SUFFIX, directory
from store.agreements.loader import load_corpus
from store.agreements.model import Corpus
from tests.support.corpus_data import write_corpus

EDITED_REF = "hlm-2019/harness-partnership-2030-agenda"
EDITED_TEXT = 'text = "Both organisations are strongly committed to build on and harness'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "agreements")


def _expected(corpus: Corpus) -> dict[tuple[str, str], list[str]]:
    """(topic, agreement id) -> the refs on it, named here without any cache."""
    found: dict[tuple[str, str], list[str]] = {}
    for agreement in corpus.agreements:
        for commitment in agreement.commitments():
            for topic in commitment_topics(commitment, corpus.lexicon):
                found.setdefault((topic, agreement.id), []).append(commitment.ref)
    return found


def _cells(matrix: CorpusMatrix) -> dict[tuple[str, str], list[str]]:
    return {
        (row.key, agreement.id): list(cell.refs)
        for row in matrix.rows
        for agreement, cell in zip(matrix.agreements, row.cells, strict=True)
        if cell.refs
    }


def _tables() -> list[Path]:
    return sorted(directory().glob(f"*{TABLE_SUFFIX}"))


class Spy:
    """Counts the calls of a function of compare.corpus, and still calls it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.calls = 0
        real = getattr(corpus_module, name)

        def counted(*args: object) -> object:
            self.calls += 1
            return real(*args)

        monkeypatch.setattr(corpus_module, name, counted)


def test_the_matrix_from_the_topics_file_is_the_matrix_named_afresh(folder: Path) -> None:
    corpus = load_corpus(folder).corpus
    expected = _expected(corpus)
    assert _cells(corpus_matrix(corpus.agreements, corpus.lexicon)) == expected
    assert len(_tables()) == 1
    forget_topics()
    again = load_corpus(folder).corpus
    assert _cells(corpus_matrix(again.agreements, again.lexicon)) == expected
    areas = corpus_matrix(again.agreements, again.lexicon, kind="areas")
    for row in areas.rows:
        for agreement, cell in zip(areas.agreements, row.cells, strict=True):
            area = agreement.area(row.key)
            assert list(cell.refs) == ([c.ref for c in area.commitments] if area else [])


def test_a_first_paint_digests_and_decodes_only_the_columns_it_draws(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus(folder).corpus
    _cells(corpus_matrix(corpus.agreements, corpus.lexicon))  # writes the topics file
    forget_topics()
    digests = Spy(monkeypatch, "topics_digest")
    named = Spy(monkeypatch, "commitment_topics")
    matrix = corpus_matrix(corpus.agreements, corpus.lexicon)
    assert digests.calls == 0 and named.calls == 0
    first = matrix.rows[0]
    assert first.cell(0).refs == tuple(_expected(corpus).get((first.key, "hlm-2016"), []))
    for row in matrix.rows:
        row.cell(0)
    assert digests.calls == 1 and named.calls == 0  # one column, from the file
    assert sum(row.total for row in matrix.rows) > 0
    assert digests.calls == len(corpus.agreements) and named.calls == 0


def test_editing_one_agreement_names_only_its_topics_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus(folder).corpus
    _cells(corpus_matrix(corpus.agreements, corpus.lexicon))
    [table] = _tables()
    path = folder / "hlm-2019.toml"
    # A comment changes no topic: the file still serves every agreement.
    path.write_text(path.read_text(encoding="utf-8") + "\n# read again\n", encoding="utf-8")
    forget_topics()
    named = Spy(monkeypatch, "commitment_topics")
    commented = load_corpus(folder).corpus
    assert _cells(corpus_matrix(commented.agreements, commented.lexicon)) == _expected(commented)
    assert named.calls == 0
    # A text edit: that agreement's topics are named again, the others' are read.
    text = path.read_text(encoding="utf-8")
    assert text.count(EDITED_TEXT) == 1
    path.write_text(
        text.replace(EDITED_TEXT, EDITED_TEXT.replace("harness", "expand apprenticeships in")),
        encoding="utf-8",
    )
    forget_topics()
    edited = load_corpus(folder).corpus
    cells = _cells(corpus_matrix(edited.agreements, edited.lexicon))
    hlm_2019 = edited.agreement("hlm-2019")
    assert hlm_2019 is not None
    assert named.calls == len(hlm_2019)
    expected = _expected(edited)
    assert cells == expected
    assert EDITED_REF in cells[("apprenticeships", "hlm-2019")]
    assert EDITED_REF.replace("2019", "2022") not in cells[("apprenticeships", "hlm-2022")]
    # The same file, rewritten for the edited corpus; the next open names nothing.
    assert _tables() == [table]
    forget_topics()
    counted = named.calls
    reopened = load_corpus(folder).corpus
    assert _cells(corpus_matrix(reopened.agreements, reopened.lexicon)) == expected
    assert named.calls == counted


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-9] + b"\x00" * 9,
        lambda data: data[:60],
        lambda data: data[:100] + bytes([data[100] ^ 0xFF]) + data[101:],
        lambda data: b"not a topics file",
        lambda data: b"",
    ],
    ids=["tail", "truncated", "one-byte", "foreign", "empty"],
)
def test_a_damaged_topics_file_is_named_again_not_trusted(folder: Path, damage: object) -> None:
    corpus = load_corpus(folder).corpus
    expected = _expected(corpus)
    _cells(corpus_matrix(corpus.agreements, corpus.lexicon))
    [table] = _tables()
    assert callable(damage)
    table.write_bytes(damage(table.read_bytes()))
    # The agreements' own topic files go too: everything is named from the text.
    for own in directory().glob("*.topics.json"):
        own.unlink()
    forget_topics()
    assert _cells(corpus_matrix(corpus.agreements, corpus.lexicon)) == expected
    forget_topics()
    assert _cells(corpus_matrix(corpus.agreements, corpus.lexicon)) == expected
