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

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.review.errors import NotAStoreError, StoreError, StoreFaultError, StoreTooNewError
from store.review.faults import describe_sqlite_error
from store.safe_paths import describe_kind

SCHEMA_VERSION = 3
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

# Version 2. Note text typed but not yet saved as a note, one row per reviewer
# and target, so a hangup between a key and the autosave loses nothing. Not
# review records: no history, no version, never exported.
_V2 = """
CREATE TABLE drafts (
    reviewer  TEXT NOT NULL,
    ref       TEXT NOT NULL,
    other_ref TEXT NOT NULL DEFAULT '',
    note_id   INTEGER,
    text      TEXT NOT NULL,
    updated   TEXT NOT NULL,
    PRIMARY KEY (reviewer, ref, other_ref)
);
"""

# Version 3. A link's origin: 'matcher' (every link before this version was
# judged from a suggestion) or 'manual' (paired by hand, which the exports show).
_V3 = """
ALTER TABLE links ADD COLUMN origin TEXT NOT NULL DEFAULT 'matcher'
    CHECK (origin IN ('matcher', 'manual'))
"""

# MIGRATIONS[n] turns a version-n store into version n + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)


def connect(
    path: Path | str, *, create: bool = True, read_only: bool = False
) -> sqlite3.Connection:
    """Open (and if needed create or migrate) the store at `path`.

    `read_only` opens an existing store for reading only (SQLite `mode=ro`), so
    exporting works on a store the user may only read.
    """
    target = str(path)
    if target != ":memory:":
        file = Path(path)
        if (not create or read_only) and not file.exists():
            raise StoreError(f"no review store at {file}")
        _check_store_path(file)
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        if read_only and target != ":memory:":
            conn = _connect_read_only(Path(path))
        else:
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise StoreError(describe_sqlite_error(error, target)) from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_foreign(conn, target)
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            _migrate(conn, target)
        elif conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            raise StoreError(
                f"the review store {target} is empty or from an older Accord, and reading "
                "does not change it; any command that writes (such as `accord note`) sets it up"
            )
    except sqlite3.OperationalError as error:
        conn.close()
        raise StoreError(describe_sqlite_error(error, target)) from error
    except sqlite3.DatabaseError as error:
        conn.close()
        raise NotAStoreError(f"{target} is not an Accord review store ({error})") from error
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_read_only(file: Path) -> sqlite3.Connection:
    """A read-only connection, also to a store in a folder the user cannot write.

    SQLite's `mode=ro` still needs the `-shm` file of a WAL store, and cannot
    create it in a read-only folder. When there is no `-wal` file either, every
    committed write is in the main file, and `immutable=1` reads it without the
    shared memory (a writer would need that folder's write access to start one).
    """
    uri = file.absolute().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if os.path.lexists(f"{file}-wal"):
            raise
    return sqlite3.connect(
        f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
    )


def _check_store_path(file: Path) -> None:
    """The store is a regular file (or new) in a folder that exists or can be made."""
    if file.exists() and not file.is_file():
        raise StoreError(
            f"the review store {file} is {describe_kind(file.stat().st_mode)}, not a file; "
            "choose another store with --store or $ACCORD_STORE"
        )
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # FileExistsError / NotADirectoryError: some part of the path is a file.
        reason = (
            "part of that path is a file, not a folder"
            if isinstance(error, FileExistsError | NotADirectoryError)
            else error.strerror or str(error)
        )
        raise StoreError(
            f"cannot create the folder of the review store {file}: {reason}; "
            "choose another store with --store or $ACCORD_STORE"
        ) from error


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
    """One durable write: BEGIN IMMEDIATE … COMMIT, rolled back on any error.

    A fault of the machine (full disk, lock held past the busy timeout,
    read-only file) becomes StoreFaultError with a message for the user, so
    every caller that handles StoreError shows it instead of a traceback.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise StoreFaultError(describe_sqlite_error(error, _store_name(conn))) from error
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as error:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back itself
                conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.OperationalError):
            raise StoreFaultError(describe_sqlite_error(error, _store_name(conn))) from error
        raise


def _store_name(conn: sqlite3.Connection) -> str:
    """The file behind a connection, for a message."""
    try:
        for _, name, file in conn.execute("PRAGMA database_list"):
            if name == "main":
                return str(file) or ":memory:"
    except sqlite3.Error:
        pass
    return "in use"


@contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent snapshot across several SELECTs."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
