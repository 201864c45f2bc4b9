"""`accord check` and `accord list` through real subprocesses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support.cli import RunAccord


def test_check_passes_on_the_bundled_agreements(run_accord_process: RunAccord) -> None:
    result = run_accord_process("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("Checked 3 files")


def test_check_reports_every_problem_in_ruff_style_and_exits_1(
    run_accord: RunAccord, agreements_copy: Path
) -> None:
    path = agreements_copy / "etf-2026.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('modality = "will"', 'modality = "wil"', 1).replace(
        "date = 2026-02-09", 'date = "2026-02-09"', 1
    )
    path.write_text(text, encoding="utf-8")
    result = run_accord("check", str(agreements_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    headlines = [line for line in lines if ": error[" in line]
    assert len(headlines) == 2
    assert any("error[E111]: unknown modality 'wil'" in line for line in headlines)
    assert any("error[E107]" in line for line in headlines)
    assert all(line.startswith(f"{path}:") for line in headlines)
    assert any(line.strip().startswith("= hint: did you mean 'will'?") for line in lines)
    assert lines[-1] == "Checked 3 files: 2 error(s), 0 warning(s)."


def test_check_json_has_the_same_findings(run_accord: RunAccord, agreements_copy: Path) -> None:
    path = agreements_copy / "etf-2026.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'actors = ["ilo", "etf"]', 'actors = ["ilo", "eft"]', 1
        ),
        encoding="utf-8",
    )
    result = run_accord("check", "--format", "json", str(path))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1
    (finding,) = data["findings"]
    assert finding["code"] == "E110" and finding["path"] == str(path)
    assert finding["line"] > 1 and "did you mean 'etf'" in finding["hint"]


def test_check_usage_and_io_errors_exit_2(run_accord: RunAccord, tmp_path: Path) -> None:
    assert run_accord("check", str(tmp_path / "nowhere.toml")).returncode == 2
    assert run_accord("check", "--format", "yaml").returncode == 2
    missing = run_accord("--agreements", str(tmp_path / "nowhere"), "check")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_check_never_prints_a_traceback_on_garbage(run_accord: RunAccord, tmp_path: Path) -> None:
    (tmp_path / "garbage.toml").write_bytes(b"\xff\xfe[[[\x00\x1b]]=\n")
    result = run_accord("check", str(tmp_path / "garbage.toml"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "error[E003]" in result.stdout


def test_list_json_contract(run_accord: RunAccord) -> None:
    result = run_accord("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    agreement = next(a for a in data["agreements"] if a["id"] == "etf-2026")
    for key in ("id", "title", "date", "parties", "areas"):
        assert key in agreement
    area = agreement["areas"][0]
    for key in ("id", "title", "context", "commitments"):
        assert key in area
    commitment = area["commitments"][0]
    for key in ("id", "ref", "text", "actors", "modality", "topics"):
        assert key in commitment
    assert commitment["ref"] == f"etf-2026/{commitment['id']}"
    refs = [c["ref"] for a in data["agreements"] for ar in a["areas"] for c in ar["commitments"]]
    assert len(refs) == len(set(refs))


def test_list_one_agreement_as_a_table_fits_80_columns(run_accord: RunAccord) -> None:
    result = run_accord("list", "etf-2026")
    assert result.returncode == 0, result.stderr
    assert "improve skills and labour market data" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_list_unknown_agreement_is_a_clear_error(run_accord: RunAccord) -> None:
    result = run_accord("list", "nope")
    assert result.returncode == 1
    assert "unknown agreement 'nope'" in result.stderr and "Traceback" not in result.stderr


def test_agreements_folder_precedence(
    run_accord: RunAccord, agreements_copy: Path, tmp_path: Path
) -> None:
    """--agreements, then $ACCORD_AGREEMENTS, then ./agreements, then the bundled ones."""
    only_etf = tmp_path / "only-etf"
    only_etf.mkdir()
    shutil.copy(agreements_copy / "etf-2026.toml", only_etf)
    shutil.copy(agreements_copy / "lexicon.toml", only_etf)
    local = tmp_path / "work"
    (local / "agreements").mkdir(parents=True)
    shutil.copy(agreements_copy / "hlm-2022.toml", local / "agreements")
    shutil.copy(agreements_copy / "lexicon.toml", local / "agreements")

    def ids(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> set[str]:
        result = run_accord(*args, "list", "--format", "json", env=env, cwd=cwd)
        assert result.returncode == 0, result.stderr
        return {a["id"] for a in json.loads(result.stdout)["agreements"]}

    assert ids(cwd=tmp_path) == {"hlm-2022", "etf-2026"}  # bundled
    assert ids(cwd=local) == {"hlm-2022"}  # ./agreements
    assert ids(cwd=local, env={"ACCORD_AGREEMENTS": str(only_etf)}) == {"etf-2026"}
    assert ids(
        "--agreements",
        str(local / "agreements"),
        cwd=local,
        env={"ACCORD_AGREEMENTS": str(only_etf)},
    ) == {"hlm-2022"}


def test_invalid_agreement_is_skipped_with_a_warning(
    run_accord: RunAccord, agreements_copy: Path
) -> None:
    (agreements_copy / "broken.toml").write_text('id = "broken"\n', encoding="utf-8")
    result = run_accord("--agreements", str(agreements_copy), "list", "--format", "json")
    assert result.returncode == 0
    assert {a["id"] for a in json.loads(result.stdout)["agreements"]} == {"hlm-2022", "etf-2026"}
    assert "broken.toml" in result.stderr and "accord check" in result.stderr


def test_check_warns_about_review_records_whose_commitment_vanished(
    run_accord: RunAccord, agreements_copy: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "reviews.sqlite3")
    base = ("--agreements", str(agreements_copy), "--store", store)
    linked = run_accord(
        *base,
        "link",
        "etf-2026/improve-skills-lm-data",
        "hlm-2022/skills-anticipation-big-data",
        "--status",
        "confirmed",
    )
    assert linked.returncode == 0, linked.stderr
    path = agreements_copy / "hlm-2022.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"skills-anticipation-big-data"', '"renamed-id"'),
        encoding="utf-8",
    )
    result = run_accord(*base, "check")
    assert result.returncode == 0, "orphans are a warning, not an error"
    assert "warning[W202]" in result.stdout
    assert "hlm-2022/skills-anticipation-big-data" in result.stdout


def test_help_lists_every_command_and_ui_option(run_accord_process: RunAccord) -> None:
    result = run_accord_process("--help")
    assert result.returncode == 0
    for word in (
        "review",
        "check",
        "list",
        "match",
        "gaps",
        "explain",
        "link",
        "note",
        "export",
        "import",
    ):
        assert f"    {word} " in result.stdout
    for option in ("--agreements", "--store", "--reviewer", "--theme", "--pair"):
        assert option in result.stdout


def test_ui_options_work_without_the_review_word() -> None:
    from cli.main import build_parser

    parser = build_parser()
    args = parser.parse_args(["--pair", "etf-2026", "hlm-2022", "--theme", "ansi-dark", "review"])
    assert args.ui_pair == ["etf-2026", "hlm-2022"] and args.theme == "ansi-dark"
    args = parser.parse_args(["review", "--pair", "a", "b"])
    assert args.ui_pair == ["a", "b"]
    # `export --pair` is the export's own filter, not the UI's pair.
    args = parser.parse_args(["export", "--format", "md", "--pair", "a", "b"])
    assert args.pair == ["a", "b"] and args.ui_pair is None
