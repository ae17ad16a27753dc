"""The app's wiring of holds: HoldChanged reaches the rules, the tray, the status record and the bubble."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from test_app import Running

from hipbreak.adapters.history import History
from hipbreak.core import commands as c
from hipbreak.core.holds import HoldReason

CALL = c.HoldChanged(HoldReason.CALL, True, "pipewire-microphone")
CALL_OVER = c.HoldChanged(HoldReason.CALL, False, "pipewire-microphone")


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    app = Running(tmp_path / "history.db")
    yield app
    if app.thread.is_alive():
        app.quit()


def kinds(running: Running) -> list[str]:
    history = History.open(running.db)
    try:
        return [event.kind for event in history.events("2026-11-24", "2026-11-25")]
    finally:
        history.close()


def test_a_call_holds_the_reminder_and_it_comes_late_with_its_buttons(running: Running) -> None:
    running.clock.advance(minutes=20)
    assert running.call(CALL)[0]
    ok, message, data = running.call(c.Status())
    assert ok and message == "Breaks today: 0. Reminders are held while you are in a call."
    assert data["hold"] == {"reason": "call", "since": running.clock.current.isoformat()}
    assert running.ports.views[-1].next_line == "Held: in a call"
    assert running.ports.views[-1].title.endswith("held: in a call")

    running.clock.advance(minutes=25)  # due now, but held
    running.call(c.Tick())
    assert running.ports.notes == []
    assert running.ports.wakes[-1] == running.clock.current + timedelta(hours=2)  # the cap, not a spin

    running.clock.advance(minutes=40)
    running.call(CALL_OVER)
    assert running.call(c.Status())[2]["hold"] is None
    assert running.ports.wakes[-1] == running.clock.current + timedelta(minutes=1)  # the grace
    running.clock.advance(minutes=1)
    running.call(c.Tick())
    [(kind, summary, body, actions)] = running.ports.notes
    assert kind == "reminder" and summary == "Time to stand up and stretch"
    assert body.startswith("Your call is over — you have sat for 1 h 26 min.")
    assert ("snooze", "Snooze 5 min") in actions and ("default", "Stretch now") in actions
    running.quit()
    assert [k for k in kinds(running) if k in ("held", "hold_ended", "reminded")] == [
        "held",
        "hold_ended",
        "reminded",
    ]


def test_after_the_cap_one_quiet_reminder(running: Running) -> None:
    running.call(CALL)
    running.clock.advance(minutes=45)
    running.call(c.Tick())
    running.clock.advance(hours=2)
    running.call(c.Tick())
    [(kind, _summary, body, actions)] = running.ports.notes
    assert kind == "quiet"
    assert body.startswith("This reminder waited 2 h for you — you have sat for 2 h 45 min.")
    assert actions  # still Stretch now and Snooze


def test_polling_signals_look_only_while_a_reminder_is_near_or_held(running: Running) -> None:
    start = running.clock.current
    running.call(c.Status())
    assert running.ports.interest[-1] is False
    assert running.ports.wakes[-1] == start + timedelta(minutes=44)  # wake to start looking a minute ahead
    running.clock.advance(minutes=44)
    running.call(c.Tick())
    assert running.ports.interest[-1] is True
    running.clock.advance(minutes=1)
    running.call(c.Tick())  # reminded: the next one is 45 min away
    assert running.ports.interest[-1] is False
    running.call(CALL)
    running.clock.advance(minutes=45)
    running.call(c.Tick())  # held: keep looking, to see the call end
    assert running.ports.interest[-1] is True
    running.call(c.Pause(3600))
    assert running.ports.interest[-1] is False  # paused: nothing comes, nothing to look for
