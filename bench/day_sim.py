"""24 simulated hours through the app's state thread, the reminder rules and a real SQLite history.

A scripted user on a fake clock: asleep until 07:30, at the desk with a lunch and an evening break, and
answering each 45-minute reminder by stretching, snoozing, skipping or ignoring it. Every command goes
through `App.call`, as the alarm, the tray, the notification buttons and the idle watch post them in the
running app (the watch reports each away spell when it reaches idle_reset, and the return). Only the
desktop is faked.
"""

from __future__ import annotations

import heapq
import itertools
import random
import sqlite3
import statistics
import tempfile
import threading
import time as timer
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.app.state import App
from hipbreak.core import commands as c
from hipbreak.core.settings import Settings
from hipbreak.core.view import BUBBLE_COMMANDS, TrayView

ZONE = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 2, 0, 0, tzinfo=ZONE)  # a Monday with no clock change
# (from, to) local times when the user is away from the keyboard.
AWAY = (
    (time(0, 0), time(7, 30)),
    (time(12, 0), time(12, 50)),
    (time(17, 30), time(19, 0)),
    (time(22, 0), None),
)


class SimClock:
    """The simulated time; the driver moves it, the app reads it."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        """Return the simulated time."""
        return self.current

    def changes(self) -> tuple[float, float]:
        """The simulated machine never sleeps and its clock never jumps."""
        return 0.0, 0.0


@dataclass
class SimPorts:
    """The desktop as the app sees it: records requests."""

    clock: SimClock
    wake: datetime | None = None
    reminders: int = 0
    views: int = 0
    stretching: bool = False
    stretch_opened: list[datetime] = field(default_factory=list)

    def show_tray(self, view: TrayView) -> None:
        """Count the tray refreshes."""
        self.views += 1

    def notify(self, kind: str, summary: str, body: str, actions: tuple[tuple[str, str], ...]) -> None:
        """Count the reminders; the driver answers them."""
        if kind == "reminder":
            self.reminders += 1

    def tell_problems(self, problems: list[str]) -> None:
        """A simulated day has no problems to tell."""

    def withdraw_notification(self) -> None:
        """Nothing to withdraw on a simulated desktop."""

    def watch_idle(self, settings: Settings) -> None:
        """The driver plays the idle watch's reports from the script."""

    def wake_at(self, when: datetime | None) -> None:
        """Remember when the app wants its next tick."""
        self.wake = when

    def open_stretch(self, args: dict[str, Any], post: Callable[[c.Command], None]) -> bool:
        """Pretend the stretch window opened; the driver plays its events."""
        self.stretch_opened.append(self.clock.current)
        return True

    def stretch_running(self) -> bool:
        """Whether a simulated stretch is under way."""
        return self.stretching

    def routine_problem(self, name: str) -> str | None:
        """The built-in routine is always there in a simulation."""
        return None

    def close_stretch(self, reason: str) -> dict[str, Any] | None:
        """End the simulated stretch; it leaves no outcome record behind."""
        self.stretching = False
        return None

    def collect_stretch_outcomes(self, take: Callable[[dict[str, Any]], bool]) -> None:
        """No outcome file in a simulation: the driver plays each stretch's end as a command."""

    def open_window(self, kind: c.WindowKind, settings: Settings) -> None:
        """No windows in a simulation."""

    def close_window(self, kind: c.WindowKind) -> None:
        """No windows in a simulation."""

    def window_problem(self) -> str | None:
        """Nothing stops a window in a simulation."""
        return None

    def use_tray_host(self, kind: str) -> bool:
        """The simulated tray is there from the start."""
        return True

    def set_autostart(self, on: bool | None) -> bool:
        """Start at login stays off."""
        return False

    def autostart_enabled(self) -> bool:
        """Start at login stays off."""
        return False

    def autostart_location(self) -> str:
        """There is no login entry in a simulation."""
        return ""

    def hold_interest(self, interested: bool) -> None:
        """No hold signals in a simulation."""

    def gnome_movement_on(self) -> bool | None:
        """No GNOME in a simulation."""
        return None

    def switch_gnome_movement_off(self) -> str | None:
        """No GNOME in a simulation, so nothing to switch off."""
        return None

    def follow_gnome(self, on: bool) -> None:
        """No GNOME breaks to follow in a simulation."""

    def save_gnome_breaks(self, choice: str) -> str | None:
        """No configuration file in a simulation."""
        return None

    def stop(self) -> None:
        """Nothing to close."""


def away_since(moment: datetime) -> datetime | None:
    """Return when the current away spell began, or None while the user is at the desk."""
    local = moment.astimezone(ZONE)
    for begin, end in AWAY:
        if begin <= local.time() and (end is None or local.time() < end):
            return local.replace(hour=begin.hour, minute=begin.minute, second=0, microsecond=0)
    return None


