"""Class 6: findings point at the right line, whatever the file holds before them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.agreements.syntax_scan import MAX_NESTING
from store.safe_paths import MAX_FILE_BYTES
from tests.support.hostile import (
    REF_A,
    REF_B,
    assert_clean,
    child_env,
    copy_agreements,
    run_in_process,
)


def _check_json(capsys: pytest.CaptureFixture[str], *paths: Path) -> list[dict[str, object]]:
    run = run_in_process(capsys, "check", "--format", "json", *map(str, paths))
    assert_clean(run)
    findings: list[dict[str, object]] = json.loads(run.out)["findings"]
    return findings


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u2028\u2029\u2028"])
def test_line_separators_inside_strings_do_not_shift_later_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str
) -> None:
    agreements = copy_agreements(tmp_path / "agreements")
    path = agreements / "etf-2026.toml"
    text = path.read_text(encoding="utf-8")
    # Raw separators inside the title string (valid TOML), a U+0085 in a comment,
    # then a mistake further down.
    text = text.replace('title = "', f'title = "A{separator}B ', 1)
    text = text.replace("\n", "  # note\x85here\n", 1)
    text = text.replace("\ntext = ", "\ntxt = ", 1)
    path.write_text(text, encoding="utf-8")
    findings = _check_json(capsys, path)
    unknown = next(f for f in findings if f["code"] == "E103")
    assert unknown["line"] == _line_of(path, "txt = ")
    assert str(unknown["source_line"]).startswith("txt = ")


def test_a_control_separator_is_reported_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('id = "bad"\n# one\ntitle = "x\x1cy"\n', encoding="utf-8")
    (finding,) = _check_json(capsys, path)
    assert finding["line"] == 3
    assert finding["source_line"] == 'title = "x\x1cy"'  # JSON keeps the data; \x1c is escaped


def test_review_file_findings_are_not_shifted_either(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "reviews.sqlite3"
    assert run_in_process(capsys, "--store", str(store), "note", REF_A, "a\u2028b\u2029c").code == 0
    assert run_in_process(capsys, "--store", str(store), "link", REF_A, REF_B).code == 0
    review = tmp_path / "review.toml"
    run_in_process(capsys, "--store", str(store), "export", "--format", "toml", "-o", str(review))
    text = review.read_text(encoding="utf-8")
    # tomli-w escapes nothing here: put the raw separators in, then break a later key.
    text = text.replace("\\u2028", "\u2028").replace("\\u2029", "\u2029")
    text = text.replace('status = "confirmed"', 'status = "approved"')
    review.write_text(text, encoding="utf-8")
    assert "\u2028" in review.read_text(encoding="utf-8")
    run = run_in_process(capsys, "--store", str(tmp_path / "other.sqlite3"), "import", str(review))
    assert run.code == 1
    assert_clean(run)
    line = _line_of(review, 'status = "approved"')
    assert f"review.toml:{line}:" in run.err
    assert f'{line} | status = "approved"' in run.err


@pytest.mark.parametrize("opener", ["[", "{a = "])
def test_deep_nesting_is_reported_where_it_goes_too_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opener: str
) -> None:
    closer = "]" if opener == "[" else "}"
    depth = 2000
    value = opener * depth + ("" if opener == "[" else "1") + closer * depth
    path = tmp_path / "deep.toml"
    path.write_text(f'id = "deep"\n\n# below\nnested = {value}\n', encoding="utf-8")
    (finding,) = _check_json(capsys, path)
    assert finding["line"] == 4
    assert finding["col"] == len("nested = ") + MAX_NESTING * len(opener) + 1
    assert f"more than {MAX_NESTING} levels" in str(finding["message"])


def test_allowed_nesting_does_not_break_the_position_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    depth = MAX_NESTING
    path.write_text(f'id = "deep"\nnested = {"[" * depth}{"]" * depth}\n', encoding="utf-8")
    findings = _check_json(capsys, path)
    assert findings and all(f["line"] in (1, 2) for f in findings)


@pytest.mark.parametrize("quote", ['"""', "'''"])
def test_unclosed_multiline_string_is_reported_where_it_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quote: str
) -> None:
    path = tmp_path / "open.toml"
    path.write_text(
        f'id = "open"\nx = \'"""\'\ntitle = {quote}\nA title\n\n[[areas]]\nid = "a"\n',
        encoding="utf-8",
    )
    (finding,) = _check_json(capsys, path)
    assert (finding["line"], finding["col"]) == (3, 9)
    assert f"multi-line string ({quote}) is never closed" in str(finding["message"])
    assert f"end the text with {quote}" in str(finding["hint"])


def test_a_large_file_under_the_limit_loads_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text('id = "big"\ntitle = "' + "x" * (MAX_FILE_BYTES - 64) + '"\n')
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from store.agreements.loader import load_agreement\n"
        "_, findings = load_agreement(Path(sys.argv[1]))\n"
        "assert not [f for f in findings if f.code.startswith('E00')], findings\n"
        # VmHWM is this process's own peak: ru_maxrss starts at the peak of the
        # process that spawned it (pytest, hundreds of MB late in the suite).
        "status = Path('/proc/self/status')\n"
        "peak = [l.split()[1] for l in status.read_text().splitlines() if l.startswith('VmHWM:')]"
        " if status.exists() else []\n"
        "print(peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # A 4 MB string once took 600 MB before the index's regex stopped backtracking per character.
    assert int(done.stdout) < 250_000, f"{int(done.stdout) // 1024} MB"


def test_a_file_over_the_limit_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.toml"
    path.write_text('id = "huge"\ntitle = "' + "x" * MAX_FILE_BYTES + '"\n')
    (finding,) = _check_json(capsys, path)
    assert finding["code"] == "E006"
    limit_mb = MAX_FILE_BYTES // (1024 * 1024)
    assert f"larger than Accord's limit of {limit_mb} MB" in str(finding["message"])


def test_a_finding_on_a_very_long_line_echoes_a_window_around_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.toml"
    path.write_text(f'id = "long"\ntitle = "{"x" * 200_000}" txt = 1\n', encoding="utf-8")
    run = run_in_process(capsys, "check", str(path))
    assert run.code == 1
    assert_clean(run)
    lines = run.out.splitlines()
    assert max(len(line) for line in lines) < 300
    source = next(line for line in lines if line.startswith("2 | "))
    caret = next(line for line in lines if line.strip().startswith("| ") and "^" in line)
    # The caret stands under the offending text, as on a short line.
    assert source[caret.index("^")] == "t" and source.endswith('" txt = 1')
