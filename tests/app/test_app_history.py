"""The app with a history that is locked, deleted or left waiting: counts stay true, the user is told once."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fakes import ZONE, FakeClock, FakePorts
from sqlite_locker import Locker

from hipbreak.adapters.history import History
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.app.saving_news import SAVED_SUMMARY, WAITING_SUMMARY
from hipbreak.app.state import App
from hipbreak.core import commands as c
from hipbreak.core.events import Event
from hipbreak.core.settings import ReminderSettings, Settings, StretchSettings

SETTINGS = Settings(
    reminders=ReminderSettings(every=timedelta(minutes=45), idle_reset=timedelta(minutes=5)),
    stretch=StretchSettings(hold=timedelta(seconds=1)),
)
BUSY_TEXT = "Your last break is waiting to be saved: the history is busy. hipbreak will keep trying."


class Running:
    """An App on its own state thread, fakes at its ports, a real history in a temp dir (short lock waits)."""

    def __init__(self, db: Path, clock: FakeClock | None = None) -> None:
        self.clock = clock or FakeClock()
        self.ports = FakePorts()
        self.db = db
        self.app = App(
            SETTINGS,
            self.clock,
            self.ports,
            lambda: HistoryKeeper.open(db, self.clock.now, busy_timeout=0.2),
            lambda: (SETTINGS, []),
        )
        self.thread = threading.Thread(target=self.app.run, args=(ZONE,), daemon=True)
        self.thread.start()

    def call(self, command: c.Command) -> dict[str, object]:
        reply = self.app.call(command)
        assert reply.ok, reply.message
        return reply.data

    def status(self) -> dict[str, object]:
        return self.call(c.Status())

    def tick(self) -> None:
        self.call(c.Tick())

    def stretch(self) -> None:
        """Run a stretch to its end, as the stretch window reports it."""
        self.call(c.StretchNow())
        post = self.ports.stretch_post
        assert post is not None
        post(c.StretchStarted())
        post(c.StretchEnded(c.Outcome.COMPLETED, {"seconds": 2.0}))

    def news(self) -> list[tuple[str, str]]:
        """(summary, body) of every notification about the history so far."""
        return [(summary, body) for kind, summary, body, _actions in self.ports.notes if kind == "history"]

    def quit(self) -> None:
        self.call(c.Quit())
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "history.db"
    History.open(path).close()
    return path


@contextlib.contextmanager
def running(db: Path, clock: FakeClock | None = None) -> Iterator[Running]:
    app = Running(db, clock)
    try:
        yield app
    finally:
        if app.thread.is_alive():
            app.quit()


def _breaks_saved(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as raw:
        return int(raw.execute("SELECT COUNT(*) FROM events WHERE kind = 'stretch_completed'").fetchone()[0])


def test_breaks_ended_while_the_history_is_locked_count_at_once_and_the_user_is_told_once(db: Path) -> None:
    with running(db) as app:
        with Locker(db):
            app.stretch()
            status = app.status()
            assert status["breaks_today"] == 1 and status["breaks_pending"] == 1
            assert app.ports.views[-1].breaks_line == "Breaks today: 1"
            assert app.news() == [(WAITING_SUMMARY, BUSY_TEXT)]
            keeper = app.app.history
            assert keeper is not None and keeper.retry_at is not None
            assert app.ports.wakes[-1] == keeper.retry_at  # the app wakes itself to try again
            app.stretch()
            assert app.status()["breaks_today"] == 2
            assert len(app.news()) == 1, "told once, not once per break"
            assert _breaks_saved(db) == 0
        app.clock.advance(seconds=1)
        app.tick()
        assert _breaks_saved(db) == 2
        status = app.status()
        assert status["breaks_today"] == 2 and status["breaks_pending"] == 0
        assert app.news()[1:] == [
            (SAVED_SUMMARY, "Your 2 breaks that were waiting are saved in the history now.")
        ]
        wake = app.ports.wakes[-1]  # no more retries: the next wake-up is the reminder's
        assert wake is not None and wake > app.clock.current + timedelta(minutes=30)
        app.clock.advance(seconds=60)
        app.tick()
        assert len(app.news()) == 2


def test_after_a_restart_with_a_break_still_waiting_the_count_includes_it_and_it_is_saved(db: Path) -> None:
    locker = Locker(db).hold()
    try:
        with running(db) as first:
            first.stretch()
            assert first.status()["breaks_pending"] == 1
        with running(db) as second:  # still locked: the break is read from the queue
            status = second.status()
            assert status["breaks_today"] == 1 and status["breaks_pending"] == 1
            assert second.news() == [(WAITING_SUMMARY, BUSY_TEXT)]
            locker.release()
            second.clock.advance(seconds=1)
            second.tick()
            assert _breaks_saved(db) == 1
            assert second.status()["breaks_today"] == 1
            assert second.news()[-1][0] == SAVED_SUMMARY
    finally:
        locker.release()


def test_a_break_left_waiting_by_the_last_run_is_saved_at_start_and_the_user_told(db: Path) -> None:
    with Locker(db), running(db) as first:
        first.stretch()
    with running(db) as second:
        assert second.status()["breaks_today"] == 1
        assert _breaks_saved(db) == 1
        assert second.news() == [(SAVED_SUMMARY, "Your break that was waiting is saved in the history now.")]


def test_a_history_locked_at_start_is_used_once_free_and_its_breaks_are_counted_again(db: Path) -> None:
    clock = FakeClock()
    earlier = History.open(db)
    earlier.record(Event("stretch_completed", clock.current - timedelta(hours=1)))
    earlier.close()
    with Locker(db, mode="everyone"), running(db, clock) as app:
        status = app.status()
        assert status["breaks_today"] == 0  # out of reach for now; never more than the history holds
        assert any("another program is using it" in problem for problem in app.app.problems)
    with running(db, clock) as again:
        assert again.status()["breaks_today"] == 1
    clock = FakeClock()
    locker = Locker(db, mode="everyone").hold()
    try:
        with running(db, clock) as app:
            assert app.status()["breaks_today"] == 0
            locker.release()
            clock.advance(seconds=1)
            app.tick()
            assert app.status()["breaks_today"] == 1, "counted again once the history opened"
    finally:
        locker.release()


def test_a_history_deleted_while_running_is_begun_again_and_the_count_is_what_it_holds(db: Path) -> None:
    with running(db) as app:
        app.stretch()
        assert app.status()["breaks_today"] == 1
        for name in ("history.db", "history.db-wal", "history.db-shm"):
            with contextlib.suppress(FileNotFoundError):
                (db.parent / name).unlink()
        app.clock.advance(minutes=5)
        app.stretch()
        assert app.status()["breaks_today"] == 1
        assert db.exists() and _breaks_saved(db) == 1
        assert app.news() == []
