"""One test per finding kind: the exact code, line and column a maintainer sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.lexicon import named_topics
from store.agreements.findings import Finding
from store.agreements.loader import load_agreement, load_corpus, load_lexicon
from store.agreements.model import Lexicon, Topic

LEXICON = Lexicon(
    topics=(
        Topic("skills", "Skills", terms=("skills",)),
        Topic("tvet", "TVET", terms=("vocational education",), abbreviations=("TVET",)),
        Topic("apprenticeships", "Apprenticeships", terms=("apprenticeship",)),
    )
)

# Line numbers matter below: keep this template's layout stable.
VALID = """\
#:schema ./agreement.schema.json
id = "sample"
title = "A sample agreement"
date = 2022-07-05

[[parties]]
id = "ilo"
name = "International Labour Organization"

[[parties]]
id = "ec"
name = "European Commission"

[[areas]]
id = "skills"
title = "Skills"
context = "Some context."

[[areas.commitments]]
id = "promote-skills"
text = "Promote skills development."
actors = ["ilo", "ec"]
modality = "intend"
topics = ["skills"]

[[areas.commitments]]
id = "share-tools"
text = "Share tools and practices."
actors = ["ec"]
modality = "explore"
"""


def findings_for(tmp_path: Path, text: str | bytes, name: str = "sample.toml") -> list[Finding]:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    _, findings = load_agreement(path, LEXICON)
    return findings


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, [f.headline() for f in findings]
    return matching[0]


def test_the_template_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "sample.toml"
    path.write_text(VALID, encoding="utf-8")
    agreement, findings = load_agreement(path, LEXICON)
    assert findings == []
    assert agreement is not None
    assert [c.ref for c in agreement.commitments()] == [
        "sample/promote-skills",
        "sample/share-tools",
    ]


def test_syntax_error_position_comes_from_tomli(tmp_path: Path) -> None:
    text = VALID.replace('modality = "explore"', 'modality = "explore')
    finding = only(findings_for(tmp_path, text), "E001")
    assert (finding.line, finding.col) == (30, 20)
    assert "hint" not in finding.message and finding.hint


def test_unclosed_array_is_reported_with_a_hint(tmp_path: Path) -> None:
    text = VALID.replace('topics = ["skills"]', 'topics = ["skills"')
    finding = only(findings_for(tmp_path, text), "E001")
    # tomli reports it at the next table header; the maintainer needs the array's own line.
    assert (finding.line, finding.col) == (24, 10)
    assert finding.hint is not None and "line 26" in finding.hint


def test_byte_order_mark_is_named(tmp_path: Path) -> None:
    findings = findings_for(tmp_path, b"\xef\xbb\xbf" + VALID.encode())
    finding = only(findings, "E002")
    assert (finding.line, finding.col) == (1, 1)
    assert "byte-order mark" in finding.message
    # The rest of the file is still checked, and is fine.
    assert [f.code for f in findings] == ["E002"]


def test_not_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    raw = VALID.replace("Some context.", "Caf\xe9 context.").encode("latin-1")
    finding = only(findings_for(tmp_path, raw), "E003")
    assert (finding.line, finding.col) == (17, 15)
    assert "0xE9" in finding.message


def test_unreadable_file(tmp_path: Path) -> None:
    _, findings = load_agreement(tmp_path / "missing.toml", LEXICON)
    assert [f.code for f in findings] == ["E004"]


def test_missing_id_points_at_the_table_header(tmp_path: Path) -> None:
    text = VALID.replace('id = "share-tools"\n', "")
    finding = only(findings_for(tmp_path, text), "E101")
    assert (finding.line, finding.col) == (26, 1)
    assert "'id'" in finding.message


def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    text = VALID.replace('id = "share-tools"', 'id = "promote-skills"')
    finding = only(findings_for(tmp_path, text), "E102")
    assert (finding.line, finding.col) == (27, 6)
    assert "line 20" in finding.message
    assert finding.related == ((20, 6),)


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = VALID.replace('text = "Share tools', 'txt = "Share tools')
    findings = findings_for(tmp_path, text)
    finding = only(findings, "E103")
    assert (finding.line, finding.col) == (28, 1)
    assert finding.hint == "did you mean 'text'?"
    # The same mistake also leaves the commitment without its text.
    assert only(findings, "E101").line == 26


def test_unknown_topic_suggests_the_right_one(tmp_path: Path) -> None:
    text = VALID.replace('topics = ["skills"]', 'topics = ["tvet", "skils"]')
    finding = only(findings_for(tmp_path, text), "E109")
    assert (finding.line, finding.col) == (24, 19)
    assert finding.hint is not None and "did you mean 'skills'" in finding.hint


def test_whitespace_only_text(tmp_path: Path) -> None:
    text = VALID.replace('"Share tools and practices."', '"   "')
    finding = only(findings_for(tmp_path, text), "E105")
    assert (finding.line, finding.col) == (28, 8)


def test_wrong_type(tmp_path: Path) -> None:
    text = VALID.replace('actors = ["ec"]', 'actors = "ec"')
    finding = only(findings_for(tmp_path, text), "E104")
    assert (finding.line, finding.col) == (29, 10)
    assert "array" in finding.message


def test_id_that_is_not_kebab_case(tmp_path: Path) -> None:
    text = VALID.replace('id = "share-tools"', 'id = "Share Tools"')
    finding = only(findings_for(tmp_path, text), "E106")
    assert (finding.line, finding.col) == (27, 6)
    assert finding.hint is not None and "share-tools" in finding.hint


@pytest.mark.parametrize(
    ("value", "hint_part"),
    [('"2022-07-05"', "remove the quotes"), ('"5 July"', "YYYY-MM-DD"), ("1", "YYYY-MM-DD")],
)
def test_a_date_that_is_not_a_date(tmp_path: Path, value: str, hint_part: str) -> None:
    text = VALID.replace("date = 2022-07-05", f"date = {value}")
    finding = only(findings_for(tmp_path, text), "E107")
    assert (finding.line, finding.col) == (4, 8)
    assert finding.hint is not None
    assert hint_part in finding.hint or "without quotes" in finding.hint


@pytest.mark.parametrize("escape", ["\\u001b[31m", "\\u202e", "\\u0085", "\\u2066"])
def test_control_character_or_bidi_override(tmp_path: Path, escape: str) -> None:
    text = VALID.replace('"Share tools and practices."', f'"Share tools{escape} and practices."')
    finding = only(findings_for(tmp_path, text), "E108")
    assert (finding.line, finding.col) == (28, 8)
    assert "U+" in finding.message


def test_unknown_party(tmp_path: Path) -> None:
    text = VALID.replace('actors = ["ec"]', 'actors = ["ecc"]')
    finding = only(findings_for(tmp_path, text), "E110")
    assert (finding.line, finding.col) == (29, 11)
    assert finding.hint is not None and "did you mean 'ec'" in finding.hint


def test_unknown_modality(tmp_path: Path) -> None:
    text = VALID.replace('modality = "explore"', 'modality = "explores"')
    finding = only(findings_for(tmp_path, text), "E111")
    assert (finding.line, finding.col) == (30, 12)
    assert finding.hint is not None and "did you mean 'explore'" in finding.hint


def test_warning_for_a_named_term_whose_topic_is_missing(tmp_path: Path) -> None:
    text = VALID.replace('"Share tools and practices."', '"Share TVET tools and apprenticeships."')
    path = tmp_path / "sample.toml"
    path.write_text(text, encoding="utf-8")
    # The store asks the one term finder, the matcher's; without one it does not ask.
    assert load_agreement(path, LEXICON)[1] == []
    agreement, findings = load_agreement(path, LEXICON, term_finder=named_topics)
    assert agreement is not None, "warnings never stop a file from loading"
    assert sorted((f.code, f.line, f.col) for f in findings) == [("W201", 28, 8), ("W201", 28, 8)]
    assert {f.message.split("lack ")[1] for f in findings} == {"'tvet'", "'apprenticeships'"}


def test_abbreviations_are_case_sensitive(tmp_path: Path) -> None:
    text = VALID.replace('"Share tools and practices."', '"Share tools with the vet."')
    assert findings_for(tmp_path, text) == []


def test_every_problem_is_found_in_one_run(tmp_path: Path) -> None:
    text = (
        VALID.replace("date = 2022-07-05", 'date = "soon"')
        .replace('actors = ["ec"]', 'actors = ["ecc"]')
        .replace('modality = "intend"', 'modality = "hope"')
    )
    codes = sorted(f.code for f in findings_for(tmp_path, text))
    assert codes == ["E107", "E110", "E111"]


def test_duplicate_agreement_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "one.toml").write_text(VALID, encoding="utf-8")
    (tmp_path / "two.toml").write_text(VALID, encoding="utf-8")
    result = load_corpus(tmp_path)
    assert [a.id for a in result.corpus.agreements] == ["sample"]
    finding = only(result.findings, "E102")
    assert finding.path.name == "two.toml"
    assert (finding.line, finding.col) == (2, 6)


def test_lexicon_findings(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(
        '[topics.skills]\nlabel = "Skills"\nterms = ["skills", 3]\n\n'
        '[topics.TVET]\nlabel = "TVET"\nsynonym = ["vet"]\n',
        encoding="utf-8",
    )
    lexicon, findings = load_lexicon(path)
    assert lexicon is None
    assert sorted((f.code, f.line, f.col) for f in findings) == [
        ("E103", 7, 1),
        ("E104", 3, 20),
        ("E106", 5, 1),
    ]
    hint = next(f.hint for f in findings if f.code == "E103")
    assert hint == "did you mean 'synonyms'?"


def test_rendered_finding_has_ruff_shape(tmp_path: Path) -> None:
    text = VALID.replace('text = "Share tools', 'txt = "Share tools')
    finding = only(findings_for(tmp_path, text), "E103")
    rendered = finding.render().splitlines()
    assert (
        rendered[0]
        == f"{tmp_path / 'sample.toml'}:28:1: error[E103]: unknown key 'txt' in commitment"
    )
    assert rendered[2].startswith("28 | txt = ")
    assert rendered[3].endswith("| ^^^")
    assert rendered[4] == "  = hint: did you mean 'text'?"


def test_missing_top_level_key_points_at_the_first_key_not_the_schema_comment(
    tmp_path: Path,
) -> None:
    text = VALID.replace('title = "A sample agreement"\n', "")
    finding = only(findings_for(tmp_path, text), "E101")
    assert (finding.line, finding.col) == (2, 1)
    assert "'title'" in finding.message
