"""How the app stops, and stretch outcomes that reach it late: each stretch is recorded exactly once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fakes import ZONE, FakeClock, FakePorts

from hipbreak.adapters.history import History
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.app.state import App
from hipbreak.core import commands as c
from hipbreak.core.settings import ReminderSettings, Settings, StretchSettings

DAY = "2026-11-24"


def _settings() -> Settings:
    return Settings(
        reminders=ReminderSettings(every=timedelta(minutes=45), idle_reset=timedelta(minutes=5)),
        stretch=StretchSettings(hold=timedelta(seconds=1)),
    )


class Running:
    """An App on its own state thread with the given fake ports and a real history."""

    def __init__(self, db: Path, ports: FakePorts | None = None) -> None:
        self.clock = FakeClock()
        self.ports = ports or FakePorts()
        self.db = db
        self.app = App(
            _settings(),
            self.clock,
            self.ports,
            lambda: HistoryKeeper.open(db, self.clock.now),
            lambda: (_settings(), []),
        )
        self.thread = threading.Thread(target=self.app.run, args=(ZONE,), daemon=True)
        self.thread.start()

    def call(self, command: c.Command) -> tuple[bool, str, dict[str, Any]]:
        reply = self.app.call(command)
        return reply.ok, reply.message, reply.data

    def end(self, command: c.Command | None = None) -> None:
        assert self.call(command or c.Quit())[0]
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()

    def start_stretch(self) -> str:
        assert self.call(c.StretchNow())[0]
        assert self.ports.stretch_post is not None and self.ports.stretch_args is not None
        self.ports.stretch_open = True
        self.ports.stretch_post(c.StretchStarted())
        assert self.call(c.Status())[2]["state"] == "stretching"
        return str(self.ports.stretch_args["stretch_id"])


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    app = Running(tmp_path / "history.db")
    yield app
    if app.thread.is_alive():
        app.end()


def rows(db: Path) -> list[tuple[str, dict[str, Any]]]:
    history = History.open(db)
    try:
        return [(event.kind, event.data) for event in history.events(DAY, DAY)]
    finally:
        history.close()


def line(stretch_id: str, event: str = "completed", at: str = f"{DAY}T08:30:00+01:00") -> dict[str, Any]:
    """One line of the outcome file, as a stretch window writes it."""
    details = {"seconds": 61.0} if event == "completed" else {"progress": 0.5, "reason": "escape"}
    return {"event": event, "stretch_id": stretch_id, "at": at, **details}


def test_quit_during_a_stretch_closes_the_window_and_records_the_cancel_it_reports(running: Running) -> None:
    stretch_id = running.start_stretch()
    running.ports.close_answer = {
        "event": "cancelled",
        "progress": 0.25,
        "phase": "Left side hold",
        "reason": "app quit",
        "stretch_id": stretch_id,
    }
    running.end()
    assert running.ports.closed_for == ["app quit"]
    kinds = [kind for kind, _data in rows(running.db)]
    assert kinds == ["app_started", "stretch_started", "stretch_cancelled", "app_stopped"]
    cancelled = rows(running.db)[2][1]
    assert cancelled == {
        "progress": 0.25,
        "phase": "Left side hold",
        "reason": "app quit",
        "stretch_id": stretch_id,
    }


def test_quit_records_a_cancel_even_when_the_window_reports_nothing(running: Running) -> None:
    stretch_id = running.start_stretch()
    running.end()
    assert ("stretch_cancelled", {"reason": "app quit", "stretch_id": stretch_id}) in rows(running.db)


def test_quit_with_no_stretch_records_only_that_the_app_stopped(running: Running) -> None:
    running.end()
    assert rows(running.db) == [("app_started", {}), ("app_stopped", {})]


def test_a_stop_for_a_signal_leaves_the_stretch_to_its_window(running: Running) -> None:
    running.start_stretch()
    running.end(c.Stop("SIGTERM"))
    assert running.ports.closed_for == []  # the window finishes and writes its own outcome
    assert rows(running.db)[-1] == ("app_stopped", {"reason": "SIGTERM"})
    assert not [
        kind for kind, _data in rows(running.db) if kind in ("stretch_completed", "stretch_cancelled")
    ]


def test_an_outcome_left_by_a_window_that_outlived_the_app_counts_once_at_the_next_start(
    tmp_path: Path,
) -> None:
    db = tmp_path / "history.db"
    ports = FakePorts()
    ports.outcome_lines = [line("abc"), line("def", "cancelled")]
    app = Running(db, ports)
    assert app.call(c.Status())[2]["breaks_today"] == 1
    app.end()
    assert ports.outcome_lines == []  # both lines are in the history now
    recorded = [(kind, data) for kind, data in rows(db) if kind.startswith("stretch_")]
    assert recorded == [
        ("stretch_completed", {"seconds": 61.0, "stretch_id": "abc"}),
        ("stretch_cancelled", {"progress": 0.5, "reason": "escape", "stretch_id": "def"}),
    ]
    history = History.open(db)
    completed = next(e for e in history.events(DAY, DAY) if e.kind == "stretch_completed")
    history.close()
    assert completed.at.isoformat() == f"{DAY}T08:30:00+01:00"  # when the window finished, not later
    # The same lines again (as after a crash before the file was cleared): nothing is counted twice.
    ports.outcome_lines = [line("abc"), line("def", "cancelled")]
    again = Running(db, ports)
    assert again.call(c.Status())[2]["breaks_today"] == 1
    again.end()
    assert ports.outcome_lines == []
    assert len([kind for kind, _data in rows(db) if kind == "stretch_completed"]) == 1


def test_the_running_stretchs_line_ends_it_once_even_before_its_pipe_speaks(running: Running) -> None:
    stretch_id = running.start_stretch()
    running.ports.outcome_lines = [line(stretch_id)]
    running.call(c.Tick())
    data = running.call(c.Status())[2]
    assert data["state"] == "running" and data["breaks_today"] == 1
    assert running.ports.stretch_post is not None
    running.ports.stretch_post(
        c.StretchEnded(c.Outcome.COMPLETED, {"seconds": 61.0, "stretch_id": stretch_id})
    )
    assert running.call(c.Status())[2]["breaks_today"] == 1
    running.end()
    assert [kind for kind, _data in rows(running.db)].count("stretch_completed") == 1


def test_a_late_completion_while_running_counts_without_restarting_the_app(running: Running) -> None:
    running.ports.outcome_lines = [line("from-an-earlier-app", at=f"{DAY}T08:59:00+01:00")]
    running.call(c.Tick())
    assert running.call(c.Status())[2]["breaks_today"] == 1
    assert running.ports.views[-1].breaks_line == "Breaks today: 1"


def test_outcome_lines_wait_in_the_file_while_the_history_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    ports = FakePorts()
    ports.outcome_lines = [line("abc")]
    app = Running(blocker / "history.db", ports)
    app.call(c.Tick())
    app.end()
    assert ports.outcome_lines == [line("abc")]
