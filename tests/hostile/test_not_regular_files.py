"""Class 3: paths that are not regular files are never replaced and never hang a read;
a closed, broken or full standard output is one clear line and a non-zero exit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from store.safe_paths import MAX_FILE_BYTES
from tests.support.hostile import (
    REF_A,
    REF_B,
    assert_clean,
    copy_agreements,
    one_error_line,
    run_in_process,
    run_subprocess,
)
from tui.keymap import load_keymap


def _node(path: Path) -> tuple[int, int, int]:
    """What a path is (without following it): kind, device number, inode."""
    info = os.lstat(path)
    return stat.S_IFMT(info.st_mode), info.st_rdev, info.st_ino


def _store_with_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    store = str(tmp_path / "reviews.sqlite3")
    assert run_in_process(capsys, "--store", store, "link", REF_A, REF_B).code == 0
    return store


@pytest.mark.parametrize(
    "kind", ["fifo", "link-to-dev-null", "link-to-fifo", "read-only", "folder"]
)
def test_export_never_replaces_what_is_not_a_writable_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    store = _store_with_a_link(tmp_path, capsys)
    target = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "link-to-dev-null":
        target.symlink_to("/dev/null")
    elif kind == "link-to-fifo":
        os.mkfifo(tmp_path / "pipe")
        target.symlink_to(tmp_path / "pipe")
    elif kind == "read-only":
        target.write_text("keep me\n", encoding="utf-8")
        target.chmod(0o444)
    else:
        target.mkdir()
    before = _node(target)
    dev_null = os.stat("/dev/null")
    run = run_in_process(capsys, "--store", store, "export", "--format", "csv", "-o", str(target))
    assert run.code == 1
    assert_clean(run)
    assert "nothing was written" in one_error_line(run)
    assert _node(target) == before
    if kind == "read-only":
        assert target.read_text(encoding="utf-8") == "keep me\n"
    # /dev/null itself is untouched: still the same character device.
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.stat("/dev/null").st_rdev == dev_null.st_rdev
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_export_writes_a_regular_file_and_through_a_symlink_to_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = _store_with_a_link(tmp_path, capsys)
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    run = run_in_process(capsys, "--store", store, "export", "--format", "csv", "-o", str(link))
    assert run.code == 0, run.err
    assert link.is_symlink()
    assert REF_A in real.read_text(encoding="utf-8")


def _folder(tmp_path: Path, plant: str) -> Path:
    agreements = copy_agreements(tmp_path / "agreements")
    if plant == "fifo-lexicon":
        (agreements / "lexicon.toml").unlink()
        os.mkfifo(agreements / "lexicon.toml")
    elif plant == "fifo-agreement":
        os.mkfifo(agreements / "extra.toml")
    elif plant == "fifo-tags":
        os.mkfifo(agreements / "tags.toml")
    elif plant == "dangling":
        (agreements / "gone.toml").symlink_to(tmp_path / "nowhere.toml")
    elif plant == "loop":
        (agreements / "loop.toml").symlink_to(agreements / "loop.toml")
    elif plant == "device":
        (agreements / "null.toml").symlink_to("/dev/null")
    elif plant == "fifo-keymap":
        os.mkfifo(agreements / "keymap.toml")
    elif plant == "malformed-keymap":
        (agreements / "keymap.toml").write_text('app.quit = "q"\nbroken = [\n', encoding="utf-8")
    elif plant == "malformed-tags":
        (agreements / "tags.toml").write_text('[[tags]]\nid = "Not Kebab"\n', encoding="utf-8")
    elif plant == "too-large":
        with (agreements / "huge.toml").open("w", encoding="utf-8") as handle:
            handle.write('id = "huge"\ntitle = "')
            handle.write("x" * (MAX_FILE_BYTES + 1))
            handle.write('"\n')
    return agreements


@pytest.mark.parametrize(
    ("plant", "code", "name"),
    [
        ("fifo-lexicon", "E005", "lexicon.toml"),
        ("fifo-agreement", "E005", "extra.toml"),
        ("fifo-tags", "E005", "tags.toml"),
        ("dangling", "E005", "gone.toml"),
        ("loop", "E005", "loop.toml"),
        ("device", "E005", "null.toml"),
        ("malformed-tags", "E106", "tags.toml"),
        ("fifo-keymap", "E005", "keymap.toml"),
        ("malformed-keymap", "E001", "keymap.toml"),
        ("too-large", "E006", "huge.toml"),
    ],
)
def test_check_reports_every_file_it_cannot_read_as_a_finding(
    tmp_path: Path, plant: str, code: str, name: str
) -> None:
    agreements = _folder(tmp_path, plant)
    nodes = {p.name: _node(p) for p in agreements.iterdir()}
    # A subprocess with a timeout: a FIFO that is opened for reading would hang it.
    run = run_subprocess(["check", "--agreements", str(agreements)], cwd=tmp_path, timeout=30)
    assert run.code == 1, run.both
    assert_clean(run)
    assert f"{name}:1:1: error[{code}]" in run.out or f"error[{code}]" in run.out, run.out
    assert name in run.out
    assert "all valid" not in run.out
    assert {p.name: _node(p) for p in agreements.iterdir()} == nodes


def test_check_of_a_named_fifo_reports_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "lexicon.toml")
    run = run_subprocess(["check", str(tmp_path / "lexicon.toml")], cwd=tmp_path, timeout=30)
    assert run.code == 1, run.both
    assert_clean(run)
    assert "is a FIFO (named pipe), not a regular file" in run.out


def test_import_of_a_fifo_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "review.toml")
    run = run_subprocess(
        ["--store", str(tmp_path / "r.sqlite3"), "import", str(tmp_path / "review.toml")],
        cwd=tmp_path,
        timeout=30,
    )
    assert run.code == 1, run.both
    assert_clean(run)
    assert "review.toml:1:1: error[E005]" in run.err
    assert stat.S_ISFIFO(os.lstat(tmp_path / "review.toml").st_mode)


def test_a_fifo_keymap_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "keymap.toml")
    keymap, problems = load_keymap(tmp_path / "keymap.toml")
    assert keymap == {}
    assert "not a regular file" in problems[0].render()


def test_closed_stdout_is_one_clear_line(tmp_path: Path) -> None:
    run = run_subprocess(
        ["list"], cwd=tmp_path, preexec=lambda: os.close(1), stdout=None, timeout=30
    )
    assert run.code == 2
    assert_clean(run)
    assert "standard output is closed" in one_error_line(run)


def test_full_stdout_is_one_clear_line(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("this system has no /dev/full to stand for a full device")

    def to_dev_full() -> None:
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, 1)

    run = run_subprocess(["list"], cwd=tmp_path, preexec=to_dev_full, stdout=None, timeout=30)
    assert run.code == 2
    assert_clean(run)
    assert "the device or file is full" in one_error_line(run)


def test_broken_pipe_is_one_clear_line(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE

    def to_pipe() -> None:
        os.dup2(write_end, 1)

    try:
        run = run_subprocess(["list"], cwd=tmp_path, preexec=to_pipe, stdout=None, timeout=30)
    finally:
        os.close(write_end)
    assert run.code == 141
    assert_clean(run)
    assert "broken pipe" in one_error_line(run)
