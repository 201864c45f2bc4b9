"""`accord link`, `note`, `export`, `import` through the real command line, in subprocesses."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import tomli

A, B = "alpha/improve-data", "beta/better-data"


@pytest.fixture
def opts(tmp_path: Path, agreements_dir: Path) -> list[str]:
    return [
        "--store",
        str(tmp_path / "cli" / "reviews.sqlite3"),
        "--agreements",
        str(agreements_dir),
    ]


def test_link_and_note_are_durable_on_exit_0(
    run_accord_process, opts: list[str], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    done = run_accord_process("link", A, B, "--tag", "partial-overlap", "--note", "same aim", *opts)
    assert done.returncode == 0, done.stderr
    assert "confirmed" in done.stdout and "Partial overlap" in done.stdout
    done = run_accord_process("note", A, "-", *opts, input="from stdin\n")
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(tmp_path / "cli" / "reviews.sqlite3")
    # `accord link` pairs by hand: the link's origin is manual, and the export says so.
    assert conn.execute("SELECT status, tag, origin FROM links").fetchall() == [
        ("confirmed", "partial-overlap", "manual")
    ]
    assert sorted(r[0] for r in conn.execute("SELECT text FROM notes")) == [
        "from stdin",
        "same aim",
    ]
    conn.close()
    listed = run_accord_process("note", A, *opts)
    assert listed.returncode == 0 and "from stdin" in listed.stdout
    exported = run_accord_process("export", "--format", "md", *opts)
    assert exported.returncode == 0 and "linked by hand" in exported.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["link", A, "beta/nope"], "unknown commitment 'beta/nope'"),
        (["link", A, B, "--tag", "similar"], "unknown tag 'similar'"),
        (["link", A, B, "--status", "maybe"], "unknown status 'maybe'"),
        (["note", "nope", "text"], "unknown commitment 'nope'"),
        (["note", A, ""], "the note is empty"),
        (["export", "--pair", "alpha", "gamma"], "unknown agreement 'gamma'"),
        (["export", "--status", "maybe"], "unknown status 'maybe'"),
    ],
)
def test_user_errors_exit_1_with_a_message(
    run_accord, opts: list[str], args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    done = run_accord(*args, *opts)
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr


def test_export_formats_and_the_agreements_filter(
    run_accord, opts: list[str], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    run_accord("link", A, B, "--tag", "aligned", *opts)
    run_accord("link", "alpha/youth", "beta/young", "--status", "rejected", *opts)
    md = run_accord("export", "--format", "md", *opts)
    assert md.returncode == 0 and md.stdout.startswith("# Review:")
    data = json.loads(run_accord("export", "--format", "json", "--agreements", "beta", "alpha",
                                 "--status", "confirmed", *opts).stdout)  # fmt: skip
    assert [(link["a"], link["b"]) for link in data["links"]] == [(B, A)]
    # --agreements with one value is still the agreements folder.
    one = run_accord("export", "--format", "csv", "--store", opts[1], "--agreements", opts[3])
    assert one.returncode == 0 and len(one.stdout.strip().splitlines()) == 3
    out = tmp_path / "review.toml"
    assert run_accord("export", "--format", "toml", "-o", str(out), *opts).returncode == 0
    assert len(tomli.loads(out.read_text())["links"]) == 2


def test_import_merges_and_reports(run_accord, opts: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_accord("link", A, B, "--tag", "aligned", *opts)
    out = tmp_path / "review.toml"
    run_accord("export", "--format", "toml", "-o", str(out), *opts)
    other = ["--store", str(tmp_path / "other.sqlite3"), "--agreements", opts[3]]
    first = run_accord("import", str(out), *other)
    assert first.returncode == 0 and "imported 1 link(s)" in first.stdout
    again = run_accord("import", str(out), *other)
    assert again.returncode == 0 and "1 already present" in again.stdout
    run_accord("link", A, B, "--tag", "divergent", "--reviewer", "ignored", *other)
    conflict = run_accord("import", str(out), *other)
    assert conflict.returncode == 3 and "conflict" in conflict.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text(out.read_text().replace('status = "confirmed"', 'status = "sure"'))
    rejected = run_accord("import", str(broken), *other)
    assert rejected.returncode == 1
    assert f"{broken}:" in rejected.stderr and "unknown status 'sure'" in rejected.stderr
