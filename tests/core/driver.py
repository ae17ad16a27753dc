"""The app's loop in miniature: it ticks at next_wake, passes on what an idle watch reports, and logs events
in real time."""

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
    source: str  # "tick", "begin", "slept", "clock_jumped", "user_idle", "user_active" or the command's name
    idle: timedelta | None = None  # at a tick: how long the user had really been idle (the watch's truth)


class Driver:
    """Drives `Reminders` the way the app does, with a FakeClock and a user who is present or away.

    The idle watch is modelled as the app has it: it reports `user_idle` the moment the user has been
    idle for idle_reset, and `user_active` at the first input after that. A present user gives input
    all the time; there is no heartbeat.
    """

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
        self.watch_idle = False  # the idle watch's last report was "idle"
        self._back_pending = False  # the user just returned; the watch's report of it is not delivered yet
        self.just_ticked = False  # the last call into the core was a tick, at the current instant
        self._take("begin", self.core.begin(self.now()))

    def now(self) -> datetime:
        """Return the wall clock's time as the core is handed it: local, or UTC when `in_utc`."""
        now = self.clock.now()
        return now.astimezone(timezone.utc) if self.in_utc else now

    def _take(self, source: str, events: list[Event], idle: timedelta | None = None) -> list[Event]:
        self.just_ticked = source == "tick"
        self.log.extend(Logged(event, self.clock.real, source, idle) for event in events)
        return events

    def _input(self) -> None:
        """The user touches the keyboard now; the watch reports it at once if it had reported idle."""
        self.clock.touch()
        self._back_pending = False
        if self.watch_idle:
            self.watch_idle = False
            self._take("user_active", self.core.user_active(self.now()))

    def _deliver_return(self) -> None:
        if self._back_pending:
            self._input()

    def _watch_fires_in(self) -> timedelta | None:
        """Real time until the idle watch reports the user idle, or None when it will not."""
        limit = self.settings.idle_reset
        if not limit or self.present or self.watch_idle:
            return None
        return max(self.clock.last_input + limit - self.clock.real, timedelta(0))

    def _watch_check(self) -> None:
        """Deliver the watch's idle report if the user has just been idle for idle_reset."""
        due = self._watch_fires_in()
        if due is not None and due == timedelta(0):
            self.watch_idle = True
            idle = self.clock.idle()
            self._take("user_idle", self.core.user_idle(self.now(), idle))

    def tick(self) -> list[Event]:
        """Tick now (the alarm fired)."""
        self._deliver_return()
        if self.present:
            self._input()
        idle = self.clock.idle()
        self.ticks.append((self.clock.real, self.now()))
        events = self._take("tick", self.core.tick(self.now()), idle)
        self.just_ticked = True
        return events

    def run(self, length: timedelta) -> list[Event]:
        """Let `length` of real time pass, ticking whenever next_wake comes and reporting idle as it comes."""
        first = len(self.log)
        self._deliver_return()
        end = self.clock.real + length
        while True:
            if self.present:
                self._input()
            self._watch_check()  # before a tick at the same instant: the watch fires at the threshold
            now = self.now()
            wake = self.core.next_wake(now)
            assert wake is not None, "next_wake answers midnight at the latest"
            assert real_gap(wake, now) >= timedelta(0), f"next_wake {wake} is before {now}"
            step = real_gap(wake, now)
            if step == timedelta(0):
                # A tick consumes whatever is due; asking again at once would spin the app's loop.
                assert not self.just_ticked, f"next_wake keeps answering now ({now})"
            fires = self._watch_fires_in()
            if fires is not None and fires <= step:  # at a tie the watch goes first, as the model's rule
                if self.clock.real + fires > end:
                    self._finish(end)
                    break
                self.clock.advance(fires)
                self.just_ticked = False
                continue
            if self.clock.real + step > end:
                self._finish(end)
                break
            self.clock.advance(step)
            self.tick()
        return [item.event for item in self.log[first:]]

    def _finish(self, end: datetime) -> None:
        if end > self.clock.real:
            self.clock.advance(end - self.clock.real)
            self.just_ticked = False
        if self.present:
            self._input()

    def run_until(self, wall: datetime) -> list[Event]:
        """Run until the wall clock shows `wall`."""
        return self.run(real_gap(wall, self.now()))

    def away(self, length: timedelta) -> list[Event]:
        """The user leaves for `length` (the app keeps running) and comes back at its end.

        The watch's report of the return is delivered before the driver's next call into the core, or
        after it when that call is a command (the command came with the same input).
        """
        self.present = False
        events = self.run(length)
        self.present = True
        self.clock.touch()
        self._back_pending = True
        return events

    def do(self, command: str, *args: Any) -> list[Event]:
        """Carry out a user command at the wall clock's time; the user is at the computer."""
        self.clock.touch()
        events = self._take(command, getattr(self.core, command)(self.now(), *args))
        self._input()  # the watch reports the same input after the command
        return events

    def sleep(self, length: timedelta) -> list[Event]:
        """The machine sleeps for `length`; on waking the app reports it, the user is back, then it ticks."""
        self._deliver_return()
        self.sleeps.append((self.clock.real, self.clock.real + length))
        self.clock.advance(length)
        self.clock.touch()
        # The app handles a sleep before the command that revealed it, the watch's report included.
        events = self._take("slept", self.core.slept(self.now(), length))
        self._back_pending = True
        return events + self.tick()

    def jump(self, delta: timedelta) -> list[Event]:
        """The wall clock moves by `delta`; the app reports it, then ticks."""
        self._deliver_return()
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
        self._back_pending = False
        self.watch_idle = False  # a new watch, which has reported nothing yet
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
