"""The history: an SQLite database of events and the saved reminder state (WAL, versioned schema)."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, Protocol

from hipbreak.core.events import Event
from hipbreak.language import _

SCHEMA_VERSION = 2

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
    # Each event the app records carries a unique id, so that saving it again after a crash between the
    # insert and the emptying of the pending queue (history_queue.py) adds nothing.
    2: """
        ALTER TABLE events ADD COLUMN uid TEXT;
        CREATE UNIQUE INDEX events_uid ON events (uid) WHERE uid IS NOT NULL;
    """,
}

# Why a write or an open failed: another program holds the lock, the disk is full, or anything else.
BUSY, FULL, OTHER = "busy", "full", "other"


class HistoryError(Exception):
    """The history cannot be opened or written; the message says why and what to do, `reason` which kind."""

    def __init__(self, message: str, reason: str = OTHER) -> None:
        super().__init__(message)
        self.reason = reason


class EventLog(Protocol):
    """What the statistics read: the database alone, or the database with the events still pending."""

    def count(self, kind: str, day: str) -> int: ...
    def count_local_day(self, kind: str, day: date, zone: tzinfo) -> int: ...
    def events(self, first_day: str, last_day: str) -> Iterator[Event]: ...


class History:
    """Read and append events; one instance per thread that uses it (SQLite connections are not shared)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, moved_aside: Path | None = None) -> None:
        self._db = connection
        self.path = path
        self.moved_aside = moved_aside  # where a corrupt database was moved, to tell the user
        self._identity = _identity(path)  # the file this connection writes to, to notice it deleted

    @classmethod
    def open(cls, path: Path, now: datetime | None = None, busy_timeout: float = 5.0) -> History:
        """Open (creating or migrating) the history at `path`; a corrupt file is moved aside, not deleted.

        `busy_timeout` is how long a statement waits for another program's lock before it fails as BUSY.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(
                _("cannot create the data folder {path}: {error}").format(
                    path=path.parent, error=exc.strerror
                ),
                FULL if exc.errno == errno.ENOSPC else OTHER,
            ) from exc
        moved: Path | None = None
        try:
            connection = cls._connect(path, busy_timeout)
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise HistoryError(_cannot_open(path, exc), _reason(exc)) from exc
            moved = _move_aside(path, now or datetime.now(timezone.utc))
            try:
                connection = cls._connect(path, busy_timeout)
            except sqlite3.DatabaseError as again:
                raise HistoryError(_cannot_open(path, again), _reason(again)) from again
        return cls(connection, path, moved)

    @staticmethod
    def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        except sqlite3.OperationalError as exc:
            message = _("cannot open the history {path}: {error}; check the folder's permissions")
            raise HistoryError(message.format(path=path, error=exc), _reason(exc)) from exc
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                connection.close()
                # Translators: {version} is a number: the history file's format version.
                message = _(
                    "the history {path} was written by a newer hipbreak (schema {version}); upgrade hipbreak"
                )
                raise HistoryError(message.format(path=path, version=version))
            # Damaged pages past the header open fine and fail only when read; find them now, while the
            # file can still be moved aside, not in the middle of a command.
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError(_QUICK_CHECK_FAILED)
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

    def record(self, event: Event, uid: str | None = None) -> None:
        """Append `event`; it is on disk when this returns. An event with a `uid` saved before is skipped."""
        self.record_all([(uid, event)])

    def record_all(self, items: Iterable[tuple[str | None, Event]]) -> None:
        """Append (uid, event) pairs in one transaction: all of them or, on HistoryError, none."""
        rows = [(uid, *_columns(event)) for uid, event in items]
        if not rows:
            return
        try:
            if len(rows) == 1:
                self._db.execute(_INSERT, rows[0])
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(_INSERT, rows)
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:  # SQLite ends some failed transactions itself (a full disk)
                    self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise HistoryError(_cannot_write(self.path, exc), _reason(exc)) from exc

    def saved_uids(self, uids: Iterable[str]) -> set[str]:
        """Return those of `uids` whose events are in the database already."""
        wanted = list(uids)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one statement
            chunk = wanted[start : start + 500]
            marks = ",".join("?" for _ in chunk)
            rows = self._db.execute(f"SELECT uid FROM events WHERE uid IN ({marks})", chunk)
            found.update(str(row[0]) for row in rows)
        return found

    def replaced(self) -> bool:
        """Whether the file at `path` is gone or another one than this connection writes to."""
        now = _identity(self.path)
        return now is None or now != self._identity

    def count(self, kind: str, day: str) -> int:
        """Return how many `kind` events fell on the local calendar day `day` (YYYY-MM-DD)."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM events WHERE day = ? AND kind = ?", (day, kind)
        ).fetchone()
        return int(row[0])

    def count_local_day(self, kind: str, day: date, zone: tzinfo) -> int:
        """Return how many `kind` events fell on `day` as the clock reads in `zone` (the current zone).

        This is "today" after a change of time zone too: a break taken this morning somewhere else counts
        today if it was after midnight here, and a break that was "tomorrow" there is not counted twice.
        """
        start = datetime.combine(day, time(0), tzinfo=zone)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        # Offsets differ by 26 h at most, so the recorded day is within 2 days of `day`: the index serves.
        row = self._db.execute(
            "SELECT COUNT(*) FROM events WHERE day BETWEEN ? AND ? AND kind = ? AND ts >= ? AND ts < ?",
            (
                (day - timedelta(days=2)).isoformat(),
                (day + timedelta(days=2)).isoformat(),
                kind,
                start.timestamp(),
                end.timestamp(),
            ),
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
            raise HistoryError(_cannot_write(self.path, exc), _reason(exc)) from exc

    def integrity_ok(self) -> bool:
        """Return whether SQLite's integrity check passes."""
        return bool(self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    connection.execute("PRAGMA journal_mode = WAL")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        # Another process opening the same new file may have migrated since `version` was read.
        if connection.execute("PRAGMA user_version").fetchone()[0] >= target:
            connection.execute("COMMIT")
            continue
        for statement in _MIGRATIONS[target].split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {target}")
        connection.execute("COMMIT")


_INSERT = "INSERT OR IGNORE INTO events (uid, ts, utc_offset, day, kind, data) VALUES (?, ?, ?, ?, ?, ?)"


def _columns(event: Event) -> tuple[float, int, str, str, str]:
    offset = event.at.utcoffset() or timedelta(0)
    return event.at.timestamp(), int(offset.total_seconds()), event.day, event.kind, json.dumps(event.data)


# Read by _is_corruption, never shown: it says "malformed" as SQLite's own message does.
_QUICK_CHECK_FAILED = "database disk image is malformed (quick_check failed)"  # not user text


def _cannot_open(path: Path, error: sqlite3.Error) -> str:
    # Translators: {error} is SQLite's own reason, in English.
    return _("cannot open the history {path}: {error}").format(path=path, error=error)


def _cannot_write(path: Path, error: sqlite3.Error) -> str:
    # Translators: {error} is SQLite's own reason, in English.
    return _("cannot write to the history {path}: {error}").format(path=path, error=error)


def _reason(exc: sqlite3.Error) -> str:
    """BUSY, FULL or OTHER for an SQLite error, by its result code (or its text where there is none)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary in (5, 6) or "locked" in text or "busy" in text:  # SQLITE_BUSY, SQLITE_LOCKED
        return BUSY
    if primary == 13 or "full" in text:  # SQLITE_FULL
        return FULL
    return OTHER


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "file is encrypted" in text  # not user text


def _move_aside(path: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return target
