"""The `accord` program leaves without clean-up after a read-only command; `main` never does."""

from __future__ import annotations

import gc
from pathlib import Path

from cli import quick_exit


def test_in_process_main_keeps_nothing_and_leaves_the_collector_on(  # type: ignore[no-untyped-def]
    run_accord, bundled_dir: Path
) -> None:
    assert gc.isenabled()
    done = run_accord("--agreements", str(bundled_dir), "match", "etf-2026", "hlm-2022")
    assert done.returncode == 0, done.stderr
    assert gc.isenabled() and not quick_exit._kept


def test_the_program_keeps_its_exit_code_and_output(  # type: ignore[no-untyped-def]
    run_accord_process, bundled_dir: Path
) -> None:
    failed = run_accord_process("--agreements", str(bundled_dir), "match", "nope", "hlm-2022")
    assert failed.returncode == 1
    assert "unknown agreement 'nope'" in failed.stderr
    listed = run_accord_process("--agreements", str(bundled_dir), "list")
    assert listed.returncode == 0 and "hlm-2022" in listed.stdout
