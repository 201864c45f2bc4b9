"""`accord corpus` and `accord match REF --all` through real subprocesses."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from store.agreements.model import MODALITIES
from tests.support.cli import RunAccord
from tests.support.corpus_data import write_corpus


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "agreements")


def _link(run_accord: RunAccord, folder: Path, store: Path, a: str, b: str) -> None:
    done = run_accord("link", a, b, "--agreements", str(folder), "--store", str(store))
    assert done.returncode == 0, done.stderr


def test_corpus_json_contract(run_accord: RunAccord, folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "reviews.sqlite3"
    ref_a, ref_b = (
        "etf-2026/strengthen-vet-apprenticeships-wbl",
        "hlm-2022/promote-digital-green-tvet",
    )
    _link(run_accord, folder, store, ref_a, ref_b)
    done = run_accord(
        "corpus", "--format", "json", "--agreements", str(folder), "--store", str(store)
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"by", "topic", "modalities", "agreements", "rows"}
    assert data["by"] == "topics" and data["topic"] is None
    assert data["modalities"] == list(MODALITIES)
    agreements = data["agreements"]
    assert [a["id"] for a in agreements] == ["hlm-2016", "hlm-2019", "hlm-2022", "etf-2026"]
    for agreement in agreements:
        assert set(agreement) == {"id", "label", "date", "commitments"}
        assert isinstance(agreement["label"], str) and isinstance(agreement["commitments"], int)
    dates = [a["date"] for a in agreements]
    assert dates == sorted(dates)
    assert data["rows"]
    for row in data["rows"]:
        assert set(row) == {"key", "label", "total", "linked", "cells"}
        assert isinstance(row["key"], str) and isinstance(row["label"], str)
        assert [c["agreement"] for c in row["cells"]] == [a["id"] for a in agreements]
        for cell in row["cells"]:
            assert set(cell) == {"agreement", "count", "linked", "modalities", "refs"}
            assert isinstance(cell["count"], int) and isinstance(cell["linked"], int)
            assert cell["count"] == len(cell["refs"]) == sum(cell["modalities"].values())
            assert set(cell["modalities"]) <= set(MODALITIES)
            assert all(ref.startswith(cell["agreement"] + "/") for ref in cell["refs"])
        assert row["total"] == sum(c["count"] for c in row["cells"])
        assert row["linked"] == sum(c["linked"] for c in row["cells"])
    tvet = next(row for row in data["rows"] if row["key"] == "tvet")
    linked = {c["agreement"]: c["linked"] for c in tvet["cells"]}
    assert linked == {"hlm-2016": 0, "hlm-2019": 0, "hlm-2022": 1, "etf-2026": 1}


def test_corpus_table_fits_80_columns_and_never_splits_an_id(
    run_accord: RunAccord, tmp_path: Path
) -> None:
    folder = write_corpus(tmp_path / "agreements", extra=12)
    done = run_accord("corpus", "--agreements", str(folder))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    ids = ["etf-2026", "hlm-2016", "hlm-2019", "hlm-2022"] + [
        f"hlm-copy-{n:02d}" for n in range(12)
    ]
    headers = " ".join(line for line in lines if line.startswith("topic "))
    for agreement_id in ids:
        assert agreement_id in headers.split(), agreement_id
    # Every block repeats every topic row.
    blocks = sum(1 for line in lines if line.startswith("topic "))
    assert blocks >= 2
    assert sum(1 for line in lines if line.startswith("TVET ")) == blocks


def test_corpus_topic_lists_its_commitments_by_date(run_accord: RunAccord, folder: Path) -> None:
    done = run_accord("corpus", "--topic", "Apprenticeships", "--agreements", str(folder))
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    lines = [line.split() for line in done.stdout.splitlines() if line[:4].isdigit()]
    summary = [words[1] for words in lines if "/" not in words[1]]
    assert summary == ["hlm-2016", "hlm-2019", "hlm-2022", "etf-2026"]
    dated = [words[0] for words in lines if "/" in words[1]]
    assert dated == sorted(dated) and len(dated) > 4
    assert "etf-2026/strengthen-vet-apprenticeships-wbl" in done.stdout


def test_corpus_csv_has_a_line_per_cell(run_accord: RunAccord, folder: Path) -> None:
    done = run_accord("corpus", "--format", "csv", "--by", "areas", "--agreements", str(folder))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {row["by"] for row in rows} == {"areas"}
    care = [row for row in rows if row["key"] == "care"]
    assert [row["agreement"] for row in care] == ["hlm-2016", "hlm-2019", "hlm-2022", "etf-2026"]
    assert [row["count"] for row in care] == ["12", "12", "12", "0"]
    for row in rows:
        assert int(row["count"]) == sum(int(row[m]) for m in MODALITIES)


def test_corpus_errors_are_one_line(run_accord: RunAccord, folder: Path) -> None:
    done = run_accord("corpus", "--topic", "astrology", "--agreements", str(folder))
    assert done.returncode == 1
    assert done.stderr.startswith("accord: error: unknown topic 'astrology' (known: skills")
    assert "Traceback" not in done.stderr
    not_a_store = folder / "broken.sqlite3"
    not_a_store.write_text("this is not SQLite", encoding="utf-8")
    done = run_accord("corpus", "--agreements", str(folder), "--store", str(not_a_store))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not an Accord review store" in done.stderr


def test_match_all_json_ranks_every_other_agreement(run_accord: RunAccord, folder: Path) -> None:
    ref = "etf-2026/strengthen-vet-apprenticeships-wbl"
    done = run_accord("match", ref, "--all", "--format", "json", "--agreements", str(folder))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["ref"] == ref and data["agreements"] == 3
    assert {g["agreement"] for g in data["groups"]} == {"hlm-2016", "hlm-2019", "hlm-2022"}
    bests = [g["best"] for g in data["groups"]]
    assert bests == sorted(bests, reverse=True)
    pair = run_accord(
        "match", "etf-2026", "hlm-2022", "--format", "json", "--agreements", str(folder)
    )
    expected = next(r for r in json.loads(pair.stdout)["results"] if r["ref"] == ref)["matches"]
    group = next(g for g in data["groups"] if g["agreement"] == "hlm-2022")
    assert group["matches"] == expected


def test_match_all_table_and_usage_errors(run_accord: RunAccord, folder: Path) -> None:
    done = run_accord(
        "match", "hlm-2019/reduce-neet", "--all", "--top", "2", "--agreements", str(folder)
    )
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert "counterparts in 3 of 3 other agreements" in done.stdout
    # The same commitment in an earlier meeting ranks first, as a strong counterpart.
    first = done.stdout.split("hlm-2016  2016-06-01", 1)[1].split("\n")[1:3]
    assert first[0].strip().endswith("* reduce-neet") and first[1].split()[0] == "strong"
    usage: list[subprocess.CompletedProcess[str]] = [
        run_accord("match", "etf-2026", "--agreements", str(folder)),
        run_accord("match", "etf-2026", "hlm-2022", "--all", "--agreements", str(folder)),
    ]
    for result in usage:
        assert result.returncode == 2 and "Traceback" not in result.stderr
    unknown = run_accord("match", "etf-2026/nothing", "--all", "--agreements", str(folder))
    assert unknown.returncode == 1
    assert "unknown commitment 'etf-2026/nothing'" in unknown.stderr
