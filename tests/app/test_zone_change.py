"""A change of time zone between runs: "today" is the day as the clock reads in the current zone.

Two breaks are taken in Tokyo on the morning of 25 November (00:00 UTC). The user flies to Los Angeles,
where at that instant it was still the afternoon of 24 November. By the recorded day the breaks would
be missing from "today" on the 24th in Los Angeles (though just taken), then counted again on the 25th
(though taken the day before there). Counted by the current zone they belong to the 24th, once.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fakes import FakeClock, FakePorts

from hipbreak.adapters.history import History
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.adapters.history_queue import Pending, WithPending
from hipbreak.app.state import App
from hipbreak.cli.stats_report import load_stats
from hipbreak.core import commands as c
from hipbreak.core.events import Event
from hipbreak.core.settings import Settings

TOKYO = ZoneInfo("Asia/Tokyo")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
BREAK_AT = datetime(2026, 11, 25, 9, 0, tzinfo=TOKYO)  # 00:00 UTC; 24 Nov 16:00 in Los Angeles


@pytest.fixture
def db(tmp_path: Path) -> Path:
    history = History.open(tmp_path / "history.db")
    for minutes in (0, 30):
        history.record(Event("stretch_completed", BREAK_AT + timedelta(minutes=minutes)))
    history.close()
    return tmp_path / "history.db"


def breaks_today_in_app(db: Path, now: datetime) -> int:
    """Start the app at `now` (in now's zone) on the history `db`, ask its status, quit it."""
    zone = now.tzinfo
    clock = FakeClock(now)
    app = App(
        Settings(), clock, FakePorts(), lambda: HistoryKeeper.open(db, clock.now), lambda: (Settings(), [])
    )
    thread = threading.Thread(target=app.run, args=(zone,), daemon=True)
    thread.start()
    try:
        breaks = app.call(c.Status()).data["breaks_today"]
    finally:
        app.call(c.Quit())
        thread.join(timeout=5)
    assert isinstance(breaks, int)
    return breaks


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 25, 12, 0, tzinfo=TOKYO), 2),  # still in Tokyo, the same morning
        (datetime(2026, 11, 24, 17, 0, tzinfo=LOS_ANGELES), 2),  # landed: it is the 24th here
        (datetime(2026, 11, 25, 10, 0, tzinfo=LOS_ANGELES), 0),  # the next day here: none yet
    ],
)
def test_breaks_today_count_by_the_current_zone(db: Path, now: datetime, expected: int) -> None:
    assert breaks_today_in_app(db, now) == expected
    history = History.open(db)
    try:
        assert history.count_local_day("stretch_completed", now.date(), now.tzinfo) == expected
        assert now.tzinfo is not None
        (today,), _streak = load_stats(history, now.date(), 1, 8, zone=now.tzinfo)
    finally:
        history.close()
    assert today.completed == expected  # `hipbreak stats` agrees with "Breaks today"


def test_stats_put_each_break_on_one_day_of_the_current_zone(db: Path) -> None:
    history = History.open(db)
    try:
        days, _ = load_stats(history, date(2026, 11, 26), 4, 8, zone=LOS_ANGELES)
        by_recorded_day, _ = load_stats(history, date(2026, 11, 26), 4, 8)
    finally:
        history.close()
    assert [(d.day.day, d.completed) for d in days] == [(23, 0), (24, 2), (25, 0), (26, 0)]
    assert [(d.day.day, d.completed) for d in by_recorded_day] == [(23, 0), (24, 0), (25, 2), (26, 0)]


def test_breaks_waiting_to_be_saved_count_by_the_current_zone_too() -> None:
    waiting = [Pending.new(Event("stretch_completed", BREAK_AT))]
    view = WithPending(None, waiting)  # the database cannot be opened: the queue alone
    assert view.count_local_day("stretch_completed", date(2026, 11, 24), LOS_ANGELES) == 1
    assert view.count_local_day("stretch_completed", date(2026, 11, 25), LOS_ANGELES) == 0
    assert view.waiting_local_day("stretch_completed", date(2026, 11, 25), TOKYO) == 1
