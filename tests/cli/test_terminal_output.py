"""The command line at 80 columns: whole ids, COLUMNS, the pager only on a terminal, default pair.

Every run is the real `accord` in a subprocess; the terminal cases give it a real
pseudo-terminal (os.openpty) as standard output, sized with TIOCSWINSZ.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest

from store.agreements.loader import load_corpus
from tests.support.cli import RunAccord

REPO = Path(__file__).resolve().parents[2]


def _ids(bundled_dir: Path) -> list[str]:
    """Every commitment id and every ref (AGREEMENT/COMMITMENT) of the bundled pair."""
    corpus = load_corpus(bundled_dir).corpus
    found = [c for agreement in corpus.agreements for c in agreement.commitments()]
    return [c.id for c in found] + [c.ref for c in found]


def _split_ids(output: str, ids: list[str]) -> list[str]:
    """Ids cut in two: a word of one line and a word of the next that join into an id.

    That is what both a folded table column and a wrapped line look like.
    """
    wanted = set(ids)
    lines = [line.replace(",", " ").split() for line in output.split("\n")]
    broken = []
    for words, following in itertools.pairwise(lines):
        for head in words:
            if head in wanted:
                continue
            broken += [f"{head} / {tail}" for tail in following if head + tail in wanted]
    return broken


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("list", "hlm-2022"),
        ("match", "etf-2026", "hlm-2022"),
        ("match", "hlm-2022", "etf-2026"),
        ("gaps", "hlm-2022", "etf-2026"),
        ("gaps", "etf-2026", "hlm-2022"),
        ("explain", "hlm-2022/sse-capacity-building-southern-neighbourhood"),
    ],
)
@pytest.mark.parametrize("columns", ["80", "60", "40"])
def test_no_id_is_split_across_lines(
    run_accord: RunAccord, bundled_dir: Path, command: tuple[str, ...], columns: str
) -> None:
    done = run_accord(*command, "--agreements", str(bundled_dir), env={"COLUMNS": columns})
    assert done.returncode == 0, done.stderr
    ids = _ids(bundled_dir)
    assert _split_ids(done.stdout, ids) == []
    # Every id the command shows appears whole, and no line is wider than COLUMNS
    # unless an id on it is nearly as wide as the screen by itself.
    words = set(done.stdout.replace(",", " ").split())
    if command[0] == "list":
        shown = [c for c in ids if c in done.stdout]
        assert shown and all(c in words for c in shown)
    for line in done.stdout.split("\n"):
        words_on_line = line.replace(",", " ").split()
        wide = [w for w in words_on_line if w in ids and len(w) > int(columns) - 10]
        assert len(line) <= int(columns) or wide, line


def test_the_split_detector_finds_a_split_id() -> None:
    # What `accord list` printed at 80 columns before ids were kept whole.
    before = "improve-skills-lm  improve skills\n-data              and data\n"
    assert _split_ids(before, ["improve-skills-lm-data"]) != []


def test_columns_sets_the_width_of_piped_output(run_accord: RunAccord, bundled_dir: Path) -> None:
    wide = run_accord("list", "hlm-2022", "--agreements", str(bundled_dir), env={"COLUMNS": "150"})
    narrow = run_accord("list", "hlm-2022", "--agreements", str(bundled_dir))
    assert max(map(len, wide.stdout.split("\n"))) > 100
    assert max(map(len, narrow.stdout.split("\n"))) <= 80


# -- the pager ---------------------------------------------------------------------------


def _run_on_terminal(
    args: list[str], env: dict[str, str], rows: int, timeout: float = 120
) -> tuple[int, str]:
    """Run accord with a pseudo-terminal of `rows` × 80 as stdout; return its code and output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 80, 0, 0))
    received: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO once the child side is closed
                return
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **env}
    full_env.pop("COLUMNS", None)
    full_env.pop("LINES", None)
    with subprocess.Popen(
        [sys.executable, "-m", "cli.main", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=full_env,
        cwd=REPO,
    ) as child:
        os.close(slave)
        _, err = child.communicate(timeout=timeout)
        code = child.returncode
    reader.join(timeout=10)
    os.close(master)
    assert b"Traceback" not in err, err.decode()
    return code, b"".join(received).decode("utf-8", errors="replace").replace("\r\n", "\n")


@pytest.fixture
def pager(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A PAGER that records what it was given (run by a shell, as git runs it)."""
    paged = tmp_path / "paged.txt"
    return {"PAGER": f"cat > {paged}"}, paged


def test_long_output_on_a_terminal_goes_through_the_pager(
    bundled_dir: Path, pager: tuple[dict[str, str], Path]
) -> None:
    env, paged = pager
    code, screen = _run_on_terminal(["list", "hlm-2022", "--agreements", str(bundled_dir)], env, 24)
    assert code == 0
    assert "harness-partnership-2030-agenda" in paged.read_text(encoding="utf-8")
    assert "harness-partnership-2030-agenda" not in screen


def test_no_pager_and_short_output_print_straight_to_the_terminal(
    bundled_dir: Path, pager: tuple[dict[str, str], Path]
) -> None:
    env, paged = pager
    args = ["list", "hlm-2022", "--agreements", str(bundled_dir)]
    code, screen = _run_on_terminal([*args, "--no-pager"], env, 24)
    assert code == 0 and not paged.exists()
    assert "harness-partnership-2030-agenda" in screen
    code, screen = _run_on_terminal(args, env, 2000)  # taller than the output
    assert code == 0 and not paged.exists()
    assert "harness-partnership-2030-agenda" in screen


def test_a_pipe_never_pages(
    run_accord: RunAccord, bundled_dir: Path, pager: tuple[dict[str, str], Path]
) -> None:
    env, paged = pager
    done = run_accord("list", "hlm-2022", "--agreements", str(bundled_dir), env=env)
    assert done.returncode == 0 and not paged.exists()
    assert "harness-partnership-2030-agenda" in done.stdout


def test_a_missing_pager_loses_nothing(bundled_dir: Path) -> None:
    env = {"PAGER": "no-such-pager-for-accord"}
    code, screen = _run_on_terminal(["list", "hlm-2022", "--agreements", str(bundled_dir)], env, 24)
    assert code == 0
    assert "harness-partnership-2030-agenda" in screen


# -- gaps and explain with no arguments ------------------------------------------------------


def _remember(pair: list[str], reviewer: str = "alice") -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "accord"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(
        f'theme = "accord-dark"\n[last_pair]\n{reviewer} = {json.dumps(pair)}\n', encoding="utf-8"
    )


def test_gaps_and_explain_use_the_only_pair(run_accord: RunAccord, bundled_dir: Path) -> None:
    gaps = run_accord("gaps", "--format", "json", "--agreements", str(bundled_dir))
    assert gaps.returncode == 0, gaps.stderr
    assert (json.loads(gaps.stdout)["a"], json.loads(gaps.stdout)["b"]) == ("etf-2026", "hlm-2022")
    explained = json.loads(
        run_accord("explain", "--format", "json", "--agreements", str(bundled_dir)).stdout
    )
    assert len(explained) == 11
    assert explained[0]["ref"].startswith("etf-2026/")
    assert explained[0]["other"].startswith("hlm-2022/")


def test_gaps_and_explain_use_the_pair_last_opened(
    run_accord: RunAccord, bundled_dir: Path
) -> None:
    _remember(["hlm-2022", "etf-2026"])
    gaps = run_accord("--reviewer", "alice", "gaps", "--format", "json",
                      "--agreements", str(bundled_dir))  # fmt: skip
    assert json.loads(gaps.stdout)["a"] == "hlm-2022"
    one = run_accord(
        "--reviewer", "alice", "explain", "etf-2026/improve-skills-lm-data",
        "--format", "json", "--agreements", str(bundled_dir),
    )  # fmt: skip
    assert one.returncode == 0, one.stderr
    (only,) = json.loads(one.stdout)
    assert only["ref"] == "etf-2026/improve-skills-lm-data"
    assert only["other"].startswith("hlm-2022/")
    # Another reviewer has no remembered pair: the only pair, in file order.
    gaps = run_accord("--reviewer", "bob", "gaps", "--format", "json",
                      "--agreements", str(bundled_dir))  # fmt: skip
    assert json.loads(gaps.stdout)["a"] == "etf-2026"


def test_without_a_pair_to_choose_the_error_says_what_to_give(
    run_accord: RunAccord, agreements_copy: Path
) -> None:
    third = (agreements_copy / "etf-2026.toml").read_text(encoding="utf-8")
    (agreements_copy / "etf-copy.toml").write_text(
        third.replace('id = "etf-2026"', 'id = "etf-copy"', 1), encoding="utf-8"
    )
    done = run_accord("gaps", "--agreements", str(agreements_copy))
    assert done.returncode == 2
    assert "give two ids, A B" in done.stderr and "etf-copy" in done.stderr
    assert "Traceback" not in done.stderr
    half = run_accord("gaps", "etf-2026", "--agreements", str(agreements_copy))
    assert half.returncode == 2 and "give both agreements" in half.stderr
