"""What every hostile-input test asserts about a command's run, and how it runs one."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "agreements"

REF_A = "etf-2026/improve-skills-lm-data"
REF_B = "hlm-2022/harness-partnership-2030-agenda"
REF_C = "hlm-2022/coordination-policy-coherence"
REF_D = "etf-2026/green-digital-education-training"

# What must never reach a terminal: C0 controls but tab, newline and the CR of a
# CRLF, DEL, C1 (CSI 0x9B, OSC 0x9D…), bidi controls, invisible format characters
# and lone surrogates.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069"
    "\u2028\u2029\ufeff\U000e0000-\U000e007f\ud800-\udfff]|\r(?!\n)"
)

# The bytes an attacker plants: ESC sequences (colour, OSC 0 title, OSC 52
# clipboard), BEL, a C1 CSI, a bidi override and a zero-width space.
HOSTILE = (
    "esc\x1b[31m osc\x1b]0;pwned\x07 clip\x1b]52;c;aGk=\x07 csi\x9b31m rlo\u202eTXET zw\u200bsp"
)


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


def assert_clean(run: Run) -> None:
    """No traceback and no raw control byte in anything the command printed."""
    assert "Traceback" not in run.both, run.both
    found = RAW_CONTROL.search(run.both)
    assert found is None, f"raw {found.group()!r} reached the output: {run.both!r}"


def one_error_line(run: Run) -> str:
    """The single `accord: error:` line of a failed run (warnings may precede it)."""
    errors = [line for line in run.err.splitlines() if line.startswith("accord: error:")]
    assert len(errors) == 1, run.err
    return errors[0]


def copy_agreements(target: Path) -> Path:
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def run_in_process(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None) -> Run:
    """The real `accord` entry point, in this process (fast; the guard wraps capsys)."""
    from cli.main import main

    if stdin is not None:
        import io

        saved = sys.stdin
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        if stdin is not None:
            sys.stdin = saved
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "80"}
    env.update(extra)
    return env


def run_subprocess(
    args: Sequence[str | bytes],
    *,
    cwd: Path,
    stdin: bytes | None = None,
    preexec: Callable[[], None] | None = None,
    stdout: int | None = subprocess.PIPE,
    timeout: float = 60,
) -> Run:
    """`python -m cli.main ARGS` in a child: the real process, its real exit code."""
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=child_env(),
        timeout=timeout,
        preexec_fn=preexec,
    )
    out = done.stdout.decode("utf-8", "surrogateescape") if done.stdout else ""
    return Run(done.returncode, out, done.stderr.decode("utf-8", "surrogateescape"))


def drop_root_file_powers() -> None:
    """In a child: obey file permissions even as root (drop CAP_DAC_OVERRIDE/READ_SEARCH).

    Root ignores read-only modes; without these two capabilities in the
    bounding set, the exec'd process is held to them like any user.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def integrity_ok(store: Path) -> bool:
    conn = sqlite3.connect(store)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def count(store: Path, table: str) -> int:
    conn = sqlite3.connect(store)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()
