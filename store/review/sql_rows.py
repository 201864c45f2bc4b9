"""Rows ↔ records, and the few generic row writes that history and undo share.

A history entry stores a whole row as JSON (`before`, `after`), so undo can put
a row back exactly as it was, whichever table it lives in.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from typing import Any

from store.review.records import Kind, Link, Note, Record, ReviewedMark

TABLES: dict[Kind, str] = {"link": "links", "note": "notes", "reviewed": "reviewed"}
_TYPES: dict[Kind, type[Link] | type[Note] | type[ReviewedMark]] = {
    "link": Link,
    "note": Note,
    "reviewed": ReviewedMark,
}
COLUMNS: dict[Kind, tuple[str, ...]] = {
    kind: tuple(f.name for f in dataclasses.fields(cls)) for kind, cls in _TYPES.items()
}
# Columns added by later schema versions have defaults; rows written before them
# (in the history's JSON, or an older review file) get the default when read back.
DEFAULTS: dict[Kind, dict[str, Any]] = {
    kind: {
        f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING
    }
    for kind, cls in _TYPES.items()
}
SELECT: dict[Kind, str] = {
    kind: f"SELECT {', '.join(COLUMNS[kind])} FROM {TABLES[kind]}" for kind in TABLES
}


def to_record(kind: Kind, row: tuple[Any, ...] | dict[str, Any]) -> Record:
    if isinstance(row, dict):
        full = complete(kind, row)
        return _TYPES[kind](**{name: full[name] for name in COLUMNS[kind]})
    return _TYPES[kind](*row)


def complete(kind: Kind, row: dict[str, Any]) -> dict[str, Any]:
    """`row` with the defaults of any column it predates."""
    missing = DEFAULTS[kind].keys() - row.keys()
    return {**{name: DEFAULTS[kind][name] for name in missing}, **row} if missing else row


def to_row(record: Record) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def fetch(conn: sqlite3.Connection, kind: Kind, record_id: int) -> Record | None:
    row = conn.execute(f"{SELECT[kind]} WHERE id = ?", (record_id,)).fetchone()
    return to_record(kind, row) if row else None


def insert(conn: sqlite3.Connection, kind: Kind, row: dict[str, Any]) -> int:
    """Insert `row`; an `id` of None lets SQLite choose a new one."""
    row = complete(kind, row)
    names = [name for name in COLUMNS[kind] if not (name == "id" and row.get("id") is None)]
    sql = (
        f"INSERT INTO {TABLES[kind]} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    )
    cursor = conn.execute(sql, [row[name] for name in names])
    return int(row["id"] if row.get("id") is not None else cursor.lastrowid or 0)


def update(conn: sqlite3.Connection, kind: Kind, row: dict[str, Any]) -> None:
    row = complete(kind, row)
    names = [name for name in COLUMNS[kind] if name != "id"]
    sql = f"UPDATE {TABLES[kind]} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?"
    conn.execute(sql, [*(row[name] for name in names), row["id"]])


def delete(conn: sqlite3.Connection, kind: Kind, record_id: int) -> None:
    conn.execute(f"DELETE FROM {TABLES[kind]} WHERE id = ?", (record_id,))


def dump(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False, sort_keys=True)


def load(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None
