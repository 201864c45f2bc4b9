"""`accord export --format md|html` through the real command line: names, rejected links, files."""

from __future__ import annotations

import os
from pathlib import Path

import html5lib
import pytest

from store.agreements.loader import load_corpus
from store.review.store import ReviewStore
from tests.support.cli import RunAccord
from tests.support.realistic_review import review_bundled_pair


@pytest.fixture
def reviewed(tmp_path: Path, bundled_dir: Path) -> list[str]:
    """A store holding a realistic review of the bundled pair, by account `alice`."""
    corpus = load_corpus(bundled_dir).corpus
    path = tmp_path / "reviews.sqlite3"
    with ReviewStore.open(path, "alice", corpus=corpus) as store:
        review_bundled_pair(store, corpus)
    return ["--store", str(path), "--agreements", str(bundled_dir), "--reviewer", "alice"]


def _settings(text: str) -> Path:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "accord"
    config.mkdir(parents=True, exist_ok=True)
    path = config / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_display_names_come_from_settings_or_the_option(
    run_accord: RunAccord, reviewed: list[str]
) -> None:
    _settings('theme = "accord-dark"\nreviewer_name = "Alice Martin"\n')
    done = run_accord(*reviewed, "export", "--format", "md")
    assert done.returncode == 0, done.stderr
    assert "Reviewers: Alice Martin." in done.stdout and "alice" not in done.stdout
    done = run_accord(*reviewed, "export", "--format", "md", "--reviewer-name", "A. Martin")
    assert "Reviewers: A. Martin." in done.stdout and "Alice Martin" not in done.stdout
    # The machine formats keep the account, which is what an import matches on.
    csv_out = run_accord(*reviewed, "export", "--format", "csv", "--reviewer-name", "A. Martin")
    assert ",alice," in csv_out.stdout and "A. Martin" not in csv_out.stdout


def test_names_of_other_reviewers_and_a_bad_entry_warned_with_its_line(
    run_accord: RunAccord, reviewed: list[str]
) -> None:
    path = _settings('reviewer_name = 3\n[reviewer_names]\nalice = "Alice from the table"\n')
    done = run_accord(*reviewed, "export", "--format", "md")
    assert done.returncode == 0
    assert "Reviewers: Alice from the table." in done.stdout
    assert f"accord: warning: {path}:1: reviewer_name must be a non-empty string" in done.stderr
    _settings("reviewer_name = \n")
    done = run_accord(*reviewed, "export", "--format", "md")
    assert done.returncode == 0 and "Reviewers: alice." in done.stdout
    assert f"{path}:1:" in done.stderr and "not valid TOML" in done.stderr
    assert "Traceback" not in done.stderr


def test_html_report_to_a_file_and_rejected_links_left_out(
    run_accord: RunAccord, reviewed: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    done = run_accord(*reviewed, "export", "--format", "html", "--pair", "etf-2026", "hlm-2022",
                      "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = out.read_text(encoding="utf-8")
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(document)
    assert [s.get("id") for s in tree.iter("section")][-1] == "rejected"
    kept = run_accord(*reviewed, "export", "--format", "md", "--omit-rejected")
    assert "## Appendix" not in kept.stdout and "rejected link(s) are left out" in kept.stdout


def test_help_and_readme_list_every_format_of_the_registry(run_accord: RunAccord) -> None:
    from store.review.exports.registry import FORMAT_IDS as FORMATS

    done = run_accord("export", "--help")
    assert "html" in FORMATS
    assert all(fmt in done.stdout for fmt in FORMATS)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.split("\n") if line.startswith("| `accord export")]
    assert "--format " + "\\|".join(FORMATS) in row