def idle_reports(settings: Settings) -> list[tuple[datetime, c.Command]]:
    """The idle watch's reports over the day: idle once a spell reaches idle_reset, active at its end."""
    limit = settings.reminders.idle_reset
    reports: list[tuple[datetime, c.Command]] = []
    for begin, end in AWAY:
        start = datetime.combine(START.date(), begin, tzinfo=ZONE)
        back = datetime.combine(START.date(), end, tzinfo=ZONE) if end else START + timedelta(days=1)
        if back - start >= limit:  # at the desk the user pauses under a minute: never idle that long
            reports.append((start + limit, c.UserIdle(limit.total_seconds())))
            reports.append((back, c.UserActive()))
    return reports


@dataclass(frozen=True)
class DayResult:
    """One simulated day."""

    seconds: float
    commands: int
    refused: int
    events: dict[str, int]


def simulate_day(folder: Path, seed: int = 1) -> DayResult:
    """Run 24 simulated hours with the history in `folder` and return the wall time it took."""
    rng = random.Random(seed)
    clock = SimClock(START)
    ports = SimPorts(clock)
    path = folder / "history.db"
    settings = Settings()
    app = App(settings, clock, ports, lambda: HistoryKeeper.open(path, clock.now), lambda: (settings, []))
    # Each entry: when, a tie-breaker, the command, and for ticks the wake-up they stand for.
    agenda: list[tuple[datetime, int, c.Command, datetime | None]] = []
    order = itertools.count()

    def plan(at: datetime, command: c.Command, token: datetime | None = None) -> None:
        heapq.heappush(agenda, (at, next(order), command, token))

    end = START + timedelta(hours=24)
    began = timer.perf_counter()
    state = threading.Thread(target=app.run, args=(ZONE,), name="sim-state")
    state.start()
    while not app.running:
        timer.sleep(0.001)
    for at, report in idle_reports(settings):
        plan(at, report)
    commands = refused = 0
    planned_wake: datetime | None = None
    reminders_seen = 0
    while True:
        if ports.wake is not None and ports.wake != planned_wake:
            planned_wake = ports.wake
            plan(planned_wake, c.Tick(), token=planned_wake)
        at, _, command, token = heapq.heappop(agenda)
        if at >= end:
            break
        if token is not None and token != planned_wake:
            continue  # an alarm the app has since moved
        clock.current = max(clock.current, at)
        if isinstance(command, (c.StretchStarted, c.StretchEnded)):
            ports.stretching = isinstance(command, c.StretchStarted)
        reply = app.call(command)
        commands += 1
        refused += not reply.ok  # e.g. a snooze pressed after the user had already stretched
        if ports.reminders > reminders_seen:
            reminders_seen = ports.reminders
            _answer(rng, clock.current, plan)
    app.call(c.Quit())
    state.join(timeout=5)
    seconds = timer.perf_counter() - began
    return DayResult(seconds, commands, refused, _counts(path))


def _answer(rng: random.Random, now: datetime, plan: Callable[..., None]) -> None:
    """Plan the scripted user's answer to a reminder shown at `now`."""
    if away_since(now) is not None:
        return
    roll = rng.random()
    if roll < 0.5:
        started = now + timedelta(seconds=rng.randint(20, 90))
        plan(started, BUBBLE_COMMANDS["stretch"])
        plan(started + timedelta(seconds=1), c.StretchStarted())
        if rng.random() < 0.1:
            done = {"progress": 0.4, "phase": "left", "reason": "closed"}
            plan(started + timedelta(seconds=30), c.StretchEnded(c.Outcome.CANCELLED, done))
        else:
            plan(started + timedelta(seconds=71), c.StretchEnded(c.Outcome.COMPLETED, {"seconds": 70}))
    elif roll < 0.7:
        plan(now + timedelta(seconds=rng.randint(5, 30)), c.Snooze(300))
    elif roll < 0.8:
        plan(now + timedelta(seconds=10), c.Skip())
    # Otherwise the reminder is ignored and the app repeats it.


def _counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT kind, COUNT(*) FROM events GROUP BY kind ORDER BY kind").fetchall())
    finally:
        db.close()


def run(runs: int = 5) -> dict[str, Any]:
    """Simulate the day `runs` times and return the median wall time, the commands and the events."""
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="hipbreak-day-") as folder:
            results.append(simulate_day(Path(folder)))
    return {
        "seconds": statistics.median(result.seconds for result in results),
        "all_seconds": [result.seconds for result in results],
        "commands": results[0].commands,
        "refused": results[0].refused,
        "events": results[0].events,
    }
