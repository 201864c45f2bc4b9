"""Class 2: no byte from an agreement, a file name, a note or an imported file reaches
the terminal raw: every line any command prints is neutralised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.hostile import (
    HOSTILE,
    REF_A,
    REF_B,
    assert_clean,
    copy_agreements,
    one_error_line,
    run_in_process,
    run_subprocess,
)


def _plant_in_source(agreements: Path) -> Path:
    """Raw hostile bytes in a comment (a syntax error) of one file and a string of another."""
    etf = agreements / "etf-2026.toml"
    text = etf.read_text(encoding="utf-8")
    etf.write_text(text.replace("\n", f"  # {HOSTILE}\n", 1), encoding="utf-8")
    hlm = agreements / "hlm-2022.toml"
    text = hlm.read_text(encoding="utf-8")
    # A raw C1 CSI and a bidi override inside a string: valid TOML, refused by E108.
    hlm.write_text(text.replace('title = "', 'title = "\x9b31m\u202e', 1), encoding="utf-8")
    return agreements


def test_check_echoes_source_lines_neutralised(tmp_path: Path) -> None:
    agreements = _plant_in_source(copy_agreements(tmp_path / "agreements"))
    run = run_subprocess(["check", "--agreements", str(agreements)], cwd=tmp_path)
    assert run.code == 1
    assert_clean(run)
    # Marked where it was, not silently dropped.
    assert "␛]52;c;aGk=␇" in run.out
    assert "<U+009B>31m<U+202E>" in run.out
    assert "etf-2026.toml:1:" in run.out and "hlm-2022.toml:" in run.out


def test_check_json_output_is_neutralised_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreements = _plant_in_source(copy_agreements(tmp_path / "agreements"))
    run = run_in_process(capsys, "check", "--agreements", str(agreements), "--format", "json")
    assert run.code == 1
    assert_clean(run)
    assert json.loads(run.out)["errors"] >= 2


def test_hostile_file_name_is_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreements = copy_agreements(tmp_path / "agreements")
    (agreements / "x\x1b]0;pwned\x07\u202e.toml").write_text("id = [\n", encoding="utf-8")
    run = run_in_process(capsys, "check", "--agreements", str(agreements))
    assert run.code == 1
    assert_clean(run)
    assert "x␛]0;pwned␇<U+202E>.toml" in run.out
    # Every other command warns about the skipped file on stderr: neutralised as well.
    listed = run_in_process(capsys, "list", "--agreements", str(agreements))
    assert listed.code == 0
    assert_clean(listed)
    assert "x␛]0;pwned␇<U+202E>.toml" in listed.err


def test_imported_refs_and_file_names_are_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = tmp_path / "review\x1b]52;c;aGk=\x07.toml"
    review.write_text(
        'format = "accord-review"\nversion = 1\n\n[[links]]\n'
        'a = "etf-2026/x\\u001b]0;pwned\\u0007"\nb = "not a ref \\u009b31m"\n'
        'status = "nonsense\\u001b[2J"\n',
        encoding="utf-8",
    )
    store = tmp_path / "reviews.sqlite3"
    run = run_in_process(capsys, "--store", str(store), "import", str(review))
    assert run.code == 1
    assert_clean(run)
    assert "review␛]52;c;aGk=␇.toml:6:5:" in run.err
    assert "unknown status" in run.err


def test_zero_width_and_invisible_characters_are_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreements = copy_agreements(tmp_path / "agreements")
    etf = agreements / "etf-2026.toml"
    text = etf.read_text(encoding="utf-8")
    # Zero-width space, word joiner, soft hyphen, a tag character: valid agreement text.
    planted = "improve\\u200b skills\\u2060 and\\u00ad labour\\U000e0041 market data"
    etf.write_text(
        text.replace("improve skills and labour market data", planted, 1), encoding="utf-8"
    )
    for fmt in ("table", "json"):
        run = run_in_process(capsys, "list", "--agreements", str(agreements), "--format", fmt)
        assert run.code == 0, run.err
        assert_clean(run)
        # The table folds text into columns; every mark is there, whole.
        for mark in ("<U+200B>", "<U+2060>", "<U+00AD>", "<U+E0041>"):
            assert mark in run.out, fmt
    assert "improve<U+200B> skills<U+2060> and<U+00AD> labour<U+E0041>" in json.dumps(
        json.loads(run.out), ensure_ascii=False
    )


def test_notes_and_reviewer_names_are_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "reviews.sqlite3")
    added = run_in_process(
        capsys, "--store", store, "--reviewer", f"eve{HOSTILE}", "note", REF_A, HOSTILE
    )
    assert added.code == 0, added.err
    assert_clean(added)
    linked = run_in_process(
        capsys, "--store", store, "link", REF_A, REF_B, "--note", HOSTILE, "--tag", "aligned"
    )
    assert linked.code == 0, linked.err
    assert_clean(linked)
    listed = run_in_process(capsys, "--store", store, "note", REF_A)
    assert listed.code == 0
    assert_clean(listed)
    assert "␛]0;pwned␇" in listed.out and "<U+200B>" in listed.out
    for fmt in ("md", "csv", "json", "toml"):
        exported = run_in_process(capsys, "--store", store, "export", "--format", fmt)
        assert exported.code == 0, exported.err
        assert_clean(exported)


def test_usage_errors_echo_arguments_neutralised(capsys: pytest.CaptureFixture[str]) -> None:
    # No space in it: argparse takes an argument with a space for a positional.
    run = run_in_process(capsys, "list", "--bogus\x1b]0;pwned\x07\x9b2J")
    assert run.code == 2
    assert_clean(run)
    assert "␛]0;pwned␇" in run.err
    unknown = run_in_process(capsys, "explain", REF_A, f"etf-2026/{HOSTILE}")
    assert unknown.code != 0
    assert_clean(unknown)
    assert one_error_line(unknown)
