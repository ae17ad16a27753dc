"""The idle watch's reports reach the rules as the app's own commands, and nothing polls in between."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from test_app import Running, _settings

from hipbreak.adapters.history import History
from hipbreak.adapters.idle.watch_base import IdleWatch, OnActive, OnIdle
from hipbreak.adapters.idle.watching import IdleWatching
from hipbreak.core import commands as c


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    app = Running(tmp_path / "history.db")
    yield app
    if app.thread.is_alive():
        app.quit()


def away_rows(db: Path) -> list[dict[str, Any]]:
    history = History.open(db)
    try:
        day = "2026-11-24"
        return [event.data for event in history.events(day, day) if event.kind == "away"]
    finally:
        history.close()


def test_idle_then_active_is_one_break_and_the_interval_restarts_at_the_return(tmp_path: Path) -> None:
    app = Running(tmp_path / "history.db")
    try:
        start = app.clock.current
        app.clock.advance(minutes=20)
        app.call(c.UserIdle(300))  # the watch fired: no input since 09:15
        ok, _message, data = app.call(c.Status())
        assert ok and data["state"] == "away"
        assert app.ports.views[-1].next_line == "Away: this counts as a break"
        app.clock.advance(minutes=40)  # past the 09:45 deadline, still away
        app.call(c.Tick())
        assert app.ports.notes == []
        app.call(c.UserActive())
        back = app.clock.current
        data = app.call(c.Status())[2]
        assert data["state"] == "running"
        assert data["next_reminder"] == (back + timedelta(minutes=45)).isoformat()
        assert app.ports.views[-1].next_line == f"Next reminder at {back + timedelta(minutes=45):%H:%M}"
        app.call(c.UserActive())  # a second report of the same return changes nothing
    finally:
        app.quit()
    [away] = away_rows(tmp_path / "history.db")
    assert away["start"] == (start + timedelta(minutes=15)).isoformat()
    assert away["end"] == back.isoformat() and away["sleep"] is False


def test_an_idle_report_below_the_threshold_is_not_a_break(running: Running) -> None:
    started = running.clock.current
    running.call(c.UserIdle(60))  # idle before the app started does not count: an away spell from 09:00
    assert running.ports.wakes[-1] == started + timedelta(minutes=5)
    running.clock.advance(minutes=10)
    running.call(c.UserActive())
    running.call(c.UserIdle(60))  # reported early (a restarted watch): the rules wait for the rest
    assert running.call(c.Status())[2]["state"] == "running"
    assert running.ports.wakes[-1] == running.clock.current + timedelta(minutes=4)
    running.clock.advance(minutes=4)
    running.call(c.Tick())
    assert running.call(c.Status())[2]["state"] == "away"


def test_a_tick_does_not_ask_for_the_idle_time(running: Running) -> None:
    # The fake ports have no idle_seconds at all: only the watch's commands tell the rules about presence.
    assert not hasattr(running.ports, "idle_seconds")
    running.clock.advance(minutes=45)
    running.call(c.Tick())
    assert [kind for kind, *_rest in running.ports.notes] == ["reminder"]


def test_the_idle_commands_are_not_accepted_from_the_wire() -> None:
    for kind in (c.UserIdle, c.UserActive, c.Tick):
        assert kind not in c.USER_COMMANDS and kind.name not in c.BY_NAME
        with pytest.raises(c.CommandError):
            c.from_wire({"command": kind.name})


def test_reload_hands_the_new_idle_reset_to_the_watch(tmp_path: Path) -> None:
    new = _settings(idle_reset=timedelta(minutes=10))
    app = Running(tmp_path / "history.db", reloaded=(new, []))
    try:
        assert app.call(c.Reload())[0]
        assert app.ports.idle_watches == [new]
    finally:
        app.quit()


class FakeWatch:
    """An idle watch the test fires by hand; records how it was started and closed."""

    name = "fake"

    def __init__(self, idle_now: float | None = 0.0) -> None:
        self.idle_now = idle_now
        self.threshold: float | None = None
        self.on_idle: OnIdle | None = None
        self.on_active: OnActive | None = None
        self.closed = False

    def start(self, threshold_seconds: float, on_idle: OnIdle, on_active: OnActive) -> None:
        self.threshold, self.on_idle, self.on_active = threshold_seconds, on_idle, on_active

    def idle_seconds(self) -> float | None:
        return self.idle_now

    def describe(self) -> str:
        return "fake: fired by the test"

    def close(self) -> None:
        self.closed = True


class Posted:
    """Collects what the watching posts, as the app's post() would receive it."""

    def __init__(self) -> None:
        self.commands: list[c.Command] = []

    def watching(self, watches: list[FakeWatch]) -> IdleWatching:
        opened = iter(watches)

        def open_watch() -> tuple[IdleWatch, list[str]]:
            return next(opened), ["xsync: not this time"]

        return IdleWatching(
            open_watch,
            on_idle=lambda seconds: self.commands.append(c.UserIdle(seconds)),
            on_active=lambda: self.commands.append(c.UserActive()),
        )


def test_the_watch_reports_become_user_idle_and_user_active_commands() -> None:
    posted, watch = Posted(), FakeWatch()
    watching = posted.watching([watch])
    watching.watch(300.0)
    assert watch.threshold == 300.0 and watching.notes == ["xsync: not this time"]
    assert watch.on_idle is not None and watch.on_active is not None
    watch.on_idle(301.5)
    watch.on_active()
    assert posted.commands == [c.UserIdle(301.5), c.UserActive()]
    watching.watch(300.0)  # unchanged: the same watch keeps running
    assert not watch.closed
    watching.close()
    assert watch.closed


def test_a_new_threshold_starts_a_new_watch_and_a_stale_idle_report_is_withdrawn() -> None:
    posted, first, second = Posted(), FakeWatch(), FakeWatch(idle_now=20.0)
    watching = posted.watching([first, second])
    watching.watch(300.0)
    assert first.on_idle is not None
    first.on_idle(300.0)
    watching.watch(600.0)
    assert first.closed and second.threshold == 600.0
    # The first watch said idle; the new one finds input 20 s ago and would never say "active" itself.
    assert posted.commands == [c.UserIdle(300.0), c.UserActive()]


def test_turning_idle_reset_off_stops_the_watch() -> None:
    posted, watch = Posted(), FakeWatch()
    watching = posted.watching([watch])
    watching.watch(300.0)
    watching.watch(0.0)
    assert watch.closed and watching.watch_in_use.name == "none"
    assert posted.commands == []
