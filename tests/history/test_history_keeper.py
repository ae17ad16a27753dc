"""The app's history keeper against real SQLite files: a locked, deleted or full history loses no event."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from desktop import skip_or_fail
from sqlite_locker import Locker

from hipbreak.adapters.history import History
from hipbreak.adapters.history_keeper import LONGEST_DELAY, HistoryKeeper
from hipbreak.adapters.history_queue import Pending, PendingQueue, queue_path
from hipbreak.core.events import Event

ZONE = timezone(timedelta(hours=1))
BREAK = "stretch_completed"
DAY = "2026-11-24"


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.current = datetime(2026, 11, 24, 9, 0, tzinfo=ZONE)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _event(clock: Clock, kind: str = BREAK) -> Event:
    return Event(kind, clock(), {"seconds": 2.0} if kind == BREAK else {})


def _rows(path: Path) -> list[tuple[str | None, str]]:
    """(uid, kind) of every row, read by another connection as another program would."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
        return [(uid, kind) for uid, kind in db.execute("SELECT uid, kind FROM events ORDER BY id")]


def _open(path: Path, clock: Clock) -> HistoryKeeper:
    return HistoryKeeper.open(path, clock, busy_timeout=0.2)


def _created(path: Path) -> Path:
    History.open(path).close()
    return path


def test_a_break_recorded_while_another_program_holds_the_lock_is_saved_once_when_it_lets_go(
    tmp_path: Path, clock: Clock
) -> None:
    path = _created(tmp_path / "history.db")
    keeper = _open(path, clock)
    with Locker(path):
        keeper.record(_event(clock))
        assert keeper.waiting(BREAK) == 1 and keeper.problem == "busy"
        assert keeper.retry_at == clock() + timedelta(seconds=1)
        assert keeper.count(BREAK, DAY) == 1  # counted while it waits
        assert len(PendingQueue(queue_path(path)).read()) == 1  # and on disk
        assert _rows(path) == []
        clock.advance(0.5)
        keeper.record(_event(clock, "reminded"))  # before the retry is due: queued behind the first
        assert keeper.waiting() == 2 and keeper.retry_at == clock() + timedelta(seconds=0.5)
        clock.advance(0.5)
        keeper.retry()  # due, still locked: the delay doubles
        assert keeper.waiting() == 2 and keeper.retry_at == clock() + timedelta(seconds=2)
    clock.advance(1)
    keeper.retry()
    assert keeper.waiting() == 2, "retried before its time"
    clock.advance(1)
    keeper.retry()
    rows = _rows(path)
    assert [kind for _uid, kind in rows] == [BREAK, "reminded"]
    assert len({uid for uid, _kind in rows}) == 2
    assert keeper.waiting() == 0 and keeper.retry_at is None and keeper.problem is None
    assert PendingQueue(queue_path(path)).read() == []
    assert keeper.count(BREAK, DAY) == 1
    keeper.retry()
    keeper.record(_event(clock, "snoozed"))
    assert [kind for _uid, kind in _rows(path)] == [BREAK, "reminded", "snoozed"]
    keeper.close()


def test_the_retry_delay_grows_to_a_minute_and_a_clock_set_back_retries_at_once(
    tmp_path: Path, clock: Clock
) -> None:
    path = _created(tmp_path / "history.db")
    keeper = _open(path, clock)
    with Locker(path):
        keeper.record(_event(clock))
        delays = []
        for _ in range(8):
            assert keeper.retry_at is not None
            delays.append(keeper.retry_at - clock())
            clock.current = keeper.retry_at
            keeper.retry()
        assert [d.total_seconds() for d in delays] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert keeper.retry_at is not None
    clock.advance(-3 * 3600)  # set back three hours: the retry time is now far off
    keeper.retry()
    assert keeper.waiting() == 0 and [kind for _uid, kind in _rows(path)] == [BREAK]
    keeper.close()


def test_a_history_locked_at_start_takes_the_events_once_it_is_free_and_asks_for_a_recount(
    tmp_path: Path, clock: Clock
) -> None:
    path = _created(tmp_path / "history.db")
    earlier = History.open(path)
    earlier.record(Event(BREAK, clock() - timedelta(hours=1)))
    earlier.close()
    with Locker(path, mode="everyone"):
        keeper = _open(path, clock)
        assert keeper.open_error is not None and keeper.open_error.reason == "busy"
        assert keeper.load_state("reminders") is None
        keeper.record(_event(clock, "app_started"))
        keeper.record(_event(clock))
        assert keeper.count(BREAK, DAY) == 1  # the one earlier break is out of reach for now
        assert keeper.take_recount() is False
        clock.advance(1)
        keeper.retry()
        assert keeper.waiting() == 2
    clock.advance(2)
    keeper.retry()
    assert [kind for _uid, kind in _rows(path)] == [BREAK, "app_started", BREAK]
    assert keeper.take_recount() is True and keeper.take_recount() is False
    assert keeper.count(BREAK, DAY) == 2
    keeper.close()


