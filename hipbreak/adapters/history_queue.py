"""The pending queue: events the history could not take yet, one JSON line each, in a 0600 file beside it.

Every write is fsynced, and every use holds an flock on the file, so that the app and a CLI command may
share it. A line that cannot be read (a crash mid-write, a hand edit) is skipped; the file as it was is
kept beside it under a timestamped name before the rest is written back.
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import json
import logging
import os
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from hipbreak.adapters.atomic_file import read_all, sync_folder
from hipbreak.adapters.history import History
from hipbreak.core.events import Event
from hipbreak.language import _

log = logging.getLogger(__name__)


def queue_path(history_path: Path) -> Path:
    """Return where the queue of the history at `history_path` lives: history-pending.jsonl beside it."""
    return history_path.with_name(f"{history_path.stem}-pending.jsonl")


@dataclass(frozen=True)
class Pending:
    """An event waiting to be saved, with the id that makes saving it twice add nothing."""

    uid: str
    event: Event

    @classmethod
    def new(cls, event: Event) -> Pending:
        """Return `event` with a fresh unique id."""
        return cls(uuid.uuid4().hex, event)

    def to_line(self) -> bytes:
        """Return this event as one JSON line (newline included)."""
        offset = self.event.at.utcoffset() or timedelta(0)
        record = {
            "uid": self.uid,
            "kind": self.event.kind,
            "ts": self.event.at.timestamp(),
            "utc_offset": int(offset.total_seconds()),
            "data": self.event.data,
        }
        return (json.dumps(record, separators=(",", ":")) + "\n").encode()

    @classmethod
    def from_line(cls, line: bytes) -> Pending:
        """Return the event of one line written by to_line; raise ValueError for anything else."""
        record: Any = json.loads(line)
        if not isinstance(record, dict) or not isinstance(record.get("data"), dict):
            raise ValueError("not an event record")  # not user text: counted, never shown
        uid, kind, ts, offset = (
            record.get("uid"),
            record.get("kind"),
            record.get("ts"),
            record.get("utc_offset"),
        )
        if not isinstance(uid, str) or not uid or not isinstance(kind, str):
            raise ValueError("no id or kind")  # not user text
        if not isinstance(ts, (int, float)) or not isinstance(offset, int) or isinstance(offset, bool):
            raise ValueError("no time")  # not user text
        try:
            at = datetime.fromtimestamp(ts, timezone(timedelta(seconds=offset)))
        except (OverflowError, OSError) as exc:
            raise ValueError("time out of range") from exc  # not user text
        return cls(uid, Event(kind, at, record["data"]))  # Event refuses an unknown kind (ValueError)


class PendingQueue:
    """The queue file at `path`; one instance per thread, any number of processes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, item: Pending) -> None:
        """Add `item` and fsync; raise OSError when it could not be written (nothing half-written stays)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        created = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            _check_regular(fd, self.path)
            _lock(fd, exclusive=True)
            size = os.fstat(fd).st_size
            try:
                _write_all(fd, item.to_line())
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):  # a full disk may have taken part of the line
                    os.ftruncate(fd, size)
                raise
        finally:
            os.close(fd)
        if created:
            sync_folder(self.path.parent)

    def read(self) -> list[Pending]:
        """Return the waiting events without changing the file (unreadable lines skipped); [] if none."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return []
        try:
            _check_regular(fd, self.path)
            _lock(fd, exclusive=False)
            items, _bad = _parse(read_all(fd))
        finally:
            os.close(fd)
        return items

    def load(self) -> list[Pending]:
        """Return the waiting events, first setting unreadable lines aside (one log line); raise OSError."""
        with self._held() as held:
            return held[1] if held else []

    def drain(self, save: Callable[[list[Pending]], None]) -> None:
        """Hand the waiting events to `save` and empty the file once it returns; if it raises, keep them."""
        with self._held() as held:
            if held is None:
                save([])
                return
            fd, items = held
            save(items)
            os.ftruncate(fd, 0)
            os.fsync(fd)

    @contextlib.contextmanager
    def _held(self) -> Iterator[tuple[int, list[Pending]] | None]:
        """Lock the file and read it, with unreadable lines set aside; None when there is no file."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
        except FileNotFoundError:
            yield None
            return
        try:
            _check_regular(fd, self.path)
            _lock(fd, exclusive=True)
            raw = read_all(fd)
            items, bad = _parse(raw)
            if bad:
                self._set_aside(fd, raw, items, bad)
            yield fd, items
        finally:
            os.close(fd)

    def _set_aside(self, fd: int, raw: bytes, items: list[Pending], bad: int) -> None:
        """Keep the whole file as it was under a new name, then write back only the readable lines."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        number = 1
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{number}")
        copy = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            _write_all(copy, raw)
            os.fsync(copy)
        finally:
            os.close(copy)
        sync_folder(self.path.parent)
        os.ftruncate(fd, 0)
        _write_all(fd, b"".join(item.to_line() for item in items))
        os.fsync(fd)
        log.warning(
            "skipped %d unreadable line(s) in the pending queue %s; the file as it was is kept as %s",
            bad,
            self.path,
            aside,
        )


