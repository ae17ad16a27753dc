"""The app's history: every event lands in the database, or waits in the pending queue until it can.

The database may be locked by another program (a backup, `sqlite3` left open), deleted, or on a full
disk. Then the event goes to the queue file (history_queue.py) and stays in memory too, and the keeper
tries again with a growing delay; the app wakes itself at `retry_at` for that. Each event carries a
unique id, so a retry after a crash between saving and emptying the queue adds nothing twice.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from hipbreak.adapters.history import History, HistoryError
from hipbreak.adapters.history_queue import Pending, PendingQueue, on_local_day, queue_path
from hipbreak.core.events import Event

log = logging.getLogger(__name__)

FIRST_DELAY = timedelta(seconds=1)
LONGEST_DELAY = timedelta(seconds=60)
# The app's state thread waits this long for another program's lock before it queues the event.
APP_BUSY_TIMEOUT = 1.0
BREAK = "stretch_completed"


class HistoryKeeper:
    """Keeps every event recorded through it; state thread only (or one CLI command's thread)."""

    def __init__(
        self, path: Path, now: Callable[[], datetime], busy_timeout: float = APP_BUSY_TIMEOUT
    ) -> None:
        self.path = path
        self.queue = PendingQueue(queue_path(path))
        self._now = now
        self._busy_timeout = busy_timeout
        self._history: History | None = None
        self._waiting: list[Pending] = []  # every event not in the database yet, oldest first
        self._only_here: set[str] = set()  # ids of those the queue file refused: kept in memory only
        self._in_file = False  # whether the queue file may hold events
        self._states: dict[str, dict[str, Any]] = {}  # state saves held back while the database is busy
        self._delay = FIRST_DELAY
        self._recount = False
        self.retry_at: datetime | None = None  # when to try again; None while nothing waits
        self.problem: str | None = None  # why events wait: "busy", "full" or "other"
        self.moved_aside: Path | None = None  # where a corrupt database was moved at the first open
        self.open_error: HistoryError | None = None  # why the first open failed, for the user
        self.recovered = 0  # breaks left waiting by an earlier run, saved when this one opened

    @classmethod
    def open(
        cls, path: Path, now: Callable[[], datetime], busy_timeout: float = APP_BUSY_TIMEOUT
    ) -> HistoryKeeper:
        """Open the history and its queue, saving what an earlier run left waiting; never raises."""
        keeper = cls(path, now, busy_timeout)
        try:
            keeper._waiting = keeper.queue.load()
            keeper._in_file = bool(keeper._waiting)
        except OSError as exc:
            log.warning("cannot read the pending queue %s: %s", keeper.queue.path, exc.strerror)
            keeper._in_file = keeper.queue.path.exists()
        left = sum(1 for item in keeper._waiting if item.event.kind == BREAK)
        try:
            keeper._history = History.open(path, busy_timeout=busy_timeout)
            keeper.moved_aside = keeper._history.moved_aside
            keeper._forget_saved()
        except HistoryError as exc:
            keeper.open_error = exc
            keeper._failed(exc)
        if keeper._waiting and keeper._history is not None and keeper._flush():
            keeper.recovered = left
        keeper._recount = False  # the app counts once it has opened us
        return keeper

    def _forget_saved(self) -> None:
        """Forget queued events a crash left behind once saved (the file keeps them until drained)."""
        if not self._waiting or self._history is None:
            return
        try:
            saved = self._history.saved_uids(item.uid for item in self._waiting)
        except sqlite3.Error:
            return
        self._waiting = [item for item in self._waiting if item.uid not in saved]

    # -- writing ---------------------------------------------------------------------------------

    def record(self, event: Event, uid: str | None = None) -> None:
        """Save `event`, or keep it waiting (on disk if possible) and try again later; never raises.

        A `uid` of the caller's (a stretch's outcome) makes a second save of the same event add nothing.
        """
        item = Pending(uid, event) if uid else Pending.new(event)
        self._waiting.append(item)
        if self.retry_at is not None and not self._due():
            self._keep(item)  # a retry is set: wait for it rather than block on the lock again
        elif not self._flush():
            self._keep(item)

    def retry(self) -> None:
        """Try again to save what waits, if its time has come (a moved clock counts as come)."""
        if self.retry_at is not None and self._due():
            self._flush()

    def save_state(self, key: str, value: dict[str, Any]) -> None:
        """Save `value` under `key`; while the database cannot be written, hold it for the next save."""
        self._states[key] = value
        if self.retry_at is not None and not self._due():
            return
        if self._history is None and not self._open():
            return
        assert self._history is not None
        try:
            self._history.save_state(key, value)
        except HistoryError as exc:
            self._failed(exc)
            return
        del self._states[key]

    def _flush(self) -> bool:
        """Write what waits and the held states; on failure, schedule the next try. True when all saved."""
        if (self._history is None or self._history.replaced()) and not self._open():
            return False
        history = self._history
        assert history is not None
        waiting = list(self._waiting)
        try:
            self._write(history, waiting)
        except HistoryError as exc:
            self._failed(exc)
            return False
        if waiting and self.problem is not None:
            log.info("the history %s takes writes again; %d waiting event(s) saved", self.path, len(waiting))
        del self._waiting[: len(waiting)]
        self._only_here.clear()
        try:
            for key, value in list(self._states.items()):
                history.save_state(key, value)
                del self._states[key]
        except HistoryError as exc:
            self._failed(exc)
            return False
        self.problem, self.retry_at, self._delay = None, None, FIRST_DELAY
        return True

    def _write(self, history: History, waiting: list[Pending]) -> None:
        """Save `waiting` and what the queue file holds, then empty the file; raise HistoryError."""
        if not self._in_file:
            history.record_all((item.uid, item.event) for item in waiting)
            return
        try:
            self.queue.drain(lambda in_file: history.record_all(_union(waiting, in_file)))
        except OSError as exc:  # the queue file cannot be used: save what is in memory, keep the file
            log.warning("cannot use the pending queue %s: %s", self.queue.path, exc.strerror)
            history.record_all((item.uid, item.event) for item in waiting)
        else:
            self._in_file = False

    def _open(self) -> bool:
        """Open the database anew (after a failed open, or when its file was deleted or replaced)."""
        if self._history is not None:
            log.warning(
                "the history %s was deleted or replaced while hipbreak ran; opening it anew", self.path
            )
            self._history.close()
            self._history = None
        try:
            self._history = History.open(self.path, busy_timeout=self._busy_timeout)
        except HistoryError as exc:
            self._failed(exc)
            return False
        self._recount = True  # the counts the app holds came from another file, or from none
        return True

    def _failed(self, exc: HistoryError) -> None:
        now = self._now()
        if self.problem is None:
            log.warning("%s; events wait in %s and are retried", exc, self.queue.path)
        else:
            log.info("%s; still waiting", exc)
        self.problem = exc.reason
        self.retry_at = now + self._delay
        self._delay = min(self._delay * 2, LONGEST_DELAY)

    def _keep(self, item: Pending) -> None:
        """Put `item` in the queue file; if that fails too (a full disk), keep it in memory and say so."""
        try:
            self.queue.append(item)
            self._in_file = True
        except OSError as exc:
            self._only_here.add(item.uid)
            log.warning(
                "cannot write the pending queue %s (%s); %d event(s) are kept in memory only",
                self.queue.path,
                exc.strerror,
                len(self._only_here),
            )

    def _due(self) -> bool:
        if self.retry_at is None:
            return True
        now = self._now()
        # A retry time further off than the longest delay means the clock was set back: try now.
        return now >= self.retry_at or self.retry_at - now > LONGEST_DELAY

    # -- reading ---------------------------------------------------------------------------------

    def count(self, kind: str, day: str) -> int:
        """Return how many `kind` events fell on `day`: in the database plus those waiting."""
        waiting = sum(1 for item in self._waiting if item.event.kind == kind and item.event.day == day)
        if self._history is None:
            return waiting
        try:
            return self._history.count(kind, day) + waiting
        except sqlite3.Error as exc:  # locked against readers too: count what is known, recount later
            log.warning("cannot read the history %s: %s", self.path, exc)
            self._recount = True
            return waiting

    def count_local_day(self, kind: str, day: date, zone: tzinfo) -> int:
        """Return how many `kind` events fell on `day` as the clock reads in `zone`: saved plus waiting."""
        waiting = sum(
            1 for item in self._waiting if item.event.kind == kind and on_local_day(item.event, day, zone)
        )
        if self._history is None:
            return waiting
        try:
            return self._history.count_local_day(kind, day, zone) + waiting
        except sqlite3.Error as exc:  # locked against readers too: count what is known, recount later
            log.warning("cannot read the history %s: %s", self.path, exc)
            self._recount = True
            return waiting

    def load_state(self, key: str) -> dict[str, Any] | None:
        """Return the saved state under `key`, or None when there is none or it cannot be read."""
        if self._history is None:
            return None
        try:
            return self._history.load_state(key)
        except sqlite3.Error as exc:
            log.warning("cannot read the history %s: %s", self.path, exc)
            return None

    def knows(self, uid: str) -> bool | None:
        """Whether an event with `uid` is saved or waits to be; None when the database cannot be read."""
        if any(item.uid == uid for item in self._waiting):
            return True
        if self._history is None:
            return None
        try:
            return bool(self._history.saved_uids([uid]))
        except sqlite3.Error as exc:
            log.warning("cannot read the history %s: %s", self.path, exc)
            return None

    def waiting(self, kind: str | None = None, day: str | None = None) -> int:
        """Return how many events (of `kind`, on the local day `day`) wait to be saved."""
        return sum(
            1
            for item in self._waiting
            if (kind is None or item.event.kind == kind) and (day is None or item.event.day == day)
        )

    @property
    def memory_only(self) -> bool:
        """Whether some waiting events are in memory only: lost if the app quits before they are saved."""
        return bool(self._only_here)

    def take_recount(self) -> bool:
        """Return True once after the database was opened anew or could not be read, once it is usable."""
        if not self._recount or self._history is None or self.retry_at is not None:
            return False
        self._recount = False
        return True

    def close(self) -> None:
        """Close the database; what still waits stays in the queue file."""
        if self._history is not None:
            self._history.close()
            self._history = None


def _union(first: list[Pending], second: list[Pending]) -> Iterator[tuple[str, Event]]:
    """(uid, event) of both lists, each id once."""
    seen: set[str] = set()
    for item in (*first, *second):
        if item.uid not in seen:
            seen.add(item.uid)
            yield item.uid, item.event
