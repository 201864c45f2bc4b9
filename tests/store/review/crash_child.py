"""Child of the crash test: writes links and notes, acknowledging each on stdout.

    python crash_child.py STORE START

An acknowledgement is printed only after the store call has returned, i.e.
after the transaction committed; the parent may SIGKILL us at any moment.
"""

from __future__ import annotations

import sys

from store.agreements.tags import DEFAULT_TAGS
from store.review.store import ReviewStore
from tests.support.corpus import grid_layout, make_corpus

SIDE = 150


def pair(number: int) -> tuple[str, str]:
    return f"left/c{number // SIDE}", f"right/c{number % SIDE}"


def main() -> None:
    path, start = sys.argv[1], int(sys.argv[2])
    corpus = make_corpus(grid_layout(SIDE))
    tags = DEFAULT_TAGS.ids
    out = sys.stdout
    with ReviewStore.open(path, "crash", corpus=corpus) as store:
        store.note_coalesce_seconds = 0
        out.write("ready\n")
        out.flush()
        for number in range(start, start + 200):
            a, b = pair(number)
            tag = tags[number % len(tags)]
            store.set_link(a, b, status="confirmed", tag=tag)
            out.write(f"L {a} {b} {tag}\n")
            out.flush()
            if number % 3 == 0:
                note = store.add_note(a, f"n{number}-0")
                out.write(f"N {note.id} {number} 0\n")
                out.flush()
                store.update_note(note.id, f"n{number}-1", note.version)
                out.write(f"N {note.id} {number} 1\n")
                out.flush()


if __name__ == "__main__":
    main()