class WithPending:
    """The history as a reader sees it: the database's events plus those waiting in its queue."""

    def __init__(self, history: History | None, waiting: list[Pending]) -> None:
        self.history = history  # None when the database cannot be opened: the queue alone
        self.waiting = waiting

    @classmethod
    def read(cls, history: History | None, history_path: Path) -> WithPending:
        """Read the queue of the history at `history_path`, leaving out events the database holds already."""
        try:
            items = PendingQueue(queue_path(history_path)).read()
        except OSError as exc:
            log.warning("cannot read the pending queue %s: %s", queue_path(history_path), exc.strerror)
            items = []
        if history is not None and items:
            try:
                saved = history.saved_uids(item.uid for item in items)
            except sqlite3.Error:  # an older schema without ids: nothing there came from the queue
                saved = set()
            items = [item for item in items if item.uid not in saved]
        return cls(history, items)

    def waiting_count(self, kind: str, day: str | None = None) -> int:
        """Return how many `kind` events (on `day`, if given) wait to be saved."""
        return sum(1 for i in self.waiting if i.event.kind == kind and (day is None or i.event.day == day))

    def count(self, kind: str, day: str) -> int:
        """Return how many `kind` events fell on the local day `day`, saved or waiting."""
        saved = self.history.count(kind, day) if self.history is not None else 0
        return saved + self.waiting_count(kind, day)

    def count_local_day(self, kind: str, day: date, zone: tzinfo) -> int:
        """Return how many `kind` events fell on `day` as the clock reads in `zone`, saved or waiting."""
        saved = self.history.count_local_day(kind, day, zone) if self.history is not None else 0
        return saved + self.waiting_local_day(kind, day, zone)

    def waiting_local_day(self, kind: str, day: date, zone: tzinfo) -> int:
        """Return how many `kind` events that fell on `day` in `zone` wait to be saved."""
        return sum(1 for i in self.waiting if i.event.kind == kind and on_local_day(i.event, day, zone))

    def events(self, first_day: str, last_day: str) -> Iterator[Event]:
        """Yield the events of the local days first_day..last_day, saved or waiting, oldest first."""
        waiting = sorted(
            (i.event for i in self.waiting if first_day <= i.event.day <= last_day),
            key=lambda event: event.at.timestamp(),
        )
        saved = self.history.events(first_day, last_day) if self.history is not None else iter(())
        return heapq.merge(saved, waiting, key=lambda event: event.at.timestamp())


def on_local_day(event: Event, day: date, zone: tzinfo) -> bool:
    """Whether `event` fell on `day` as the clock reads in `zone` (the current zone; see History)."""
    return event.at.astimezone(zone).date() == day


def _parse(raw: bytes) -> tuple[list[Pending], int]:
    items: list[Pending] = []
    bad = 0
    lines = raw.split(b"\n")
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        if number == len(lines) - 1:  # no newline after it: a write that never finished
            bad += 1
            continue
        try:
            items.append(Pending.from_line(line))
        except ValueError:  # json's errors, and UnicodeDecodeError, are ValueErrors
            bad += 1
    return items, bad


def _check_regular(fd: int, path: Path) -> None:
    # A device in its place (a link to /dev/null) would swallow events or never end when read.
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise OSError(errno.EINVAL, _("not a regular file"), str(path))


def _lock(fd: int, exclusive: bool) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: one process at a time uses the queue there (the app or the CLI)
        return
    fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
