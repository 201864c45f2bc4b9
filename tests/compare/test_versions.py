"""Two versions of a bundled agreement, one edit of each kind, each classified."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from compare.version_report import render_json, render_markdown, render_text
from compare.versions import (
    MODALITY_STRENGTH,
    VersionDiff,
    change_summary,
    diff_agreements,
    modality_direction,
    redline,
)
from store.agreements.loader import load_agreement
from store.agreements.model import MODALITIES, Agreement
from tests.support.cli import RunAccord
from tests.support.versions import bundled, edited_hlm, find, write


def _load(path: Path) -> Agreement:
    agreement, findings = load_agreement(path)
    assert agreement is not None, [f.render() for f in findings]
    return agreement


@pytest.fixture
def hlm_diff(tmp_path: Path) -> VersionDiff:
    old, new = edited_hlm()
    return diff_agreements(
        _load(write(old, tmp_path / "old.toml")), _load(write(new, tmp_path / "new.toml"))
    )


def _by_label(diff: VersionDiff) -> dict[str, list[tuple[list[str], list[str]]]]:
    found: dict[str, list[tuple[list[str], list[str]]]] = {}
    for change in diff.changed:
        for label in change.labels:
            found.setdefault(label, []).append(
                ([c.id for c in change.old], [c.id for c in change.new])
            )
    return found


def test_every_kind_of_edit_is_classified(hlm_diff: VersionDiff) -> None:
    assert _by_label(hlm_diff) == {
        "reworded": [(["inequality-joint-cooperation"], ["inequality-joint-cooperation"])],
        "moved": [(["global-wage-report"], ["global-wage-report"])],
        "split": [
            (["skills-anticipation-big-data"], ["skills-anticipation-big-data", "big-data-cedefop"])
        ],
        "merged": [(["sse-awareness", "sse-conducive-environment"], ["sse-awareness-environment"])],
        "added": [([], ["ukraine-social-dialogue"])],
        "removed": [(["twin-transition-meetings-events"], [])],
        "strengthened": [
            (["promote-twin-transition-practices"], ["promote-twin-transition-practices"])
        ],
        "weakened": [
            (["decent-work-measurement-framework"], ["decent-work-measurement-framework"])
        ],
    }
    # Everything else is aligned and unchanged.
    assert hlm_diff.counts()["unchanged"] == 114 - 8  # eight old commitments were touched


def test_a_reword_carries_a_word_level_redline(hlm_diff: VersionDiff) -> None:
    change = next(c for c in hlm_diff.changed if "reworded" in c.labels)
    deleted = [w.text for w in change.redline if w.op == "delete"]
    inserted = [w.text for w in change.redline if w.op == "insert"]
    assert inserted[0] == "closer"
    assert "and/or" in " ".join(deleted) and "regional" in " ".join(inserted)
    text = render_text(hlm_diff)
    assert "{+closer+}" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_a_new_id_with_the_same_words_is_the_same_commitment(tmp_path: Path) -> None:
    old = bundled("etf-2026")
    new = bundled("etf-2026")
    area, n = find(new, "labour-market-intelligence")
    area["commitments"][n]["id"] = "lm-intelligence"
    diff = diff_agreements(
        _load(write(old, tmp_path / "old.toml")), _load(write(new, tmp_path / "new.toml"))
    )
    assert diff.changed == ()


def test_modalities_are_ordered_by_strength() -> None:
    assert set(MODALITY_STRENGTH) == set(MODALITIES)
    assert modality_direction("intend", "will") == "strengthened"
    assert modality_direction("will", "explore") == "weakened"
    assert modality_direction("explore", "consider") == "weakened"
    assert modality_direction("agreed", "committed") == "strengthened"
    assert modality_direction("will", "will") is None


def test_redline_keeps_every_word_once() -> None:
    line = redline("Support the reform of labour law", "Support a reform of the labour code")
    kept = [w.text for w in line if w.op != "insert"]
    added = [w.text for w in line if w.op != "delete"]
    assert " ".join(kept).split() == ["Support", "the", "reform", "of", "labour", "law"]
    assert " ".join(added).split() == ["Support", "a", "reform", "of", "the", "labour", "code"]


def test_summary_line_for_the_status_bar(hlm_diff: VersionDiff) -> None:
    line = change_summary(hlm_diff, outdated_notes=2)
    assert line.startswith("hlm-2022 changed: 1 reworded, 1 moved,")
    assert line.endswith("2 notes now outdated. Press D to see the changes.")
    assert change_summary(hlm_diff, outdated_notes=1, hint=None).endswith("1 note now outdated.")


def test_markdown_and_json_name_the_same_changes(hlm_diff: VersionDiff) -> None:
    data = json.loads(render_json(hlm_diff))
    assert data["counts"]["split"] == 1 and len(data["changes"]) == len(hlm_diff.changed)
    markdown = render_markdown(hlm_diff)
    assert "**closer**" in markdown and "# Changes to hlm-2022" in markdown


def test_control_characters_never_reach_the_output(tmp_path: Path) -> None:
    # The loader refuses control characters, so the new version is built in memory.
    before = _load(write(bundled("etf-2026"), tmp_path / "old.toml"))
    hostile = " \u001b]52;c;aGk=\u0007 [link=x]y[/link] \u202e"
    areas = tuple(
        replace(
            area,
            commitments=tuple(
                replace(c, text=c.text + hostile) if c.id == "labour-market-intelligence" else c
                for c in area.commitments
            ),
        )
        for area in before.areas
    )
    diff = diff_agreements(before, replace(before, areas=areas))
    assert diff.counts()["reworded"] == 1
    for output in (render_text(diff), render_markdown(diff), render_json(diff)):
        assert not {"\u001b", "\u0007", "\u202e"} & set(output)


def test_accord_diff_lists_outdated_and_orphaned_review_records(
    run_accord: RunAccord, agreements_copy: Path, tmp_path: Path
) -> None:
    from store.agreements.loader import load_corpus
    from store.review.store import ReviewStore

    corpus = load_corpus(agreements_copy).corpus
    store_path = tmp_path / "review.sqlite"
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        store.add_note("hlm-2022/inequality-joint-cooperation", "check the wording")
        store.add_note("hlm-2022/twin-transition-meetings-events", "gone soon")
        store.add_note("hlm-2022/consult-on-urgent-issues", "unchanged")
    _, new = edited_hlm()
    new_path = write(new, tmp_path / "hlm-2022-v2.toml")
    common = ("--agreements", str(agreements_copy), "--store", str(store_path))
    result = run_accord("diff", "hlm-2022", str(new_path), *common, "--format", "json")
    assert result.returncode == 1, result.stderr
    review = json.loads(result.stdout)["review"]
    assert [r["ref"] for r in review["outdated"]] == ["hlm-2022/inequality-joint-cooperation"]
    assert [r["ref"] for r in review["orphaned"]] == ["hlm-2022/twin-transition-meetings-events"]
    text = run_accord("diff", "hlm-2022", str(new_path), *common)
    assert "OUTDATED  note" in text.stdout and "ORPHANED  note" in text.stdout
    same = run_accord("diff", "hlm-2022", str(agreements_copy / "hlm-2022.toml"), *common)
    assert same.returncode == 0 and "No commitment changed." in same.stdout


def test_accord_diff_refuses_what_it_cannot_read(run_accord: RunAccord, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    result = run_accord("diff", "hlm-2022", str(fifo))
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("id = \n", encoding="utf-8")
    result = run_accord("diff", "hlm-2022", str(broken))
    assert result.returncode == 2 and "not a valid agreement" in result.stderr
    result = run_accord("diff", "no-such-agreement", str(broken))
    assert result.returncode == 2 and "neither a file nor an agreement" in result.stderr


def test_reload_notice_counts_the_notes_the_change_outdates(
    agreements_copy: Path, tmp_path: Path
) -> None:
    from compare.version_report import reload_notice, review_impact, with_agreement
    from store.agreements.loader import load_corpus
    from store.review.store import ReviewStore

    corpus = load_corpus(agreements_copy).corpus
    store_path = tmp_path / "review.sqlite"
    with ReviewStore.open(store_path, "alice", corpus=corpus) as store:
        store.add_note("hlm-2022/inequality-joint-cooperation", "check the wording")
        store.add_note("hlm-2022/promote-twin-transition-practices", "still fine?")
    old, new = edited_hlm()
    before = _load(write(old, tmp_path / "old.toml"))
    after = _load(write(new, tmp_path / "new.toml"))
    impact = review_impact(
        store_path, "bob", with_agreement(corpus, before), with_agreement(corpus, after), "hlm-2022"
    )
    notice = reload_notice(before, after, impact)
    assert notice is not None
    # Only the reworded commitment's note is outdated: a modality change keeps the text.
    assert notice[1].endswith(", 1 note now outdated. Press D to see the changes.")
    assert reload_notice(before, before) is None
