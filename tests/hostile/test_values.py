"""Class 5: values that are not values (nan, inf, 1e400, out of range, undecodable
bytes) are refused where they enter, with the file and line; nothing is stored."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from store.agreements.loader import load_corpus
from store.review.errors import StoreError
from store.review.store import ReviewStore
from tests.support.hostile import (
    REF_A,
    REF_B,
    assert_clean,
    copy_agreements,
    count,
    one_error_line,
    run_in_process,
    run_subprocess,
)


@pytest.mark.parametrize("score", ["inf", "nan", "1e400", "-inf", "-1", "100.5", "ten"])
def test_link_score_must_be_a_finite_number_from_0_to_100(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], score: str
) -> None:
    store = tmp_path / "reviews.sqlite3"
    # `--score=X`: argparse would take a bare "-inf" for an option.
    run = run_in_process(capsys, "--store", str(store), "link", REF_A, REF_B, f"--score={score}")
    assert run.code == 2
    assert_clean(run)
    assert "--score" in run.err and repr(score) in run.err
    assert not store.exists()


def test_a_finite_score_is_recorded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "reviews.sqlite3"
    run = run_in_process(capsys, "--store", str(store), "link", REF_A, REF_B, "--score", "87.5")
    assert run.code == 0, run.err
    exported = run_in_process(capsys, "--store", str(store), "export", "--format", "json")
    assert json.loads(exported.out)["links"][0]["score"] == 87.5


@pytest.mark.parametrize("value", ["nan", "inf", "-3"])
def test_min_score_must_be_finite(capsys: pytest.CaptureFixture[str], value: str) -> None:
    run = run_in_process(capsys, "match", "etf-2026", "hlm-2022", f"--min-score={value}")
    assert run.code == 2
    assert_clean(run)
    assert "--min-score" in run.err


def test_the_store_refuses_a_non_finite_score(tmp_path: Path) -> None:
    corpus = load_corpus(copy_agreements(tmp_path / "agreements")).corpus
    with ReviewStore.open(tmp_path / "r.sqlite3", "alice", corpus=corpus) as store:
        for score in (math.nan, math.inf, -0.5, 1e400):
            with pytest.raises(StoreError, match="finite number from 0 to 100"):
                store.set_link(REF_A, REF_B, status="confirmed", score=score)
        assert store.links() == []


@pytest.mark.parametrize("literal", ["inf", "nan", "1e400", "-inf", "250.0", "1" + "0" * 400])
def test_imported_score_that_is_not_a_value_is_rejected_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], literal: str
) -> None:
    store = tmp_path / "reviews.sqlite3"
    assert run_in_process(capsys, "--store", str(store), "link", REF_A, REF_B).code == 0
    review = tmp_path / "review.toml"
    exported = run_in_process(
        capsys, "--store", str(store), "export", "--format", "toml", "-o", str(review)
    )
    assert exported.code == 0
    lines = review.read_text(encoding="utf-8").split("\n")
    status_line = next(i for i, line in enumerate(lines) if line.startswith("status = "))
    lines.insert(status_line + 1, f"score = {literal}")
    review.write_text("\n".join(lines), encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    run = run_in_process(capsys, "--store", str(other), "import", str(review))
    assert run.code == 1
    assert_clean(run)
    assert f"review.toml:{status_line + 2}:" in run.err
    assert "finite number from 0 to 100" in run.err
    assert count(other, "links") == 0


@pytest.mark.parametrize("weight", ["nan", "-1e308", "inf", "1e400", "-1", "9" * 400])
def test_lexicon_weight_that_is_not_a_value_is_a_finding_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], weight: str
) -> None:
    agreements = copy_agreements(tmp_path / "agreements")
    lexicon = agreements / "lexicon.toml"
    lines = lexicon.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("weight = "))
    lines[number] = f"weight = {weight}"
    lexicon.write_text("\n".join(lines), encoding="utf-8")
    run = run_in_process(capsys, "check", "--agreements", str(agreements))
    assert run.code == 1
    assert_clean(run)
    assert f"lexicon.toml:{number + 1}:10: error[E104]" in run.out
    assert "'weight' must be a finite number from 0 to 1000" in run.out


def test_json_export_of_an_old_infinite_score_stays_valid_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "reviews.sqlite3"
    assert run_in_process(capsys, "--store", str(store), "link", REF_A, REF_B).code == 0
    conn = sqlite3.connect(store)
    conn.execute("UPDATE links SET score = 9e999")  # what an older Accord let through
    conn.commit()
    conn.close()
    run = run_in_process(capsys, "--store", str(store), "export", "--format", "json")
    assert run.code == 0, run.err

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    assert json.loads(run.out, parse_constant=refuse)["links"][0]["score"] is None


@pytest.mark.parametrize("where", ["--note", "--reviewer", "TEXT"])
def test_undecodable_bytes_in_arguments_are_refused_clearly(tmp_path: Path, where: str) -> None:
    store = tmp_path / "reviews.sqlite3"
    bad = b"caf\xe9 \xff"
    if where == "--note":
        args: list[str | bytes] = ["--store", str(store), "link", REF_A, REF_B, "--note", bad]
    elif where == "--reviewer":
        args = ["--store", str(store), "--reviewer", bad, "note", REF_A, "hello"]
    else:
        args = ["--store", str(store), "note", REF_A, bad]
    run = run_subprocess(args, cwd=tmp_path)
    assert run.code == 2, run.both
    assert_clean(run)
    assert "byte 0xE9 at character 4 is not UTF-8" in run.err
    assert "UnicodeEncodeError" not in run.err
    assert not store.exists()


def test_undecodable_note_on_stdin_is_refused_with_its_line(tmp_path: Path) -> None:
    store = tmp_path / "reviews.sqlite3"
    run = run_subprocess(
        ["--store", str(store), "note", REF_A, "-"], cwd=tmp_path, stdin=b"fine\ncaf\xe9\n"
    )
    assert run.code == 1, run.both
    assert_clean(run)
    assert "byte 0xE9 on line 2" in one_error_line(run)
    assert not store.exists()
