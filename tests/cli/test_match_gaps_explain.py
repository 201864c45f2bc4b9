"""`accord match`, `accord gaps` and `accord explain` through real subprocesses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rich.text import Text

from store.untrusted import csv_cell, terminal_text


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
    bests = [c["best"] for g in data["gaps"] for c in g["commitments"] if c["best"]]
    # A gap's closest match is below the counterpart threshold: weak or unlikely.
    assert bests and all(b["band"] in {"weak", "unlikely"} for b in bests)
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
    assert data["band"] in data["bands"] or data["band"] == "unlikely"


def test_explain_parts_add_up_to_the_score(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    refs = (
        "etf-2026/strengthen-vet-apprenticeships-wbl",
        "hlm-2022/individual-learning-accounts-micro-credentials",
    )
    as_json = run_accord("explain", *refs, "--format", "json", "--agreements", str(bundled_dir))
    data = json.loads(as_json.stdout)
    assert data["breakdown"]["words"] + data["breakdown"]["concepts"] == data["score"] or (
        abs(data["breakdown"]["words"] + data["breakdown"]["concepts"] - data["score"]) < 0.005
    )
    points = [entry[2] for entry in data["contributions"]]
    assert len(points) >= 2
    assert abs(sum(points) - data["score"]) < 0.005
    # The table: every shown part, in tenths, adds up exactly to the shown score.
    table = run_accord("explain", *refs, "--agreements", str(bundled_dir)).stdout
    lines = {line.split()[0]: line.split() for line in table.splitlines() if line.strip()}
    shown_score = lines["score"][1]
    assert lines["="][2] == shown_score
    words, concepts = float(lines["words"][1]), float(lines["concepts"][1])
    assert round((words + concepts) * 10) == round(float(shown_score) * 10)
    parts = [
        float(line.split()[1])
        for line in table.splitlines()
        if line.split()[:1] in (["word"], ["concept"])
    ]
    assert round(sum(parts) * 10) == round(float(shown_score) * 10)
    assert data["band"] in {"strong", "likely", "weak"}
    assert f"{data['band']} (" in table


def test_match_shows_bands(run_accord, bundled_dir: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_accord("match", "etf-2026", "hlm-2022", "--agreements", str(bundled_dir))
    assert "bands: strong" in done.stdout
    assert " likely " in done.stdout or " strong " in done.stdout
    as_json = json.loads(
        run_accord(
            "match", "etf-2026", "hlm-2022", "--format", "json", "--agreements", str(bundled_dir)
        ).stdout
    )
    assert set(as_json["bands"]) == {"strong", "likely", "weak"}
    for result in as_json["results"]:
        for match in result["matches"]:
            floors = [f for f in as_json["bands"].values() if match["score"] >= f]
            expected = (
                min(
                    (name for name, f in as_json["bands"].items() if match["score"] >= f),
                    key=lambda name: -as_json["bands"][name],
                )
                if floors
                else "unlikely"
            )
            assert match["band"] == expected


def test_untrusted_text_is_made_harmless() -> None:
    hostile = "[bold]x[/] \x1b]52;c;ZXZpbA==\x07 \u202eevil"
    rendered = terminal_text(hostile, single_line=True)
    assert isinstance(rendered, Text)
    assert "\x1b" not in rendered.plain and "\u202e" not in rendered.plain
    assert "[bold]x[/]" in rendered.plain  # shown as written, never parsed as markup
    assert csv_cell("=HYPERLINK(1)").startswith("'")
    assert "\x1b" not in csv_cell("a\x1bb")
