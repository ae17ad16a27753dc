"""The app's wiring: commands from other threads reach the rules, the history and the ports."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fakes import ZONE, FakeClock, FakePorts

from hipbreak.adapters.history import History
from hipbreak.app.state import App
from hipbreak.core.settings import ReminderSettings, Settings, StretchSettings


def _settings() -> Settings:
    return Settings(
        reminders=ReminderSettings(every=timedelta(minutes=45), idle_reset=timedelta(minutes=5)),
        stretch=StretchSettings(hold=timedelta(seconds=1)),
    )


class Running:
    """An App on its own state thread, with fakes at its ports and a real history in a temp dir."""

    def __init__(self, db: Path, settings: Settings | None = None) -> None:
        self.clock = FakeClock()
        self.ports = FakePorts()
        self.db = db
        self.app = App(
            settings or _settings(),
            self.clock,
            self.ports,
            lambda: History.open(db),
            lambda: (settings or _settings(), []),
        )
        self.thread = threading.Thread(target=self.app.run, args=(ZONE,), daemon=True)
        self.thread.start()

    def call(self, name: str, **args: object) -> tuple[bool, str, dict[str, object]]:
        reply = self.app.call(name, dict(args))
        return reply.ok, reply.message, reply.data

    def quit(self) -> None:
        self.call("quit")
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    app = Running(tmp_path / "history.db")
    yield app
    if app.thread.is_alive():
        app.quit()


def test_status_after_start_shows_the_first_reminder_one_interval_away(running: Running) -> None:
    ok, message, data = running.call("status")
    assert ok
    assert data["breaks_today"] == 0
    assert data["state"] == "running"
    assert data["next_reminder"] == (running.clock.current + timedelta(minutes=45)).isoformat()
    assert "Next reminder in 45 min" in message
    assert running.ports.views[-1].breaks_line == "Breaks today: 0"


def test_reminder_is_shown_when_the_alarm_fires_at_the_deadline(running: Running) -> None:
    running.clock.advance(minutes=45)
    running.call("tick")
    assert [note[0] for note in running.ports.notes] == ["reminder"]
    _kind, summary, _body, actions = running.ports.notes[0]
    assert summary == "Time to stand up and stretch"
    assert ("default", "Stretch now") in actions
    assert running.ports.views[-1].next_line == "Time to stretch!"
    assert running.ports.wakes[-1] is not None


def test_completed_stretch_counts_at_once_and_survives_a_restart(running: Running) -> None:
    assert running.call("stretch")[0]
    assert running.ports.stretch_args is not None and running.ports.stretch_args["hold"] == 1.0
    callback = running.ports.stretch_callback
    assert callback is not None
    callback({"event": "started"})
    callback({"event": "completed", "seconds": 2.0})
    _ok, _message, data = running.call("status")
    assert data["breaks_today"] == 1
    assert running.ports.views[-1].breaks_line == "Breaks today: 1"
    running.quit()
    again = Running(running.db)
    try:
        assert again.call("status")[2]["breaks_today"] == 1
    finally:
        again.quit()


def test_a_broken_routine_refuses_the_stretch_with_its_line_and_opens_nothing(running: Running) -> None:
    problem = "/home/me/.config/hipbreak/routines/hip-flexor.toml line 4: phase needs a 'kind' ..."
    running.ports.broken_routines["hip-flexor"] = problem
    ok, message, _data = running.call("stretch")
    assert not ok and message == problem
    assert running.ports.stretch_args is None
    # A click on the tray or on a bubble gets no answer line: the same words come as a bubble.
    assert running.ports.notes[-1] == ("problem", "The stretch cannot start", problem, ())
    assert running.call("status")[2]["state"] == "running"


def test_cancelled_stretch_is_recorded_but_not_counted(running: Running) -> None:
    running.call("stretch")
    callback = running.ports.stretch_callback
    assert callback is not None
    callback({"event": "started"})
    callback({"event": "cancelled", "progress": 0.4, "phase": "Left side hold", "reason": "escape"})
    assert running.call("status")[2]["breaks_today"] == 0
    running.quit()
    history = History.open(running.db)
    kinds = [event.kind for event in history.events("2026-11-24", "2026-11-24")]
    assert kinds == ["app_started", "stretch_started", "stretch_cancelled", "app_stopped"]
    history.close()


def test_snooze_from_a_notification_button_defers_by_its_length(running: Running) -> None:
    running.clock.advance(minutes=45)
    running.call("tick")
    running.call("action", key="snooze-300")
    data = running.call("status")[2]
    assert data["next_reminder"] == (running.clock.current + timedelta(minutes=5)).isoformat()
    assert running.ports.withdrawn >= 1


def test_pause_and_resume_change_the_menu(running: Running) -> None:
    ok, message, _data = running.call("pause", seconds=1800)
    assert ok and message.startswith("Paused until")
    view = running.ports.views[-1]
    assert view.paused and view.next_line.startswith("Paused until ")
    ok, message, _data = running.call("resume")
    assert ok and not running.ports.views[-1].paused


@pytest.mark.parametrize("args", [{"seconds": 1800}, {"until": "tomorrow"}])
def test_pause_and_status_say_the_same_about_the_pause(running: Running, args: dict[str, object]) -> None:
    ok, paused, _data = running.call("pause", **args)
    assert ok and paused.startswith("Paused until ") and paused.endswith(".")
    ok, status, _data = running.call("status")
    assert ok and status == f"Breaks today: 0. {paused}"


def test_refused_command_answers_with_the_reason(running: Running) -> None:
    ok, message, _data = running.call("resume")
    assert not ok
    assert message == "reminders are not paused"


def test_unknown_command_is_answered_and_the_app_keeps_serving(running: Running) -> None:
    ok, message, _data = running.call("dance")
    assert not ok and "unknown command" in message
    assert running.call("status")[0]


def test_a_long_sleep_is_a_break_and_no_reminder_comes_at_wake(running: Running) -> None:
    running.clock.advance(hours=3)
    running.clock.pending = (3 * 3600.0, 0.0)
    running.call("tick")
    assert running.ports.notes == []
    data = running.call("status")[2]
    assert data["next_reminder"] == (running.clock.current + timedelta(minutes=45)).isoformat()


def test_a_corrupt_history_is_moved_aside_and_the_app_runs(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    db.write_bytes(b"this is not a database" * 100)
    app = Running(db)
    try:
        assert app.call("status")[0]
        assert any("moved to" in problem for problem in app.app.problems)
        assert list(tmp_path.glob("history.db.corrupt-*"))
    finally:
        app.quit()