@pytest.mark.parametrize("files", [("history.db",), ("history.db", "history.db-wal", "history.db-shm")])
def test_a_deleted_history_is_begun_again_with_the_next_event(
    tmp_path: Path, clock: Clock, files: tuple[str, ...]
) -> None:
    path = tmp_path / "history.db"
    keeper = _open(path, clock)
    keeper.record(_event(clock))
    assert len(_rows(path)) == 1
    for name in files:
        with contextlib.suppress(FileNotFoundError):
            (tmp_path / name).unlink()
    clock.advance(60)
    keeper.record(_event(clock))
    assert path.exists()
    assert [kind for _uid, kind in _rows(path)] == [BREAK]
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert keeper.take_recount() is True
    assert keeper.count(BREAK, DAY) == 1  # what the history holds now
    keeper.record(_event(clock, "skipped"))
    assert [kind for _uid, kind in _rows(path)] == [BREAK, "skipped"]
    keeper.close()


def test_a_history_deleted_while_another_program_still_has_it_open_takes_the_event_once_it_lets_go(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "history.db"
    keeper = _open(path, clock)
    keeper.record(_event(clock, "app_started"))
    reader = Locker(path, mode="open").hold()  # its -shm mapping outlives the deleted file
    try:
        path.unlink()
        keeper.record(_event(clock))
        # SQLite 3.40 refuses a new file beside another process's -shm of the old one ("disk I/O error").
        assert keeper.waiting(BREAK) == 1 and keeper.problem == "other"
        assert keeper.count(BREAK, DAY) == 1
    finally:
        reader.release()
    clock.advance(1)
    keeper.retry()
    assert keeper.waiting() == 0 and [kind for _uid, kind in _rows(path)] == [BREAK]
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    keeper.close()


def test_events_left_waiting_by_a_crash_are_saved_by_the_next_open_once(tmp_path: Path, clock: Clock) -> None:
    path = _created(tmp_path / "history.db")
    crashed = _open(path, clock)
    with Locker(path):
        crashed.record(_event(clock))
        crashed.record(_event(clock, "reminded"))
    del crashed  # a crash: nothing closed, nothing flushed
    again = _open(path, clock)
    assert again.recovered == 1 and again.waiting() == 0
    assert [kind for _uid, kind in _rows(path)] == [BREAK, "reminded"]
    assert PendingQueue(queue_path(path)).read() == []
    again.close()
    third = _open(path, clock)
    assert len(_rows(path)) == 2 and third.count(BREAK, DAY) == 1
    third.close()


def test_a_crash_between_saving_and_emptying_the_queue_saves_nothing_twice(
    tmp_path: Path, clock: Clock
) -> None:
    path = _created(tmp_path / "history.db")
    queue = PendingQueue(queue_path(path))
    waiting = [Pending.new(_event(clock)), Pending.new(_event(clock, "snoozed"))]
    for item in waiting:
        queue.append(item)
    history = History.open(path)
    history.record_all((item.uid, item.event) for item in waiting)  # saved, then the crash: queue still full
    history.close()
    with Locker(path):  # and the next start finds the history busy: it must not count them twice
        keeper = _open(path, clock)
        assert keeper.count(BREAK, DAY) == 1
        keeper.record(_event(clock))
        assert keeper.count(BREAK, DAY) == 2
    clock.advance(1)
    keeper.retry()
    assert [kind for _uid, kind in _rows(path)] == [BREAK, "snoozed", BREAK]
    assert queue.read() == []
    keeper.close()


def test_when_the_queue_cannot_be_written_events_wait_in_memory_and_are_saved_later(
    tmp_path: Path, clock: Clock
) -> None:
    path = _created(tmp_path / "history.db")
    queue_path(path).mkdir()  # a folder in its place: every write to it fails
    keeper = _open(path, clock)
    with Locker(path):
        keeper.record(_event(clock))
        assert keeper.memory_only and keeper.waiting(BREAK) == 1 and keeper.count(BREAK, DAY) == 1
    queue_path(path).rmdir()
    clock.advance(1)
    keeper.retry()
    assert not keeper.memory_only and keeper.waiting() == 0
    assert [kind for _uid, kind in _rows(path)] == [BREAK]
    keeper.close()


@contextlib.contextmanager
def _small_disk(where: Path) -> Iterator[Path]:
    where.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)], capture_output=True, text=True
    )
    if mount.returncode != 0:
        skip_or_fail(f"cannot mount a tmpfs here (needs root): {mount.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with contextlib.suppress(OSError), open(filler, "wb", buffering=0) as out:
        while True:
            out.write(b"\0" * 4096)
    return filler


def test_a_full_disk_keeps_the_events_in_memory_says_so_and_saves_them_once_there_is_room(
    tmp_path: Path, clock: Clock
) -> None:
    with _small_disk(tmp_path / "disk") as disk:
        path = disk / "history.db"
        keeper = _open(path, clock)
        keeper.record(_event(clock, "app_started"))
        filler = _fill(disk)
        recorded = 1
        while not keeper.waiting() and recorded < 400:  # SQLite may still fit a few rows in its pages
            keeper.record(_event(clock))
            recorded += 1
        assert keeper.waiting() >= 1 and keeper.problem == "full" and keeper.memory_only
        keeper.record(_event(clock))
        recorded += 1
        assert keeper.count(BREAK, DAY) == recorded - 1
        os.unlink(filler)
        clock.advance(LONGEST_DELAY.total_seconds())
        keeper.retry()
        assert keeper.waiting() == 0 and not keeper.memory_only
        rows = _rows(path)
        assert len(rows) == recorded and len({uid for uid, _kind in rows}) == recorded
        keeper.close()
