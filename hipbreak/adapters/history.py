"""The history: an SQLite database of events and the saved reminder state (WAL, versioned schema)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hipbreak.core.events import Event

SCHEMA_VERSION = 1

_MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,            -- seconds since the epoch (UTC)
            utc_offset INTEGER NOT NULL, -- the user's offset from UTC then, in seconds
            day TEXT NOT NULL,           -- the user's local calendar day then, YYYY-MM-DD
            kind TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_day_kind ON events (day, kind);
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
}


class HistoryError(Exception):
    """The history cannot be opened or written; the message says why and what to do."""


class History:
    """Read and append events; one instance per thread that uses it (SQLite connections are not shared)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, moved_aside: Path | None = None) -> None:
        self._db = connection
        self.path = path
        self.moved_aside = moved_aside  # where a corrupt database was moved, to tell the user

    @classmethod
    def open(cls, path: Path, now: datetime | None = None) -> History:
        """Open (creating or migrating) the history at `path`; a corrupt file is moved aside, not deleted."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"cannot create the data folder {path.parent}: {exc.strerror}") from exc
        moved: Path | None = None
        try:
            connection = cls._connect(path)
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise HistoryError(f"cannot open the history {path}: {exc}") from exc
            moved = _move_aside(path, now or datetime.now(timezone.utc))
            try:
                connection = cls._connect(path)
            except sqlite3.DatabaseError as again:
                raise HistoryError(f"cannot open the history {path}: {again}") from again
        return cls(connection, path, moved)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(path, timeout=5.0, isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise HistoryError(
                f"cannot open the history {path}: {exc}; check the folder's permissions"
            ) from exc
        try:
            connection.execute("PRAGMA busy_timeout = 5000")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                connection.close()
                raise HistoryError(
                    f"the history {path} was written by a newer hipbreak (schema {version}); upgrade hipbreak"
                )
            # Damaged pages past the header open fine and fail only when read; find them now, while the
            # file can still be moved aside, not in the middle of a command.
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed (quick_check failed)")
            if version < SCHEMA_VERSION or connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                _migrate(connection, version)
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def record(self, event: Event) -> None:
        """Append `event`; it is on disk when this returns."""
        offset = event.at.utcoffset() or timedelta(0)
        try:
            self._db.execute(
                "INSERT INTO events (ts, utc_offset, day, kind, data) VALUES (?, ?, ?, ?, ?)",
                (
                    event.at.timestamp(),
                    int(offset.total_seconds()),
                    event.day,
                    event.kind,
                    json.dumps(event.data),
                ),
            )
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot write to the history {self.path}: {exc}") from exc

    def count(self, kind: str, day: str) -> int:
        """Return how many `kind` events fell on the local calendar day `day` (YYYY-MM-DD)."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM events WHERE day = ? AND kind = ?", (day, kind)
        ).fetchone()
        return int(row[0])

    def events(self, first_day: str, last_day: str) -> Iterator[Event]:
        """Yield the events of the local days first_day..last_day (inclusive), oldest first."""
        rows = self._db.execute(
            "SELECT ts, utc_offset, kind, data FROM events WHERE day BETWEEN ? AND ? ORDER BY ts, id",
            (first_day, last_day),
        )
        for ts, offset, kind, data in rows:
            zone = timezone(timedelta(seconds=offset))
            yield Event(kind, datetime.fromtimestamp(ts, zone), json.loads(data))

    def last_event(self, kinds: tuple[str, ...]) -> Event | None:
        """Return the newest event of one of `kinds`, or None."""
        marks = ",".join("?" for _ in kinds)
        row = self._db.execute(
            f"SELECT ts, utc_offset, kind, data FROM events WHERE kind IN ({marks}) "
            "ORDER BY ts DESC, id DESC LIMIT 1",
            kinds,
        ).fetchone()
        if row is None:
            return None
        ts, offset, kind, data = row
        return Event(kind, datetime.fromtimestamp(ts, timezone(timedelta(seconds=offset))), json.loads(data))

    def load_state(self, key: str) -> dict[str, Any] | None:
        """Return the saved state under `key`, or None when there is none."""
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def save_state(self, key: str, value: dict[str, Any]) -> None:
        """Save `value` under `key`, replacing what was there."""
        try:
            self._db.execute(
                "INSERT INTO state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot write to the history {self.path}: {exc}") from exc

    def integrity_ok(self) -> bool:
        """Return whether SQLite's integrity check passes."""
        return bool(self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    connection.execute("PRAGMA journal_mode = WAL")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        for statement in _MIGRATIONS[target].split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {target}")
        connection.execute("COMMIT")


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "file is encrypted" in text


def _move_aside(path: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return target
