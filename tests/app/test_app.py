"""The app's wiring: commands from other threads reach the rules, the history and the ports."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fakes import ZONE, FakeClock, FakePorts

from hipbreak.adapters.history import History
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.app.state import App
from hipbreak.core import commands as c
from hipbreak.core.settings import ReminderSettings, Settings, StretchSettings
from hipbreak.core.view import BUBBLE_COMMANDS


def _settings(**reminders: Any) -> Settings:
    values: dict[str, Any] = {"every": timedelta(minutes=45), "idle_reset": timedelta(minutes=5), **reminders}
    return Settings(reminders=ReminderSettings(**values), stretch=StretchSettings(hold=timedelta(seconds=1)))


class Running:
    """An App on its own state thread, with fakes at its ports and a real history in a temp dir."""

    def __init__(
        self,
        db: Path,
        settings: Settings | None = None,
        reloaded: tuple[Settings, list[str]] | None = None,
        ports: FakePorts | None = None,
    ) -> None:
        self.clock = FakeClock()
        self.ports = ports or FakePorts()
        self.db = db
        self.reloaded = reloaded or (settings or _settings(), [])
        self.app = App(
            settings or _settings(),
            self.clock,
            self.ports,
            lambda: HistoryKeeper.open(db, self.clock.now),
            lambda: self.reloaded,
        )
        self.thread = threading.Thread(target=self.app.run, args=(ZONE,), daemon=True)
        self.thread.start()

    def call(self, command: c.Command) -> tuple[bool, str, dict[str, object]]:
        reply = self.app.call(command)
        return reply.ok, reply.message, reply.data

    def quit(self) -> None:
        self.call(c.Quit())
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    app = Running(tmp_path / "history.db")
    yield app
    if app.thread.is_alive():
        app.quit()


def test_status_after_start_shows_the_first_reminder_one_interval_away(running: Running) -> None:
    ok, message, data = running.call(c.Status())
    assert ok
    assert data["breaks_today"] == 0
    assert data["state"] == "running"
    assert data["next_reminder"] == (running.clock.current + timedelta(minutes=45)).isoformat()
    due = running.clock.current + timedelta(minutes=45)
    assert f"Next reminder at {due:%H:%M}." in message
    assert running.ports.views[-1].breaks_line == "Breaks today: 0"


def test_reminder_is_shown_when_the_alarm_fires_at_the_deadline(running: Running) -> None:
    running.clock.advance(minutes=45)
    running.call(c.Tick())
    assert [note[0] for note in running.ports.notes] == ["reminder"]
    _kind, summary, _body, actions = running.ports.notes[0]
    assert summary == "Time to stand up and stretch"
    assert ("default", "Stretch now") in actions
    assert ("snooze", "Snooze 5 min") in actions
    # Every button's key is one the app can turn into a command; none is parsed.
    assert {key for key, _label in actions} <= set(BUBBLE_COMMANDS)
    assert running.ports.views[-1].next_line == "Time to stretch!"
    assert running.ports.wakes[-1] is not None


def test_completed_stretch_counts_at_once_and_survives_a_restart(running: Running) -> None:
    assert running.call(c.StretchNow())[0]
    assert running.ports.stretch_args is not None and running.ports.stretch_args["hold"] == 1.0
    post = running.ports.stretch_post
    assert post is not None
    post(c.StretchStarted())
    post(c.StretchEnded(c.Outcome.COMPLETED, {"seconds": 2.0}))
    _ok, _message, data = running.call(c.Status())
    assert data["breaks_today"] == 1
    assert running.ports.views[-1].breaks_line == "Breaks today: 1"
    running.quit()
    again = Running(running.db)
    try:
        assert again.call(c.Status())[2]["breaks_today"] == 1
    finally:
        again.quit()


def test_a_broken_routine_refuses_the_stretch_with_its_line_and_opens_nothing(running: Running) -> None:
    problem = "/home/me/.config/hipbreak/routines/hip-flexor.toml line 4: phase needs a 'kind' ..."
    running.ports.broken_routines["hip-flexor"] = problem
    ok, message, _data = running.call(c.StretchNow())
    assert not ok and message == problem
    assert running.ports.stretch_args is None
    # A click on the tray or on a bubble gets no answer line: the same words come as a bubble.
    assert running.ports.notes[-1] == ("problem", "The stretch cannot start", problem, ())
    assert running.call(c.Status())[2]["state"] == "running"


def test_cancelled_stretch_is_recorded_but_not_counted(running: Running) -> None:
    running.call(c.StretchNow())
    post = running.ports.stretch_post
    assert post is not None
    post(c.StretchStarted())
    details = {"progress": 0.4, "phase": "Left side hold", "reason": "escape"}
    post(c.StretchEnded(c.Outcome.CANCELLED, details))
    assert running.call(c.Status())[2]["breaks_today"] == 0
    running.quit()
    history = History.open(running.db)
    events = list(history.events("2026-11-24", "2026-11-24"))
    kinds = [event.kind for event in events]
    assert kinds == ["app_started", "stretch_started", "stretch_cancelled", "app_stopped"]
    assert all(events[2].data.get(key) == value for key, value in details.items())
    history.close()


def test_any_details_of_a_finished_stretch_are_recorded(running: Running) -> None:
    running.call(c.StretchNow())
    running.app.post(c.StretchStarted())
    ok, message, _data = running.call(c.StretchEnded(c.Outcome.COMPLETED, {"now": "x", "kind": "y"}))
    assert ok, message
    running.quit()
    history = History.open(running.db)
    try:
        assert history.count("stretch_completed", "2026-11-24") == 1
    finally:
        history.close()


def test_a_stretch_end_without_a_start_records_nothing(running: Running) -> None:
    post = running.app.post
    post(c.StretchEnded(c.Outcome.COMPLETED, {"seconds": 2.0}))
    assert running.call(c.Status())[2]["breaks_today"] == 0


def test_a_second_stretch_now_while_one_is_open_opens_no_other(running: Running) -> None:
    running.ports.stretch_open = True
    ok, message, _data = running.call(c.StretchNow())
    assert ok and message == "The stretch window is already open."
    assert running.ports.stretch_post is None


def test_snooze_from_a_notification_button_defers_by_the_first_choice(tmp_path: Path) -> None:
    running = Running(
        tmp_path / "history.db", _settings(snooze=(timedelta(minutes=10), timedelta(minutes=20)))
    )
    try:
        running.clock.advance(minutes=45)
        running.call(c.Tick())
        _kind, _summary, _body, actions = running.ports.notes[-1]
        assert ("snooze", "Snooze 10 min") in actions
        ok, message, _data = running.call(BUBBLE_COMMANDS["snooze"])
        assert ok and message.startswith("Snoozed for 10 min")
        data = running.call(c.Status())[2]
        assert data["next_reminder"] == (running.clock.current + timedelta(minutes=10)).isoformat()
        assert running.ports.withdrawn >= 1
    finally:
        running.quit()


def test_snooze_with_seconds_defers_by_exactly_that(running: Running) -> None:
    running.clock.advance(minutes=45)
    running.call(c.Tick())
    ok, message, _data = running.call(c.Snooze(300))
    assert ok and message.startswith("Snoozed for 5 min")
    data = running.call(c.Status())[2]
    assert data["next_reminder"] == (running.clock.current + timedelta(minutes=5)).isoformat()
    assert running.ports.withdrawn >= 1


def test_the_bubble_itself_and_its_stretch_button_open_the_stretch(running: Running) -> None:
    assert BUBBLE_COMMANDS["default"] == BUBBLE_COMMANDS["stretch"] == c.StretchNow()
    ok, message, _data = running.call(BUBBLE_COMMANDS["default"])
    assert ok and message == "Stretch window opened."
    assert running.ports.stretch_post is not None


def test_pause_and_resume_change_the_menu(running: Running) -> None:
    ok, message, data = running.call(c.Pause(1800))
    assert ok and message.startswith("Paused until")
    assert data["paused_until"] == (running.clock.current + timedelta(minutes=30)).isoformat()
    view = running.ports.views[-1]
    assert view.paused and view.next_line.startswith("Paused until ")
    ok, message, _data = running.call(c.Resume())
    assert ok and not running.ports.views[-1].paused


def test_pause_without_seconds_lasts_until_the_next_day_starts(running: Running) -> None:
    ok, _message, data = running.call(c.Pause())
    assert ok
    assert running.app.reminders is not None
    expected = running.app.reminders.next_day_start(running.clock.current)
    assert data["paused_until"] == expected.isoformat()
    assert expected.date() > running.clock.current.date()


@pytest.mark.parametrize("pause", [c.Pause(1800), c.Pause()])
def test_pause_and_status_say_the_same_about_the_pause(running: Running, pause: c.Pause) -> None:
    ok, paused, _data = running.call(pause)
    assert ok and paused.startswith("Paused until ") and paused.endswith(".")
    ok, status, _data = running.call(c.Status())
    assert ok and status == f"Breaks today: 0. {paused}"


def test_refused_command_answers_with_the_reason(running: Running) -> None:
    ok, message, _data = running.call(c.Resume())
    assert not ok
    assert message == "reminders are not paused"


@dataclass(frozen=True)
class Dance(c.Command):
    """A command the app has no handler for."""

    name: ClassVar[str] = "dance"


def test_unknown_command_is_answered_and_the_app_keeps_serving(running: Running) -> None:
    ok, message, _data = running.call(Dance())
    assert not ok and "unknown command" in message and "dance" in message
    assert running.call(c.Status())[0]


def test_every_user_command_has_a_handler(running: Running) -> None:
    for kind in c.USER_COMMANDS:
        command = kind()
        if isinstance(command, c.Quit):
            continue
        ok, message, _data = running.call(command)
        assert ok or "unknown command" not in message, (command, message)
    running.quit()  # and Quit is the last


def test_open_window_opens_that_window_with_the_current_settings(running: Running) -> None:
    for kind in c.WindowKind:
        ok, message, _data = running.call(c.OpenWindow(kind))
        assert ok and kind.value in message
    assert [kind for kind, _settings in running.ports.windows] == list(c.WindowKind)
    assert all(settings is running.app.settings for _kind, settings in running.ports.windows)


def test_autostart_on_off_and_toggle_reach_the_port_and_the_tray(running: Running) -> None:
    ok, message, data = running.call(c.SetAutostart(True))
    assert ok and message.startswith("Start at login: on")
    assert data == {"enabled": True, "location": "/fake/autostart/hipbreak.desktop"}
    assert running.ports.autostart and running.ports.views[-1].autostart_on
    ok, message, data = running.call(c.SetAutostart())  # the tray's checkbox toggles
    assert ok and message.startswith("Start at login: off") and data["enabled"] is False
    assert not running.ports.views[-1].autostart_on
    ok, _message, data = running.call(c.SetAutostart(False))
    assert ok and data["enabled"] is False


def test_an_autostart_failure_is_answered_with_the_reason(running: Running) -> None:
    running.ports.autostart_error = "cannot write ~/.config/autostart/hipbreak.desktop: read-only"
    ok, message, _data = running.call(c.SetAutostart(True))
    assert not ok and message == running.ports.autostart_error
    assert running.call(c.Status())[0]


def test_reload_takes_the_new_settings_and_tells_their_problems(tmp_path: Path) -> None:
    new = _settings(idle_reset=timedelta(seconds=30))
    running = Running(tmp_path / "history.db", reloaded=(new, ["config.toml: reminders.every: bad value"]))
    try:
        ok, message, data = running.call(c.Reload())
        assert ok and message.startswith("Settings reloaded with 1 problem: ")
        assert data == {"errors": ["config.toml: reminders.every: bad value"]}
        assert running.app.settings is new
        assert running.ports.idle_watches == [new]
        assert running.ports.problems[-1] == ["config.toml: reminders.every: bad value"]
        running.reloaded = (new, [])
        assert running.call(c.Reload())[:2] == (True, "Settings reloaded.")
    finally:
        running.quit()


def test_reload_with_a_new_interval_replans_the_next_reminder(tmp_path: Path) -> None:
    running = Running(tmp_path / "history.db")
    try:
        running.clock.advance(minutes=10)
        running.reloaded = (_settings(every=timedelta(minutes=20)), [])
        assert running.call(c.Reload())[0]
        data = running.call(c.Status())[2]
        assert data["next_reminder"] == (running.clock.current + timedelta(minutes=20)).isoformat()
    finally:
        running.quit()


def test_a_long_sleep_is_a_break_and_no_reminder_comes_at_wake(running: Running) -> None:
    running.clock.advance(hours=3)
    running.clock.pending = (3 * 3600.0, 0.0)
    running.call(c.Tick())
    assert running.ports.notes == []
    data = running.call(c.Status())[2]
    assert data["next_reminder"] == (running.clock.current + timedelta(minutes=45)).isoformat()


def test_a_corrupt_history_is_moved_aside_and_the_app_runs(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    db.write_bytes(b"this is not a database" * 100)
    app = Running(db)
    try:
        assert app.call(c.Status())[0]
        assert any("moved to" in problem for problem in app.app.problems)
        # Told as a bubble too: an app started at login has no terminal to print to.
        assert len(app.ports.problems) == 1 and any("moved to" in p for p in app.ports.problems[0])
        assert list(tmp_path.glob("history.db.corrupt-*"))
    finally:
        app.quit()


def test_quit_stops_the_ports_and_answers(running: Running) -> None:
    ok, message, _data = running.call(c.Quit())
    assert ok and message == "hipbreak is quitting."
    running.thread.join(timeout=5)
    assert running.ports.stopped.is_set()
