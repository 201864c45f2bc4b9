"""store.atomic, and injected failures: the old file stays whole, no temp file is left.

Monkeypatching os.replace / os.fsync to fail is the one honest way to make a
disk or kernel failure happen on demand here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from store import atomic
from store.agreements.model import Corpus
from store.atomic import atomic_write_bytes, atomic_write_text
from store.review.exports.registry import render, write_output
from store.review.store import ReviewStore


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_writes_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    atomic_write_text(target, "one\r\nline\n")
    assert target.read_bytes() == b"one\r\nline\n"
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_a_new_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "new.csv", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_writing_through_a_symlink_updates_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failure_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "review.md"
    target.write_text("the old export\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        monkeypatch.setattr(atomic.os, "fchmod", boom)
    else:
        monkeypatch.setattr(atomic.os, failing, boom)
    with pytest.raises(OSError, match="No space"):
        atomic_write_text(target, "the new export, never seen\n")
    assert target.read_text() == "the old export\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_export_to_a_file_keeps_the_old_export_on_failure(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    store: ReviewStore,
    corpus: Corpus,
    failing: str,
) -> None:
    store.set_link("alpha/youth", "beta/young", tag="aligned")
    output = tmp_path / "exports" / "review.toml"
    output.parent.mkdir()
    write_output(render("toml", store, corpus), output)
    old = output.read_bytes()
    store.set_status("alpha/youth", "beta/young", "rejected")
    calls = {"n": 0}
    real = getattr(os, failing)

    def fail_first(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(5, "Input/output error")
        return real(*args)

    monkeypatch.setattr(atomic.os, failing, fail_first)
    with pytest.raises(OSError):
        write_output(render("toml", store, corpus), output)
    assert output.read_bytes() == old
    assert _leftovers(output.parent) == []
    monkeypatch.undo()
    write_output(render("toml", store, corpus), output)
    assert b'status = "rejected"' in output.read_bytes()
