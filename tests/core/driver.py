"""The app's loop in miniature: it ticks at next_wake and on the heartbeat, and logs events in real time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from hipbreak.core.events import Event
from hipbreak.core.reminders import Reminders, ReminderState
from hipbreak.core.settings import ReminderSettings

from .clock import BERLIN, FakeClock, real_gap

MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Logged:
    """One event the core returned, the real instant it came, and what produced it."""

    event: Event
    real: datetime
    source: str  # "tick", "begin", "slept", "clock_jumped" or the command's name
    idle: timedelta | None = None  # the idle time the tick was given


class Driver:
    """Drives `Reminders` the way the app does, with a FakeClock and a user who is present or away."""

    def __init__(
        self,
        settings: ReminderSettings,
        start: datetime,
        zone: tzinfo = BERLIN,
        state: ReminderState | None = None,
        in_utc: bool = False,
    ) -> None:
        self.settings = settings
        self.clock = FakeClock(start, zone)
        self.in_utc = in_utc  # hand the core UTC times instead of local ones (both are aware)
        self.core = Reminders(settings, zone, state)
        self.log: list[Logged] = []
        self.ticks: list[tuple[datetime, datetime]] = []  # (real, wall) of every tick
        self.sleeps: list[tuple[datetime, datetime]] = []  # (real start, real end) of every sleep
        self.present = True
        self._back_at: datetime | None = None  # the user returned here and has not touched anything since
        self.just_ticked = False  # the last call into the core was a tick, at the current instant
        self._take("begin", self.core.begin(self.now()))

    @property
    def heartbeat(self) -> timedelta:
        """How often the app ticks besides next_wake: min(60 s, idle_reset / 2)."""
        reset = self.settings.idle_reset
        return min(timedelta(seconds=60), reset / 2) if reset else timedelta(seconds=60)

    def now(self) -> datetime:
        """Return the wall clock's time as the core is handed it: local, or UTC when `in_utc`."""
        now = self.clock.now()
        return now.astimezone(timezone.utc) if self.in_utc else now

    def _take(self, source: str, events: list[Event], idle: timedelta | None = None) -> list[Event]:
        self.just_ticked = source == "tick"
        self.log.extend(Logged(event, self.clock.real, source, idle) for event in events)
        return events

    def tick(self) -> list[Event]:
        """Tick now with the idle time the OS would report."""
        if self.present and self._back_at is None:
            self.clock.touch()
        self._back_at = None
        idle = self.clock.idle()
        self.ticks.append((self.clock.real, self.now()))
        events = self._take("tick", self.core.tick(self.now(), idle), idle)
        self.just_ticked = True
        return events

    def run(self, length: timedelta) -> list[Event]:
        """Let `length` of real time pass, ticking whenever next_wake or the heartbeat comes."""
        first = len(self.log)
        end = self.clock.real + length
        while True:
            now = self.now()
            wake = self.core.next_wake(now)
            assert wake is None or real_gap(wake, now) >= timedelta(0), f"next_wake {wake} is before {now}"
            step = self.heartbeat if wake is None else min(self.heartbeat, real_gap(wake, now))
            if step == timedelta(0):
                # A tick consumes whatever is due; asking again at once would spin the app's loop.
                assert not self.just_ticked, f"next_wake keeps answering now ({now})"
            if self.clock.real + step > end:
                if end > self.clock.real:
                    self.clock.advance(end - self.clock.real)
                    self.just_ticked = False
                break
            self.clock.advance(step)
            self.tick()
        return [item.event for item in self.log[first:]]

    def run_until(self, wall: datetime) -> list[Event]:
        """Run until the wall clock shows `wall`."""
        return self.run(real_gap(wall, self.now()))

    def away(self, length: timedelta) -> list[Event]:
        """The user leaves for `length` (the app keeps ticking) and comes back at its end."""
        self.present = False
        events = self.run(length)
        self.present = True
        self.clock.touch()
        self._back_at = self.clock.real
        return events

    def do(self, command: str, *args: Any) -> list[Event]:
        """Carry out a user command at the wall clock's time; the user is at the computer."""
        self.clock.touch()
        self._back_at = None
        return self._take(command, getattr(self.core, command)(self.now(), *args))

    def sleep(self, length: timedelta) -> list[Event]:
        """The machine sleeps for `length`; on waking the app reports it, then ticks (the user is back)."""
        self.sleeps.append((self.clock.real, self.clock.real + length))
        self.clock.advance(length)
        self.clock.touch()
        events = self._take("slept", self.core.slept(self.now(), length))
        return events + self.tick()

    def jump(self, delta: timedelta) -> list[Event]:
        """The wall clock moves by `delta`; the app reports it, then ticks."""
        self.clock.jump(delta)
        events = self._take("clock_jumped", self.core.clock_jumped(self.now(), delta))
        return events + self.tick()

    def reload(self) -> None:
        """Swap the core for one rebuilt from its state sent through JSON (nothing else happens)."""
        saved = json.dumps(self.core.state.to_dict())
        self.core = Reminders(self.settings, self.clock.zone, ReminderState.from_dict(json.loads(saved)))
        self.just_ticked = False

    def restart(self) -> list[Event]:
        """The user quits and starts the app again: the state goes through JSON, then begin() runs."""
        self.clock.touch()  # begin() takes the start as input: idle from before it does not count
        self._back_at = None
        self.reload()
        return self._take("begin", self.core.begin(self.now()))

    def kinds(self, since: int = 0) -> list[str]:
        """Return the kinds of the logged events (from index `since`), in order."""
        return [item.event.kind for item in self.log[since:]]

    def walls(self, kind: str) -> list[str]:
        """Return the local wall times ("HH:MM" or "HH:MM:SS") at which events of `kind` came."""
        return [_clock_text(item.event.at) for item in self.log if item.event.kind == kind]

    def reals(self, kind: str) -> list[datetime]:
        """Return the real instants at which events of `kind` came."""
        return [item.real for item in self.log if item.event.kind == kind]

    def events(self, kind: str) -> list[Event]:
        """Return the logged events of `kind`."""
        return [item.event for item in self.log if item.event.kind == kind]


def _clock_text(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
