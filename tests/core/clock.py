"""A hand-driven clock for the core's tests: real time, a wall clock that may jump, and the last input."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def real_gap(later: datetime, earlier: datetime) -> timedelta:
    """Return the time between two aware datetimes, exact even when they share a DST zone."""
    # Subtracting two datetimes with the same ZoneInfo gives the wall-clock difference, not real time.
    return later.astimezone(timezone.utc) - earlier.astimezone(timezone.utc)


class FakeClock:
    """Real time that moves only when told, a wall clock `offset` ahead of it, and when input last came."""

    def __init__(self, start: datetime, zone: tzinfo = BERLIN) -> None:
        self.zone = zone
        self.real = start.astimezone(timezone.utc)  # the true instant; never jumps
        self.offset = timedelta(0)  # how far the wall clock is ahead of real time
        self.last_input = self.real

    def now(self) -> datetime:
        """Return the wall clock's time in the user's zone, as the app's SystemClock does."""
        return (self.real + self.offset).astimezone(self.zone)

    def advance(self, length: timedelta) -> datetime:
        """Let `length` of real time pass (the wall clock moves with it) and return the new wall time."""
        self.real += length
        return self.now()

    def jump(self, delta: timedelta) -> datetime:
        """Move the wall clock by `delta` without time passing and return the new wall time."""
        self.offset += delta
        return self.now()

    def touch(self) -> None:
        """The user pressed a key or moved the mouse just now."""
        self.last_input = self.real

    def idle(self) -> timedelta:
        """Return how long the user has been idle; idle time runs on real time, not the wall clock."""
        return self.real - self.last_input

    def real_of(self, wall: datetime) -> datetime:
        """Return the real instant at which the wall clock (as it now runs) shows `wall`."""
        return wall.astimezone(timezone.utc) - self.offset
