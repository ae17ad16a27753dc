"""Fixtures of the statistics tests: a generated three-year history, and a private Xvfb display."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from desktop import skip_or_fail
from xserver import running_xvfb

from hipbreak.adapters.history import History
from hipbreak.core.events import Event

BERLIN = ZoneInfo("Europe/Berlin")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "stats"
MIN = timedelta(minutes=1)
Span = tuple[datetime, datetime]


def berlin(day: date, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    """Berlin wall-clock time on `day`."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN, fold=fold)


@dataclass
class GeneratedHistory:
    """A history of three years ending `today`, with the sitting spans the generator built into it."""

    path: Path
    history: History
    today: date
    goal: int
    first: date
    scripted: frozenset[date]  # the hand-checked days, whose numbers the tests spell out
    longest: dict[date, timedelta] = field(default_factory=dict)  # of the random days


class _Writer:
    """Collects events and the sitting spans they imply, as the generator builds simple days."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.longest: dict[date, timedelta] = {}
        self.span_start: datetime | None = None
        self.absent_since: datetime | None = None  # set when the app runs overnight with nobody there

    def add(self, kind: str, at: datetime, **data: object) -> None:
        self.events.append(Event(kind, at, dict(data)))

    def close(self, end: datetime) -> None:
        # Generated spans never cross midnight or a DST change, so wall-clock arithmetic is exact here.
        assert self.span_start is not None and self.span_start.date() == end.date()
        day = end.date()
        self.longest[day] = max(self.longest.get(day, timedelta(0)), end - self.span_start)
        self.span_start = None


def _random_day(w: _Writer, rng: random.Random, day: date, ending: str) -> None:
    """A working day; `ending` is "stop", "crash" (no stop record) or "overnight" (runs into tomorrow)."""
    t = berlin(day, 8) + rng.randrange(90) * MIN
    if w.absent_since is None:
        w.add("app_started", t)
    else:
        # The app ran all night: the day begins with the absence recorded when the user came back.
        w.add("away", t, start=w.absent_since.isoformat(), end=t.isoformat(), sleep=True)
        w.absent_since = None
    w.span_start = t
    # At most 10 rounds of at most 77 minutes from 09:30: the day ends well before midnight.
    for _ in range(rng.randint(6, 10)):
        t += 45 * MIN
        w.add("reminded", t)
        (outcome,) = rng.choices(["snooze", "skip", "cancel", "away", "stretch"], weights=[12, 10, 10, 8, 60])
        if outcome == "snooze":
            w.add("snoozed", t + MIN, seconds=300)
            t += 6 * MIN
            w.add("reminded", t)
        if outcome == "skip":
            w.add("repeated", t + 5 * MIN, count=1)
            w.add("skipped", t + 6 * MIN)
            t += 6 * MIN
        elif outcome == "cancel":
            w.add("stretch_started", t + MIN)
            w.add("stretch_cancelled", t + 2 * MIN, progress=0.5, phase="left", reason="closed")
            t += 2 * MIN
        elif outcome == "away":
            start, t = t + 2 * MIN, t + 32 * MIN
            w.add("away", t, start=start.isoformat(), end=t.isoformat(), sleep=False)
            w.close(start)
            w.span_start = t
        else:  # a stretch, right away or after the snooze
            w.add("stretch_started", t + MIN)
            t += 3 * MIN
            w.add("stretch_completed", t, seconds=70)
            w.close(t)
            w.span_start = t
    if ending == "stop":
        t += rng.randrange(10, 60) * MIN
        w.add("app_stopped", t)
        w.close(t)
    elif ending == "crash":
        w.close(t)  # the run is known only up to its last event
    else:
        w.absent_since = t + rng.randrange(20, 60) * MIN
        w.close(w.absent_since)


def _scripted_days(goal: int, today: date) -> dict[date, Callable[[_Writer], None]]:
    """The hand-checked days; their expected numbers are written out in the tests."""

    def spring_saturday(w: _Writer) -> None:
        d = date(2026, 3, 28)
        w.add("app_started", berlin(d, 21))
        w.add("stretch_completed", berlin(d, 22), seconds=70)

    def spring_sunday(w: _Writer) -> None:  # 02:00 CET becomes 03:00 CEST
        d = date(2026, 3, 29)
        w.add("stretch_completed", berlin(d, 3, 30), seconds=70)
        w.add("reminded", berlin(d, 4, 15))
        w.add("snoozed", berlin(d, 4, 16), seconds=300)
        w.add("reminded", berlin(d, 4, 21))
        w.add("stretch_started", berlin(d, 4, 22))
        w.add("stretch_completed", berlin(d, 4, 24), seconds=70)
        w.add("app_stopped", berlin(d, 5))

    def autumn_sunday(w: _Writer) -> None:  # 03:00 CEST becomes 02:00 CET
        d = date(2026, 10, 25)
        w.add("app_started", berlin(d, 0, 30))
        w.add("stretch_completed", berlin(d, 2, 30, fold=1), seconds=70)
        w.add("skipped", berlin(d, 3))
        back = berlin(d, 4, 40)
        w.add("away", back, start=berlin(d, 3, 10).isoformat(), end=back.isoformat(), sleep=False)
        w.add("stretch_cancelled", berlin(d, 5), progress=0.2, phase="right", reason="closed")
        w.add("app_stopped", berlin(d, 6))

    def crash_wednesday(w: _Writer) -> None:
        d = date(2025, 6, 11)
        w.add("app_started", berlin(d, 8))
        w.add("reminded", berlin(d, 8, 45))
        w.add("stretch_completed", berlin(d, 8, 47), seconds=70)
        w.add("reminded", berlin(d, 9, 32))
        w.add("repeated", berlin(d, 9, 37), count=1)
        w.add("repeated", berlin(d, 9, 42), count=2)
        w.add("app_started", berlin(d, 11))  # no stop before: the app had crashed
        w.add("reminded", berlin(d, 11, 45))
        w.add("skipped", berlin(d, 11, 46))
        w.add("stretch_completed", berlin(d, 12, 30), seconds=70)
        w.add("app_stopped", berlin(d, 13))

    def goal_day(d: date) -> Callable[[_Writer], None]:
        def write(w: _Writer) -> None:
            t = berlin(d, 9)
            w.add("app_started", t)
            for _ in range(goal):
                t += 45 * MIN
                w.add("reminded", t)
                w.add("stretch_completed", t + 2 * MIN, seconds=70)
            w.add("app_stopped", berlin(d, 16))

        return write

    def today_so_far(w: _Writer) -> None:  # the app is still running
        w.add("app_started", berlin(today, 9))
        w.add("stretch_completed", berlin(today, 9, 50), seconds=70)
        w.add("stretch_completed", berlin(today, 10, 40), seconds=70)
        w.add("stretch_cancelled", berlin(today, 11), progress=0.7, phase="right", reason="esc")
        w.add("stretch_completed", berlin(today, 11, 30), seconds=70)
        w.add("reminded", berlin(today, 12, 15))

    days: dict[date, Callable[[_Writer], None]] = {
        date(2026, 3, 28): spring_saturday,
        date(2026, 3, 29): spring_sunday,
        date(2026, 10, 25): autumn_sunday,
        date(2025, 6, 11): crash_wednesday,
        today - timedelta(days=13): lambda w: None,  # a day off ends the streak before it
        today: today_so_far,
    }
    for back in range(1, 13):
        days[today - timedelta(days=back)] = goal_day(today - timedelta(days=back))
    return days


def generate_history(path: Path, today: date, goal: int, seed: int = 20260329) -> GeneratedHistory:
    """Write three years of deterministic random days plus the hand-checked ones into a new history."""
    rng = random.Random(seed)
    scripted = _scripted_days(goal, today)
    first = today - timedelta(days=3 * 365)
    w = _Writer()
    day = first
    while day <= today:
        tomorrow = day + timedelta(days=1)
        if day in scripted:
            scripted[day](w)
        elif w.absent_since is None and day.weekday() >= 5 and rng.random() < 0.7:
            pass  # a weekend day away from the computer
        else:
            roll = rng.random()
            # Before a hand-checked day the app is stopped, so that the day starts clean.
            ending = (
                "stop" if tomorrow in scripted or roll < 0.88 else "crash" if roll < 0.93 else "overnight"
            )
            _random_day(w, rng, day, ending)
        day = tomorrow
    history = History.open(path)
    for event in w.events:
        history.record(event)
    return GeneratedHistory(path, history, today, goal, first, frozenset(scripted), w.longest)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GeneratedHistory]:
    """The three-year history ending Sunday 2026-11-15 with a daily goal of 6, shared by the tests."""
    path = tmp_path_factory.mktemp("history") / "history.db"
    made = generate_history(path, date(2026, 11, 15), goal=6)
    yield made
    made.history.close()


@pytest.fixture(scope="session")
def stats_artifacts() -> Path:
    """Where the tests leave images for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A private Xvfb server; yields its DISPLAY value."""
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        skip_or_fail("needs Xvfb and xdotool")
    with running_xvfb(1280, 800) as server:
        yield server.display
