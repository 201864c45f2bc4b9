"""Loading a valid file computes no key positions; findings still get theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.agreements.loader import load_agreement, load_corpus, parse_toml_file
from store.agreements.model import Lexicon
from store.agreements.positions import index_toml, lazy_index

REPO = Path(__file__).resolve().parents[3]
BUNDLED = REPO / "agreements"
LEXICON: Lexicon = load_corpus(BUNDLED).corpus.lexicon


@pytest.mark.parametrize("name", ["etf-2026.toml", "hlm-2022.toml"])
def test_valid_file_loads_without_scanning_positions(name: str, tmp_path: Path) -> None:
    parsed = parse_toml_file(BUNDLED / name)
    assert parsed.data is not None
    agreement, findings = load_agreement(BUNDLED / name, LEXICON)
    assert agreement is not None and not findings
    # Building the agreement read table headers only.
    assert parsed.index._source is not None


@pytest.mark.parametrize("name", ["etf-2026.toml", "hlm-2022.toml"])
def test_header_lines_equal_the_full_scan(name: str) -> None:
    text = (BUNDLED / name).read_text(encoding="utf-8")
    full, lazy = index_toml(text), lazy_index(text)
    agreement, _ = load_agreement(BUNDLED / name)
    assert agreement is not None
    for a, area in enumerate(agreement.areas):
        paths = [
            ("areas", a),
            *(("areas", a, "commitments", c) for c in range(len(area.commitments))),
        ]
        for path in paths:
            found = full.table(path) or full.key(path)
            assert lazy.table_line(path) == (found.line if found else 0)
    assert lazy._source is not None  # still not scanned


def test_a_header_inside_a_multiline_string_is_text(tmp_path: Path) -> None:
    text = '[[areas]]\nid = "a"\ncontext = """\n[[areas]]\n"""\n[[areas]]\nid = "b"\n'
    lazy = lazy_index(text)
    assert lazy.table_line(("areas", 0)) == 1
    assert lazy.table_line(("areas", 1)) == 6


def test_a_finding_still_gets_its_position(tmp_path: Path) -> None:
    source = (BUNDLED / "etf-2026.toml").read_text(encoding="utf-8")
    broken = source.replace('modality = "will"', 'modality = "wil"', 1)
    path = tmp_path / "etf-2026.toml"
    path.write_text(broken, encoding="utf-8")
    _, findings = load_agreement(path, LEXICON)
    [finding] = [f for f in findings if f.severity == "error"]
    line = broken.split("\n").index('modality = "wil"') + 1
    assert finding.line == line
