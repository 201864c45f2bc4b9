"""The review store's SQLite file: connection settings, schema and migrations.

Durability and sharing come from SQLite itself:

- WAL journal + `synchronous=FULL`: a commit is on disk when it returns.
- Every write is one `BEGIN IMMEDIATE` transaction: it takes the write lock up
  front, so a second instance waits (busy timeout) instead of failing with
  SQLITE_BUSY_SNAPSHOT half-way through.
- `PRAGMA user_version` is the schema version. Migrations run in a write
  transaction, so two instances opening an old store at once migrate it once.
  A store from a newer Accord is refused *before* anything is written to it.
- `PRAGMA application_id` marks the file as Accord's, so pointing `--store`
  at some other database is refused instead of "migrated".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.review.errors import NotAStoreError, StoreError, StoreTooNewError

SCHEMA_VERSION = 2
APPLICATION_ID = 0x41434344  # "ACCD"
BUSY_TIMEOUT_MS = 10_000


# Version 1. Pairs are stored as the caller gave them (the orientation the
# reviewer worked in); the unique index on the unordered pair makes (a, b) and
# (b, a) the same link. Text snapshots are kept beside fingerprints so an
# outdated record can show the wording its reviewer actually saw.
_V1 = """
CREATE TABLE links (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    ref_a         TEXT NOT NULL,
    ref_b         TEXT NOT NULL,
    status        TEXT NOT NULL
                  CHECK (status IN ('suggested', 'confirmed', 'rejected', 'deferred')),
    tag           TEXT,
    score         REAL,
    fingerprint_a TEXT NOT NULL,
    fingerprint_b TEXT NOT NULL,
    snapshot_a    TEXT NOT NULL,
    snapshot_b    TEXT NOT NULL,
    reviewer      TEXT NOT NULL,
    created       TEXT NOT NULL,
    updated       TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (ref_a <> ref_b)
);
CREATE UNIQUE INDEX links_pair ON links (min(ref_a, ref_b), max(ref_a, ref_b));
CREATE INDEX links_ref_a ON links (ref_a);
CREATE INDEX links_ref_b ON links (ref_b);

CREATE TABLE notes (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    ref               TEXT NOT NULL,
    other_ref         TEXT,
    text              TEXT NOT NULL,
    fingerprint       TEXT NOT NULL,
    snapshot          TEXT NOT NULL,
    other_fingerprint TEXT,
    other_snapshot    TEXT,
    reviewer          TEXT NOT NULL,
    created           TEXT NOT NULL,
    updated           TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    CHECK ((other_ref IS NULL) = (other_fingerprint IS NULL))
);
CREATE INDEX notes_ref ON notes (ref);
CREATE INDEX notes_other_ref ON notes (other_ref);

CREATE TABLE reviewed (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ref         TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    snapshot    TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE history (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    action    INTEGER NOT NULL,
    reviewer  TEXT NOT NULL,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('link', 'note', 'reviewed')),
    record_id INTEGER NOT NULL,
    ref_a     TEXT NOT NULL,
    ref_b     TEXT,
    op        TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'undo')),
    summary   TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    undone_by INTEGER
);
CREATE INDEX history_action ON history (reviewer, action);
CREATE INDEX history_record ON history (kind, record_id);
CREATE INDEX history_ref_a ON history (ref_a);
CREATE INDEX history_ref_b ON history (ref_b);
"""

# Version 2. A link's origin: 'matcher' (every link before this version was
# judged from a suggestion) or 'manual' (paired by hand, which the exports show).
_V2 = """
ALTER TABLE links ADD COLUMN origin TEXT NOT NULL DEFAULT 'matcher'
    CHECK (origin IN ('matcher', 'manual'))
"""

# MIGRATIONS[n] turns a version-n store into version n + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2)


def connect(path: Path | str, *, create: bool = True) -> sqlite3.Connection:
    """Open (and if needed create or migrate) the store at `path`."""
    target = str(path)
    if target != ":memory:":
        file = Path(path)
        if not create and not file.exists():
            raise StoreError(f"no review store at {file}")
        file.parent.mkdir(parents=True, exist_ok=True)
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the review store {target}: {error}") from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_foreign(conn, target)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, target)
    except sqlite3.OperationalError as error:
        conn.close()
        raise StoreError(f"cannot use the review store {target}: {error}") from error
    except sqlite3.DatabaseError as error:
        conn.close()
        raise NotAStoreError(f"{target} is not an Accord review store ({error})") from error
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_foreign(conn: sqlite3.Connection, target: str) -> None:
    """Reads only: decide whether this file may be used before touching it."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreTooNewError(too_new_message(target, version))
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and has_tables):
        raise NotAStoreError(
            f"{target} is a database but not an Accord review store; "
            "choose another file with --store or $ACCORD_STORE"
        )


def too_new_message(target: str, version: int) -> str:
    return (
        f"the review store {target} was written by a newer Accord "
        f"(store format {version}, this Accord reads up to {SCHEMA_VERSION}); "
        "upgrade Accord to use it. The store has not been changed."
    )


def _migrate(conn: sqlite3.Connection, target: str) -> None:
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    with write_transaction(conn):
        # Re-read under the write lock: another instance may have migrated.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreTooNewError(too_new_message(target, version))
        if version == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One durable write: BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent snapshot across several SELECTs."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
