"""`accord match`, `accord gaps` and `accord explain` through real subprocesses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path


def test_match_json_contract(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord(
        "match",
        "etf-2026",
        "hlm-2022",
        "--format",
        "json",
        "--top",
        "3",
        "--agreements",
        str(bundled_dir),
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["a"], data["b"]) == ("etf-2026", "hlm-2022")
    results = {r["ref"]: r for r in data["results"]}
    assert len(results) == 11
    first = results["etf-2026/strengthen-vet-apprenticeships-wbl"]
    assert {"ref", "area", "text", "matches"} <= set(first)
    assert 1 <= len(first["matches"]) <= 3
    match = first["matches"][0]
    assert {"ref", "area", "text", "score", "shared", "concepts"} <= set(match)
    assert 0 <= match["score"] <= 100
    scores = [m["score"] for m in first["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_match_min_score_and_csv(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord(
        "match",
        "etf-2026",
        "hlm-2022",
        "--format",
        "csv",
        "--min-score",
        "30",
        "--agreements",
        str(bundled_dir),
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and all(float(r["score"]) >= 30 for r in rows)
    assert rows[0]["ref"].startswith("etf-2026/")


def test_match_table_fits_80_columns(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord("match", "hlm-2022", "etf-2026", "--agreements", str(bundled_dir))
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 80


def test_match_by_file_path(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord(
        "match",
        str(bundled_dir / "etf-2026.toml"),
        "hlm-2022",
        "--format",
        "json",
        "--agreements",
        str(bundled_dir),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["a"] == "etf-2026"


def test_errors_are_one_line(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord("match", "etf-2026", "nope", "--agreements", str(bundled_dir))
    assert done.returncode == 1
    assert done.stderr.startswith("accord: error: unknown agreement 'nope'")
    assert "Traceback" not in done.stderr
    done = run_accord(
        "match", "etf-2026", "hlm-2022", "--top", "0", "--agreements", str(bundled_dir)
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = run_accord(
        "explain", "etf-2026/nope", "hlm-2022/osh-global-advocacy", "--agreements", str(bundled_dir)
    )
    assert done.returncode == 1 and "unknown commitment" in done.stderr


def test_gaps_json_and_table(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord(
        "gaps", "hlm-2022", "etf-2026", "--format", "json", "--agreements", str(bundled_dir)
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    gap_refs = {c["ref"] for g in data["gaps"] for c in g["commitments"]}
    assert "hlm-2022/c188-stcw-f-ratification" in gap_refs
    assert any(g["area"] == "fishing-maritime" for g in data["gaps"])
    uncovered = {r for row in data["areas"] for r in row["uncovered"]}
    assert uncovered == gap_refs
    assert {"topic", "label", "covered", "uncovered"} <= set(data["topics"][0])
    table = run_accord("gaps", "hlm-2022", "etf-2026", "--agreements", str(bundled_dir))
    assert table.returncode == 0
    assert max(len(line) for line in table.stdout.splitlines()) <= 80


def test_explain_shows_both_texts_and_the_breakdown(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord(
        "explain",
        "etf-2026/strengthen-vet-apprenticeships-wbl",
        "hlm-2022/promote-digital-green-tvet",
        "--agreements",
        str(bundled_dir),
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "strengthen vocational education" in out
    assert "Promote digitalisation and greening of TVET" in out
    assert "vocational education = TVET (tvet)" in out
    assert "concepts" in out and "words" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    as_json = run_accord(
        "explain",
        "etf-2026/strengthen-vet-apprenticeships-wbl",
        "hlm-2022/promote-digital-green-tvet",
        "--format",
        "json",
        "--agreements",
        str(bundled_dir),
    )
    data = json.loads(as_json.stdout)
    assert "".join(t[0] for t in data["a_tokens"]).startswith("strengthen vocational")
    assert data["opcodes"]
