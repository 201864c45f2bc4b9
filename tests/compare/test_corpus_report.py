"""The corpus section of the Markdown report: its shape, and hostile text kept inert."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from compare.corpus import corpus_matrix, drill_down
from compare.corpus_report import corpus_markdown
from store.agreements.loader import load_corpus
from store.agreements.model import Agreement, Corpus

PIECES = [
    *list("#*_`|<>[]()!-+=:~$&^@\\ .1\t\n"), "\x1b", "\u202e", "\x9b", "```", "<script>",
    "</div>", "    ", "1. ", "> ", "---", "| a | b |", "&#x1b;", "[x](javascript:alert(1))",
    "![i](y)", "<!--", "word",
]  # fmt: skip
hostile = st.lists(st.sampled_from(PIECES), min_size=1, max_size=20).map("".join)


def _tokens(markdown: str) -> list[Token]:
    flat: list[Token] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            flat.append(token)
            walk(token.children or [])

    walk(MarkdownIt("gfm-like").parse(markdown))
    return flat


def _count(markdown: str, kind: str) -> int:
    return sum(1 for token in _tokens(markdown) if token.type == kind)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    from tests.support.corpus_data import write_corpus

    return load_corpus(write_corpus(tmp_path_factory.mktemp("c") / "agreements")).corpus


def test_the_section_has_the_matrix_in_blocks_and_the_drill_down_by_date(
    corpus: Corpus,
) -> None:
    confirmed = [
        ("etf-2026/strengthen-vet-apprenticeships-wbl", "hlm-2022/promote-digital-green-tvet")
    ]
    matrix = corpus_matrix(corpus.agreements, corpus.lexicon, confirmed=confirmed)
    text = corpus_markdown(matrix, columns=3)
    assert text.startswith("## Corpus: topics × agreements\n")
    assert "| Topic | hlm-2016 | hlm-2019 | hlm-2022 |" in text
    assert "| Topic | etf-2026 |" in text
    assert "| TVET | 4 | 4 | 4 ✓1 |" in text and "| TVET | 4 ✓1 |" in text
    # Two matrix blocks, then one drill-down table per topic somebody states.
    stated = [row for row in matrix.rows if row.total]
    assert _count(text, "table_open") == 2 + len(stated)
    assert _count(text, "heading_open") == 1 + len(stated)
    section = text.split("### TVET\n", 1)[1].split("\n### ", 1)[0]
    dates = [line.split(" | ")[0].lstrip("| ") for line in section.splitlines() if line[2:3] == "2"]
    assert dates == sorted(dates) and len(dates) == len(drill_down(matrix, "tvet"))
    assert "| etf-2026/strengthen-vet-apprenticeships-wbl | will | ✓ |" in section


def test_no_agreements_is_said_plainly(corpus: Corpus) -> None:
    text = corpus_markdown(corpus_matrix((), corpus.lexicon))
    assert "No agreements." in text and "|" not in text


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(label=hostile, title=hostile, text=hostile)
def test_hostile_text_cannot_change_the_structure(
    corpus: Corpus, label: str, title: str, text: str
) -> None:
    etf = corpus.agreement("etf-2026")
    assert etf is not None
    first_area = etf.areas[0]
    commitment = dataclasses.replace(first_area.commitments[0], text=text + " TVET")
    area = dataclasses.replace(
        first_area, title=title, commitments=(commitment, *first_area.commitments[1:])
    )
    changed: Agreement = dataclasses.replace(etf, short_title=label, areas=(area, *etf.areas[1:]))
    # Two agreements keep each example quick; blocks of one column give two matrix tables.
    hlm = corpus.agreement("hlm-2022")
    assert hlm is not None
    agreements = [changed, dataclasses.replace(hlm, areas=hlm.areas[-1:])]
    for kind in ("topics", "areas"):
        matrix = corpus_matrix(agreements, corpus.lexicon, kind=kind)  # type: ignore[arg-type]
        markdown = corpus_markdown(matrix, columns=1)
        stated = [row for row in matrix.rows if row.total]
        assert _count(markdown, "table_open") == 2 + len(stated)
        assert _count(markdown, "heading_open") == 1 + len(stated)
        rows = 1 + len(matrix.rows)  # header + one per row, in each block
        assert _count(markdown, "tr_open") == 2 * rows + sum(
            1 + len(drill_down(matrix, row.key)) for row in stated
        )
        drilled = sum(len(drill_down(matrix, row.key)) for row in stated)
        assert _count(markdown, "td_open") == 2 * 2 * len(matrix.rows) + 5 * drilled
        html = MarkdownIt("gfm-like").render(markdown)
        assert "<script" not in html and "<a " not in html and "<img" not in html
        for char in ("\x1b", "\u202e", "\x9b"):
            assert char not in markdown
