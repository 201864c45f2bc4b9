"""Child of the fault-injection test: runs the real `accord note` command again and again.

    python fault_child.py MODE STORE AGREEMENTS WRITER COUNT

MODE is `disk` (the parent set a file size limit on us) or `lock` (the parent
holds the store's write lock at times; our busy timeout is short). After each
command one line goes to stdout: `ack TEXT` once the command exited 0 (so the
note is durable), or `fail CODE STDERR-AS-JSON`. `go` on stdin starts each
command in lock mode, so the parent decides when the lock is held.
"""

from __future__ import annotations

import io
import json
import random
import sys

from cli.main import main as accord
from store.review import db


def run_once(args: list[str]) -> tuple[int, str]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        code = accord(args)
        return code, sys.stderr.getvalue()
    finally:
        sys.stdout, sys.stderr = saved


def main() -> None:
    mode, store, agreements, writer, count = sys.argv[1:6]
    if mode == "lock":
        db.BUSY_TIMEOUT_MS = 50
    rng = random.Random(writer)
    refs = ("alpha/improve-data", "alpha/youth", "beta/green")
    out = sys.stdout
    for number in range(int(count)):
        if mode == "lock" and sys.stdin.readline() != "go\n":
            return
        text = f"w{writer}-{number} " + "x" * rng.randrange(1_000, 20_000)
        args = ["--store", store, "--agreements", agreements, "note", refs[number % 3], text]
        code, err = run_once(args)
        if code == 0:
            out.write(f"ack {text.split()[0]}\n")
        else:
            out.write(f"fail {code} {json.dumps(err)}\n")
        out.flush()


if __name__ == "__main__":
    main()
